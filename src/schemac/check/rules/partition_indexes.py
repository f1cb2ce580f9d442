"""An index of a partition is not one its parent's indexes already give it.

PostgreSQL puts every index of a partitioned table on each partition, and attaches
an index the partition has of the same definition instead of making another: the
partition's own index would then belong to the parent's and no longer be its own.
"""

from __future__ import annotations

from collections.abc import Hashable

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _text(value: d.Text | d.Sql | None) -> str | None:
    if isinstance(value, d.Sql):
        return value.text
    return value.value if value is not None else None


def _shape(index: d.IndexDecl) -> Hashable:
    """What makes two indexes the same index, names and comments aside."""
    elements = tuple(
        (
            e.column.last if e.column is not None else None,
            _text(e.expression),
            e.descending,
            e.nulls,
            _text(e.opclass),
            e.collation.dotted if e.collation is not None else None,
        )
        for e in index.elements
    )
    method = index.method.value if index.method is not None else "btree"
    include = tuple(r.last for r in index.include)
    return (elements, index.unique, index.nulls_distinct, method, _text(index.where), include)


def _partitions(
    ctx: Context,
    partitions: tuple[d.PartitionDecl, ...],
    above: list[tuple[d.Text, d.IndexDecl]],
) -> None:
    for partition in partitions:
        shapes = {_shape(index): (owner, index) for owner, index in above}
        for index in partition.indexes:
            found = shapes.get(_shape(index))
            if found is not None:
                owner, parent_index = found
                ctx.emit(
                    cat.partition_index_repeats(
                        index.span,
                        ctx.constraint_names.get(index, "?"),
                        partition.name.value,
                        parent_span=parent_index.span,
                        parent_index=ctx.constraint_names.get(parent_index, "?"),
                        parent=owner.value,
                    )
                )
        own = [(partition.name, index) for index in partition.indexes]
        _partitions(ctx, partition.partitions, above + own)


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if table.partitions:
            _partitions(ctx, table.partitions, [(table.name, i) for i in table.indexes])
