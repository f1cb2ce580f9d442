"""The contextual lexer: the grammar's terminals, and the choices that need the parser state."""

from __future__ import annotations

import re

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.source import SourceFile, Span
from schemac.syntax.ast import Comment

__all__ = ["KEYWORDS", "Lexer", "Token"]

KEYWORDS = {"true": "TRUE", "false": "FALSE", "null": "NULL"}
_OPEN = frozenset(("LSQB", "LPAR"))
_CLOSE = frozenset(("RSQB", "RPAR"))
_SINGLE_QUOTED = re.compile(r"'[^'\n]*'")
_TRAILING_CLOSERS = " \t\r}])"


def _closed(string: str) -> bool:
    """Whether a STRING token ends with its closing quote (not an escaped one)."""
    if len(string) < 2 or string[-1] != '"':
        return False
    backslashes = len(string) - 1 - len(string[:-1].rstrip("\\"))
    return backslashes % 2 == 0


class Token:
    """A terminal: its grammar name, its text and its offsets."""

    __slots__ = ("end", "start", "text", "type")

    def __init__(self, type: str, text: str, start: int, end: int) -> None:
        self.type = type
        self.text = text
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.type}, {self.text!r}, {self.start})"


class Lexer:
    """Yields tokens one at a time; the driver passes the actions of its current state.

    Newlines inside `(...)` and `[...]` are dropped, and a run of newlines, blank lines
    and comment-only lines becomes one `_NL` token. Comments are collected for the
    formatter.
    """

    __slots__ = (
        "_blank",
        "_match",
        "_seen_until",
        "comments",
        "depth",
        "diagnostics",
        "file",
        "n",
        "pos",
        "text",
    )

    def __init__(self, file: SourceFile, regex: re.Pattern[str], blank: re.Pattern[str]) -> None:
        self.file = file
        self.text = file.text
        self.n = len(self.text)
        self.pos = 0
        self.depth = 0
        self.comments: list[Comment] = []
        self.diagnostics: list[Diagnostic] = []
        self._match = regex.match
        self._blank = blank.match
        self._seen_until = 0  # comments and bad characters before this were recorded

    def rewind(self, pos: int) -> None:
        """Lex again from ``pos`` (an earlier line start), outside any brackets."""
        self._seen_until = max(self._seen_until, self.pos)
        self.pos = pos
        self.depth = 0

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.file)

    def next(self, accepts: dict[str, int]) -> Token | None:
        """The next significant token, or None at the end of the input."""
        text = self.text
        match = self._match
        pos = self.pos
        nl: Token | None = None
        while True:
            m = match(text, pos)
            if m is None:
                blank = self._blank(text, pos)
                end = blank.end() if blank is not None else pos
                if end >= self.n:
                    self.pos = self.n
                    return nl
                quoted = _SINGLE_QUOTED.match(text, end)
                if quoted is None:
                    pos = self._invalid(end)
                    continue
                if nl is not None:
                    self.pos = end
                    return nl
                # 'text' is reported once and read as a string, so parsing goes on.
                if end >= self._seen_until:
                    self.diagnostics.append(cat.single_quoted_string(self.span(end, quoted.end())))
                self.pos = quoted.end()
                return Token("STRING", quoted.group(), end, quoted.end())
            kind = m.lastgroup
            assert kind is not None
            start, pos = m.span(kind)
            if kind == "NAME":
                if nl is not None:
                    self.pos = start
                    return nl
                self.pos = pos
                value = text[start:pos]
                keyword = KEYWORDS.get(value)
                if keyword is not None and keyword in accepts:
                    return Token(keyword, value, start, pos)
                return Token(kind, value, start, pos)
            if kind == "_NL":
                if self.depth == 0:
                    if nl is None:
                        nl = Token("_NL", "", start, pos)
                    else:
                        nl.end = pos
                continue
            if kind == "COMMENT":
                self._comment(start, pos)
                continue
            if nl is not None:
                self.pos = start
                return nl
            value = text[start:pos]
            if kind == "STRING" and not _closed(value):
                # An unclosed string runs to the end of its line; brackets that end the
                # line were most likely meant to close what the string stands in.
                trimmed = value.rstrip(_TRAILING_CLOSERS)
                if 1 <= len(trimmed) < len(value):
                    value = trimmed
                    pos = start + len(value)
            elif kind in _OPEN:
                self.depth += 1
            elif kind in _CLOSE:
                if self.depth:
                    self.depth -= 1
            elif kind == "ARRAY_SUFFIX" and kind not in accepts and "LSQB" in accepts:
                kind, value, pos = "LSQB", "[", start + 1
                self.depth += 1
            self.pos = pos
            return Token(kind, value, start, pos)

    def _comment(self, start: int, end: int) -> None:
        if start < self._seen_until:
            return
        text = self.text[start:end]
        # Trailing blanks (and the \r of a CRLF line end) are not part of a comment.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        self.comments.append(Comment(text=text, span=self.span(start, start + len(text.rstrip()))))
        if text.startswith("/*") and not (len(text) >= 4 and text.endswith("*/")):
            self.diagnostics.append(cat.unclosed_comment(self.span(start, start + 2)))

    def _invalid(self, pos: int) -> int:
        """Report characters no terminal matches; return where lexing resumes."""
        text = self.text
        end = pos + 1
        while end < self.n and text[end] not in " \t\n'" and self._match(text, end) is None:
            end += 1
        if pos < self._seen_until:
            return end
        self.diagnostics.append(cat.invalid_character(self.span(pos, end), text[pos:end]))
        return end
