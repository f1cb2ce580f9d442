"""Table inheritance in a plan: INHERIT and NO INHERIT, and the order it asks of the rest.

A table that inherits is made after its parents and dropped before them. A change of
`inherits` is `ALTER TABLE ... NO INHERIT parent` early, with the tables (what the
table had from that parent stays, as its own), and `ALTER TABLE ... INHERIT parent`
late, once columns and checks are in place (PostgreSQL requires the table to have each
column and check of the parent already). Columns are dropped from the top down (a
parent's DROP COLUMN takes the column from its children, or leaves it to a child that
declares it too). A column a table adds that it had from a parent is added after the
parent drops it; where the table stops inheriting from that parent instead, NO INHERIT
leaves the column (and the parent's checks) to the table, which then only changes what
differs. A column or check a table declared and is to inherit cannot be dropped: with
INHERIT, PostgreSQL merges the two, and the table keeps it as its own too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from schemac.dialects.postgres.quoting import qualified
from schemac.dialects.sql.steps import Context, Step
from schemac.ir import model as m
from schemac.ir.lookup import find_table

__all__ = [
    "Added",
    "added_column",
    "change_parents",
    "depth",
    "inherited_check",
    "inherited_column",
    "released_check",
]


def _table(state: m.Database, name: m.ObjectName) -> m.Table | None:
    return find_table(state, name.schema, name.name)


def _ancestors(
    state: m.Database, name: m.ObjectName, seen: frozenset[m.ObjectName] = frozenset()
) -> Iterator[tuple[m.ObjectName, m.Table]]:
    table = _table(state, name)
    if table is None:
        return
    for parent in table.inherits:
        found = _table(state, parent)
        if found is not None and parent not in seen:
            yield parent, found
            yield from _ancestors(state, parent, seen | {name, parent})


def depth(state: m.Database, schema: str, table: str) -> int:
    """How many generations of parents the table has (0: none)."""
    own = m.ObjectName(schema=schema, name=table)
    deepest = 0
    for parent, _ in _ancestors(state, own):
        deepest = max(deepest, 1 + depth(state, parent.schema or "", parent.name))
    return deepest


@dataclasses.dataclass(frozen=True, slots=True)
class Added:
    """How a column a table adds is added.

    At ``rank`` in the column step; or, when the table had it from a parent it no longer
    inherits from, as a change of that column (``inherited``).
    """

    rank: int = 0
    inherited: m.Column | None = None


def added_column(ctx: Context, schema: str, table: str, column: str) -> Added:
    own = m.ObjectName(schema=schema, name=table)
    before = {
        parent: found
        for parent, t in _ancestors(ctx.renamed, own)
        if (found := t.column(column)) is not None
    }
    if not before:
        # Children first, so that a parent adding the column too merges it into theirs.
        return Added(rank=-depth(ctx.new, schema, table))
    kept = {parent for parent, _ in _ancestors(ctx.new, own)}
    if kept & set(before):
        # After the parent's DROP COLUMN (at 3 + its depth), which takes the table's too.
        return Added(rank=4 + depth(ctx.renamed, schema, table))
    inherited = next(iter(before.values()))
    # The table's copy: no identity (PostgreSQL does not pass one on), and no default then.
    if inherited.identity is not None:
        inherited = dataclasses.replace(inherited, identity=None, default=None)
    return Added(inherited=inherited)


def inherited_column(ctx: Context, old: m.Column, schema: str, table: str) -> m.Column | None:
    """The column the table is to inherit in place of its own ``old``, if any.

    The table cannot drop its own: PostgreSQL keeps it, merged with the parent's. It
    takes the parent's default and nullability.
    """
    own = m.ObjectName(schema=schema, name=table)
    for _, found in _ancestors(ctx.new, own):
        theirs = found.column(old.name)
        if theirs is not None:
            plain = theirs.identity is None and theirs.generated is None
            copied = theirs.default if plain else None
            return dataclasses.replace(old, default=copied, nullable=theirs.nullable)
    return None


def inherited_check(ctx: Context, schema: str, table: str, check: m.CheckConstraint) -> bool:
    """Whether the table is to inherit that check: then it cannot drop it."""
    own = m.ObjectName(schema=schema, name=table)
    return any(
        c.name == check.name and not c.no_inherit
        for _, t in _ancestors(ctx.new, own)
        for c in t.checks
    )


def released_check(ctx: Context, schema: str, table: str, name: str) -> m.CheckConstraint | None:
    """The check ``name`` the table had from a parent it no longer inherits from.

    NO INHERIT leaves it to the table, as its own.
    """
    own = m.ObjectName(schema=schema, name=table)
    kept = {parent for parent, _ in _ancestors(ctx.new, own)}
    for parent, found in _ancestors(ctx.renamed, own):
        if parent not in kept:
            check = next((c for c in found.checks if c.name == name and not c.no_inherit), None)
            if check is not None:
                return check
    return None


def change_parents(ctx: Context, old: m.Table, new: m.Table, schema: str) -> None:
    """INHERIT and NO INHERIT for the parents ``new`` gains and loses."""
    name = qualified(schema, new.name)
    gone = [(p, Step.TABLES, "NO INHERIT", "INHERIT") for p in old.inherits]
    come = [(p, Step.INDEXES, "INHERIT", "NO INHERIT") for p in new.inherits]
    for parent, step, word, back in gone + come:
        if (parent in old.inherits) == (parent in new.inherits):
            continue  # kept
        target = qualified(parent.schema or schema, parent.name)
        ctx.emit(
            step,
            f"ALTER TABLE {name} {word} {target};",
            reverse=f"ALTER TABLE {name} {back} {target};",
            summary=f"~ table {schema}.{new.name}",
        )
