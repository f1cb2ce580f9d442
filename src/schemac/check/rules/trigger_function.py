"""A trigger's function returns `trigger` and declares no arguments.

(A trigger hands its arguments, `execute = f("a")`, to the function in TG_ARGV, not
as parameters.)
"""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for trigger, (_, function) in ctx.trigger_functions.items():
        if function is None or function.returns is None:
            continue
        returns = function.returns
        if returns.type is None:
            ctx.emit(
                cat.trigger_function_returns(
                    trigger.function.span, function.name.value, "table(...)"
                )
            )
            continue
        ref = ctx.types.get(returns.type)
        if ref is None:
            continue
        if ref.name != "trigger" or returns.setof:
            shown = ("setof " if returns.setof else "") + ctx.target.type_name(ref)
            ctx.emit(
                cat.trigger_function_returns(trigger.function.span, function.name.value, shown)
            )
        elif any(a.mode is None or a.mode.value != "out" for a in function.arguments):
            ctx.emit(cat.trigger_function_arguments(trigger.function.span, function.name.value))
