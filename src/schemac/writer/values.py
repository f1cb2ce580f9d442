"""Values as source text: strings or heredocs that decode exactly, literals, names and numbers."""

from __future__ import annotations

import re

from schemac.ir.model import Literal, SqlExpr
from schemac.syntax.literals import common_indent
from schemac.syntax.printer import quote_name, quote_string
from schemac.writer.layout import Doc, Seq

__all__ = [
    "NUMBER",
    "bare_or_string",
    "heredoc",
    "literal",
    "name_list",
    "sql_call",
    "text",
]

# The grammar's NUMBER terminal: what may be written as a number as it stands.
NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Short one-line text reads best in quotes; longer text, or text over several lines, in
# a heredoc (when one can hold it exactly).
_SHORT = 100
# A heredoc holds any character but these: a carriage return is dropped at a line end,
# and the other control characters would be invisible in the file.
_NOT_IN_HEREDOC = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_TAG_SUFFIXES = ("", "_TEXT", "_END", "_BODY")


def _ends_heredoc(line: str, tag: str) -> bool:
    """Whether the lexer would read ``line`` as the closing line of a heredoc tagged ``tag``."""
    rest = line.lstrip(" \t")
    if not rest.startswith(tag):
        return False
    after = rest[len(tag) :].lstrip(" \t")
    return after == "" or after[0] in "\r,)]}"


def heredoc(value: str, tag: str) -> Doc | None:
    """A heredoc that decodes to exactly ``value``, or None when none can."""
    if not value or _NOT_IN_HEREDOC.search(value):
        return None
    lines = value.split("\n")
    chosen = next(
        (
            tag + suffix
            for suffix in _TAG_SUFFIXES
            if not any(_ends_heredoc(line, tag + suffix) for line in lines)
        ),
        None,
    )
    if chosen is None:
        return None
    # `<<-` blanks whitespace-only lines and removes the common indentation; it is exact
    # when there is neither (the printer indents every non-empty line alike).
    strip = common_indent(lines) == "" and all(line == "" or line.strip() for line in lines)
    return Doc(text=value, tag=chosen, strip=strip)


def text(value: str, tag: str = "SQL") -> str | Doc:
    """A string value: in quotes when short and on one line, else a heredoc if one is exact."""
    if "\n" not in value and len(value) <= _SHORT:
        return quote_string(value)
    doc = heredoc(value, tag)
    return doc if doc is not None else quote_string(value)


def sql_call(expr: SqlExpr) -> str | Doc:
    """SQL where `sql("...")` reads best; long or multi-line SQL as a bare heredoc."""
    value = text(expr.text)
    return value if isinstance(value, Doc) else f"sql({value})"


def literal(value: Literal | SqlExpr) -> str | None:
    """A default or bound as written: a literal, or `sql("...")`; None if it cannot be."""
    if isinstance(value, SqlExpr):
        return f"sql({quote_string(value.text)})"
    kind, raw = value.kind, value.value
    if kind == "string" and isinstance(raw, str):
        return quote_string(raw)
    if kind == "number" and isinstance(raw, str) and NUMBER.fullmatch(raw):
        return raw
    if kind == "bool" and isinstance(raw, bool):
        return "true" if raw else "false"
    if kind == "null" and raw is None:
        return "null"
    if kind == "array" and isinstance(raw, tuple):
        items = [literal(item) for item in raw]
        if any(item is None for item in items):
            return None
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    return None


def bare_or_string(name: str) -> str:
    """A name where a bare name or a string may stand (roles, languages, object keys)."""
    quoted = quote_name(name)
    return quoted if quoted == name else quote_string(name)


def name_list(names: tuple[str, ...] | list[str]) -> Seq:
    return Seq("[", tuple(bare_or_string(n) for n in names), "]")
