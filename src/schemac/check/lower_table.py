"""Lowering tables and their parts to the IR."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.inheritance import all_columns, defaults
from schemac.ir import model as ir
from schemac.ir.partitions import normal_table_copies

__all__ = [
    "collation",
    "default",
    "literal",
    "lower_index",
    "lower_table",
    "lower_trigger",
    "sorted_by_name",
    "sql",
]

_ACTIONS = {
    "no_action": ir.ReferentialAction.NO_ACTION,
    "restrict": ir.ReferentialAction.RESTRICT,
    "cascade": ir.ReferentialAction.CASCADE,
    "set_null": ir.ReferentialAction.SET_NULL,
    "set_default": ir.ReferentialAction.SET_DEFAULT,
}
_EVENT_ORDER = list(ir.TriggerEventKind)


def sql(value: d.Sql | None) -> ir.SqlExpr | None:
    return ir.SqlExpr(text=value.text) if value is not None else None


def literal(value: d.LiteralValue) -> ir.Literal:
    if value.kind == "array":
        return ir.Literal(kind="array", value=tuple(literal(item) for item in value.items))
    return ir.Literal(kind=value.kind, value=value.value)


def default(value: d.DefaultDecl | None) -> ir.Default | None:
    if value is None:
        return None
    if isinstance(value, d.Sql):
        return ir.SqlExpr(text=value.text)
    return literal(value)


def _text(value: d.Text | None) -> str | None:
    return value.value if value is not None else None


def collation(ctx: Context, ref: d.Ref | None) -> ir.ObjectName | None:
    """The collation a reference resolved to (rules/known_collations.py)."""
    return ctx.collation_refs[ref] if ref is not None else None


def _names(refs: tuple[d.Ref, ...]) -> tuple[str, ...]:
    return tuple(ref.last for ref in refs)


def _element(ctx: Context, element: d.ElementDecl) -> ir.IndexElement:
    return ir.IndexElement(
        column=element.column.last if element.column is not None else None,
        expression=sql(element.expression),
        descending=element.descending,
        nulls=ir.NullsOrder(element.nulls) if element.nulls is not None else None,
        opclass=_text(element.opclass),
        collation=collation(ctx, element.collation),
    )


def lower_index(ctx: Context, index: d.IndexDecl) -> ir.Index:
    return ir.Index(
        name=ctx.constraint_names[index],
        elements=tuple(_element(ctx, e) for e in index.elements),
        unique=index.unique,
        nulls_distinct=index.nulls_distinct,
        method=ir.IndexMethod(index.method.value) if index.method else ir.IndexMethod.BTREE,
        where=sql(index.where),
        include=_names(index.include),
        comment=_text(index.comment),
        renamed_from=_text(index.renamed_from),
        origin=index.span,
    )


def _identity(identity: d.IdentityDecl | None) -> ir.Identity | None:
    if identity is None:
        return None

    def value(v: d.Int | None) -> int | None:
        return v.value if v is not None else None

    return ir.Identity(
        always=identity.always,
        options=ir.SequenceOptions(
            start=value(identity.start),
            increment=value(identity.increment),
            min_value=value(identity.min_value),
            max_value=value(identity.max_value),
            cache=value(identity.cache),
            cycle=identity.cycle,
        ),
    )


def _column(
    ctx: Context, column: d.ColumnDecl, pk: set[str], inherited: d.DefaultDecl | None
) -> ir.Column:
    """A column; ``inherited`` is the default it has from a parent unless it sets its own."""
    # The helpers are called only for what is there: most columns have none of it.
    value = column.default if column.default is not None else inherited
    comment = column.comment
    return ir.Column(
        name=column.name.value,
        type=ctx.types[column.type],
        nullable=column.type.nullable and column.name.value not in pk,
        default=default(value) if value is not None else None,
        identity=_identity(column.identity) if column.identity is not None else None,
        generated=sql(column.generated) if column.generated is not None else None,
        collation=collation(ctx, column.collation) if column.collation is not None else None,
        comment=comment.value if comment is not None else None,
        renamed_from=_text(column.renamed_from) if column.renamed_from is not None else None,
        origin=column.span,
    )


def _action(
    action: tuple[d.Text, tuple[d.Ref, ...]] | None,
) -> tuple[ir.ReferentialAction, tuple[str, ...]]:
    if action is None:
        return ir.ReferentialAction.NO_ACTION, ()
    return _ACTIONS[action[0].value], _names(action[1])


def _foreign_key(ctx: Context, fk: d.FkDecl) -> ir.ForeignKey:
    target, columns = ctx.fk_targets[fk]
    references = ir.ObjectName(schema=target.schema, name=target.name.value)
    place = ctx.fk_partitions.get(fk)
    if place is not None:
        references = ir.ObjectName(schema=place[0], name=place[1].partition.name.value)
    on_delete, delete_columns = _action(fk.on_delete)
    on_update, _ = _action(fk.on_update)
    return ir.ForeignKey(
        name=ctx.constraint_names[fk],
        columns=_names(fk.columns),
        references=references,
        ref_columns=tuple(c.name.value for c in columns),
        on_delete=on_delete,
        on_delete_columns=delete_columns,
        on_update=on_update,
        match=ir.MatchType(fk.match.value) if fk.match else ir.MatchType.SIMPLE,
        deferrable=fk.deferrable or fk.initially_deferred,
        initially_deferred=fk.initially_deferred,
        comment=_text(fk.comment),
        renamed_from=_text(fk.renamed_from),
        origin=fk.span,
    )


def _bound_value(value: d.BoundValue) -> ir.Literal | ir.SqlExpr:
    if isinstance(value, d.Text):
        return ir.SqlExpr(text=value.value.upper())
    return literal(value)


def _partitioning(ctx: Context, by: d.PartitionByDecl | None) -> ir.Partitioning | None:
    if by is None:
        return None
    return ir.Partitioning(
        strategy=ir.PartitionStrategy(by.strategy.value),
        keys=tuple(
            ir.PartitionKey(
                column=key.column.last if key.column is not None else None,
                expression=sql(key.expression),
                collation=collation(ctx, key.collation),
                opclass=_text(key.opclass),
            )
            for key in by.keys
        ),
    )


def _copy(copy: d.IndexDecl) -> ir.IndexCopy:
    assert copy.name is not None
    assert copy.of is not None
    return ir.IndexCopy(
        of=copy.of.parts[0], name=copy.name.value, comment=_text(copy.comment), origin=copy.span
    )


def _partition(ctx: Context, partition: d.PartitionDecl, parent: str | None) -> ir.Partition:
    """A partition; ``parent`` is its parent's schema (its own is given when it differs)."""

    def values(group: tuple[d.BoundValue, ...] | None) -> tuple[ir.Literal | ir.SqlExpr, ...]:
        return tuple(_bound_value(v) for v in group or ())

    schema = ctx.partition_schemas.get(partition, parent)
    return ir.Partition(
        name=partition.name.value,
        schema=schema if schema != parent else None,
        bound=ir.PartitionBound(
            is_default=partition.default is not None,
            from_values=values(partition.from_),
            to_values=values(partition.to),
            in_values=values(partition.in_),
            modulus=partition.modulus.value if partition.modulus else None,
            remainder=partition.remainder.value if partition.remainder else None,
        ),
        partitioning=_partitioning(ctx, partition.partition_by),
        partitions=sorted_by_name(_partition(ctx, p, schema) for p in partition.partitions),
        indexes=sorted_by_name(lower_index(ctx, i) for i in partition.indexes),
        copies=sorted_by_name(_copy(c) for c in partition.copies),
        comment=_text(partition.comment),
        renamed_from=_text(partition.renamed_from),
        origin=partition.span,
    )


def lower_trigger(ctx: Context, trigger: d.TriggerDecl) -> ir.Trigger:
    function, _ = ctx.trigger_functions[trigger]
    timing = {"before": ir.TriggerTiming.BEFORE, "after": ir.TriggerTiming.AFTER}.get(
        trigger.timing.value, ir.TriggerTiming.INSTEAD_OF
    )
    events = sorted(
        (
            ir.TriggerEvent(kind=ir.TriggerEventKind(e.kind.value), columns=_names(e.columns))
            for e in trigger.events
        ),
        key=lambda e: _EVENT_ORDER.index(e.kind),
    )
    return ir.Trigger(
        name=trigger.name.value,
        timing=timing,
        events=tuple(events),
        for_each=ir.ForEach(trigger.each.value) if trigger.each else ir.ForEach.STATEMENT,
        function=function,
        arguments=tuple(a.value for a in trigger.arguments),
        when=sql(trigger.when),
        old_table=_text(trigger.old_table),
        new_table=_text(trigger.new_table),
        constraint=trigger.constraint,
        deferrable=trigger.deferrable or trigger.initially_deferred,
        initially_deferred=trigger.initially_deferred,
        comment=_text(trigger.comment),
        renamed_from=_text(trigger.renamed_from),
        origin=trigger.span,
    )


def _policy(policy: d.PolicyDecl) -> ir.Policy:
    roles = tuple(sorted({r.value for r in policy.roles})) or ("public",)
    return ir.Policy(
        name=policy.name.value,
        permissive=not policy.restrictive,
        command=ir.PolicyCommand(policy.command.value) if policy.command else ir.PolicyCommand.ALL,
        roles=roles,
        using=sql(policy.using),
        with_check=sql(policy.with_check),
        comment=_text(policy.comment),
        renamed_from=_text(policy.renamed_from),
        origin=policy.span,
    )


def lower_table(ctx: Context, table: d.TableDecl) -> ir.Table:
    names = ctx.constraint_names
    pk = table.primary_key
    pk_columns = set(_names(pk.columns)) if pk is not None else set()
    primary_key = None
    if pk is not None:
        primary_key = ir.PrimaryKey(
            name=names[pk],
            columns=_names(pk.columns),
            include=_names(pk.include),
            deferrable=pk.deferrable or pk.initially_deferred,
            initially_deferred=pk.initially_deferred,
            comment=_text(pk.comment),
            renamed_from=_text(pk.renamed_from),
            origin=pk.span,
        )
    uniques = [
        ir.UniqueConstraint(
            name=names[u],
            columns=_names(u.columns),
            include=_names(u.include),
            nulls_distinct=u.nulls_distinct,
            deferrable=u.deferrable or u.initially_deferred,
            initially_deferred=u.initially_deferred,
            comment=_text(u.comment),
            renamed_from=_text(u.renamed_from),
            origin=u.span,
        )
        for u in table.uniques
    ]
    checks = [
        ir.CheckConstraint(
            name=names[c],
            expression=ir.SqlExpr(text=c.expr.text),
            no_inherit=c.no_inherit,
            comment=_text(c.comment),
            renamed_from=_text(c.renamed_from),
            origin=c.span,
        )
        for c in table.checks
    ]
    exclusions = [
        ir.ExclusionConstraint(
            name=names[x],
            elements=tuple(
                ir.ExclusionElement(
                    element=_element(ctx, e), operator=e.operator.value if e.operator else "="
                )
                for e in x.elements
            ),
            method=ir.IndexMethod(x.method.value) if x.method else ir.IndexMethod.BTREE,
            where=sql(x.where),
            include=_names(x.include),
            deferrable=x.deferrable or x.initially_deferred,
            initially_deferred=x.initially_deferred,
            comment=_text(x.comment),
            renamed_from=_text(x.renamed_from),
            origin=x.span,
        )
        for x in table.excludes
    ]
    rls = table.row_level_security
    parents = ctx.parents.get(table, ())
    # A column merged with an inherited one stands where the parent has it, with the
    # parent's default unless it sets its own (PostgreSQL copies the default).
    position: dict[str, int] = {}
    for parent in parents:
        for column in all_columns(ctx, parent):
            position.setdefault(column.name.value, len(position))
    inherited = defaults(ctx, table) if parents else {}
    own = table.columns  # in their order, unless a parent's order comes first
    if position:
        own = tuple(sorted(own, key=lambda c: position.get(c.name.value, len(position))))
    lowered = ir.Table(
        name=table.name.value,
        columns=tuple(_column(ctx, c, pk_columns, inherited.get(c.name.value)) for c in own),
        primary_key=primary_key,
        uniques=sorted_by_name(uniques),
        indexes=sorted_by_name(lower_index(ctx, i) for i in table.indexes),
        foreign_keys=sorted_by_name(_foreign_key(ctx, fk) for fk in table.foreign_keys),
        checks=sorted_by_name(checks),
        exclusions=sorted_by_name(exclusions),
        partitioning=_partitioning(ctx, table.partition_by),
        partitions=sorted_by_name(_partition(ctx, p, table.schema) for p in table.partitions),
        triggers=sorted_by_name(lower_trigger(ctx, t) for t in table.triggers),
        policies=sorted_by_name(_policy(p) for p in table.policies),
        row_security=ir.RowSecurity(rls.value) if rls is not None else ir.RowSecurity.DISABLED,
        unlogged=table.unlogged,
        inherits=tuple(ir.ObjectName(schema=p.schema, name=p.name.value) for p in parents),
        comment=_text(table.comment),
        renamed_from=_text(table.renamed_from),
        origin=table.span,
    )
    # A copy under the name PostgreSQL gives it anyway is not worth listing (inspect
    # lists none such either).
    return normal_table_copies(lowered) if table.partitions else lowered


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def sorted_by_name(items: Iterable[N]) -> tuple[N, ...]:
    return tuple(sorted(items, key=lambda item: item.name))
