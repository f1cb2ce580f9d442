"""A lock wait that ran out (lock_timeout), told with the objects another session has locked.

PostgreSQL's own message ("canceling statement due to lock timeout") names nothing. The
reads of the inspector take ACCESS SHARE locks only (pg_get_viewdef, pg_get_expr,
pg_get_indexdef, pg_get_triggerdef, pg_get_partkeydef lock the relation they print), and
only an ACCESS EXCLUSIVE lock, held or queued for, makes those wait: so the relations
another session has in that mode are the ones the read waited for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
import psycopg.errors

__all__ = ["LockTimeout", "lock_timeout"]

_KINDS = {
    "r": "table",
    "p": "table",
    "v": "view",
    "m": "materialized view",
    "i": "index",
    "I": "index",
    "S": "sequence",
    "f": "foreign table",
    "c": "type",
    "t": "TOAST table",
}

_SHOWN = 5  # objects named at most; the rest are counted


class LockTimeout(psycopg.errors.LockNotAvailable):
    """A lock wait that ran out; the message names what is locked, and gives a hint.

    A LockNotAvailable (SQLSTATE 55P03) like the error it explains, so code that handles
    that handles this.
    """


def lock_timeout(conn: psycopg.Connection[Any], schemas: Sequence[str] | None) -> LockTimeout:
    """The error for a read of ``schemas`` that waited too long, found on ``conn``.

    ``conn`` must be usable: out of the failed transaction, or rolled back to a
    savepoint before the failure. ``schemas`` None looks at the whole database.
    """
    try:
        from schemac.dialects.postgres.inspect.catalog import query_text  # noqa: PLC0415

        rows = conn.execute(
            query_text("locks"), {"schemas": list(schemas) if schemas is not None else None}
        ).fetchall()
        timeout = rows[0][5] if rows else conn.execute("SHOW lock_timeout").fetchone()[0]  # type: ignore[index]
    except psycopg.Error:
        rows, timeout = [], None
    limit = f"the lock timeout ({timeout})" if timeout else "the lock timeout"
    hint = "or raise --lock-timeout (0 waits as long as it takes)"
    if not rows:
        return LockTimeout(
            f"waited longer than {limit} for a lock another session held (released since);"
            f" try again, {hint}"
        )
    parts = _objects(rows)
    shown = "; ".join(parts[:_SHOWN])
    if len(parts) > _SHOWN:
        shown += f"; and {len(parts) - _SHOWN} more"
    free = "it is" if len(parts) == 1 else "they are"
    return LockTimeout(
        f"waited longer than {limit} for {shown}; try again when {free} free, {hint}"
    )


def _objects(rows: list[tuple[Any, ...]]) -> list[str]:
    holders: dict[tuple[str, str, str], list[int]] = {}
    waiters: dict[tuple[str, str, str], list[int]] = {}
    for schema, name, kind, pid, granted, _ in rows:
        key = (_KINDS.get(kind, "relation"), schema, name)
        (holders if granted else waiters).setdefault(key, [])
        if pid is not None:
            (holders if granted else waiters)[key].append(pid)
    parts = []
    for key in dict.fromkeys([*holders, *waiters]):
        kind, schema, name = key
        if key in holders:
            by = _pids(holders[key])
            parts.append(f"{kind} {schema}.{name}, locked by another session{by}")
        else:
            by = _pids(waiters[key])
            parts.append(
                f"{kind} {schema}.{name}, which another session{by} waits to lock"
                " (reads queue behind it)"
            )
    return parts


def _pids(pids: list[int]) -> str:
    if not pids:
        return " (a prepared transaction)"
    unique = sorted(set(pids))
    word = "pid" if len(unique) == 1 else "pids"
    return f" ({word} {', '.join(str(p) for p in unique)})"
