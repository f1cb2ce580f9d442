"""Golden cases, discovered from folders: a new case needs no Python.

check/<case>.schema (or a folder of .schema files, checked as one schema) is checked
and its rendered diagnostics compared with <case>.out (or <case>/expected.out).
fmt/<case>.schema is formatted and compared with <case>.formatted; the result must
format to itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.diagnostics import catalog
from schemac.diagnostics.render import render_text
from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file

HERE = Path(__file__).parent
CHECK = HERE / "check"
FMT = HERE / "fmt"


def _check_cases() -> list[Path]:
    files = sorted(CHECK.glob("*.schema"))
    folders = sorted(p for p in CHECK.iterdir() if p.is_dir())
    return files + folders


def _render_case(case: Path) -> str:
    if case.is_dir():
        paths = sorted(case.rglob("*.schema"))
        sources = [
            SourceFile(f"{case.name}/{p.relative_to(case)}", p.read_text(encoding="utf-8"))
            for p in paths
        ]
    else:
        sources = [SourceFile(case.name, case.read_text(encoding="utf-8"))]
    result = check_sources(sources)
    text = "\n\n".join(render_text(d) for d in result.diagnostics)
    return text + "\n" if text else "(no diagnostics)\n"


def _expected_path(case: Path) -> Path:
    return case / "expected.out" if case.is_dir() else case.with_suffix(".out")


@pytest.mark.parametrize("case", _check_cases(), ids=lambda p: p.stem)
def test_check(case: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden(_expected_path(case), _render_case(case))


def test_every_code_has_a_golden_case() -> None:
    seen: set[str] = set()
    for case in _check_cases():
        path = _expected_path(case)
        if path.exists():
            text = path.read_text(encoding="utf-8")
            seen.update(code for code in catalog.CODES if f"[{code}]" in text)
    for path in (HERE / "compile").glob("*/*/expected.out"):
        text = path.read_text(encoding="utf-8")
        seen.update(code for code in catalog.CODES if f"[{code}]" in text)
    missing = sorted(set(catalog.CODES) - seen)
    assert not missing, f"codes without a golden case in tests/golden/check or compile: {missing}"


@pytest.mark.parametrize("case", sorted(FMT.glob("*.schema")), ids=lambda p: p.stem)
def test_fmt(case: Path, golden) -> None:  # type: ignore[no-untyped-def]
    source = SourceFile(case.name, case.read_text(encoding="utf-8"))
    parsed = parse(source)
    assert parsed.ok, [d.message for d in parsed.diagnostics]
    formatted = format_file(parsed.file)
    golden(case.with_suffix(".formatted"), formatted)
    again = parse(SourceFile(case.name, formatted))
    assert format_file(again.file) == formatted, "formatting is not idempotent"
    assert again.file == parsed.file, "formatting changed the meaning"
