"""An identity column is NOT NULL and takes no default (its sequence supplies values)."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            identity = column.identity
            if identity is None:
                continue
            if column.type.nullable and column.type.nullable_span is not None:
                ctx.emit(cat.identity_nullable(column.type.nullable_span, column.name.value))
            if column.default is not None:
                ctx.emit(
                    cat.identity_with_default(identity.span, column.default.span, column.name.value)
                )
