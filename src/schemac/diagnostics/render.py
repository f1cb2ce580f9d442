"""Rendering diagnostics: rustc/ruff-style text for people, JSON for tools."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from schemac.diagnostics import Diagnostic, Label, Severity
from schemac.source import SourceFile, Span, display_width

__all__ = ["Style", "render_json", "render_text", "style_for", "to_json_data"]

# Source lines this far apart (or less) are shown with the lines between them.
_GAP = 3
_TAB = "    "


@dataclass(frozen=True, slots=True)
class Style:
    """ANSI colours, or none. Colour is decided by the caller (only on a TTY).

    With colour, source lines are highlighted by the `.schema` lexer (schemac.highlight);
    without, they are printed as they are.
    """

    color: bool = False

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def severity(self, severity: Severity, text: str) -> str:
        return self.paint(text, "1;31" if severity is Severity.ERROR else "1;33")

    def error(self, text: str) -> str:
        return self.paint(text, "1;31")

    def gutter(self, text: str) -> str:
        return self.paint(text, "1;34")

    def bold(self, text: str) -> str:
        return self.paint(text, "1")

    def source(self, file: SourceFile, line: int) -> str:
        """A 1-based line of a file as shown: tabs expanded, trailing blanks dropped."""
        if not self.color:
            return _expand(file.line_text(line)).rstrip()
        # Pygments is imported only when colour is on.
        from schemac.highlight import highlight_line  # noqa: PLC0415

        return highlight_line(file, line, _TAB)


def style_for(choice: str, stream: TextIO) -> Style:
    """The style of `--color auto|always|never` on ``stream`` (auto: a terminal, no NO_COLOR)."""
    if choice == "always":
        return Style(color=True)
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return Style(color=False)
    return Style(color=stream.isatty())


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int
    start_col: int  # display columns, 0-based
    width: int
    message: str
    primary: bool


def _location(span: Span) -> str:
    line, col = span.start_line_col()
    return f"{span.file.name}:{line}:{col}"


def _expand(text: str) -> str:
    return text.replace("\t", _TAB)


def _marks(file: SourceFile, labels: Iterable[tuple[Label, bool]]) -> list[_Mark]:
    marks: list[_Mark] = []
    for label, primary in labels:
        span = label.span
        line, col = file.line_col(span.start)
        text = file.line_text(line)
        prefix = text[: col - 1]
        end_line, end_col = file.line_col(max(span.end, span.start))
        covered = text[col - 1 : end_col - 1] if end_line == line else text[col - 1 :]
        start = display_width(_expand(prefix))
        width = max(1, display_width(_expand(covered)))
        marks.append(_Mark(line, start, width, label.message, primary))
    return marks


def _snippet(
    file: SourceFile, marks: list[_Mark], severity: Severity, style: Style, pad: int
) -> list[str]:
    out: list[str] = []
    lines = sorted({m.line for m in marks})
    shown: list[int] = []
    for line in lines:
        if shown and line - shown[-1] <= _GAP:
            shown.extend(range(shown[-1] + 1, line + 1))
        elif not shown or line != shown[-1]:
            shown.append(line)
    bar = style.gutter(" " * pad + " |")
    out.append(bar)
    previous = None
    for line in shown:
        if previous is not None and line != previous + 1:
            out.append(style.gutter("..."))
        previous = line
        number = str(line).rjust(pad)
        out.append(f"{style.gutter(number + ' |')} {style.source(file, line)}".rstrip())
        line_marks = sorted((m for m in marks if m.line == line), key=lambda m: m.start_col)
        for mark in line_marks:
            char = "^" if mark.primary else "-"
            underline = " " * mark.start_col + char * mark.width
            paint = (lambda t: style.severity(severity, t)) if mark.primary else style.gutter
            tail = f" {mark.message}" if mark.message else ""
            out.append(f"{bar} {paint(underline + tail)}".rstrip())
    return out


def render_text(diagnostic: Diagnostic, style: Style | None = None) -> str:
    """One diagnostic as text, ending without a newline."""
    style = style or Style()
    severity = diagnostic.severity
    head = style.severity(severity, f"{severity.value}[{diagnostic.code}]")
    lines = [f"{head}{style.bold(': ' + diagnostic.message)}"]
    primary_file = diagnostic.primary.span.file
    labels: list[tuple[Label, bool]] = [(diagnostic.primary, True)]
    labels += [(label, False) for label in diagnostic.secondary]
    by_file: dict[SourceFile, list[tuple[Label, bool]]] = {}
    for label, primary in labels:
        by_file.setdefault(label.span.file, []).append((label, primary))
    all_lines = [label.span.start_line_col()[0] for label, _ in labels]
    pad = len(str(max(all_lines)))
    arrow = style.gutter(" " * pad + "-->")
    lines.append(f"{arrow} {_location(diagnostic.primary.span)}")
    lines += _snippet(
        primary_file, _marks(primary_file, by_file[primary_file]), severity, style, pad
    )
    for file, file_labels in by_file.items():
        if file is primary_file:
            continue
        first = min((label.span for label, _ in file_labels), key=lambda s: s.start)
        lines.append(f"{style.gutter(' ' * pad + ':::')} {_location(first)}")
        lines += _snippet(file, _marks(file, file_labels), severity, style, pad)
    if diagnostic.help:
        lines.append(style.gutter(" " * pad + " |"))
        help_lines = diagnostic.help.split("\n")
        lines.append(f"{' ' * pad} {style.gutter('=')} {style.bold('help')}: {help_lines[0]}")
        lines += [f"{' ' * (pad + 9)}{rest}" for rest in help_lines[1:]]
    return "\n".join(lines)


def _position(span: Span) -> dict[str, object]:
    line, col = span.start_line_col()
    end_line, end_col = span.end_line_col()
    return {
        "file": span.file.name,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
    }


def to_json_data(diagnostic: Diagnostic) -> dict[str, object]:
    """The data of a diagnostic: positions are 1-based; ends are exclusive."""
    data: dict[str, object] = _position(diagnostic.primary.span)
    data.update(
        {
            "code": diagnostic.code,
            "severity": diagnostic.severity.value,
            "message": diagnostic.message,
            "help": diagnostic.help,
            "labels": [
                {**_position(label.span), "message": label.message, "primary": primary}
                for label, primary in [(diagnostic.primary, True)]
                + [(s, False) for s in diagnostic.secondary]
            ],
            "fixes": [
                {
                    "title": fix.title,
                    "edits": [
                        {**_position(edit.span), "replacement": edit.replacement}
                        for edit in fix.edits
                    ],
                }
                for fix in diagnostic.fixes
            ],
        }
    )
    return data


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([to_json_data(d) for d in diagnostics], indent=2, ensure_ascii=False)
