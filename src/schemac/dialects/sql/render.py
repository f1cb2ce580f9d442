"""A plan told: as a script, and statement by statement to people (what each changes)."""

from __future__ import annotations

from schemac.plan import Plan, Statement

__all__ = ["applied_text", "first_line", "render_script", "split_summary", "statements_text"]


def render_script(plan: Plan, preamble: str | None = None) -> str:
    """The plan as a script: statements separated by blank lines, hazards as comments.

    What the plan leaves alone (objects the language cannot express) comes first, as
    comments; then ``preamble`` (a dialect's settings for the statements), when there
    are statements.
    """
    parts = []
    if plan.statements and plan.left_alone:
        parts.append("\n".join(f"-- left alone: {line}" for line in plan.left_alone))
    for statement in plan.statements:
        lines = [f"-- why: {statement.note}"] if statement.note else []
        lines += [f"-- hazard {h.kind.value}: {h.message}" for h in statement.hazards]
        if not statement.transactional:
            lines.append("-- runs outside the transaction")
        elif statement.early:
            lines.append("-- committed before the rest: a new enum value is usable once committed")
        lines.append(statement.sql)
        parts.append("\n".join(lines))
    if parts and preamble:
        parts.insert(1 if plan.left_alone else 0, preamble)
    return "\n\n".join(parts) + "\n" if parts else ""


def statements_text(n: int) -> str:
    return f"{n} statement{'' if n == 1 else 's'}"


def applied_text(n: int) -> str:
    """What stays applied after a failure, as a clause."""
    if not n:
        return "nothing was applied"
    if n == 1:
        return "the statement run before it stays applied"
    return f"the {n} statements run before it stay applied"


def first_line(sql: str) -> str:
    lines = [line for line in sql.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] + (" ..." if len(lines) > 1 else "")


def split_summary(statement: Statement) -> tuple[str, str]:
    """The sign (`+`, `~`, `-`) and the object of a statement's summary (its SQL if none)."""
    sign, _, what = statement.summary.partition(" ")
    if sign in ("+", "~", "-") and what:
        return sign, what
    first = statement.sql.strip().splitlines()[0] if statement.sql.strip() else "statement"
    return "~", first if len(first) <= 72 else first[:71] + "…"
