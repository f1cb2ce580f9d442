"""What a dialect does on a live server, in terms no database library owns.

Commands never import a database library: they ask the dialect's `Driver` (from
`Dialect.driver()`) and catch the exceptions below. A driver

- connects, with the password masked in every error (`ConnectError`), and says what a
  connection string hides and shows (`mask_url`, `url_secrets`, `url_shown`), so that
  no password reaches output;
- bounds every wait for a lock (`bounded_waits`: each session opened in the block
  waits at most that long; `Session.bound_lock_waits` for the session or, `local`, the
  transaction; `Session.bound_statement_time` likewise);
- reads a database into the model (`inspect`), builds a declared state on a live
  server to read it back in the server's canonical form (`normalize`), and makes and
  drops throwaway databases for states given as files (`dev_server`);
- holds an advisory lock with a timeout (`Session.advisory_lock`), and runs a plan
  (`Session.run_plan`): in one transaction, or in several that keep within the
  server's lock budget, and the statements a transaction cannot hold one by one.

The server's refusals come back classified by what they mean (SQLSTATE, for SQL
servers): `LockNotAvailable`, `UndefinedObject`, else `ServerError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, TextIO

from schemac.ir.model import Database
from schemac.plan import Plan
from schemac.records import record

__all__ = [
    "ApplyError",
    "ConnectError",
    "DevServer",
    "Driver",
    "DriverError",
    "LockNotAvailable",
    "NoSuchSchema",
    "PlanRun",
    "ServerError",
    "Session",
    "UndefinedObject",
]


class DriverError(Exception):
    """A failure on a server, or on the way to one; the message is for people.

    Passwords are masked. ``lines`` are the server's words as a list: its message, then
    its detail and hint, each masked (just the message when it gave no more).
    """

    def __init__(self, message: str, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.lines = tuple(lines) or (message,)


class ConnectError(DriverError):
    """No connection could be opened: one line, password-free."""


class ServerError(DriverError):
    """The server refused a statement or a query (the message is its, on one line)."""


class LockNotAvailable(ServerError):
    """A lock wait ran out (the lock timeout), or a lock asked for without waiting was held."""


class UndefinedObject(ServerError):
    """A statement named an object that is not there."""


class NoSuchSchema(DriverError):
    """Schemas asked for that the database does not have."""

    def __init__(self, missing: Sequence[str], known: Sequence[str]) -> None:
        super().__init__(f"no schema {', '.join(missing)}")
        self.missing = tuple(missing)
        self.known = tuple(known)


class ApplyError(Exception):
    """A plan that was refused or stopped: what failed, and what stays applied (for people)."""


@record
class PlanRun:
    """What running a plan did."""

    applied: int  # statements applied
    transactions: int  # the transactions the transactional statements ran in


class Session(Protocol):
    """One connection to a database; closed when the ``with`` block that holds it ends."""

    def __enter__(self) -> Session: ...

    def __exit__(self, *exc: object) -> None: ...

    def close(self) -> None: ...

    def bound_lock_waits(self, ms: int, *, local: bool = False) -> None:
        """Wait at most ``ms`` for a lock (0: as long as it takes): session, or transaction."""

    def bound_statement_time(self, ms: int, *, local: bool = False) -> None:
        """Let a statement run at most ``ms`` (0: no limit): session, or transaction."""

    def advisory_lock(
        self, name: str, waiting: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """Take the lock ``name`` now, held until the returned context ends.

        When another session holds it, ``waiting`` is called, then the wait is bounded
        by the session's lock timeout: `LockNotAvailable` when it runs out.
        """

    def inspect(self, schemas: Sequence[str] | None = None) -> Database:
        """The database as the session sees it now (``schemas`` None: every user schema)."""

    def run_plan(
        self, plan: Plan, *, lock_ms: int, budget: int, out: TextIO, err: TextIO
    ) -> PlanRun:
        """Run ``plan`` in its order, saying on ``out`` what runs where; `ApplyError` if it fails.

        Each transaction waits at most ``lock_ms`` for a lock and holds at most
        ``budget`` locks (0: the server's budget).
        """


class DevServer(Protocol):
    """A server on which throwaway databases may be made, to build file states on."""

    url: str

    def normalize(self, database: Database, schema: str, *, label: str) -> Database:
        """``database`` as the server reads it back (``label`` names it in errors)."""

    def load(self, sql: str, *, label: str) -> Database:
        """The SQL text ``label`` loaded into a throwaway database, and read back."""


class Driver(Protocol):
    """How a dialect talks to a live server: every call raises a `DriverError` when it fails."""

    def mask_url(self, text: str) -> str:
        """``text`` with any password in it masked; other text comes back as it was."""

    def url_secrets(self, url: str) -> frozenset[str]:
        """Every text in a connection string that is, or may be part of, its password."""

    def url_shown(self, url: str) -> frozenset[str]:
        """What a connection string shows on purpose: its scheme, user, host, database."""

    def bounded_waits(self, lock_ms: int) -> AbstractContextManager[None]:
        """Sessions opened in the block wait at most ``lock_ms`` for any lock (0: no limit)."""

    def connect(self, url: str) -> Session:
        """A session on the database at ``url`` (`ConnectError` when there is none)."""

    def inspect(self, url: str, schemas: Sequence[str] | None = None) -> Database:
        """The database at ``url``: only ``schemas`` when given (each must be there).

        `NoSuchSchema` when one is not; `ServerError` when the reads fail.
        """

    def normalize(self, url: str, database: Database, schema: str, *, label: str) -> Database:
        """``database`` built on the live server at ``url`` and read back, leaving nothing."""

    def dev_server(
        self, dev_url: str | None, fallback: str | None
    ) -> AbstractContextManager[DevServer]:
        """``dev_url``'s server, else ``fallback``'s, else one the driver starts for the block."""
