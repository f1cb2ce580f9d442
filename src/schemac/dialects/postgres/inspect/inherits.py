"""Table inheritance from the catalogs: a table's parents, and which of its columns are its own.

A table that inherits (INHERITS) has its parents' columns too; the language declares
only the table's own (pg_attribute.attislocal), with what the table adds to them: a
column it declares that a parent has too is merged by PostgreSQL, with its default
(its own, or a copy of the parent's), while a computed one is computed as in the
parent and says nothing of it. A column the table has only from a parent,
but with a default or NOT NULL of its own (ALTER TABLE ONLY ... SET DEFAULT), is read
as a column the table declares: the nearest the language comes (PostgreSQL then counts
it as the table's own too). Inherited check constraints are left to the parents
(pg_constraint.conislocal).
"""

from __future__ import annotations

from collections.abc import Iterator

from schemac.dialects.postgres.inspect.catalog import Catalog, Row
from schemac.ir import model as ir

__all__ = ["own_columns", "parents"]

_TABLE = "r"


def parents(catalog: Catalog, rel: Row) -> tuple[tuple[ir.ObjectName, ...], list[str]]:
    """The tables ``rel`` inherits from, and those the language cannot name (for warnings)."""
    found: list[ir.ObjectName] = []
    problems: list[str] = []
    for oid, name in zip(rel["parents"] or (), rel["parent_names"] or (), strict=False):
        parent = catalog.relations.get(oid)
        if parent is None or parent["kind"] != _TABLE or parent["is_partition"]:
            problems.append(f"it inherits from {name}, which is not a table inspected here")
        else:
            found.append(ir.ObjectName(schema=parent["schema"], name=parent["name"]))
    return tuple(found), problems


def _key_columns(catalog: Catalog, relation: int) -> set[str]:
    """The columns of the relation's primary key (made NOT NULL by it)."""
    for row in catalog.constraints.get(relation, ()):
        if row["kind"] == "p":
            return set(catalog.column_names(relation, row["columns"]))
    return set()


def own_columns(catalog: Catalog, rel: Row) -> Iterator[Row]:
    """The column rows of ``rel`` the language declares, without what they inherit."""
    rows = catalog.columns.get(rel["oid"], ())
    if not rel["parents"]:
        yield from rows
        return
    inherited: dict[str, list[Row]] = {}
    for parent in rel["parents"]:
        for row in catalog.columns.get(parent, ()):
            inherited.setdefault(row["name"], []).append(row)
    keys = _key_columns(catalog, rel["oid"])
    for row in rows:
        theirs = inherited.get(row["name"])
        if not theirs:
            yield row
            continue
        default = row["default"]
        same_default = any(t["default"] == default for t in theirs)
        own = row
        if any(t["generated"] == "s" for t in theirs):
            # Computed as in the parent; the child cannot say otherwise.
            own = {**row, "default": None, "generated": ""}
        not_null = row["not_null"] and not any(t["not_null"] for t in theirs)
        if (
            row["local"]
            or (default is not None and not same_default)
            or (not_null and row["name"] not in keys)
        ):
            yield own  # declared, or with a default or NOT NULL of its own
