"""SQL text split into statements, as psql splits a file: each with the line it starts on.

Semicolons end statements except inside quotes (`'...'`, `E'...'` with backslash
escapes, `"..."`), dollar quotes (`$$...$$`, `$tag$...$tag$`), comments (`--`, nested
`/* */`), parentheses, and the `BEGIN ATOMIC ... END` body of a SQL-standard function.
"""

from __future__ import annotations

import re

from schemac.records import record

__all__ = ["SqlStatement", "split_statements"]

_DOLLAR = re.compile(r"\$([A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\u0080-\U0010ffff]*)?\$")
_WORD = re.compile(r"[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*")


@record
class SqlStatement:
    text: str  # without the final semicolon
    line: int  # 1-based line of its first character


def _skip_quoted(text: str, i: int, quote: str, *, backslash: bool) -> int:
    """The index after the quoted text that starts at ``i`` (its opening quote)."""
    n = len(text)
    j = i + 1
    while j < n:
        ch = text[j]
        if backslash and ch == "\\":
            j += 2
            continue
        if ch == quote:
            if j + 1 < n and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _skip_block_comment(text: str, i: int) -> int:
    depth = 0
    n = len(text)
    j = i
    while j < n:
        if text.startswith("/*", j):
            depth += 1
            j += 2
        elif text.startswith("*/", j):
            depth -= 1
            j += 2
            if depth == 0:
                return j
        else:
            j += 1
    return n


def split_statements(text: str) -> list[SqlStatement]:
    """The statements of ``text``; empty ones (a lone `;`, comments only) are left out."""
    out: list[SqlStatement] = []
    n = len(text)
    i = 0
    start = 0
    depth = 0
    atomic = 0  # BEGIN ATOMIC blocks open
    words: list[str] = []  # the statement's leading words, upper case
    begun = False  # the statement has a token (not only blanks and comments)
    first = 0  # where its first token is
    previous = ""  # the word before, upper case

    def finish(end: int) -> None:
        body = text[start:end]
        if begun and body.strip():
            out.append(
                SqlStatement(text=text[first:end].strip(), line=text.count("\n", 0, first) + 1)
            )

    while i < n:
        ch = text[i]
        if ch in " \t\r\n\f":
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if text.startswith("/*", i):
            i = _skip_block_comment(text, i)
            continue
        if not begun:
            begun = True
            first = i
        if ch == "'":
            escaped = i > 0 and text[i - 1] in "eE" and (i < 2 or not _is_word_char(text[i - 2]))
            i = _skip_quoted(text, i, "'", backslash=escaped)
            continue
        if ch == '"':
            i = _skip_quoted(text, i, '"', backslash=False)
            continue
        if ch == "$":
            m = _DOLLAR.match(text, i)
            if m and (i == 0 or not _is_word_char(text[i - 1])):
                end = text.find(m.group(), m.end())
                i = n if end == -1 else end + len(m.group())
                continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == ";" and depth == 0 and atomic == 0:
            finish(i)
            i += 1
            start = i
            begun = False
            words = []
            previous = ""
            continue
        word = _WORD.match(text, i)
        if word is not None and (i == 0 or not _is_word_char(text[i - 1])):
            upper = word.group().upper()
            if len(words) < 8:
                words.append(upper)
            if (upper == "ATOMIC" and previous == "BEGIN" and _routine(words)) or (
                upper == "CASE" and atomic
            ):
                atomic += 1
            elif upper == "END" and atomic:
                atomic -= 1
            previous = upper
            i = word.end()
            continue
        i += 1
    finish(n)
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_$"


def _routine(words: list[str]) -> bool:
    """Whether the statement is CREATE [OR REPLACE] FUNCTION/PROCEDURE (BEGIN ATOMIC bodies)."""
    return bool(words) and words[0] == "CREATE" and ("FUNCTION" in words or "PROCEDURE" in words)
