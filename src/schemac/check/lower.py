"""Lowering: checked declarations and their resolutions to the IR (only when error-free)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.lower_table import (
    collation,
    default,
    lower_index,
    lower_table,
    lower_trigger,
    sorted_by_name,
)
from schemac.ir import model as ir
from schemac.ir.types import TypeRef

__all__ = ["lower"]


def _text(value: d.Text | None) -> str | None:
    return value.value if value is not None else None


def _int(value: d.Int | None) -> int | None:
    return value.value if value is not None else None


def _view(ctx: Context, view: d.ViewDecl) -> ir.View:
    return ir.View(
        name=view.name.value,
        query=ir.SqlExpr(text=view.query.text),
        columns=tuple(c.value for c in view.columns),
        check_option=ir.CheckOption(view.check_option.value) if view.check_option else None,
        security_barrier=view.security_barrier,
        security_invoker=view.security_invoker,
        depends_on=tuple(ctx.dependencies[r] for r in view.depends_on if r in ctx.dependencies),
        triggers=sorted_by_name(lower_trigger(ctx, t) for t in view.triggers),
        comment=_text(view.comment),
        renamed_from=_text(view.renamed_from),
        origin=view.span,
    )


def _matview(ctx: Context, view: d.MatViewDecl) -> ir.MaterializedView:
    return ir.MaterializedView(
        name=view.name.value,
        query=ir.SqlExpr(text=view.query.text),
        columns=tuple(c.value for c in view.columns),
        with_data=view.with_data,
        indexes=sorted_by_name(lower_index(ctx, i) for i in view.indexes),
        depends_on=tuple(ctx.dependencies[r] for r in view.depends_on if r in ctx.dependencies),
        comment=_text(view.comment),
        renamed_from=_text(view.renamed_from),
        origin=view.span,
    )


def _collation(decl: d.CollationDecl) -> ir.Collation:
    provider = ir.CollationProvider(decl.provider.value) if decl.provider else None
    return ir.Collation(
        name=decl.name.value,
        provider=provider or ir.CollationProvider.LIBC,
        locale=_text(decl.locale),
        lc_collate=_text(decl.lc_collate),
        lc_ctype=_text(decl.lc_ctype),
        deterministic=decl.nondeterministic is None,
        comment=_text(decl.comment),
        renamed_from=_text(decl.renamed_from),
        origin=decl.span,
    )


def _enum(enum: d.EnumDecl) -> ir.EnumType:
    renamed = {new.value: old.value for new, old in enum.renamed_values}
    return ir.EnumType(
        name=enum.name.value,
        values=tuple(v.value for v in enum.values),
        renamed_values=tuple(
            (v.value, renamed[v.value]) for v in enum.values if v.value in renamed
        ),
        comment=_text(enum.comment),
        renamed_from=_text(enum.renamed_from),
        origin=enum.span,
    )


def _domain(ctx: Context, domain: d.DomainDecl) -> ir.Domain:
    checks = [
        ir.CheckConstraint(
            name=ctx.constraint_names[c],
            expression=ir.SqlExpr(text=c.expr.text),
            comment=_text(c.comment),
            renamed_from=_text(c.renamed_from),
            origin=c.span,
        )
        for c in domain.checks
    ]
    return ir.Domain(
        name=domain.name.value,
        type=ctx.types[domain.type],
        default=default(domain.default),
        not_null=domain.not_null,
        collation=collation(ctx, domain.collation),
        checks=sorted_by_name(checks),
        comment=_text(domain.comment),
        renamed_from=_text(domain.renamed_from),
        origin=domain.span,
    )


def _composite(ctx: Context, composite: d.CompositeDecl) -> ir.CompositeType:
    return ir.CompositeType(
        name=composite.name.value,
        fields=tuple(
            ir.CompositeField(
                name=f.name.value,
                type=ctx.types[f.type],
                collation=collation(ctx, f.collation),
                comment=_text(f.comment),
                renamed_from=_text(f.renamed_from),
            )
            for f in composite.fields
        ),
        comment=_text(composite.comment),
        renamed_from=_text(composite.renamed_from),
        origin=composite.span,
    )


def _sequence(ctx: Context, sequence: d.SequenceDecl) -> ir.Sequence:
    owner = ctx.owners.get(sequence)
    owned_by = None
    if owner is not None:
        table, column = owner
        owned_by = (ir.ObjectName(schema=table.schema, name=table.name.value), column.name.value)
    type_ = ctx.types[sequence.type] if sequence.type is not None else TypeRef(name="int8")
    return ir.Sequence(
        name=sequence.name.value,
        type=type_,
        options=ir.SequenceOptions(
            start=_int(sequence.start),
            increment=_int(sequence.increment),
            min_value=_int(sequence.min_value),
            max_value=_int(sequence.max_value),
            cache=_int(sequence.cache),
            cycle=sequence.cycle,
        ),
        owned_by=owned_by,
        comment=_text(sequence.comment),
        renamed_from=_text(sequence.renamed_from),
        origin=sequence.span,
    )


def _function(ctx: Context, function: d.FunctionDecl) -> ir.Function:
    returns = None
    if function.returns is not None:
        r = function.returns
        returns = ir.Returns(
            type=ctx.types[r.type] if r.type is not None else None,
            setof=r.setof,
            table=tuple((name.value, ctx.types[type_]) for name, type_ in r.table),
        )
    return ir.Function(
        name=function.name.value,
        kind=ir.FunctionKind.PROCEDURE if function.procedure else ir.FunctionKind.FUNCTION,
        arguments=tuple(
            ir.FunctionArg(
                name=_text(a.name),
                type=ctx.types[a.type],
                mode=ir.ArgMode(a.mode.value) if a.mode else ir.ArgMode.IN,
                default=default(a.default),
            )
            for a in function.arguments
        ),
        returns=returns,
        language=function.language.value.lower(),
        body=function.body.text,
        volatility=ir.Volatility(function.volatility.value)
        if function.volatility
        else ir.Volatility.VOLATILE,
        strict=function.strict,
        security_definer=function.security is not None and function.security.value == "definer",
        leakproof=function.leakproof,
        parallel=ir.Parallel(function.parallel.value) if function.parallel else ir.Parallel.UNSAFE,
        cost=_text(function.cost),
        rows=_text(function.rows),
        config=tuple(sorted((k.value, v.value) for k, v in function.config)),
        comment=_text(function.comment),
        renamed_from=_text(function.renamed_from),
        origin=function.span,
    )


def _grants(ctx: Context) -> tuple[ir.Grant, ...]:
    """One grant per object, role, column list and grant option; `all` spelled out."""
    merged: dict[tuple[object, ...], tuple[set[str], ir.Grant]] = {}
    for grant in ctx.grants:
        for on in grant.on:
            target = ctx.grant_targets.get(on)
            if target is None:
                continue
            for privilege in grant.privileges:
                name = privilege.name.value
                expanded = ctx.target.privileges[target.kind] if name == "all" else (name,)
                columns = tuple(c.last for c in privilege.columns)
                for role in grant.to:
                    group = (target, role.value, columns, grant.with_grant_option)
                    entry = merged.get(group)
                    if entry is None:
                        base = ir.Grant(
                            target=target,
                            grantee=role.value,
                            privileges=(),
                            columns=columns,
                            with_grant_option=grant.with_grant_option,
                            origin=grant.span,
                        )
                        entry = merged[group] = (set(), base)
                    entry[0].update(expanded)
    out = []
    for privileges, base in merged.values():
        out.append(
            ir.Grant(
                target=base.target,
                grantee=base.grantee,
                privileges=tuple(sorted(privileges)),
                columns=base.columns,
                with_grant_option=base.with_grant_option,
                origin=base.origin,
            )
        )

    def key(g: ir.Grant) -> tuple[str, str, str, str, tuple[str, ...], bool]:
        t = g.target
        return (
            t.kind.value,
            t.name.schema or "",
            t.name.name,
            g.grantee,
            g.columns,
            g.with_grant_option,
        )

    return tuple(sorted(out, key=key))


T = TypeVar("T")


def _by_schema(items: Iterable[T]) -> dict[str | None, list[T]]:
    """Declarations grouped by their schema, in order (one pass, however many schemas)."""
    out: dict[str | None, list[T]] = {}
    for item in items:
        out.setdefault(item.schema, []).append(item)  # type: ignore[attr-defined]
    return out


def lower(ctx: Context) -> ir.Database:
    schemas = []
    names = sorted(ctx.schemas, key=lambda n: (n is not None, n or ""))
    tables, views, matviews = (
        _by_schema(ctx.tables),
        _by_schema(ctx.views),
        _by_schema(ctx.matviews),
    )
    collations, enums, domains = (
        _by_schema(ctx.collations),
        _by_schema(ctx.enums),
        _by_schema(ctx.domains),
    )
    composites, sequences, functions = (
        _by_schema(ctx.composites),
        _by_schema(ctx.sequences),
        _by_schema(ctx.functions),
    )
    comments: dict[str | None, str] = {}
    renames: dict[str | None, str] = {}
    for schema_decl in ctx.schema_decls:
        if schema_decl.comment is not None:
            comments.setdefault(schema_decl.name.value, schema_decl.comment.value)
        if schema_decl.renamed_from is not None:
            renames.setdefault(schema_decl.name.value, schema_decl.renamed_from.value)
    for name in names:
        symbols = ctx.schemas[name]
        decl = symbols.decl
        schemas.append(
            ir.Schema(
                name=name,
                tables=sorted_by_name(lower_table(ctx, t) for t in tables.get(name, ())),
                views=sorted_by_name(_view(ctx, v) for v in views.get(name, ())),
                materialized_views=sorted_by_name(_matview(ctx, v) for v in matviews.get(name, ())),
                collations=sorted_by_name(_collation(c) for c in collations.get(name, ())),
                enums=sorted_by_name(_enum(e) for e in enums.get(name, ())),
                domains=sorted_by_name(_domain(ctx, x) for x in domains.get(name, ())),
                composite_types=sorted_by_name(
                    _composite(ctx, c) for c in composites.get(name, ())
                ),
                sequences=sorted_by_name(_sequence(ctx, s) for s in sequences.get(name, ())),
                functions=tuple(
                    sorted(
                        (_function(ctx, f) for f in functions.get(name, ())),
                        key=lambda f: (f.name, [(t.schema or "", t.name) for t in f.signature]),
                    )
                ),
                comment=comments.get(name),
                renamed_from=renames.get(name),
                origin=decl.span if decl is not None else None,
            )
        )
    extensions = sorted_by_name(
        ir.Extension(
            name=e.name.value,
            schema=ctx.extension_schemas.get(e),
            version=_text(e.version),
            comment=_text(e.comment),
            origin=e.span,
        )
        for e in ctx.extensions
    )
    return ir.Database(schemas=tuple(schemas), extensions=extensions, grants=_grants(ctx))
