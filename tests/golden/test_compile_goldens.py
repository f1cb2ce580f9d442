"""Golden compile cases, discovered from folders: a new case needs no Python.

compile/<dialect>/<case>/ holds `input.schema` (or a folder `input/` of .schema files,
one schema), optionally `args` (extra command-line options, such as `--schema tenant`),
and the expected result: `expected.sql` when it compiles, or `expected.out` (the
rendered diagnostics) when it does not. tests/integration loads every expected.sql into
PostgreSQL and compares the catalogs with the schema.
"""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from schemac.commands.compile import compile_command

HERE = Path(__file__).parent
COMPILE = HERE / "compile"


def compile_cases() -> list[Path]:
    return sorted(p for p in COMPILE.glob("*/*") if p.is_dir())


def case_input(case: Path) -> Path:
    folder = case / "input"
    return folder if folder.is_dir() else case / "input.schema"


def case_args(case: Path) -> list[str]:
    path = case / "args"
    return shlex.split(path.read_text(encoding="utf-8")) if path.exists() else []


def run_case(case: Path) -> tuple[int, str, str]:
    """Compile a case as the CLI would: (exit code, stdout, stderr)."""
    args = case_args(case)
    schema = args[args.index("--schema") + 1] if "--schema" in args else None
    out, err = io.StringIO(), io.StringIO()
    code = compile_command(
        [str(case_input(case))],
        dialect=case.parent.name,
        schema=schema,
        out=out,
        err=err,
    )
    root = str(case) + "/"
    return code, out.getvalue(), err.getvalue().replace(root, "")


@pytest.mark.parametrize("case", compile_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_compile(case: Path, golden) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_case(case)
    if (case / "expected.out").exists() or code != 0:
        assert code == 1, err
        assert not out
        golden(case / "expected.out", err)
        assert not (case / "expected.sql").exists(), "a failing case has an expected.sql"
    else:
        golden(case / "expected.sql", out)
        assert not err, f"a compiling case should draw no warnings:\n{err}"


def test_compiling_twice_gives_the_same_bytes() -> None:
    for case in compile_cases():
        assert run_case(case) == run_case(case), case.name
