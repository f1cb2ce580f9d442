"""Hazards for what the language cannot express that a statement takes with it.

An unmanaged object (diff/unmanaged.py) that belongs to an object the plan drops (or
drops and makes again) goes with it and is not made again: a rule with its view, the
NOT VALID state with its constraint, storage parameters with their table. Such a
statement carries a data loss hazard naming it, so `apply` wants --allow-destructive. A
schema the plan drops cannot go while an unmanaged object is in it: that statement says
it will fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from schemac.dialects.sql.steps import hazard, lost
from schemac.ir import model as m
from schemac.plan import HazardKind, Statement

__all__ = ["unmanaged_hazards"]


def _drop_summaries(path: m.ObjectPath) -> tuple[str, ...]:
    """How the planner sums up dropping the object at ``path`` (plan_*.py: `- kind where`)."""
    if path.kind == "schema":
        return (f"- schema {path.name}",)
    where = f"{path.schema}.{path.name}"
    out = [f"- {path.kind} {where}"]
    if path.parent is not None:
        out.append(f"- {path.kind} {path.schema}.{path.parent}.{path.name}")
    return tuple(out)


def unmanaged_hazards(
    statements: Sequence[Statement], unmanaged: Sequence[m.Unmanaged]
) -> tuple[Statement, ...]:
    """The statements, those that drop what an unmanaged object belongs to with a hazard."""
    goes: dict[str, list[m.Unmanaged]] = {}
    in_schema: dict[str, list[m.Unmanaged]] = {}
    for u in unmanaged:
        if u.within is not None:
            for summary in _drop_summaries(u.within):
                goes.setdefault(summary, []).append(u)
        elif u.schema is not None:  # an object of its own, which DROP SCHEMA does not take
            in_schema.setdefault(f"- schema {u.schema}", []).append(u)
    if not goes and not in_schema:
        return tuple(statements)
    out = []
    for statement in statements:
        hazards = list(statement.hazards)
        for u in goes.get(statement.summary, ()):
            hazards.append(
                lost(f"{u.what} goes with it, not made again: the language cannot express it")
            )
        for u in in_schema.get(statement.summary, ()):
            hazards.append(
                hazard(
                    HazardKind.DATA_DEPENDENT,
                    f"fails while the schema holds {u.what}, which schemac leaves alone",
                )
            )
        if len(hazards) != len(statement.hazards):
            out.append(dataclasses.replace(statement, hazards=tuple(hazards)))
        else:
            out.append(statement)
    return tuple(out)
