"""Offsets in our files to LSP positions and back, in the encoding the client agreed to."""

from __future__ import annotations

from lsprotocol import types

from schemac.source import SourceFile, Span

__all__ = ["Codec"]


class Codec:
    """Columns counted in UTF-16 code units (LSP's default), UTF-8 bytes or code points."""

    __slots__ = ("encoding",)

    def __init__(self, encoding: str = "utf-16") -> None:
        self.encoding = encoding

    def _units(self, text: str) -> int:
        if text.isascii() or self.encoding == "utf-32":
            return len(text)
        if self.encoding == "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, file: SourceFile, offset: int) -> types.Position:
        line, col = file.line_col(offset)
        start = file.line_start(line)
        return types.Position(
            line=file.first_line + line - 1,  # a piece of a file starts at its first_line
            character=self._units(file.text[start : start + col - 1]),
        )

    def range(self, span: Span) -> types.Range:
        return types.Range(
            start=self.position(span.file, span.start), end=self.position(span.file, span.end)
        )

    def offset(self, file: SourceFile, position: types.Position) -> int:
        """The offset of a position; past the end of a line or the file, the end of it."""
        starts = file.line_starts
        if position.line >= len(starts):
            return len(file.text)
        start = starts[position.line]
        end = starts[position.line + 1] - 1 if position.line + 1 < len(starts) else len(file.text)
        line = file.text[start:end]
        if line.isascii() or self.encoding == "utf-32":
            return start + min(position.character, len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= position.character:
                return start + i
            units += self._units(ch)
        return end
