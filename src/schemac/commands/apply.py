"""`schemac apply --url URL --to STATE`: the plan shown, approved, then run in one transaction.

One apply at a time holds an advisory lock on the database; under it the database is
read again (the same schemas the plan read) and planned again, and the plan runs
(the dialect's driver runs it) only if it is still the one shown.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TextIO

from schemac.commands.diff import make_plan, read_states
from schemac.commands.states import State, StateError
from schemac.diagnostics.render import Style
from schemac.dialects import Dialect, DialectError, choose_dialect
from schemac.dialects.driver import (
    ApplyError,
    ConnectError,
    DriverError,
    LockNotAvailable,
    Session,
)
from schemac.dialects.sql.render import split_summary
from schemac.durations import format_duration, parse_duration
from schemac.plan import Hazard, HazardKind, Plan
from schemac.records import record

__all__ = [
    "APPLY_LOCK",
    "ApplyError",
    "apply_command",
    "format_duration",
    "parse_duration",
    "plan_lines",
    "render_summary",
]

EXIT_OK = 0
EXIT_ERROR = 1

# The advisory lock every `schemac apply` holds on the database it changes, so that two
# applies never run at once.
APPLY_LOCK = "schemac apply"


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


def _apply_lock(session: Session, lock_ms: int, err: TextIO) -> AbstractContextManager[None]:
    """Hold the apply lock; wait for another apply at most the lock timeout."""

    def waiting() -> None:
        err.write("waiting for another schemac apply on this database...\n")
        err.flush()

    try:
        return session.advisory_lock(APPLY_LOCK, waiting)
    except LockNotAvailable:
        raise ApplyError(
            "another schemac apply is running on this database, and it did not"
            f" finish within the lock timeout ({format_duration(lock_ms)});"
            " nothing was applied: try again later, or raise --lock-timeout"
            " (0 waits as long as it takes)"
        ) from None


@record
class _Approved:
    """What was shown and approved: the plan, and what it was made from."""

    url: str
    plan: Plan
    desired: State
    schemas: tuple[str, ...] | None  # what the plan read of the database (None: all)
    concurrent_indexes: bool


def _still_current(session: Session, dialect: Dialect, approved: _Approved) -> bool:
    """Whether the plan is still to be run: the database read again, and planned again.

    The same schemas are read as for the plan (all, or those of `--schema` and the
    files). False when the database now matches the desired state; an ApplyError
    when it changed some other way since the plan was shown, since what was
    approved is not what would run. Inside the apply lock no other apply changes
    it meanwhile.
    """
    from schemac.ir.filter import only  # noqa: PLC0415

    try:  # read as the plan read it: all of it, then its schemas (a reference may leave them)
        database = session.inspect()
    except LockNotAvailable as error:  # the reads wait for a locked table
        raise ApplyError(f"nothing was applied: reading the database again {error}") from None
    if approved.schemas is not None:
        database = only(database, set(approved.schemas))
    url, schemas = approved.url, approved.schemas
    current = State(text=url, url=url, database=database, schemas=schemas)
    again = make_plan(
        current, approved.desired, concurrent_indexes=approved.concurrent_indexes, dialect=dialect
    )
    if again.empty:
        return False
    if dialect.render(again) != dialect.render(approved.plan):
        raise ApplyError(
            "the database changed after the plan was made (another apply, or someone"
            " else), so the plan shown is not what would run; nothing was applied: run"
            " schemac apply again to see the new plan"
        )
    return True


def _run_plan(
    dialect: Dialect,
    approved: _Approved,
    *,
    target: str,
    lock_ms: int,
    budget: int,
    out: TextIO,
    err: TextIO,
) -> int:
    driver = dialect.driver()
    try:
        session = driver.connect(approved.url)
    except ConnectError as error:
        raise ApplyError(str(error)) from None
    with session:
        try:
            # Every lock wait of the session is bounded: another apply's advisory lock,
            # the view definitions read again, and statements outside the transaction.
            session.bound_lock_waits(lock_ms)
            with _apply_lock(session, lock_ms, err):
                if not _still_current(session, dialect, approved):
                    out.write(
                        f"No changes: the database matches {driver.mask_url(target)} (changed"
                        " while this apply waited).\n"
                    )
                    return EXIT_OK
                plan = approved.plan
                session.run_plan(plan, lock_ms=lock_ms, budget=budget, out=out, err=err)
                counts = _counts(plan_lines(plan))
                rebuilt = f", {counts.rebuild} rebuilt" if counts.rebuild else ""
                out.write(
                    f"Apply complete: {counts.add} added, {counts.change} changed,"
                    f" {counts.destroy} destroyed{rebuilt}.\n"
                )
                return EXIT_OK
        except DriverError as error:  # the connection lost, a catalog query refused, ...
            raise ApplyError("\n".join(["the apply failed:", *error.lines])) from None


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
    dialect: str | None = None,
    dev_url: str | None = None,
    schema: str | None = None,
    dry_run: bool = False,
    auto_approve: bool = False,
    allow_destructive: bool = False,
    lock_ms: int = 5000,
    concurrent_indexes: bool = False,
    lock_budget: int = 0,
    out_style: Style | None = None,
    err_style: Style | None = None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Take the database at ``url`` to the state ``target``; no lock waited for over ``lock_ms``.

    ``dialect`` None: the one the URLs are for. The plan is shown on ``out``;
    questions, waiting and errors go to ``err``. ``lock_budget`` is the most locks one
    transaction holds (0: the server's budget).
    """
    style = out_style or Style(color=False)
    estyle = err_style or Style(color=False)

    def fail(message: str) -> int:
        err.write(f"{estyle.error('error')}: {message}\n")
        return EXIT_ERROR

    try:
        chosen = choose_dialect(dialect, (url, target, dev_url))
    except DialectError as error:
        return fail(str(error))
    driver = chosen.driver()
    if not chosen.is_url(url):
        return fail(f"--url must be a {chosen.url_form} URL, not {driver.mask_url(url)}")
    try:
        with driver.bounded_waits(lock_ms):
            old, new = read_states(url, target, dev_url, schema, dialect=chosen)
    except StateError as error:
        return fail(str(error))
    plan = make_plan(old, new, concurrent_indexes=concurrent_indexes, dialect=chosen)
    if plan.empty:
        out.write(f"No changes: the database matches {driver.mask_url(target)}.\n")
        out.writelines(f"  left alone: {line}\n" for line in plan.left_alone)
        return EXIT_OK
    out.write(render_summary(plan, style))
    losses = _data_loss(plan)
    if dry_run:
        out.write("\n" + chosen.render(plan))
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
    approved = _Approved(
        url=url,
        plan=plan,
        desired=new,
        schemas=old.schemas,
        concurrent_indexes=concurrent_indexes,
    )
    try:
        with driver.bounded_waits(lock_ms):
            return _run_plan(
                chosen,
                approved,
                target=target,
                lock_ms=lock_ms,
                budget=lock_budget,
                out=out,
                err=err,
            )
    except ApplyError as error:
        return fail(str(error))
