"""A foreign key lists as many columns as it references."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for fk in table.foreign_keys:
            if fk in ctx.broken:
                continue
            if fk.ref_columns is not None:
                referenced = len(fk.ref_columns)
                target_span = (
                    fk.ref_columns[0].span.to(fk.ref_columns[-1].span)
                    if fk.ref_columns
                    else fk.table.span
                )
            else:
                resolved = ctx.fk_targets.get(fk)
                if resolved is None:
                    continue
                referenced = len(resolved[1])
                target_span = fk.table.span
            if referenced != len(fk.columns):
                span = fk.columns[0].span.to(fk.columns[-1].span) if fk.columns else fk.span
                ctx.broken.add(fk)
                ctx.emit(cat.fk_column_count(span, target_span, len(fk.columns), referenced))
