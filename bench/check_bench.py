"""Time `schemac check` on a generated 2000-table schema, as a command and pass by pass.

    .venv/bin/python bench/check_bench.py                  # what `make bench` runs
    .venv/bin/python bench/check_bench.py --profile        # plus cProfile's top functions
    .venv/bin/python bench/check_bench.py --scaling        # plus time per table at 4 sizes
    .venv/bin/python bench/check_bench.py --compare-hcl2   # plus python-hcl2 on Atlas HCL

It generates (bench/gen_schema.py) a 2000-table x 10-column schema as one file and as
a directory of 20 files, under bench/out/ (git-ignored), checks that both check clean
with no warnings and are canonically formatted, then times:

(a) the whole `schemac check PATH` command as a subprocess: best and median wall time
    (and CPU time), with schemac's bytecode compiled as an installed wheel has it (the
    goal), and again compiling its modules on every run, as an editable install does
    where PYTHONDONTWRITEBYTECODE is set;
(b) in process: parsing only (`schemac.syntax.parser.parse`), then checking only
    (`schemac.check.check_files` on the parsed files), and the check pass by pass;
(c) both for the directory of 20 files.

The goal is under 2 seconds for the whole command. `--compare-hcl2` installs
python-hcl2 into its own virtualenv (bench/out/hcl2-venv, never the project's) and
times it parsing the same tables (8 columns) written in Atlas's HCL.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import gen_schema

try:
    from schemac.check import check_files
    from schemac.inputs import read_file, schema_files
    from schemac.source import SourceFile
    from schemac.syntax.parser import ParseResult, parse
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("schemac is not importable: run with the project's venv (`make bench`)")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL_SECONDS = 2.0
HCL2_REQUIREMENT = "python-hcl2>=7,<9"


# --------------------------------------------------------------------------- timing


@dataclass(slots=True)
class Timing:
    """Wall seconds of each run, and CPU seconds (user + system) of each.

    The machine is shared: when other work holds the cores, wall time grows by the
    wait for them while CPU time barely moves, so both are reported.
    """

    label: str
    runs: list[float] = field(default_factory=list)
    note: str = ""
    cpu: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _timed(label: str, fn: Callable[[], object], runs: int, note: str = "") -> Timing:
    timing = Timing(label, note=note)
    for _ in range(runs):
        gc.collect()  # the garbage of the previous run is not collected inside this one
        start = time.perf_counter()
        cpu = time.process_time()
        fn()
        timing.cpu.append(time.process_time() - cpu)
        timing.runs.append(time.perf_counter() - start)
    return timing


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _schemac_command() -> list[str]:
    """The `schemac` of the interpreter running this script (the project's venv)."""
    script = Path(sys.executable).parent / "schemac"
    return [str(script)] if script.exists() else [sys.executable, "-m", "schemac"]


class Problems:
    """What went wrong with the generated input: reported, and the exit code is 1."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)
        print(f"PROBLEM: {message}", file=sys.stderr)


def _time_command(
    label: str, args: list[str], runs: int, problems: Problems, expect: str
) -> Timing:
    """Wall time of a command; the first run's output must end with ``expect``."""
    timing = Timing(label)
    for i in range(runs):
        start = time.perf_counter()
        cpu = _children_cpu()
        result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
        timing.runs.append(time.perf_counter() - start)
        timing.cpu.append(_children_cpu() - cpu)
        text = (result.stdout + result.stderr).strip()
        if i == 0 and (result.returncode != 0 or not text.endswith(expect)):
            problems.add(
                f"`{' '.join(args)}` exited {result.returncode}, expected `{expect}`:\n"
                + text[-3000:]
            )
    peak = _peak_rss_mb(args)
    if peak is not None:
        timing.note = f"peak RSS {peak:.0f} MB"
    return timing


def _peak_rss_mb(args: list[str]) -> float | None:
    """A command's peak RSS, from GNU time in one more run.

    Not from this process's wait4(): a child's ru_maxrss on Linux includes the memory
    of the parent it was forked from, and this process holds large trees.
    """
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return None
    result = subprocess.run(
        [str(gnu_time), "-f", "maxrss=%M", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    for line in reversed(result.stderr.splitlines()):
        if line.startswith("maxrss="):
            return int(line.removeprefix("maxrss=")) / 1024
    return None


# -------------------------------------------------------------------------- inputs


@dataclass(slots=True)
class Input:
    label: str
    path: Path
    sources: list[SourceFile]

    @property
    def size(self) -> int:
        return sum(len(s.text.encode()) for s in self.sources)

    @property
    def lines(self) -> int:
        return sum(s.text.count("\n") for s in self.sources)


def _load(label: str, path: Path) -> Input:
    return Input(label, path, [read_file(p) for p in schema_files(path)])


def _count_tokens(sources: Sequence[SourceFile]) -> int | None:
    """Tokens as the lexer yields them (keywords read as names); None if it moved."""
    try:
        from schemac.syntax.lexer import Lexer
        from schemac.syntax.parser import lexer_patterns
        from schemac.syntax.tables import load_tables

        patterns = lexer_patterns(load_tables())
        total = 0
        accepts: dict[str, int] = {}
        for source in sources:
            lexer = Lexer(source, *patterns)
            while lexer.next(accepts) is not None:
                total += 1
    except (ImportError, AttributeError, TypeError):
        return None
    return total


def _parse_all(sources: Sequence[SourceFile]) -> list[ParseResult]:
    return [parse(source) for source in sources]


def _check_parsed(parsed: Sequence[ParseResult]) -> object:
    diagnostics = [d for p in parsed for d in p.diagnostics]
    return check_files([p.file for p in parsed], diagnostics)


def _pass_breakdown(parsed: Sequence[ParseResult]) -> dict[str, float] | None:
    """Seconds per pass, running the checker's passes as check/__init__.py's _run does."""
    try:
        from schemac.check import shape, symbols
        from schemac.check.context import Context, Options
        from schemac.check.lower import lower
        from schemac.check.rules import RULES
    except ImportError:
        return None
    ctx = Context(Options())
    files = [p.file for p in parsed]
    times: dict[str, float] = {}
    rules: dict[str, float] = {}
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        shape.run(ctx, files)
        times["shape"] = time.perf_counter() - start
        start = time.perf_counter()
        symbols.run(ctx)
        times["names: symbol tables"] = time.perf_counter() - start
        for rule in RULES:
            start = time.perf_counter()
            rule.check(ctx)
            elapsed = time.perf_counter() - start
            key = rule.PASS.name.lower() + ": rules"
            times[key] = times.get(key, 0.0) + elapsed
            rules[rule.__name__.rsplit(".", 1)[-1]] = elapsed
        start = time.perf_counter()
        database = lower(ctx) if not ctx.sink.has_errors else None
        times["lowering"] = time.perf_counter() - start
    finally:
        gc.enable()
    if database is None:
        return None
    for name, elapsed in sorted(rules.items(), key=lambda kv: -kv[1])[:3]:
        times[f"  slowest rule: {name}"] = elapsed
    return times


# --------------------------------------------------------------------------- report


def _fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _print_inputs(inputs: Sequence[Input], tokens: dict[str, int | None]) -> None:
    print(f"{'input':<34} {'files':>5} {'size':>9} {'lines':>8} {'tokens':>9}")
    for item in inputs:
        count = tokens.get(item.label)
        shown = f"{count:,}" if count is not None else "n/a"
        print(
            f"{item.label:<34} {len(item.sources):>5} {item.size / 1e6:>6.2f} MB "
            f"{item.lines:>8,} {shown:>9}"
        )
    print()


def _print_timings(title: str, timings: Sequence[Timing], goal: Timing | None) -> None:
    print(title)
    print(f"  {'measurement':<44} {'best':>9} {'median':>9}  runs  {'cpu best / median':>19}")
    for t in timings:
        median = _fmt_s(t.median) if len(t.runs) > 1 else ""
        line = f"  {t.label:<44} {_fmt_s(t.best):>9} {median:>9}  {len(t.runs):>4}"
        if t.cpu:
            cpu = f"{_fmt_s(min(t.cpu))} / {_fmt_s(statistics.median(t.cpu))}"
            line += f"  {cpu:>19}"
        if t is goal:
            verdict = "ok" if t.best < GOAL_SECONDS else f"{t.best / GOAL_SECONDS:.1f}x over"
            line += f"   goal < {GOAL_SECONDS:.0f} s: {verdict}"
        if t.note:
            line += f"   ({t.note})"
        print(line)


def _print_breakdown(times: dict[str, float] | None) -> None:
    if times is None:
        print("  (pass breakdown unavailable: the checker's internals moved, or it found errors)")
        return
    total = sum(v for k, v in times.items() if not k.startswith("  "))
    for name, elapsed in times.items():
        share = "" if name.startswith("  ") else f"{elapsed / total:>5.0%}"
        print(f"    {name:<42} {_fmt_s(elapsed):>9} {share:>9}")


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores"
        + (f" ({model})" if model else "")
        + f", Python {platform.python_version()}"
    )


def _revision() -> str:
    """Which schemac is measured: its source tree, and the commit when it is a checkout."""
    import schemac

    tree = Path(schemac.__file__).resolve().parents[2]
    result = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tree,
    )
    described = result.stdout.strip() if result.returncode == 0 else "not a git checkout"
    return f"{tree} ({described})"


# ---------------------------------------------------------------------------- steps


def _bench_input(item: Input, runs: int, problems: Problems) -> tuple[list[Timing], Timing]:
    command = [*_schemac_command(), "check", str(item.path)]
    with _bytecode(compiled=False):
        sources = _time_command(
            "schemac check, compiling its modules", command, runs, problems, "checked: no problems"
        )
    with _bytecode(compiled=True):
        full = _time_command(
            "schemac check (subprocess, wall)", command, runs, problems, "checked: no problems"
        )
    parsed = _parse_all(item.sources)
    for result in parsed:
        for diagnostic in result.diagnostics:
            problems.add(f"{item.label}: syntax diagnostic {diagnostic.code}: {diagnostic.message}")
    parse_t = _timed("parse only (in process)", lambda: _parse_all(item.sources), runs)
    result = _check_parsed(parsed)
    for diagnostic in getattr(result, "diagnostics", ()):
        problems.add(f"{item.label}: {diagnostic.code} {diagnostic.message}")
    check_t = _timed("check only: all passes (in process)", lambda: _check_parsed(parsed), runs)
    both = _timed(
        "parse + check (in process)",
        lambda: _check_parsed(_parse_all(item.sources)),
        runs,
    )
    timings = [full, sources, parse_t, check_t, both]
    return timings, full


@contextmanager
def _bytecode(*, compiled: bool) -> Iterator[None]:
    """schemac's modules with their bytecode compiled, as a wheel installs them, or without.

    An editable install has none until a run writes it, and where
    PYTHONDONTWRITEBYTECODE is set (as in the sessions' shells) no run does: each
    command compiles every module it imports, a fixed cost of a quarter of a second
    or more. The goal is measured as installed; without bytecode for comparison.
    Either way, no bytecode of schemac's is left behind.
    """
    import schemac

    package = Path(schemac.__file__).resolve().parent
    if "site-packages" in package.parts:  # an installed schemac: measured as it is
        yield
        return

    def clear() -> None:
        for cache in sorted(package.rglob("__pycache__")):
            shutil.rmtree(cache, ignore_errors=True)

    clear()
    try:
        if compiled:
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(package)], check=True, cwd=ROOT
            )
        yield
    finally:
        clear()


def _startup(runs: int) -> Timing:
    return _time_command(
        "schemac --version (startup: imports)",
        [*_schemac_command(), "--version"],
        runs,
        Problems(),
        "",
    )


def _fmt_check(paths: Sequence[Path], problems: Problems) -> Timing:
    command = [*_schemac_command(), "fmt", "--check", *map(str, paths)]
    return _time_command(
        "schemac fmt --check, both inputs (once)", command, 1, problems, "already formatted"
    )


def _profile(item: Input, top: int) -> None:
    import schemac

    parsed = _parse_all(item.sources)
    files = [p.file for p in parsed]
    diagnostics = [d for p in parsed for d in p.diagnostics]
    trim = (str(Path(schemac.__file__).resolve().parents[1]) + "/", str(ROOT) + "/")
    for what, fn in (
        ("check only (check_files)", lambda: check_files(files, diagnostics)),
        ("parse only", lambda: _parse_all(item.sources)),
    ):
        profiler = cProfile.Profile()
        gc.collect()
        profiler.enable()
        fn()
        profiler.disable()
        print(f"cProfile, {what}, {item.label}: top {top} by total (own) time")
        stats = pstats.Stats(profiler)
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
        print(f"  {'tottime':>8} {'cumtime':>8} {'calls':>9}  function")
        for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in rows:
            where = filename
            for prefix in trim:
                where = where.removeprefix(prefix)
            print(f"  {tottime:>8.3f} {cumtime:>8.3f} {calls:>9}  {where}:{line}({name})")
        print()


def _scaling(columns: int, seed: int, runs: int) -> None:
    print(
        f"Scaling (in process, {columns} columns, best of {runs}): time per table should stay flat"
    )
    print(f"  {'tables':>7} {'parse':>9} {'check':>9} {'parse/table':>12} {'check/table':>12}")
    for tables in (500, 1000, 2000, 4000):
        texts = gen_schema.render_schemac(gen_schema.build(tables, columns, seed), 1, seed)
        sources = [SourceFile(f"scale_{tables}.schema", text) for text in texts.values()]
        parsed = _parse_all(sources)
        p = _timed("parse", lambda s=sources: _parse_all(s), runs).best
        c = _timed("check", lambda pr=parsed: _check_parsed(pr), runs).best
        print(
            f"  {tables:>7} {_fmt_s(p):>9} {_fmt_s(c):>9} "
            f"{p / tables * 1e6:>9.0f} us {c / tables * 1e6:>9.0f} us"
        )
    print()


# A small document first: python-hcl2 builds its parser on first use; that is timed apart.
_HCL2_SCRIPT = """
import sys, time
import hcl2
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
hcl2.loads('a = 1\\n')
warm = time.perf_counter() - start
start = time.perf_counter()
hcl2.loads(text)
print(warm, time.perf_counter() - start)
"""


def _hcl2_python(venv: Path) -> Path | None:
    """The venv's python, with python-hcl2 installed into it on first use."""
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import hcl2"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing {HCL2_REQUIREMENT} into {venv} (not the project's venv)...", flush=True)
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", HCL2_REQUIREMENT],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"  failed: {' '.join(step)}\n{result.stderr[-2000:]}", file=sys.stderr)
            return None
    return python


def _compare_hcl2(args: argparse.Namespace, problems: Problems) -> None:
    tables, columns = args.hcl2_tables, 8
    model = gen_schema.build(tables, columns, args.seed)
    atlas = args.out_dir / f"gen_{tables}x{columns}.atlas.hcl"
    atlas.write_text(gen_schema.render_atlas(model), encoding="utf-8")
    ours = args.out_dir / f"gen_{tables}x{columns}.schema"
    ours.write_text(next(iter(gen_schema.render_schemac(model, 1, args.seed).values())), "utf-8")
    item = _load(f"{tables} tables x {columns} columns", ours)
    print(f"Comparison: the same {tables} tables x {columns} columns")
    print(
        f"  Atlas HCL: {atlas.stat().st_size / 1e6:.2f} MB, {_lines(atlas):,} lines; "
        f".schema: {item.size / 1e6:.2f} MB, {item.lines:,} lines"
    )
    python = _hcl2_python(args.hcl2_venv or args.out_dir / "hcl2-venv")
    hcl2_t = Timing("python-hcl2: hcl2.loads (in its process)")
    if python is not None:
        version = subprocess.run(
            [str(python), "-c", "import importlib.metadata as m; print(m.version('python-hcl2'))"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        hcl2_t.note = f"python-hcl2 {version}"
        for _ in range(args.hcl2_runs):
            try:
                result = subprocess.run(
                    [str(python), "-c", _HCL2_SCRIPT, str(atlas)],
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=args.hcl2_timeout,
                )
            except subprocess.TimeoutExpired:
                print(f"  python-hcl2 took over {args.hcl2_timeout} s; try --hcl2-tables 500")
                break
            if result.returncode != 0:
                problems.add(f"python-hcl2 failed on {atlas}:\n{result.stderr[-2000:]}")
                break
            warm, elapsed = result.stdout.split()[-2:]
            hcl2_t.runs.append(float(elapsed))
            hcl2_t.note = (
                f"python-hcl2 {version}; its first call, on `a = 1`, took {_fmt_s(float(warm))}"
            )
    command = [*_schemac_command(), "check", str(ours)]
    timings = [
        _time_command(
            "schemac check (subprocess, wall)", command, args.runs, problems, "checked: no problems"
        ),
        _timed("schemac parse only (in process)", lambda: _parse_all(item.sources), args.runs),
    ]
    if hcl2_t.runs:
        timings.append(hcl2_t)
    _print_timings("", timings, None)
    if hcl2_t.runs:
        ratio = hcl2_t.best / timings[1].best
        print(f"  python-hcl2 parsing takes {ratio:.0f}x as long as schemac's parser here")
    print()


def _lines(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("\n")


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--files", type=int, default=20, help="files of the split input")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where inputs are written")
    parser.add_argument("--profile", action="store_true", help="cProfile parse and check")
    parser.add_argument("--top", type=int, default=15, help="functions the profile lists")
    parser.add_argument("--scaling", action="store_true", help="time per table at 4 sizes")
    parser.add_argument("--compare-hcl2", action="store_true", help="time python-hcl2 too")
    parser.add_argument("--hcl2-tables", type=int, default=None, help="tables for python-hcl2")
    parser.add_argument("--hcl2-runs", type=int, default=1)
    parser.add_argument("--hcl2-timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--hcl2-venv", type=Path, help="default: OUT_DIR/hcl2-venv")
    args = parser.parse_args(argv)
    args.hcl2_tables = args.hcl2_tables or args.tables
    out = args.out_dir = args.out_dir.resolve()
    out.mkdir(parents=True, exist_ok=True)

    problems = Problems()
    # Before anything else parses: the cost of loading the LALR tables, paid once a process.
    first = _timed(
        "first parse in a process (empty input)",
        lambda: parse(SourceFile("<warm-up>", "")),
        1,
        "loads the LALR tables",
    )
    shape = f"{args.tables}x{args.columns}"
    single = out / f"gen_{shape}.schema"
    split = out / f"gen_{shape}_{args.files}files"
    opts = {"tables": args.tables, "columns": args.columns, "seed": args.seed}
    gen_schema.write(single, files=1, **opts)
    gen_schema.write(split, files=args.files, **opts)
    inputs = [
        _load(f"{args.tables} tables x {args.columns} columns", single),
        _load(f"same, split over {args.files} files", split),
    ]

    print(f"schemac check benchmark, {datetime.date.today()}, {_machine()}")
    print(f"schemac from {_revision()}")
    print(f"inputs in {out}, seed {args.seed}; goal: the whole command under {GOAL_SECONDS:.0f} s")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # Then no module's bytecode is kept: each command compiles schemac's sources
        # again (an installed wheel has them compiled), a part of every figure.
        print("PYTHONDONTWRITEBYTECODE is set: each command compiles the modules it imports")
    print()
    _print_inputs(inputs, {i.label: _count_tokens(i.sources) for i in inputs})

    startup = _startup(args.runs)
    fmt = _fmt_check([single, split], problems)
    _print_timings("Process", [startup, first, fmt], None)
    print()
    for item in inputs:
        timings, full = _bench_input(item, args.runs, problems)
        _print_timings(f"{item.label} ({item.path.name})", timings, full)
        parsed = _parse_all(item.sources)
        print("  check, pass by pass (one run):")
        _print_breakdown(_pass_breakdown(parsed))
        print()

    if args.scaling:
        _scaling(args.columns, args.seed, min(args.runs, 3))
    if args.profile:
        _profile(inputs[0], args.top)
    if args.compare_hcl2:
        _compare_hcl2(args, problems)
    if problems.items:
        print(
            f"{len(problems.items)} problem(s) with the generated input: see above", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
