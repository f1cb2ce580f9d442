"""A generated column has no default and no identity: it computes its own value."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            if column.generated is None:
                continue
            if column.default is not None:
                ctx.emit(
                    cat.generated_with(
                        column.generated.span, column.default.span, column.name.value, "default"
                    )
                )
            if column.identity is not None:
                ctx.emit(
                    cat.generated_with(
                        column.generated.span,
                        column.identity.span,
                        column.name.value,
                        "identity",
                    )
                )
