"""`schemac diff --from STATE --to STATE`: the migration that takes one state to the other."""

from __future__ import annotations

import dataclasses
import gc
import json
import sys
from typing import TextIO

from schemac.commands.output import write_output
from schemac.commands.states import (
    State,
    StateError,
    check_paths,
    dev_server,
    is_url,
    read_files_on,
    read_state,
)
from schemac.diagnostics import Severity
from schemac.diagnostics.render import Style
from schemac.dialects import DEFAULT_DIALECT, Dialect, DialectError, choose_dialect, get_dialect
from schemac.interrupt import Workers
from schemac.ir.model import Database
from schemac.plan import Plan

__all__ = ["EXIT_CHANGES", "diff_command", "make_plan", "plan_data"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2


def read_states(
    first: str,
    second: str,
    dev_url: str | None,
    schema: str | None = None,
    *,
    dialect: Dialect | None = None,
) -> tuple[State, State]:
    """Both states, in canonical form (``dialect`` None: the one their URLs are for).

    With ``schema``, a database state is that schema and those the other state declares:
    other schemas are left alone.
    """
    if dialect is None:
        try:
            dialect = choose_dialect(None, (first, second, dev_url))
        except DialectError as error:
            raise StateError(str(error)) from None
    check_paths(first, second, dialect=dialect)
    old, new = _read_states(first, second, dev_url, schema, dialect)
    if schema is None:
        return old, new
    from schemac.ir.filter import only  # noqa: PLC0415

    scope = {schema} | {
        s.name or "" for st in (old, new) if st.url is None for s in st.database.schemas
    }
    return tuple(  # type: ignore[return-value]
        dataclasses.replace(st, database=only(st.database, scope), schemas=tuple(sorted(scope)))
        if st.url
        else st
        for st in (old, new)
    )


def _read_states(
    first: str, second: str, dev_url: str | None, schema: str | None, dialect: Dialect
) -> tuple[State, State]:
    urls = [s for s in (first, second) if is_url(s, dialect)]
    fallback = urls[0] if urls else None
    if len(urls) == 2:
        with Workers(2) as pool:
            a = pool.submit(read_state, first, None, schema)
            b = pool.submit(read_state, second, None, schema)
            return a.result(), b.result()
    if fallback is not None and dev_url is None:
        files = second if fallback == first else first
        if not files.endswith(".sql"):  # .schema files: built on the live server itself
            with Workers(2) as pool:
                live = pool.submit(read_state, fallback, None, schema)
                built = pool.submit(read_files_on, fallback, files, schema, dialect)
                if fallback == first:
                    return live.result(), built.result()
                return built.result(), live.result()
    with dev_server(dev_url, fallback, dialect) as dev:
        return read_state(first, dev, schema), read_state(second, dev, schema)


def _read_back(state: State) -> bool:
    """Whether the state was read from a database (or SQL loaded into one), not written."""
    return state.url is not None or state.text.endswith(".sql")


def _with_unwritable(database: Database) -> Database:
    """The database with what the language cannot write of it as unmanaged objects too."""
    from schemac.writer import unwritable_objects  # noqa: PLC0415

    found = unwritable_objects(database)
    if not found:
        return database
    return dataclasses.replace(database, unmanaged=database.unmanaged + found)


def make_plan(
    old: State, new: State, *, concurrent_indexes: bool = False, dialect: Dialect | None = None
) -> Plan:
    """The plan from ``old`` to ``new``, leaving alone what the language cannot express.

    A state read from a database may hold objects the language cannot express, or
    cannot write (what `inspect` would warn of): no plan changes them (diff/unmanaged.py);
    the plan says so. ``dialect`` None: the default one.
    """
    from schemac.diff import diff_databases  # noqa: PLC0415
    from schemac.diff.unmanaged import leave_alone, unmanaged_differences  # noqa: PLC0415

    before, after = old.database, new.database
    differences = []
    if _read_back(old) and _read_back(new):  # both may hold objects the model lacks
        differences = unmanaged_differences(before, after)
    if _read_back(old):
        before = _with_unwritable(before)
    if _read_back(new):
        after = _with_unwritable(after)
    planner = dialect or get_dialect(DEFAULT_DIALECT)
    found = diff_databases(before, after, comparer=planner.comparer())
    changes, left = leave_alone(found, before, after)
    left += differences
    plan = planner.plan(changes, before, after, concurrent_indexes=concurrent_indexes)
    return dataclasses.replace(plan, left_alone=tuple(left)) if left else plan


def plan_data(plan: Plan) -> dict[str, object]:
    return {
        "statements": [
            {
                "sql": s.sql,
                "reverse": s.reverse,
                "summary": s.summary,
                "note": s.note,
                "transactional": s.transactional,
                "early": s.early,
                "hazards": [{"kind": h.kind.value, "message": h.message} for h in s.hazards],
            }
            for s in plan.statements
        ],
        "hazards": sorted({h.kind.value for h in plan.hazards}),
        "left_alone": list(plan.left_alone),
    }


def diff_command(
    source: str,
    target: str,
    *,
    dialect: str | None = None,
    dev_url: str | None = None,
    output_format: str = "sql",
    exit_code: bool = False,
    schema: str | None = None,
    lock_ms: int = 5000,
    err_style: Style | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print the plan from ``source`` to ``target``; nothing when they are the same.

    ``dialect`` None: the one the URLs are for. No read waits longer than ``lock_ms``
    (0: no limit) for a lock.
    """
    style = err_style or Style(color=False)
    gc.disable()
    try:
        chosen = choose_dialect(dialect, (source, target, dev_url))
        with chosen.driver().bounded_waits(lock_ms):
            old, new = read_states(source, target, dev_url, schema, dialect=chosen)
    except (DialectError, StateError) as error:
        err.write(f"{style.error('error')}: {error}\n")
        return EXIT_ERROR
    plan = make_plan(old, new, dialect=chosen)
    if plan.empty:
        # Nothing to do, but a difference the model cannot represent is never silent.
        for line in plan.left_alone:
            err.write(f"{style.severity(Severity.WARNING, 'warning')}: left alone: {line}\n")
        return EXIT_OK
    if output_format == "json":
        write_output(json.dumps(plan_data(plan), indent=2, ensure_ascii=False) + "\n", None, out)
    else:
        write_output(chosen.render(plan), None, out)
    return EXIT_CHANGES if exit_code else EXIT_OK
