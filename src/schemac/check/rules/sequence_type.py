"""A sequence counts in smallint, integer or bigint."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def check(ctx: Context) -> None:
    for sequence in ctx.sequences:
        if sequence.type is None:
            continue
        ref = ctx.types.get(sequence.type)
        if ref is not None and not ctx.target.is_integer(ref):
            ctx.emit(
                cat.sequence_not_integer(
                    sequence.type.span, sequence.name.value, ctx.target.type_name(ref)
                )
            )
