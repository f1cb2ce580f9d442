"""Each foreign key column has a type PostgreSQL can compare with the column it references."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.inheritance import all_columns
from schemac.check.passes import Pass
from schemac.check.rules.default_fits_type import base_type
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for fk in table.foreign_keys:
            resolved = ctx.fk_targets.get(fk)
            if resolved is None or fk in ctx.broken:
                continue
            target, ref_columns = resolved
            columns = all_columns(ctx, table)
            for ref, ref_column in zip(fk.columns, ref_columns, strict=False):
                column = find_column(columns, ref.last)
                if column is None:
                    continue
                mine = ctx.types.get(column.type)
                theirs = ctx.types.get(ref_column.type)
                if mine is None or theirs is None:
                    continue
                if not ctx.target.fk_compatible(base_type(ctx, mine), base_type(ctx, theirs)):
                    ctx.emit(
                        cat.fk_type_mismatch(
                            ref.span,
                            ref_column.type.span,
                            column.name.value,
                            ctx.target.type_name(mine),
                            ref=f"{target.name.value}.{ref_column.name.value}",
                            ref_type=ctx.target.type_name(theirs),
                        )
                    )
