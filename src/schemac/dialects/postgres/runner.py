"""Running an approved plan on PostgreSQL: transactions within the lock budget.

The command holds the apply lock and has checked the plan is still current
(commands/apply.py); here the statements run in plan order:

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

import re
from dataclasses import dataclass, field
from typing import Any, TextIO

import psycopg
from psycopg import sql

from schemac import interrupt
from schemac.dialects.driver import ApplyError
from schemac.dialects.postgres.driver import set_timeout
from schemac.dialects.postgres.errors import LOCK_NOT_AVAILABLE, message_lines, sqlstate
from schemac.dialects.postgres.locks import lock_budget
from schemac.dialects.sql.render import applied_text, first_line, split_summary, statements_text
from schemac.durations import format_duration
from schemac.plan import Plan, Statement

__all__ = ["Run"]

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


@dataclass
class Run:
    """One plan run against one connection (autocommit): run, report, undo what must be."""

    conn: psycopg.Connection[Any]
    plan: Plan
    lock_ms: int
    out: TextIO
    err: TextIO
    budget: int = 0  # the most locks a transaction holds (0: the server's budget)
    transactions: int = field(default=0, init=False)

    # ------------------------------------------------------------------ failures

    def failure(self, index: int, statement: Statement, error: Exception) -> list[str]:
        total = len(self.plan.statements)
        sign, what = split_summary(statement)
        lines = [
            f"statement {index} of {total} failed: {sign} {what}",
            f"  {first_line(statement.sql)}",
        ]
        said = message_lines(error)
        lines.append(f"  PostgreSQL: {said[0]}")
        lines.extend(f"  {line}" for line in said[1:])
        if sqlstate(error) == LOCK_NOT_AVAILABLE:
            lines.append(
                f"  lock timeout: the statement waited {format_duration(self.lock_ms)} for a"
                " lock another session holds; retry when the database is quieter, or raise"
                " --lock-timeout"
            )
        return lines

    # ------------------------------------------------------------------ running

    def _settings(self) -> None:
        set_timeout(self.conn, "lock_timeout", self.lock_ms, local=True)
        self.conn.execute("SET LOCAL check_function_bodies = false")
        if self.plan.search_path:  # where extensions' types are found
            self.conn.execute(
                sql.SQL("SET LOCAL search_path TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(p) for p in self.plan.search_path)
                )
            )

    def outside(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements one by one outside any transaction; how many are applied now."""
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
        if statement.reverse is None:  # pragma: no cover - an index has its drop
            return
        with interrupt.deferred():
            try:
                set_timeout(self.conn, "lock_timeout", self.lock_ms or 5000)
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
        untried = 0
        with self.conn.transaction(force_rollback=True):
            self._settings()
            for _, statement in early:
                self.conn.execute(statement.sql.encode())
            stand_ins = self._stand_ins(early)
            checked = 0
            for count, (index, statement) in enumerate(inside, 1):
                error = self._try(statement.sql)
                if error is not None and sqlstate(error) == _UNSAFE_NEW_ENUM_VALUE:
                    text = statement.sql
                    for new, old in stand_ins:
                        text = text.replace(new, old)
                    error = self._try(text) if text != statement.sql else error
                    if error is not None and sqlstate(error) in _UNTRIED:
                        untried += 1
                        continue
                if error is not None:
                    state = sqlstate(error) or ""
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
        return True

    def _try(self, text: str) -> Exception | None:
        try:
            with self.conn.transaction():
                self.conn.execute(text.encode())
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
            self.budget = lock_budget(self.conn).limit
        return self.budget

    def transactions_for(self, statements: list[tuple[int, Statement]], applied: int) -> int:
        """Run statements in as few transactions as the lock budget allows."""
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
                    lines = ["the transaction failed:", *message_lines(error)]
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
