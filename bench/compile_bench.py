"""Time `schemac compile` against dbml2sql (@dbml/cli) on the same 2000 tables.

    .venv/bin/python bench/compile_bench.py                # 5 timed runs of each tool
    .venv/bin/python bench/compile_bench.py --runs 7 --load   # and load the SQL into PostgreSQL

It generates (bench/gen_schema.py) a 2000-table x 10-column model twice, as a `.schema`
file and as DBML (the same tables, as far as DBML can say them), under bench/out/
(git-ignored); installs @dbml/cli with npm into bench/out/dbml on first use (never
globally); checks that both tools compile their input to SQL with one CREATE TABLE per
table, then times:

(a) each whole command as a subprocess, `schemac compile IN -o OUT` and
    `dbml2sql --postgres IN -o OUT`: wall time, best and median of N runs, the two tools
    interleaved run by run (the first alternating) so that machine noise hits both
    alike; then the peak RSS of each (one more run, under GNU time);
(b) schemac in process: reading, parsing (`schemac.syntax.parser.parse`), checking
    (`schemac.check.check_files`) and compiling to SQL
    (`get_dialect("postgres").compile(database)`), with the garbage collector off in
    each timed section as the CLI has it; and `check_sources` plus compile end to end;
(c) for scale, each command on a one-table input: its fixed cost (start-up, imports).

The goal: `schemac compile` takes at most half of dbml2sql's wall time (best against
best). `--load` also loads both tools' SQL into fresh PostgreSQL databases (dropped
afterwards) and compares what the catalogs hold.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import gen_schema
from check_bench import (
    Problems,
    Timing,
    _fmt_s,
    _machine,
    _revision,
    _schemac_command,
)

try:
    from schemac.check import check_files, check_sources
    from schemac.dialects import get_dialect
    from schemac.inputs import read_file
    from schemac.source import SourceFile
    from schemac.syntax.parser import ParseResult, parse
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("schemac is not importable: run with the project's venv (.venv/bin/python)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL_RATIO = 0.5  # schemac's wall time at most half of dbml2sql's
DBML_PACKAGE = "@dbml/cli"

_STATEMENTS = {
    "CREATE TABLE": re.compile(r"^CREATE TABLE ", re.MULTILINE),
    "CREATE TYPE": re.compile(r"^CREATE TYPE ", re.MULTILINE),
    "CREATE [UNIQUE] INDEX": re.compile(r"^CREATE (?:UNIQUE )?INDEX ", re.MULTILINE),
    "FOREIGN KEY": re.compile(r"\bFOREIGN KEY\b"),
    "COMMENT ON": re.compile(r"^COMMENT ON ", re.MULTILINE),
}


# --------------------------------------------------------------------------- tools


@dataclass(slots=True)
class Tool:
    """One compiler: how to run it on its input, and what it wrote."""

    name: str
    output: Path
    command: list[str]
    cwd: Path

    def run(self) -> tuple[float, str | None]:
        """One run, timed: wall seconds, and what went wrong (None if nothing did)."""
        self.output.unlink(missing_ok=True)
        (self.cwd / "dbml-error.log").unlink(missing_ok=True)  # dbml2sql writes one each run
        start = time.perf_counter()
        result = subprocess.run(
            self.command, capture_output=True, text=True, check=False, cwd=self.cwd
        )
        elapsed = time.perf_counter() - start
        return elapsed, self._failure(result)

    def _failure(self, result: subprocess.CompletedProcess[str]) -> str | None:
        # dbml2sql exits 0 on a syntax error: it prints `ERROR:` and writes no file.
        text = (result.stdout + result.stderr).strip()
        if result.returncode != 0 or not self.output.exists() or "ERROR:" in text:
            log = self.cwd / "dbml-error.log"
            if log.exists() and log.stat().st_size:
                text += "\n" + log.read_text(encoding="utf-8", errors="replace")[-2000:]
            return (
                f"`{' '.join(self.command)}` exited {result.returncode}"
                f" and {'wrote' if self.output.exists() else 'did not write'} {self.output}:\n"
                + text[-3000:]
            )
        return None

    def peak_rss_mb(self) -> float | None:
        """Peak RSS of one more run, from GNU time (as check_bench.py measures it)."""
        gnu_time = Path("/usr/bin/time")
        if not gnu_time.exists():
            return None
        result = subprocess.run(
            [str(gnu_time), "-f", "maxrss=%M", *self.command],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.cwd,
        )
        for line in reversed(result.stderr.splitlines()):
            if line.startswith("maxrss="):
                return int(line.removeprefix("maxrss=")) / 1024
        return None


def _tools(schema_in: Path, dbml_in: Path, dbml2sql: Path) -> list[Tool]:
    """Both compilers, each on its input, writing IN.schemac.sql and IN.dbml2sql.sql."""
    schemac_out = schema_in.with_suffix(".schemac.sql")
    dbml_out = dbml_in.with_suffix(".dbml2sql.sql")
    return [
        Tool(
            "schemac compile",
            schemac_out,
            [*_schemac_command(), "compile", str(schema_in), "-o", str(schemac_out)],
            ROOT,
        ),
        Tool(
            "dbml2sql --postgres",
            dbml_out,
            [str(dbml2sql), "--postgres", str(dbml_in), "-o", str(dbml_out)],
            dbml_in.parent,  # where dbml2sql writes its dbml-error.log
        ),
    ]


def _npm_version(package_json: Path) -> str:
    try:
        return str(json.loads(package_json.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def _dbml2sql(prefix: Path, problems: Problems) -> Path | None:
    """bench/out/dbml/node_modules/.bin/dbml2sql, installed with npm on first use."""
    binary = prefix / "node_modules" / ".bin" / "dbml2sql"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        problems.add("npm is not on PATH: cannot install @dbml/cli")
        return None
    print(f"installing {DBML_PACKAGE} with npm into {prefix} (not globally)...", flush=True)
    prefix.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(prefix), DBML_PACKAGE],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not binary.exists():
        problems.add(f"`npm install --prefix {prefix} {DBML_PACKAGE}` failed:\n{result.stderr}")
        return None
    return binary


def _node_version() -> str:
    node = shutil.which("node")
    if node is None:
        return "node not found"
    result = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    return f"Node {result.stdout.strip()}"


# -------------------------------------------------------------------------- inputs


@dataclass(slots=True)
class FileStats:
    size: int
    lines: int
    counts: dict[str, int]


def _stats(path: Path, patterns: dict[str, re.Pattern[str]]) -> FileStats:
    text = path.read_text(encoding="utf-8")
    counts = {label: len(pattern.findall(text)) for label, pattern in patterns.items()}
    return FileStats(len(text.encode()), text.count("\n"), counts)


_SCHEMA_TABLES = {"tables": re.compile(r'^table "', re.MULTILINE)}
_DBML_TABLES = {"tables": re.compile(r"^Table ", re.MULTILINE)}


# --------------------------------------------------------------------------- timing


def _interleaved(
    tools: Sequence[Tool], runs: int, problems: Problems, label: str, *, rss: bool = True
) -> list[Timing]:
    """Wall time of each tool's command, the tools taking turns (who goes first alternates)."""
    timings = {tool.name: Timing(f"{tool.name} {label}") for tool in tools}
    for i in range(runs):
        order = tools if i % 2 == 0 else list(reversed(tools))
        for tool in order:
            elapsed, failure = tool.run()
            if failure is not None:
                problems.add(failure)
                continue
            timings[tool.name].runs.append(elapsed)
    for tool in tools if rss else ():
        peak = tool.peak_rss_mb()
        if peak is not None:
            timings[tool.name].note = f"peak RSS {peak:.0f} MB"
    return [timings[tool.name] for tool in tools]


def _timed(
    label: str, fn: Callable[[], object], runs: int, *, collect: bool = False
) -> tuple[Timing, object]:
    """Best and median of ``runs``, the collector off inside each (as `schemac compile`)."""
    timing = Timing(label)
    result: object = None
    for _ in range(runs):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            start = time.perf_counter()
            result = fn()
            timing.runs.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return timing, result


def _in_process(path: Path, runs: int, problems: Problems) -> list[Timing]:
    """schemac's stages in this process: read, parse, check, compile to SQL."""
    read_t, sources = _timed("read the file (read_file)", lambda: [read_file(path)], runs)
    assert isinstance(sources, list)
    parse_t, parsed = _timed("parse", lambda: [parse(s) for s in sources], runs)
    assert isinstance(parsed, list)

    def check(parsed: Sequence[ParseResult] = parsed) -> object:
        diagnostics = [d for p in parsed for d in p.diagnostics]
        return check_files([p.file for p in parsed], diagnostics)

    check_t, checked = _timed("check (check_files: all passes, lowering)", check, runs)
    database = getattr(checked, "database", None)
    for diagnostic in getattr(checked, "diagnostics", ()):
        problems.add(f"{path.name}: {diagnostic.code} {diagnostic.message}")
    if database is None:
        problems.add(f"{path.name}: the check found errors; nothing to compile")
        return [read_t, parse_t, check_t]
    dialect = get_dialect("postgres")
    compile_t, result = _timed(
        "compile to SQL (postgres dialect)", lambda: dialect.compile(database), runs
    )
    for diagnostic in getattr(result, "diagnostics", ()):
        problems.add(f"{path.name}: compile: {diagnostic.code} {diagnostic.message}")
    collected_t, _ = _timed(
        "  the same with the collector on",
        lambda: dialect.compile(database),
        runs,
        collect=True,
    )

    def end_to_end(sources: Sequence[SourceFile] = sources) -> object:
        checked = check_sources(sources)
        assert checked.database is not None
        return dialect.compile(checked.database)

    total_t, _ = _timed("check_sources + compile, end to end", end_to_end, runs)
    return [read_t, parse_t, check_t, compile_t, collected_t, total_t]


# ------------------------------------------------------------------ PostgreSQL load

_CATALOG_QUERY = """
WITH rel AS (SELECT oid, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace)
SELECT 'tables', count(*) FROM rel WHERE relkind = 'r'
UNION ALL SELECT 'columns', count(*) FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid
  WHERE rel.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL SELECT 'columns not null', count(*) FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid
  WHERE rel.relkind = 'r' AND a.attnum > 0 AND a.attnotnull
UNION ALL SELECT 'column defaults', count(*) FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid
UNION ALL SELECT CASE a.attidentity WHEN 'a' THEN 'identity columns, ALWAYS'
                 ELSE 'identity columns, BY DEFAULT' END, count(*)
  FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid
  WHERE a.attidentity <> '' GROUP BY a.attidentity
UNION ALL SELECT 'enum types', count(*) FROM pg_type
  WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
UNION ALL SELECT 'indexes (all)', count(*) FROM pg_index i JOIN rel ON rel.oid = i.indexrelid
UNION ALL SELECT 'indexes, unique (incl. pkey)', count(*) FROM pg_index i
  JOIN rel ON rel.oid = i.indexrelid WHERE i.indisunique
UNION ALL SELECT 'indexes, partial', count(*) FROM pg_index i
  JOIN rel ON rel.oid = i.indexrelid WHERE i.indpred IS NOT NULL
UNION ALL SELECT 'indexes, gin', count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_am am ON am.oid = c.relam
  WHERE c.relnamespace = 'public'::regnamespace AND am.amname = 'gin'
UNION ALL SELECT 'index columns, descending', count(*) FROM pg_index i
  JOIN rel ON rel.oid = i.indexrelid, unnest(i.indoption::int2[]) AS o WHERE o & 1 = 1
UNION ALL SELECT CASE contype WHEN 'p' THEN 'constraints, primary key'
                 WHEN 'u' THEN 'constraints, unique' WHEN 'f' THEN 'constraints, foreign key'
                 ELSE 'constraints, check' END, count(*)
  FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f', 'c')
  GROUP BY contype
UNION ALL SELECT 'foreign keys with ON DELETE', count(*) FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace AND contype = 'f' AND confdeltype <> 'a'
UNION ALL SELECT 'constraints, deferrable', count(*) FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace AND condeferrable
UNION ALL SELECT 'comments (tables and columns)', count(*) FROM pg_description d
  JOIN rel ON rel.oid = d.objoid WHERE d.classoid = 'pg_class'::regclass
ORDER BY 1
"""


# Every column as the catalog has it: its table, name, type, not null and default.
_COLUMNS_QUERY = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), '')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
  AND a.attnum > 0 AND NOT a.attisdropped
"""

# Every constraint and index by its table and name.
_NAMES_QUERY = """
SELECT conrelid::regclass::text, conname FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace
UNION ALL SELECT i.indrelid::regclass::text, c.relname FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
"""


@dataclass(slots=True)
class Load:
    tool: str
    seconds: float | None
    catalog: dict[str, int]
    columns: frozenset[tuple[str, ...]] = frozenset()
    names: frozenset[tuple[str, ...]] = frozenset()
    server: str = ""


def _pg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


def _load(tool: Tool, host: str, port: int, problems: Problems) -> Load:
    """Load the tool's SQL into a new database, read the catalog, drop the database."""
    name = f"schemac_bench_{os.getpid()}_{tool.name.split()[0].lower()}"
    where = ["-h", host, "-p", str(port)]
    created = _pg("createdb", *where, name)
    if created.returncode != 0:
        problems.add(f"createdb {name} failed: {created.stderr.strip()}")
        return Load(tool.name, None, {})
    try:
        psql = ["psql", *where, "-d", name, "-X", "-A", "-t"]
        server = _pg(*psql, "-c", "SHOW server_version").stdout.strip()
        number = _pg(*psql, "-c", "SHOW server_version_num").stdout.strip()
        if number.isdigit() and int(number) < 130000:
            # gen_random_uuid() is built in from PostgreSQL 13; before, pgcrypto has it.
            _pg(*psql, "-c", "CREATE EXTENSION IF NOT EXISTS pgcrypto")
        start = time.perf_counter()
        loaded = _pg(
            "psql", *where, "-d", name, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(tool.output)
        )
        seconds = time.perf_counter() - start
        if loaded.returncode != 0:
            problems.add(f"psql could not load {tool.output}:\n{loaded.stderr[-3000:]}")
            return Load(tool.name, None, {})
        query = _pg(*psql, "-F", "\t", "-c", _CATALOG_QUERY)
        catalog = {}
        for line in query.stdout.splitlines():
            label, _, count = line.partition("\t")
            catalog[label] = int(count)
        rows = {}
        for key, sql in (("columns", _COLUMNS_QUERY), ("names", _NAMES_QUERY)):
            listed = _pg(*psql, "-F", "\t", "-c", sql)
            rows[key] = frozenset(tuple(line.split("\t")) for line in listed.stdout.splitlines())
        return Load(tool.name, seconds, catalog, rows["columns"], rows["names"], server)
    finally:
        dropped = _pg("dropdb", *where, "--if-exists", name)
        if dropped.returncode != 0:
            problems.add(f"dropdb {name} failed: {dropped.stderr.strip()}")


# --------------------------------------------------------------------------- report


def _print_timings(title: str, timings: Sequence[Timing]) -> None:
    print(title)
    print(f"  {'measurement':<46} {'best':>9} {'median':>9}  runs")
    for t in timings:
        if not t.runs:
            print(f"  {t.label:<46} {'failed':>9}")
            continue
        median = _fmt_s(t.median) if len(t.runs) > 1 else ""
        line = f"  {t.label:<46} {_fmt_s(t.best):>9} {median:>9}  {len(t.runs):>4}"
        if t.note:
            line += f"   ({t.note})"
        print(line)
    print()


def _print_goal(schemac: Timing, dbml: Timing) -> None:
    if not schemac.runs or not dbml.runs:
        print("Goal: not measured (a tool failed)")
        return
    ratio = schemac.best / dbml.best
    median_ratio = schemac.median / dbml.median
    print(
        f"Ratio schemac / dbml2sql: {ratio:.2f} best against best, {median_ratio:.2f} median"
        f" against median (dbml2sql takes {dbml.best / schemac.best:.1f}x as long as schemac)"
    )
    if ratio <= GOAL_RATIO:
        verdict = f"met: {ratio:.2f}, {GOAL_RATIO / ratio:.2f}x inside the limit"
    else:
        verdict = f"missed: {ratio:.2f}, {ratio / GOAL_RATIO:.2f}x the limit"
    print(f"Goal, schemac at most half of dbml2sql's wall time (ratio <= {GOAL_RATIO}): {verdict}")
    print()


def _print_stats(rows: Sequence[tuple[str, FileStats]], title: str) -> None:
    labels = list(rows[0][1].counts)
    print(title)
    header = f"  {'file':<36} {'bytes':>11} {'lines':>8}"
    header += "".join(f" {label:>{max(len(label), 6)}}" for label in labels)
    print(header)
    for name, stats in rows:
        line = f"  {name:<36} {stats.size:>11,} {stats.lines:>8,}"
        line += "".join(f" {stats.counts[label]:>{max(len(label), 6)},}" for label in labels)
        print(line)
    print()


def _print_loads(loads: Sequence[Load]) -> None:
    server = next((load.server for load in loads if load.server), "?")
    print(
        f"Loaded into PostgreSQL {server} (psql -v ON_ERROR_STOP=1, a fresh database each,"
        " dropped after)"
    )
    shown = [f"{_fmt_s(load.seconds)}" if load.seconds is not None else "failed" for load in loads]
    print(f"  {'':<36} " + " ".join(f"{load.tool.split()[0]:>12}" for load in loads))
    print(f"  {'load time (once)':<36} " + " ".join(f"{s:>12}" for s in shown))
    labels = sorted({label for load in loads for label in load.catalog})
    for label in labels:
        values = [load.catalog.get(label) for load in loads]
        cells = " ".join(f"{v if v is not None else '-':>12}" for v in values)
        mark = "" if len(set(values)) == 1 else "   differs"
        print(f"  {label:<36} {cells}{mark}")
    if len(loads) == 2 and all(load.columns for load in loads):
        first, second = (load.columns for load in loads)
        differ = {row[:2] for row in first ^ second}
        print(
            f"  columns alike in both (table, name, type, not null, default):"
            f" {len(first & second):,} of {len(first):,}; {len(differ):,} differ"
        )
        for row in sorted(first - second)[:3]:
            print(f"    {loads[0].tool.split()[0]}: {' | '.join(row)}")
            other = [r for r in second if r[:2] == row[:2]]
            if other:
                print(f"    {loads[1].tool.split()[0]}: {' | '.join(other[0])}")
        first, second = (load.names for load in loads)
        print(
            f"  constraint and index names alike in both: {len(first & second):,};"
            f" only {loads[0].tool.split()[0]}'s: {len(first - second):,},"
            f" only {loads[1].tool.split()[0]}'s: {len(second - first):,}"
        )
    print()


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where inputs are written")
    parser.add_argument("--dbml-dir", type=Path, help="npm prefix for @dbml/cli (OUT_DIR/dbml)")
    parser.add_argument("--load", action="store_true", help="load both SQL files into PostgreSQL")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    out = args.out_dir = args.out_dir.resolve()
    out.mkdir(parents=True, exist_ok=True)
    problems = Problems()

    shape = f"{args.tables}x{args.columns}"
    schema_in = out / f"gen_{shape}.schema"
    dbml_in = out / f"gen_{shape}.dbml"
    opts = {"tables": args.tables, "columns": args.columns, "seed": args.seed}
    gen_schema.write(schema_in, fmt="schemac", **opts)
    gen_schema.write(dbml_in, fmt="dbml", **opts)

    dbml_dir = (args.dbml_dir or out / "dbml").resolve()
    dbml2sql = _dbml2sql(dbml_dir, problems)
    if dbml2sql is None:
        return 1
    modules = dbml_dir / "node_modules" / "@dbml"
    cli_version = _npm_version(modules / "cli" / "package.json")
    core_version = _npm_version(modules / "core" / "package.json")

    tools = _tools(schema_in, dbml_in, dbml2sql)
    # The fixed cost of each command (start-up, imports, the first parse): one table.
    small = {"tables": 1, "columns": args.columns, "seed": args.seed}
    gen_schema.write(out / "gen_1table.schema", fmt="schemac", **small)
    gen_schema.write(out / "gen_1table.dbml", fmt="dbml", **small)
    small_tools = _tools(out / "gen_1table.schema", out / "gen_1table.dbml", dbml2sql)

    print(f"schemac compile against dbml2sql, {datetime.date.today()}, {_machine()}")
    print(f"schemac from {_revision()}")
    print(f"dbml2sql: @dbml/cli {cli_version} (@dbml/core {core_version}), {_node_version()}")
    print(
        f"inputs in {out}, seed {args.seed}; goal: schemac's wall time at most"
        f" {GOAL_RATIO:.0%} of dbml2sql's"
    )
    print()
    _print_stats(
        [
            (schema_in.name, _stats(schema_in, _SCHEMA_TABLES)),
            (dbml_in.name, _stats(dbml_in, _DBML_TABLES)),
        ],
        "Inputs (the same model)",
    )

    # One untimed run of each: both must work, and it warms the file cache.
    for tool in [*tools, *small_tools]:
        _, failure = tool.run()
        if failure is not None:
            problems.add(failure)
    if problems.items:
        print(f"{len(problems.items)} problem(s): see above", file=sys.stderr)
        return 1
    outputs = [(tool.output.name, _stats(tool.output, _STATEMENTS)) for tool in tools]
    _print_stats(outputs, "Outputs (statements counted in the SQL)")
    for name, stats in outputs:
        if stats.counts["CREATE TABLE"] != args.tables:
            problems.add(
                f"{name} holds {stats.counts['CREATE TABLE']} CREATE TABLE statements,"
                f" not {args.tables}"
            )

    commands = _interleaved(tools, args.runs, problems, "(subprocess, wall)")
    fixed = _interleaved(small_tools, args.runs, problems, "on one table (fixed cost)", rss=False)
    _print_timings(
        f"Whole commands, interleaved, best / median of {args.runs}", [*commands, *fixed]
    )
    _print_goal(commands[0], commands[1])

    stages = _in_process(schema_in, args.runs, problems)
    _print_timings("schemac in process (garbage collector off in each timed section)", stages)
    parts = stages[1:4]
    if len(parts) == 3:
        total = sum(t.best for t in parts)
        shares = ", ".join(f"{t.label.split(' ', 1)[0]} {t.best / total:.0%}" for t in parts)
        print(f"  parse + check + compile, best: {_fmt_s(total)} ({shares})")
        print()

    if args.load:
        loads = [_load(tool, args.pg_host, args.pg_port, problems) for tool in tools]
        _print_loads(loads)

    if problems.items:
        print(f"{len(problems.items)} problem(s): see above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
