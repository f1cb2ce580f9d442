"""Name errors: duplicates and lengths (E02xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.catalog._base import article, code, earlier, error, plural
from schemac.source import Span

__all__ = [
    "E_DUPLICATE_COLUMN",
    "E_DUPLICATE_CONSTRAINT",
    "E_DUPLICATE_ENUM_VALUE",
    "E_DUPLICATE_FUNCTION",
    "E_DUPLICATE_OBJECT",
    "E_DUPLICATE_SETTING",
    "E_EMPTY_NAME",
    "E_NAME_TOO_LONG",
    "duplicate_column",
    "duplicate_constraint",
    "duplicate_enum_value",
    "duplicate_function",
    "duplicate_object",
    "duplicate_setting",
    "empty_name",
    "name_too_long",
]

E_DUPLICATE_OBJECT = code("E0201", "two objects of one schema share a name")
E_DUPLICATE_COLUMN = code("E0202", "two columns (or fields, or arguments) share a name")
E_DUPLICATE_CONSTRAINT = code(
    "E0203", "two constraints, triggers or policies of a table share a name"
)
E_DUPLICATE_SETTING = code("E0204", "a schema's attribute is set in two of its blocks")
E_DUPLICATE_FUNCTION = code("E0205", "two functions with the same name and argument types")
E_DUPLICATE_ENUM_VALUE = code("E0206", "an enum lists a value twice")
E_NAME_TOO_LONG = code("E0207", "a name longer than PostgreSQL's 63 bytes")
E_EMPTY_NAME = code("E0208", "an empty name")


def duplicate_object(span: Span, first: Span, kind: str, name: str, first_kind: str) -> Diagnostic:
    if kind == first_kind:
        message = f"{kind} `{name}` is declared twice"
    else:
        message = f"{kind} `{name}` has the name of {article(first_kind)}"
    return error(
        E_DUPLICATE_OBJECT,
        message,
        span,
        "declared again here",
        secondary=earlier(first, f"the {first_kind} `{name}` is declared here"),
        help="collations of one schema need distinct names"
        if kind == "collation"
        else "tables, views, sequences, indexes and types of one schema need distinct names",
    )


def duplicate_column(span: Span, first: Span, what: str, name: str, owner: str) -> Diagnostic:
    return error(
        E_DUPLICATE_COLUMN,
        f"{what} `{name}` appears twice in {owner}",
        span,
        "declared again here",
        secondary=earlier(first),
    )


def duplicate_constraint(span: Span, first: Span, what: str, name: str, table: str) -> Diagnostic:
    return error(
        E_DUPLICATE_CONSTRAINT,
        f"two {plural(what)} of `{table}` are named `{name}`",
        span,
        "declared again here",
        secondary=earlier(first),
        help="give each one its own name",
    )


def duplicate_setting(span: Span, first: Span, name: str, schema: str) -> Diagnostic:
    return error(
        E_DUPLICATE_SETTING,
        f"`{name}` of schema `{schema}` is set in two of its blocks",
        span,
        "set again here",
        secondary=earlier(first, "first set here"),
        help="a schema may be opened in several files, but each attribute is set once",
    )


def duplicate_function(span: Span, first: Span, name: str, signature: str) -> Diagnostic:
    return error(
        E_DUPLICATE_FUNCTION,
        f"function `{name}({signature})` is declared twice",
        span,
        "declared again here",
        secondary=earlier(first),
        help="functions may share a name only if their argument types differ",
    )


def duplicate_enum_value(span: Span, first: Span, value: str, enum: str) -> Diagnostic:
    return error(
        E_DUPLICATE_ENUM_VALUE,
        f"enum `{enum}` lists `{value}` twice",
        span,
        "listed again here",
        secondary=earlier(first, "first listed here"),
    )


def name_too_long(
    span: Span, name: str, size: int, limit: int, *, label: bool = False
) -> Diagnostic:
    if label:
        return error(
            E_NAME_TOO_LONG,
            f"enum value `{name[:20]}…` is {size} bytes long; PostgreSQL takes at most {limit}",
            span,
            "too long",
            help="PostgreSQL rejects longer enum values; choose a shorter one",
        )
    return error(
        E_NAME_TOO_LONG,
        f"`{name[:20]}…` is {size} bytes long; PostgreSQL keeps only {limit}",
        span,
        "too long",
        help="PostgreSQL would silently cut the name; choose a shorter one",
    )


def empty_name(span: Span) -> Diagnostic:
    return error(E_EMPTY_NAME, "a name cannot be empty", span, "empty name")
