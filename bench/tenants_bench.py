"""What inspect_bench.py and diff_bench.py share: the tenant database, pg_dump, the restart.

Not a script: both import it. It generates the SQL of a schema-per-tenant database
(bench/gen_tenants.py: per tenant a schema, an enum, 8 tables, 1 view) into
bench/out/tenants_N.sql (git-ignored) unless it is there, creates the database
`bench_tenants_N` on the server of `--url` (a maintenance connection) and loads the SQL
with psql, unless that database already holds the expected tables. It never drops a
database without `--reload`: one that exists with another number of tables (a load in
progress, or one that failed) is a PROBLEM.

Each script then times its schemac command as a subprocess (wall time, best and median of
N runs):

(a) alone, at the server's max_locks_per_transaction as it is (64 by default), first of
    all: schemac reads the catalogs and locks no table, so it needs no lock headroom;
(b) against `pg_dump --schema-only -d DB -f bench/out/pg_dump_N.sql`, interleaved run by
    run (who goes first alternates, so machine noise hits both alike), each after one
    untimed warm-up run. pg_dump takes an ACCESS SHARE lock on every table in one
    transaction; PostgreSQL's lock table has room for about max_locks_per_transaction x
    (max_connections + other backends) locks, shared by all sessions: 7,808 at the
    defaults, too few for 12,000 tables. When the tables need more than half of the lock
    table, the setting is raised to 1024 (more if the tables need it) with ALTER SYSTEM and
    the server restarted (`--restart-cmd`); in a `finally` the setting is put back as it
    was (ALTER SYSTEM RESET, or SET to the old value when it came from
    postgresql.auto.conf) and the server restarted again. A restart ends every session on
    the server, so it refuses while other clients are connected, unless `--force-restart`.
    With `--no-restart` (or when it refuses) pg_dump is skipped if the lock table is too
    small, with a message, and the goal is not measured.

Peak RSS of each command is one more run under GNU time.
"""

from __future__ import annotations

import argparse
import datetime
import math
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from check_bench import Problems, Timing, _fmt_s, _machine, _revision
from compile_bench import Tool, _interleaved, _print_timings

try:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from schemac.dialects.postgres.connect import ConnectError, connect, mask_url
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("schemac is not importable: run with the project's venv (.venv/bin/python)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GENERATOR = ROOT / "bench" / "gen_tenants.py"
DEFAULT_URL = "postgresql://127.0.0.1:5432/postgres"
DEFAULT_RESTART = "pg_ctlcluster --skip-systemctl-redirect 15 main restart"
RAISED_LOCKS = 1024  # at least this much when the setting must be raised
LOCKS = "max_locks_per_transaction"
WALL = "(subprocess, wall)"

# The server, and the size of its lock table (NLOCKENTS in lock.c: max_locks_per_transaction
# times every backend the server can have, prepared transactions included).
_SERVER_QUERY = """
SELECT current_setting('server_version'), s.setting::int, s.source, coalesce(s.sourcefile, ''),
       current_setting('max_connections')::int + current_setting('autovacuum_max_workers')::int
       + 1 + current_setting('max_worker_processes')::int
       + current_setting('max_wal_senders')::int
       + current_setting('max_prepared_transactions')::int,
       pg_postmaster_start_time(),
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
FROM pg_settings s WHERE s.name = 'max_locks_per_transaction'
"""

_COUNTS_QUERY = """
SELECT CASE c.relkind WHEN 'r' THEN 'tables' WHEN 'v' THEN 'views'
       WHEN 'm' THEN 'materialized views' WHEN 'i' THEN 'indexes' WHEN 'S' THEN 'sequences'
       ELSE 'other relations' END, count(*)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
GROUP BY 1
UNION ALL SELECT 'schemas', count(*) FROM pg_namespace
  WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' AND nspname <> 'public'
UNION ALL SELECT 'enum types', count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
"""

_OTHER_SESSIONS_QUERY = """
SELECT coalesce(datname, '-') || ' (' || coalesce(usename, '-') || ', '
       || coalesce(application_name, '') || ', ' || coalesce(state, '') || ')'
FROM pg_stat_activity
WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
ORDER BY backend_start
"""

_SQL_COUNTS = {
    "CREATE SCHEMA": re.compile(r"^CREATE SCHEMA ", re.MULTILINE),
    "CREATE TABLE": re.compile(r"^CREATE TABLE ", re.MULTILINE),
    "CREATE VIEW": re.compile(r"^CREATE VIEW ", re.MULTILINE),
}
_GENERATED_SCHEMA = re.compile(r"^CREATE SCHEMA (\w+);", re.MULTILINE)


# --------------------------------------------------------------------------- server


@dataclass(slots=True)
class Server:
    version: str
    locks: int
    source: str
    sourcefile: str
    backends: int
    started: datetime.datetime
    superuser: bool

    def lock_slots(self) -> int:
        return self.locks * self.backends

    def fits(self, tables: int) -> bool:
        """Whether pg_dump's locks on ``tables`` fit in half of the lock table."""
        return tables <= self.lock_slots() // 2


def _server(url: str) -> Server:
    with connect(url) as conn:
        row = conn.execute(_SERVER_QUERY).fetchone()
    assert row is not None
    return Server(*row)


def _execute(url: str, statement: sql.Composable) -> None:
    with connect(url) as conn:  # autocommit: ALTER SYSTEM and CREATE DATABASE need it
        conn.execute(statement)


def _wait_ready(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connect(url, timeout=2).close()
        except ConnectError:
            time.sleep(0.5)
            continue
        return True
    return False


def _restart(url: str, command: str, before: Server, problems: Problems) -> Server | None:
    """Restart the server; its new state, or None (a PROBLEM) when that failed."""
    print(f"restarting the server: {command}", flush=True)
    try:
        result = subprocess.run(
            shlex.split(command), capture_output=True, text=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        problems.add(f"`{command}` failed: {error}")
        return None
    if result.returncode != 0:
        problems.add(f"`{command}` exited {result.returncode}:\n{result.stderr[-2000:]}")
        return None
    if not _wait_ready(url, 60):
        problems.add(f"the server at {mask_url(url)} did not accept connections within 60 s")
        return None
    after = _server(url)
    if after.started == before.started:
        problems.add(
            f"`{command}` did not restart the server at {mask_url(url)} (same start time,"
            f" {after.started}): is --restart-cmd for another cluster?"
        )
        return None
    return after


def _set_locks(url: str, value: int | None) -> None:
    """ALTER SYSTEM SET max_locks_per_transaction = value; RESET when value is None."""
    if value is None:
        statement = sql.SQL("ALTER SYSTEM RESET {}").format(sql.Identifier(LOCKS))
    else:
        statement = sql.SQL("ALTER SYSTEM SET {} = {}").format(
            sql.Identifier(LOCKS), sql.Literal(value)
        )
    _execute(url, statement)


def _restore(url: str, original: Server, command: str, problems: Problems) -> None:
    """Put max_locks_per_transaction back as it was, and restart to apply it."""
    from_auto = original.source == "configuration file" and original.sourcefile.endswith(
        "postgresql.auto.conf"
    )
    manual = (
        f"put it back by hand: ALTER SYSTEM {'SET' if from_auto else 'RESET'} {LOCKS}"
        + (f" = {original.locks}" if from_auto else "")
        + f", then {command}"
    )
    print(f"restoring {LOCKS} = {original.locks} ({original.source})", flush=True)
    try:
        _set_locks(url, original.locks if from_auto else None)
        current = _server(url)  # to see that the restart below happens
    except (ConnectError, psycopg.Error) as error:
        problems.add(f"could not restore {LOCKS}: {error}; {manual}")
        return
    after = _restart(url, command, current, problems)
    if after is None:
        problems.add(f"{LOCKS} is restored in the configuration but not applied; {manual}")
    elif after.locks != original.locks:
        problems.add(f"{LOCKS} is {after.locks} after the restore, not {original.locks}")


def _other_sessions(url: str) -> list[str]:
    with connect(url) as conn:
        return [row[0] for row in conn.execute(_OTHER_SESSIONS_QUERY).fetchall()]


# ------------------------------------------------------------------------- database


def _generate(tenants: int, path: Path) -> None:
    if path.exists():
        return
    print(f"generating {path} ({GENERATOR.name} {tenants})", flush=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, str(GENERATOR), str(tenants)], stdout=handle, check=True)
    partial.replace(path)


def _counts(url: str) -> dict[str, int]:
    with connect(url) as conn:
        return dict(conn.execute(_COUNTS_QUERY).fetchall())


def _exists(admin: str, name: str) -> bool:
    with connect(admin) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return conn.execute(query, (name,)).fetchone() is not None


def _prepare(args: argparse.Namespace, source: Path, expected: int, problems: Problems) -> bool:
    """The bench database holding ``expected`` tables: reused, or (re)created and loaded."""
    db_url = args.db_url
    if _exists(args.url, args.db) and not args.reload:
        tables = _counts(db_url).get("tables", 0)
        if tables == expected:
            print(f"database {args.db} is there with {tables:,} tables: not reloaded")
            return True
        problems.add(
            f"database {args.db} exists with {tables:,} tables, not {expected:,}: a load in"
            " progress, or one that failed? --reload drops and re-creates it"
        )
        return False
    if args.reload:
        print(f"dropping database {args.db} (--reload)", flush=True)
        try:
            _execute(
                args.url, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(args.db))
            )
        except psycopg.Error as error:
            problems.add(f"cannot drop database {args.db}: {error}")
            return False
    _execute(args.url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.db)))
    print(f"loading {source.name} into {args.db} (psql)...", flush=True)
    command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db_url, "-f", str(source)]
    start = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except BaseException:
        _execute(args.url, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(args.db)))
        raise
    if result.returncode != 0:
        problems.add(f"psql could not load {source} (database dropped):\n{result.stderr[-3000:]}")
        _execute(args.url, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(args.db)))
        return False
    print(f"loaded in {_fmt_s(time.perf_counter() - start)} (once)")
    return True


# ----------------------------------------------------------------------------- setup


def _parser(description: str) -> argparse.ArgumentParser:
    """The options both scripts take."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tenants", type=int, default=1500)
    parser.add_argument("--db", help="the bench database (default: bench_tenants_N)")
    parser.add_argument("--url", default=DEFAULT_URL, help="a maintenance connection's URL")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--reload", action="store_true", help="drop and re-create the database")
    parser.add_argument("--no-restart", action="store_true", help="never restart the server")
    parser.add_argument("--force-restart", action="store_true", help="even with other sessions")
    parser.add_argument("--restart-cmd", default=DEFAULT_RESTART, help="restarts the server")
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where files are written")
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The options, checked, with `db`, `db_url` and the resolved `out_dir` (created)."""
    args = parser.parse_args(argv)
    if args.runs < 1 or args.tenants < 1:
        parser.error("--runs and --tenants must be at least 1")
    args.db = args.db or f"bench_tenants_{args.tenants}"
    if conninfo_to_dict(args.url).get("dbname") == args.db:
        parser.error("--url is the maintenance connection: another database than --db")
    args.db_url = make_conninfo(args.url, dbname=args.db)
    args.out_dir = args.out_dir.resolve()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    return args


@dataclass(slots=True)
class Bench:
    """The loaded bench database, the server it is on, and what went wrong so far."""

    args: argparse.Namespace
    problems: Problems
    expected: int  # tables, from the generated SQL
    schemas: list[str]  # the tenants' schemas, from the generated SQL
    server: Server
    counts: dict[str, int]
    pg_dump_version: str

    @property
    def out(self) -> Path:
        return self.args.out_dir


def _open(args: argparse.Namespace, problems: Problems) -> Bench | None:
    """Generate the SQL and load the database unless they are there; None after a PROBLEM."""
    source = args.out_dir / f"tenants_{args.tenants}.sql"
    _generate(args.tenants, source)
    generated = source.read_text(encoding="utf-8")
    expected = len(_SQL_COUNTS["CREATE TABLE"].findall(generated))
    schemas = _GENERATED_SCHEMA.findall(generated)
    try:
        server = _server(args.url)
        ready = _prepare(args, source, expected, problems)
    except ConnectError as error:
        problems.add(str(error))
        ready = False
    except psycopg.Error as error:
        problems.add(f"cannot prepare database {args.db}: {' '.join(str(error).split())}")
        ready = False
    if not ready:
        return None
    counts = _counts(args.db_url)
    pg_dump_version = subprocess.run(
        ["pg_dump", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return Bench(args, problems, expected, schemas, server, counts, pg_dump_version)


def _failed(problems: Problems) -> int:
    print(f"{len(problems.items)} problem(s): see above", file=sys.stderr)
    return 1


def _print_header(bench: Bench, title: str, goal: str) -> None:
    args, server = bench.args, bench.server
    print()
    print(f"{title}, {datetime.date.today()}, {_machine()}")
    print(f"schemac from {_revision()}")
    print(f"PostgreSQL {server.version}; {bench.pg_dump_version}")
    print(
        f"database {args.db} ({mask_url(args.db_url)}): {args.tenants:,} tenants, "
        + ", ".join(f"{count:,} {label}" for label, count in sorted(bench.counts.items()))
    )
    print(
        f"{LOCKS} = {server.locks} ({server.source}): about {server.lock_slots():,} lock"
        f" slots on the server; goal: {goal}"
    )
    print()


# -------------------------------------------------------------------------- outputs


@dataclass(slots=True)
class Output:
    name: str
    size: int
    lines: int
    counts: dict[str, int]


def _output(path: Path, patterns: dict[str, re.Pattern[str]]) -> Output:
    text = path.read_text(encoding="utf-8")
    counts = {label: len(pattern.findall(text)) for label, pattern in patterns.items()}
    return Output(path.name, len(text.encode()), text.count("\n"), counts)


def _dump_output(bench: Bench, pg_dump: Tool) -> Output:
    """pg_dump's file, which must hold one CREATE TABLE per table (else a PROBLEM)."""
    output = _output(pg_dump.output, _SQL_COUNTS)
    created = output.counts["CREATE TABLE"]
    if created != bench.expected:
        bench.problems.add(
            f"{pg_dump.output.name} holds {created:,} CREATE TABLE, not {bench.expected:,}"
        )
    return output


def _print_outputs(rows: list[Output]) -> None:
    print("Outputs (last run)")
    for row in rows:
        counts = ", ".join(f"{count:,} `{label}`" for label, count in row.counts.items())
        print(f"  {row.name:<26} {row.size / 1e6:>6.2f} MB {row.lines:>9,} lines   {counts}")
    print()


# ---------------------------------------------------------------------------- steps


@dataclass(slots=True)
class Command(Tool):
    """A command of these benchmarks, and what makes its untimed first run a failure."""

    def first_failure(self, result: subprocess.CompletedProcess[str]) -> str | None:
        """By default, that it exited non-zero or did not write its output file."""
        if result.returncode != 0 or not self.output.exists():
            return (
                f"`{' '.join(self.command)}` exited {result.returncode}"
                f" and {'wrote' if self.output.exists() else 'did not write'} {self.output}:\n"
                + (result.stdout + result.stderr).strip()[-3000:]
            )
        return None


def _pg_dump(bench: Bench) -> Command:
    dumped = bench.out / f"pg_dump_{bench.args.tenants}.sql"
    command = ["pg_dump", "--schema-only", "-d", bench.args.db_url, "-f", str(dumped)]
    return Command("pg_dump --schema-only", dumped, command, ROOT)


def _first_run(tool: Command, problems: Problems) -> tuple[int, str]:
    """One untimed run: the exit code and stderr, a PROBLEM unless it succeeded."""
    tool.output.unlink(missing_ok=True)
    result = subprocess.run(tool.command, capture_output=True, text=True, check=False, cwd=ROOT)
    failure = tool.first_failure(result)
    if failure is not None:
        problems.add(failure)
    return result.returncode, result.stderr


def _at_setting(bench: Bench, schemac: Command) -> bool:
    """Phase (a)'s first run, at the setting as it is: whether schemac exited 0."""
    server = bench.server
    code, stderr = _first_run(schemac, bench.problems)
    note = "" if server.locks <= 64 else " (not the default 64: this shows no lock headroom)"
    print(f"{schemac.name} at {LOCKS} = {server.locks}{note}: exit {code}")
    warnings = [line for line in stderr.splitlines() if line.strip()]
    if warnings:
        print(f"  its stderr, {len(warnings):,} line(s); the first: {warnings[0][:160]}")
    return code == 0


def _alone(bench: Bench, schemac: Command) -> list[Timing]:
    """Phase (a)'s timed runs."""
    return _interleaved([schemac], bench.args.runs, bench.problems, WALL)


def _compare(
    args: argparse.Namespace,
    tools: list[Command],
    server: Server,
    tables: int,
    problems: Problems,
) -> tuple[list[Timing] | None, str]:
    """Phase (b): both tools interleaved, raising the setting first if the tables need it.

    The timings and the setting they ran at; or None and why pg_dump did not run.
    """
    if server.fits(tables):
        return _interleave(args, tools, server, problems), f"{LOCKS} = {server.locks}"
    slots = f"{server.lock_slots():,} lock slots for {tables:,} tables"
    if args.no_restart:
        why = f"{LOCKS} = {server.locks}: {slots}; --no-restart"
        print(f"pg_dump skipped: {why}")
        return None, why
    others = _other_sessions(args.url)
    if others and not args.force_restart:
        why = f"{len(others)} other session(s) on the server; --force-restart to restart anyway"
        print(f"pg_dump skipped: {LOCKS} = {server.locks} ({slots}), and not restarting:")
        for session in others[:10]:
            print(f"  {session}")
        return None, why
    if not server.superuser:
        why = f"{LOCKS} = {server.locks} ({slots}); ALTER SYSTEM needs a superuser"
        print(f"pg_dump skipped: {why}")
        return None, why
    target = max(RAISED_LOCKS, 2 ** math.ceil(math.log2(2 * tables / server.backends)))
    print(f"raising {LOCKS} from {server.locks} to {target} ({slots})", flush=True)
    _set_locks(args.url, target)
    try:
        raised = _restart(args.url, args.restart_cmd, server, problems)
        if raised is None:
            return None, "the restart failed"
        if raised.locks != target:
            problems.add(f"{LOCKS} is {raised.locks} after the restart, not {target}")
            return None, "the setting did not take"
        timings = _interleave(args, tools, raised, problems)
        return timings, f"{LOCKS} raised to {raised.locks}"
    finally:
        _restore(args.url, server, args.restart_cmd, problems)


def _interleave(
    args: argparse.Namespace, tools: list[Command], server: Server, problems: Problems
) -> list[Timing] | None:
    print(f"timing both, interleaved, at {LOCKS} = {server.locks}...", flush=True)
    for tool in tools:  # warm-up: after a restart the server's buffers are cold
        code, _ = _first_run(tool, problems)
        if code != 0:
            return None
    return _interleaved(tools, args.runs, problems, WALL)


def _print_phases(
    bench: Bench,
    alone: list[Timing],
    compared: list[Timing] | None,
    setting: str,
    print_goal: Callable[[Timing, Timing | None, str], None],
) -> None:
    """Both phases' timings, then the goal: from (b) when pg_dump ran, else not measured."""
    runs, locks = bench.args.runs, bench.server.locks
    _print_timings(f"(a) schemac alone, at {LOCKS} = {locks}, best / median of {runs}", alone)
    if compared:
        _print_timings(f"(b) both, interleaved, at {setting}, best / median of {runs}", compared)
        print_goal(compared[0], compared[1], "")
    else:
        print_goal(alone[0], None, setting)


def _ratio(goal: str, schemac: Timing, pg_dump: Timing | None, why_not: str) -> float | None:
    """Print the ratio schemac / pg_dump and return it, best against best.

    None, printed as the goal not measured, when pg_dump did not run or a tool failed.
    """
    if pg_dump is None or not pg_dump.runs or not schemac.runs:
        print(f"{goal}: not measured ({why_not or 'a tool failed'})")
        return None
    ratio = schemac.best / pg_dump.best
    print(
        f"Ratio schemac / pg_dump: {ratio:.2f} best against best,"
        f" {schemac.median / pg_dump.median:.2f} median against median"
    )
    return ratio
