"""Primary keys and unique constraints of a partitioned table include its partition columns.

PostgreSQL enforces uniqueness per partition, so a key must hold the partition key's
columns, at every level of sub-partitioning, and cannot exist over an expression key.
The same holds for the unique indexes of a partition that is partitioned again.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.walk import all_partitions
from schemac.diagnostics import catalog as cat
from schemac.source import Span

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _levels(
    by: d.PartitionByDecl, partitions: tuple[d.PartitionDecl, ...]
) -> list[d.PartitionByDecl]:
    out = [by]
    for partition in partitions:
        if partition.partition_by is not None:
            out.extend(_levels(partition.partition_by, partition.partitions))
    return out


def _unique_indexes(indexes: tuple[d.IndexDecl, ...]) -> list[tuple[str, Span, list[str]]]:
    return [
        ("a unique index", index.span, [e.column.last for e in index.elements if e.column])
        for index in indexes
        if index.unique
    ]


def _keys(table: d.TableDecl) -> list[tuple[str, Span, list[str]]]:
    named = []
    if table.primary_key is not None:
        pk = table.primary_key
        named.append(("the primary key", pk.span, [c.last for c in pk.columns]))
    for unique in table.uniques:
        named.append(("a unique constraint", unique.span, [c.last for c in unique.columns]))
    return named + _unique_indexes(table.indexes)


def _check(
    ctx: Context,
    levels: list[d.PartitionByDecl],
    keys: list[tuple[str, Span, list[str]]],
) -> None:
    columns: list[str] = []
    expressions = False
    for level in levels:
        for key in level.keys:
            if key.expression is not None:
                expressions = True
            elif key.column is not None and key.column not in ctx.broken:
                columns.append(key.column.last)
    for what, span, named in keys:
        if expressions:
            ctx.emit(cat.partition_key_not_in_key(span, what, "(the key expression)"))
            continue
        missing = [k for k in dict.fromkeys(columns) if k not in named]
        if missing:
            ctx.emit(cat.partition_key_not_in_key(span, what, missing[0]))


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if table.partition_by is None:
            continue
        _check(ctx, _levels(table.partition_by, table.partitions), _keys(table))
        # A partition partitioned again: its own unique indexes, below it.
        for partition in all_partitions(table.partitions):
            if partition.partition_by is not None and partition.indexes:
                levels = _levels(partition.partition_by, partition.partitions)
                _check(ctx, levels, _unique_indexes(partition.indexes))
