"""Connecting to PostgreSQL: URLs with their password masked, one-line errors, bounded waits.

Every command that talks to a server connects here, so a password never reaches output
or logs, a failed connection is one clear line, every wait is bounded (connecting by
`CONNECT_TIMEOUT`, every lock by the command's `--lock-timeout`, set with
`bounded_waits`), and an interrupt cancels whatever runs on every connection.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from schemac import interrupt

__all__ = [
    "CONNECT_TIMEOUT",
    "ConnectError",
    "bounded_waits",
    "connect",
    "connect_second",
    "mask_url",
]

# Seconds to wait for a server to accept a connection (libpq's connect_timeout).
CONNECT_TIMEOUT = 10

# The longest a statement waits for a lock, in milliseconds (0: no limit): the command's
# --lock-timeout. A context variable, so that commands run side by side (in threads, in
# tests) each keep their own; `interrupt.Workers` carries it into worker threads.
_LOCK_TIMEOUT: ContextVar[int] = ContextVar("lock_timeout_ms", default=5000)

# psycopg logs a warning when a cancelled query leaves a connection in a bad state; the
# command reports the interrupt itself, in one line.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False


@contextmanager
def bounded_waits(lock_timeout_ms: int) -> Iterator[None]:
    """Connections opened in this block wait at most ``lock_timeout_ms`` for any lock."""
    token = _LOCK_TIMEOUT.set(lock_timeout_ms)
    try:
        yield
    finally:
        _LOCK_TIMEOUT.reset(token)


# Every connection open, so that an interrupt can cancel what each one runs. A plain
# dict: copying its values is one step the signal handler cannot see half-done.
_OPEN: dict[int, psycopg.Connection[Any]] = {}


def _cancel_all() -> None:
    for conn in list(_OPEN.values()):
        if not conn.closed and conn.pgconn.transaction_status == TransactionStatus.ACTIVE:
            with suppress(Exception):  # the process is ending: cancel the others
                conn.cancel_safe(timeout=2)


interrupt.on_interrupt(_cancel_all)


def _track(conn: psycopg.Connection[Any]) -> None:
    for key, other in list(_OPEN.items()):
        if other.closed:
            _OPEN.pop(key, None)
    _OPEN[id(conn)] = conn


_URL_PASSWORD = re.compile(
    r"^(?P<head>[a-z][a-z0-9+.-]*://[^/?#@]*?:)(?P<secret>[^/?#]*)(?P<at>@)", re.IGNORECASE
)
_KV_PASSWORD = re.compile(
    r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE
)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<secret>[^&#]*)", re.IGNORECASE)


def mask_url(url: str) -> str:
    """The URL (or key=value connection string) with any password replaced by `***`."""
    if "://" in url:
        masked = _URL_PASSWORD.sub(lambda m: m["head"] + "***" + m["at"], url)
        return _QUERY_PASSWORD.sub(lambda m: m["head"] + "***", masked)
    return _KV_PASSWORD.sub(lambda m: m["head"] + "***", url)


class ConnectError(Exception):
    """A connection that failed, as one line for people (the password masked)."""


def _reason(error: psycopg.Error) -> str:
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "password authentication failed" in lowered:
        user = re.search(r'for user "([^"]*)"', text)
        who = f" for user {user.group(1)}" if user else ""
        return f"authentication failed{who} (wrong password?)"
    if "no password supplied" in lowered or "fe_sendauth" in lowered:
        return "the server asks for a password, and the URL gives none"
    if "does not exist" in lowered and "database" in lowered:
        name = re.search(r'database "([^"]*)" does not exist', text)
        return f"database {name.group(1) if name else ''} does not exist".replace("  ", " ")
    if "role" in lowered and "does not exist" in lowered:
        name = re.search(r'role "([^"]*)" does not exist', text)
        return f"role {name.group(1) if name else ''} does not exist".replace("  ", " ")
    if "connection refused" in lowered:
        return "connection refused (is the server running, and on that host and port?)"
    if "ssl" in lowered or "tls" in lowered or "certificate" in lowered:
        return "TLS failed: " + _short(text)
    if "timeout" in lowered or "timed out" in lowered:
        return "the server did not answer in time"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return "unknown host"
    if "no pg_hba.conf entry" in lowered:
        return "the server does not allow this connection (pg_hba.conf)"
    return _short(text)


def _short(text: str) -> str:
    # psycopg prefixes the attempt ("connection failed: connection to server at ... failed:").
    parts = [p.strip() for p in re.split(r"\bfailed:", text) if p.strip()]
    return parts[-1] if parts else text


def connect(
    url: str, *, autocommit: bool = True, timeout: int = CONNECT_TIMEOUT
) -> psycopg.Connection[Any]:
    """Open a connection, or raise ConnectError with a one-line, password-free reason.

    The session waits for a lock at most what `bounded_waits` set (5s unless told).
    """
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=timeout)
    except psycopg.ProgrammingError as error:  # a malformed URL or connection string
        raise ConnectError(f"cannot read the URL {mask_url(url)}: {_short(str(error))}") from None
    except psycopg.Error as error:
        reason = mask_url(_reason(error))
        raise ConnectError(f"cannot connect to {mask_url(url)}: {reason}") from None
    _track(conn)
    try:
        _settle(conn)
    except psycopg.Error as error:
        conn.close()
        reason = mask_url(_reason(error))
        raise ConnectError(f"cannot connect to {mask_url(url)}: {reason}") from None
    except BaseException:
        conn.close()
        raise
    conn.autocommit = autocommit
    return conn


def _settle(conn: psycopg.Connection[Any]) -> None:
    """The session's lock timeout; and the server ends the session if this process ends.

    A query the process started and could not cancel (it was killed, or the query began
    as it was interrupted) is otherwise left running, or waiting for a lock, until it
    would next write to the client. PostgreSQL 14 and newer check every second.
    """
    timeout = f"{_LOCK_TIMEOUT.get()}ms"
    if conn.info.server_version >= 140000:
        conn.execute(
            "SELECT pg_catalog.set_config('lock_timeout', %s, false),"
            " pg_catalog.set_config('client_connection_check_interval', '1s', false)",
            [timeout],
        )
    else:
        conn.execute("SELECT pg_catalog.set_config('lock_timeout', %s, false)", [timeout])


def connect_second(url: str) -> psycopg.Connection[Any] | None:
    """A second connection, for the catalog queries that run beside the first's.

    None when the server will not give one (a connection limit reached): then one
    connection does it all.
    """
    try:
        return connect(url)
    except ConnectError:
        return None
