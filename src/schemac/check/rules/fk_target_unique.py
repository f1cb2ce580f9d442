"""A foreign key references columns that are the primary key or unique.

PostgreSQL needs a primary key, a unique constraint or a plain unique index (no
expressions, no predicate) on exactly the referenced columns, in any order.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check", "unique_column_sets"]

PASS = Pass.CONSTRAINTS


def _index_sets(indexes: tuple[d.IndexDecl, ...]) -> list[frozenset[str]]:
    return [
        frozenset(e.column.last for e in index.elements if e.column)
        for index in indexes
        if index.unique and index.where is None and all(e.column for e in index.elements)
    ]


def unique_column_sets(
    table: d.TableDecl, path: tuple[d.PartitionDecl, ...] = ()
) -> list[frozenset[str]]:
    """The column sets a foreign key may reference: of the table, or of a partition of it.

    A partition has its table's keys and indexes, and those of the partitions above it.
    """
    sets = []
    if table.primary_key is not None:
        sets.append(frozenset(c.last for c in table.primary_key.columns))
    for unique in table.uniques:
        sets.append(frozenset(c.last for c in unique.columns))
    sets += _index_sets(table.indexes)
    for partition in path:
        sets += _index_sets(partition.indexes)
    return sets


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for fk in table.foreign_keys:
            resolved = ctx.fk_targets.get(fk)
            if resolved is None or fk in ctx.broken or fk.ref_columns is None:
                continue
            target, columns = resolved
            wanted = frozenset(c.name.value for c in columns)
            place = ctx.fk_partitions.get(fk)
            path = place[1].path if place is not None else ()
            name = path[-1].name.value if path else target.name.value
            if wanted not in unique_column_sets(target, path):
                listed = ", ".join(c.name.value for c in columns)
                span = (
                    fk.ref_columns[0].span.to(fk.ref_columns[-1].span)
                    if fk.ref_columns
                    else fk.table.span
                )
                help = None
                if path:  # a partition has its table's keys; it may have unique indexes
                    help = f"add `index {{ on = [{listed}], unique = true }}` to partition `{name}`"
                ctx.emit(cat.fk_not_unique(span, name, listed, help))
