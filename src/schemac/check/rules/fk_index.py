"""Warns about a foreign key whose columns lead no index: a referenced delete scans the table."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _leading(table: d.TableDecl) -> list[list[str]]:
    """The column lists of every index on the table, in index order."""
    out = []
    if table.primary_key is not None:
        out.append([c.last for c in table.primary_key.columns])
    for unique in table.uniques:
        out.append([c.last for c in unique.columns])
    for index in table.indexes:
        # A partial index counts: the usual predicate (`col IS NOT NULL`) is implied by
        # the lookups a foreign key makes.
        names = []
        for element in index.elements:
            if element.column is None:
                break
            names.append(element.column.last)
        out.append(names)
    return out


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if ctx.sink.errors_within(table.extent):
            continue  # warnings about a table with errors are noise
        if table.partition_by is not None and not table.foreign_keys:
            continue
        indexes = _leading(table)
        for fk in table.foreign_keys:
            if fk in ctx.broken or fk not in ctx.fk_targets:
                continue
            columns = [c.last for c in fk.columns]
            n = len(columns)
            if not any(
                sorted(index[:n]) == sorted(columns) for index in indexes if len(index) >= n
            ):
                ctx.emit(cat.fk_without_index(fk.span, table.name.value, ", ".join(columns)))
