"""Reading attribute values, the shared part: the reader and the shapes every kind uses."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.spec import Attr
from schemac.diagnostics import DiagnosticSink
from schemac.diagnostics import catalog as cat
from schemac.syntax import ast
from schemac.syntax.printer import format_expr

__all__ = [
    "EXPR_TYPES",
    "INDEX_WORDS",
    "NULLABLE_WHAT",
    "Reader",
    "as_collation",
    "as_list",
    "as_literal",
    "as_ref",
    "as_sql",
    "as_string",
    "as_word",
    "choices_text",
    "describe",
    "is_sql_call",
]

INDEX_WORDS = ("asc", "desc", "nulls first", "nulls last", "opclass(...)", "collate(...)")
NULLABLE_WHAT = {
    "field": "a composite type's field",
    "arg": "a function argument",
    "type": "this type",
    "returns": "a function's result",
}


def describe(expr: ast.Expr) -> str:
    """What a value is, in words: "a string", "the name `x`", "a list", ..."""
    if isinstance(expr, ast.StringLit):
        return "a string"
    if isinstance(expr, ast.Heredoc):
        return "a heredoc"
    if isinstance(expr, ast.NumberLit):
        return f"the number `{expr.text}`"
    if isinstance(expr, ast.BoolLit):
        return f"`{'true' if expr.value else 'false'}`"
    if isinstance(expr, ast.NullLit):
        return "`null`"
    if isinstance(expr, ast.ListExpr):
        return "a list"
    if isinstance(expr, ast.ObjectExpr):
        return "an object"
    if isinstance(expr, ast.Path):
        return f"the name `{format_expr(expr)}`"
    if isinstance(expr, ast.Call):
        return f"the call `{format_expr(expr.callee)}(...)`"
    return f"`{format_expr(expr)}`"


class Reader:
    """Reads the value of one attribute; ``fail`` reports a wrong shape once."""

    def __init__(self, sink: DiagnosticSink, name: str, attr: Attr) -> None:
        self.sink = sink
        self.name = name
        self.attr = attr
        self.failed = False

    def fail(self, expr: ast.Node, expected: str | None = None, help: str | None = None) -> None:
        if self.failed:
            return
        self.failed = True
        found = describe(expr) if isinstance(expr, EXPR_TYPES) else "this"
        self.sink.emit(
            cat.wrong_value(expr.span, self.name, expected or self.attr.kind.value, found, help)
        )

    def word_choice(self, expr: ast.Expr, choices: tuple[str, ...]) -> d.Text | None:
        word = as_word(expr)
        if word is None:
            self.fail(expr, choices_text(choices))
            return None
        if choices and word.value not in choices:
            self.failed = True
            self.sink.emit(cat.invalid_choice(word.span, self.name, word.value, choices))
            return None
        return word


EXPR_TYPES = (
    ast.Path,
    ast.Call,
    ast.StringLit,
    ast.Heredoc,
    ast.NumberLit,
    ast.BoolLit,
    ast.NullLit,
    ast.ListExpr,
    ast.ObjectExpr,
    ast.Phrase,
    ast.ArrayOf,
    ast.Nullable,
)


def choices_text(choices: tuple[str, ...]) -> str:
    quoted = [f"`{c}`" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted) or "a word"
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def as_word(expr: ast.Expr) -> d.Text | None:
    if isinstance(expr, ast.Path) and len(expr.parts) == 1:
        return d.Text(expr.parts[0].name, expr.span)
    return None


def as_ref(expr: ast.Expr) -> d.Ref | None:
    if type(expr) is ast.Path:
        parts = expr.parts
        if len(parts) == 1:  # most are one name: no generators
            return d.Ref((parts[0].name,), (parts[0].span,), expr.span)
        return d.Ref(expr.names, tuple(p.span for p in parts), expr.span)
    return None


def as_collation(expr: ast.Expr) -> d.Ref | None:
    """A collation: a reference, or a string holding one name (`"C.utf8"` has no schema)."""
    if isinstance(expr, ast.StringLit):
        return d.Ref((expr.value,), (expr.span,), expr.span)
    return as_ref(expr)


# As tuples, built once: `isinstance(x, A | B)` builds the union at every call.
_TEXTS = (ast.StringLit, ast.Heredoc)


def as_string(expr: ast.Expr) -> d.Text | None:
    if isinstance(expr, _TEXTS):
        return d.Text(expr.value, expr.span)
    return None


def is_sql_call(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.Call) and expr.callee.dotted == "sql"


def as_sql(expr: ast.Expr, plain_strings: bool) -> d.Sql | None:
    if isinstance(expr, ast.Call) and expr.callee.dotted == "sql":
        if len(expr.args) == 1 and isinstance(expr.args[0], _TEXTS):
            return d.Sql(expr.args[0].value, expr.span)
        return None
    if plain_strings and isinstance(expr, _TEXTS):
        return d.Sql(expr.value, expr.span)
    return None


def as_literal(expr: ast.Expr) -> d.LiteralValue | None:
    if isinstance(expr, _TEXTS):
        return d.LiteralValue("string", expr.value, expr.span)
    if isinstance(expr, ast.NumberLit):
        return d.LiteralValue("number", expr.text, expr.span)
    if isinstance(expr, ast.BoolLit):
        return d.LiteralValue("bool", expr.value, expr.span)
    if isinstance(expr, ast.NullLit):
        return d.LiteralValue("null", None, expr.span)
    if isinstance(expr, ast.ListExpr):
        items = [as_literal(item) for item in expr.items]
        if any(item is None for item in items):
            return None
        return d.LiteralValue("array", None, expr.span, tuple(i for i in items if i is not None))
    return None


def as_list(r: Reader, expr: ast.Expr, what: str) -> tuple[ast.Expr, ...] | None:
    if isinstance(expr, ast.ListExpr):
        return expr.items
    hint = None
    if isinstance(expr, ast.Path | ast.Call | ast.StringLit):
        hint = f"write a list: `[{format_expr(expr)}]`"
    r.fail(expr, what, hint)
    return None
