"""diff and apply of GitLab-sized work, timed in one run against pg_dump and psql -f.

GitLab's schema has 1,401 tables, 400 partitions and 297 functions; the 2,000-table
schema of gen_schema.py (10 columns per table, defaults, partial indexes, foreign keys,
checks, comments) stands for it. On the server of `--url` (a maintenance connection) the
script makes its databases, `bench_scale_*`, and drops them at the end:

- `psql -X -q -v ON_ERROR_STOP=1 -f` of `schemac compile`'s SQL into an empty database:
  the baseline for `apply` from nothing. psql runs each statement in a transaction of
  its own, which is how a DBA would load it at the default lock setting (one
  transaction would need about 18,000 locks);
- `pg_dump --schema-only` of that database: the baseline for `diff`;
- `schemac diff --from EMPTY --to FILE` and `--from LOADED --to FILE` (the schema
  against itself: nothing to do), and `schemac apply --url EMPTY --to FILE
  --auto-approve` (from nothing: checked, normalized, planned, re-read under the apply
  lock, applied in transactions of at most the lock budget) and the same against
  LOADED (nothing to do). Every command is a subprocess, timed wall to wall.

The runs are interleaved (who goes first alternates, so machine noise hits every tool
alike); each apply and each psql gets a new empty database, made and dropped untimed.
It checks that the applied database dumps like the psql-loaded one, and that the diff
against itself prints nothing. Goals: **each diff within 2x pg_dump's time, the apply
from nothing within 1.5x psql -f's** (best against best).

    .venv/bin/python bench/scale_bench.py                       # 2,000 tables, 3 runs
    .venv/bin/python bench/scale_bench.py --tables 500 --runs 1 # a quick trial
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from check_bench import Problems, Timing, _fmt_s, _machine, _revision
from compile_bench import _print_timings

try:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("psycopg is not importable: run with the project's venv (.venv/bin/python)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_URL = "postgresql://127.0.0.1:5432/postgres"
DIFF_GOAL = 2.0
APPLY_GOAL = 1.5


def _url(base: str, dbname: str) -> str:
    params = conninfo_to_dict(base)
    params["dbname"] = dbname
    return make_conninfo("", **params)


class Databases:
    """Makes and drops the benchmark's databases on the server of ``url``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []
        self.count = 0

    def make(self) -> str:
        self.count += 1
        name = f"bench_scale_{self.count}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
            )
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if name in self.made:
            self.made.remove(name)

    def drop_all(self) -> None:
        for name in list(self.made):
            self.drop(name)


def _run(args: list[str], problems: Problems, what: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        problems.add(f"{what} exited {done.returncode}: {(done.stderr or done.stdout)[-1500:]}")
    return elapsed, done.stdout


def _psql_f(psql: str, url: str, path: Path) -> list[str]:
    """psql loading a file as a DBA would: each statement on its own, stopping at an error."""
    return [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(path)]


def _dump(pg_dump: str, url: str) -> list[str]:
    done = subprocess.run(
        [pg_dump, "--schema-only", "--no-owner", "-d", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line
        for line in done.stdout.splitlines()
        if line and not line.startswith(("--", "SET ", "SELECT pg_catalog.set_config", "\\"))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="a maintenance connection")
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    psql, pg_dump = shutil.which("psql"), shutil.which("pg_dump")
    if psql is None or pg_dump is None:
        sys.exit("psql and pg_dump must be on PATH")
    OUT.mkdir(parents=True, exist_ok=True)
    schema = OUT / f"scale_{args.tables}x{args.columns}.schema"
    compiled = OUT / f"scale_{args.tables}x{args.columns}.sql"
    schemac = [sys.executable, "-m", "schemac"]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "gen_schema.py"),
            "--tables",
            str(args.tables),
            "--columns",
            str(args.columns),
            "--out",
            str(schema),
        ],
        check=True,
    )
    subprocess.run([*schemac, "compile", str(schema), "-o", str(compiled)], check=True)
    problems = Problems()
    dbs = Databases(args.url)
    with psycopg.connect(args.url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        locks = conn.execute("SHOW max_locks_per_transaction").fetchone()[0]  # type: ignore[index]
    print(
        f"machine: {_machine()}; schemac {_revision()}; PostgreSQL {version},"
        f" max_locks_per_transaction {locks}"
    )
    print(
        f"input: {schema.name}, {args.tables} tables x {args.columns} columns,"
        f" {schema.stat().st_size / 1e6:.2f} MB;"
        f" compiled SQL {compiled.stat().st_size / 1e6:.2f} MB"
    )
    timings = {
        name: Timing(name)
        for name in (
            "psql -f (from nothing)",
            "pg_dump --schema-only",
            "schemac diff, from nothing",
            "schemac diff, against itself",
            "schemac apply, from nothing",
            "schemac apply, against itself",
        )
    }
    try:
        empty = dbs.make()
        loaded = dbs.make()
        _run(_psql_f(psql, _url(args.url, loaded), compiled), problems, "psql -f")
        reference = _dump(pg_dump, _url(args.url, loaded))
        for i in range(args.runs):
            steps = ["psql", "dump", "diff-empty", "diff-self", "apply", "apply-self"]
            for step in steps if i % 2 == 0 else list(reversed(steps)):
                _step(
                    step,
                    args.url,
                    dbs,
                    empty,
                    loaded,
                    compiled,
                    schema,
                    psql,
                    pg_dump,
                    schemac,
                    timings,
                    problems,
                    reference,
                )
    finally:
        dbs.drop_all()
    print()
    _print_timings(f"{args.runs} runs each, interleaved:", list(timings.values()))
    _goals(timings)
    return 1 if problems.items else 0


def _step(  # noqa: PLR0917
    step: str,
    url: str,
    dbs: Databases,
    empty: str,
    loaded: str,
    compiled: Path,
    schema: Path,
    psql: str,
    pg_dump: str,
    schemac: list[str],
    timings: dict[str, Timing],
    problems: Problems,
    reference: list[str],
) -> None:
    if step == "psql":
        fresh = dbs.make()
        elapsed, _ = _run(_psql_f(psql, _url(url, fresh), compiled), problems, "psql -f")
        timings["psql -f (from nothing)"].runs.append(elapsed)
        dbs.drop(fresh)
    elif step == "dump":
        elapsed, _ = _run(
            [
                pg_dump,
                "--schema-only",
                "-d",
                _url(url, loaded),
                "-f",
                str(OUT / "scale_pg_dump.sql"),
            ],
            problems,
            "pg_dump",
        )
        timings["pg_dump --schema-only"].runs.append(elapsed)
    elif step == "diff-empty":
        elapsed, out = _run(
            [*schemac, "diff", "--from", _url(url, empty), "--to", str(schema)],
            problems,
            "schemac diff from nothing",
        )
        if "CREATE TABLE" not in out:
            problems.add("the diff from nothing made no tables")
        timings["schemac diff, from nothing"].runs.append(elapsed)
    elif step == "diff-self":
        elapsed, out = _run(
            [*schemac, "diff", "--from", _url(url, loaded), "--to", str(schema)],
            problems,
            "schemac diff against itself",
        )
        if out:
            problems.add(f"the diff against itself is not empty: {out[:500]}")
        timings["schemac diff, against itself"].runs.append(elapsed)
    elif step == "apply":
        fresh = dbs.make()
        elapsed, _ = _run(
            [*schemac, "apply", "--url", _url(url, fresh), "--to", str(schema), "--auto-approve"],
            problems,
            "schemac apply from nothing",
        )
        timings["schemac apply, from nothing"].runs.append(elapsed)
        if _dump(pg_dump, _url(url, fresh)) != reference:
            problems.add("the applied database does not dump like the one psql loaded")
        dbs.drop(fresh)
    elif step == "apply-self":
        elapsed, out = _run(
            [*schemac, "apply", "--url", _url(url, loaded), "--to", str(schema), "--auto-approve"],
            problems,
            "schemac apply against itself",
        )
        if not out.startswith("No changes"):
            problems.add(f"the apply against itself changed something: {out[:500]}")
        timings["schemac apply, against itself"].runs.append(elapsed)


def _goals(timings: dict[str, Timing]) -> None:
    dump, psql = timings["pg_dump --schema-only"], timings["psql -f (from nothing)"]
    for name, base, goal in (
        ("schemac diff, from nothing", dump, DIFF_GOAL),
        ("schemac diff, against itself", dump, DIFF_GOAL),
        ("schemac apply, from nothing", psql, APPLY_GOAL),
    ):
        timing = timings[name]
        if not timing.runs or not base.runs:
            print(f"Goal for {name}: not measured (a command failed)")
            continue
        ratio = timing.best / base.best
        verdict = "met" if ratio <= goal else "missed"
        print(
            f"Goal for {name}: within {goal}x {base.label} -> {_fmt_s(timing.best)} against"
            f" {_fmt_s(base.best)}, ratio {ratio:.2f} (median {timing.median / base.median:.2f}):"
            f" {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
