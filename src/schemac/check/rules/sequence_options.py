"""Sequence options agree with each other, for sequences and identity columns.

`min_value` below `max_value`, `start` between them, `increment` not 0, `cache` at
least 1, every value within the sequence's type.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _check(  # noqa: PLR0917 (the options of one sequence, side by side)
    ctx: Context,
    type_name: str,
    start: d.Int | None,
    increment: d.Int | None,
    bounds: tuple[d.Int | None, d.Int | None],
    cache: d.Int | None,
) -> None:
    low, high = bounds
    if cache is not None and cache.value < 1:
        ctx.emit(cat.sequence_options(cache.span, "`cache` must be at least 1"))
        return
    ranges = ctx.target.integer_ranges
    smallest, largest = ranges.get(type_name) or ranges["int8"]
    for value in (start, low, high):
        if value is not None and not smallest <= value.value <= largest:
            ctx.emit(cat.sequence_options(value.span, f"{value.value} does not fit `{type_name}`"))
            return
    if increment is not None and increment.value == 0:
        ctx.emit(cat.sequence_options(increment.span, "`increment` cannot be 0"))
        return
    if low is not None and high is not None and low.value >= high.value:
        ctx.emit(cat.sequence_options(low.span, "`min_value` must be below `max_value`"))
        return
    if start is not None:
        if low is not None and start.value < low.value:
            ctx.emit(cat.sequence_options(start.span, "`start` is below `min_value`"))
        elif high is not None and start.value > high.value:
            ctx.emit(cat.sequence_options(start.span, "`start` is above `max_value`"))
        elif low is None and increment is not None and increment.value > 0 and start.value < 1:
            ctx.emit(
                cat.sequence_options(start.span, "`start` is below the default `min_value`, 1")
            )


def check(ctx: Context) -> None:
    for sequence in ctx.sequences:
        ref = ctx.types.get(sequence.type) if sequence.type is not None else None
        _check(
            ctx,
            ref.name if ref is not None else "int8",
            sequence.start,
            sequence.increment,
            (sequence.min_value, sequence.max_value),
            sequence.cache,
        )
    for table in ctx.tables:
        for column in table.columns:
            identity = column.identity
            ref = ctx.types.get(column.type)
            if identity is None or ref is None:
                continue
            _check(
                ctx,
                ref.name,
                identity.start,
                identity.increment,
                (identity.min_value, identity.max_value),
                identity.cache,
            )
