"""Ctrl-C and SIGTERM stop a command promptly, with one line (`interrupted`) and exit 130 or
143, leaving nothing behind: the queries running are cancelled, the dev database dropped.

Each test runs the real command in a subprocess and signals it. The hang guard (60 s) is
there so that a command that ignores the signal fails the test rather than hanging it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

GUARD = 60  # seconds: a hang guard, not a speed check

SLOW_SQL = "CREATE TABLE a (id integer);\nSELECT pg_sleep(120);\n"
FAST_SQL = "CREATE TABLE a (id integer);\n"

LOCKED = """
CREATE SCHEMA app;
CREATE TABLE app.items (id bigint PRIMARY KEY, price numeric DEFAULT 0 CHECK (price >= 0));
CREATE VIEW app.cheap AS SELECT id FROM app.items WHERE price < 10;
"""


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "schemac", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=GUARD)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"the command did not stop within {GUARD} s of the signal")
    return proc.returncode, out, err


def _wait_for(condition: Callable[[], bool], what: str, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + GUARD
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the command ended before {what}: {proc.communicate()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "slow.sql").write_text(SLOW_SQL, encoding="utf-8")
    (tmp_path / "fast.sql").write_text(FAST_SQL, encoding="utf-8")
    return str(tmp_path / "slow.sql"), str(tmp_path / "fast.sql")


def _count(url: str, query: str, *params: Any) -> int:
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        row = conn.execute(query, list(params)).fetchone()
    return int(row[0]) if row else 0


def _dev_databases(pg_server, pid: int) -> list[str]:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname ~ %s ORDER BY 1",
            [f"^schemac_dev_(.*_)?{pid}_[0-9a-f]+$"],
        ).fetchall()
    return [r[0] for r in rows]


def _loading(url: str, pid: int) -> bool:
    """Whether the run ``pid`` is loading its slow SQL into its dev database."""
    return bool(
        _count(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname ~ %s AND query ~ 'pg_sleep'",
            f"^schemac_dev_(.*_)?{pid}_",
        )
    )


def _drop_all(pg_server, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------- dev databases


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_drops_the_dev_database(pg_server, tmp_path: Path, signum: int) -> None:  # type: ignore[no-untyped-def]
    slow, fast = _files(tmp_path)
    proc = _start("diff", "--from", slow, "--to", fast, "--dev-url", pg_server.url)
    try:
        _wait_for(lambda: _loading(pg_server.url, proc.pid), "the slow load", proc)
        proc.send_signal(signum)
        code, out, err = _finish(proc)
        assert (code, out, err) == (128 + signum, "", "interrupted\n")
        assert _dev_databases(pg_server, proc.pid) == []
    finally:
        proc.kill()
        proc.wait()
        _drop_all(pg_server, _dev_databases(pg_server, proc.pid))


# ---------------------------------------------------------------------------- reads


def _waiters(url: str) -> int:
    return _count(
        url,
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
        " WHERE d.datname = current_database() AND NOT l.granted",
    )


@pytest.fixture
def locked(pg_server, fresh_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database whose table another session holds ACCESS EXCLUSIVE; its URL."""
    pg_server.load(fresh_db, LOCKED)
    with pg_server.connect(fresh_db) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE app.items IN ACCESS EXCLUSIVE MODE")
        yield str(pg_server.url_for(fresh_db))
        holder.execute("ROLLBACK")


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["inspect", "--url", "{url}"], id="inspect"),
        pytest.param(["diff", "--from", "{url}", "--to", "{other}"], id="diff-two-urls"),
        pytest.param(["diff", "--from", "{url}", "--to", "{files}"], id="diff-files"),
    ],
)
def test_ctrl_c_while_reads_wait_cancels_them(  # type: ignore[no-untyped-def]
    pg_server, locked: str, tmp_path: Path, command: list[str]
) -> None:
    other = pg_server.create_database()
    files = tmp_path / "state.schema"
    files.write_text('schema "app" {}\n', encoding="utf-8")
    try:
        args = [a.format(url=locked, other=pg_server.url_for(other), files=files) for a in command]
        # No limit on the wait: only the signal ends it.
        proc = _start(*args, "--lock-timeout", "0")
        _wait_for(lambda: _waiters(locked) >= 1, "a read to wait for the lock", proc)
        proc.send_signal(signal.SIGINT)
        code, out, err = _finish(proc)
        assert (code, out, err) == (130, "", "interrupted\n")
        # Its queries were cancelled, not left waiting on the server.
        _wait_for(lambda: _waiters(locked) == 0, "the waits to end", _Done())
    finally:
        pg_server.drop_database(other)


def test_ctrl_c_while_apply_waits_changes_nothing(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, "CREATE SCHEMA app;\nCREATE TABLE app.items (id bigint PRIMARY KEY);")
    url = str(pg_server.url_for(fresh_db))
    state = tmp_path / "state.schema"
    state.write_text(
        'schema "app" {\n  table "items" {\n    column "id" bigint\n    column "note" text?\n'
        "    primary_key = [id]\n  }\n}\n",
        encoding="utf-8",
    )
    with pg_server.connect(fresh_db) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE app.items IN ACCESS EXCLUSIVE MODE")
        # Reading this table locks nothing; the ALTER waits, with no limit.
        proc = _start(
            "apply", "--url", url, "--to", str(state), "--auto-approve", "--lock-timeout", "0"
        )
        _wait_for(lambda: _waiters(url) >= 1, "the ALTER to wait for the lock", proc)
        proc.send_signal(signal.SIGINT)
        code, out, err = _finish(proc)
        assert (code, err) == (130, "interrupted\n")
        assert "+ column app.items.note" in out  # the plan, shown before it ran
        _wait_for(lambda: _waiters(url) == 0, "the ALTER to be cancelled", _Done())
        holder.execute("ROLLBACK")
    advisory = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
    assert _count(url, advisory) == 0  # released with the connection
    columns = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items'"
    assert _count(url, columns) == 1  # rolled back


class _Done:
    """A stand-in for a process that has ended, for the waits after it (never cut short)."""

    def poll(self) -> None:
        return None

    def communicate(self) -> tuple[str, str]:
        return "", ""


# ---------------------------------------------------------------------------- start-up


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_start_up_is_one_line(tmp_path: Path, signum: int) -> None:
    # The signal comes while the command line's modules are imported: before any command.
    path = tmp_path / "a.schema"
    path.write_text('table "t" {\n  column "id" bigint\n}\n', encoding="utf-8")
    script = (
        "import os, runpy, sys\n"
        "def hook(event, args):\n"
        "    if event == 'import' and args[0] == 'click':\n"
        f"        os.kill(os.getpid(), {int(signum)})\n"
        "sys.addaudithook(hook)\n"
        f"sys.argv = ['schemac', 'check', {str(path)!r}]\n"
        "runpy.run_module('schemac', run_name='__main__', alter_sys=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=GUARD
    )
    assert (done.returncode, done.stdout, done.stderr) == (128 + signum, "", "interrupted\n")
