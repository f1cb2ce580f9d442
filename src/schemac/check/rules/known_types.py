"""Every type is known: a built-in (in any of its spellings), a declared type, or an extension's.

Resolves each written type to a TypeRef (ctx.types) and checks its modifiers:
`varchar(n)` takes a length, `numeric(p, s)` a precision and scale, `timestamp(p)`
a precision of 0 to 6, most types none. Which built-ins exist, how they are spelled
and what extensions bring are the target dialect's tables.
"""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import namespaces_for, schema_help
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean
from schemac.ir.types import Category, Modifiers, TypeKind, TypeRef
from schemac.source import Span

__all__ = ["PASS", "check"]

PASS = Pass.TYPES


def _uses(ctx: Context) -> Iterator[tuple[d.TypeExprDecl, str | None, str]]:
    """Every written type, with the schema it is read in and what it types."""
    for table in ctx.tables:
        for column in table.columns:
            yield column.type, table.schema, "column"
    for domain in ctx.domains:
        yield domain.type, domain.schema, "domain"
    for composite in ctx.composites:
        for field in composite.fields:
            yield field.type, composite.schema, "field"
    for sequence in ctx.sequences:
        if sequence.type is not None:
            yield sequence.type, sequence.schema, "sequence"
    for function in ctx.functions:
        for arg in function.arguments:
            yield arg.type, function.schema, "argument"
        if function.returns is not None:
            if function.returns.type is not None:
                yield function.returns.type, function.schema, "returns"
            for _, column_type in function.returns.table:
                yield column_type, function.schema, "column"


def check(ctx: Context) -> None:
    extensions = {e.name.value for e in ctx.extensions}
    extension_types = ctx.target.extension_types
    provided = {t: e for e in extensions for t in extension_types.get(e, ())}
    unknown_extensions = sorted(e for e in extensions if e not in extension_types)
    # A type written the same way in the same schema and use resolves the same way:
    # resolved once, and the TypeRef shared. (Failures are not kept: each occurrence
    # is reported where it stands.)
    resolved: dict[tuple[object, ...], TypeRef] = {}
    for expr, schema, usage in _uses(ctx):
        key = (expr.name, expr.args, expr.array_dims, schema, usage)
        known = resolved.get(key)
        if known is not None:
            ctx.types[expr] = known
            continue
        ref = _resolve(ctx, expr, schema, provided, unknown_extensions)
        if ref is None:
            continue
        ref = _modifiers(ctx, expr, ref)
        if ref is None:
            continue
        if ctx.target.category(ref) is Category.PSEUDO and (
            usage not in ("argument", "returns")
            or (usage == "argument" and ref.name in ctx.target.not_argument_types)
        ):
            what = {"returns": "a result", "argument": "an argument"}.get(usage, f"a {usage}")
            ctx.emit(cat.pseudo_type(expr.name_span, ref.name, what))
            continue
        ctx.types[expr] = ref
        if ref.kind is not TypeKind.EXTENSION or ref.name in provided:
            resolved[key] = ref  # (an unverified type warns at every use)


def _resolve(
    ctx: Context,
    expr: d.TypeExprDecl,
    schema: str | None,
    provided: dict[str, str],
    unknown_extensions: list[str],
) -> TypeRef | None:
    dims = expr.array_dims
    target = ctx.target
    if len(expr.name) > 2:
        ctx.emit(cat.long_reference(expr.name_span, ".".join(expr.name), 2))
        return None
    if len(expr.name) == 2:
        owner, name = expr.name
        if owner == target.system_schema:
            canonical = target.canonical_name(name)
            if canonical is not None:
                return TypeRef(name=canonical, array_dims=dims)
        symbols = ctx.schemas.get(owner)
        if symbols is None:
            if owner in target.builtin_schemas:
                ctx.emit(cat.unknown_type(expr.name_span, f"{owner}.{name}", None))
            else:
                span = expr.name_span
                if span.text.startswith(owner + "."):
                    span = Span(span.start, span.start + len(owner), span.file)
                ctx.emit(cat.unknown_schema(span, owner, schema_help(ctx, owner)))
            return None
        found = _user_type(symbols.namespace, name, owner, dims)
        if found is None:
            ns = symbols.namespace
            names = [*ns.enums, *ns.domains, *ns.composites]
            ctx.emit(cat.unknown_type(expr.name_span, f"{owner}.{name}", did_you_mean(name, names)))
        return found
    spelled = expr.name[0]
    lowered = " ".join(spelled.lower().split())
    # Built-in spellings first (as PostgreSQL searches pg_catalog first), then declared
    # types by their exact name, then built-ins written in capitals (`BIGINT`).
    exact = target.type_aliases.get(" ".join(spelled.split()))
    if exact is not None:
        return TypeRef(name=exact, array_dims=dims)
    if lowered.startswith("interval ") and lowered[9:] in target.interval_fields:
        return TypeRef(name="interval", interval_fields=lowered[9:], array_dims=dims)
    for scope, namespace in namespaces_for(ctx, schema):
        found = _user_type(namespace, spelled, scope, dims)
        if found is not None:
            return found
    folded = target.canonical_name(spelled)
    if folded is not None:
        return TypeRef(name=folded, array_dims=dims)
    if lowered in target.serial_types:
        integer = target.type_name(TypeRef(name=target.serial_types[lowered]))
        ctx.emit(cat.serial_type(expr.name_span, spelled, integer))
        return None
    if spelled in provided:
        return TypeRef(name=spelled, kind=TypeKind.EXTENSION, array_dims=dims)
    if unknown_extensions:
        ctx.emit(cat.unverified_type(expr.name_span, spelled, tuple(unknown_extensions)))
        return TypeRef(name=spelled, kind=TypeKind.EXTENSION, array_dims=dims)
    candidates = [alias for alias in target.type_aliases if " " not in alias] + list(
        {
            name
            for _, ns in namespaces_for(ctx, schema)
            for name in (*ns.enums, *ns.domains, *ns.composites)
        }
    )
    help = did_you_mean(spelled, candidates)
    for extension, types in target.extension_types.items():
        if spelled in types:
            help = f'`{spelled}` comes with an extension: declare `extension "{extension}" {{}}`'
    ctx.emit(cat.unknown_type(expr.name_span, spelled, help))
    return None


def _user_type(namespace: Namespace, name: str, schema: str | None, dims: int) -> TypeRef | None:
    if name in namespace.enums:
        kind = TypeKind.ENUM
    elif name in namespace.domains:
        kind = TypeKind.DOMAIN
    elif name in namespace.composites or name in namespace.tables or name in namespace.views:
        kind = TypeKind.COMPOSITE
    else:
        return None
    return TypeRef(name=name, kind=kind, schema=schema, array_dims=dims)


def _modifiers(ctx: Context, expr: d.TypeExprDecl, ref: TypeRef) -> TypeRef | None:
    args = expr.args
    span = expr.arg_span or expr.name_span
    builtin = ctx.target.builtin(ref)
    limits = ctx.target.type_limits
    spelled = expr.name[-1]
    if builtin is None:
        if ref.kind is TypeKind.EXTENSION:
            return _with(ref, args)
        if args:
            ctx.emit(cat.bad_type_modifiers(span, spelled, "takes no modifiers"))
            return None
        return ref
    rule = builtin.modifiers
    lowered = spelled.lower()
    if lowered == "float" and args:
        top = limits.max_float_precision
        if len(args) != 1 or not isinstance(args[0], int) or not 1 <= args[0] <= top:
            ctx.emit(cat.bad_type_modifiers(span, spelled, f"takes a precision from 1 to {top}"))
            return None
        float4 = args[0] <= limits.max_float4_precision
        return TypeRef(name="float4" if float4 else "float8", array_dims=ref.array_dims)
    if not args:
        if lowered in ("char", "character") or (lowered == "bit" and ref.name == "bit"):
            return _with(ref, (1,))
        return ref
    if any(not isinstance(a, int) for a in args):
        ctx.emit(cat.bad_type_modifiers(span, spelled, "takes numbers in its parentheses"))
        return None
    if rule is Modifiers.NONE:
        ctx.emit(cat.bad_type_modifiers(span, spelled, "takes no modifiers"))
        return None
    values = [a for a in args if isinstance(a, int)]
    if rule is Modifiers.LENGTH:
        top = limits.max_length
        if len(values) != 1 or not 1 <= values[0] <= top:
            ctx.emit(cat.bad_type_modifiers(span, spelled, f"takes one length from 1 to {top}"))
            return None
    elif rule is Modifiers.PRECISION:
        top = limits.max_time_precision
        if len(values) != 1 or not 0 <= values[0] <= top:
            ctx.emit(cat.bad_type_modifiers(span, spelled, f"takes one precision from 0 to {top}"))
            return None
    elif rule is Modifiers.NUMERIC:
        top, scale = limits.max_numeric_precision, limits.max_numeric_scale
        if len(values) > 2 or not 1 <= values[0] <= top:
            ctx.emit(
                cat.bad_type_modifiers(
                    span, spelled, f"takes a precision from 1 to {top}, and a scale"
                )
            )
            return None
        if len(values) == 2 and not -scale <= values[1] <= scale:
            ctx.emit(
                cat.bad_type_modifiers(span, spelled, f"takes a scale from -{scale} to {scale}")
            )
            return None
    return _with(ref, tuple(values))


def _with(ref: TypeRef, modifiers: tuple[int | str, ...]) -> TypeRef:
    return TypeRef(
        name=ref.name,
        kind=ref.kind,
        schema=ref.schema,
        modifiers=modifiers,
        interval_fields=ref.interval_fields,
        array_dims=ref.array_dims,
    )
