"""In-process differ and planner checks: `.schema` text in, changes and SQL out, no server.

A state is built as `schemac compile` builds it (parsed, checked and bound through the
PostgreSQL dialect), not loaded into a server and read back: `schemac diff` compares
states in PostgreSQL's canonical form, so cases are written in that form (types by
their canonical names, SQL as PostgreSQL prints it) where it matters to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from schemac.check import check_sources
from schemac.diagnostics.render import render_text
from schemac.dialects import get_dialect
from schemac.dialects.postgres.plan.planner import plan_changes, render_sql
from schemac.diff import Change, ChangeKind, ObjectKind, diff_databases
from schemac.diff.compare import Comparer
from schemac.ir import model as m
from schemac.source import SourceFile

__all__ = ["POSTGRES", "assert_changes", "assert_plan", "changes", "describe", "plan", "state"]

# The PostgreSQL dialect's, as `schemac diff` compares.
POSTGRES = get_dialect("postgres")

_SIGN = {ChangeKind.ADD: "+", ChangeKind.DROP: "-", ChangeKind.ALTER: "~", ChangeKind.RENAME: ">"}


@cache
def state(text: str, schema: str | None = None) -> m.Database:
    """The database ``text`` declares, bound to ``schema`` (public unless told)."""
    checked = check_sources([SourceFile("state.schema", text)])
    if checked.database is None:
        problems = "\n".join(render_text(d) for d in checked.diagnostics)
        raise AssertionError(f"the schema text does not check:\n{problems}")
    result = POSTGRES.bind(checked.database, schema)
    if result.database is None or result.sql is None:
        problems = "\n".join(render_text(d) for d in result.diagnostics)
        raise AssertionError(f"the schema text does not bind:\n{problems}")
    return result.database


def changes(
    old: str, new: str, *, schema: str | None = None, comparer: Comparer | None = None
) -> list[Change]:
    """The changes from ``old`` to ``new``, compared by ``comparer`` (else PostgreSQL's)."""
    chosen = comparer or POSTGRES.comparer()
    return diff_databases(state(old, schema), state(new, schema), comparer=chosen)


def _where(change: Change, obj: object) -> str:
    parts = [p for p in (change.schema, change.parent) if p]
    return ".".join([*parts, str(getattr(obj, "name", ""))])


def describe(change: Change) -> str:
    """One line for a change: `~ column public.t.a: nullable, type`.

    ``+`` adds, ``-`` drops, ``~`` alters, ``>`` renames (`> table public.a -> b`);
    RENAME and ALTER end with the attributes they name.
    """
    sign = _SIGN[change.kind]
    if change.object is ObjectKind.GRANT:
        grant = change.new if change.new is not None else change.old
        columns = f" ({', '.join(grant.columns)})" if grant.columns else ""
        what = f"grant on {grant.target.kind.value} {grant.target.name} to {grant.grantee}"
        line = f"{sign} {what}{columns}"
    elif change.kind is ChangeKind.RENAME:
        line = f"{sign} {change.object.value} {_where(change, change.old)} -> {change.new.name}"
    else:
        line = f"{sign} {change.object.value} {change.path}"
    if change.attributes:
        line += ": " + ", ".join(sorted(change.attributes))
    return line


def plan(old: str, new: str, *, schema: str | None = None, concurrent_indexes: bool = False) -> str:
    """The plan from ``old`` to ``new`` as `schemac diff` prints it (hazards as comments)."""
    before, after = state(old, schema), state(new, schema)
    found = diff_databases(before, after, comparer=POSTGRES.comparer())
    return render_sql(plan_changes(found, before, after, concurrent_indexes=concurrent_indexes))


def assert_changes(
    old: str,
    new: str,
    expected: Sequence[str],
    *,
    schema: str | None = None,
    comparer: Comparer | None = None,
) -> None:
    """The changes from ``old`` to ``new``, one `describe` line each, in the differ's order."""
    found = changes(old, new, schema=schema, comparer=comparer)
    assert [describe(c) for c in found] == list(expected)


def assert_plan(
    old: str,
    new: str,
    expected: str,
    *,
    schema: str | None = None,
    concurrent_indexes: bool = False,
) -> None:
    """The plan from ``old`` to ``new`` is ``expected`` (surrounding blank lines aside)."""
    found = plan(old, new, schema=schema, concurrent_indexes=concurrent_indexes)
    assert found.strip() == expected.strip()
