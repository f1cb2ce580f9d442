"""An enum lists each value once, and renames only values it has."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.NAMES


def check(ctx: Context) -> None:
    for enum in ctx.enums:
        seen: dict[str, d.Text] = {}
        for value in enum.values:
            first = seen.get(value.value)
            if first is not None:
                ctx.emit(
                    cat.duplicate_enum_value(value.span, first.span, value.value, enum.name.value)
                )
            else:
                seen[value.value] = value
        values = tuple(seen)
        for new, _old in enum.renamed_values:
            if new.value not in seen:
                ctx.emit(cat.enum_default_not_value(new.span, new.value, enum.name.value, values))
