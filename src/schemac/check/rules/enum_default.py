"""A default for an enum column is one of the enum's values."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.default_fits_type import base_type
from schemac.diagnostics import catalog as cat
from schemac.ir.types import TypeKind

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def _strings(value: d.LiteralValue) -> list[d.LiteralValue]:
    if value.kind == "array":
        return [s for item in value.items for s in _strings(item)]
    return [value] if value.kind == "string" else []


def _check(ctx: Context, default: d.DefaultDecl | None, type_: d.TypeExprDecl) -> None:
    if not isinstance(default, d.LiteralValue):
        return
    ref = ctx.types.get(type_)
    if ref is None:
        return
    ref = base_type(ctx, ref)
    if ref.kind is not TypeKind.ENUM:
        return
    symbols = ctx.schemas.get(ref.schema)
    enum = symbols.namespace.enums.get(ref.name) if symbols is not None else None
    if enum is None:
        return
    values = tuple(v.value for v in enum.values)
    for literal in _strings(default):
        if literal.value not in values:
            ctx.emit(cat.enum_default_not_value(literal.span, str(literal.value), ref.name, values))


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            _check(ctx, column.default, column.type)
    for function in ctx.functions:
        for arg in function.arguments:
            _check(ctx, arg.default, arg.type)
    for domain in ctx.domains:
        _check(ctx, domain.default, domain.type)
