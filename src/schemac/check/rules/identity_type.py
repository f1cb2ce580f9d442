"""Identity columns are smallint, integer or bigint."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            if column.identity is None:
                continue
            ref = ctx.types.get(column.type)
            if ref is not None and not ctx.target.is_integer(ref):
                name = ctx.target.type_name(ref)
                ctx.emit(cat.identity_not_integer(column.type.span, column.name.value, name))
