"""Time `schemac inspect` against `pg_dump --schema-only` on a 1,500-tenant database.

    .venv/bin/python bench/inspect_bench.py                # 1500 tenants, 3 runs; may restart
    .venv/bin/python bench/inspect_bench.py --no-restart   # never restart (pg_dump if it fits)
    .venv/bin/python bench/inspect_bench.py --tenants 20 --db bench_tenants_20   # a quick trial

It generates the SQL of a schema-per-tenant database (bench/gen_tenants.py: per
tenant a schema, an enum, 8 tables, 1 view) into bench/out/tenants_N.sql (git-ignored)
unless it is there, creates the database `bench_tenants_N` on the server of `--url` (a
maintenance connection) and loads the SQL with psql, unless that database already holds
the expected tables. It never drops a database without `--reload`: one that exists with
another number of tables (a load in progress, or one that failed) is a PROBLEM. All this, and
phase (b) below, is tenants_bench.py, which diff_bench.py shares.

What is timed, each whole command as a subprocess (wall time, best and median of N runs):

(a) `schemac inspect --url DB -o bench/out/inspect_N.schema` at the server's
    max_locks_per_transaction as it is (64 by default), first of all: schemac reads the
    catalogs and locks no table, so it needs no lock headroom, and this phase shows it.
    A failure here is a PROBLEM (exit 1); so is output that does not hold one
    `schema "tenant_...."` block per tenant, those blocks first;
(b) `pg_dump --schema-only -d DB -f bench/out/pg_dump_N.sql` against `schemac inspect`,
    interleaved run by run (who goes first alternates, so machine noise hits both alike),
    each after one untimed warm-up run. pg_dump takes an ACCESS SHARE lock on every table
    in one transaction; PostgreSQL's lock table has room for about
    max_locks_per_transaction x (max_connections + other backends) locks, shared by all
    sessions: 7,808 at the defaults, too few for 12,000 tables. When the tables need more
    than half of the lock table, the script raises the setting to 1024 (more if the tables
    need it) with ALTER SYSTEM and restarts the server (`--restart-cmd`); in a `finally`
    it puts the setting back as it was (ALTER SYSTEM RESET, or SET to the old value when
    it came from postgresql.auto.conf) and restarts again. A restart ends every session
    on the server, so it refuses while other clients are connected, unless
    `--force-restart`. With `--no-restart` (or when it refuses) pg_dump is skipped if the
    lock table is too small, with a message, and the goal is not measured.

The comparison, and the goal, use (b) only: both tools at the same setting, in the same
minutes, after the same restart if there was one; (a) is reported apart, as proof that
schemac runs at the default setting, with its figure there (the setting does not change
what schemac does). Peak RSS of each command is one more run under GNU time. The goal:
`schemac inspect` no slower than `pg_dump --schema-only` (best against best: ratio <= 1).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from check_bench import Problems, Timing, _schemac_command
from tenants_bench import (
    ROOT,
    Command,
    _alone,
    _at_setting,
    _compare,
    _dump_output,
    _failed,
    _open,
    _output,
    _parse,
    _parser,
    _pg_dump,
    _print_header,
    _print_outputs,
    _print_phases,
    _ratio,
)

GOAL_RATIO = 1.0  # schemac inspect no slower than pg_dump --schema-only
GOAL = "schemac inspect no slower than pg_dump --schema-only"

_SCHEMA_COUNTS = {
    "schema": re.compile(r'^schema "', re.MULTILINE),
    "table": re.compile(r'^\s*table "', re.MULTILINE),
    "view": re.compile(r'^\s*view "', re.MULTILINE),
}
_SCHEMA_BLOCK = re.compile(r'^schema "([^"]*)"', re.MULTILINE)


def _check_inspect(path: Path, schemas: list[str], tables: int, problems: Problems) -> None:
    """One `schema "tenant_...."` block per tenant, the blocks first, and every table."""
    text = path.read_text(encoding="utf-8")
    first = next(
        (line for line in text.splitlines() if line.strip() and not line.startswith("#")), ""
    )
    if not first.startswith('schema "'):
        problems.add(f"{path.name} does not start with a schema block: {first[:100]!r}")
    found = _SCHEMA_BLOCK.findall(text)
    if sorted(found) != sorted(schemas):
        missing = sorted(set(schemas) - set(found))[:5]
        extra = sorted(set(found) - set(schemas))[:5]
        problems.add(
            f"{path.name} holds {len(found):,} schema blocks, expected {len(schemas):,}"
            f" (missing e.g. {missing}, unexpected e.g. {extra})"
        )
    written = len(_SCHEMA_COUNTS["table"].findall(text))
    if written != tables:
        problems.add(f"{path.name} holds {written:,} table blocks, expected {tables:,}")


def _print_goal(schemac: Timing, pg_dump: Timing | None, why_not: str) -> None:
    ratio = _ratio(f"Goal, {GOAL} (best against best)", schemac, pg_dump, why_not)
    if ratio is None:
        return
    if ratio <= GOAL_RATIO:
        verdict = f"met: {ratio:.2f}, schemac takes {1 / ratio:.2f}x less time"
    else:
        verdict = f"missed: {ratio:.2f}, schemac takes {ratio:.2f}x as long"
    print(f"Goal, {GOAL} (best against best): {verdict}")


def main(argv: list[str] | None = None) -> int:
    args = _parse(_parser(__doc__.split("\n", 1)[0]), argv)
    problems = Problems()
    bench = _open(args, problems)
    if bench is None:
        return _failed(problems)
    _print_header(bench, "schemac inspect against pg_dump --schema-only", GOAL)

    inspected = bench.out / f"inspect_{args.tenants}.schema"
    command = [*_schemac_command(), "inspect", "--url", args.db_url, "-o", str(inspected)]
    schemac = Command("schemac inspect", inspected, command, ROOT)
    pg_dump = _pg_dump(bench)

    # (a) schemac at the setting as it is: no lock headroom needed.
    if not _at_setting(bench, schemac):
        return _failed(problems)
    _check_inspect(schemac.output, bench.schemas, bench.expected, problems)
    if problems.items:
        return _failed(problems)
    alone = _alone(bench, schemac)
    print()

    # (b) pg_dump and schemac interleaved, at a setting where pg_dump can lock every table.
    compared, setting = _compare(args, [schemac, pg_dump], bench.server, bench.expected, problems)
    print()
    _print_phases(bench, alone, compared, setting, _print_goal)
    print()
    outputs = [_output(schemac.output, _SCHEMA_COUNTS)]
    if compared and pg_dump.output.exists():
        outputs.append(_dump_output(bench, pg_dump))
    _print_outputs(outputs)

    if problems.items:
        return _failed(problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
