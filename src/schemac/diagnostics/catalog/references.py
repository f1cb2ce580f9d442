"""Unresolved references (E04xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.catalog._base import article, code, error, rename_fixes
from schemac.source import Span

__all__ = [
    "E_AMBIGUOUS_FUNCTION",
    "E_LONG_REFERENCE",
    "E_UNKNOWN_COLLATION",
    "E_UNKNOWN_COLUMN",
    "E_UNKNOWN_FUNCTION",
    "E_UNKNOWN_INDEX",
    "E_UNKNOWN_OBJECT",
    "E_UNKNOWN_SCHEMA",
    "E_UNKNOWN_TABLE",
    "E_WRONG_KIND",
    "ambiguous_function",
    "long_reference",
    "unknown_collation",
    "unknown_column",
    "unknown_function",
    "unknown_index",
    "unknown_object",
    "unknown_schema",
    "unknown_table",
    "wrong_kind",
]

E_UNKNOWN_COLUMN = code(
    "E0401",
    "unknown-column",
    "an unknown column",
    owner="check/rules/known_columns.py",
    docs="""
    A column named in a key, index, constraint, partition key, trigger or grant that the
    table does not have.
    """,
)
E_UNKNOWN_TABLE = code(
    "E0402",
    "unknown-table",
    "an unknown table",
    owner="check/scope.py",
    docs="""
    A foreign key or `owned_by` naming a table not in scope (a foreign key may name a
    partition too).
    """,
)
E_UNKNOWN_FUNCTION = code(
    "E0403",
    "unknown-function",
    "an unknown function",
    owner="check/rules/known_functions.py",
    docs="""
    A trigger executing a function not in scope (and not one of PostgreSQL's built-in
    trigger functions or those of a declared extension).
    """,
)
E_UNKNOWN_SCHEMA = code(
    "E0404",
    "unknown-schema",
    "an unknown schema",
    owner="check/rules/known_schemas.py",
    docs="""
    A qualified name (`blog.posts`), an extension's or a partition's `schema` or a grant
    on `schema(x)` naming a schema that is not declared.
    """,
)
E_UNKNOWN_OBJECT = code(
    "E0405",
    "unknown-object",
    "an unknown object in a grant or a dependency",
    owner="check/rules/known_grant_targets.py",
    docs="""
    A grant on an object that is not declared, a view's `depends_on` naming an unknown
    table or view, or a column default `sql("nextval('name')")` naming a sequence the
    schema does not declare.
    """,
)
E_AMBIGUOUS_FUNCTION = code(
    "E0406",
    "ambiguous-function",
    "a function name with several overloads",
    owner="check/rules/known_grant_targets.py",
    docs="""
    A trigger or grant names a function that has overloads, so which one is meant is
    unclear.
    """,
)
E_WRONG_KIND = code(
    "E0407",
    "wrong-kind",
    "a reference to an object of the wrong kind",
    owner="check/scope.py",
    docs="""
    A foreign key to a view, a trigger executing a procedure, `sequence(x)` naming a
    table.
    """,
)
E_LONG_REFERENCE = code(
    "E0408",
    "long-reference",
    "a reference with too many parts",
    owner="check/scope.py",
    docs="""
    A reference is `name`, `table.name` or `schema.table.name`.
    """,
)
E_UNKNOWN_COLLATION = code(
    "E0409",
    "unknown-collation",
    "an unknown collation",
    owner="check/rules/known_collations.py",
    docs="""
    `collation = app.numeric` (or `collate(app.numeric)`) where schema `app` declares no
    collation `numeric`. Only a qualified name is checked: an unqualified one the files
    do not declare (`"C"`, `"und-x-icu"`) is taken to be one PostgreSQL provides, and
    PostgreSQL says whether it exists.
    """,
)
E_UNKNOWN_INDEX = code(
    "E0410",
    "unknown-index",
    "a partition's copy of an index not above it",
    owner="check/rules/known_copies.py",
    docs="""
    `index "name" { of = x }` in a partition names its copy of the index `x` of its table
    (or a primary key, unique or exclusion constraint of it), or of a partition above it;
    here `x` is none of those. A foreign key or check constraint of that name is E0407.
    """,
)


def unknown_column(span: Span, column: str, table: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_COLUMN,
        f"unknown column `{column}` in `{table}`",
        span,
        f"`{table}` has no such column",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_table(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_TABLE,
        f"unknown table `{name}`",
        span,
        "no such table",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_function(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_FUNCTION,
        f"unknown function `{name}`",
        span,
        "no such function",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_schema(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_SCHEMA,
        f"unknown schema `{name}`",
        span,
        "no such schema",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_object(span: Span, what: str, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_OBJECT,
        f"unknown {what} `{name}`",
        span,
        f"no such {what}",
        help=help,
        fixes=rename_fixes(span, help),
    )


def ambiguous_function(span: Span, name: str, count: int) -> Diagnostic:
    return error(
        E_AMBIGUOUS_FUNCTION,
        f"`{name}` names {count} functions",
        span,
        "ambiguous",
        help="give the overloads distinct names, or keep one",
    )


def wrong_kind(span: Span, name: str, expected: str, actual: str) -> Diagnostic:
    return error(
        E_WRONG_KIND,
        f"`{name}` is {article(actual)}, not {article(expected)}",
        span,
        f"expected {article(expected)}",
    )


def long_reference(span: Span, ref: str, most: int) -> Diagnostic:
    forms = ["`name`", "`schema.name`", "`schema.table.column`"][: max(1, most)]
    return error(
        E_LONG_REFERENCE,
        f"`{ref}` has too many parts",
        span,
        f"at most {most} part{'s' if most != 1 else ''} here",
        help="write " + " or ".join(forms),
    )


def unknown_collation(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_COLLATION,
        f"unknown collation `{name}`",
        span,
        "no such collation",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_index(span: Span, name: str, partition: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_INDEX,
        f"`{name}` is not an index above partition `{partition}`",
        span,
        "no such index, primary key, unique or exclusion constraint above it",
        help=help or "`of` names an index or key of the table, or an index of a partition above",
        fixes=rename_fixes(span, help),
    )
