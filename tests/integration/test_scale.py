"""At real scale, on a server at its default settings: a 12,000-table desired state
diffs and applies, and no other session on the server is starved of lock space meanwhile.

With `max_locks_per_transaction` at its default of 64, PostgreSQL's lock table holds
about 7,800 locks for every session together: building or applying 12,000 tables in one
transaction fills it, and then every session fails, new connections included. Each
desired state below is taken from nothing to applied, and diffed again (a database of
that size against itself: nothing left to do), while a watcher opens a new connection
every few tenths of a second, counts the locks each backend of the database holds, and
must never fail:

- the 1,500-tenant database of bench/gen_tenants.py (per tenant an enum, 8 tables,
  keys, foreign keys, a check, an expression and a partial index, a view), as the
  `.schema` files `schemac inspect` writes for it: 1,500 schema blocks, 12,000 tables;
- a 12,000-table `.schema` file from bench/gen_schema.py (one schema, every table
  different, defaults, partial indexes, foreign keys; 3 columns each: the size is in
  the tables), no two alike, so nothing is normalized once for many.

These are the slowest tests of the suite (minutes: PostgreSQL makes the tables); `make
test` runs them in a second pytest beside the rest.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import pytest

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects.postgres.locks import lock_budget

pytestmark = pytest.mark.slow  # minutes each: `-m "not slow"` leaves them out of a quick run

ROOT = Path(__file__).resolve().parents[2]
TENANTS = 1500
TABLES = 12_000  # 8 per tenant
SCHEMA_TABLES = 12_000


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class Watcher:
    """Opens a new connection every few tenths of a second while a command runs.

    Records each failure (a server whose lock table is full refuses connections), and
    the most locks any backend of ``dbname`` held when it looked.
    """

    def __init__(self, url: str, dbname: str) -> None:
        self.url = url
        self.dbname = dbname
        self.connections = 0
        self.failures: list[str] = []
        self.most_locks = 0
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.wait(0.3):
            try:
                with psycopg.connect(self.url, connect_timeout=10, autocommit=True) as conn:
                    row = conn.execute(
                        "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM pg_locks l"
                        " JOIN pg_database d ON d.oid = l.database WHERE d.datname = %s"
                        " GROUP BY l.pid) c",
                        [self.dbname],
                    ).fetchone()
                    self.most_locks = max(self.most_locks, int(row[0]) if row else 0)
                self.connections += 1
            except psycopg.Error as error:
                self.failures.append(" ".join(str(error).split()))

    @contextmanager
    def watching(self) -> Iterator[Watcher]:
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join(30)
            self._stop.clear()


def _default_locks(pg_server) -> int:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        row = conn.execute("SHOW max_locks_per_transaction").fetchone()
        budget = lock_budget(conn).limit
    if row is None or int(row[0]) != 64:
        pytest.skip("this server's max_locks_per_transaction is not the default (64)")
    return budget


def _diff(source: str, target: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _apply(url: str, target: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, target, auto_approve=True, stdin=io.StringIO(), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _count_tables(pg_server, dbname: str) -> int:  # type: ignore[no-untyped-def]
    with pg_server.connect(dbname) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg\\_toast%%'"
        ).fetchone()
    return int(row[0]) if row else 0


def _from_nothing_to_applied(
    pg_server: Any, fresh_db: str, state: Path, budget: int, tables: int
) -> tuple[str, Watcher]:  # type: ignore[no-untyped-def]
    """Diff, apply and diff again, watched; the apply's output."""
    url = pg_server.url_for(fresh_db)
    watcher = Watcher(pg_server.url, fresh_db)
    with watcher.watching():
        code, plan, err = _diff(url, str(state))
        assert (code, err) == (0, ""), err[-2000:]
        assert len(re.findall(r"^CREATE TABLE ", plan, re.MULTILINE)) == tables
        code, out, err = _apply(url, str(state))
        assert (code, err) == (0, ""), (out + err)[-3000:]
        assert _count_tables(pg_server, fresh_db) == tables
        code, again, err = _diff(url, str(state))
        assert (code, again, err) == (0, "", "")
    assert watcher.connections > 10, "the watcher hardly ran"
    assert not watcher.failures, watcher.failures[:3]
    # What the watcher saw schemac hold, with room for what it counts besides the budget
    # (a few locks of the session's own and of the watcher's query).
    assert watcher.most_locks <= budget + 20, watcher.most_locks
    return out, watcher


def test_1500_tenants_diff_and_apply_at_the_default_lock_setting(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    budget = _default_locks(pg_server)
    gen_tenants = _bench("gen_tenants")
    one = pg_server.create_database()
    try:
        pg_server.load(one, gen_tenants.tenant_sql("tenant_0000"))
        out, err = io.StringIO(), io.StringIO()
        assert inspect_command(pg_server.url_for(one), out=out, err=err) == 0, err.getvalue()
        tenant = out.getvalue()
        one_dump = pg_server.schema_lines(one, "tenant_0000")
    finally:
        pg_server.drop_database(one)
    state = tmp_path / "tenants.schema"
    state.write_text(
        "\n".join(tenant.replace("tenant_0000", f"tenant_{i:04d}") for i in range(TENANTS)),
        encoding="utf-8",
    )
    out, _ = _from_nothing_to_applied(pg_server, fresh_db, state, budget, TABLES)
    assert re.search(r"Applied \d+ statements in \d+ transactions", out), out[-500:]
    # The files are the database gen_tenants.py makes: a tenant dumps the same.
    assert pg_server.schema_lines(fresh_db, "tenant_0000") == one_dump


def test_a_12000_table_schema_diffs_and_applies_at_the_default_lock_setting(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    budget = _default_locks(pg_server)
    gen_schema = _bench("gen_schema")
    state = tmp_path / "big.schema"
    gen_schema.write(state, tables=SCHEMA_TABLES, columns=3)
    started = time.monotonic()  # for the report only: no test asserts a duration
    out, watcher = _from_nothing_to_applied(pg_server, fresh_db, state, budget, SCHEMA_TABLES)
    assert "transactions, each holding at most" in out
    print(  # shown with -s: how long it took and how many connections the watcher made
        f"{SCHEMA_TABLES:,} tables: {time.monotonic() - started:.0f}s,"
        f" {watcher.connections} connections, at most {watcher.most_locks} locks by one backend"
    )
