"""What schemac makes says whose it is: a dev database's name and an embedded server's
directory carry the owner's host and pid, and an owner is alive only while that very
process runs (not after it ends, not as a zombie, not once its pid is reused)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemac.dialects.postgres import devdb


def test_a_dev_database_is_named_for_its_host_and_pid() -> None:
    name = devdb.dev_database_name()
    match = devdb._DATABASE.fullmatch(name)
    assert match is not None
    assert match["key"] == devdb._me().key
    assert int(match["pid"]) == os.getpid()
    assert len(name.encode()) <= 63  # PostgreSQL's limit for a name
    assert devdb.dev_database_name() != name  # two in one run do not collide


def test_a_process_is_alive_until_it_ends() -> None:
    me = devdb._me()
    assert devdb._alive(me.pid, me.started)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    started = devdb._started(child.pid)
    assert devdb._alive(child.pid, started)
    child.kill()
    if Path("/proc").is_dir():  # killed, not yet reaped: a zombie is not alive
        deadline = time.monotonic() + 10
        while devdb._alive(child.pid, started) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not devdb._alive(child.pid, started)
    child.wait()
    assert not devdb._alive(child.pid, started)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="start times need /proc")
def test_a_reused_pid_is_not_the_owner() -> None:
    me = devdb._me()
    assert me.started is not None
    assert not devdb._alive(me.pid, me.started - 1)


def test_only_dead_owners_directories_are_swept(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    me = devdb._me()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    live = tmp_path / f"schemac-dev-{me.pid}-live"
    dead = tmp_path / f"schemac-dev-{gone.pid}-dead"
    elsewhere = tmp_path / f"schemac-dev-{gone.pid}-elsewhere"  # another machine's
    unrelated = tmp_path / "schemac-dev-notours"
    for path in (live, dead, elsewhere, unrelated):
        path.mkdir()
    (live / "owner").write_text(json.dumps({"key": me.key, "pid": me.pid, "started": me.started}))
    (elsewhere / "owner").write_text(json.dumps({"key": "00000000", "pid": gone.pid}))
    assert devdb.sweep_embedded_servers() == [dead.resolve()]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (live, elsewhere, unrelated)
    )
