"""Literals, defaults and SQL fragments as PostgreSQL text."""

from __future__ import annotations

import re

from schemac.dialects.postgres.quoting import literal
from schemac.ir.model import Default, Literal, SqlExpr

__all__ = ["array_text", "default_sql", "fragment", "literal_sql", "query", "term"]


_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def _shape(text: str) -> tuple[bool, bool]:
    """Whether ``text`` is one term, and whether it ends inside a `--` comment.

    One term: no blank space or comment outside brackets and quotes.
    """
    atomic = True
    depth = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"":
            end = text.find(ch, i + 1)
            while end != -1 and end + 1 < n and text[end + 1] == ch:
                end = text.find(ch, end + 2)
            if end == -1:
                return False, False
            i = end + 1
            continue
        if ch == "$":
            m = _DOLLAR.match(text, i)
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                end = text.find(m.group(), m.end())
                if end == -1:
                    return False, False
                i = end + len(m.group())
                continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            if end == -1:
                return False, True
            atomic = False
            i = end + 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            atomic = False
            i = n if end == -1 else end + 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch.isspace() and depth == 0:
            atomic = False
        i += 1
    return atomic, False


def fragment(expr: SqlExpr) -> str:
    """A SQL expression as written, trimmed.

    A final `--` comment is ended with a newline, so that what follows is not commented out.
    """
    text = expr.text.strip()
    return text + "\n" if _shape(text)[1] else text


def term(expr: SqlExpr) -> str:
    """A SQL expression where a single term must stand (DEFAULT).

    In parentheses, unless it is one already (`now()`, `'{}'::jsonb`, `-1`).
    """
    text = fragment(expr)
    return text if _shape(text)[0] else f"({text})"


def query(expr: SqlExpr) -> str:
    """A query (a view's body): trimmed, without a final semicolon."""
    text = expr.text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text + "\n" if _shape(text)[1] else text


def _element(value: Literal) -> str:
    if value.kind == "null":
        return "NULL"
    if value.kind == "array":
        return array_text(value)
    if value.kind == "bool":
        return "true" if value.value else "false"
    if value.kind == "number":
        return str(value.value)
    text = str(value.value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array_text(value: Literal) -> str:
    """An array in PostgreSQL's text form: `{}`, `{1,2}`, `{"a","b c"}`, `{{1,2},{3,4}}`."""
    items = value.value if isinstance(value.value, tuple) else ()
    return "{" + ",".join(_element(v) for v in items) + "}"


def literal_sql(value: Literal) -> str:
    """A typed literal as a constant; the column or argument it is for gives its type."""
    if value.kind == "string":
        return literal(str(value.value))
    if value.kind == "number":
        return str(value.value)
    if value.kind == "bool":
        return "true" if value.value else "false"
    if value.kind == "null":
        return "NULL"
    return literal(array_text(value))


def default_sql(value: Default) -> str:
    return term(value) if isinstance(value, SqlExpr) else literal_sql(value)
