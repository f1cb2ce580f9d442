"""Warns when policies exist without row level security, or row level security without policies."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if ctx.sink.errors_within(table.extent):
            continue  # warnings about a table with errors are noise
        rls = table.row_level_security
        enabled = rls is not None and rls.value in ("enabled", "forced")
        if table.policies and not enabled:
            ctx.emit(cat.policy_without_rls(table.policies[0].span, table.name.value))
        if enabled and not table.policies and rls is not None:
            ctx.emit(cat.rls_without_policy(rls.span, table.name.value))
