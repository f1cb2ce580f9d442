"""Primary keys and unique constraints of a partitioned table include its partition columns."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        by = table.partition_by
        if by is None:
            continue
        keys = [k.column.last for k in by.keys if k.column is not None]
        expressions = any(k.expression is not None for k in by.keys)
        named = []
        if table.primary_key is not None:
            named.append(
                (
                    "the primary key",
                    table.primary_key.span,
                    [c.last for c in table.primary_key.columns],
                )
            )
        for unique in table.uniques:
            named.append(("a unique constraint", unique.span, [c.last for c in unique.columns]))
        for index in table.indexes:
            if index.unique:
                named.append(
                    (
                        "a unique index",
                        index.span,
                        [e.column.last for e in index.elements if e.column],
                    )
                )
        for what, span, columns in named:
            if expressions:
                ctx.emit(cat.partition_key_not_in_key(span, what, "(the key expression)"))
                continue
            missing = [k for k in keys if k not in columns]
            if missing:
                ctx.emit(cat.partition_key_not_in_key(span, what, missing[0]))
