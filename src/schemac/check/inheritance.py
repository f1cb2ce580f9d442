"""Table inheritance: a table's parents, and the columns it has from them.

A table that inherits (`inherits = [parent]`) has every column of its parents, each
parent's in turn (theirs from their parents first), then its own; a column it declares
that a parent has too is one column, merged, where the parent has it. Parents are
resolved by rules/known_parents.py, which reports what does not resolve; before that
pass (and for a table whose parents did not all resolve) they are looked up quietly.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.scope import namespaces_for

__all__ = ["all_columns", "defaults", "find_table", "parents"]


def find_table(ctx: Context, schema: str | None, ref: d.Ref) -> d.TableDecl | None:
    """The table a one- or two-part reference names, without reporting anything."""
    parts = ref.parts
    if len(parts) == 2:
        symbols = ctx.schemas.get(parts[0])
        return symbols.namespace.tables.get(parts[1]) if symbols is not None else None
    if len(parts) == 1:
        for _, namespace in namespaces_for(ctx, schema):
            found = namespace.tables.get(parts[0])
            if found is not None:
                return found
    return None


def parents(ctx: Context, table: d.TableDecl) -> tuple[d.TableDecl, ...]:
    """The tables ``table`` inherits from, in order (those that exist)."""
    if not table.inherits:
        return ()
    resolved = ctx.parents.get(table)
    if resolved is not None:
        return resolved
    found = (find_table(ctx, table.schema, ref) for ref in table.inherits)
    return tuple(p for p in found if p is not None)


def all_columns(
    ctx: Context, table: d.TableDecl, _below: frozenset[int] = frozenset()
) -> list[d.ColumnDecl]:
    """Every column of the table, in PostgreSQL's order; a merged column is the table's own.

    A cycle of parents (reported by rules/inheritance.py) is followed once round.
    """
    if not table.inherits:
        return list(table.columns)
    below = _below | {id(table)}
    columns: dict[str, d.ColumnDecl] = {}
    for parent in parents(ctx, table):
        if id(parent) in below:
            continue
        for column in all_columns(ctx, parent, below):
            columns.setdefault(column.name.value, column)
    for column in table.columns:
        columns[column.name.value] = column  # in the inherited column's place, if merged
    return list(columns.values())


def defaults(
    ctx: Context, table: d.TableDecl, _below: frozenset[int] = frozenset()
) -> dict[str, d.DefaultDecl]:
    """The default of each column of the table that has one: its own, else a parent's.

    PostgreSQL copies a parent's default into the table (the first parent's that has
    one); a column the table declares with a default of its own keeps that.
    """
    below = _below | {id(table)}
    out: dict[str, d.DefaultDecl] = {}
    for parent in parents(ctx, table):
        if id(parent) not in below:
            for name, value in defaults(ctx, parent, below).items():
                out.setdefault(name, value)
    for column in table.columns:
        if column.default is not None:
            out[column.name.value] = column.default
    return out
