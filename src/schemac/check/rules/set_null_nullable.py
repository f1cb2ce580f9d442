"""Warns when `on_delete = set_null` would set a NOT NULL column: the delete would fail."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.inheritance import all_columns
from schemac.check.passes import Pass
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if ctx.sink.errors_within(table.extent):
            continue  # warnings about a table with errors are noise
        for fk in table.foreign_keys:
            for action, on_delete in ((fk.on_delete, True), (fk.on_update, False)):
                if action is None or action[0].value != "set_null":
                    continue
                names = [r.last for r in action[1]] or [c.last for c in fk.columns]
                for name in names:
                    column = find_column(all_columns(ctx, table), name)
                    if column is not None and not column.type.nullable:
                        ctx.emit(
                            cat.set_null_not_null(
                                action[0].span, column.type.span, name, on_delete=on_delete
                            )
                        )
                        break
