"""A trigger's timing, level and events are ones PostgreSQL allows on its object.

INSTEAD OF triggers are for views, row-level, and without column lists; views take
no other row-level triggers; TRUNCATE fires per statement; transition tables belong
to AFTER triggers of one event without column lists; constraint triggers are AFTER
and row-level; only constraint triggers are deferrable.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _check(ctx: Context, trigger: d.TriggerDecl, on_view: bool) -> None:
    timing = trigger.timing.value
    row = trigger.each is not None and trigger.each.value == "row"
    span = trigger.timing.span
    events = {e.kind.value for e in trigger.events}
    columns = any(e.columns for e in trigger.events)
    if timing == "instead_of":
        if not on_view:
            ctx.emit(
                cat.trigger_timing(
                    span, "INSTEAD OF triggers are for views", "use `before` or `after` on a table"
                )
            )
        elif not row:
            at = trigger.each.span if trigger.each is not None else span
            ctx.emit(cat.trigger_timing(at, "INSTEAD OF triggers fire per row", "add `each = row`"))
        if columns:
            ctx.emit(cat.trigger_timing(span, "INSTEAD OF triggers take no column list", None))
        if trigger.when is not None:
            ctx.emit(
                cat.trigger_timing(
                    trigger.when.span,
                    "INSTEAD OF triggers take no `when`",
                    "test the condition inside the trigger function",
                )
            )
    elif on_view and row:
        ctx.emit(
            cat.trigger_timing(
                span,
                "a view's row-level triggers are INSTEAD OF triggers",
                "use `instead_of`, or fire per statement",
            )
        )
    if "truncate" in events and row:
        ctx.emit(
            cat.trigger_timing(
                trigger.each.span if trigger.each is not None else span,
                "TRUNCATE triggers fire per statement",
                "remove `each = row`",
            )
        )
    for name, table in (("old_table", trigger.old_table), ("new_table", trigger.new_table)):
        if table is None:
            continue
        if timing != "after":
            ctx.emit(
                cat.trigger_timing(table.span, "transition tables belong to AFTER triggers", None)
            )
        elif len(events) > 1 or columns:
            ctx.emit(
                cat.trigger_timing(
                    table.span,
                    "transition tables need a trigger on one event, without columns",
                    None,
                )
            )
        elif name == "old_table" and not events & {"update", "delete"}:
            ctx.emit(
                cat.trigger_timing(
                    table.span, "`old_table` needs an update or delete trigger", None
                )
            )
        elif name == "new_table" and not events & {"insert", "update"}:
            ctx.emit(
                cat.trigger_timing(
                    table.span, "`new_table` needs an insert or update trigger", None
                )
            )
    if trigger.constraint:
        if timing != "after" or not row:
            ctx.emit(
                cat.trigger_timing(
                    span,
                    "constraint triggers are AFTER ... FOR EACH ROW",
                    "write `after = [...]` and `each = row`",
                )
            )
    elif trigger.deferrable or trigger.initially_deferred:
        ctx.emit(
            cat.trigger_timing(
                trigger.span, "only constraint triggers are deferrable", "add `constraint = true`"
            )
        )


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for trigger in table.triggers:
            _check(ctx, trigger, on_view=False)
    for view in ctx.views:
        for trigger in view.triggers:
            _check(ctx, trigger, on_view=True)
