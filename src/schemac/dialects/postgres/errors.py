"""psycopg's errors as the driver-neutral ones of dialects/driver.py: by SQLSTATE, masked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from schemac.dialects.driver import LockNotAvailable, ServerError, UndefinedObject
from schemac.dialects.postgres.connect import mask_url

__all__ = [
    "LOCK_NOT_AVAILABLE",
    "message_lines",
    "one_line",
    "server_error",
    "sqlstate",
    "translated",
]

LOCK_NOT_AVAILABLE = "55P03"  # the lock timeout ran out (and NOWAIT failures)
_UNDEFINED_OBJECT = "42704"
_NEUTRAL: dict[str, type[ServerError]] = {
    LOCK_NOT_AVAILABLE: LockNotAvailable,
    _UNDEFINED_OBJECT: UndefinedObject,
}


def sqlstate(error: BaseException) -> str | None:
    return getattr(error, "sqlstate", None)


def _masked(text: str) -> str:
    return " ".join(mask_url(word) for word in text.split(" "))


def message_lines(error: Exception) -> list[str]:
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


def one_line(error: Exception) -> str:
    """The error's whole text on one line, any password in it masked."""
    return mask_url(" ".join(str(error).split()) or type(error).__name__)


def server_error(error: psycopg.Error) -> ServerError:
    """The neutral error for ``error``: LockNotAvailable, UndefinedObject, else ServerError."""
    kind = _NEUTRAL.get(sqlstate(error) or "", ServerError)
    return kind(one_line(error), message_lines(error))


@contextmanager
def translated() -> Iterator[None]:
    """Raise the neutral error for any psycopg error the block raises."""
    try:
        yield
    except psycopg.Error as error:
        raise server_error(error) from None
