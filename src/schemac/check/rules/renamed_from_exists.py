"""`renamed_from` names an object that no longer exists, else the rename would clash with it."""

from __future__ import annotations

from collections.abc import Iterable

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.walk import table_indexes
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _check(ctx: Context, items: Iterable[tuple[d.Text | None, d.Text | None]], kind: str) -> None:
    """``items``: (name, renamed_from) pairs of objects of one namespace."""
    pairs = list(items)
    names = {name.value: name for name, _ in pairs if name is not None}
    for name, old in pairs:
        if old is not None and old.value in names:
            itself = name is not None and name.value == old.value
            ctx.emit(
                cat.renamed_from_exists(
                    old.span, names[old.value].span, kind, old.value, itself=itself
                )
            )


def _partitions(partitions: tuple[d.PartitionDecl, ...]) -> list[d.PartitionDecl]:
    out = []
    for partition in partitions:
        out.append(partition)
        out.extend(_partitions(partition.partitions))
    return out


def check(ctx: Context) -> None:
    _check(ctx, ((s.name, s.renamed_from) for s in ctx.schema_decls), "schema")
    by_schema: dict[str | None, list[tuple[d.Text, d.Text | None]]] = {}
    for group in (ctx.tables, ctx.views, ctx.matviews, ctx.sequences):
        for obj in group:
            by_schema.setdefault(obj.schema, []).append((obj.name, obj.renamed_from))
    for table in ctx.tables:
        for partition in _partitions(table.partitions):
            by_schema.setdefault(table.schema, []).append((partition.name, partition.renamed_from))
    for items in by_schema.values():
        _check(ctx, items, "relation")
    types: dict[str | None, list[tuple[d.Text, d.Text | None]]] = {}
    for group2 in (ctx.enums, ctx.domains, ctx.composites):
        for obj2 in group2:
            types.setdefault(obj2.schema, []).append((obj2.name, obj2.renamed_from))
    for items in types.values():
        _check(ctx, items, "type")
    collations: dict[str | None, list[tuple[d.Text, d.Text | None]]] = {}
    for collation in ctx.collations:
        collations.setdefault(collation.schema, []).append((collation.name, collation.renamed_from))
    for items in collations.values():
        _check(ctx, items, "collation")
    functions: dict[tuple[str | None, bool], list[tuple[d.Text, d.Text | None]]] = {}
    for function in ctx.functions:
        functions.setdefault((function.schema, function.procedure), []).append(
            (function.name, function.renamed_from)
        )
    for items in functions.values():
        _check(ctx, items, "function")
    for table in ctx.tables:
        _check(ctx, ((c.name, c.renamed_from) for c in table.columns), "column")
        constraints: list[tuple[d.Text | None, d.Text | None]] = []
        for group3 in (
            (table.primary_key,) if table.primary_key else (),
            table.uniques,
            table.foreign_keys,
            table.checks,
            table.excludes,
            [index for _, index in table_indexes(table)],
        ):
            for c in group3:
                name = ctx.constraint_names.get(c)
                constraints.append((d.Text(name, c.span) if name else None, c.renamed_from))
        _check(ctx, constraints, "constraint or index")
        _check(ctx, ((p.name, p.renamed_from) for p in table.policies), "policy")
        _check(ctx, ((t.name, t.renamed_from) for t in table.triggers), "trigger")
    for view in ctx.views:
        _check(ctx, ((t.name, t.renamed_from) for t in view.triggers), "trigger")
    for composite in ctx.composites:
        _check(ctx, ((f.name, f.renamed_from) for f in composite.fields), "field")
