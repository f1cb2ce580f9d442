"""No name is empty: PostgreSQL has no empty identifiers."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.rules.name_length import declared_names
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.NAMES


def check(ctx: Context) -> None:
    for name in declared_names(ctx):
        if name.value == "" and name.span.text.startswith(('"', "'")):
            ctx.emit(cat.empty_name(name.span))
