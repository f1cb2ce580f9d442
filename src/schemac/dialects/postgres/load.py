"""Loading a SQL file into a (throwaway) database with a bounded number of locks.

A schema's SQL in one transaction takes a lock per object it makes and holds them all
to the end: a few thousand tables fill the server's lock table (locks.py). So the file
is run as psql runs it, statement by statement in order, but in transactions of many
statements each, committed before they hold more than half the lock budget (measured
as they go). The file's own transaction control (BEGIN, COMMIT, ...) and psql's
backslash commands are left out; statements PostgreSQL refuses in a transaction
(CREATE INDEX CONCURRENTLY, VACUUM, ...) run on their own. A statement that fails is
reported with the line it starts on.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg

from schemac.dialects.postgres.locks import lock_budget
from schemac.dialects.sql.statements import SqlStatement, split_statements

__all__ = ["LoadError", "load"]

_CONTROL = re.compile(
    r"^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE)\b", re.IGNORECASE
)
_ALONE = re.compile(
    r"\bCONCURRENTLY\b|^(VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM|CREATE\s+TABLESPACE"
    r"|DROP\s+TABLESPACE|REINDEX\s+(SYSTEM|DATABASE))\b",
    re.IGNORECASE,
)
_HELD = "SELECT count(*) FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid()"
_MAX_GROUP = 500


class LoadError(Exception):
    """A statement of the file failed: `line N: PostgreSQL's message`."""

    def __init__(self, line: int, message: str, *, extension: bool = False) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message
        self.extension = extension  # an extension the server lacks


def _fail(statement: SqlStatement, error: psycopg.Error) -> LoadError:
    message = " ".join(str(error).split()) or type(error).__name__
    missing = "extension" in message and (
        "is not available" in message or "could not open extension control file" in message
    )
    return LoadError(statement.line, message, extension=missing)


def load(conn: psycopg.Connection[Any], text: str) -> int:
    """Run the SQL ``text`` on ``conn`` (autocommit); how many statements ran."""
    statements = [
        s
        for s in split_statements(text)
        if not s.text.startswith("\\") and not _CONTROL.match(s.text)
    ]
    budget = lock_budget(conn).limit
    conn.execute("SET client_min_messages = warning")
    group = 50
    i = 0
    while i < len(statements):
        if _ALONE.search(statements[i].text):
            try:
                conn.execute(statements[i].text.encode())
            except psycopg.Error as error:
                raise _fail(statements[i], error) from None
            i += 1
            continue
        i, group = _transaction(conn, statements, i, group, budget)
    return len(statements)


def _transaction(
    conn: psycopg.Connection[Any], statements: list[SqlStatement], i: int, group: int, budget: int
) -> tuple[int, int]:
    """Run statements from ``i`` in one transaction while it holds under half the budget."""
    start = i
    held = 0
    with conn.transaction():
        while i < len(statements) and not _ALONE.search(statements[i].text):
            end = i
            while (
                end < len(statements)
                and end - i < group
                and not _ALONE.search(statements[end].text)
            ):
                end += 1
            chunk = statements[i:end]
            try:
                with conn.transaction():  # a savepoint: a failure is found statement by statement
                    conn.execute("\n;\n".join(s.text for s in chunk).encode())
            except psycopg.Error:
                _locate(conn, chunk)
                raise AssertionError("unreachable") from None  # pragma: no cover
            row = conn.execute(_HELD).fetchone()
            now = int(row[0]) if row else 0
            rate = max((now - held) / max(len(chunk), 1), 0.5)
            held = now
            i = end
            room = budget // 2 - held
            if room <= 0:
                break
            group = max(1, min(_MAX_GROUP, int(room / rate)))
    return (i if i > start else i + 1), group


def _locate(conn: psycopg.Connection[Any], chunk: list[SqlStatement]) -> None:
    """Run ``chunk`` again statement by statement, to say which one fails."""
    for statement in chunk:
        try:
            with conn.transaction():
                conn.execute(statement.text.encode())
        except psycopg.Error as error:
            raise _fail(statement, error) from None
    raise LoadError(chunk[0].line, "the statements from here failed together, but not one by one")
