"""Literals, defaults and SQL fragments as PostgreSQL text."""

from __future__ import annotations

from schemac.dialects.postgres.quoting import literal
from schemac.ir.model import Default, Literal, SqlExpr

__all__ = ["array_text", "default_sql", "fragment", "literal_sql", "query"]


def fragment(expr: SqlExpr) -> str:
    """A SQL expression as written, without surrounding blank space."""
    return expr.text.strip()


def query(expr: SqlExpr) -> str:
    """A query (a view's body): trimmed, without a final semicolon."""
    text = expr.text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


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
    return fragment(value) if isinstance(value, SqlExpr) else literal_sql(value)
