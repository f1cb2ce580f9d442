"""Ctrl-C and SIGTERM stop a command promptly, with one line (`interrupted`) and exit 130 or
143, leaving nothing behind: the queries running are cancelled, the dev database dropped,
the embedded server stopped. What a run killed outright (SIGKILL) leaves is removed by the
next run, and what a live run made is never touched.

Each test runs the real command in a subprocess and signals it. The hang guard (60 s) is
there so that a command that ignores the signal fails the test rather than hanging it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from schemac.dialects.postgres.devdb import (
    create_dev_database,
    dev_database_name,
    drop_dev_database,
)

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


def test_a_killed_run_leaves_a_dev_database_the_next_run_drops(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    slow, fast = _files(tmp_path)
    proc = _start("diff", "--from", slow, "--to", fast, "--dev-url", pg_server.url)
    live = None
    try:
        _wait_for(lambda: _loading(pg_server.url, proc.pid), "the slow load", proc)
        proc.kill()
        proc.wait(GUARD)
        left = _dev_databases(pg_server, proc.pid)
        assert len(left) == 1  # named for its owner: host, then pid
        with pg_server.connect() as conn:
            comment = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [left[0]],
            ).fetchone()
        assert comment is not None
        assert f"pid={proc.pid}" in comment[0]
        # A dev database of a live run (this test's process) is never touched.
        with pg_server.connect() as admin:
            live = dev_database_name()
            create_dev_database(admin, live)
        again = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemac",
                "diff",
                "--from",
                fast,
                "--to",
                fast,
                "--dev-url",
                pg_server.url,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=GUARD,
        )
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
        assert _dev_databases(pg_server, proc.pid) == []
        assert _dev_databases(pg_server, os.getpid()) == [live]
    finally:
        proc.kill()
        proc.wait()
        _drop_all(pg_server, _dev_databases(pg_server, proc.pid))
        if live is not None:
            with pg_server.connect() as admin:
                drop_dev_database(admin, live)


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


def test_ctrl_c_during_a_concurrent_index_build_drops_the_invalid_index(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    pg_server.load(fresh_db, "CREATE SCHEMA app;\nCREATE TABLE app.items (id bigint PRIMARY KEY);")
    url = str(pg_server.url_for(fresh_db))
    state = tmp_path / "state.schema"
    state.write_text(
        'schema "app" {\n  table "items" {\n    column "id" bigint\n    primary_key = [id]\n'
        '    index "items_id_idx" { on = [id] }\n  }\n}\n',
        encoding="utf-8",
    )
    index = "SELECT count(*) FROM pg_class WHERE relname = 'items_id_idx'"
    with pg_server.connect(fresh_db) as writer:
        # A transaction that writes: the build waits for it, its index already made (INVALID).
        writer.execute("BEGIN")
        writer.execute("INSERT INTO app.items VALUES (1)")
        proc = _start(
            "apply",
            "--url",
            url,
            "--to",
            str(state),
            "--auto-approve",
            "--concurrent-indexes",
            "--lock-timeout",
            "60s",
        )
        _wait_for(lambda: _lock_wait(url, "CONCURRENTLY"), "the build to wait", proc)
        assert _count(url, index) == 1
        proc.send_signal(signal.SIGINT)
        # The drop of the INVALID index waits for the writer in turn: let it go.
        _wait_for(lambda: _lock_wait(url, "^DROP INDEX"), "the drop to wait", proc)
        writer.execute("ROLLBACK")
        code, out, err = _finish(proc)
    assert (code, err) == (130, "interrupted\n")
    assert out.endswith("Outside the transaction: + index app.items_id_idx ... interrupted\n")
    assert _count(url, index) == 0


def _lock_wait(url: str, query: str) -> bool:
    """Whether a session of the database waits for a lock, running ``query`` (a regex)."""
    return bool(
        _count(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query ~ %s",
            query,
        )
    )


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


# ---------------------------------------------------------------------------- embedded server


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary directory with a short path (a server's socket goes in it)."""
    pytest.importorskip("pgserver")
    path = Path(tempfile.mkdtemp(prefix="schemac-t-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _env(tmp: Path) -> dict[str, str]:
    # pgserver warns on import when XDG_RUNTIME_DIR is unset (platformdirs).
    (tmp / "run").mkdir(mode=0o700, exist_ok=True)
    return {"TMPDIR": str(tmp), "XDG_RUNTIME_DIR": str(tmp / "run")}


def _embedded(tmp: Path, pid: int) -> list[Path]:
    return sorted(tmp.glob(f"schemac-dev-{pid}-*"))


def _postmaster(root: Path) -> int | None:
    try:
        return int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rpartition(")")[2].split()[0] not in "ZX"


def _embedded_loading(tmp: Path, pid: int) -> bool:
    roots = _embedded(tmp, pid)
    lines = []
    if roots:
        with_pid = roots[0] / "data" / "postmaster.pid"
        lines = with_pid.read_text().splitlines() if with_pid.exists() else []
    if len(lines) < 8 or lines[7].strip() != "ready":
        return False
    url = f"postgresql://postgres@/postgres?host={lines[4].strip()}&port={lines[3].strip()}"
    try:
        return bool(_count(url, "SELECT count(*) FROM pg_stat_activity WHERE query ~ 'pg_sleep'"))
    except psycopg.Error:
        return False


@pytest.mark.postgres  # an embedded server, without the pg_server fixture
def test_a_killed_run_leaves_an_embedded_server_the_next_run_stops(  # type: ignore[no-untyped-def]
    short_tmp: Path, tmp_path: Path
) -> None:
    slow, fast = _files(tmp_path)
    env = _env(short_tmp)
    proc = _start("diff", "--from", slow, "--to", fast, env=env)
    postmaster = None
    try:
        _wait_for(lambda: _embedded_loading(short_tmp, proc.pid), "the slow load", proc)
        proc.kill()
        proc.wait(GUARD)
        (root,) = _embedded(short_tmp, proc.pid)
        postmaster = _postmaster(root)
        assert postmaster is not None
        assert _running(postmaster)  # orphaned, serving a directory nobody will remove
        again = subprocess.run(
            [sys.executable, "-m", "schemac", "diff", "--from", fast, "--to", fast],
            capture_output=True,
            text=True,
            check=False,
            timeout=GUARD * 2,
            env={**os.environ, **env},
        )
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
        assert not root.exists()
        assert not _running(postmaster)
        assert list(short_tmp.glob("schemac-dev-*")) == []  # and its own is gone too
    finally:
        proc.kill()
        proc.wait()
        if postmaster is not None and _running(postmaster):
            os.kill(postmaster, signal.SIGQUIT)


@pytest.mark.postgres  # an embedded server, without the pg_server fixture
def test_sigterm_stops_the_embedded_server(short_tmp: Path, tmp_path: Path) -> None:
    slow, fast = _files(tmp_path)
    proc = _start("diff", "--from", slow, "--to", fast, env=_env(short_tmp))
    postmaster = None
    try:
        _wait_for(lambda: _embedded_loading(short_tmp, proc.pid), "the slow load", proc)
        (root,) = _embedded(short_tmp, proc.pid)
        postmaster = _postmaster(root)
        proc.send_signal(signal.SIGTERM)
        code, out, err = _finish(proc)
        assert (code, out, err) == (143, "", "interrupted\n")
        assert postmaster is not None
        assert not _running(postmaster)
        assert list(short_tmp.glob("schemac-dev-*")) == []
    finally:
        proc.kill()
        proc.wait()
        if postmaster is not None and _running(postmaster):
            os.kill(postmaster, signal.SIGQUIT)
