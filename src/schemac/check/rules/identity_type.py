"""Identity columns are smallint, integer or bigint."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.known_types import type_name
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            if column.identity is None:
                continue
            ref = ctx.types.get(column.type)
            if ref is not None and not ref.is_integer:
                ctx.emit(
                    cat.identity_not_integer(column.type.span, column.name.value, type_name(ref))
                )
