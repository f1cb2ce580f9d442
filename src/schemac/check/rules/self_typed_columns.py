"""No column is of its own table's row type, and no composite type holds itself."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.decls import TypeExprDecl
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat
from schemac.ir.types import TypeKind

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def _is_self(ctx: Context, type_: TypeExprDecl, schema: str | None, name: str) -> bool:
    ref = ctx.types.get(type_)
    return (
        ref is not None
        and ref.kind is TypeKind.COMPOSITE
        and (ref.schema, ref.name) == (schema, name)
    )


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            if _is_self(ctx, column.type, table.schema, table.name.value):
                ctx.emit(
                    cat.self_typed(
                        column.type.span, f"column `{column.name.value}`", table.name.value
                    )
                )
    for composite in ctx.composites:
        for f in composite.fields:
            if _is_self(ctx, f.type, composite.schema, composite.name.value):
                ctx.emit(
                    cat.self_typed(f.type.span, f"field `{f.name.value}`", composite.name.value)
                )
