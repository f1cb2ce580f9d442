"""A live database to the IR: `inspect(conn)` reads the catalogs once and builds a Database.

Everything the language can express is read back; objects an extension owns are left
out (the extension brings them). What the language cannot express is not skipped
silently: each such object is named in `InspectResult.unsupported`. An index a failed
build left invalid is read as it is declared, marked invalid (`invalid_indexes` names
them, for a warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import Connection

from schemac.dialects.postgres.catalog import Catalog, read_catalog
from schemac.dialects.postgres.inspect_objects import (
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
from schemac.dialects.postgres.inspect_tables import read_table
from schemac.ir import model as ir
from schemac.ir.types import TypeRef
from schemac.records import record

__all__ = ["InspectResult", "build_database", "inspect", "invalid_indexes"]


# What a new database's `public` schema has without anyone declaring it.
PUBLIC_COMMENT = "standard public schema"


@record
class InspectResult:
    database: ir.Database
    unsupported: tuple[str, ...]  # one line per object the language cannot express


def _by_name(items: list[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=lambda o: o.name))


def build_database(catalog: Catalog) -> InspectResult:
    """The IR of what ``catalog`` holds."""
    unsupported: list[str] = []
    per_schema: dict[str, dict[str, list[Any]]] = {
        s: {
            k: []
            for k in (
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
        }
        for s in catalog.schemas
    }
    for rel in catalog.relations.values():
        bucket = per_schema.get(rel["schema"])
        if bucket is None:
            continue
        where = f"{rel['schema']}.{rel['name']}"
        kind = rel["kind"]
        if kind in ("r", "p") and not rel["is_partition"]:
            table, problems = read_table(catalog, rel)
            bucket["tables"].append(table)
            unsupported += [f"table {where}: {p}" for p in problems]
        elif kind == "v":
            bucket["views"].append(read_view(catalog, rel))
        elif kind == "m":
            bucket["matviews"].append(read_matview(catalog, rel))
        elif kind == "c":
            composite = read_composite(catalog, rel)
            if composite is None:
                unsupported.append(f"composite type {where} (a field of a type the language lacks)")
            else:
                bucket["composites"].append(composite)
        elif kind == "f":
            unsupported.append(f"foreign table {where}")
    for row in catalog.rows["collations"]:
        collation = read_collation(row)
        if collation is None:
            what = "ICU rules" if row["rules"] is not None else f"provider {row['provider']!r}"
            unsupported.append(f"collation {row['schema']}.{row['name']} ({what})")
        else:
            per_schema[row["schema"]]["collations"].append(collation)
    for row in catalog.rows["enums"]:
        per_schema[row["schema"]]["enums"].append(read_enum(row))
    for row in catalog.rows["domains"]:
        domain = read_domain(catalog, row)
        if domain is None:
            unsupported.append(
                f"domain {row['schema']}.{row['name']}: a base type the language lacks"
            )
        else:
            per_schema[row["schema"]]["domains"].append(domain)
    for row in catalog.sequences.values():
        if row["owner_kind"] != "i":  # identity sequences belong to their column
            per_schema[row["schema"]]["sequences"].append(read_sequence(catalog, row))
    signatures: dict[int, tuple[TypeRef, ...]] = {}
    for row in catalog.rows["functions"]:
        function = read_function(catalog, row)
        if function is None:
            kind = {"a": "aggregate", "w": "window function"}.get(row["kind"])
            what = kind or "function (with a type the language lacks)"
            unsupported.append(f"{what} {row['schema']}.{row['name']}")
            continue
        signatures[row["oid"]] = function.signature
        per_schema[row["schema"]]["functions"].append(function)
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
    for row in catalog.rows["unsupported"]:
        detail = f" ({row['detail']})" if row["detail"] else ""
        name = f"{row['schema']}.{row['name']}" if row["name"] else row["schema"]
        unsupported.append(f"{row['kind']} {name}{detail}")
    database = ir.Database(
        schemas=tuple(schemas),
        extensions=_by_name([read_extension(r) for r in catalog.rows["extensions"]]),
        grants=read_grants(catalog, signatures),
    )
    return InspectResult(database=database, unsupported=tuple(unsupported))


def _partition_indexes(
    partitions: Sequence[ir.Partition],
) -> list[tuple[str, ir.Index]]:
    out = []
    for p in partitions:
        out += [(p.name, i) for i in p.indexes]
        out += _partition_indexes(p.partitions)
    return out


def invalid_indexes(database: ir.Database) -> list[str]:
    """A warning for each invalid index: one a CREATE or REINDEX ... CONCURRENTLY left."""
    out = []
    for s in database.schemas:
        owned: list[tuple[str, ir.Index]] = []
        for t in s.tables:
            owned += [(t.name, i) for i in t.indexes] + _partition_indexes(t.partitions)
        for mv in s.materialized_views:
            owned += [(mv.name, i) for i in mv.indexes]
        for on, i in owned:
            if i.valid:
                continue
            unique = ", and it does not keep values unique" if i.unique else ""
            out.append(
                f"index {s.name}.{i.name} on {s.name}.{on} is invalid: a CREATE INDEX"
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
