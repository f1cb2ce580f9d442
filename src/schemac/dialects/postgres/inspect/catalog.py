"""The catalogs, read in one snapshot: one query per object kind, rows indexed for lookup.

`read_catalog` runs every query of queries/ inside one read-only, repeatable-read
transaction (so the result is one consistent state). The functions that print
definitions (pg_get_expr, pg_get_viewdef, ...) take ACCESS SHARE locks on what they
print, so an ACCESS EXCLUSIVE lock another session holds makes them wait: the session's
lock_timeout bounds that wait (lockwait.py names what was locked). The inspector builds the
IR from the `Catalog` it returns.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from contextlib import suppress
from functools import cache
from importlib.resources import files
from typing import Any

import psycopg.errors
from psycopg import Connection, sql
from psycopg.rows import dict_row

from schemac.dialects.postgres.lockwait import lock_timeout
from schemac.dialects.postgres.types import parse_builtin, parse_modifiers
from schemac.interrupt import Workers
from schemac.ir.model import ColumnRef, ObjectName, SequenceOptions
from schemac.ir.types import TypeKind, TypeRef

__all__ = ["Catalog", "Row", "read_catalog", "sequence_options"]

Row = dict[str, Any]

_SYSTEM = "pg_catalog"


@cache
def query_text(name: str) -> str:
    return files("schemac.dialects.postgres.queries").joinpath(f"{name}.sql").read_text("utf-8")


def sequence_options(row: Row) -> SequenceOptions:
    """A sequence's settings as the catalog holds them (not yet canonical)."""
    return SequenceOptions(
        start=row["start"],
        increment=row["increment"],
        min_value=row["min_value"],
        max_value=row["max_value"],
        cache=row["cache"],
        cycle=row["cycle"],
    )


# The system catalogs' own oids (fixed in every PostgreSQL release).
_PG_CLASS, _PG_TYPE, _PG_NAMESPACE, _PG_EXTENSION = 1259, 1247, 2615, 3079
_PG_CONSTRAINT, _PG_PROC, _PG_TRIGGER, _PG_POLICY = 2606, 1255, 2620, 3256
_PG_COLLATION = 3456

# Which comment each query's rows get: (catalog, oid column, sub-id column or None).
_COMMENTS = {
    "schemas": (_PG_NAMESPACE, "oid", None),
    "extensions": (_PG_EXTENSION, "oid", None),
    "relations": (_PG_CLASS, "oid", None),
    "columns": (_PG_CLASS, "relation", "position"),
    "collations": (_PG_COLLATION, "oid", None),
    "constraints": (_PG_CONSTRAINT, "oid", None),
    "domains": (_PG_TYPE, "oid", None),
    "enums": (_PG_TYPE, "oid", None),
    "functions": (_PG_PROC, "oid", None),
    "indexes": (_PG_CLASS, "oid", None),
    "policies": (_PG_POLICY, "oid", None),
    "sequences": (_PG_CLASS, "oid", None),
    "triggers": (_PG_TRIGGER, "oid", None),
}


def _attach_comments(rows: dict[str, list[Row]]) -> None:
    comments = {(r["catalog"], r["oid"], r["sub"]): r["comment"] for r in rows["descriptions"]}
    for name, (catalog, oid, sub) in _COMMENTS.items():
        for row in rows.get(name, ()):
            row["comment"] = comments.get((catalog, row[oid], row[sub] if sub else 0))
    for row in rows.get("relations", ()):
        row["type_comment"] = comments.get((_PG_TYPE, row["type_oid"], 0))


class Catalog:
    """Rows of every query, and the lookups the inspector needs."""

    def __init__(self, rows: dict[str, list[Row]], schemas: Sequence[str]) -> None:
        self.schemas = tuple(schemas)
        # The most locks the read held at once (counted with the view definitions').
        self.most_locks = 0
        if "descriptions" in rows:
            _attach_comments(rows)
        self.rows = rows
        self.types: dict[int, Row] = {r["oid"]: r for r in rows["types"]}
        self._type_refs: dict[tuple[int, str | None, int], TypeRef | None] = {}
        self.opclasses: dict[int, Row] = {r["oid"]: r for r in rows["opclasses"]}
        self.collations: dict[int, ObjectName] = {
            r["oid"]: ObjectName(schema=r["schema"], name=r["name"])
            for r in rows["collation_names"]
        }
        self.relations: dict[int, Row] = {r["oid"]: r for r in rows["relations"]}
        self.view_queries: dict[int, str] = {r["oid"]: r["query"] for r in rows.get("views", ())}
        self.view_reads: dict[int, list[ColumnRef]] = defaultdict(list)
        for r in rows.get("view_columns", ()):
            relation = ObjectName(schema=r["schema"], name=r["relation"])
            self.view_reads[r["view"]].append(ColumnRef(relation=relation, column=r["column"]))
        self.columns: dict[int, list[Row]] = defaultdict(list)
        self.attnames: dict[int, dict[int, str]] = defaultdict(dict)
        for r in rows["columns"]:
            self.columns[r["relation"]].append(r)
            self.attnames[r["relation"]][r["position"]] = r["name"]
        self.constraints: dict[int, list[Row]] = defaultdict(list)
        self.domain_constraints: dict[int, list[Row]] = defaultdict(list)
        for r in rows["constraints"]:
            if r["domain"]:
                self.domain_constraints[r["domain"]].append(r)
            else:
                self.constraints[r["relation"]].append(r)
        self.indexes: dict[int, list[Row]] = defaultdict(list)
        self.index_by_oid: dict[int, Row] = {}
        for r in rows["indexes"]:
            self.indexes[r["relation"]].append(r)
            self.index_by_oid[r["oid"]] = r
        self.triggers: dict[int, list[Row]] = defaultdict(list)
        for r in rows["triggers"]:
            self.triggers[r["relation"]].append(r)
        self.policies: dict[int, list[Row]] = defaultdict(list)
        for r in rows["policies"]:
            self.policies[r["relation"]].append(r)
        self.sequences: dict[int, Row] = {r["oid"]: r for r in rows["sequences"]}
        self.identity_sequences: dict[tuple[int, str], Row] = {
            (r["owner_relation"], r["owner_column"]): r
            for r in rows["sequences"]
            if r["owner_kind"] == "i"
        }
        self.children: dict[int, list[Row]] = defaultdict(list)
        for r in rows["relations"]:
            if r["is_partition"] and r["parent"] is not None:
                self.children[r["parent"]].append(r)

    def collation(self, oid: int | None) -> ObjectName | None:
        """The collation of an oid (None for none, or for 0: no collation)."""
        return self.collations.get(oid) if oid else None

    def column_names(self, relation: int, numbers: Sequence[int] | None) -> tuple[str, ...]:
        names = self.attnames[relation]
        return tuple(names.get(n, f"#{n}") for n in numbers or ())

    def relation_name(self, oid: int) -> tuple[str, str] | None:
        row = self.relations.get(oid)
        if row is not None:
            return row["schema"], row["name"]
        return None

    def type_ref(self, oid: int, text: str | None = None, dims: int = 0) -> TypeRef | None:
        """A TypeRef for a type oid; ``text`` is format_type() with the typmod, if any."""
        # Tens of thousands of columns share a few hundred types: each is parsed once.
        key = (oid, text, dims)
        try:
            return self._type_refs[key]
        except KeyError:
            ref = self._type_refs[key] = self._type_ref(oid, text, dims)
            return ref

    def _type_ref(self, oid: int, text: str | None, dims: int) -> TypeRef | None:
        row = self.types.get(oid)
        if row is None:
            return None
        if row["category"] == "A" and row["element"]:
            element = self.types.get(row["element"])
            if element is None:
                return None
            base = text[:-2] if text and text.endswith("[]") else None
            ref = self._scalar(element, base)
            if ref is None:
                return None
            return dataclasses.replace(ref, array_dims=max(dims, 1))
        return self._scalar(row, text)

    def _scalar(self, row: Row, text: str | None) -> TypeRef | None:
        if row["schema"] == _SYSTEM:
            parsed = parse_builtin(text) if text else None
            if parsed is not None:
                return parsed
            return parse_builtin(row["name"])
        kind = row["kind"]
        if row["from_extension"] or kind in ("b", "r", "m"):
            mods = parse_modifiers(text) if text else ()
            return TypeRef(name=row["name"], kind=TypeKind.EXTENSION, modifiers=mods)
        if kind == "e":
            return TypeRef(name=row["name"], kind=TypeKind.ENUM, schema=row["schema"])
        if kind == "d":
            return TypeRef(name=row["name"], kind=TypeKind.DOMAIN, schema=row["schema"])
        if kind == "c":
            return TypeRef(name=row["name"], kind=TypeKind.COMPOSITE, schema=row["schema"])
        return None


# The queries, in two lists of about equal cost: with a second connection the two run
# side by side, in one snapshot (exported by the first, imported by the second). The
# first connection reads the view definitions after its list (a second for 1,500 views),
# so its list is the shorter.
_FIRST = (
    "relations",
    "columns",
    "collations",
    "enums",
    "domains",
    "functions",
    "triggers",
    "policies",
)
_SECOND = (
    "extensions",
    "types",
    "opclasses",
    "collation_names",
    "descriptions",
    "constraints",
    "indexes",
    "sequences",
    "view_columns",
    "grants",
    "unsupported",
    "dependents",
)
_GLOBAL = frozenset(("extensions", "types", "opclasses", "collation_names", "descriptions"))
_PER_SCHEMA = tuple(n for n in _FIRST + _SECOND if n not in _GLOBAL)

# Views per savepoint: each batch holds ACCESS SHARE locks on its views and what they
# read, all released when the savepoint is rolled back. The first batch has VIEW_BATCH
# views; the next are sized from the locks per view the last one held, so that a batch
# holds at most half the lock budget (locks.py) however many tables its views read.
VIEW_BATCH = 20
_VIEW_BATCH_MAX = 500

# As pg_dump: names come back qualified, and values print the same whoever inspects.
_SETTINGS = (
    "SET LOCAL search_path TO ''",
    "SET LOCAL timezone TO 'UTC'",
    "SET LOCAL datestyle TO 'ISO, MDY'",
    "SET LOCAL intervalstyle TO 'postgres'",
    "SET LOCAL extra_float_digits TO 3",
    "SET LOCAL max_parallel_workers_per_gather TO 0",  # worker start-up costs more here
    # The per-row subqueries make the planner's estimates huge, so JIT compiles the
    # constraint, index and type queries: seconds of LLVM work for a run of milliseconds.
    "SET LOCAL jit TO off",
    # The sorted catalogs of a large database (60,000 columns) fit in memory, not on disk.
    "SET LOCAL work_mem TO '64MB'",
)


def _begin(cur: Any, snapshot: str | None = None) -> None:
    cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    if snapshot is not None:
        cur.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
    for statement in _SETTINGS:
        cur.execute(statement)


def _run(cur: Any, names: Sequence[str], params: dict[str, Any]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for name in names:
        cur.execute(query_text(name), None if name in _GLOBAL else params)
        out[name] = cur.fetchall()
    return out


def read_catalog(
    conn: Connection[Any],
    schemas: Sequence[str] | None = None,
    second: Connection[Any] | None = None,
    *,
    in_transaction: bool = False,
) -> Catalog:
    """Read the catalogs of ``schemas`` (default: every user schema) in one snapshot.

    One read-only, repeatable-read transaction, rolled back at the end; no table stays
    locked but for the views whose definitions are read, a batch at a time. The search
    path is empty, so
    every name in an expression comes back qualified (as pg_dump has it). With a
    ``second`` connection to the same database, half the queries run on it at the same
    time, in the same snapshot. ``in_transaction`` reads inside the transaction the
    caller has open (and leaves it open), so what it made there is seen.

    A read that waits longer than the session's lock_timeout for a lock another session
    holds raises LockTimeout, which names what is locked.
    """
    with conn.cursor(row_factory=dict_row) as cur:
        if in_transaction:  # the caller's transaction: its settings, then its own end
            for statement in _SETTINGS:
                cur.execute(statement)
            cur.execute("SAVEPOINT schemac_read")  # what a lock timeout rolls back to
        else:
            _begin(cur)
        scope: list[str] | None = list(schemas) if schemas is not None else None
        held_most: list[int] = []
        try:
            snapshot = None
            if second is not None:
                cur.execute("SELECT pg_catalog.pg_export_snapshot() AS id")
                snapshot = cur.fetchone()["id"]  # type: ignore[index]
            cur.execute(query_text("schemas"))
            rows: dict[str, list[Row]] = {"schemas": cur.fetchall()}
            if scope is None:
                scope = [r["name"] for r in rows["schemas"]]
            rows.update(_read(cur, second, snapshot or "", {"schemas": scope}, held_most))
        except psycopg.errors.LockNotAvailable:
            cur.execute("ROLLBACK TO SAVEPOINT schemac_read" if in_transaction else "ROLLBACK")
            raise lock_timeout(conn, scope) from None
        except BaseException:  # an interrupt, a lost connection: that error, not the ROLLBACK's
            if not in_transaction:
                with suppress(psycopg.Error):
                    cur.execute("ROLLBACK")
            raise
        cur.execute("RELEASE SAVEPOINT schemac_read" if in_transaction else "ROLLBACK")
    catalog = Catalog(rows, scope)
    catalog.most_locks = max(held_most, default=0)
    return catalog


def _read(
    cur: Any,
    second: Connection[Any] | None,
    snapshot: str,
    params: dict[str, Any],
    held_most: list[int],
) -> dict[str, list[Row]]:
    """Every query but `schemas`: half of them on ``second`` meanwhile, if there is one.

    On an interrupt the second connection's thread is not waited for (its query is
    cancelled).
    """
    if second is None:
        rows = _run(cur, _FIRST + _SECOND, params)
        rows["views"] = _view_queries(cur, rows["relations"], held_most)
        return rows
    with Workers(1) as pool:
        other = pool.submit(_read_second, second, snapshot, params)
        rows = _run(cur, _FIRST, params)
        rows["views"] = _view_queries(cur, rows["relations"], held_most)
        rows.update(other.result())
    return rows


def _read_second(
    conn: Connection[Any], snapshot: str, params: dict[str, Any]
) -> dict[str, list[Row]]:
    with conn.cursor(row_factory=dict_row) as cur:
        _begin(cur, snapshot)
        try:
            rows = _run(cur, _SECOND, params)
        except BaseException:  # that error, not the ROLLBACK's
            with suppress(psycopg.Error):
                cur.execute("ROLLBACK")
            raise
        cur.execute("ROLLBACK")
        return rows


def _view_queries(cur: Any, relations: list[Row], held_most: list[int]) -> list[Row]:
    """The view definitions, in batches that each hold at most half the lock budget.

    ``held_most`` gets the locks each batch held.
    """
    oids = [r["oid"] for r in relations if r["kind"] in ("v", "m")]
    out: list[Row] = []
    if not oids:
        return out
    from schemac.dialects.postgres.locks import lock_budget  # noqa: PLC0415

    target = lock_budget(cur.connection).limit // 2
    cur.execute(_HELD)
    base = int(cur.fetchone()["n"])  # what the read holds besides (the catalogs')
    size, start = VIEW_BATCH, 0
    while start < len(oids):
        batch = oids[start : start + size]
        cur.execute("SAVEPOINT schemac_views")
        cur.execute(query_text("views"), {"oids": batch})
        out += cur.fetchall()
        cur.execute(_HELD)
        held = int(cur.fetchone()["n"])
        held_most.append(held)
        cur.execute("ROLLBACK TO SAVEPOINT schemac_views")
        start += len(batch)
        each = max(held - base, 1) / len(batch)  # locks per view, in this batch
        size = max(1, min(_VIEW_BATCH_MAX, int((target - base) / each)))
    return out


_HELD = "SELECT count(*) AS n FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid()"
