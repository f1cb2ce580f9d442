"""Walks over a table's declarations that several passes share: partitions, indexes."""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d

__all__ = ["all_partitions", "table_indexes"]


def all_partitions(partitions: tuple[d.PartitionDecl, ...]) -> Iterator[d.PartitionDecl]:
    """The partitions and, after each, its own partitions, at every level."""
    for partition in partitions:
        yield partition
        yield from all_partitions(partition.partitions)


def table_indexes(table: d.TableDecl) -> Iterator[tuple[d.Text, d.IndexDecl]]:
    """(the relation it is on, the index) for the table's indexes and its partitions'."""
    for index in table.indexes:
        yield table.name, index
    for partition in all_partitions(table.partitions):
        for index in partition.indexes:
            yield partition.name, index
