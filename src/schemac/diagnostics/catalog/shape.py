"""Shape errors: kinds, attributes and values (E01xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label
from schemac.diagnostics.catalog._base import code, error, rename_fixes, replace
from schemac.diagnostics.suggest import Suggestion, did_you_mean, suggestions
from schemac.source import Span

__all__ = [
    "E_CONFLICT",
    "E_DUPLICATE_ATTR",
    "E_ELEMENT_OPTION",
    "E_HEADER",
    "E_INVALID_CHOICE",
    "E_LABEL",
    "E_MISPLACED",
    "E_MISSING_ATTR",
    "E_UNKNOWN_ATTR",
    "E_UNKNOWN_KIND",
    "E_WRONG_VALUE",
    "attribute_needs",
    "conflicting_attributes",
    "duplicate_attribute",
    "invalid_choice",
    "misplaced_block",
    "missing_attribute",
    "missing_label",
    "missing_type",
    "trigger_without_timing",
    "unexpected_label",
    "unexpected_type",
    "unknown_attribute",
    "unknown_block_kind",
    "unknown_element_option",
    "wrong_value",
]

E_UNKNOWN_KIND = code(
    "E0101",
    "unknown-block-kind",
    "an unknown block kind",
    owner="check/reader.py",
    docs="""
    A block whose kind the language does not have, with a suggestion when one is close
    (`tabel` → `table`). Names declared by such a block are not reported again as
    unknown where they are used.
    """,
)
E_UNKNOWN_ATTR = code(
    "E0102",
    "unknown-attribute",
    "an unknown attribute",
    owner="check/reader.py",
    docs="""
    An attribute the block does not take (`colation` → `collation`). When the name is a
    block kind here (`column = ...`), the help says so. `of` is taken by an `index` of a
    partition only (its copy of an index above it).
    """,
)
E_WRONG_VALUE = code(
    "E0103",
    "wrong-value",
    "an attribute's value has the wrong shape",
    owner="check/value_reader.py",
    docs="""
    The value is of the wrong kind: a string where `true` or `false` is needed, a name
    where a list is needed (`primary_key = id` → `[id]`), a plain word where SQL must be
    given (`default = now()` → `default = sql("now()")`).
    """,
)
E_MISSING_ATTR = code(
    "E0104",
    "missing-attribute",
    "a required attribute is missing",
    owner="check/reader.py",
    docs="""
    `enum` needs `values`, `view` needs `as`, `index` needs `on` (or, in a partition,
    `of`), `foreign_key` needs
    `columns` and `references`, a trigger needs `execute` and one of `before`, `after` or
    `instead_of`, and so on.
    """,
)
E_DUPLICATE_ATTR = code(
    "E0105",
    "duplicate-attribute",
    "an attribute is given twice",
    owner="check/reader.py",
    docs="""
    `comment = "a"` and, further down the same block, `comment = "b"`: an attribute
    is set once per block. The second one is reported, with the first marked.
    """,
)
E_LABEL = code(
    "E0106",
    "block-name",
    "a block's name is missing, or given where none is taken",
    owner="check/reader.py",
    docs="""
    `table { ... }` needs a name: `table "users" { ... }`. An `identity { ... }` block
    takes none. A partition's copy of an index (`index { of = x }`) needs the name it has.
    """,
)
E_MISPLACED = code(
    "E0107",
    "misplaced-block",
    "a block stands where it cannot",
    owner="check/reader.py",
    docs="""
    A known kind in the wrong place: a `column` outside a table, a `schema` inside a
    schema, an `index` in a view. The help says where it belongs.
    """,
)
E_HEADER = code(
    "E0108",
    "block-type",
    "a block's type is missing, or given where none is taken",
    owner="check/reader.py",
    docs="""
    `column "id"` needs a type: `column "id" bigint`. `table users { }` is taken as a
    table with a type; names are strings: `table "users"`.
    """,
)
E_INVALID_CHOICE = code(
    "E0109",
    "invalid-choice",
    "a word that is not one of an attribute's choices",
    owner="check/value_reader.py",
    docs="""
    `identity = sometimes`: the attribute takes one of a few words (`always`,
    `by_default`). Also used for a privilege that does not apply to the object it is
    granted on (`execute` on a table).
    """,
)
E_CONFLICT = code(
    "E0110",
    "conflicting-attributes",
    "two attributes that cannot be used together",
    owner="check/shape_table.py",
    docs="""
    `identity = always` and an `identity { }` block on one column; `before` and `after`
    on one trigger; `on_delete` on a column without `references`; a collation's `locale`
    with `lc_collate` or `lc_ctype` (`locale` sets both); `of` with `on` (or `unique`,
    `using`, `where`, ...) in a partition's index: a copy is the index it copies.
    """,
)
E_ELEMENT_OPTION = code(
    "E0111",
    "unknown-element-option",
    "an unknown option on an index element",
    owner="check/value_elements.py",
    docs="""
    An index element is a column or `sql("...")` followed by `asc`, `desc`,
    `nulls first`, `nulls last`, `opclass(name)` or `collate(name)` (and, in an
    exclusion constraint, `with "operator"`).
    """,
)


def unknown_block_kind(span: Span, kind: str, where: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_KIND,
        f"unknown block kind `{kind}` {where}",
        span,
        "unknown kind",
        help=help,
        fixes=rename_fixes(span, help),
    )


def unknown_attribute(span: Span, name: str, where: str, help: str | None) -> Diagnostic:
    return error(
        E_UNKNOWN_ATTR,
        f"unknown attribute `{name}` {where}",
        span,
        "unknown attribute",
        help=help,
        fixes=rename_fixes(span, help),
    )


def wrong_value(span: Span, name: str, expected: str, found: str, help: str | None) -> Diagnostic:
    return error(
        E_WRONG_VALUE,
        f"`{name}` expects {expected}, found {found}",
        span,
        f"expected {expected}",
        help=help,
    )


def missing_attribute(span: Span, name: str, what: str, example: str) -> Diagnostic:
    return error(
        E_MISSING_ATTR,
        f"{what} needs `{name}`",
        span,
        f"`{name}` is missing",
        help=f"add `{name} = {example}`",
    )


def duplicate_attribute(span: Span, first: Span, name: str) -> Diagnostic:
    return error(
        E_DUPLICATE_ATTR,
        f"`{name}` is given twice",
        span,
        "given again here",
        secondary=(Label(span=first, message="first given here"),),
        help="keep one of them",
    )


def missing_label(span: Span, kind: str, example: str) -> Diagnostic:
    return error(E_LABEL, f"`{kind}` needs a name", span, "no name", help=f"write `{example}`")


def unexpected_label(span: Span, kind: str) -> Diagnostic:
    return error(
        E_LABEL, f"`{kind}` takes no name", span, "not expected here", help="remove the name"
    )


def misplaced_block(span: Span, kind: str, where: str, allowed: str) -> Diagnostic:
    return error(
        E_MISPLACED,
        f"`{kind}` cannot stand {where}",
        span,
        "not allowed here",
        help=f"`{kind}` belongs {allowed}",
    )


def missing_type(span: Span, kind: str, example: str) -> Diagnostic:
    return error(E_HEADER, f"`{kind}` needs a type", span, "no type", help=f"write `{example}`")


def unexpected_type(span: Span, kind: str, help: str | None) -> Diagnostic:
    return error(E_HEADER, f"`{kind}` takes no type", span, "not expected here", help=help)


def invalid_choice(span: Span, name: str, value: str, choices: tuple[str, ...]) -> Diagnostic:
    listed = ", ".join(f"`{c}`" for c in choices)
    close = suggestions(value, choices)
    help = f"{Suggestion(close)} the choices are {listed}" if close else f"use one of {listed}"
    return error(
        E_INVALID_CHOICE,
        f"`{value}` is not a valid value for `{name}`",
        span,
        "not one of the choices",
        help=help,
        # Choices are words: each is written as it is, never quoted.
        fixes=tuple(fix for c in close for fix in replace(f"Change to `{c}`", span, c)),
    )


def conflicting_attributes(span: Span, other: Span, a: str, b: str, help: str) -> Diagnostic:
    return error(
        E_CONFLICT,
        f"`{a}` cannot be used together with `{b}`",
        span,
        f"`{a}` here",
        secondary=(Label(span=other, message=f"`{b}` here"),),
        help=help,
    )


def unknown_element_option(span: Span, word: str, options: tuple[str, ...]) -> Diagnostic:
    plain = [o.split("(")[0] for o in options]
    help = did_you_mean(word, plain) or "the options are " + ", ".join(f"`{o}`" for o in options)
    return error(
        E_ELEMENT_OPTION,
        f"unknown option `{word}` on an element",
        span,
        "unknown option",
        help=help,
    )


def attribute_needs(span: Span, name: str, needed: str, what: str) -> Diagnostic:
    return error(
        E_CONFLICT,
        f"`{name}` needs `{needed}`",
        span,
        f"`{name}` applies to {what}",
        help=f"add `{needed} = ...`, or remove `{name}`",
    )


def trigger_without_timing(span: Span) -> Diagnostic:
    return error(
        E_MISSING_ATTR,
        "a trigger needs `before`, `after` or `instead_of`",
        span,
        "no timing",
        help="add `before = [insert, update]` (or `after`, or `instead_of`)",
    )
