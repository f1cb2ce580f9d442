"""Partitions of one table do not overlap.

A range partition's `from` is below its `to`, and no two ranges meet; a list value
belongs to one partition; hash moduli each divide the next larger one, and no two
hash partitions take the same rows. Bounds are compared where their order is plain:
numbers, and dates and timestamps written in ISO form without a time zone (text
follows collation rules, so text bounds are left to PostgreSQL).
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.default_fits_type import base_type
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat
from schemac.ir.types import Category, TypeRef

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS

_ISO = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*$"
)

_Key = tuple[int, object]  # (-1 minvalue | 0 a value | 1 maxvalue, the value)


def _key(ctx: Context, value: d.BoundValue, type_: TypeRef | None) -> _Key | None:
    """A sortable form of a bound value, or None when its order is not plain."""
    if isinstance(value, d.Text):
        return (-1, 0) if value.value == "minvalue" else (1, 0)
    if type_ is None or value.kind == "null":
        return None
    category = ctx.target.category(type_)
    text = str(value.value)
    if category in (Category.INTEGER, Category.NUMERIC, Category.FLOAT):
        try:
            return (0, Decimal(text))
        except InvalidOperation:
            return None
    if category is Category.DATETIME and value.kind == "string":
        match = _ISO.match(text)
        if match is None:
            return None
        parts = [int(p) if p is not None else 0 for p in match.groups()[:6]]
        fraction = match.group(7) or "0"
        return (0, (*parts, int(fraction.ljust(6, "0"))))
    return None


def _keys(
    ctx: Context, values: tuple[d.BoundValue, ...], types: list[TypeRef | None]
) -> tuple[_Key, ...] | None:
    keys = [_key(ctx, v, t) for v, t in zip(values, types, strict=False)]
    if len(values) != len(types) or any(k is None for k in keys):
        return None
    return tuple(k for k in keys if k is not None)


def _ranges(
    ctx: Context, partitions: tuple[d.PartitionDecl, ...], types: list[TypeRef | None]
) -> None:
    bounded = []
    for partition in partitions:
        if partition.from_ is None or partition.to is None:
            continue
        low, high = _keys(ctx, partition.from_, types), _keys(ctx, partition.to, types)
        if low is None or high is None:
            continue
        if low >= high:
            span = partition.from_[0].span.to(partition.to[-1].span)
            ctx.emit(cat.partition_bound(span, "`from` must be below `to`: this range is empty"))
            continue
        bounded.append((low, high, partition))
    bounded.sort(key=lambda item: item[0])
    for (_, high, before), (low, _, after) in itertools.pairwise(bounded):
        if low < high:
            ctx.emit(
                cat.partition_bound(
                    after.span, f"this range overlaps partition `{before.name.value}`"
                )
            )


def _lists(ctx: Context, partitions: tuple[d.PartitionDecl, ...], type_: TypeRef | None) -> None:
    seen: dict[object, d.PartitionDecl] = {}
    for partition in partitions:
        for value in partition.in_ or ():
            if isinstance(value, d.Text):
                continue
            key: object = ("null",) if value.kind == "null" else _key(ctx, value, type_)
            if key is None and value.kind == "string":
                key = ("string", value.value)  # equal text is equal under any collation
            if key is None:
                continue
            first = seen.get(key)
            if first is not None and first is not partition:
                ctx.emit(
                    cat.partition_bound(
                        value.span, f"this value is also in partition `{first.name.value}`"
                    )
                )
            seen.setdefault(key, partition)


def _hashes(ctx: Context, partitions: tuple[d.PartitionDecl, ...]) -> None:
    slots = [
        (p.modulus.value, p.remainder.value, p)
        for p in partitions
        if p.modulus is not None and p.remainder is not None and p.modulus.value > 0
    ]
    moduli = sorted({modulus for modulus, _, _ in slots})
    for smaller, larger in itertools.pairwise(moduli):
        if larger % smaller:
            partition = next(p for m, _, p in slots if m == larger)
            assert partition.modulus is not None
            ctx.emit(
                cat.partition_bound(
                    partition.modulus.span,
                    f"modulus {larger} is not a multiple of the modulus {smaller} used beside it",
                )
            )
            return
    for i, (m1, r1, p1) in enumerate(slots):
        for m2, r2, p2 in slots[i + 1 :]:
            low, high = sorted([(m1, r1), (m2, r2)])
            if high[1] % low[0] == low[1]:
                ctx.emit(
                    cat.partition_bound(
                        p2.span, f"this partition takes rows of partition `{p1.name.value}`"
                    )
                )


def _level(
    ctx: Context,
    table: d.TableDecl,
    by: d.PartitionByDecl | None,
    partitions: tuple[d.PartitionDecl, ...],
) -> None:
    if by is None or not partitions:
        return
    types: list[TypeRef | None] = []
    for key in by.keys:
        column = find_column(table.columns, key.column.last) if key.column is not None else None
        ref = ctx.types.get(column.type) if column is not None else None
        types.append(base_type(ctx, ref) if ref is not None else None)
    strategy = by.strategy.value
    if strategy == "range":
        _ranges(ctx, partitions, types)
    elif strategy == "list":
        _lists(ctx, partitions, types[0] if types else None)
    elif strategy == "hash":
        _hashes(ctx, partitions)
    for partition in partitions:
        _level(ctx, table, partition.partition_by, partition.partitions)


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if not ctx.sink.errors_within(table.extent):
            _level(ctx, table, table.partition_by, table.partitions)
