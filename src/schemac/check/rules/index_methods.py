"""An index uses only what its method supports.

Only btree indexes can be unique; INCLUDE columns need btree, gist or spgist; a
method other than btree has no ascending or descending order and no NULLS FIRST/LAST.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.walk import table_indexes
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS

_INCLUDE = frozenset(("btree", "gist", "spgist"))


def _check(ctx: Context, index: d.IndexDecl) -> None:
    method = index.method.value if index.method is not None else "btree"
    span = index.method.span if index.method is not None else index.span
    if method == "btree":
        return
    if index.unique:
        ctx.emit(cat.index_method(span, method, "cannot be unique", "unique indexes use `btree`"))
    if index.include and method not in _INCLUDE:
        ctx.emit(
            cat.index_method(
                span, method, "take no `include` columns", "use btree, gist or spgist for include"
            )
        )
    for element in index.elements:
        if element.descending or element.nulls is not None:
            ctx.emit(
                cat.index_method(
                    element.span,
                    method,
                    "have no sort order",
                    "remove `desc`/`nulls first|last`, or use a btree index",
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
