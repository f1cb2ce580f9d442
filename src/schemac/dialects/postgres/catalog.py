"""The catalogs, read in one snapshot: one query per object kind, rows indexed for lookup.

`read_catalog` runs every query of queries/ inside one read-only, repeatable-read
transaction (so the result is one consistent state) and takes no lock on any table.
The inspector builds the IR from the `Catalog` it returns.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from psycopg import Connection
from psycopg.rows import dict_row

from schemac.dialects.postgres.types import parse_builtin, parse_modifiers
from schemac.ir.model import SequenceOptions
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


class Catalog:
    """Rows of every query, and the lookups the inspector needs."""

    def __init__(self, rows: dict[str, list[Row]], schemas: Sequence[str]) -> None:
        self.schemas = tuple(schemas)
        self.rows = rows
        self.types: dict[int, Row] = {r["oid"]: r for r in rows["types"]}
        self.opclasses: dict[int, Row] = {r["oid"]: r for r in rows["opclasses"]}
        self.collations: dict[int, str] = {r["oid"]: r["name"] for r in rows["collations"]}
        self.relations: dict[int, Row] = {r["oid"]: r for r in rows["relations"]}
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
        self.children: dict[int, list[Row]] = defaultdict(list)
        for r in rows["relations"]:
            if r["is_partition"] and r["parent"] is not None:
                self.children[r["parent"]].append(r)

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


_PER_SCHEMA = (
    "relations",
    "columns",
    "enums",
    "domains",
    "constraints",
    "indexes",
    "sequences",
    "functions",
    "triggers",
    "policies",
    "grants",
)
_GLOBAL = ("extensions", "types", "opclasses", "collations")


def read_catalog(conn: Connection[Any], schemas: Sequence[str] | None = None) -> Catalog:
    """Read the catalogs of ``schemas`` (default: every user schema) in one snapshot."""
    rows: dict[str, list[Row]] = {}
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cur.execute(query_text("schemas"))
            rows["schemas"] = cur.fetchall()
            if schemas is None:
                schemas = [r["name"] for r in rows["schemas"]]
            params = {"schemas": list(schemas)}
            for name in _GLOBAL:
                cur.execute(query_text(name))
                rows[name] = cur.fetchall()
            for name in _PER_SCHEMA:
                cur.execute(query_text(name), params)
                rows[name] = cur.fetchall()
        finally:
            cur.execute("ROLLBACK")
    return Catalog(rows, schemas)
