"""`schemac apply --url URL --to STATE`: the plan shown, approved, then run in one transaction."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from schemac.dialects.postgres.runner import (
    ADVISORY_KEY,
    ApplyError,
    Run,
    postgres_message,
    split_summary,
)
from schemac.commands.diff import make_plan, read_states
from schemac.durations import format_duration, parse_duration
from schemac.commands.states import State, StateError, is_url
from schemac.diagnostics.render import Style
from schemac.plan import Hazard, HazardKind, Plan

__all__ = [
    "ADVISORY_KEY",
    "ApplyError",
    "apply_command",
    "format_duration",
    "parse_duration",
    "plan_lines",
    "render_summary",
]

EXIT_OK = 0
EXIT_ERROR = 1


# ---------------------------------------------------------------------------- the summary


@dataclass
class Line:
    """One line of the summary: an object and what happens to it, with its hazards."""

    sign: str  # "+" add, "~" change, "-" destroy, "-/+" destroy and create again
    what: str  # "table app.users"
    hazards: list[Hazard] = field(default_factory=list)
    outside: bool = False  # a statement that runs outside the transaction
    notes: list[str] = field(default_factory=list)  # why it is in the plan (Statement.note)

    def take(self, hazards: list[Hazard], notes: list[str]) -> None:
        self.hazards.extend(h for h in hazards if h not in self.hazards)
        self.notes.extend(n for n in notes if n not in self.notes)

    @property
    def rebuilt(self) -> bool:
        """Dropped and made again with nothing lost (a view around a column change, say)."""
        return self.sign == "-/+" and not any(h.kind is HazardKind.DATA_LOSS for h in self.hazards)


_split = split_summary


def plan_lines(plan: Plan) -> list[Line]:
    """The statements grouped by the object they change, in plan order.

    Several statements may change one object (they share a summary): one line. An object
    dropped and created again (a view rebuilt, an index redefined) is one `-/+` line.
    """
    lines: dict[tuple[str, str], Line] = {}
    for statement in plan.statements:
        sign, what = _split(statement)
        line = lines.setdefault((sign, what), Line(sign=sign, what=what))
        line.take(list(statement.hazards), [statement.note] if statement.note else [])
        line.outside = line.outside or not statement.transactional
    out: list[Line] = []
    replaced: dict[str, Line] = {}
    for (sign, what), line in lines.items():
        if sign in ("-", "+") and ("+" if sign == "-" else "-", what) in lines:
            if what not in replaced:
                replaced[what] = Line(sign="-/+", what=what)
                out.append(replaced[what])
            both = replaced[what]
            both.take(line.hazards, line.notes)
            both.outside = both.outside or line.outside
        else:
            out.append(line)
    return out


@dataclass
class _Counts:
    add: int
    change: int
    destroy: int
    rebuild: int  # dropped and made again, nothing lost: neither added nor destroyed


def _counts(lines: list[Line]) -> _Counts:
    rebuilt = [line for line in lines if line.rebuilt]
    others = [line for line in lines if not line.rebuilt]
    return _Counts(
        add=sum(1 for line in others if "+" in line.sign),
        change=sum(1 for line in others if line.sign == "~"),
        destroy=sum(1 for line in others if "-" in line.sign),
        rebuild=len(rebuilt),
    )


_SIGN_COLOUR = {"+": "32", "~": "33", "-": "31", "-/+": "33"}


def render_summary(plan: Plan, style: Style) -> str:
    """The plan for people: a line per object, why and its hazards under it, then the counts.

    An object dropped and made again with nothing lost (a view that reads a column whose
    type changes, an index rebuilt) is counted as rebuilt, not as destroyed and added.
    """
    lines = plan_lines(plan)
    width = max(len(line.sign) for line in lines)
    text = []
    for line in lines:
        sign = style.paint(line.sign.rjust(width), _SIGN_COLOUR[line.sign])
        where = " (outside the transaction)" if line.outside else ""
        text.append(f"  {sign} {line.what}{where}")
        for note in line.notes:
            text.append(f"  {' ' * width}   why: {note}")
        for h in line.hazards:
            code = "1;31" if h.kind is HazardKind.DATA_LOSS else "33"
            text.append(f"  {' ' * width}   {style.paint('! ' + h.kind.value, code)}: {h.message}")
    text += [f"  left alone: {line}" for line in plan.left_alone]  # what the language lacks
    counts = _counts(lines)
    rebuild = f", {counts.rebuild} to rebuild" if counts.rebuild else ""
    text.append("")
    text.append(
        style.bold(
            f"Plan: {counts.add} to add, {counts.change} to change, {counts.destroy} to"
            f" destroy{rebuild}."
        )
    )
    return "\n".join(text) + "\n"


def _data_loss(plan: Plan) -> list[str]:
    out = []
    for statement in plan.statements:
        sign, what = _split(statement)
        for h in statement.hazards:
            if h.kind is HazardKind.DATA_LOSS:
                out.append(f"  {sign} {what}: {h.message}")
    return out


# ---------------------------------------------------------------------------- running


def _run_plan(
    url: str,
    plan: Plan,
    desired: State,
    *,
    target: str,
    lock_ms: int,
    concurrent_indexes: bool,
    schemas: tuple[str, ...] | None,
    budget: int,
    out: TextIO,
    err: TextIO,
) -> int:
    import psycopg  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    from schemac.dialects.postgres.connect import ConnectError, connect  # noqa: PLC0415

    try:
        conn = connect(url, autocommit=True)
    except ConnectError as error:
        raise ApplyError(str(error)) from None
    with conn:
        run = Run(
            conn,
            url,
            plan,
            desired,
            lock_ms,
            concurrent_indexes,
            out,
            err,
            schemas=schemas,
            budget=budget,
        )
        try:
            # Every lock wait of the session is bounded: another apply's advisory lock,
            # the view definitions read again, and statements outside the transaction.
            conn.execute(sql.SQL("SET lock_timeout = {}").format(run.literal_timeout()))
            with run.advisory_lock():
                if not run.still_current():
                    out.write(
                        f"No changes: the database matches {_shown(target)} (changed while"
                        " this apply waited).\n"
                    )
                    return EXIT_OK
                run.run()
                counts = _counts(plan_lines(plan))
                rebuilt = f", {counts.rebuild} rebuilt" if counts.rebuild else ""
                out.write(
                    f"Apply complete: {counts.add} added, {counts.change} changed,"
                    f" {counts.destroy} destroyed{rebuilt}.\n"
                )
                return EXIT_OK
        except psycopg.Error as error:  # the connection lost, a catalog query refused, ...
            raise ApplyError("\n".join(["the apply failed:", *postgres_message(error)])) from None


def _shown(state: str) -> str:
    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415

    return mask_url(state)  # a path comes back as it is


# ---------------------------------------------------------------------------- the command


def _ask(question: str, stdin: TextIO, err: TextIO) -> bool:
    err.write(question)
    err.flush()
    answer = stdin.readline()
    if not answer:
        err.write("\n")
    return answer.strip().lower() in ("y", "yes")


def apply_command(
    url: str,
    target: str,
    *,
    dev_url: str | None = None,
    schema: str | None = None,
    dry_run: bool = False,
    auto_approve: bool = False,
    allow_destructive: bool = False,
    lock_timeout: int = 5000,
    concurrent_indexes: bool = False,
    lock_budget: int = 0,
    out_style: Style | None = None,
    err_style: Style | None = None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Take the database at ``url`` to the state ``target``; ``lock_timeout`` in ms.

    The plan is shown on ``out``; questions, waiting and errors go to ``err``.
    ``lock_budget`` is the most locks one transaction holds (0: the server's budget,
    dialects/postgres/locks.py).
    """
    from schemac.dialects.postgres.connect import bounded_waits  # noqa: PLC0415

    style = out_style or Style(color=False)
    estyle = err_style or Style(color=False)

    def fail(message: str) -> int:
        err.write(f"{estyle.error('error')}: {message}\n")
        return EXIT_ERROR

    if not is_url(url):
        return fail(f"--url must be a postgresql:// URL, not {_shown(url)}")
    try:
        with bounded_waits(lock_timeout):
            old, new = read_states(url, target, dev_url, schema)
    except StateError as error:
        return fail(str(error))
    plan = make_plan(old, new, concurrent_indexes=concurrent_indexes)
    if plan.empty:
        out.write(f"No changes: the database matches {_shown(target)}.\n")
        out.writelines(f"  left alone: {line}\n" for line in plan.left_alone)
        return EXIT_OK
    out.write(render_summary(plan, style))
    losses = _data_loss(plan)
    if dry_run:
        from schemac.dialects.postgres.plan.planner import render_sql  # noqa: PLC0415

        out.write("\n" + render_sql(plan))
        note = "-- dry run: nothing was applied"
        if losses and not allow_destructive:
            note += "; this plan loses data, so applying it needs --allow-destructive"
        out.write(f"\n{note}\n")
        return EXIT_OK
    if losses and not allow_destructive:
        return fail(
            "the plan loses data; pass --allow-destructive to apply it:\n" + "\n".join(losses)
        )
    if not auto_approve:
        if not stdin.isatty():
            return fail(
                "standard input is not a terminal, so the plan cannot be approved here;"
                " pass --auto-approve to apply without asking"
            )
        if not _ask("\nApply these changes? [y/N] ", stdin, err):
            return fail("not applied: the changes were not approved")
    out.flush()
    try:
        with bounded_waits(lock_timeout):
            return _run_plan(
                url,
                plan,
                new,
                target=target,
                lock_ms=lock_timeout,
                concurrent_indexes=concurrent_indexes,
                schemas=old.schemas,
                budget=lock_budget,
                out=out,
                err=err,
            )
    except ApplyError as error:
        return fail(str(error))
