"""Reading type expressions (`bigint`, `varchar(255)`, `double precision[]`) and returns."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.value_reader import NULLABLE_WHAT, Reader, as_word, describe
from schemac.diagnostics import DiagnosticSink
from schemac.diagnostics import catalog as cat
from schemac.source import Span
from schemac.syntax import ast
from schemac.syntax.printer import format_expr

__all__ = ["read_returns", "read_type", "read_type_value"]


def read_type(
    sink: DiagnosticSink, expr: ast.Expr, name: str, nullable_ok: bool
) -> d.TypeExprDecl | None:
    """A type expression: `bigint`, `varchar(255)`, `double precision[]`, `blog.status?`."""
    if type(expr) is ast.Path and len(expr.parts) == 1:
        # The common case, `text`, read directly.
        return _one_word(expr, expr.span, None)
    if type(expr) is ast.Nullable and nullable_ok:
        inner = expr.inner
        if type(inner) is ast.Path and len(inner.parts) == 1:
            # The next most common, `text?`, as the general case below reads it.
            span = expr.span
            return _one_word(inner, span, Span(span.end - 1, span.end, span.file))
    span = expr.span
    nullable = False
    nullable_span = None
    if isinstance(expr, ast.Nullable):
        nullable = True
        nullable_span = Span(expr.span.end - 1, expr.span.end, expr.span.file)
        expr = expr.inner
        if not nullable_ok:
            sink.emit(cat.nullable_not_allowed(nullable_span, NULLABLE_WHAT.get(name, f"`{name}`")))
    dims = 0
    while isinstance(expr, ast.ArrayOf):
        dims += 1
        expr = expr.element
    if isinstance(expr, ast.Nullable):
        sink.emit(
            cat.nullable_position(
                Span(expr.span.end - 1, expr.span.end, expr.span.file), format_expr(expr.inner)
            )
        )
        return None
    terms = expr.terms if isinstance(expr, ast.Phrase) else (expr,)
    words: list[str] = []
    qualified: tuple[str, ...] | None = None
    args: tuple[int | str, ...] = ()
    arg_span: Span | None = None
    for term in terms:
        callee = term.callee if isinstance(term, ast.Call) else term
        if not isinstance(callee, ast.Path):
            sink.emit(cat.wrong_value(term.span, name, "a type", describe(term), None))
            return None
        if len(callee.parts) > 1:
            if len(terms) > 1:
                sink.emit(cat.wrong_value(term.span, name, "a type", describe(term), None))
                return None
            qualified = callee.names
        else:
            words.append(callee.parts[0].name)
        if isinstance(term, ast.Call):
            if arg_span is not None:
                sink.emit(cat.wrong_value(term.span, name, "a type", describe(term), None))
                return None
            parsed = _type_args(sink, term, name)
            if parsed is None:
                return None
            args = parsed
            arg_span = Span(term.callee.span.end, term.span.end, term.span.file)
    type_name = qualified if qualified is not None else (" ".join(words),)
    name_span = terms[0].span.to(terms[-1].span) if len(terms) > 1 else terms[0].span
    if isinstance(terms[0], ast.Call) and len(terms) == 1:
        name_span = terms[0].callee.span
    return d.TypeExprDecl(
        name=type_name,
        args=args,
        arg_span=arg_span,
        array_dims=dims,
        nullable=nullable,
        nullable_span=nullable_span,
        span=span,
        name_span=name_span,
    )


def _one_word(path: ast.Path, span: Span, nullable_span: Span | None) -> d.TypeExprDecl:
    """`text` (``span`` is the path's) or `text?` (``span`` takes in the `?`)."""
    return d.TypeExprDecl(
        name=(path.parts[0].name,),
        args=(),
        arg_span=None,
        array_dims=0,
        nullable=nullable_span is not None,
        nullable_span=nullable_span,
        span=span,
        name_span=path.span,
    )


def _type_args(sink: DiagnosticSink, call: ast.Call, name: str) -> tuple[int | str, ...] | None:
    out: list[int | str] = []
    for arg in call.args:
        if isinstance(arg, ast.NumberLit) and arg.text.lstrip("-").isdigit():
            out.append(int(arg.text))
        elif isinstance(arg, ast.Path) and len(arg.parts) == 1:
            out.append(arg.parts[0].name)
        elif isinstance(arg, ast.StringLit):
            out.append(arg.value)
        else:
            sink.emit(cat.wrong_value(arg.span, name, "a type modifier", describe(arg), None))
            return None
    return tuple(out)


def read_type_value(r: Reader, expr: ast.Expr) -> object:
    value = read_type(r.sink, expr, r.name, nullable_ok=False)
    r.failed = value is None
    return value


def _split_first_word(expr: ast.Expr) -> tuple[d.Text, ast.Expr] | None:
    """`setof text[]` -> (`setof`, `text[]`); `tags text[]` -> (`tags`, `text[]`).

    Suffixes (`[]`, `?`) bind to the whole phrase in the grammar; they belong to what
    follows the first word.
    """
    wrappers: list[ast.ArrayOf | ast.Nullable] = []
    inner = expr
    while isinstance(inner, ast.ArrayOf | ast.Nullable):
        wrappers.append(inner)
        inner = inner.element if isinstance(inner, ast.ArrayOf) else inner.inner
    if not isinstance(inner, ast.Phrase):
        return None
    first = as_word(inner.terms[0])
    if first is None:
        return None
    terms = inner.terms[1:]
    rest: ast.Expr = (
        terms[0] if len(terms) == 1 else ast.Phrase(terms=terms, span=terms[0].span.to(inner.span))
    )
    for wrapper in reversed(wrappers):
        span = rest.span.to(wrapper.span)
        if isinstance(wrapper, ast.ArrayOf):
            rest = ast.ArrayOf(element=rest, size=wrapper.size, span=span)
        else:
            rest = ast.Nullable(inner=rest, span=span)
    return first, rest


def read_returns(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.Call) and expr.callee.dotted == "table":
        columns = []
        for arg in expr.args:
            split = _split_first_word(arg)
            if split is None:
                r.fail(arg, "`name type`")
                return None
            type_ = read_type(r.sink, split[1], r.name, nullable_ok=False)
            if type_ is None:
                r.failed = True
                return None
            columns.append((split[0], type_))
        return d.ReturnsDecl(type=None, setof=False, table=tuple(columns), span=expr.span)
    setof = False
    inner: ast.Expr = expr
    split = _split_first_word(expr)
    if split is not None and split[0].value == "setof":
        setof = True
        inner = split[1]
    type_ = read_type(r.sink, inner, r.name, nullable_ok=False)
    if type_ is None:
        r.failed = True
        return None
    return d.ReturnsDecl(type=type_, setof=setof, table=(), span=expr.span)
