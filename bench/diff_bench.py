"""Time `schemac diff` of a 1,500-tenant database with itself against `pg_dump --schema-only`.

    .venv/bin/python bench/diff_bench.py                # 1500 tenants, 3 runs; may restart
    .venv/bin/python bench/diff_bench.py --no-restart    # never restart (pg_dump if it fits)
    .venv/bin/python bench/diff_bench.py --tenants 20 --db bench_tenants_20   # a quick trial

The database, its loading, the lock table, the restart and the timing are those of
inspect_bench.py (tenants_bench.py, which both import): the same options, the same
database `bench_tenants_N`, never dropped without `--reload`.

What is timed, each whole command as a subprocess (wall time, best and median of N runs):

(a) `schemac diff --from DB --to DB` at the server's max_locks_per_transaction as it is
    (64 by default), first of all: schemac reads the catalogs twice (two connections, at
    the same time) and locks no table. The database diffed against itself must give an
    empty plan: the command must exit 0 and print nothing, on stdout or stderr; anything
    else is a PROBLEM (exit 1), and what it printed is kept in bench/out/diff_N.sql;
(b) `pg_dump --schema-only -d DB -f bench/out/pg_dump_N.sql` against `schemac diff`,
    interleaved run by run, each after one untimed warm-up run, raising the setting and
    restarting the server first when pg_dump's locks need it (as inspect_bench.py does,
    with the same refusal while others are connected, `--force-restart`, `--no-restart`,
    and the setting put back in a `finally`).

Between the two, for information, the plan step in this process, once, with the garbage
collector off as the command has it: `schemac.commands.diff.read_states(url, url, None)`
(both inspections), then `make_plan(a, b)`, the seconds of each; the modules these two
import on their first call are imported before, as start-up is not the plan step.

The comparison, and the goal, use (b) only. Peak RSS of each command is one more run under
GNU time. The goal: `schemac diff` (two inspections and the diff) under twice pg_dump's time
for one inspection (best against best: ratio diff / pg_dump < 2).
"""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys
import time
from dataclasses import dataclass

from check_bench import Problems, Timing, _fmt_s, _schemac_command
from compile_bench import _print_timings
from tenants_bench import (
    ROOT,
    Bench,
    Command,
    _alone,
    _at_setting,
    _compare,
    _dump_output,
    _failed,
    _open,
    _parse,
    _parser,
    _pg_dump,
    _print_header,
    _print_outputs,
    _print_phases,
    _ratio,
)

try:
    from schemac.commands.diff import make_plan, read_states
    from schemac.commands.states import StateError
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("schemac is not importable: run with the project's venv (.venv/bin/python)")

GOAL_RATIO = 2.0  # schemac diff under twice pg_dump --schema-only
# What read_states and make_plan import on their first call: imported before the timing.
_PLAN_MODULES = (
    "schemac.dialects.postgres.inspect.reader",
    "schemac.diff",
    "schemac.dialects.postgres.plan.planner",
)
GOAL = "schemac diff (two inspections and the diff) under twice pg_dump's time for one inspection"


@dataclass(slots=True)
class Diff(Command):
    """`schemac diff` of a database against itself: it must exit 0 and print nothing.

    What it printed on stdout, if anything, is kept in ``output`` to be looked at.
    """

    def _failure(self, result: subprocess.CompletedProcess[str]) -> str | None:
        return self.first_failure(result)  # each timed run is checked as the first one

    def first_failure(self, result: subprocess.CompletedProcess[str]) -> str | None:
        if result.returncode == 0 and not result.stdout and not result.stderr:
            return None
        if result.stdout:
            self.output.write_text(result.stdout, encoding="utf-8")
        kept = f" (stdout kept in {self.output})" if result.stdout else ""
        text = (result.stdout[:1500] + "\n" + result.stderr[-1500:]).strip()
        return (
            f"`{' '.join(self.command)}` exited {result.returncode} and printed"
            f" {len(result.stdout.splitlines()):,} line(s) on stdout,"
            f" {len(result.stderr.splitlines()):,} on stderr{kept}; a database diffed"
            " against itself must give nothing and exit 0"
        ) + (f":\n{text}" if text else "")


def _plan_step(bench: Bench) -> list[Timing]:
    """`read_states(url, url, None)`, then `make_plan(a, b)`, once each, in this process."""
    url = bench.args.db_url
    print("timing the plan step in process, once...", flush=True)
    for module in _PLAN_MODULES:  # their import is start-up, not the plan step
        importlib.import_module(module)
    read, planned = Timing("read_states(url, url, None)"), Timing("make_plan(a, b)")
    gc.collect()
    gc.disable()  # as `schemac diff` has it
    try:
        start = time.perf_counter()
        a, b = read_states(url, url, None)
        read.runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan = make_plan(a, b)
        planned.runs.append(time.perf_counter() - start)
    except StateError as error:
        bench.problems.add(f"in process, read_states({url!r}, ...) failed: {error}")
        return [read, planned]
    finally:
        gc.enable()
    read.note = "both inspections, in two threads"
    planned.note = f"{len(plan.statements):,} statement(s)"
    if not plan.empty:
        bench.problems.add(
            f"in process, make_plan gave {len(plan.statements):,} statement(s) between the"
            f" database and itself; the first: {plan.statements[0].sql[:300]!r}"
        )
    del a, b, plan
    gc.collect()  # not to hold both models while the commands run
    return [read, planned]


def _print_step(step: list[Timing], commands: list[Timing]) -> None:
    """The plan step, and what it leaves of the command's best run, (a) or (b)."""
    _print_timings("The plan step in process, once, the collector off", step)
    runs = [run for timing in commands for run in timing.runs]
    if all(t.runs for t in step) and runs:
        inside, best = sum(t.best for t in step), min(runs)
        print(
            f"  together {_fmt_s(inside)}; the command's best run is {_fmt_s(best)}:"
            f" {_fmt_s(best - inside)} outside these two steps (start-up, imports, exit;"
            " and one run here against the best of several there)"
        )
        print()


def _print_goal(schemac: Timing, pg_dump: Timing | None, why_not: str) -> None:
    goal = f"Goal, {GOAL} (best against best, ratio < {GOAL_RATIO:.0f})"
    ratio = _ratio(goal, schemac, pg_dump, why_not)
    if ratio is None:
        return
    per = f"{ratio / 2:.2f} of pg_dump per inspection"
    if ratio < GOAL_RATIO:
        verdict = f"met: {ratio:.2f} ({per}), with {GOAL_RATIO / ratio:.2f}x to spare"
    else:
        verdict = f"missed: {ratio:.2f} ({per}), {ratio / GOAL_RATIO:.2f}x the allowance"
    print(f"{goal}: {verdict}")


def main(argv: list[str] | None = None) -> int:
    args = _parse(_parser(__doc__.split("\n", 1)[0]), argv)
    problems = Problems()
    bench = _open(args, problems)
    if bench is None:
        return _failed(problems)
    _print_header(bench, "schemac diff against pg_dump --schema-only", GOAL)

    printed = bench.out / f"diff_{args.tenants}.sql"  # written only if diff prints something
    command = [*_schemac_command(), "diff", "--from", args.db_url, "--to", args.db_url]
    schemac = Diff("schemac diff", printed, command, ROOT)
    pg_dump = _pg_dump(bench)

    # (a) schemac at the setting as it is: no lock headroom needed; nothing to print.
    if not _at_setting(bench, schemac) or problems.items:
        return _failed(problems)
    print("  it printed nothing: the database is the same as itself")
    alone = _alone(bench, schemac)
    print()
    step = _plan_step(bench)
    print()

    # (b) pg_dump and schemac interleaved, at a setting where pg_dump can lock every table.
    compared, setting = _compare(args, [schemac, pg_dump], bench.server, bench.expected, problems)
    print()
    _print_phases(bench, alone, compared, setting, _print_goal)
    print()
    _print_step(step, [alone[0], *(compared or [])[:1]])
    if compared and pg_dump.output.exists():
        _print_outputs([_dump_output(bench, pg_dump)])

    if problems.items:
        return _failed(problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
