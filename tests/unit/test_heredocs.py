"""Heredocs: the parser, the formatter and the schema writer share one reading of `<<-`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemac.syntax.literals import common_indent, decode_heredoc
from schemac.syntax.printer import format_heredoc
from schemac.writer.values import heredoc


@pytest.mark.parametrize(
    ("lines", "indent"),
    [
        ([], ""),
        (["", "   "], ""),
        (["a", "  b"], ""),
        (["    a", "  b", "      c"], "  "),
        (["  a", "", "    ", "  b"], "  "),  # blank lines do not count
        (["\t  a", "\t b"], "\t "),  # tabs and spaces: the common prefix, not a width
        (["\ta", "  b"], ""),
    ],
)
def test_common_indent(lines: list[str], indent: str) -> None:
    assert common_indent(lines) == indent


def test_strip_removes_the_common_indent_and_blanks_whitespace_lines() -> None:
    text = "<<-EOT\n    SELECT 1\n      FROM t\n   \n    WHERE x\n  EOT"
    assert decode_heredoc(text) == ("SELECT 1\n  FROM t\n\nWHERE x", "EOT", True, True)


@pytest.mark.parametrize("strip", [True, False])
@pytest.mark.parametrize("indent", [0, 1, 3])
def test_format_heredoc_reads_back(strip: bool, indent: int) -> None:
    value = "SELECT a,\n  b\n\nFROM t"
    text = format_heredoc(value, "SQL", strip=strip, indent=indent)
    assert text.startswith(f"<<{'-' if strip else ''}SQL\n")
    assert text.endswith("\n" + "  " * indent + "SQL")
    assert decode_heredoc(text) == (value, "SQL", strip, True)


# Lines of SQL-like text: indented or not, some blank, none ending the heredoc early.
_LINE = st.text(alphabet=" \tabcxyz(),;'", max_size=12)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=6), indent=st.integers(0, 4))
def test_what_the_writer_chooses_reads_back_exactly(lines: list[str], indent: int) -> None:
    """The writer picks `<<-` only where stripping loses nothing; the parser agrees."""
    value = "\n".join(lines)
    doc = heredoc(value, "SQL")
    if doc is None:  # no heredoc holds it exactly (the writer quotes it instead)
        return
    text = format_heredoc(doc.text, doc.tag, strip=doc.strip, indent=indent)
    assert decode_heredoc(text)[0] == value
