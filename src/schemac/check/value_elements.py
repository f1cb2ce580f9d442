"""Reading structured values: index elements, partition keys and bounds, references, events."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.value_reader import (
    INDEX_WORDS,
    Reader,
    as_collation,
    as_list,
    as_literal,
    as_ref,
    as_sql,
    as_string,
    as_word,
    is_sql_call,
)
from schemac.diagnostics import catalog as cat
from schemac.dialects.postgres.tables import OPERATOR
from schemac.syntax import ast
from schemac.syntax.printer import format_expr

__all__ = [
    "read_action",
    "read_bound",
    "read_call",
    "read_elements",
    "read_events",
    "read_fk_target",
    "read_grant_on",
    "read_partition_by",
    "read_privileges",
]

# The value readers see no dialect: an operator is one as PostgreSQL lexes it.
_OPERATOR_HELP = (
    "an operator is made of `+ - * / < > = ~ ! @ # % ^ & | ?`, or is `OPERATOR(schema.op)`"
)


def _element(r: Reader, expr: ast.Expr, exclusion: bool) -> d.ElementDecl | None:
    terms = expr.terms if isinstance(expr, ast.Phrase) else (expr,)
    head = terms[0]
    column = None
    expression = None
    if is_sql_call(head):
        expression = as_sql(head, plain_strings=False)
        if expression is None:
            r.fail(head, 'sql("...") with one string')
            return None
    else:
        column = as_ref(head)
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
        word = as_word(term)
        following = as_word(terms[i + 1]) if i + 1 < len(terms) else None
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
            if not OPERATOR.match(op.value):
                r.failed = True
                found = f"`{op.value}`, which is not one"
                r.sink.emit(cat.wrong_value(op.span, r.name, "an operator", found, _OPERATOR_HELP))
                return None
            operator = d.Text(op.value, op.span)
            i += 1
        elif isinstance(term, ast.Call) and term.callee.dotted == "opclass":
            arg = term.args[0] if len(term.args) == 1 else None
            opclass = as_word(arg) or as_string(arg) if arg is not None else None
            if opclass is None:
                r.fail(term, "`opclass(name)`")
                return None
        elif isinstance(term, ast.Call) and term.callee.dotted == "collate":
            arg = term.args[0] if len(term.args) == 1 else None
            collation = as_collation(arg) if arg is not None else None
            if collation is None:
                r.fail(term, '`collate(name)`, `collate(schema.name)` or `collate("name")`')
                return None
        else:
            found = word.value if word is not None else format_expr(term)
            options = list(INDEX_WORDS) + (['with "op"'] if exclusion else [])
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


def read_elements(r: Reader, expr: ast.Expr, exclusion: bool) -> object:
    items = as_list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        element = _element(r, item, exclusion)
        if element is None:
            return None
        out.append(element)
    return tuple(out)


def read_partition_by(r: Reader, expr: ast.Expr) -> object:
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


def _bound_value(r: Reader, expr: ast.Expr) -> d.BoundValue | None:
    word = as_word(expr)
    if word is not None and word.value in ("minvalue", "maxvalue"):
        return word
    literal = as_literal(expr)
    if literal is None or literal.kind == "array":
        hint = None
        if word is not None:
            hint = f'a literal: "{word.value}", a number, or `minvalue`/`maxvalue`'
        r.fail(expr, "a literal", hint)
        return None
    return literal


def read_bound(r: Reader, expr: ast.Expr) -> object:
    items = expr.items if isinstance(expr, ast.ListExpr) else (expr,)
    out = []
    for item in items:
        value = _bound_value(r, item)
        if value is None:
            return None
        out.append(value)
    return tuple(out)


def _column_args(r: Reader, call: ast.Call) -> tuple[d.Ref, ...] | None:
    """The arguments of `f(a, b)` as column names."""
    columns = []
    for arg in call.args:
        ref = as_ref(arg)
        if ref is None or len(ref.parts) != 1:
            r.fail(arg, "a column name")
            return None
        columns.append(ref)
    return tuple(columns)


def read_fk_target(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.Path):
        return (as_ref(expr), None)
    if isinstance(expr, ast.Call):
        columns = _column_args(r, expr)
        return (as_ref(expr.callee), columns) if columns is not None else None
    r.fail(expr)
    return None


def read_action(r: Reader, expr: ast.Expr) -> object:
    if isinstance(expr, ast.Call) and expr.callee.dotted in ("set_null", "set_default"):
        columns = _column_args(r, expr)
        if columns is None:
            return None
        return (d.Text(expr.callee.dotted, expr.callee.span), columns)
    word = r.word_choice(expr, r.attr.choices)
    return (word, ()) if word is not None else None


def read_events(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, "a list of events: insert, update, update(columns), delete, truncate")
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


def read_call(r: Reader, expr: ast.Expr) -> object:
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
    return (as_ref(expr.callee), tuple(args))


def read_privileges(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, r.attr.kind.value)
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


def read_grant_on(r: Reader, expr: ast.Expr) -> object:
    items = as_list(r, expr, r.attr.kind.value)
    if items is None:
        return None
    out = []
    for item in items:
        if isinstance(item, ast.Call):
            kind = r.word_choice(item.callee, _GRANT_KINDS)
            if kind is None:
                return None
            ref = as_ref(item.args[0]) if len(item.args) == 1 else None
            if ref is None:
                r.fail(item, f"`{kind.value}(name)`")
                return None
            out.append(d.GrantOn(kind, ref))
            continue
        ref = as_ref(item)
        if ref is None:
            r.fail(item, "a name, or `schema(name)`, `function(name)`, ...")
            return None
        out.append(d.GrantOn(None, ref))
    return tuple(out)
