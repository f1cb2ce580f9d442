"""Source files and spans: offsets into a file, turned into lines and columns only to render."""

from __future__ import annotations

import bisect
import re
import unicodedata

from schemac.records import record

__all__ = ["SourceFile", "Span", "display_width"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class SourceFile:
    """The text of one input, with a lazily built line table.

    Identity is the object itself: two reads of one path are two files.

    A file may be a piece of a larger document (an editor keeps a big file in pieces,
    so that a change re-parses only its piece): ``first_line`` is the 0-based line of
    the document the piece starts at, and moves when lines above it are added or removed.
    """

    __slots__ = ("_line_starts", "first_line", "name", "surrogates", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.first_line = 0
        # Lone UTF-16 surrogates (possible in text from an editor, never in UTF-8
        # files) cannot be printed or encoded: each becomes U+FFFD, at the same offset,
        # and the parser reports where they were.
        self.surrogates: tuple[int, ...] = ()
        if not text.isascii() and _SURROGATE.search(text):
            self.surrogates = tuple(m.start() for m in _SURROGATE.finditer(text))
            text = _SURROGATE.sub("\ufffd", text)
        self.text = text
        self._line_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"SourceFile({self.name!r})"

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            find = text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        starts = self.line_starts
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def line_count(self) -> int:
        return len(self.line_starts)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def line_start(self, line: int) -> int:
        return self.line_starts[line - 1]


@record(kw_only=False)
class Span:
    """A half-open range of character offsets in one file."""

    start: int
    end: int
    file: SourceFile

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of ``other``."""
        return Span(self.start, other.end, self.file)

    @property
    def text(self) -> str:
        return self.file.text[self.start : self.end]

    def start_line_col(self) -> tuple[int, int]:
        return self.file.line_col(self.start)

    def end_line_col(self) -> tuple[int, int]:
        return self.file.line_col(self.end)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
