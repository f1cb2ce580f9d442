"""A partition's copy (`index "name" { of = x }`) names an index above it, once.

What is above a partition: the table's indexes, primary key, unique and exclusion
constraints, and the indexes of each partition between the table and it.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _table_sources(ctx: Context, table: d.TableDecl) -> dict[str, object]:
    keys: list[object] = [table.primary_key] if table.primary_key is not None else []
    keys += [*table.uniques, *table.excludes, *table.indexes]
    return {ctx.constraint_names[k]: k for k in keys if k in ctx.constraint_names}


def _others(ctx: Context, table: d.TableDecl) -> dict[str, str]:
    """The table's constraints that no index backs, by name: what a copy cannot be of."""
    out = {ctx.constraint_names[fk]: "foreign key" for fk in table.foreign_keys}
    out.update({ctx.constraint_names[c]: "check constraint" for c in table.checks})
    return {name: kind for name, kind in out.items() if name}


def _walk(
    ctx: Context,
    table: d.TableDecl,
    partitions: tuple[d.PartitionDecl, ...],
    above: dict[str, object],
) -> None:
    for partition in partitions:
        seen: dict[str, d.IndexDecl] = {}
        for copy in partition.copies:
            ref = copy.of
            if ref is None:
                continue
            if len(ref.parts) != 1:
                ctx.emit(cat.long_reference(ref.span, ref.dotted, 1))
                ctx.broken.add(copy)
                continue
            name = ref.parts[0]
            if name not in above:
                ctx.broken.add(copy)
                kind = _others(ctx, table).get(name)
                if kind is not None:
                    ctx.emit(cat.wrong_kind(ref.span, name, "index", kind))
                else:
                    ctx.emit(
                        cat.unknown_index(
                            ref.span, name, partition.name.value, did_you_mean(name, above)
                        )
                    )
                continue
            first = seen.get(name)
            if first is not None:
                ctx.broken.add(copy)
                ctx.emit(cat.duplicate_copy(copy.span, first.span, name, partition.name.value))
                continue
            seen[name] = copy
        own = {ctx.constraint_names[i]: i for i in partition.indexes if i in ctx.constraint_names}
        _walk(ctx, table, partition.partitions, {**above, **own})


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if table.partitions:
            _walk(ctx, table, table.partitions, _table_sources(ctx, table))
