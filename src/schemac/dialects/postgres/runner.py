"""Running an approved plan on PostgreSQL: the apply lock, the check under it, transactions.

One apply at a time holds a session advisory lock on the database; under it the
database is read again (the same schemas the plan read) and planned again, and the
plan runs only if it is still the one shown. Statements run in plan order:

- new enum values first, each committed on its own (PostgreSQL lets no transaction
  use a value it added itself) — but only after the rest of the plan was rehearsed in
  a transaction that is rolled back, with those values added in it, so that a plan
  PostgreSQL refuses commits nothing;
- CONCURRENTLY drops before the transaction, CONCURRENTLY creations after it;
- the rest in one transaction — or, when it would hold more locks than the budget
  (locks.py: 976 at the default settings), in several, each committed when the locks
  it holds (measured as it goes) reach the budget. Then a failure rolls back its own
  transaction only, the message says what stays applied, and applying again finishes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TextIO

from schemac.commands.states import State
from schemac.plan import Plan, Statement

__all__ = ["ADVISORY_KEY", "ApplyError", "Run", "applied_text", "first_line", "statements_text"]

# The key of the session advisory lock every `schemac apply` takes on the database it
# changes, so that two applies never run at once: the first 8 bytes of a fixed hash.
ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"schemac apply").digest()[:8], "big", signed=True)

_LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout expired (and NOWAIT failures)
_UNSAFE_NEW_ENUM_VALUE = "55P04"  # a value ALTER TYPE ... ADD VALUE added, used before commit
# What a statement tried with a stand-in value may fail with for that reason alone.
_UNTRIED = frozenset((_UNSAFE_NEW_ENUM_VALUE, "23514"))  # and check_violation
# How the planner writes a new enum value (plan/types.py).
_ADD_VALUE = re.compile(r"ALTER TYPE (?P<type>.+?) ADD VALUE (?P<value>'(?:[^']|'')*')")
_CHECK_EVERY = 50  # statements between two counts of the locks held, at most
_HELD = "SELECT count(*) FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid()"
_SAVEPOINT = "SAVEPOINT schemac_stretch;"
_RELEASE = "RELEASE SAVEPOINT schemac_stretch;"
_UNDO_STRETCH = b"ROLLBACK TO SAVEPOINT schemac_stretch; RELEASE SAVEPOINT schemac_stretch"


class ApplyError(Exception):
    """A refusal or failure, for people (one or more lines; passwords masked)."""


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
    sign, _, what = statement.summary.partition(" ")
    if sign in ("+", "~", "-") and what:
        return sign, what
    first = statement.sql.strip().splitlines()[0] if statement.sql.strip() else "statement"
    return "~", first if len(first) <= 72 else first[:71] + "…"


def _masked(text: str) -> str:
    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415

    return " ".join(mask_url(word) for word in text.split(" "))


def postgres_message(error: Exception) -> list[str]:
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


def _format_ms(ms: int) -> str:
    from schemac.durations import format_duration  # noqa: PLC0415

    return format_duration(ms)


@dataclass
class Run:
    """One apply against one connection: lock, check, run, report."""

    conn: Any
    url: str
    plan: Plan
    desired: State
    lock_ms: int
    concurrent_indexes: bool
    out: TextIO
    err: TextIO
    schemas: tuple[str, ...] | None = None  # what the plan read of the database (None: all)
    budget: int = 0  # the most locks a transaction holds (0: the server's budget)
    transactions: int = field(default=0, init=False)

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
                    f" finish within the lock timeout ({_format_ms(self.lock_ms)});"
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

        The same schemas are read as for the plan (all, or those of `--schema` and the
        files). False when the database now matches the desired state; an ApplyError
        when it changed some other way since the plan was shown, since what was
        approved is not what would run. Inside the advisory lock no other apply changes
        it meanwhile.
        """
        import psycopg  # noqa: PLC0415

        from schemac.commands.diff import make_plan  # noqa: PLC0415
        from schemac.dialects.postgres.inspect.reader import inspect  # noqa: PLC0415
        from schemac.dialects.postgres.plan.planner import render_sql  # noqa: PLC0415
        from schemac.ir.filter import only  # noqa: PLC0415

        try:  # read as the plan read it: all of it, then its schemas (a reference may leave them)
            database = inspect(self.conn).database
        except psycopg.errors.LockNotAvailable as error:  # the reads wait for a locked table
            raise ApplyError(f"nothing was applied: reading the database again {error}") from None
        if self.schemas is not None:
            database = only(database, set(self.schemas))
        current = State(text=self.url, url=self.url, database=database, schemas=self.schemas)
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

    # ------------------------------------------------------------------ failures

    def failure(self, index: int, statement: Statement, error: Exception) -> list[str]:
        total = len(self.plan.statements)
        sign, what = split_summary(statement)
        lines = [
            f"statement {index} of {total} failed: {sign} {what}",
            f"  {first_line(statement.sql)}",
        ]
        said = postgres_message(error)
        lines.append(f"  PostgreSQL: {said[0]}")
        lines.extend(f"  {line}" for line in said[1:])
        if _sqlstate(error) == _LOCK_NOT_AVAILABLE:
            lines.append(
                f"  lock timeout: the statement waited {_format_ms(self.lock_ms)} for a"
                " lock another session holds; retry when the database is quieter, or raise"
                " --lock-timeout"
            )
        return lines

    # ------------------------------------------------------------------ running

    def _settings(self) -> None:
        from psycopg import sql  # noqa: PLC0415

        self.conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(self.literal_timeout()))
        self.conn.execute("SET LOCAL check_function_bodies = false")
        if self.plan.search_path:  # where extensions' types are found
            self.conn.execute(
                sql.SQL("SET LOCAL search_path TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(p) for p in self.plan.search_path)
                )
            )

    def outside(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements one by one outside any transaction; how many are applied now."""
        import psycopg  # noqa: PLC0415

        for index, statement in statements:
            sign, what = split_summary(statement)
            self.out.write(f"Outside the transaction: {sign} {what} ... ")
            self.out.flush()
            try:
                self.conn.execute(statement.sql.encode())
            except KeyboardInterrupt:  # Ctrl-C: psycopg has cancelled the statement
                self.out.write("interrupted\n")
                if sign == "+" and what.startswith("index "):
                    self.undo(statement, what)
                raise
            except psycopg.Error as error:
                self.out.write("failed\n")
                lines = self.failure(index, statement, error)
                left = self.invalid_index(what) if what.startswith("index ") else None
                if left is None:
                    lines.append(applied_text(applied))
                else:
                    before = (
                        applied_text(applied) if applied else "no statement before it was applied"
                    )
                    lines += [before, left]
                rest = len(self.plan.statements) - applied - 1
                if rest:
                    lines.append(f"the {statements_text(rest)} after it were not run")
                raise ApplyError("\n".join(lines)) from None
            self.out.write("done\n")
            applied += 1
        return applied

    def invalid_index(self, what: str) -> str | None:
        """What a failed CONCURRENTLY build or drop left of ``what`` (`index s.name`).

        PostgreSQL keeps an index such a statement made or began to drop, marked invalid:
        queries do not use it (nor does a unique one keep values unique), and the next
        plan drops it and builds it again. None when there is no such index.
        """
        import psycopg  # noqa: PLC0415

        name = what.removeprefix("index ")
        try:
            row = self.conn.execute(
                "SELECT i.indisvalid, i.indisunique FROM pg_catalog.pg_index i"
                " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) c.relname"
                " = %s",
                [name],
            ).fetchone()
        except psycopg.Error:  # the connection is gone: say what may be left
            return (
                f"index {name} may be left invalid (as a failed CONCURRENTLY build leaves it):"
                " the next schemac apply drops it and builds it again"
            )
        if row is None or row[0]:
            return None
        unique = ", and it does not keep values unique" if row[1] else ""
        return (
            f"index {name} is left invalid (PostgreSQL keeps what the failed statement"
            f" made): queries do not use it{unique}; the next schemac apply drops it and"
            " builds it again"
        )

    def undo(self, statement: Statement, what: str) -> None:
        """Drop the INVALID index a cancelled CREATE INDEX CONCURRENTLY leaves behind.

        Left there, it would be read back as the index the plan made, and the next apply
        would not make it again. The drop waits at most the lock timeout (5s if none).
        """
        import psycopg  # noqa: PLC0415
        from psycopg import sql  # noqa: PLC0415

        from schemac import interrupt  # noqa: PLC0415

        if statement.reverse is None:  # pragma: no cover - an index has its drop
            return
        bound = sql.Literal(f"{self.lock_ms or 5000}ms")
        with interrupt.deferred():
            try:
                self.conn.execute(sql.SQL("SET lock_timeout = {}").format(bound))
                self.conn.execute(statement.reverse.encode())
            except psycopg.errors.UndefinedObject:
                pass  # cancelled before it was made
            except psycopg.Error:
                self.err.write(
                    f"warning: the interrupted build left {what} INVALID: drop it, then"
                    " apply again\n"
                )

    def rehearse(
        self, early: list[tuple[int, Statement]], inside: list[tuple[int, Statement]]
    ) -> bool:
        """Run the plan in a transaction that is rolled back, new enum values in it.

        PostgreSQL refuses (55P04) a statement that uses a value added in the same
        transaction: such a statement is tried again with an existing value of the type
        in the new one's place (a default, a check, a predicate), so that the rest of
        what it does is tried. What fails only because a statement could not be tried
        (a check that the stand-in breaks, an object it would have made) is not held
        against the plan; any other failure is: an ApplyError, and nothing is applied.
        False when the plan would hold more locks than the budget (it then runs in
        several transactions, and is not rehearsed).
        """
        import psycopg  # noqa: PLC0415

        untried = 0
        with self.conn.transaction(force_rollback=True):
            self._settings()
            for _, statement in early:
                self.conn.execute(statement.sql.encode())
            stand_ins = self._stand_ins(early)
            checked = 0
            for count, (index, statement) in enumerate(inside, 1):
                error = self._try(statement.sql)
                if error is not None and _sqlstate(error) == _UNSAFE_NEW_ENUM_VALUE:
                    text = statement.sql
                    for new, old in stand_ins:
                        text = text.replace(new, old)
                    error = self._try(text) if text != statement.sql else error
                    if error is not None and _sqlstate(error) in _UNTRIED:
                        untried += 1
                        continue
                if error is not None:
                    state = _sqlstate(error) or ""
                    if untried and state[:2] == "42":  # an object an untried statement makes
                        continue
                    lines = self.failure(index, statement, error)
                    lines.append(
                        "the plan was tried in a transaction that was rolled back before"
                        " its new enum values were committed; nothing was applied"
                    )
                    raise ApplyError("\n".join(lines)) from None
                if count - checked >= 20:
                    checked = count
                    if self._held() > self._budget():
                        return False
        del psycopg
        return True

    def _try(self, sql: str) -> Exception | None:
        import psycopg  # noqa: PLC0415

        try:
            with self.conn.transaction():
                self.conn.execute(sql.encode())
        except psycopg.Error as error:
            return error
        return None

    def _stand_ins(self, early: list[tuple[int, Statement]]) -> list[tuple[str, str]]:
        """For each new enum value, as the plan's SQL writes it, an existing value of its type."""
        out = []
        added: dict[str, list[str]] = {}
        for _, statement in early:
            found = _ADD_VALUE.match(statement.sql)
            if found is not None:
                added.setdefault(found["type"], []).append(found["value"])
        for type_text, values in added.items():
            rows = self.conn.execute(
                "SELECT pg_catalog.quote_literal(enumlabel) FROM pg_catalog.pg_enum"
                " WHERE enumtypid = %s::regtype ORDER BY enumsortorder",
                [type_text],
            ).fetchall()
            existing = [r[0] for r in rows if r[0] not in values]
            if existing:
                out += [(f"{v}::{type_text}", f"{existing[0]}::{type_text}") for v in values]
        return out

    def _held(self) -> int:
        row = self.conn.execute(_HELD).fetchone()
        return int(row[0]) if row else 0

    def _stretch(self, statements: list[str]) -> int:
        """Run statements in a savepoint; the locks held after them."""
        text = "\n".join([_SAVEPOINT, *statements, _RELEASE, _HELD])
        cursor = self.conn.execute(text.encode())
        while cursor.nextset():  # the results of each statement, the count's last
            pass
        row = cursor.fetchone()
        return int(row[0]) if row else 0

    def _budget(self) -> int:
        if not self.budget:
            from schemac.dialects.postgres.locks import lock_budget  # noqa: PLC0415

            self.budget = lock_budget(self.conn).limit
        return self.budget

    def transactions_for(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements in as few transactions as the lock budget allows."""
        import psycopg  # noqa: PLC0415

        budget = self._budget()
        done = 0
        committed = applied
        while done < len(statements):
            current: tuple[int, Statement] | None = None
            try:
                with self.conn.transaction():
                    self._settings()
                    # Statements go to the server a stretch at a time, in a savepoint,
                    # with the count of the locks then held: one round trip. When a
                    # stretch fails, it is rolled back and run again one statement at a
                    # time, to name the one that fails. The locks held are counted after
                    # the first statement, then again before what is left of the budget
                    # could be used up at the most any stretch took so far, and at least
                    # every 50 statements.
                    held, rate = self._held(), 1.0
                    step = 1
                    while done < len(statements):
                        chunk = statements[done : done + step]
                        try:
                            now = self._stretch([st.sql for _, st in chunk])
                        except psycopg.Error:
                            self.conn.execute(_UNDO_STRETCH)
                            for current in chunk:
                                self.conn.execute(current[1].sql.encode())
                            current = None
                            now = self._held()
                        done += len(chunk)
                        rate = max(rate, (now - held) / len(chunk))
                        held = now
                        if now >= budget - 2 * rate:
                            break
                        step = max(1, min(int((budget - now) / (2 * rate)), _CHECK_EVERY))
                    current = None
            except psycopg.Error as error:
                if current is None:  # SET, or COMMIT (a deferred constraint, say)
                    lines = ["the transaction failed:", *postgres_message(error)]
                else:
                    lines = self.failure(*current, error)
                lines.append("the transaction was rolled back: " + applied_text(committed))
                if self.transactions:
                    lines.append(
                        f"the plan ran in several transactions (it needs more locks than"
                        f" one may hold here: {budget}); apply again to finish it"
                    )
                raise ApplyError("\n".join(lines)) from None
            self.transactions += 1
            committed = applied + done
        if self.transactions == 1:
            self.out.write(f"Applied {statements_text(len(statements))} in one transaction.\n")
        else:
            self.out.write(
                f"Applied {statements_text(len(statements))} in {self.transactions}"
                f" transactions, each holding at most {budget} locks (the plan needs more"
                " than one transaction may hold on this server).\n"
            )
        return applied + len(statements)

    def run(self) -> tuple[int, int]:
        """Run the plan in its order; the counts of statements applied and transactions."""
        numbered = list(enumerate(self.plan.statements, 1))
        applied = 0
        early = [(i, s) for i, s in numbered if s.early]
        numbered = [(i, s) for i, s in numbered if not s.early]
        first = 0
        while first < len(numbered) and _leading_drop(numbered[first][1]):
            first += 1
        before = numbered[:first]
        inside = [(i, s) for i, s in numbered[first:] if s.transactional]
        after = [(i, s) for i, s in numbered[first:] if not s.transactional]
        if early:  # new enum values: committed first, or the transaction may not use them
            if inside and not before:
                self.rehearse(early, inside)
            applied = self.outside(early, applied)
        if before:
            applied = self.outside(before, applied)
        if inside:
            applied = self.transactions_for(inside, applied)
        if after:
            applied = self.outside(after, applied)
        return applied, self.transactions


def _leading_drop(statement: Statement) -> bool:
    return not statement.transactional and split_summary(statement)[0] == "-"
