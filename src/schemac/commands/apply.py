"""`schemac apply --url URL --to STATE`: the plan shown, approved, then run in one transaction."""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TextIO

from schemac.commands.diff import make_plan, read_states
from schemac.commands.states import State, StateError, is_url
from schemac.diagnostics.render import Style
from schemac.plan import Hazard, HazardKind, Plan, Statement

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

# The key of the session advisory lock every `schemac apply` takes on the database it
# changes, so that two applies never run at once: the first 8 bytes of a fixed hash.
ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"schemac apply").digest()[:8], "big", signed=True)

_LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout expired (and NOWAIT failures)
_MAX_TIMEOUT_MS = 2**31 - 1  # PostgreSQL's limit for lock_timeout
_DURATION = re.compile(r"(?P<value>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>ms|s|min|h)?")
_UNIT_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000}


class ApplyError(Exception):
    """A refusal or failure, for people (one or more lines; passwords masked)."""


# ---------------------------------------------------------------------------- durations


def parse_duration(text: str) -> int:
    """``5s``, ``500ms``, ``2min``, ``1h`` or ``0`` (no limit) in milliseconds, or ValueError."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"{text!r} is not a duration: give a number and a unit (500ms, 5s, 2min)")
    value = float(match["value"])
    if match["unit"] is None and value != 0:
        raise ValueError(f"{text!r} needs a unit: 500ms, 5s, 2min or 1h (0 for no limit)")
    ms = round(value * _UNIT_MS[match["unit"] or "ms"])
    if value and ms < 1:
        raise ValueError(f"{text!r} is shorter than a millisecond")
    if ms > _MAX_TIMEOUT_MS:
        raise ValueError(f"{text!r} is longer than PostgreSQL allows (about 24 days)")
    return ms


def format_duration(ms: int) -> str:
    """Milliseconds as the shortest exact unit: ``200ms``, ``5s``, ``2min``."""
    for unit, size in (("h", 3_600_000), ("min", 60_000), ("s", 1000)):
        if ms and ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"


# ---------------------------------------------------------------------------- the summary


@dataclass
class Line:
    """One line of the summary: an object and what happens to it, with its hazards."""

    sign: str  # "+" add, "~" change, "-" destroy, "-/+" destroy and create again
    what: str  # "table app.users"
    hazards: list[Hazard] = field(default_factory=list)
    outside: bool = False  # a statement that runs outside the transaction


def _split(statement: Statement) -> tuple[str, str]:
    sign, _, what = statement.summary.partition(" ")
    if sign in ("+", "~", "-") and what:
        return sign, what
    first = statement.sql.strip().splitlines()[0] if statement.sql.strip() else "statement"
    return "~", first if len(first) <= 72 else first[:71] + "…"


def plan_lines(plan: Plan) -> list[Line]:
    """The statements grouped by the object they change, in plan order.

    Several statements may change one object (they share a summary): one line. An object
    dropped and created again (a view rebuilt, an index redefined) is one `-/+` line.
    """
    lines: dict[tuple[str, str], Line] = {}
    for statement in plan.statements:
        sign, what = _split(statement)
        line = lines.setdefault((sign, what), Line(sign=sign, what=what))
        line.hazards.extend(h for h in statement.hazards if h not in line.hazards)
        line.outside = line.outside or not statement.transactional
    out: list[Line] = []
    replaced: dict[str, Line] = {}
    for (sign, what), line in lines.items():
        if sign in ("-", "+") and ("+" if sign == "-" else "-", what) in lines:
            if what not in replaced:
                replaced[what] = Line(sign="-/+", what=what)
                out.append(replaced[what])
            both = replaced[what]
            both.hazards.extend(h for h in line.hazards if h not in both.hazards)
            both.outside = both.outside or line.outside
        else:
            out.append(line)
    return out


def _counts(lines: list[Line]) -> tuple[int, int, int]:
    add = sum(1 for line in lines if "+" in line.sign)
    change = sum(1 for line in lines if line.sign == "~")
    destroy = sum(1 for line in lines if "-" in line.sign)
    return add, change, destroy


_SIGN_COLOUR = {"+": "32", "~": "33", "-": "31", "-/+": "33"}


def render_summary(plan: Plan, style: Style) -> str:
    """The plan for people: a line per object, its hazards under it, then the counts."""
    lines = plan_lines(plan)
    width = max(len(line.sign) for line in lines)
    text = []
    for line in lines:
        sign = style.paint(line.sign.rjust(width), _SIGN_COLOUR[line.sign])
        where = " (outside the transaction)" if line.outside else ""
        text.append(f"  {sign} {line.what}{where}")
        for h in line.hazards:
            code = "1;31" if h.kind is HazardKind.DATA_LOSS else "33"
            text.append(f"  {' ' * width}   {style.paint('! ' + h.kind.value, code)}: {h.message}")
    text += [f"  left alone: {line}" for line in plan.left_alone]  # what the language lacks
    add, change, destroy = _counts(lines)
    text.append("")
    text.append(style.bold(f"Plan: {add} to add, {change} to change, {destroy} to destroy."))
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


def _masked(text: str) -> str:
    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415

    return " ".join(mask_url(word) for word in text.split(" "))


def _postgres_message(error: Exception) -> list[str]:
    """What PostgreSQL said: the message, then its detail and hint."""
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if not primary:
        return [_masked(" ".join(str(error).split()) or type(error).__name__)]
    lines = [_masked(primary)]
    for label, attr in (("detail", "message_detail"), ("hint", "message_hint")):
        value = getattr(diag, attr, None)
        if value:
            lines.append(f"{label}: {_masked(' '.join(value.split()))}")
    return lines


def _sqlstate(error: Exception) -> str | None:
    return getattr(error, "sqlstate", None)


def _first_line(sql: str) -> str:
    lines = [line for line in sql.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] + (" ..." if len(lines) > 1 else "")


@dataclass
class _Run:
    """One apply against one connection: lock, check, run, report."""

    conn: Any
    url: str
    plan: Plan
    desired: State
    lock_ms: int
    concurrent_indexes: bool
    out: TextIO
    err: TextIO

    def literal_timeout(self) -> Any:
        from psycopg import sql  # noqa: PLC0415

        return sql.Literal(f"{self.lock_ms}ms")

    @contextmanager
    def advisory_lock(self) -> Iterator[None]:
        """Hold the apply lock; wait for another apply at most the lock timeout."""
        import psycopg  # noqa: PLC0415

        row = self.conn.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY]).fetchone()
        if not row[0]:
            self.err.write("waiting for another schemac apply on this database...\n")
            self.err.flush()
            try:  # the session's lock_timeout bounds this wait as any other
                self.conn.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
            except psycopg.errors.LockNotAvailable:
                raise ApplyError(
                    "another schemac apply is running on this database, and it did not"
                    f" finish within the lock timeout ({format_duration(self.lock_ms)});"
                    " nothing was applied: try again later, or raise --lock-timeout"
                    " (0 waits as long as it takes)"
                ) from None
        try:
            yield
        finally:
            with suppress(psycopg.Error):
                self.conn.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])

    def still_current(self) -> bool:
        """Whether the plan is still to be run: the database read again, and planned again.

        False when the database now matches the desired state; an ApplyError when it
        changed some other way since the plan was shown, since what was approved is not
        what would run. Inside the advisory lock no other apply changes it meanwhile.
        """
        import psycopg  # noqa: PLC0415

        from schemac.dialects.postgres.inspect import inspect  # noqa: PLC0415
        from schemac.dialects.postgres.plan import render_sql  # noqa: PLC0415

        try:
            database = inspect(self.conn).database
        except psycopg.errors.LockNotAvailable:  # a view's definition reads a locked table
            raise ApplyError(
                "reading the database again waited longer than the lock timeout"
                f" ({format_duration(self.lock_ms)}) for a lock another session holds;"
                " nothing was applied: retry when the database is quieter, or raise"
                " --lock-timeout"
            ) from None
        current = State(text=self.url, url=self.url, database=database)
        again = make_plan(current, self.desired, concurrent_indexes=self.concurrent_indexes)
        if again.empty:
            return False
        if render_sql(again) != render_sql(self.plan):
            raise ApplyError(
                "the database changed after the plan was made (another apply, or someone"
                " else), so the plan shown is not what would run; nothing was applied: run"
                " schemac apply again to see the new plan"
            )
        return True

    def failure(self, index: int, statement: Statement, error: Exception) -> list[str]:
        total = len(self.plan.statements)
        sign, what = _split(statement)
        lines = [
            f"statement {index} of {total} failed: {sign} {what}",
            f"  {_first_line(statement.sql)}",
        ]
        said = _postgres_message(error)
        lines.append(f"  PostgreSQL: {said[0]}")
        lines.extend(f"  {line}" for line in said[1:])
        if _sqlstate(error) == _LOCK_NOT_AVAILABLE:
            lines.append(
                f"  lock timeout: the statement waited {format_duration(self.lock_ms)} for a"
                " lock another session holds; retry when the database is quieter, or raise"
                " --lock-timeout"
            )
        return lines

    def outside(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements one by one outside any transaction; how many are applied now."""
        import psycopg  # noqa: PLC0415

        for index, statement in statements:
            sign, what = _split(statement)
            self.out.write(f"Outside the transaction: {sign} {what} ... ")
            self.out.flush()
            try:
                self.conn.execute(statement.sql.encode())
            except psycopg.Error as error:
                self.out.write("failed\n")
                lines = self.failure(index, statement, error)
                lines.append(_applied(applied))
                rest = len(self.plan.statements) - applied - 1
                if rest:
                    lines.append(f"the {_statements(rest)} after it were not run")
                if sign == "+" and what.startswith("index "):
                    lines.append(
                        "a CREATE INDEX CONCURRENTLY that fails leaves an invalid index:"
                        " drop it, then apply again"
                    )
                raise ApplyError("\n".join(lines)) from None
            self.out.write("done\n")
            applied += 1
        return applied

    def transaction(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements in one transaction; how many are applied now."""
        import psycopg  # noqa: PLC0415
        from psycopg import sql  # noqa: PLC0415

        current: tuple[int, Statement] | None = None
        try:
            with self.conn.transaction():
                self.conn.execute(
                    sql.SQL("SET LOCAL lock_timeout = {}").format(self.literal_timeout())
                )
                self.conn.execute("SET LOCAL check_function_bodies = false")
                if self.plan.search_path:  # where extensions' types are found
                    self.conn.execute(
                        sql.SQL("SET LOCAL search_path TO {}").format(
                            sql.SQL(", ").join(sql.Identifier(p) for p in self.plan.search_path)
                        )
                    )
                for current in statements:
                    self.conn.execute(current[1].sql.encode())
                current = None
        except psycopg.Error as error:
            if current is None:  # SET, or COMMIT (a deferred constraint, say)
                lines = ["the transaction failed:", *_postgres_message(error)]
            else:
                lines = self.failure(*current, error)
            lines.append("the transaction was rolled back: " + _applied(applied))
            raise ApplyError("\n".join(lines)) from None
        self.out.write(f"Applied {_statements(len(statements))} in one transaction.\n")
        return applied + len(statements)

    def run(self) -> None:
        """Run the plan in its order, the transactional statements in one transaction.

        New enum values run first, each committed on its own: PostgreSQL lets no
        transaction use a value it added (they stay if the transaction fails; applying
        again skips them). Statements PostgreSQL refuses in a transaction block (CREATE
        and DROP INDEX CONCURRENTLY) run on their own: the drops the plan puts before every
        transactional statement run before the transaction (the index may belong to a
        column or table the transaction drops), the rest after it commits (an index may
        be on a table or column the transaction makes).
        """
        numbered = list(enumerate(self.plan.statements, 1))
        applied = 0
        early = [(i, s) for i, s in numbered if s.early]
        if early:  # new enum values: committed first, or the transaction may not use them
            applied = self.outside(early, applied)
            numbered = [(i, s) for i, s in numbered if not s.early]
        first = 0
        while first < len(numbered) and _leading_drop(numbered[first][1]):
            first += 1
        before = numbered[:first]
        inside = [(i, s) for i, s in numbered[first:] if s.transactional]
        after = [(i, s) for i, s in numbered[first:] if not s.transactional]
        if before:
            applied = self.outside(before, applied)
        if inside:
            applied = self.transaction(inside, applied)
        if after:
            self.outside(after, applied)
        add, change, destroy = _counts(plan_lines(self.plan))
        self.out.write(f"Apply complete: {add} added, {change} changed, {destroy} destroyed.\n")


def _leading_drop(statement: Statement) -> bool:
    return not statement.transactional and _split(statement)[0] == "-"


def _statements(n: int) -> str:
    return f"{n} statement{'' if n == 1 else 's'}"


def _applied(n: int) -> str:
    if not n:
        return "nothing was applied"
    return f"the {_statements(n)} run before it stay applied"


def _run_plan(
    url: str,
    plan: Plan,
    desired: State,
    *,
    target: str,
    lock_ms: int,
    concurrent_indexes: bool,
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
        run = _Run(conn, url, plan, desired, lock_ms, concurrent_indexes, out, err)
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
                return EXIT_OK
        except psycopg.Error as error:  # the connection lost, a catalog query refused, ...
            raise ApplyError("\n".join(["the apply failed:", *_postgres_message(error)])) from None


def _shown(state: str) -> str:
    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415

    return mask_url(state) if is_url(state) else state


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
    out_style: Style | None = None,
    err_style: Style | None = None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Take the database at ``url`` to the state ``target``; ``lock_timeout`` in ms.

    The plan is shown on ``out``; questions, waiting and errors go to ``err``.
    """
    style = out_style or Style(color=False)
    estyle = err_style or Style(color=False)

    def fail(message: str) -> int:
        err.write(f"{estyle.error('error')}: {message}\n")
        return EXIT_ERROR

    if not is_url(url):
        return fail(f"--url must be a postgresql:// URL, not {_shown(url)}")
    try:
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
        from schemac.dialects.postgres.plan import render_sql  # noqa: PLC0415

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
        return _run_plan(
            url,
            plan,
            new,
            target=target,
            lock_ms=lock_timeout,
            concurrent_indexes=concurrent_indexes,
            out=out,
            err=err,
        )
    except ApplyError as error:
        return fail(str(error))
