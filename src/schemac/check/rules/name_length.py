"""Names fit the target's limit (PostgreSQL: 63 bytes), past which a name is cut silently."""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.walk import all_partitions
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check", "declared_names"]

PASS = Pass.NAMES


def _partitions(partitions: tuple[d.PartitionDecl, ...]) -> Iterator[d.Text]:
    for partition in all_partitions(partitions):
        yield partition.name
        yield from (i.name for i in partition.indexes if i.name is not None)


def declared_names(ctx: Context) -> Iterator[d.Text]:
    """Every name the files declare, with where it was written."""
    for schema in ctx.schema_decls:
        yield schema.name
    for table in ctx.tables:
        yield table.name
        for column in table.columns:
            yield column.name
        for group in (
            (table.primary_key,) if table.primary_key else (),
            table.uniques,
            table.indexes,
            table.foreign_keys,
            table.checks,
            table.excludes,
        ):
            for constraint in group:
                if constraint.name is not None:
                    yield constraint.name
        yield from _partitions(table.partitions)
        for trigger in table.triggers:
            yield trigger.name
        for policy in table.policies:
            yield policy.name
    for view in ctx.views:
        yield view.name
        for trigger in view.triggers:
            yield trigger.name
    for matview in ctx.matviews:
        yield matview.name
        for index in matview.indexes:
            if index.name is not None:
                yield index.name
    for collation in ctx.collations:
        yield collation.name
    for enum in ctx.enums:
        yield enum.name
    for domain in ctx.domains:
        yield domain.name
    for composite in ctx.composites:
        yield composite.name
        for field in composite.fields:
            yield field.name
    for sequence in ctx.sequences:
        yield sequence.name
    for function in ctx.functions:
        yield function.name
        for arg in function.arguments:
            if arg.name is not None:
                yield arg.name
    for extension in ctx.extensions:
        yield extension.name


def check(ctx: Context) -> None:
    limit = ctx.target.max_name_bytes
    for name in declared_names(ctx):
        size = len(name.value.encode())
        if size > limit:
            ctx.emit(cat.name_too_long(name.span, name.value, size, limit))
    # Enum values are labels, not names: they may be empty, but not longer.
    for enum in ctx.enums:
        for value in enum.values:
            size = len(value.value.encode())
            if size > limit:
                ctx.emit(cat.name_too_long(value.span, value.value, size, limit, label=True))
