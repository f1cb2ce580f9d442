"""Type errors and warnings (E03xx, W03xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.catalog._base import code, error, warning
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

E_UNKNOWN_TYPE = code("E0301", "an unknown type")
E_SELF_TYPED = code("E0312", "a column or field whose type contains its own table or type")
E_TYPE_MODIFIERS = code("E0302", "a type's modifiers are wrong")
E_NULLABLE_HERE = code("E0303", "`?` where nullability has no meaning")
E_IDENTITY_TYPE = code("E0304", "an identity column that is not an integer")
E_SEQUENCE_TYPE = code("E0305", "a sequence type that is not an integer")
E_DEFAULT_TYPE = code("E0306", "a default literal that does not fit the column's type")
E_ENUM_DEFAULT = code("E0307", "an enum default that is not one of its values")
E_PSEUDO_TYPE = code("E0308", "a pseudo-type where only a real type can stand")
E_SERIAL = code("E0309", "`serial` types, which PostgreSQL only expands")
E_NULLABLE_POSITION = code("E0310", "`?` before `[]`")
E_COLLATION_TYPE = code("E0311", "a collation on a type that has none")
W_UNVERIFIED_TYPE = code("W0301", "an unknown type, assumed to come from an extension")


def unknown_type(span: Span, name: str, help: str | None) -> Diagnostic:
    return error(E_UNKNOWN_TYPE, f"unknown type `{name}`", span, "not a known type", help=help)


def bad_type_modifiers(span: Span, type_name: str, problem: str) -> Diagnostic:
    return error(E_TYPE_MODIFIERS, f"`{type_name}` {problem}", span, "invalid modifiers")


def nullable_not_allowed(span: Span, what: str) -> Diagnostic:
    return error(
        E_NULLABLE_HERE,
        f"`?` has no meaning for {what}",
        span,
        "remove this `?`",
        help="`?` marks a nullable column; domains use `not_null`, the rest are always nullable",
    )


def nullable_position(span: Span, type_text: str) -> Diagnostic:
    return error(
        E_NULLABLE_POSITION,
        "`?` goes after `[]`",
        span,
        "misplaced `?`",
        help=f"write `{type_text}[]?` for a nullable array",
    )


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
