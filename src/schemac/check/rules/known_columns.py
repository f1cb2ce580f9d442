"""Every column a table's keys, indexes, constraints, partitioning and triggers name exists.

A table's columns are its own and those it inherits.
"""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.inheritance import all_columns
from schemac.check.passes import Pass
from schemac.check.walk import table_indexes
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check", "column_refs"]

PASS = Pass.REFERENCES


def _elements(elements: tuple[d.ElementDecl, ...]) -> Iterator[d.Ref]:
    for element in elements:
        if element.column is not None:
            yield element.column


def _partition_keys(partitions: tuple[d.PartitionDecl, ...]) -> Iterator[d.Ref]:
    for partition in partitions:
        if partition.partition_by is not None:
            yield from _elements(partition.partition_by.keys)
        yield from _partition_keys(partition.partitions)


def column_refs(table: d.TableDecl) -> Iterator[d.Ref]:
    """Every reference to one of the table's own columns."""
    if table.primary_key is not None:
        yield from table.primary_key.columns
        yield from table.primary_key.include
    for unique in table.uniques:
        yield from unique.columns
        yield from unique.include
    for _, index in table_indexes(table):  # a partition has its table's columns
        yield from _elements(index.elements)
        yield from index.include
    for fk in table.foreign_keys:
        if not fk.from_column:
            yield from fk.columns
    for exclude in table.excludes:
        yield from _elements(exclude.elements)
        yield from exclude.include
    if table.partition_by is not None:
        yield from _elements(table.partition_by.keys)
    yield from _partition_keys(table.partitions)
    for trigger in table.triggers:
        for event in trigger.events:
            yield from event.columns


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if table in ctx.broken:
            continue  # a parent is unknown: so are the columns it would give
        names = {c.name.value for c in all_columns(ctx, table)}
        for ref in column_refs(table):
            if ref.last not in names:
                ctx.broken.add(ref)
                ctx.emit(
                    cat.unknown_column(
                        ref.span, ref.last, table.name.value, did_you_mean(ref.last, names)
                    )
                )
    for view in ctx.views:
        for trigger in view.triggers:
            for event in trigger.events:
                for ref in event.columns:
                    if view.columns and ref.last not in {c.value for c in view.columns}:
                        ctx.emit(cat.unknown_column(ref.span, ref.last, view.name.value, None))
