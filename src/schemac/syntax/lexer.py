"""The contextual lexer: the grammar's terminals, and the choices that need the parser state."""

from __future__ import annotations

import re
from collections.abc import Callable

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.source import SourceFile, Span
from schemac.syntax.ast import Comment
from schemac.syntax.literals import decode_heredoc, string_closed

__all__ = ["KEYWORDS", "Lexer", "Token", "comment_node"]

KEYWORDS = {"true": "TRUE", "false": "FALSE", "null": "NULL"}
_OPEN = frozenset(("LSQB", "LPAR"))
_CLOSE = frozenset(("RSQB", "RPAR"))
_RARE = frozenset(("STRING", "HEREDOC", "ARRAY_SUFFIX")) | _OPEN | _CLOSE
_SINGLE_QUOTED = re.compile(r"'[^'\n]*'")
# An unclosed string runs to the end of its line; brackets that end the line were most
# likely meant to close what the string stands in, or to open a body.
_TRAILING_BRACKETS = " \t\r}]){"
# Characters read as what they were surely meant to be, after an error: `a: 1` and
# `a = 1; b = 2` parse as `a = 1` and `a = 1, b = 2`.
_STAND_INS = {":": "_EQ", ";": "_COMMA"}


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


def comment_node(file: SourceFile, start: int, end: int) -> tuple[Comment, bool]:
    """A COMMENT token as a node, and whether it is closed (only `/*` can be left open)."""
    text = file.text[start:end]
    # Trailing blanks (and the \r of a CRLF line end) are not part of a comment.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    comment = Comment(text=text, span=Span(start, start + len(text.rstrip()), file))
    closed = not text.startswith("/*") or (len(text) >= 4 and text.endswith("*/"))
    return comment, closed


class Lexer:
    """Yields tokens one at a time; the driver passes the actions of its current state.

    Newlines inside `(...)` and `[...]` are dropped, and a run of newlines, blank lines
    and comment-only lines becomes one `_NL` token. Comments are collected for the
    formatter.
    """

    __slots__ = (
        "_blank",
        "_inject",
        "_match",
        "_queue",
        "_seen_until",
        "comments",
        "depth",
        "diagnostics",
        "file",
        "n",
        "pos",
        "text",
    )

    def __init__(
        self,
        file: SourceFile,
        regex: re.Pattern[str],
        blank: re.Pattern[str],
        inject: int | None = None,
    ) -> None:
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
        # A `}` (and a new line) to insert before the first token at this offset.
        self._inject = inject
        self._queue: list[Token] = []

    def rewind(self, pos: int) -> None:
        """Lex again from ``pos`` (an earlier line start), outside any brackets."""
        self._seen_until = max(self._seen_until, self.pos)
        self.pos = pos
        self.depth = 0
        self._queue.clear()

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.file)

    def reader(self) -> Callable[[dict[str, int]], Token | None]:
        """The function that yields tokens: the plain one unless a `}` is to be put in."""
        return self.next if self._inject is not None else self._next

    def next(self, accepts: dict[str, int]) -> Token | None:
        """The next significant token, or None at the end of the input."""
        if self._queue:
            return self._queue.pop(0)
        token = self._next(accepts)
        inject = self._inject
        if (
            inject is not None
            and (token is None or token.start >= inject)
            and (token is None or token.type != "_NL")
        ):
            self._inject = None
            self._queue = [Token("_NL", "", inject, inject)]
            if token is not None:
                self._queue.append(token)
            return Token("RBRACE", "}", inject, inject)
        return token

    def _next(self, accepts: dict[str, int]) -> Token | None:
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
                if nl is not None:
                    self.pos = end
                    return nl
                return self._irregular(end)
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
            if kind in _RARE and (
                kind != "STRING" or value[-1] != '"' or len(value) < 2 or value[-2] == "\\"
            ):
                return self._rare(kind, value, start, pos, accepts)
            self.pos = pos
            return Token(kind, value, start, pos)

    def _rare(self, kind: str, value: str, start: int, pos: int, accepts: dict[str, int]) -> Token:
        """Tokens that need more than reading: brackets, and strings that may be broken."""
        if kind == "STRING":
            if not string_closed(value):
                trimmed = value.rstrip(_TRAILING_BRACKETS)
                if 1 <= len(trimmed) < len(value):
                    value = trimmed
                    pos = start + len(value)
                self._report(start, cat.unclosed_string(self.span(start, pos)))
        elif kind == "HEREDOC":
            _, tag, strip, closed = decode_heredoc(value)
            if not closed:
                opener = self.span(start, start + len(tag) + (3 if strip else 2))
                self._report(start, cat.unclosed_heredoc(opener, tag))
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
        comment, closed = comment_node(self.file, start, end)
        self.comments.append(comment)
        if not closed:
            self._report(start, cat.unclosed_comment(self.span(start, start + 2)))

    def _report(self, at: int, diagnostic: Diagnostic) -> None:
        """Record a diagnostic once, even when a line is lexed again after a rewind."""
        if at >= self._seen_until:
            self.diagnostics.append(diagnostic)

    def _irregular(self, pos: int) -> Token:
        """Characters no terminal matches: reported, then read as what they likely mean.

        'text' is read as a string, `:` as `=`, `;` as `,`; anything else becomes an
        INVALID token, which the parser drops with the item it stands in.
        """
        text = self.text
        quoted = _SINGLE_QUOTED.match(text, pos)
        if quoted is not None:
            self._report(pos, cat.single_quoted_string(self.span(pos, quoted.end())))
            self.pos = quoted.end()
            return Token("STRING", quoted.group(), pos, quoted.end())
        char = text[pos]
        stand_in = _STAND_INS.get(char)
        if stand_in is not None:
            self._report(pos, cat.invalid_character(self.span(pos, pos + 1), char))
            self.pos = pos + 1
            return Token(stand_in, char, pos, pos + 1)
        end = pos + 1
        while end < self.n and text[end] not in " \t\r\n'\":;" and self._match(text, end) is None:
            end += 1
        self._report(pos, cat.invalid_character(self.span(pos, end), text[pos:end]))
        self.pos = end
        return Token("INVALID", text[pos:end], pos, end)


def brace_pairs(
    file: SourceFile, regex: re.Pattern[str], blank: re.Pattern[str]
) -> list[tuple[int, int | None]]:
    """Every `{` of a file and the offset of its `}` (None when never closed).

    Only needed when a block is left open, so it is a second pass, not a cost of every
    parse.
    """
    lexer = Lexer(file, regex, blank)
    lexer._seen_until = len(file.text) + 1  # this pass reports nothing
    pairs: list[list[int | None]] = []
    stack: list[list[int | None]] = []
    accepts: dict[str, int] = {}
    while (token := lexer._next(accepts)) is not None:
        if token.type == "LBRACE":
            pair: list[int | None] = [token.start, None]
            pairs.append(pair)
            stack.append(pair)
        elif token.type == "RBRACE" and stack:
            stack.pop()[1] = token.start
    return [(int(opening or 0), closing) for opening, closing in pairs]
