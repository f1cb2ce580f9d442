"""The editor's analysis (files shaped one by one, then the passes) reports what `check` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemac.check import analyze, check_sources, shape_file
from schemac.diagnostics import Diagnostic
from schemac.inputs import read_file, schema_files
from schemac.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tests" / "golden" / "check"
CASES = [
    *sorted(CHECK.glob("*.schema")),
    *sorted(p for p in CHECK.iterdir() if p.is_dir()),
    *sorted((ROOT / "examples").iterdir()),
]


def _key(d: Diagnostic) -> tuple[object, ...]:
    span = d.primary.span
    return (
        d.code,
        d.severity,
        d.message,
        span.file.name,
        span.start,
        span.end,
        d.primary.message,
        d.help,
        tuple((lb.span.file.name, lb.span.start, lb.span.end, lb.message) for lb in d.secondary),
    )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_same_diagnostics_as_check(case: Path) -> None:
    sources = [read_file(p) for p in schema_files(case)]
    expected = check_sources(sources)
    shaped = []
    for source in sources:
        parsed = parse(source)
        shaped.append(shape_file(parsed.file, parsed.diagnostics))
    result, ctx = analyze(shaped)
    assert [_key(d) for d in result.diagnostics] == [_key(d) for d in expected.diagnostics]
    assert result.truncated == expected.truncated
    assert result.database is None  # the editor does not lower
    if expected.ok:
        lowered, _ = analyze(shaped, lower_ir=True)
        assert lowered.database == expected.database
    assert len(ctx.tables) == len([t for s in shaped for t in s.context.tables])


def test_shaped_files_are_reused() -> None:
    """Analysing twice over the same shaped files gives the same result: shape is not redone."""
    sources = [read_file(p) for p in schema_files(ROOT / "examples" / "saas")]
    shaped = [shape_file(parse(s).file, parse(s).diagnostics) for s in sources]
    first, _ = analyze(shaped)
    second, _ = analyze(shaped)
    assert [_key(d) for d in first.diagnostics] == [_key(d) for d in second.diagnostics]
