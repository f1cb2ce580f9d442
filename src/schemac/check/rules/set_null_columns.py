"""`set_null(...)` and `set_default(...)` name foreign key columns, and only in `on_delete`."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for fk in table.foreign_keys:
            columns = {c.last for c in fk.columns}
            if fk.on_delete is not None:
                for ref in fk.on_delete[1]:
                    if ref.last not in columns:
                        ctx.emit(cat.set_null_columns(ref.span, ref.last))
            if fk.on_update is not None and fk.on_update[1]:
                action = fk.on_update[0]
                ctx.emit(cat.set_null_columns_on_update(action.span, action.value))
