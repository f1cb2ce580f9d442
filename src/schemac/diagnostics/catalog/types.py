"""Type errors and warnings (E03xx, W03xx)."""

from __future__ import annotations

import re

from schemac.diagnostics import Diagnostic, Edit, Fix
from schemac.diagnostics.catalog._base import code, error, remove_mark, rename_fixes, warning
from schemac.diagnostics.suggest import did_you_mean
from schemac.source import Span

__all__ = [
    "E_COLLATION_TYPE",
    "E_DEFAULT_TYPE",
    "E_ENUM_DEFAULT",
    "E_IDENTITY_TYPE",
    "E_NULLABLE_HERE",
    "E_NULLABLE_POSITION",
    "E_PSEUDO_TYPE",
    "E_SELF_TYPED",
    "E_SEQUENCE_TYPE",
    "E_SERIAL",
    "E_TYPE_MODIFIERS",
    "E_UNKNOWN_TYPE",
    "W_UNVERIFIED_TYPE",
    "bad_type_modifiers",
    "collation_on_type",
    "default_type_mismatch",
    "enum_default_not_value",
    "identity_not_integer",
    "nullable_not_allowed",
    "nullable_position",
    "pseudo_type",
    "self_typed",
    "sequence_not_integer",
    "serial_type",
    "unknown_type",
    "unverified_type",
]

E_UNKNOWN_TYPE = code(
    "E0301",
    "unknown-type",
    "an unknown type",
    owner="check/rules/known_types.py",
    docs="""
    Neither a built-in type (in any of its spellings: `int`, `integer`, `int4`), nor a
    declared enum, domain or composite type in scope, nor a type of a declared extension.
    A type that a known extension brings (`citext`, `geometry`, `vector`) gets a help line
    naming the extension to declare.
    """,
)
E_SELF_TYPED = code(
    "E0312",
    "self-typed",
    "a column or field whose type contains its own table or type",
    owner="check/rules/self_typed_columns.py",
    docs="""
    A table's row type exists only once the table does, and a row cannot hold itself: a
    column of its own table's type, or a composite type with a field of its own type, is
    refused. Reference the other row by its key instead.
    """,
)
E_TYPE_MODIFIERS = code(
    "E0302",
    "bad-type-modifiers",
    "a type's modifiers are wrong",
    owner="check/rules/known_types.py",
    docs="""
    `varchar` takes one length, `numeric` a precision (1 to 1000) and a scale, `time`,
    `timestamp` and `interval` a precision from 0 to 6, most types none.
    """,
)
E_NULLABLE_HERE = code(
    "E0303",
    "nullable-not-allowed",
    "`?` where nullability has no meaning",
    owner="check/value_types.py",
    docs="""
    `?` marks a nullable column. Domains use `not_null = true`; composite fields,
    arguments and results are always nullable.
    """,
)
E_IDENTITY_TYPE = code(
    "E0304",
    "identity-not-integer",
    "an identity column that is not an integer",
    owner="check/rules/identity_type.py",
    docs="""
    Identity columns are `smallint`, `integer` or `bigint`, the
    types a sequence can give: `text { identity = always }` is refused.
    """,
)
E_SEQUENCE_TYPE = code(
    "E0305",
    "sequence-not-integer",
    "a sequence type that is not an integer",
    owner="check/rules/sequence_type.py",
    docs="""
    A sequence's `type` is `smallint`, `integer` or `bigint` (the default), as
    PostgreSQL requires: `type = text` or `type = numeric` is refused.
    """,
)
E_DEFAULT_TYPE = code(
    "E0306",
    "default-type-mismatch",
    "a default literal that does not fit the column's type",
    owner="check/rules/default_fits_type.py",
    docs="""
    `default = "abc"` on an integer column, `default = 1` on a boolean. Strings are
    checked where the type's format is simple (numbers, booleans, uuid, json); for other
    types PostgreSQL checks them when the table is created. Use `sql("...")` for
    expressions.
    """,
)
E_ENUM_DEFAULT = code(
    "E0307",
    "enum-default-not-value",
    "an enum default that is not one of its values",
    owner="check/rules/enum_default.py",
    docs="""
    A string default on a column of an enum type must be one of the enum's values
    (`default = "canceled"` where the values are `"pending"` ... `"cancelled"`); the help
    suggests the closest value, or lists them all. Each element of an array default is
    checked, and so is each new name in an enum's `renamed_values`.
    """,
)
E_PSEUDO_TYPE = code(
    "E0308",
    "pseudo-type",
    "a pseudo-type where only a real type can stand",
    owner="check/rules/known_types.py",
    docs="""
    `void`, `trigger`, `record`, `anyelement` ... appear only in function signatures.
    """,
)
E_SERIAL = code(
    "E0309",
    "serial-type",
    "`serial` types, which PostgreSQL only expands",
    owner="check/rules/known_types.py",
    docs="""
    `serial` is shorthand for an integer column with a sequence default; write
    `integer { identity = by_default }` instead (PostgreSQL's own advice).
    """,
)
E_NULLABLE_POSITION = code(
    "E0310",
    "nullable-position",
    "`?` before `[]`",
    owner="check/value_types.py",
    docs="""
    `?` marks the column nullable, so it comes after the whole type: a nullable array is
    `text[]?`, not `text?[]`. (An array's elements may always be null.)
    """,
)
E_COLLATION_TYPE = code(
    "E0311",
    "collation-on-type",
    "a collation on a type that has none",
    owner="check/rules/collation_type.py",
    docs="""
    Collations apply to text types (`text`, `varchar`, `char`, `name`, `citext`) and to
    domains and arrays over them.
    """,
)
W_UNVERIFIED_TYPE = code(
    "W0301",
    "unverified-type",
    "an unknown type, assumed to come from an extension",
    owner="check/rules/known_types.py",
    docs="""
    When the schema declares an extension schemac knows nothing about, an unknown type is
    assumed to be that extension's: a warning, so a typo is still visible.
    """,
)


def unknown_type(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_TYPE,
        f"unknown type `{name}`",
        span,
        "not a known type",
        help=help,
        fixes=rename_fixes(span, help),
    )


def bad_type_modifiers(span: Span, type_name: str, problem: str) -> Diagnostic:
    return error(E_TYPE_MODIFIERS, f"`{type_name}` {problem}", span, "invalid modifiers")


def nullable_not_allowed(span: Span, what: str) -> Diagnostic:
    return error(
        E_NULLABLE_HERE,
        f"`?` has no meaning for {what}",
        span,
        "remove this `?`",
        help="`?` marks a nullable column; domains use `not_null`, the rest are always nullable",
        fixes=remove_mark(span, "?"),
    )


def nullable_position(span: Span, type_text: str) -> Diagnostic:
    return error(
        E_NULLABLE_POSITION,
        "`?` goes after `[]`",
        span,
        "misplaced `?`",
        help=f"write `{type_text}[]?` for a nullable array",
        fixes=_nullable_last(span),
    )


_BRACKETS = re.compile(r"(?:\s*\[\s*\])+")


def _nullable_last(mark: Span) -> tuple[Fix, ...]:
    """`text?[]` to `text[]?`: the `?` moves after the brackets (or goes, if one is there)."""
    text = mark.file.text
    brackets = _BRACKETS.match(text, mark.end)
    if mark.text != "?" or brackets is None:
        return ()
    end = brackets.end()
    edits = [Edit(span=mark, replacement="")]
    if not text.startswith("?", end):
        edits.append(Edit(span=Span(end, end, mark.file), replacement="?"))
    return (Fix(title="Move the `?` after the `[]`", edits=tuple(edits)),)


def identity_not_integer(span: Span, column: str, type_name: str) -> Diagnostic:
    return error(
        E_IDENTITY_TYPE,
        f"identity column `{column}` has type `{type_name}`",
        span,
        "not smallint, integer or bigint",
        help="identity columns must be smallint, integer or bigint",
    )


def sequence_not_integer(span: Span, name: str, type_name: str) -> Diagnostic:
    return error(
        E_SEQUENCE_TYPE,
        f"sequence `{name}` has type `{type_name}`",
        span,
        "not smallint, integer or bigint",
        help="a sequence's type is smallint, integer or bigint",
    )


def default_type_mismatch(span: Span, column: str, type_name: str, found: str) -> Diagnostic:
    return error(
        E_DEFAULT_TYPE,
        f"the default of `{column}` is {found}, which does not fit `{type_name}`",
        span,
        f"not of type `{type_name}`",
        help='write a literal of the column\'s type, or an expression: sql("...")',
    )


def enum_default_not_value(
    span: Span, value: str, enum: str, values: tuple[str, ...]
) -> Diagnostic:
    help = did_you_mean(value, values) or "the values are " + ", ".join(f'"{v}"' for v in values)
    return error(
        E_ENUM_DEFAULT,
        f'"{value}" is not a value of enum `{enum}`',
        span,
        "not one of the enum's values",
        help=help,
        fixes=rename_fixes(span, help),
    )


def pseudo_type(span: Span, name: str, where: str) -> Diagnostic:
    return error(
        E_PSEUDO_TYPE,
        f"`{name}` is a pseudo-type and cannot be the type of {where}",
        span,
        "a pseudo-type",
        help="pseudo-types (void, trigger, record, any...) only appear in function signatures",
    )


def serial_type(span: Span, name: str, integer: str) -> Diagnostic:
    return error(
        E_SERIAL,
        f"`{name}` is not a type",
        span,
        "not a type",
        help=f"write `{integer} {{ identity = by_default }}`: an identity column does what "
        f"`{name}` did, and is what PostgreSQL recommends",
    )


def collation_on_type(span: Span, type_name: str) -> Diagnostic:
    return error(
        E_COLLATION_TYPE,
        f"`{type_name}` has no collation",
        span,
        "not a text type",
        help="collations apply to text types (text, varchar, char) and domains over them",
    )


def unverified_type(span: Span, name: str, extensions: tuple[str, ...]) -> Diagnostic:
    quoted = [f"`{e}`" for e in extensions]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    verb = "provides" if len(quoted) == 1 else "provide"
    return warning(
        W_UNVERIFIED_TYPE,
        f"type `{name}` is not known; assuming an extension provides it",
        span,
        "unverified type",
        help=f"schemac does not know what {listed} {verb}; a typo here shows only when applied",
    )


def self_typed(span: Span, what: str, owner: str) -> Diagnostic:
    return error(
        E_SELF_TYPED,
        f"{what} has the type `{owner}`, which contains it",
        span,
        "its own row type",
        help="a row cannot hold itself; reference the other row by its key instead",
    )
