"""Argument defaults as PostgreSQL takes them.

Only input arguments (`in`, `inout`, `variadic`) have defaults; once one has, every
input argument after it needs one too; and a procedure's `out` arguments cannot come
after an argument with a default.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _mode(arg: d.ArgDecl) -> str:
    return arg.mode.value if arg.mode is not None else "in"


def _check(ctx: Context, function: d.FunctionDecl) -> None:
    defaulted: d.ArgDecl | None = None
    for arg in function.arguments:
        mode = _mode(arg)
        name = f"`{arg.name.value}`" if arg.name is not None else "an argument"
        if mode == "out":
            if arg.default is not None:
                ctx.emit(
                    cat.argument_defaults(
                        arg.span,
                        f"the `out` argument {name} has a default",
                        "only input arguments have defaults: remove it",
                    )
                )
                return
            if function.procedure and defaulted is not None:
                ctx.emit(
                    cat.argument_defaults(
                        arg.span,
                        f"the `out` argument {name} comes after an argument with a default",
                        "put a procedure's `out` arguments before those with defaults",
                    )
                )
                return
            continue
        if arg.default is not None:
            defaulted = arg
        elif defaulted is not None:
            ctx.emit(
                cat.argument_defaults(
                    arg.span,
                    f"{name} has no default, but comes after an argument with one",
                    "give it a default, or move it before the arguments with defaults",
                )
            )
            return


def check(ctx: Context) -> None:
    for function in ctx.functions:
        if function not in ctx.broken:
            _check(ctx, function)
