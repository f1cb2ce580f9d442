"""How many locks schemac may hold at once on a server, and how many it holds.

PostgreSQL keeps every session's locks in one shared table of fixed size, about
``max_locks_per_transaction x (max_connections + autovacuum_max_workers + 1 +
max_worker_processes + max_wal_senders + max_prepared_transactions)`` entries (7,808 with
the default settings). A transaction may take more than ``max_locks_per_transaction``
of them, but when the table is full every session on the server fails (`out of shared
memory`), new connections included. So schemac never holds more than its *budget*: an
eighth of the table, at most 1,000 locks, at least 160 — 976 at the default settings.
Work that needs more (building a large desired state, applying a large plan) is split
into transactions or subtransactions that release their locks in between.

The budget counts everything the session holds, including the ACCESS SHARE locks that
reading the catalogs takes on the system catalogs and their indexes (about 100, the
same for any schema: `inspect` and pg_dump hold as many); what schemac builds gets the
rest.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CATALOG_READ",
    "LOCK_BUDGET_MAX",
    "LOCK_BUDGET_MIN",
    "LockBudget",
    "held_locks",
    "lock_budget",
]

LOCK_BUDGET_MAX = 1000
LOCK_BUDGET_MIN = 160
# What one read of the catalogs holds until its (sub)transaction ends, with room to spare.
CATALOG_READ = 120

_CAPACITY = """
SELECT current_setting('max_locks_per_transaction')::int
       * (current_setting('max_connections')::int
          + current_setting('autovacuum_max_workers')::int + 1
          + current_setting('max_worker_processes')::int
          + current_setting('max_wal_senders')::int
          + current_setting('max_prepared_transactions')::int)
"""

# Locks of this backend; pg_locks lists one row per lock and mode, an upper bound of the
# entries the locks take in the shared table (two modes of one object share an entry).
_HELD = "SELECT count(*) FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid()"


class LockBudget:
    """The most locks one schemac session holds at once on a server, and the lock table's size."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.limit = max(LOCK_BUDGET_MIN, min(LOCK_BUDGET_MAX, capacity // 8))

    def __repr__(self) -> str:
        return f"LockBudget(limit={self.limit}, capacity={self.capacity})"


def lock_budget(conn: Any) -> LockBudget:
    """The budget on ``conn``'s server (from its settings; readable by every role)."""
    row = conn.execute(_CAPACITY).fetchone()
    return LockBudget(int(row[0]))


def held_locks(conn: Any) -> int:
    """How many locks ``conn``'s session holds now (pg_locks rows of its backend)."""
    row = conn.execute(_HELD).fetchone()
    return int(row[0])
