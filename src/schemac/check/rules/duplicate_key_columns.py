"""A primary key, unique constraint or foreign key lists each column once."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _once(ctx: Context, columns: tuple[d.Ref, ...], what: str) -> None:
    seen: dict[str, d.Ref] = {}
    for ref in columns:
        first = seen.get(ref.last)
        if first is not None:
            ctx.emit(cat.duplicate_key_column(ref.span, first.span, ref.last, what))
        else:
            seen[ref.last] = ref


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if table.primary_key is not None:
            _once(ctx, table.primary_key.columns, "the primary key")
        for unique in table.uniques:
            _once(ctx, unique.columns, "a unique constraint")
        for fk in table.foreign_keys:
            _once(ctx, fk.columns, "a foreign key")
            if fk.ref_columns is not None:
                _once(ctx, fk.ref_columns, "a foreign key's referenced columns")
