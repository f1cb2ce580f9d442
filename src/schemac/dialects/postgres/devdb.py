"""Dev databases and embedded servers: named for the process that made them, swept once it is gone.

A run that is killed (SIGKILL, a crash, a second Ctrl-C) cannot drop its dev database or
stop its embedded PostgreSQL. So what schemac makes says whose it is, and every run that
makes one first removes those whose owner is dead; never another live run's, and never
what another machine made:

- a dev database is `schemac_dev_<host>_<key>_<pid>_<token>`: <host> the start of the
  host name, <key> 8 hex digits of a hash of the host name and the pid namespace (two
  machines, or two containers, never judge each other's processes), <pid> the owner's.
  Its comment records the owner in full, with the process's start time, so that a pid
  the system has given to another process since does not keep it.
- an embedded server lives in `$TMPDIR/schemac-dev-<pid>-<random>/data`, beside an
  `owner` file with the same facts; a dead owner's postmaster is stopped and the
  directory removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from schemac import interrupt

__all__ = [
    "create_dev_database",
    "dev_database_name",
    "drop_dev_database",
    "embedded_server",
    "sweep_dev_databases",
    "sweep_embedded_servers",
]

_DATABASE = re.compile(r"schemac_dev_[a-z0-9]+_(?P<key>[0-9a-f]{8})_(?P<pid>[0-9]+)_[0-9a-f]{8}")
_STARTED = re.compile(r"\bstarted=(?P<started>[0-9]+)")
_EMBEDDED = "schemac-dev-"
_EMBEDDED_DIR = re.compile(r"schemac-dev-(?P<pid>[0-9]+)-.+")


# ---------------------------------------------------------------------------- owners


@dataclass(frozen=True)
class _Owner:
    host: str
    key: str  # the host and pid namespace, hashed
    pid: int
    started: int | None  # the process's start time (clock ticks since boot), where known


def _me() -> _Owner:
    host = socket.gethostname()
    try:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        namespace = ""
    key = hashlib.sha256(f"{host}\0{namespace}".encode()).hexdigest()[:8]
    return _Owner(host=host, key=key, pid=os.getpid(), started=_started(os.getpid()))


def _started(pid: int) -> int | None:
    """When the process started (Linux: /proc), None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[19]) if len(fields) > 19 else None  # starttime, field 22


def _alive(pid: int, started: int | None) -> bool:
    """Whether ``pid`` is still the process that made something (a zombie is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return True  # no /proc: trust the pid
    if fields and fields[0] in ("Z", "X"):
        return False
    return started is None or len(fields) <= 19 or int(fields[19]) == started


# ---------------------------------------------------------------------------- dev databases


def dev_database_name() -> str:
    """A new dev database's name, which says which process on which host made it."""
    me = _me()
    label = re.sub(r"[^a-z0-9]", "", me.host.lower())[:12] or "host"
    return f"schemac_dev_{label}_{me.key}_{me.pid}_{secrets.token_hex(4)}"


def create_dev_database(admin: psycopg.Connection[Any], name: str) -> None:
    """Make the database ``name`` (from template0), first dropping those dead runs left.

    Its comment records the owner. Interrupted once the CREATE is sent, it is dropped.
    """
    with suppress(psycopg.Error):  # a sweep that cannot look is no reason to stop
        sweep_dev_databases(admin)
    me = _me()
    try:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(name)
            )
        )
        started = "" if me.started is None else f" started={me.started}"
        note = f"schemac dev database, dropped when done: host={me.host} pid={me.pid}{started}"
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(note))
        )
    except BaseException:
        drop_dev_database(admin, name)
        raise


def drop_dev_database(admin: psycopg.Connection[Any], name: str) -> None:
    """Drop the dev database ``name``, if it is there; an interrupt waits until it is gone.

    A failure is left for the next run's sweep.
    """
    with interrupt.deferred(), suppress(psycopg.Error):
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def sweep_dev_databases(admin: psycopg.Connection[Any]) -> list[str]:
    """Drop the dev databases that processes of this host left when they died; their names."""
    me = _me()
    rows = admin.execute(
        "SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database')"
        " FROM pg_catalog.pg_database d"
        " WHERE pg_catalog.starts_with(d.datname, 'schemac_dev_')"
    ).fetchall()
    dropped = []
    for name, comment in rows:
        match = _DATABASE.fullmatch(name)
        if match is None or match["key"] != me.key:
            continue  # not named by this version, or another machine's
        found = _STARTED.search(comment or "")
        if _alive(int(match["pid"]), int(found["started"]) if found else None):
            continue
        drop_dev_database(admin, name)
        dropped.append(name)
    return dropped


# ---------------------------------------------------------------------------- embedded servers


@contextmanager
def embedded_server(pgserver: Any) -> Iterator[Any]:
    """A PostgreSQL of the pgserver wheel, started for this command; stopped and removed after.

    Servers and directories that dead runs left are removed first.
    """
    sweep_embedded_servers()
    me = _me()
    root = Path(tempfile.mkdtemp(prefix=f"{_EMBEDDED}{me.pid}-")).resolve()
    try:
        owner = {"host": me.host, "key": me.key, "pid": me.pid, "started": me.started}
        (root / "owner").write_text(json.dumps(owner), encoding="utf-8")
        server = pgserver.get_server(root / "data", cleanup_mode="delete")
        try:
            yield server
        finally:
            with interrupt.deferred(), suppress(Exception):
                server.cleanup()
    finally:
        with interrupt.deferred():
            _remove(root)


def sweep_embedded_servers() -> list[Path]:
    """Stop and remove the embedded servers of dead runs of this host; their directories."""
    me = _me()
    removed = []
    for root in sorted(Path(tempfile.gettempdir()).resolve().glob(f"{_EMBEDDED}*-*")):
        match = _EMBEDDED_DIR.fullmatch(root.name)
        if match is None or not root.is_dir():
            continue
        try:
            owner = json.loads((root / "owner").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            owner = {}  # killed before it was written: the name has the pid
        if owner.get("key", me.key) != me.key:
            continue
        started = owner.get("started")
        if _alive(int(match["pid"]), started if isinstance(started, int) else None):
            continue
        _remove(root)
        removed.append(root)
    return removed


def _remove(root: Path) -> None:
    """Stop any postmaster serving ``root``/data, then remove ``root``."""
    data = root / "data"
    for pid in _postmasters(data):
        _stop(pid)
    shutil.rmtree(root, ignore_errors=True)


def _postmasters(data: Path) -> set[int]:
    """The postmasters of ``data``: its postmaster.pid's, and (Linux) any still starting."""
    pids: set[int] = set()
    with suppress(OSError, ValueError, IndexError):
        pids.add(int((data / "postmaster.pid").read_text().splitlines()[0]))
    proc = Path("/proc")
    if proc.is_dir():
        wanted = str(data).encode()
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            with suppress(OSError):
                args = (entry / "cmdline").read_bytes().split(b"\0")
                if args and args[0].endswith(b"postgres") and wanted in args:
                    pids.add(int(entry.name))
    return {pid for pid in pids if pid != os.getpid() and _alive(pid, None)}


def _stop(pid: int) -> None:
    """Shut a postmaster down: fast, then immediate, then killed; a few seconds at most."""
    for signum, wait in ((signal.SIGINT, 10.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return
        except PermissionError:
            return  # another user's: not ours to stop
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid, None):
                return
            time.sleep(0.05)
