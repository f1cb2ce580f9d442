"""A policy's expressions suit its command.

PostgreSQL rejects `using` on an insert policy and `with_check` on a select or
delete policy.
"""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for policy in table.policies:
            command = policy.command.value if policy.command is not None else "all"
            if command == "insert" and policy.using is not None:
                ctx.emit(cat.policy_expression(policy.using.span, "using", "insert"))
            if command in ("select", "delete") and policy.with_check is not None:
                ctx.emit(cat.policy_expression(policy.with_check.span, "with_check", command))
