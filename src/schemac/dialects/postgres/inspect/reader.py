"""A live database to the IR: `inspect(conn)` reads the catalogs once and builds a Database.

Everything the language can express is read back; objects an extension owns are left
out (the extension brings them). What the language cannot express is not skipped
silently: each such object is an `Unmanaged` record of the database (inspect/unmanaged.py),
named in warnings and left alone by every plan. An index a failed build left invalid is
read as it is declared, marked invalid (`invalid_indexes` names them, for a warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection

from schemac.dialects.postgres.inspect.catalog import Catalog, read_catalog
from schemac.dialects.postgres.inspect.objects import (
    read_collation,
    read_composite,
    read_domain,
    read_enum,
    read_extension,
    read_function,
    read_grants,
    read_matview,
    read_sequence,
    read_view,
)
from schemac.dialects.postgres.inspect.tables import read_table
from schemac.dialects.postgres.inspect.unmanaged import (
    PG_CLASS,
    PG_COLLATION,
    PG_PROC,
    PG_TYPE,
    LeftOut,
)
from schemac.ir import model as ir
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import TypeRef
from schemac.records import record

__all__ = ["InspectResult", "build_database", "inspect", "invalid_indexes"]


# What a new database's `public` schema has without anyone declaring it.
PUBLIC_COMMENT = "standard public schema"


@record
class InspectResult:
    database: ir.Database  # its `unmanaged` names what the language cannot express
    unsupported: tuple[ir.Unmanaged, ...]  # the same, for warnings


def _by_name(items: list[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=lambda o: o.name))


_BUCKETS = (
    "tables",
    "views",
    "matviews",
    "collations",
    "enums",
    "domains",
    "composites",
    "sequences",
    "functions",
)


def _relations(
    catalog: Catalog, per_schema: dict[str, dict[str, list[Any]]], left: LeftOut
) -> dict[int, tuple[str, Any]]:
    """Tables, views, materialized views and composite types; the views by oid."""
    views: dict[int, tuple[str, Any]] = {}
    for rel in catalog.relations.values():
        bucket = per_schema.get(rel["schema"])
        if bucket is None:
            continue
        schema = rel["schema"]
        where = f"{schema}.{rel['name']}"
        kind = rel["kind"]
        if kind in ("r", "p") and not rel["is_partition"]:
            table, problems = read_table(catalog, rel)
            bucket["tables"].append(table)
            within = ir.ObjectPath(kind="table", schema=schema, parent=None, name=rel["name"])
            for problem in problems:
                left.add(f"table {where}: {problem}", schema, within=within)
        elif kind == "v":
            views[rel["oid"]] = ("views", read_view(catalog, rel))
            bucket["views"].append(views[rel["oid"]][1])
        elif kind == "m":
            views[rel["oid"]] = ("matviews", read_matview(catalog, rel))
            bucket["matviews"].append(views[rel["oid"]][1])
        elif kind == "c":
            composite = read_composite(catalog, rel)
            if composite is None:
                what = f"composite type {where} (a field of a type the language lacks)"
                left.add(what, schema, key=(PG_TYPE, rel["type_oid"]))
            else:
                bucket["composites"].append(composite)
        elif kind == "f":
            left.add(f"foreign table {where}", schema, key=(PG_CLASS, rel["oid"]))
    return views


def _types(catalog: Catalog, per_schema: dict[str, dict[str, list[Any]]], left: LeftOut) -> None:
    for row in catalog.rows["collations"]:
        collation = read_collation(row)
        if collation is None:
            what = "ICU rules" if row["rules"] is not None else f"provider {row['provider']!r}"
            where = f"{row['schema']}.{row['name']}"
            left.add(f"collation {where} ({what})", row["schema"], key=(PG_COLLATION, row["oid"]))
        else:
            per_schema[row["schema"]]["collations"].append(collation)
    for row in catalog.rows["enums"]:
        per_schema[row["schema"]]["enums"].append(read_enum(row))
    for row in catalog.rows["domains"]:
        domain = read_domain(catalog, row)
        if domain is None:
            what = f"domain {row['schema']}.{row['name']}: a base type the language lacks"
            left.add(what, row["schema"], key=(PG_TYPE, row["oid"]))
        else:
            per_schema[row["schema"]]["domains"].append(domain)


def _kept(
    catalog: Catalog, schemas: list[ir.Schema]
) -> set[tuple[ir.GrantTargetKind, str, str, tuple[Any, ...]]]:
    """What grants may be on: the objects the model holds (and their schemas).

    An identity column's sequence too: the model has it with its column.
    """
    g = ir.GrantTargetKind
    out: set[tuple[ir.GrantTargetKind, str, str, tuple[Any, ...]]] = {
        (g.SEQUENCE, r["schema"], r["name"], ())
        for r in catalog.sequences.values()
        if r["owner_kind"] == "i"
    }
    for s in schemas:
        name = s.name or ""
        out.add((g.SCHEMA, "", name, ()))
        relations = [t.name for t in s.tables] + [v.name for v in s.views]
        relations += [v.name for v in s.materialized_views]
        for t in s.tables:  # a partition is a table too
            parts = partition_schemas(t.partitions, name)
            out |= {(g.TABLE, own or "", p.name, ()) for p, own in parts}
        out |= {(g.TABLE, name, r, ()) for r in relations}
        out |= {(g.SEQUENCE, name, o.name, ()) for o in s.sequences}
        types = [e.name for e in s.enums] + [d.name for d in s.domains]
        types += [c.name for c in s.composite_types]
        out |= {(g.TYPE, name, t, ()) for t in types}
        for f in s.functions:
            kind = g.PROCEDURE if f.kind is ir.FunctionKind.PROCEDURE else g.FUNCTION
            out.add((kind, name, f.name, f.signature))
    return out


def _grants(
    catalog: Catalog, grants: tuple[ir.Grant, ...], schemas: list[ir.Schema], left: LeftOut
) -> tuple[ir.Grant, ...]:
    """The grants on what the model holds; those on what it leaves out go with it."""
    kept = _kept(catalog, schemas)
    out = []
    for grant in grants:
        target = grant.target
        key = (target.kind, target.name.schema or "", target.name.name, target.signature)
        if target.kind is ir.GrantTargetKind.SCHEMA:
            key = (target.kind, "", target.name.name, ())
        if key in kept:
            out.append(grant)
            continue
        privileges = ", ".join(grant.privileges)
        on = f"{target.kind.value} {target.name}"
        left.add_object(
            ir.Unmanaged(
                what=f"grant of {privileges} on {on} to {grant.grantee}",
                reason="it is on an object not written",
                schema=target.name.schema,
                path=grant.path,
            )
        )
    return tuple(out)


def build_database(catalog: Catalog) -> InspectResult:
    """The IR of what ``catalog`` holds, and what it holds that the language cannot say."""
    left = LeftOut(catalog)
    per_schema: dict[str, dict[str, list[Any]]] = {
        s: {k: [] for k in _BUCKETS} for s in catalog.schemas
    }
    views = _relations(catalog, per_schema, left)
    _types(catalog, per_schema, left)
    for row in catalog.sequences.values():
        if row["owner_kind"] != "i":  # identity sequences belong to their column
            per_schema[row["schema"]]["sequences"].append(read_sequence(catalog, row))
    signatures: dict[int, tuple[TypeRef, ...]] = {}
    for row in catalog.rows["functions"]:
        function = read_function(catalog, row)
        if function is None:
            kind = {"a": "aggregate", "w": "window function"}.get(row["kind"])
            what = kind or "function (with a type the language lacks)"
            left.add(
                f"{what} {row['schema']}.{row['name']}", row["schema"], key=(PG_PROC, row["oid"])
            )
            continue
        signatures[row["oid"]] = function.signature
        per_schema[row["schema"]]["functions"].append(function)
    left.add_rows(catalog.rows["unsupported"])
    # A view that needs what is left out would not load: it is left out too.
    left_views = left.views_to_leave()
    for oid in left_views:
        rel = catalog.relations[oid]
        bucket, view = views[oid]
        per_schema[rel["schema"]][bucket].remove(view)
    comments = {r["name"]: r["comment"] for r in catalog.rows["schemas"]}
    if comments.get("public") == PUBLIC_COMMENT:
        comments["public"] = None
    schemas = []
    for name in catalog.schemas:
        b = per_schema[name]
        schemas.append(
            ir.Schema(
                name=name,
                tables=_by_name(b["tables"]),
                views=_by_name(b["views"]),
                materialized_views=_by_name(b["matviews"]),
                collations=_by_name(b["collations"]),
                enums=_by_name(b["enums"]),
                domains=_by_name(b["domains"]),
                composite_types=_by_name(b["composites"]),
                sequences=_by_name(b["sequences"]),
                functions=tuple(
                    sorted(
                        b["functions"],
                        key=lambda f: (f.name, [(t.schema or "", t.name) for t in f.signature]),
                    )
                ),
                comment=comments.get(name),
            )
        )
    grants = _grants(catalog, read_grants(catalog, signatures), schemas, left)
    database = ir.Database(
        schemas=tuple(schemas),
        extensions=_by_name([read_extension(r) for r in catalog.rows["extensions"]]),
        grants=grants,
        unmanaged=left.records(left_views, {o: views[o][1].query.text for o in left_views}),
    )
    return InspectResult(database=database, unsupported=database.unmanaged)


def _partition_indexes(
    partitions: tuple[ir.Partition, ...], schema: str | None
) -> list[tuple[str | None, str, ir.Index]]:
    """(schema, partition, index) for the partitions' own indexes, each in its schema."""
    return [(own, p.name, i) for p, own in partition_schemas(partitions, schema) for i in p.indexes]


def invalid_indexes(database: ir.Database) -> list[str]:
    """A warning for each invalid index: one a CREATE or REINDEX ... CONCURRENTLY left."""
    out = []
    for s in database.schemas:
        owned: list[tuple[str | None, str, ir.Index]] = []
        for t in s.tables:
            owned += [(s.name, t.name, i) for i in t.indexes]
            owned += _partition_indexes(t.partitions, s.name)
        for mv in s.materialized_views:
            owned += [(s.name, mv.name, i) for i in mv.indexes]
        for schema, on, i in owned:
            if i.valid:
                continue
            unique = ", and it does not keep values unique" if i.unique else ""
            out.append(
                f"index {schema}.{i.name} on {schema}.{on} is invalid: a CREATE INDEX"
                " CONCURRENTLY (or REINDEX CONCURRENTLY) that failed left it; queries do not"
                f" use it{unique}; the next schemac apply drops it and builds it again (or only"
                " drops it, where the files do not declare it)"
            )
    return out


def inspect(
    conn: Connection[Any],
    schemas: Sequence[str] | None = None,
    second: Connection[Any] | None = None,
    *,
    in_transaction: bool = False,
) -> InspectResult:
    """Read ``schemas`` (default: every user schema) of the database ``conn`` is on.

    A ``second`` connection to the same database lets half the catalog queries run at
    the same time (in the same snapshot).
    """
    for c in (conn, second):
        if c is not None and not c.autocommit:
            c.rollback()
            c.autocommit = True
    if in_transaction:
        return build_database(read_catalog(conn, schemas, in_transaction=True))
    return build_database(read_catalog(conn, schemas, second))
