"""A collation is set only on a column, field or domain of a collatable type (text types)."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.default_fits_type import base_type
from schemac.diagnostics import catalog as cat
from schemac.ir.types import Category, TypeKind

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def _check(ctx: Context, collation: d.Ref | None, type_: d.TypeExprDecl) -> None:
    if collation is None:
        return
    ref = ctx.types.get(type_)
    if ref is None:
        return
    base = base_type(ctx, ref)
    if base.kind is TypeKind.EXTENSION or ctx.target.category(base) is Category.STRING:
        return
    if base.kind is TypeKind.BUILTIN or base.kind in (TypeKind.ENUM, TypeKind.COMPOSITE):
        ctx.emit(cat.collation_on_type(collation.span, ctx.target.type_name(ref)))


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            _check(ctx, column.collation, column.type)
    for composite in ctx.composites:
        for field in composite.fields:
            _check(ctx, field.collation, field.type)
    for domain in ctx.domains:
        _check(ctx, domain.collation, domain.type)
