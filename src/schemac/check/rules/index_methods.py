"""An index uses only what its method supports (the target's index methods say what).

In PostgreSQL only btree indexes can be unique; INCLUDE columns need btree, gist or
spgist; a method other than btree has no ascending or descending order and no NULLS
FIRST/LAST.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.walk import table_indexes
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _listed(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _check(ctx: Context, index: d.IndexDecl) -> None:
    methods = ctx.target.index_methods
    method = index.method.value if index.method is not None else ctx.target.default_index_method
    span = index.method.span if index.method is not None else index.span
    traits = methods.get(method)
    if traits is None:
        return  # not one of the target's methods: the shape pass said so
    if index.unique and not traits.unique:
        unique = _listed([f"`{m}`" for m, t in methods.items() if t.unique])
        ctx.emit(cat.index_method(span, method, "cannot be unique", f"unique indexes use {unique}"))
    if index.include and not traits.include:
        include = _listed([m for m, t in methods.items() if t.include])
        ctx.emit(
            cat.index_method(
                span, method, "take no `include` columns", f"use {include} for include"
            )
        )
    if traits.ordered:
        return
    ordered = _listed([m for m, t in methods.items() if t.ordered])
    for element in index.elements:
        if element.descending or element.nulls is not None:
            ctx.emit(
                cat.index_method(
                    element.span,
                    method,
                    "have no sort order",
                    f"remove `desc`/`nulls first|last`, or use a {ordered} index",
                )
            )
            break


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for _, index in table_indexes(table):
            _check(ctx, index)
    for view in ctx.matviews:
        for index in view.indexes:
            _check(ctx, index)
