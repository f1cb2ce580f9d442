"""Every type is known: a built-in (in any of its spellings), a declared type, or an extension's.

Resolves each written type to a TypeRef (ctx.types) and checks its modifiers:
`varchar(n)` takes a length, `numeric(p, s)` a precision and scale, `timestamp(p)`
a precision of 0 to 6, most types none.
"""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import BUILTIN_SCHEMAS, namespaces_for, schema_help
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean
from schemac.ir.types import (
    ALIASES,
    BUILTINS,
    INTERVAL_FIELDS,
    SERIALS,
    SPELLINGS,
    Category,
    Modifiers,
    TypeKind,
    TypeRef,
    canonical_name,
)
from schemac.source import Span

__all__ = ["EXTENSION_TYPES", "PASS", "check", "type_name"]

PASS = Pass.TYPES

# Types that well-known extensions bring; extensions not listed bring types schemac
# cannot verify (a warning, not an error).
EXTENSION_TYPES: dict[str, tuple[str, ...]] = {
    "citext": ("citext",),
    "hstore": ("hstore",),
    "ltree": ("ltree", "lquery", "ltxtquery"),
    "postgis": ("geometry", "geography", "box2d", "box3d"),
    "postgis_raster": ("raster",),
    "postgis_topology": ("topogeometry",),
    "vector": ("vector", "halfvec", "sparsevec"),
    "cube": ("cube",),
    "seg": ("seg",),
    "isn": ("isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "ean13", "upc"),
    "lo": ("lo",),
    "pg_trgm": (),
    "pgcrypto": (),
    "uuid-ossp": (),
    "btree_gist": (),
    "btree_gin": (),
    "intarray": (),
    "unaccent": (),
    "fuzzystrmatch": (),
    "pg_stat_statements": (),
    "tablefunc": (),
    "plpgsql": (),
    "dblink": (),
    "postgres_fdw": (),
    "tsm_system_rows": (),
    "earthdistance": (),
    "bloom": (),
    "amcheck": (),
    "pgstattuple": (),
    "pg_buffercache": (),
    "pg_prewarm": (),
    "sslinfo": (),
    "tcn": (),
}

_ARG_TYPES_FORBIDDEN = frozenset(("void", "trigger", "event_trigger"))


def type_name(ref: TypeRef) -> str:
    """A type as people read it: `bigint`, `varchar(255)`, `blog.status[]`."""
    name = SPELLINGS.get(ref.name, ref.name) if ref.kind is TypeKind.BUILTIN else ref.name
    base = f"{ref.schema}.{name}" if ref.schema else name
    if ref.interval_fields:
        base += " " + ref.interval_fields
    if ref.modifiers:
        base += "(" + ", ".join(str(m) for m in ref.modifiers) + ")"
    return base + "[]" * ref.array_dims


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
    provided = {t: e for e in extensions for t in EXTENSION_TYPES.get(e, ())}
    unknown_extensions = sorted(e for e in extensions if e not in EXTENSION_TYPES)
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
        if ref.category is Category.PSEUDO and (
            usage not in ("argument", "returns")
            or (usage == "argument" and ref.name in _ARG_TYPES_FORBIDDEN)
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
    if len(expr.name) > 2:
        ctx.emit(cat.long_reference(expr.name_span, ".".join(expr.name), 2))
        return None
    if len(expr.name) == 2:
        owner, name = expr.name
        if owner == "pg_catalog":
            canonical = canonical_name(name)
            if canonical is not None:
                return TypeRef(name=canonical, array_dims=dims)
        symbols = ctx.schemas.get(owner)
        if symbols is None:
            if owner in BUILTIN_SCHEMAS:
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
    exact = ALIASES.get(" ".join(spelled.split()))
    if exact is not None:
        return TypeRef(name=exact, array_dims=dims)
    if lowered.startswith("interval ") and lowered[9:] in INTERVAL_FIELDS:
        return TypeRef(name="interval", interval_fields=lowered[9:], array_dims=dims)
    for scope, namespace in namespaces_for(ctx, schema):
        found = _user_type(namespace, spelled, scope, dims)
        if found is not None:
            return found
    folded = canonical_name(spelled)
    if folded is not None:
        return TypeRef(name=folded, array_dims=dims)
    if lowered in SERIALS:
        integer = {"int2": "smallint", "int4": "integer", "int8": "bigint"}[SERIALS[lowered]]
        ctx.emit(cat.serial_type(expr.name_span, spelled, integer))
        return None
    if spelled in provided:
        return TypeRef(name=spelled, kind=TypeKind.EXTENSION, array_dims=dims)
    if unknown_extensions:
        ctx.emit(cat.unverified_type(expr.name_span, spelled, tuple(unknown_extensions)))
        return TypeRef(name=spelled, kind=TypeKind.EXTENSION, array_dims=dims)
    candidates = [alias for alias in ALIASES if " " not in alias] + list(
        {
            name
            for _, ns in namespaces_for(ctx, schema)
            for name in (*ns.enums, *ns.domains, *ns.composites)
        }
    )
    help = did_you_mean(spelled, candidates)
    for extension, types in EXTENSION_TYPES.items():
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
    builtin = BUILTINS.get(ref.name) if ref.kind is TypeKind.BUILTIN else None
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
        if len(args) != 1 or not isinstance(args[0], int) or not 1 <= args[0] <= 53:
            ctx.emit(cat.bad_type_modifiers(span, spelled, "takes a precision from 1 to 53"))
            return None
        return TypeRef(name="float4" if args[0] <= 24 else "float8", array_dims=ref.array_dims)
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
        if len(values) != 1 or not 1 <= values[0] <= 10_485_760:
            ctx.emit(cat.bad_type_modifiers(span, spelled, "takes one length from 1 to 10485760"))
            return None
    elif rule is Modifiers.PRECISION:
        if len(values) != 1 or not 0 <= values[0] <= 6:
            ctx.emit(cat.bad_type_modifiers(span, spelled, "takes one precision from 0 to 6"))
            return None
    elif rule is Modifiers.NUMERIC:
        if len(values) > 2 or not 1 <= values[0] <= 1000:
            ctx.emit(
                cat.bad_type_modifiers(
                    span, spelled, "takes a precision from 1 to 1000, and a scale"
                )
            )
            return None
        if len(values) == 2 and not -1000 <= values[1] <= 1000:
            ctx.emit(cat.bad_type_modifiers(span, spelled, "takes a scale from -1000 to 1000"))
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
