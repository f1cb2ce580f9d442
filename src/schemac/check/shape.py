"""The shape pass: syntax blocks to declarations, checked against the language's tables.

It reports unknown block kinds and attributes, values of the wrong shape, missing
required attributes, duplicates and misplaced blocks. What it cannot read is left
out of the declarations, so later passes see only well-formed input.
"""

from __future__ import annotations

from collections.abc import Callable

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.reader import BlockReader, head_span
from schemac.check.shape_table import build_check, build_index, build_table, build_trigger
from schemac.check.spec import BLOCKS, FILE
from schemac.diagnostics import catalog as cat
from schemac.syntax import ast

__all__ = ["run", "run_in_schema"]


def run(ctx: Context, files: list[ast.File]) -> None:
    for file in files:
        _objects(ctx, BlockReader(ctx, FILE, None, file.items), None)


def run_in_schema(ctx: Context, file: ast.File, schema: str) -> None:
    """The file's items as they would be read inside `schema "NAME" { ... }` (an editor's piece)."""
    _objects(ctx, BlockReader(ctx, BLOCKS["schema"], None, file.items), schema)


def _objects(ctx: Context, reader: BlockReader, schema: str | None) -> None:
    for spec, block in reader.blocks:
        child = BlockReader(ctx, spec, block, block.items)
        if spec.kind == "schema":
            name = child.name()
            ctx.schema_decls.append(
                d.SchemaDecl(
                    name=name,
                    comment=child.text("comment"),
                    renamed_from=child.text("renamed_from"),
                    span=head_span(block),
                )
            )
            _objects(ctx, child, name.value)
        else:
            _BUILDERS[spec.kind](ctx, child, schema)


def _extension(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    ctx.extensions.append(
        d.ExtensionDecl(
            name=r.name(),
            schema=r.ref("schema"),
            declared_in=schema,
            version=r.text("version"),
            comment=r.text("comment"),
            span=head_span(r.block),
        )
    )


def _view(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    query = r.sql("as")
    triggers = []
    for spec, block in r.blocks:
        trigger = build_trigger(ctx, BlockReader(ctx, spec, block, block.items), block)
        if trigger is not None:
            triggers.append(trigger)
    if query is None:
        return
    ctx.views.append(
        d.ViewDecl(
            schema=schema,
            name=r.name(),
            query=query,
            columns=r.texts("columns"),
            check_option=r.text("check_option"),
            security_barrier=r.flag("security_barrier"),
            security_invoker=r.flag("security_invoker"),
            depends_on=r.refs("depends_on"),
            triggers=tuple(triggers),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _materialized_view(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    query = r.sql("as")
    indexes = []
    for spec, block in r.blocks:
        index = build_index(BlockReader(ctx, spec, block, block.items), block)
        if index is not None:
            indexes.append(index)
    if query is None:
        return
    ctx.matviews.append(
        d.MatViewDecl(
            schema=schema,
            name=r.name(),
            query=query,
            columns=r.texts("columns"),
            with_data=r.flag("with_data", default=True),
            depends_on=r.refs("depends_on"),
            indexes=tuple(indexes),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _collation(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    deterministic = r.value("deterministic", tuple)
    ctx.collations.append(
        d.CollationDecl(
            schema=schema,
            name=r.name(),
            provider=r.text("provider"),
            locale=r.text("locale"),
            lc_collate=r.text("lc_collate"),
            lc_ctype=r.text("lc_ctype"),
            nondeterministic=deterministic[1] if deterministic and not deterministic[0] else None,
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _enum(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    ctx.enums.append(
        d.EnumDecl(
            schema=schema,
            name=r.name(),
            values=r.texts("values"),
            renamed_values=r.value("renamed_values", tuple) or (),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _domain(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    type_ = r.value("type", d.TypeExprDecl)
    checks = []
    single = r.sql("check")
    if single is not None:
        checks.append(
            d.CheckDecl(
                name=None,
                expr=single,
                no_inherit=False,
                comment=None,
                renamed_from=None,
                span=single.span,
            )
        )
    for spec, block in r.blocks:
        child = BlockReader(ctx, spec, block, block.items)
        no_inherit = child.span_of("no_inherit")
        if no_inherit is not None:
            ctx.emit(
                cat.unknown_attribute(
                    no_inherit, "no_inherit", "in a domain's `check`", "domains are not inherited"
                )
            )
        check = build_check(child, block)
        if check is not None:
            checks.append(check)
    if type_ is None:
        return
    ctx.domains.append(
        d.DomainDecl(
            schema=schema,
            name=r.name(),
            type=type_,
            default=r.default("default"),
            not_null=r.flag("not_null"),
            collation=r.ref("collation"),
            checks=tuple(checks),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _composite(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    fields = []
    for spec, block in r.blocks:
        child = BlockReader(ctx, spec, block, block.items)
        type_ = child.header_type(nullable_ok=False)
        if type_ is None:
            continue
        fields.append(
            d.FieldDecl(
                name=child.name(),
                type=type_,
                collation=child.ref("collation"),
                comment=child.text("comment"),
                renamed_from=child.text("renamed_from"),
                span=block.span,
            )
        )
    ctx.composites.append(
        d.CompositeDecl(
            schema=schema,
            name=r.name(),
            fields=tuple(fields),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _sequence(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    ctx.sequences.append(
        d.SequenceDecl(
            schema=schema,
            name=r.name(),
            type=r.value("type", d.TypeExprDecl),
            start=r.int("start"),
            increment=r.int("increment"),
            min_value=r.int("min_value"),
            max_value=r.int("max_value"),
            cache=r.int("cache"),
            cycle=r.flag("cycle"),
            owned_by=r.ref("owned_by"),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _routine(ctx: Context, r: BlockReader, schema: str | None, procedure: bool) -> None:
    assert r.block is not None
    arguments = []
    for spec, block in r.blocks:
        child = BlockReader(ctx, spec, block, block.items)
        type_ = child.header_type(nullable_ok=False)
        if type_ is None:
            continue
        arguments.append(
            d.ArgDecl(
                name=child.label(),
                type=type_,
                mode=child.text("mode"),
                default=child.default("default"),
                span=block.span,
            )
        )
    language = r.text("language")
    body = r.sql("body")
    returns = r.value("returns", d.ReturnsDecl)
    if language is None or body is None or (returns is None and not procedure):
        return
    ctx.functions.append(
        d.FunctionDecl(
            schema=schema,
            procedure=procedure,
            name=r.name(),
            arguments=tuple(arguments),
            returns=returns,
            language=language,
            body=body,
            volatility=r.text("volatility"),
            strict=r.flag("strict"),
            security=r.text("security"),
            leakproof=r.flag("leakproof"),
            parallel=r.text("parallel"),
            cost=r.text("cost"),
            rows=r.text("rows"),
            config=r.value("set", tuple) or (),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
        )
    )


def _grant(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    privileges = r.value("privileges", tuple)
    on = r.value("on", tuple)
    to = r.texts("to")
    if not privileges or not on or not to:
        return
    ctx.grants.append(
        d.GrantDecl(
            schema=schema,
            privileges=privileges,
            on=on,
            to=to,
            with_grant_option=r.flag("with_grant_option"),
            span=head_span(r.block),
        )
    )


_BUILDERS: dict[str, Callable[[Context, BlockReader, str | None], None]] = {
    "extension": _extension,
    "table": build_table,
    "view": _view,
    "materialized_view": _materialized_view,
    "collation": _collation,
    "enum": _enum,
    "domain": _domain,
    "type": _composite,
    "sequence": _sequence,
    "function": lambda ctx, r, schema: _routine(ctx, r, schema, procedure=False),
    "procedure": lambda ctx, r, schema: _routine(ctx, r, schema, procedure=True),
    "grant": _grant,
}
