"""The shape pass for tables and what they hold: columns, keys, indexes, partitions, triggers."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.reader import BlockReader, head_span
from schemac.check.spec import BLOCKS
from schemac.check.values import read_type, read_value
from schemac.diagnostics import catalog as cat
from schemac.source import Span
from schemac.syntax import ast

__all__ = ["build_check", "build_index", "build_table", "build_trigger"]


def build_table(ctx: Context, r: BlockReader, schema: str | None) -> None:
    assert r.block is not None
    columns: list[d.ColumnDecl] = []
    pks: list[d.PkDecl] = []
    uniques: list[d.UniqueDecl] = []
    indexes: list[d.IndexDecl] = []
    fks: list[d.FkDecl] = []
    checks: list[d.CheckDecl] = []
    excludes: list[d.ExcludeDecl] = []
    partitions: list[d.PartitionDecl] = []
    triggers: list[d.TriggerDecl] = []
    policies: list[d.PolicyDecl] = []
    pk_columns = r.refs("primary_key")
    if pk_columns:
        span = r.span_of("primary_key")
        assert span is not None
        pks.append(
            d.PkDecl(
                name=None,
                columns=pk_columns,
                include=(),
                deferrable=False,
                initially_deferred=False,
                comment=None,
                renamed_from=None,
                span=span,
            )
        )
    for spec, block in r.blocks:
        kind = spec.kind
        if kind == "column":
            column = _column(ctx, block)
            if column is None:
                continue
            columns.append(column)
            _column_constraints(column, pks, uniques, fks, checks)
            continue
        child = BlockReader(ctx, spec, block, block.items)
        if kind == "primary_key":
            pks.append(
                d.PkDecl(
                    name=child.label(),
                    columns=child.refs("columns"),
                    include=child.refs("include"),
                    deferrable=child.flag("deferrable"),
                    initially_deferred=child.flag("initially_deferred"),
                    comment=child.text("comment"),
                    renamed_from=child.text("renamed_from"),
                    span=head_span(block),
                )
            )
        elif kind == "unique":
            uniques.append(
                d.UniqueDecl(
                    name=child.label(),
                    columns=child.refs("columns"),
                    include=child.refs("include"),
                    nulls_distinct=child.flag("nulls_distinct", default=True),
                    deferrable=child.flag("deferrable"),
                    initially_deferred=child.flag("initially_deferred"),
                    comment=child.text("comment"),
                    renamed_from=child.text("renamed_from"),
                    span=head_span(block),
                )
            )
        elif kind == "index":
            index = build_index(child, block)
            if index is not None:
                indexes.append(index)
        elif kind == "foreign_key":
            target = child.value("references", tuple)
            if target is not None and target[0] is not None:
                fks.append(
                    d.FkDecl(
                        name=child.label(),
                        columns=child.refs("columns"),
                        table=target[0],
                        ref_columns=target[1],
                        on_delete=child.value("on_delete", tuple),
                        on_update=child.value("on_update", tuple),
                        match=child.text("match"),
                        deferrable=child.flag("deferrable"),
                        initially_deferred=child.flag("initially_deferred"),
                        comment=child.text("comment"),
                        renamed_from=child.text("renamed_from"),
                        span=head_span(block),
                    )
                )
        elif kind == "check":
            check = build_check(child, block)
            if check is not None:
                checks.append(check)
        elif kind == "exclude":
            elements = child.value("on", tuple)
            if elements:
                excludes.append(
                    d.ExcludeDecl(
                        name=child.label(),
                        elements=elements,
                        method=child.text("using"),
                        where=child.sql("where"),
                        include=child.refs("include"),
                        deferrable=child.flag("deferrable"),
                        initially_deferred=child.flag("initially_deferred"),
                        comment=child.text("comment"),
                        renamed_from=child.text("renamed_from"),
                        span=head_span(block),
                    )
                )
        elif kind == "partition":
            partitions.append(_partition(ctx, child, block))
        elif kind == "trigger":
            trigger = build_trigger(ctx, child, block)
            if trigger is not None:
                triggers.append(trigger)
        elif kind == "policy":
            policies.append(
                d.PolicyDecl(
                    name=child.name(),
                    restrictive=child.flag("restrictive"),
                    command=child.text("for"),
                    roles=child.texts("to"),
                    using=child.sql("using"),
                    with_check=child.sql("with_check"),
                    comment=child.text("comment"),
                    renamed_from=child.text("renamed_from"),
                    span=head_span(block),
                )
            )
    if len(pks) > 1:
        for extra in pks[1:]:
            ctx.emit(cat.second_primary_key(extra.span, pks[0].span))
    ctx.tables.append(
        d.TableDecl(
            schema=schema,
            name=r.name(),
            columns=tuple(columns),
            primary_key=pks[0] if pks else None,
            uniques=tuple(uniques),
            indexes=tuple(indexes),
            foreign_keys=tuple(fks),
            checks=tuple(checks),
            excludes=tuple(excludes),
            partition_by=r.value("partition_by", d.PartitionByDecl),
            partitions=tuple(partitions),
            triggers=tuple(triggers),
            policies=tuple(policies),
            row_level_security=r.text("row_level_security"),
            unlogged=r.flag("unlogged"),
            inherits=r.refs("inherits"),
            comment=r.text("comment"),
            renamed_from=r.text("renamed_from"),
            span=head_span(r.block),
            extent=r.block.span,
        )
    )


def _plain_column(ctx: Context, block: ast.Block) -> d.ColumnDecl | None:
    """`column "name" TYPE` with no body: most columns, read without a BlockReader."""
    label = block.label
    header = block.header
    if label is None or header is None:
        return None
    type_ = read_type(ctx.sink, header, "column", nullable_ok=True)
    if type_ is None:
        return None
    return d.ColumnDecl(
        name=d.Text(label.value, label.span),
        type=type_,
        default=None,
        identity=None,
        generated=None,
        collation=None,
        comment=None,
        renamed_from=None,
        unique=None,
        primary_key=None,
        references=None,
        on_delete=None,
        on_update=None,
        check=None,
        span=block.span,
    )


_COLUMN = BLOCKS["column"]
_COLUMN_SIMPLE = frozenset(
    name for name in _COLUMN.attrs if name not in ("identity", "on_delete", "on_update")
)


def _simple_column(ctx: Context, block: ast.Block) -> d.ColumnDecl | None:
    """A column whose body holds only plain attributes (the common case), read directly.

    Returns None to leave anything unusual (child blocks, repeats, identity or
    foreign key actions, unknown names) to the general reader and its diagnostics.
    """
    label = block.label
    header = block.header
    if label is None or header is None:
        return None
    values: dict[str, object] = {}
    spans: dict[str, Span] = {}
    attrs = _COLUMN.attrs
    for item in block.items:
        if type(item) is not ast.Attribute:
            return None
        name = item.name.name
        if name not in _COLUMN_SIMPLE or name in spans:
            return None
        spans[name] = item.name.span
        value = read_value(ctx.sink, name, attrs[name], item.value)
        if value is not None:
            values[name] = value
    type_ = read_type(ctx.sink, header, "column", nullable_ok=True)
    if type_ is None:
        return None
    unique = values.get("unique")
    primary_key = values.get("primary_key")
    return d.ColumnDecl(
        name=d.Text(label.value, label.span),
        type=type_,
        default=values.get("default"),  # type: ignore[arg-type]
        identity=None,
        generated=values.get("generated"),  # type: ignore[arg-type]
        collation=values.get("collation"),  # type: ignore[arg-type]
        comment=values.get("comment"),  # type: ignore[arg-type]
        renamed_from=values.get("renamed_from"),  # type: ignore[arg-type]
        unique=unique[1] if unique and unique[0] else None,  # type: ignore[index]
        primary_key=primary_key[1] if primary_key and primary_key[0] else None,  # type: ignore[index]
        references=values.get("references"),  # type: ignore[arg-type]
        on_delete=None,
        on_update=None,
        check=values.get("check"),  # type: ignore[arg-type]
        span=block.span,
    )


def _column(ctx: Context, block: ast.Block) -> d.ColumnDecl | None:
    if block.body is None:
        plain = _plain_column(ctx, block)
        if plain is not None:
            return plain
    elif all(type(item) is ast.Attribute for item in block.body.items):
        simple = _simple_column(ctx, block)
        if simple is not None:
            return simple
    r = BlockReader(ctx, _COLUMN, block, block.items)
    type_ = r.header_type(nullable_ok=True)
    if type_ is None:
        return None
    identity: d.IdentityDecl | None = None
    identity_word = r.text("identity")
    for spec, child_block in r.blocks:
        child = BlockReader(ctx, spec, child_block, child_block.items)
        generated = child.text("generated")
        if identity is not None or identity_word is not None:
            other = r.span_of("identity") or head_span(child_block)
            ctx.emit(
                cat.conflicting_attributes(
                    child_block.kind.span,
                    other,
                    "identity { ... }",
                    "identity",
                    "declare the identity once: `identity = always`, or a block with options",
                )
            )
            continue
        identity = d.IdentityDecl(
            always=generated is None or generated.value == "always",
            start=child.int("start"),
            increment=child.int("increment"),
            min_value=child.int("min_value"),
            max_value=child.int("max_value"),
            cache=child.int("cache"),
            cycle=child.flag("cycle"),
            span=head_span(child_block),
        )
    if identity_word is not None and identity is None:
        identity = d.IdentityDecl(
            always=identity_word.value == "always",
            start=None,
            increment=None,
            min_value=None,
            max_value=None,
            cache=None,
            cycle=False,
            span=identity_word.span,
        )
    for name in ("on_delete", "on_update"):
        span = r.span_of(name)
        if span is not None and not r.has("references"):
            ctx.emit(cat.attribute_needs(span, name, "references", "a column-level foreign key"))
    return d.ColumnDecl(
        name=r.name(),
        type=type_,
        default=r.default("default"),
        identity=identity,
        generated=r.sql("generated"),
        collation=r.ref("collation"),
        comment=r.text("comment"),
        renamed_from=r.text("renamed_from"),
        unique=r.flag_span("unique"),
        primary_key=r.flag_span("primary_key"),
        references=r.ref("references"),
        on_delete=r.value("on_delete", tuple),
        on_update=r.value("on_update", tuple),
        check=r.sql("check"),
        span=block.span,
    )


def _column_constraints(
    column: d.ColumnDecl,
    pks: list[d.PkDecl],
    uniques: list[d.UniqueDecl],
    fks: list[d.FkDecl],
    checks: list[d.CheckDecl],
) -> None:
    """The constraints a column's shorthands stand for."""
    if (
        column.primary_key is None
        and column.unique is None
        and column.references is None
        and column.check is None
    ):
        return  # most columns: no reference to the column is needed
    name = column.name
    ref = d.Ref((name.value,), (name.span,), name.span)
    if column.primary_key is not None:
        pks.append(
            d.PkDecl(
                name=None,
                columns=(ref,),
                include=(),
                deferrable=False,
                initially_deferred=False,
                comment=None,
                renamed_from=None,
                span=column.primary_key,
            )
        )
    if column.unique is not None:
        uniques.append(
            d.UniqueDecl(
                name=None,
                columns=(ref,),
                include=(),
                nulls_distinct=True,
                deferrable=False,
                initially_deferred=False,
                comment=None,
                renamed_from=None,
                span=column.unique,
            )
        )
    target = column.references
    if target is not None:
        table = d.Ref(target.parts[:-1], target.spans[:-1], target.spans[0].to(target.spans[-2]))
        ref_column = d.Ref(target.parts[-1:], target.spans[-1:], target.spans[-1])
        fks.append(
            d.FkDecl(
                name=None,
                columns=(ref,),
                table=table,
                ref_columns=(ref_column,),
                on_delete=column.on_delete,
                on_update=column.on_update,
                match=None,
                deferrable=False,
                initially_deferred=False,
                comment=None,
                renamed_from=None,
                span=target.span,
                from_column=True,
            )
        )
    if column.check is not None:
        checks.append(
            d.CheckDecl(
                name=None,
                expr=column.check,
                no_inherit=False,
                comment=None,
                renamed_from=None,
                span=column.check.span,
                from_column=name.value,
            )
        )


def build_check(r: BlockReader, block: ast.Block) -> d.CheckDecl | None:
    expr = r.sql("expr")
    if expr is None:
        return None
    return d.CheckDecl(
        name=r.label(),
        expr=expr,
        no_inherit=r.flag("no_inherit"),
        comment=r.text("comment"),
        renamed_from=r.text("renamed_from"),
        span=head_span(block),
    )


# What defines an index, which a partition's copy of one takes from the index it copies.
_DEFINITION = ("on", "unique", "nulls_distinct", "using", "where", "include", "renamed_from")


def build_index(r: BlockReader, block: ast.Block) -> d.IndexDecl | None:
    """An index of a table, a materialized view or a partition (its own, with `on`)."""
    of = r.span_of("of")
    if of is not None:
        r.ctx.emit(
            cat.unknown_attribute(
                of,
                "of",
                "in an `index` of a table or materialized view",
                "`of` names the index above a partition that an `index` in that partition copies",
            )
        )
        return None
    r.require("on")
    elements = r.value("on", tuple)
    if not elements:
        return None
    return d.IndexDecl(
        name=r.label(),
        elements=elements,
        unique=r.flag("unique"),
        nulls_distinct=r.flag("nulls_distinct", default=True),
        method=r.text("using"),
        where=r.sql("where"),
        include=r.refs("include"),
        comment=r.text("comment"),
        renamed_from=r.text("renamed_from"),
        span=head_span(block),
    )


def _copy(r: BlockReader, block: ast.Block) -> d.IndexDecl | None:
    """`index "name" { of = parent_index }`: a partition's copy of the index above it."""
    of = r.ref("of")
    of_span = r.span_of("of")
    assert of_span is not None
    given = [name for name in _DEFINITION if r.has(name)]
    if given:
        other = r.span_of(given[0])
        assert other is not None
        r.ctx.emit(
            cat.conflicting_attributes(
                other,
                of_span,
                given[0],
                "of",
                "a copy is the index it copies, under a name of its own: remove"
                f" `{given[0]}`, or `of` to declare an index of the partition alone",
            )
        )
        return None
    if block.label is None:
        r.ctx.emit(
            cat.missing_label(block.kind.span, "index", 'index "name" { of = index_of_the_table }')
        )
        return None
    if of is None:
        return None
    return d.IndexDecl(
        name=r.label(),
        elements=(),
        unique=False,
        nulls_distinct=True,
        method=None,
        where=None,
        include=(),
        comment=r.text("comment"),
        renamed_from=None,
        span=head_span(block),
        of=of,
    )


def _partition(ctx: Context, r: BlockReader, block: ast.Block) -> d.PartitionDecl:
    children: list[d.PartitionDecl] = []
    indexes: list[d.IndexDecl] = []
    copies: list[d.IndexDecl] = []
    for spec, child in r.blocks:
        reader = BlockReader(ctx, spec, child, child.items)
        if spec.kind == "index" and reader.has("of"):
            copy = _copy(reader, child)
            if copy is not None:
                copies.append(copy)
        elif spec.kind == "index":
            index = build_index(reader, child)
            if index is not None:
                indexes.append(index)
        else:
            children.append(_partition(ctx, reader, child))
    return d.PartitionDecl(
        name=r.name(),
        from_=r.value("from", tuple),
        to=r.value("to", tuple),
        in_=r.value("in", tuple),
        modulus=r.int("modulus"),
        remainder=r.int("remainder"),
        default=r.flag_span("default"),
        partition_by=r.value("partition_by", d.PartitionByDecl),
        partitions=tuple(children),
        indexes=tuple(indexes),
        comment=r.text("comment"),
        renamed_from=r.text("renamed_from"),
        span=head_span(block),
        schema=r.ref("schema"),
        copies=tuple(copies),
    )


def build_trigger(ctx: Context, r: BlockReader, block: ast.Block) -> d.TriggerDecl | None:
    timings = [name for name in ("before", "after", "instead_of") if r.has(name)]
    if not timings:
        ctx.emit(cat.trigger_without_timing(head_span(block)))
        return None
    if len(timings) > 1:
        first = r.span_of(timings[0])
        second = r.span_of(timings[1])
        assert first is not None
        assert second is not None
        ctx.emit(
            cat.conflicting_attributes(
                second,
                first,
                timings[1],
                timings[0],
                "a trigger fires at one time; declare a second trigger for the other",
            )
        )
        return None
    timing = timings[0]
    events = r.value(timing, tuple)
    execute = r.value("execute", tuple)
    if not events or execute is None:
        return None
    span = r.span_of(timing)
    assert span is not None
    return d.TriggerDecl(
        name=r.name(),
        timing=d.Text(timing, span),
        events=events,
        each=r.text("each"),
        when=r.sql("when"),
        function=execute[0],
        arguments=execute[1],
        old_table=r.text("old_table"),
        new_table=r.text("new_table"),
        constraint=r.flag("constraint"),
        deferrable=r.flag("deferrable"),
        initially_deferred=r.flag("initially_deferred"),
        comment=r.text("comment"),
        renamed_from=r.text("renamed_from"),
        span=head_span(block),
    )
