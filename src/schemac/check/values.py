"""Reading attribute values: one reader per value kind, each reporting a wrong shape once."""

from __future__ import annotations

from collections.abc import Callable

from schemac.check import decls as d
from schemac.check.spec import Attr, ValueKind
from schemac.diagnostics import DiagnosticSink
from schemac.diagnostics import catalog as cat
from schemac.source import Span
from schemac.syntax import ast
from schemac.syntax.printer import format_expr

__all__ = ["describe", "read_type", "read_value"]

_INDEX_WORDS = ("asc", "desc", "nulls first", "nulls last", "opclass(...)", 'collate("...")')
_NULLABLE_WHAT = {
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


class _Reader:
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
        found = describe(expr) if isinstance(expr, _EXPR_TYPES) else "this"
        self.sink.emit(
            cat.wrong_value(expr.span, self.name, expected or self.attr.kind.value, found, help)
        )

    def word_choice(self, expr: ast.Expr, choices: tuple[str, ...]) -> d.Text | None:
        word = _word(expr)
        if word is None:
            self.fail(expr, _choices_text(choices))
            return None
        if choices and word.value not in choices:
            self.failed = True
            self.sink.emit(cat.invalid_choice(word.span, self.name, word.value, choices))
            return None
        return word


_EXPR_TYPES = (
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


def _choices_text(choices: tuple[str, ...]) -> str:
    quoted = [f"`{c}`" for c in choices]
    if len(quoted) <= 1:
        return "".join(quoted) or "a word"
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _word(expr: ast.Expr) -> d.Text | None:
    if isinstance(expr, ast.Path) and len(expr.parts) == 1:
        return d.Text(expr.parts[0].name, expr.span)
    return None


def _ref(expr: ast.Expr) -> d.Ref | None:
    if isinstance(expr, ast.Path):
        return d.Ref(expr.names, tuple(p.span for p in expr.parts), expr.span)
    return None


def _string(expr: ast.Expr) -> d.Text | None:
    if isinstance(expr, ast.StringLit | ast.Heredoc):
        return d.Text(expr.value, expr.span)
    return None


def _is_sql_call(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.Call) and expr.callee.dotted == "sql"


def _sql(expr: ast.Expr, plain_strings: bool) -> d.Sql | None:
    if isinstance(expr, ast.Call) and expr.callee.dotted == "sql":
        if len(expr.args) == 1 and isinstance(expr.args[0], ast.StringLit | ast.Heredoc):
            return d.Sql(expr.args[0].value, expr.span)
        return None
    if plain_strings and isinstance(expr, ast.StringLit | ast.Heredoc):
        return d.Sql(expr.value, expr.span)
    return None


def _literal(expr: ast.Expr) -> d.LiteralValue | None:
    if isinstance(expr, ast.StringLit | ast.Heredoc):
        return d.LiteralValue("string", expr.value, expr.span)
    if isinstance(expr, ast.NumberLit):
        return d.LiteralValue("number", expr.text, expr.span)
    if isinstance(expr, ast.BoolLit):
        return d.LiteralValue("bool", expr.value, expr.span)
    if isinstance(expr, ast.NullLit):
        return d.LiteralValue("null", None, expr.span)
    if isinstance(expr, ast.ListExpr):
        items = [_literal(item) for item in expr.items]
        if any(item is None for item in items):
            return None
        return d.LiteralValue("array", None, expr.span, tuple(i for i in items if i is not None))
    return None


def _list(r: _Reader, expr: ast.Expr, what: str) -> tuple[ast.Expr, ...] | None:
    if isinstance(expr, ast.ListExpr):
        return expr.items
    hint = None
    if isinstance(expr, ast.Path | ast.Call | ast.StringLit):
        hint = f"write a list: `[{format_expr(expr)}]`"
    r.fail(expr, what, hint)
    return None


# ---------------------------------------------------------------------------- simple kinds


def _read_string(r: _Reader, expr: ast.Expr) -> object:
    value = _string(expr)
    if value is None:
        hint = f'write "{format_expr(expr)}"' if isinstance(expr, ast.Path) else None
        r.fail(expr, help=hint)
    return value


def _read_bool(r: _Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.BoolLit):
        return (expr.value, expr.span)
    r.fail(expr)
    return None


def _read_int(r: _Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.NumberLit):
        text = expr.text
        digits = text[1:] if text.startswith("-") else text
        if digits.isdigit():
            return d.Int(int(text), expr.span)
    r.fail(expr)
    return None


def _read_number(r: _Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.NumberLit) and not expr.text.startswith("-"):
        return d.Text(expr.text, expr.span)
    r.fail(expr, "a number of zero or more")
    return None


def _read_word(r: _Reader, expr: ast.Expr) -> object:
    return r.word_choice(expr, r.attr.choices)


def _read_name(r: _Reader, expr: ast.Expr) -> object:
    value = _word(expr) or (_string(expr) if isinstance(expr, ast.StringLit) else None)
    if value is None:
        r.fail(expr)
    return value


def _read_sql(r: _Reader, expr: ast.Expr) -> object:
    value = _sql(expr, plain_strings=True)
    if value is None:
        hint = None
        if not _is_sql_call(expr):
            hint = f'SQL is written as a string: sql("{format_expr(expr)}")'
        r.fail(expr, help=hint)
    return value


def _read_default(r: _Reader, expr: ast.Expr) -> object:
    if _is_sql_call(expr):
        value = _sql(expr, plain_strings=False)
        if value is None:
            r.fail(expr, 'sql("...") with one string')
        return value
    literal = _literal(expr)
    if literal is None:
        hint = None
        if isinstance(expr, ast.Path | ast.Call | ast.Phrase):
            hint = f'an expression is SQL: write sql("{format_expr(expr)}")'
        r.fail(expr, help=hint)
    return literal


def _read_ref(r: _Reader, expr: ast.Expr) -> object:
    value = _ref(expr)
    if value is None:
        hint = None
        if isinstance(expr, ast.StringLit):
            hint = f"names are written bare, or in backticks: `{expr.value}`"
        r.fail(expr, help=hint)
    return value


def _read_column_ref(r: _Reader, expr: ast.Expr) -> object:
    value = _ref(expr)
    if value is None or len(value.parts) < 2:
        hint = None
        if value is not None:
            hint = f"name the column too: `{value.dotted}.id` (the table, then the column)"
        r.fail(expr, help=hint)
        return None
    return value


def _read_refs(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        ref = _ref(item)
        if ref is None:
            r.fail(item, "a name")
            return None
        out.append(ref)
    return tuple(out)


def _read_columns(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, "a list of column names")
    if items is None:
        return None
    out = []
    for item in items:
        ref = _ref(item)
        if ref is None or len(ref.parts) != 1:
            hint = None
            if isinstance(item, ast.StringLit):
                hint = f"column names are written bare, or in backticks: `{item.value}`"
            elif isinstance(item, ast.BoolLit | ast.NullLit):
                word = format_expr(item)
                hint = f"a column named `{word}` is written in backticks: `` `{word}` ``"
            elif _is_sql_call(item) or isinstance(item, ast.Phrase):
                hint = "only an index can hold expressions and sort orders"
            r.fail(item, "a column name", hint)
            return None
        out.append(ref)
    return tuple(out)


def _read_strings(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, "a list of strings")
    if items is None:
        return None
    out = []
    for item in items:
        value = _string(item) if isinstance(item, ast.StringLit) else None
        if value is None:
            r.fail(item, "a string")
            return None
        out.append(value)
    return tuple(out)


def _read_names(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, "a list of names")
    if items is None:
        return None
    out = []
    for item in items:
        value = _word(item) or (_string(item) if isinstance(item, ast.StringLit) else None)
        if value is None:
            r.fail(item, "a name")
            return None
        out.append(value)
    return tuple(out)


def _read_string_map(r: _Reader, expr: ast.Expr) -> object:
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
            word = _word(value)
            if word is None:
                r.fail(value, "a string")
                return None
            text = word
        out.append((key_text, text))
    return tuple(out)


# ---------------------------------------------------------------------------- types


def read_type(
    sink: DiagnosticSink, expr: ast.Expr, name: str, nullable_ok: bool
) -> d.TypeExprDecl | None:
    """A type expression: `bigint`, `varchar(255)`, `double precision[]`, `blog.status?`."""
    span = expr.span
    nullable = False
    nullable_span = None
    if isinstance(expr, ast.Nullable):
        nullable = True
        nullable_span = Span(expr.span.end - 1, expr.span.end, expr.span.file)
        expr = expr.inner
        if not nullable_ok:
            sink.emit(
                cat.nullable_not_allowed(nullable_span, _NULLABLE_WHAT.get(name, f"`{name}`"))
            )
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


def _read_type(r: _Reader, expr: ast.Expr) -> object:
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
    first = _word(inner.terms[0])
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


def _read_returns(r: _Reader, expr: ast.Expr) -> object:
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


# ---------------------------------------------------------------------------- elements


def _element(r: _Reader, expr: ast.Expr, exclusion: bool) -> d.ElementDecl | None:
    terms = expr.terms if isinstance(expr, ast.Phrase) else (expr,)
    head = terms[0]
    column = None
    expression = None
    if _is_sql_call(head):
        expression = _sql(head, plain_strings=False)
        if expression is None:
            r.fail(head, 'sql("...") with one string')
            return None
    else:
        column = _ref(head)
        if column is None or len(column.parts) != 1:
            hint = None
            if isinstance(head, ast.Call):
                hint = f'an expression is SQL: write sql("{format_expr(head)}")'
            elif isinstance(head, ast.StringLit):
                hint = f"column names are written bare, or in backticks: `{head.value}`"
            r.fail(head, "a column or sql(...)", hint)
            return None
    descending = False
    nulls = None
    opclass = None
    collation = None
    operator = None
    i = 1
    while i < len(terms):
        term = terms[i]
        word = _word(term)
        following = _word(terms[i + 1]) if i + 1 < len(terms) else None
        if word is not None and word.value in ("asc", "desc"):
            descending = word.value == "desc"
        elif (
            word is not None
            and word.value == "nulls"
            and following is not None
            and following.value
            in (
                "first",
                "last",
            )
        ):
            nulls = following.value
            i += 1
        elif word is not None and word.value == "with" and exclusion and i + 1 < len(terms):
            op = terms[i + 1]
            if not isinstance(op, ast.StringLit):
                r.fail(op, 'an operator in quotes: `with "&&"`')
                return None
            operator = d.Text(op.value, op.span)
            i += 1
        elif isinstance(term, ast.Call) and term.callee.dotted in ("opclass", "collate"):
            arg = term.args[0] if len(term.args) == 1 else None
            text = _word(arg) or _string(arg) if arg is not None else None
            if text is None:
                r.fail(term, f"`{term.callee.dotted}(name)`")
                return None
            if term.callee.dotted == "opclass":
                opclass = text
            else:
                collation = text
        else:
            found = word.value if word is not None else format_expr(term)
            options = list(_INDEX_WORDS) + (['with "op"'] if exclusion else [])
            r.failed = True
            r.sink.emit(cat.unknown_element_option(term.span, found, tuple(options)))
            return None
        i += 1
    if exclusion and operator is None:
        r.fail(expr, 'an element with its operator: `during with "&&"`')
        return None
    return d.ElementDecl(
        column=column,
        expression=expression,
        descending=descending,
        nulls=nulls,
        opclass=opclass,
        collation=collation,
        operator=operator,
        span=expr.span,
    )


def _read_elements(r: _Reader, expr: ast.Expr, exclusion: bool) -> object:
    items = _list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        element = _element(r, item, exclusion)
        if element is None:
            return None
        out.append(element)
    return tuple(out)


def _read_partition_by(r: _Reader, expr: ast.Expr) -> object:
    if not (isinstance(expr, ast.Call) and expr.callee.dotted in ("range", "list", "hash")):
        r.fail(expr)
        return None
    keys = []
    for arg in expr.args:
        element = _element(r, arg, exclusion=False)
        if element is None:
            return None
        if element.descending or element.nulls:
            r.fail(arg, "a column or sql(...), with opclass() or collate()")
            return None
        keys.append(element)
    if not keys:
        r.fail(expr, "at least one key column")
        return None
    strategy = d.Text(expr.callee.dotted, expr.callee.span)
    return d.PartitionByDecl(strategy=strategy, keys=tuple(keys), span=expr.span)


def _bound_value(r: _Reader, expr: ast.Expr) -> d.BoundValue | None:
    word = _word(expr)
    if word is not None and word.value in ("minvalue", "maxvalue"):
        return word
    literal = _literal(expr)
    if literal is None or literal.kind == "array":
        hint = None
        if word is not None:
            hint = f'a literal: "{word.value}", a number, or `minvalue`/`maxvalue`'
        r.fail(expr, "a literal", hint)
        return None
    return literal


def _read_bound(r: _Reader, expr: ast.Expr) -> object:
    items = expr.items if isinstance(expr, ast.ListExpr) else (expr,)
    out = []
    for item in items:
        value = _bound_value(r, item)
        if value is None:
            return None
        out.append(value)
    return tuple(out)


def _column_args(r: _Reader, call: ast.Call) -> tuple[d.Ref, ...] | None:
    """The arguments of `f(a, b)` as column names."""
    columns = []
    for arg in call.args:
        ref = _ref(arg)
        if ref is None or len(ref.parts) != 1:
            r.fail(arg, "a column name")
            return None
        columns.append(ref)
    return tuple(columns)


def _read_fk_target(r: _Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.Path):
        return (_ref(expr), None)
    if isinstance(expr, ast.Call):
        columns = _column_args(r, expr)
        return (_ref(expr.callee), columns) if columns is not None else None
    r.fail(expr)
    return None


def _read_action(r: _Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.Call) and expr.callee.dotted in ("set_null", "set_default"):
        columns = _column_args(r, expr)
        if columns is None:
            return None
        return (d.Text(expr.callee.dotted, expr.callee.span), columns)
    word = r.word_choice(expr, r.attr.choices)
    return (word, ()) if word is not None else None


def _read_events(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, "a list of events: insert, update, update(columns), delete, truncate")
    if items is None:
        return None
    out = []
    for item in items:
        if isinstance(item, ast.Call) and item.callee.dotted == "update":
            columns = _column_args(r, item)
            if columns is None:
                return None
            out.append(d.EventDecl(d.Text("update", item.callee.span), columns))
            continue
        word = r.word_choice(item, ("insert", "update", "delete", "truncate"))
        if word is None:
            return None
        out.append(d.EventDecl(word, ()))
    return tuple(out)


def _read_call(r: _Reader, expr: ast.Expr) -> object:
    if not isinstance(expr, ast.Call):
        hint = f"write `{format_expr(expr)}()`" if isinstance(expr, ast.Path) else None
        r.fail(expr, help=hint)
        return None
    args = []
    for arg in expr.args:
        if isinstance(arg, ast.StringLit):
            args.append(d.Text(arg.value, arg.span))
        elif isinstance(arg, ast.NumberLit):
            args.append(d.Text(arg.text, arg.span))
        else:
            r.fail(arg, "a string or a number")
            return None
    return (_ref(expr.callee), tuple(args))


def _read_privileges(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        target = item.callee if isinstance(item, ast.Call) else item
        word = r.word_choice(target, r.attr.choices)
        if word is None:
            return None
        columns: tuple[d.Ref, ...] | None = ()
        if isinstance(item, ast.Call):
            columns = _column_args(r, item)
        if columns is None:
            return None
        out.append(d.Privilege(word, columns))
    return tuple(out)


_GRANT_KINDS = ("schema", "function", "procedure", "type", "sequence", "table")


def _read_grant_on(r: _Reader, expr: ast.Expr) -> object:
    items = _list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        if isinstance(item, ast.Call):
            kind = r.word_choice(item.callee, _GRANT_KINDS)
            if kind is None:
                return None
            ref = _ref(item.args[0]) if len(item.args) == 1 else None
            if ref is None:
                r.fail(item, f"`{kind.value}(name)`")
                return None
            out.append(d.GrantOn(kind, ref))
            continue
        ref = _ref(item)
        if ref is None:
            r.fail(item, "a name, or `schema(name)`, `function(name)`, ...")
            return None
        out.append(d.GrantOn(None, ref))
    return tuple(out)


_READERS: dict[ValueKind, Callable[[_Reader, ast.Expr], object]] = {
    ValueKind.STRING: _read_string,
    ValueKind.BOOL: _read_bool,
    ValueKind.INT: _read_int,
    ValueKind.NUMBER: _read_number,
    ValueKind.WORD: _read_word,
    ValueKind.NAME: _read_name,
    ValueKind.SQL: _read_sql,
    ValueKind.DEFAULT: _read_default,
    ValueKind.REF: _read_ref,
    ValueKind.COLUMNS: _read_columns,
    ValueKind.STRINGS: _read_strings,
    ValueKind.NAMES: _read_names,
    ValueKind.REFS: _read_refs,
    ValueKind.TYPE: _read_type,
    ValueKind.INDEX_ON: lambda r, e: _read_elements(r, e, exclusion=False),
    ValueKind.EXCLUDE_ON: lambda r, e: _read_elements(r, e, exclusion=True),
    ValueKind.PARTITION_BY: _read_partition_by,
    ValueKind.BOUND: _read_bound,
    ValueKind.FK_TARGET: _read_fk_target,
    ValueKind.COLUMN_REF: _read_column_ref,
    ValueKind.ACTION: _read_action,
    ValueKind.EVENTS: _read_events,
    ValueKind.CALL: _read_call,
    ValueKind.RETURNS: _read_returns,
    ValueKind.STRING_MAP: _read_string_map,
    ValueKind.PRIVILEGES: _read_privileges,
    ValueKind.GRANT_ON: _read_grant_on,
}


def read_value(sink: DiagnosticSink, name: str, attr: Attr, expr: ast.Expr) -> object:
    """The value of attribute ``name`` read as ``attr.kind``, or None after a diagnostic."""
    reader = _Reader(sink, name, attr)
    value = _READERS[attr.kind](reader, expr)
    return None if reader.failed else value
