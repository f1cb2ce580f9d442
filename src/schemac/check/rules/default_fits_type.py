"""A literal default fits its column's type, as PostgreSQL would check when creating the table.

Strings are PostgreSQL's untyped literals and fit most types; they are checked where
the type's input format is simple (integers, numbers, booleans, uuid, json). Numbers
fit numeric and string types; booleans fit boolean and string types; arrays need an
array column. Enum values are checked by enum_default.
"""

from __future__ import annotations

import json
import re

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat
from schemac.ir.types import Category, TypeKind, TypeRef

__all__ = ["PASS", "base_type", "check", "fits"]

PASS = Pass.TYPES

_BOOL_WORDS = frozenset(("t", "true", "y", "yes", "on", "1", "f", "false", "n", "no", "off", "0"))
_UUID = re.compile(r"\{?[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?")
_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


def base_type(ctx: Context, ref: TypeRef) -> TypeRef:
    """A domain's base type (through domains over domains); other types as they are."""
    seen = 0
    while ref.kind is TypeKind.DOMAIN and seen < 20:
        seen += 1
        namespace = ctx.schemas.get(ref.schema)
        domain = namespace.namespace.domains.get(ref.name) if namespace else None
        inner = ctx.types.get(domain.type) if domain is not None else None
        if inner is None:
            return ref
        ref = TypeRef(
            name=inner.name,
            kind=inner.kind,
            schema=inner.schema,
            modifiers=inner.modifiers,
            interval_fields=inner.interval_fields,
            array_dims=inner.array_dims + ref.array_dims,
        )
    return ref


def _magnitude(ctx: Context, ref: TypeRef) -> int:
    return -ctx.target.integer_ranges[ref.name][0]


def fits(ctx: Context, value: d.LiteralValue, ref: TypeRef) -> d.LiteralValue | None:
    """The offending literal, or None when the value fits."""
    if value.kind == "null":
        return None
    if value.kind == "array":
        if ref.array_dims == 0:
            return value
        inner = TypeRef(
            name=ref.name,
            kind=ref.kind,
            schema=ref.schema,
            modifiers=ref.modifiers,
            array_dims=ref.array_dims - 1,
        )
        for item in value.items:
            bad = fits(ctx, item, inner)
            if bad is not None:
                return bad
        return None
    if ref.array_dims:
        # A string may be PostgreSQL's array text ('{1,2}'); anything else is no array.
        return None if value.kind == "string" else value
    if ref.kind is not TypeKind.BUILTIN:
        return None if value.kind == "string" or ref.kind is TypeKind.EXTENSION else value
    category = ctx.target.category(ref)
    text = str(value.value)
    if value.kind == "number":
        if category is Category.INTEGER:
            if not re.fullmatch(r"-?\d+", text) or abs(int(text)) > _magnitude(ctx, ref):
                return value
            return None
        return (
            None
            if category in (Category.NUMERIC, Category.FLOAT, Category.MONEY, Category.STRING)
            else value
        )
    if value.kind == "bool":
        return None if category in (Category.BOOLEAN, Category.STRING) else value
    # A string: PostgreSQL parses it with the type's input function.
    if category is Category.INTEGER:
        stripped = text.strip()
        if not re.fullmatch(r"[+-]?\d+", stripped) or abs(int(stripped)) > _magnitude(ctx, ref):
            return value
    elif category in (Category.NUMERIC, Category.FLOAT):
        if not _NUMBER.fullmatch(text) and text.strip().lower() not in (
            "nan",
            "infinity",
            "-infinity",
        ):
            return value
    elif category is Category.BOOLEAN:
        if text.strip().lower() not in _BOOL_WORDS:
            return value
    elif category is Category.UUID:
        if not _UUID.fullmatch(text.strip()):
            return value
    elif category is Category.STRING and ref.name in ("varchar", "bpchar") and ref.modifiers:
        limit = ref.modifiers[0]
        if (
            isinstance(limit, int)
            and len(text.rstrip(" ") if ref.name == "bpchar" else text) > limit
        ):
            return value
    elif category is Category.JSON and ref.name in ("json", "jsonb"):
        try:
            json.loads(text)
        except ValueError:
            return value
    return None


_WHAT = {"string": "a string", "number": "a number", "bool": "a boolean", "array": "an array"}


def _check(ctx: Context, default: d.DefaultDecl | None, type_: d.TypeExprDecl, owner: str) -> None:
    if not isinstance(default, d.LiteralValue):
        return
    ref = ctx.types.get(type_)
    if ref is None:
        return
    base = base_type(ctx, ref)
    if base.kind is TypeKind.ENUM:
        return
    bad = fits(ctx, default, base)
    if bad is not None:
        what = _WHAT.get(bad.kind, "a value")
        if bad.kind == "string":
            what = f'the string "{bad.value}"'
        elif bad.kind == "number":
            what = f"the number {bad.value}"
        ctx.emit(cat.default_type_mismatch(bad.span, owner, ctx.target.type_name(ref), what))


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            _check(ctx, column.default, column.type, column.name.value)
    for function in ctx.functions:
        for arg in function.arguments:
            _check(ctx, arg.default, arg.type, arg.name.value if arg.name else "the argument")
    for domain in ctx.domains:
        _check(ctx, domain.default, domain.type, domain.name.value)
