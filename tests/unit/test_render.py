"""Rendering: carets under the exact columns, gutters, secondary labels, colour only when asked."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label, Severity
from schemac.diagnostics.render import Style, render_text
from schemac.source import SourceFile, Span


def _diagnostic(
    file: SourceFile, start: int, end: int, secondary: tuple[Label, ...] = ()
) -> Diagnostic:
    return Diagnostic(
        code="E0000",
        severity=Severity.ERROR,
        message="something",
        primary=Label(span=Span(start, end, file), message="here"),
        secondary=secondary,
        help="do this",
    )


def test_caret_under_span() -> None:
    file = SourceFile("f.schema", "a = 1\nbee = twelve\n")
    start = file.text.index("twelve")
    text = render_text(_diagnostic(file, start, start + 6))
    assert text.splitlines() == [
        "error[E0000]: something",
        " --> f.schema:2:7",
        "  |",
        "2 | bee = twelve",
        "  |       ^^^^^^ here",
        "  |",
        "  = help: do this",
    ]


def test_tabs_and_wide_characters_keep_alignment() -> None:
    file = SourceFile("f.schema", "\tcafé 表 = x\n")
    start = file.text.index("x")
    lines = render_text(_diagnostic(file, start, start + 1)).splitlines()
    source_line, marks = lines[3], lines[4]
    assert source_line == "1 |     café 表 = x"
    assert marks.index("^") == source_line.index("x") + 1  # the wide 表 takes two columns


def test_secondary_label_in_another_file() -> None:
    a = SourceFile("a.schema", "x\n")
    b = SourceFile("b.schema", "y\n")
    text = render_text(_diagnostic(a, 0, 1, (Label(span=Span(0, 1, b), message="first"),)))
    assert " ::: b.schema:1:1" in text
    assert "- first" in text


def test_colour_only_when_asked() -> None:
    file = SourceFile("f.schema", "x\n")
    plain = render_text(_diagnostic(file, 0, 1))
    coloured = render_text(_diagnostic(file, 0, 1), Style(color=True))
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
