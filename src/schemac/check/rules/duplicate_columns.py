"""Columns of a table, fields of a composite type and named arguments of a function are unique."""

from __future__ import annotations

from collections.abc import Iterable

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.NAMES


def _unique(ctx: Context, names: Iterable[d.Text], what: str, owner: str) -> None:
    seen: dict[str, d.Text] = {}
    for name in names:
        first = seen.get(name.value)
        if first is not None:
            ctx.emit(cat.duplicate_column(name.span, first.span, what, name.value, owner))
        else:
            seen[name.value] = name


def check(ctx: Context) -> None:
    for table in ctx.tables:
        _unique(ctx, (c.name for c in table.columns), "column", f"table `{table.name.value}`")
    for composite in ctx.composites:
        _unique(ctx, (f.name for f in composite.fields), "field", f"type `{composite.name.value}`")
    for function in ctx.functions:
        _unique(
            ctx,
            (a.name for a in function.arguments if a.name is not None),
            "argument",
            f"function `{function.name.value}`",
        )
        if function.returns is not None:
            _unique(
                ctx,
                (name for name, _ in function.returns.table),
                "column",
                f"the table `{function.name.value}` returns",
            )
    for view in ctx.views:
        _unique(ctx, view.columns, "column", f"view `{view.name.value}`")
    for matview in ctx.matviews:
        _unique(ctx, matview.columns, "column", f"view `{matview.name.value}`")
