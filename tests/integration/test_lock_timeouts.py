"""Every wait for a lock is bounded: inspect, diff and apply read definitions with functions
that lock what they print (pg_get_viewdef, pg_get_expr, ...), and when another session holds
an ACCESS EXCLUSIVE lock (or waits for one) they give up after --lock-timeout, exit 1, and
name the object that is locked."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.commands.states import StateError, read_files_on
from schemac.dialects.postgres.connect import bounded_waits, connect

SETUP = """
CREATE SCHEMA app;
CREATE TABLE app.items (id bigint PRIMARY KEY, price numeric DEFAULT 0 CHECK (price >= 0));
CREATE VIEW app.cheap AS SELECT id FROM app.items WHERE price < 10;
"""

HINT = "try again when it is free, or raise --lock-timeout (0 waits as long as it takes)"

STATE = """
schema "app" {
  table "items" {
    column "id"    bigint
    column "price" numeric { default = sql("0") }
    primary_key = [id]
    check "items_price_check" { expr = sql("price >= 0") }
  }
}
"""


@pytest.fixture
def url(pg_server, fresh_db) -> str:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, SETUP)
    return str(pg_server.url_for(fresh_db))


@contextmanager
def _locked(pg_server, db: str, relation: str) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """``relation`` locked ACCESS EXCLUSIVE by another session; its pid."""
    with pg_server.connect(db) as holder:
        holder.execute("BEGIN")
        holder.execute(f"LOCK TABLE {relation} IN ACCESS EXCLUSIVE MODE")
        try:
            yield holder.info.backend_pid
        finally:
            holder.execute("ROLLBACK")


def _inspect(url: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command(url, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def _diff(source: str, target: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "state.schema"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_inspect_gives_up_on_a_table_a_view_reads(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    with _locked(pg_server, fresh_db, "app.items") as pid:
        code, out, err = _inspect(url, lock_ms=200)
    assert (code, out) == (1, "")
    assert err == (
        f"error: cannot read {url}: waited longer than the lock timeout (200ms) for table"
        f" app.items, locked by another session (pid {pid}); {HINT}\n"
    )


def test_inspect_gives_up_on_a_locked_view(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    with _locked(pg_server, fresh_db, "app.cheap") as pid:  # the view, and what it reads
        code, _, err = _inspect(url, lock_ms=200)
    assert code == 1
    assert f"view app.cheap, locked by another session (pid {pid})" in err
    assert f"table app.items, locked by another session (pid {pid})" in err
    assert err.endswith(
        "try again when they are free, or raise --lock-timeout (0 waits as long as it takes)\n"
    )


def test_a_lock_waited_for_is_named_too(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    # A long reader holds ACCESS SHARE; an ALTER queues for ACCESS EXCLUSIVE behind it; every
    # later read of the table queues behind the ALTER.
    with pg_server.connect(fresh_db) as reader, pg_server.connect(fresh_db) as alter:
        pid = alter.info.backend_pid
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM app.items")
        waiting = threading.Thread(
            target=lambda: alter.execute("ALTER TABLE app.items ADD COLUMN note text"),
            daemon=True,
        )
        waiting.start()
        _wait_for(lambda: _waiters(pg_server, fresh_db) == 1, "the ALTER to queue")
        code, _, err = _inspect(url, lock_ms=200)
        reader.execute("ROLLBACK")
        waiting.join(10)
    assert code == 1
    assert (
        f"table app.items, which another session (pid {pid}) waits to lock"
        " (reads queue behind it)" in err
    )


def test_diff_gives_up_and_names_the_table(pg_server, fresh_db, url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    state = _write(tmp_path, STATE)
    with _locked(pg_server, fresh_db, "app.items") as pid:
        code, out, err = _diff(url, state, lock_ms=200)
    assert (code, out) == (1, "")
    assert err == (
        f"error: cannot read {url}: waited longer than the lock timeout (200ms) for table"
        f" app.items, locked by another session (pid {pid}); {HINT}\n"
    )


def test_files_built_on_the_server_give_up_too(pg_server, fresh_db, url, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The files' view reads a table they do not declare: building it locks that table.
    state = _write(
        tmp_path,
        'schema "report" {\n  view "all_items" {\n    as = "SELECT id FROM app.items"\n  }\n}\n',
    )
    with (
        _locked(pg_server, fresh_db, "app.items") as pid,
        bounded_waits(200),
        pytest.raises(StateError) as raised,
    ):
        read_files_on(url, state, None)
    assert str(raised.value) == (
        f"cannot build {state} on {url}: waited longer than the lock timeout (200ms) for"
        f" table app.items, locked by another session (pid {pid}); {HINT}"
    )


def test_apply_gives_up_reading_and_changes_nothing(
    pg_server, fresh_db, url, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    state = _write(tmp_path, STATE)
    before = _dump(pg_server, fresh_db)
    with _locked(pg_server, fresh_db, "app.items") as pid:
        out, err = io.StringIO(), io.StringIO()
        code = apply_command(
            url, state, auto_approve=True, lock_ms=200, stdin=io.StringIO(), out=out, err=err
        )
    assert code == 1
    assert err.getvalue() == (
        f"error: cannot read {url}: waited longer than the lock timeout (200ms) for table"
        f" app.items, locked by another session (pid {pid}); {HINT}\n"
    )
    assert _dump(pg_server, fresh_db) == before


def test_every_connection_starts_with_the_lock_timeout(pg_server) -> None:  # type: ignore[no-untyped-def]
    with bounded_waits(1234), connect(pg_server.url) as conn:
        assert conn.execute("SHOW lock_timeout").fetchone() == ("1234ms",)
    with connect(pg_server.url) as conn:  # the default, as --lock-timeout's
        assert conn.execute("SHOW lock_timeout").fetchone() == ("5s",)
    with bounded_waits(0), connect(pg_server.url) as conn:
        assert conn.execute("SHOW lock_timeout").fetchone() == ("0",)


@pytest.mark.parametrize("command", ["inspect", "diff"])
def test_the_command_line_takes_lock_timeout(pg_server, fresh_db, url, command: str) -> None:  # type: ignore[no-untyped-def]
    args = ["--url", url] if command == "inspect" else ["--from", url, "--to", url]
    with _locked(pg_server, fresh_db, "app.items") as pid:
        done = subprocess.run(
            [sys.executable, "-m", "schemac", command, *args, "--lock-timeout", "300ms"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: cannot read {url}: waited longer than the lock timeout (300ms) for table"
        f" app.items, locked by another session (pid {pid}); {HINT}\n"
    )
    bad = subprocess.run(
        [sys.executable, "-m", "schemac", command, *args, "--lock-timeout", "5"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "Invalid value for '--lock-timeout': '5' needs a unit" in bad.stderr


def _dump(pg_server, db: str) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"^\\(un)?restrict .*$", "", pg_server.dump(db), flags=re.MULTILINE)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _waiters(pg_server, db: str) -> int:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            " WHERE d.datname = %s AND NOT l.granted",
            [db],
        ).fetchone()
    return int(row[0]) if row else 0
