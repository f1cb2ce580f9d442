"""Every example checks clean, is in canonical form, and formats stably."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.diagnostics.render import render_text
from schemac.inputs import read_file, schema_files
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCHEMAS = sorted(EXAMPLES.iterdir())
FILES = sorted(EXAMPLES.rglob("*.schema"))


def test_there_are_three_examples() -> None:
    assert len(SCHEMAS) >= 3


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_example_checks_clean(path: Path) -> None:
    result = check_sources([read_file(p) for p in schema_files(path)])
    assert not result.diagnostics, "\n\n".join(render_text(d) for d in result.diagnostics)
    assert result.database is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_is_formatted(path: Path) -> None:
    source = read_file(path)
    parsed = parse(source)
    formatted = format_file(parsed.file)
    assert formatted == source.text, f"{path} is not in canonical form; run `schemac fmt`"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_format_round_trip(path: Path) -> None:
    source = read_file(path)
    parsed = parse(source)
    once = format_file(parsed.file)
    reparsed = parse(type(source)(source.name, once))
    assert reparsed.file == parsed.file  # spans aside, the same tree
    assert format_file(reparsed.file) == once  # idempotent


def test_file_order_does_not_matter() -> None:
    paths = schema_files(EXAMPLES / "saas")
    forward = check_sources([read_file(p) for p in paths]).database
    backward = check_sources([read_file(p) for p in reversed(paths)]).database
    assert forward is not None
    assert forward == backward
