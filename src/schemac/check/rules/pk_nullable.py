"""Primary key columns are not declared nullable (PostgreSQL would make them NOT NULL)."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        pk = table.primary_key
        if pk is None:
            continue
        for ref in pk.columns:
            column = find_column(table.columns, ref.last)
            if column is not None and column.identity is not None:
                continue  # identity_column reports the `?` already
            if column is not None and column.type.nullable and column.type.nullable_span:
                ctx.emit(cat.pk_nullable(column.type.nullable_span, ref.span, column.name.value))
