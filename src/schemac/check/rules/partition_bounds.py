"""Partition bounds fit the partition key.

Range partitions take `from` and `to` with one value per key column (or `minvalue` /
`maxvalue`); list partitions take `in`, on a single key column; hash partitions take
`modulus` and `remainder` (0 <= remainder < modulus); one partition may be the
`default` (not under hash). Values must fit the key columns' types.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.default_fits_type import base_type, fits
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat
from schemac.ir.types import TypeRef

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS

_ATTRIBUTES = ("from", "to", "in", "modulus", "remainder", "default")


def _given(p: d.PartitionDecl) -> list[str]:
    values = (p.from_, p.to, p.in_, p.modulus, p.remainder, p.default)
    return [name for name, value in zip(_ATTRIBUTES, values, strict=True) if value is not None]


def _key_types(
    ctx: Context, table: d.TableDecl, keys: tuple[d.ElementDecl, ...]
) -> list[TypeRef | None]:
    out: list[TypeRef | None] = []
    for key in keys:
        column = find_column(table.columns, key.column.last) if key.column is not None else None
        ref = ctx.types.get(column.type) if column is not None else None
        out.append(base_type(ctx, ref) if ref is not None else None)
    return out


def _values(
    ctx: Context,
    values: tuple[d.BoundValue, ...],
    types: list[TypeRef | None],
    what: str,
    words_ok: bool,
) -> None:
    for value, type_ in zip(values, types, strict=False):
        if isinstance(value, d.Text):
            if not words_ok:
                ctx.emit(
                    cat.partition_bound(value.span, f"`{value.value}` is only for range bounds")
                )
            continue
        if type_ is None:
            continue
        bad = fits(ctx, value, type_)
        if bad is not None:
            shown = ctx.target.type_name(type_)
            ctx.emit(
                cat.partition_bound(
                    bad.span, f"this {what} value does not fit the key's type `{shown}`"
                )
            )


def _partitions(
    ctx: Context,
    table: d.TableDecl,
    by: d.PartitionByDecl | None,
    partitions: tuple[d.PartitionDecl, ...],
    owner: str,
) -> None:
    if not partitions:
        return
    if by is None:
        # A `partition_by` lost to a syntax error is no reason to say it is missing.
        if not ctx.sink.errors_within(table.extent):
            ctx.emit(cat.no_partition_by(partitions[0].span, owner))
        return
    strategy = by.strategy.value
    types = _key_types(ctx, table, by.keys)
    if strategy == "list" and len(by.keys) > 1:
        ctx.emit(
            cat.partition_bound(
                by.span,
                "list partitioning takes one key column",
                "partition by `range(...)` for several columns",
            )
        )
    default: d.PartitionDecl | None = None
    for partition in partitions:
        given = _given(partition)
        if partition.default is not None:
            if default is not None:
                ctx.emit(cat.two_default_partitions(partition.span, default.span))
            default = partition
            if strategy == "hash":
                ctx.emit(
                    cat.partition_bound(
                        partition.default, "a hash-partitioned table has no default partition"
                    )
                )
            if len(given) > 1:
                ctx.emit(cat.partition_bound(partition.span, "a default partition takes no bounds"))
        elif strategy == "range":
            if partition.from_ is None or partition.to is None or set(given) - {"from", "to"}:
                ctx.emit(
                    cat.partition_bound(
                        partition.span,
                        f"a range partition takes `from` and `to` (it has {_listed(given)})",
                    )
                )
            else:
                for values, name in ((partition.from_, "from"), (partition.to, "to")):
                    if len(values) != len(by.keys):
                        span = values[0].span.to(values[-1].span) if values else partition.span
                        ctx.emit(
                            cat.partition_bound(
                                span,
                                f"`{name}` has {_count(len(values), 'value')} "
                                f"for a key of {_count(len(by.keys), 'column')}",
                            )
                        )
                    else:
                        _values(ctx, values, types, "range", words_ok=True)
        elif strategy == "list":
            if partition.in_ is None or set(given) - {"in"}:
                ctx.emit(
                    cat.partition_bound(
                        partition.span, f"a list partition takes `in` (it has {_listed(given)})"
                    )
                )
            else:
                _values(ctx, partition.in_, types * len(partition.in_), "list", words_ok=False)
        elif strategy == "hash":
            if (
                partition.modulus is None
                or partition.remainder is None
                or set(given) - {"modulus", "remainder"}
            ):
                ctx.emit(
                    cat.partition_bound(
                        partition.span,
                        "a hash partition takes `modulus` and `remainder` "
                        f"(it has {_listed(given)})",
                    )
                )
            elif partition.modulus.value <= 0:
                ctx.emit(
                    cat.partition_bound(partition.modulus.span, "the modulus must be positive")
                )
            elif not 0 <= partition.remainder.value < partition.modulus.value:
                ctx.emit(
                    cat.partition_bound(
                        partition.remainder.span,
                        f"the remainder must be from 0 to {partition.modulus.value - 1}",
                    )
                )
        _partitions(ctx, table, partition.partition_by, partition.partitions, partition.name.value)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _listed(given: list[str]) -> str:
    return ", ".join(f"`{g}`" for g in given) if given else "none"


def check(ctx: Context) -> None:
    for table in ctx.tables:
        _partitions(ctx, table, table.partition_by, table.partitions, table.name.value)
