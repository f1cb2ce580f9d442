"""Unresolved references (E04xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.catalog._base import article, code, error
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

E_UNKNOWN_COLUMN = code("E0401", "an unknown column")
E_UNKNOWN_TABLE = code("E0402", "an unknown table")
E_UNKNOWN_FUNCTION = code("E0403", "an unknown function")
E_UNKNOWN_SCHEMA = code("E0404", "an unknown schema")
E_UNKNOWN_OBJECT = code("E0405", "an unknown object in a grant or a dependency")
E_AMBIGUOUS_FUNCTION = code("E0406", "a function name with several overloads")
E_WRONG_KIND = code("E0407", "a reference to an object of the wrong kind")
E_LONG_REFERENCE = code("E0408", "a reference with too many parts")
E_UNKNOWN_COLLATION = code("E0409", "an unknown collation")
E_UNKNOWN_INDEX = code("E0410", "a partition's copy of an index not above it")


def unknown_column(span: Span, column: str, table: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_COLUMN,
        f"unknown column `{column}` in `{table}`",
        span,
        f"`{table}` has no such column",
        help=help,
    )


def unknown_table(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(E_UNKNOWN_TABLE, f"unknown table `{name}`", span, "no such table", help=help)


def unknown_function(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_FUNCTION, f"unknown function `{name}`", span, "no such function", help=help
    )


def unknown_schema(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(E_UNKNOWN_SCHEMA, f"unknown schema `{name}`", span, "no such schema", help=help)


def unknown_object(span: Span, what: str, name: str, help: str | None) -> Diagnostic:
    return error(E_UNKNOWN_OBJECT, f"unknown {what} `{name}`", span, f"no such {what}", help=help)


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
        E_UNKNOWN_COLLATION, f"unknown collation `{name}`", span, "no such collation", help=help
    )


def unknown_index(span: Span, name: str, partition: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_INDEX,
        f"`{name}` is not an index above partition `{partition}`",
        span,
        "no such index, primary key, unique or exclusion constraint above it",
        help=help or "`of` names an index or key of the table, or an index of a partition above",
    )
