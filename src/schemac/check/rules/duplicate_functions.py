"""Functions of one schema may share a name only if their argument types differ."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check", "signature"]

PASS = Pass.TYPES


def signature(
    ctx: Context, function: d.FunctionDecl
) -> tuple[tuple[str, str | None, str, int], ...] | None:
    """The identifying argument types (PostgreSQL ignores modifiers and OUT arguments)."""
    out = []
    for arg in function.arguments:
        if arg.mode is not None and arg.mode.value == "out":
            continue
        ref = ctx.types.get(arg.type)
        if ref is None:
            return None
        out.append((ref.kind.value, ref.schema, ref.name, ref.array_dims))
    return tuple(out)


def check(ctx: Context) -> None:
    seen: dict[tuple[object, ...], d.FunctionDecl] = {}
    for function in ctx.functions:
        sig = signature(ctx, function)
        if sig is None:
            continue
        key = (function.schema, function.name.value, sig)
        first = seen.get(key)
        if first is None:
            seen[key] = function
            continue
        shown = ", ".join(
            ctx.target.type_name(ctx.types[a.type])
            for a in function.arguments
            if a.mode is None or a.mode.value != "out"
        )
        ctx.emit(
            cat.duplicate_function(function.name.span, first.name.span, function.name.value, shown)
        )
