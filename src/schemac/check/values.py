"""Reading attribute values: one reader per value kind, each reporting a wrong shape once.

The simple kinds are read here; types in value_types.py; structured values (index
elements, partition keys and bounds, references, events) in value_elements.py.
"""

from __future__ import annotations

from collections.abc import Callable

from schemac.check import decls as d
from schemac.check.spec import Attr, ValueKind
from schemac.check.value_elements import (
    read_action,
    read_bound,
    read_call,
    read_elements,
    read_events,
    read_fk_target,
    read_grant_on,
    read_partition_by,
    read_privileges,
)
from schemac.check.value_reader import (
    Reader,
    as_collation,
    as_list,
    as_literal,
    as_ref,
    as_sql,
    as_string,
    as_word,
    describe,
    is_sql_call,
)
from schemac.check.value_types import read_returns, read_type, read_type_value
from schemac.diagnostics import DiagnosticSink
from schemac.syntax import ast
from schemac.syntax.printer import format_expr

__all__ = ["describe", "read_type", "read_value"]


def _read_string(r: Reader, expr: ast.Expr) -> object:
    value = as_string(expr)
    if value is None:
        hint = f'write "{format_expr(expr)}"' if isinstance(expr, ast.Path) else None
        r.fail(expr, help=hint)
    return value


def _read_bool(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.BoolLit):
        return (expr.value, expr.span)
    r.fail(expr)
    return None


def _read_int(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.NumberLit):
        text = expr.text
        digits = text[1:] if text.startswith("-") else text
        if digits.isdigit():
            return d.Int(int(text), expr.span)
    r.fail(expr)
    return None


def _read_number(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.NumberLit) and not expr.text.startswith("-"):
        return d.Text(expr.text, expr.span)
    r.fail(expr, "a number of zero or more")
    return None


def _read_word(r: Reader, expr: ast.Expr) -> object:
    return r.word_choice(expr, r.attr.choices)


def _read_name(r: Reader, expr: ast.Expr) -> object:
    value = as_word(expr) or (as_string(expr) if isinstance(expr, ast.StringLit) else None)
    if value is None:
        r.fail(expr)
    return value


def _read_sql(r: Reader, expr: ast.Expr) -> object:
    value = as_sql(expr, plain_strings=True)
    if value is None:
        hint = None
        if not is_sql_call(expr):
            hint = f'SQL is written as a string: sql("{format_expr(expr)}")'
        r.fail(expr, help=hint)
    return value


def _read_default(r: Reader, expr: ast.Expr) -> object:
    if is_sql_call(expr):
        value = as_sql(expr, plain_strings=False)
        if value is None:
            r.fail(expr, 'sql("...") with one string')
        return value
    literal = as_literal(expr)
    if literal is None:
        hint = None
        if isinstance(expr, ast.Path | ast.Call | ast.Phrase):
            hint = f'an expression is SQL: write sql("{format_expr(expr)}")'
        r.fail(expr, help=hint)
    return literal


def _read_ref(r: Reader, expr: ast.Expr) -> object:
    value = as_ref(expr)
    if value is None:
        hint = None
        if isinstance(expr, ast.StringLit):
            hint = f"names are written bare, or in backticks: `{expr.value}`"
        r.fail(expr, help=hint)
    return value


def _read_collation(r: Reader, expr: ast.Expr) -> object:
    value = as_collation(expr)
    if value is None:
        r.fail(expr)
    return value


def _read_column_ref(r: Reader, expr: ast.Expr) -> object:
    value = as_ref(expr)
    if value is None or len(value.parts) < 2:
        hint = None
        if value is not None:
            hint = f"name the column too: `{value.dotted}.id` (the table, then the column)"
        r.fail(expr, help=hint)
        return None
    return value


def _read_refs(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        ref = as_ref(item)
        if ref is None:
            r.fail(item, "a name")
            return None
        out.append(ref)
    return tuple(out)


def _read_columns(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, "a list of column names")
    if items is None:
        return None
    out = []
    for item in items:
        ref = as_ref(item)
        if ref is None or len(ref.parts) != 1:
            hint = None
            if isinstance(item, ast.StringLit):
                hint = f"column names are written bare, or in backticks: `{item.value}`"
            elif isinstance(item, ast.BoolLit | ast.NullLit):
                word = format_expr(item)
                hint = f"a column named `{word}` is written in backticks: `` `{word}` ``"
            elif is_sql_call(item) or isinstance(item, ast.Phrase):
                hint = "only an index can hold expressions and sort orders"
            r.fail(item, "a column name", hint)
            return None
        out.append(ref)
    return tuple(out)


def _read_strings(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, "a list of strings")
    if items is None:
        return None
    out = []
    for item in items:
        value = as_string(item) if isinstance(item, ast.StringLit) else None
        if value is None:
            r.fail(item, "a string")
            return None
        out.append(value)
    return tuple(out)


def _read_names(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, "a list of names")
    if items is None:
        return None
    out = []
    for item in items:
        value = as_word(item) or (as_string(item) if isinstance(item, ast.StringLit) else None)
        if value is None:
            r.fail(item, "a name")
            return None
        out.append(value)
    return tuple(out)


def _read_string_map(r: Reader, expr: ast.Expr) -> object:
    if not isinstance(expr, ast.ObjectExpr):
        r.fail(expr)
        return None
    out = []
    for entry in expr.entries:
        key = entry.key
        key_text = d.Text(key.value if isinstance(key, ast.StringLit) else key.name, key.span)
        value = entry.value
        if isinstance(value, ast.StringLit):
            text = d.Text(value.value, value.span)
        elif isinstance(value, ast.NumberLit):
            text = d.Text(value.text, value.span)
        elif isinstance(value, ast.BoolLit):
            text = d.Text("on" if value.value else "off", value.span)
        else:
            word = as_word(value)
            if word is None:
                r.fail(value, "a string")
                return None
            text = word
        out.append((key_text, text))
    return tuple(out)


_READERS: dict[ValueKind, Callable[[Reader, ast.Expr], object]] = {
    ValueKind.STRING: _read_string,
    ValueKind.BOOL: _read_bool,
    ValueKind.INT: _read_int,
    ValueKind.NUMBER: _read_number,
    ValueKind.WORD: _read_word,
    ValueKind.NAME: _read_name,
    ValueKind.SQL: _read_sql,
    ValueKind.DEFAULT: _read_default,
    ValueKind.REF: _read_ref,
    ValueKind.COLLATION: _read_collation,
    ValueKind.COLUMNS: _read_columns,
    ValueKind.STRINGS: _read_strings,
    ValueKind.NAMES: _read_names,
    ValueKind.REFS: _read_refs,
    ValueKind.TYPE: read_type_value,
    ValueKind.INDEX_ON: lambda r, e: read_elements(r, e, exclusion=False),
    ValueKind.EXCLUDE_ON: lambda r, e: read_elements(r, e, exclusion=True),
    ValueKind.PARTITION_BY: read_partition_by,
    ValueKind.BOUND: read_bound,
    ValueKind.FK_TARGET: read_fk_target,
    ValueKind.COLUMN_REF: _read_column_ref,
    ValueKind.ACTION: read_action,
    ValueKind.EVENTS: read_events,
    ValueKind.CALL: read_call,
    ValueKind.RETURNS: read_returns,
    ValueKind.STRING_MAP: _read_string_map,
    ValueKind.PRIVILEGES: read_privileges,
    ValueKind.GRANT_ON: read_grant_on,
}


def read_value(sink: DiagnosticSink, name: str, attr: Attr, expr: ast.Expr) -> object:
    """The value of attribute ``name`` read as ``attr.kind``, or None after a diagnostic."""
    reader = Reader(sink, name, attr)
    value = _READERS[attr.kind](reader, expr)
    return None if reader.failed else value
