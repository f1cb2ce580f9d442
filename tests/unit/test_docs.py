"""The documentation stays true to the code: every code, kind and attribute is documented,
and every example in the language reference checks clean and is formatted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.check.spec import all_attribute_names, all_block_kinds
from schemac.diagnostics import catalog
from schemac.diagnostics.render import render_text
from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_code_is_documented() -> None:
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### ([EW]\d{4}) (.+)$", text, re.MULTILINE)
    documented = dict(headings)
    assert set(documented) == set(catalog.CODES)
    for code, summary in catalog.CODES.items():
        assert documented[code] == summary, code


def _language() -> str:
    return (DOCS / "language.md").read_text(encoding="utf-8")


def _examples() -> list[str]:
    path = DOCS / "language.md"
    if not path.exists():
        return []
    return re.findall(r"```schema\n(.*?)```", _language(), re.DOTALL)


def test_every_kind_and_attribute_is_documented() -> None:
    text = _language()
    missing = [k for k in all_block_kinds() if f"`{k}`" not in text]
    missing += [a for a in all_attribute_names() if f"`{a}`" not in text]
    assert not missing, f"not in docs/language.md: {missing}"


@pytest.mark.parametrize("index", range(len(_examples())))
def test_language_examples_check_and_are_formatted(index: int) -> None:
    text = _examples()[index]
    source = SourceFile(f"language.md example {index + 1}", text)
    result = check_sources([source])
    errors = [d for d in result.diagnostics if d.is_error]
    assert not errors, "\n\n".join(render_text(d) for d in errors) + "\n\n" + text
    assert format_file(parse(source).file) == text, f"example {index + 1} is not formatted"
