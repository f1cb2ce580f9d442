"""Every diagnostic schemac can emit: one factory per message, each with a stable code.

Codes: E00xx syntax, E01xx shape (kinds, attributes, values), E02xx names, E03xx
types, E04xx references, E05xx constraints; W-codes are warnings. docs/diagnostics.md
lists them all; a test keeps that page and this module in step.
"""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label, Severity
from schemac.diagnostics.suggest import did_you_mean
from schemac.source import Span

__all__ = ["CODES"]  # the factories are used as catalog.<name>

# code -> one-line summary; docs/diagnostics.md documents each.
CODES: dict[str, str] = {}


def _code(code: str, summary: str) -> str:
    CODES[code] = summary
    return code


def plural(word: str) -> str:
    """`policy` -> `policies`, `index` -> `indexes`, `check` -> `checks`."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def article(word: str) -> str:
    """`a table`, `an index`."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _error(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        message=message,
        primary=Label(span=span, message=label),
        secondary=secondary,
        help=help,
    )


def _warning(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.WARNING,
        message=message,
        primary=Label(span=span, message=label),
        secondary=secondary,
        help=help,
    )


# ---------------------------------------------------------------------------- syntax

E_UNEXPECTED = _code("E0001", "unexpected token")
E_UNCLOSED_BLOCK = _code("E0002", "a block's `{` is never closed")
E_MISSING_EQUALS = _code("E0003", "an attribute without `=`")
E_STRAY_COMMA = _code("E0004", "a comma with nothing to separate")
E_UNCLOSED_STRING = _code("E0005", "a string is not closed on its line")
E_UNCLOSED_HEREDOC = _code("E0006", "a heredoc has no closing line")
E_INVALID_CHAR = _code("E0007", "a character that cannot appear here")
E_UNCLOSED_BRACKET = _code("E0008", "a `[` or `(` is never closed")
E_INVALID_ESCAPE = _code("E0009", "an unknown escape in a string")
E_EXTRA_BRACE = _code("E0010", "a `}` with no open block")
E_UNCLOSED_COMMENT = _code("E0011", "a `/*` comment is never closed")
E_SINGLE_QUOTES = _code("E0012", "a string in single quotes")


def unexpected_token(span: Span, found: str, expected: str) -> Diagnostic:
    return _error(E_UNEXPECTED, f"expected {expected}, found {found}", span, f"expected {expected}")


def unclosed_block(brace: Span, eof: Span | None, suspect: Span | None) -> Diagnostic:
    secondary = [Label(span=eof, message="the file ends here")] if eof is not None else []
    if suspect is not None:
        secondary.insert(
            0, Label(span=suspect, message="perhaps a `}` is missing before this line")
        )
    return _error(
        E_UNCLOSED_BLOCK,
        "this block is never closed",
        brace,
        "this `{` has no matching `}`",
        secondary=tuple(secondary),
        help="add the missing `}`",
    )


def missing_equals(name: Span, at: Span, attribute: str) -> Diagnostic:
    return _error(
        E_MISSING_EQUALS,
        f"expected `=` after `{attribute}`",
        at,
        "expected `=` here",
        secondary=(Label(span=name, message="an attribute name"),),
        help=f"attributes are written `{attribute} = value`",
    )


def missing_equals_or_body(name: Span, label: Span, kind: str) -> Diagnostic:
    return _error(
        E_MISSING_EQUALS,
        f"expected `=` or a block body after `{kind}`",
        label,
        "a value or a block label",
        secondary=(Label(span=name, message="an attribute name or a block kind"),),
        help=(
            f"an attribute is written `{kind} = {label.text}`; a block needs braces,"
            f" even when empty: `{kind} {label.text} {{}}`"
        ),
    )


def missing_equals_in_block(span: Span, kind: str, value: str) -> Diagnostic:
    """Found by the checker: `unlogged true` parses as a block of unknown kind."""
    return _error(
        E_MISSING_EQUALS,
        f"expected `=` after `{kind}`",
        span,
        f"`{kind}` is an attribute here",
        help=f"write `{kind} = {value}`",
    )


def stray_comma(span: Span) -> Diagnostic:
    return _error(
        E_STRAY_COMMA,
        "stray `,`",
        span,
        "nothing before this comma to separate",
        help="remove this comma",
    )


def unclosed_string(span: Span) -> Diagnostic:
    return _error(
        E_UNCLOSED_STRING,
        "this string is not closed",
        span,
        "the string starts here and runs to the end of the line",
        help='add the closing `"`; a string cannot span lines (use a heredoc, `<<-EOT`, for that)',
    )


def unclosed_heredoc(span: Span, tag: str) -> Diagnostic:
    return _error(
        E_UNCLOSED_HEREDOC,
        f"this heredoc is never closed: no line holds only `{tag}`",
        span,
        "the heredoc starts here",
        help=f"end the text with a line holding only `{tag}`",
    )


_CHAR_HELP = {
    ";": "statements need no `;`; put each attribute on its own line, or separate them with `,`",
    ":": "attributes are written `name = value`",
    "'": 'strings are written in double quotes: "text"',
    "`": "a name in backticks must be closed on the same line: `like this`",
    "<": "heredocs start with `<<TAG` or `<<-TAG` followed by a new line",
    "-": "a `-` only starts a negative number",
    "@": "attributes are written `name = value`; there are no `@` annotations",
}


def invalid_character(span: Span, text: str) -> Diagnostic:
    shown = text if len(text) <= 12 else text[:11] + "…"
    what = "character" if len(text) == 1 else "characters"
    return _error(
        E_INVALID_CHAR,
        f"unexpected {what} `{shown}`",
        span,
        "not valid in a schema file",
        help=_CHAR_HELP.get(text[0]),
    )


def unclosed_bracket(bracket: Span, at: Span, char: str) -> Diagnostic:
    closing = "]" if char == "[" else ")"
    return _error(
        E_UNCLOSED_BRACKET,
        f"this `{char}` is never closed",
        bracket,
        f"this `{char}` has no matching `{closing}`",
        secondary=(Label(span=at, message=f"expected `{closing}` before this"),),
        help=f"add the missing `{closing}`",
    )


def invalid_escape(span: Span, escape: str) -> Diagnostic:
    return _error(
        E_INVALID_ESCAPE,
        f"unknown escape `{escape}` in a string",
        span,
        "unknown escape",
        help=(
            'the escapes are \\" \\\\ \\n \\r \\t \\uXXXX and \\UXXXXXXXX;'
            " write \\\\ for a backslash"
        ),
    )


def unexpected_closing_brace(span: Span) -> Diagnostic:
    return _error(
        E_EXTRA_BRACE,
        "unexpected `}`",
        span,
        "no block is open here",
        help="remove it, or look above for a block closed too early",
    )


def unclosed_comment(span: Span) -> Diagnostic:
    return _error(
        E_UNCLOSED_COMMENT,
        "this comment is never closed",
        span,
        "the comment starts here and runs to the end of the file",
        help="end it with `*/`",
    )


def single_quoted_string(span: Span) -> Diagnostic:
    return _error(
        E_SINGLE_QUOTES,
        "strings are written in double quotes",
        span,
        "single quotes",
        help=f'write "{span.text[1:-1]}"',
    )


# ---------------------------------------------------------------------------- shape

E_UNKNOWN_KIND = _code("E0101", "an unknown block kind")
E_UNKNOWN_ATTR = _code("E0102", "an unknown attribute")
E_WRONG_VALUE = _code("E0103", "an attribute's value has the wrong shape")
E_MISSING_ATTR = _code("E0104", "a required attribute is missing")
E_DUPLICATE_ATTR = _code("E0105", "an attribute is given twice")
E_LABEL = _code("E0106", "a block's name is missing, or given where none is taken")
E_MISPLACED = _code("E0107", "a block stands where it cannot")
E_HEADER = _code("E0108", "a block's type is missing, or given where none is taken")
E_INVALID_CHOICE = _code("E0109", "a word that is not one of an attribute's choices")
E_CONFLICT = _code("E0110", "two attributes that cannot be used together")
E_ELEMENT_OPTION = _code("E0111", "an unknown option on an index element")


def unknown_block_kind(span: Span, kind: str, where: str, help: str | None) -> Diagnostic:
    return _error(
        E_UNKNOWN_KIND, f"unknown block kind `{kind}` {where}", span, "unknown kind", help=help
    )


def unknown_attribute(span: Span, name: str, where: str, help: str | None) -> Diagnostic:
    return _error(
        E_UNKNOWN_ATTR, f"unknown attribute `{name}` {where}", span, "unknown attribute", help=help
    )


def wrong_value(span: Span, name: str, expected: str, found: str, help: str | None) -> Diagnostic:
    return _error(
        E_WRONG_VALUE,
        f"`{name}` expects {expected}, found {found}",
        span,
        f"expected {expected}",
        help=help,
    )


def missing_attribute(span: Span, name: str, what: str, example: str) -> Diagnostic:
    return _error(
        E_MISSING_ATTR,
        f"{what} needs `{name}`",
        span,
        f"`{name}` is missing",
        help=f"add `{name} = {example}`",
    )


def duplicate_attribute(span: Span, first: Span, name: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_ATTR,
        f"`{name}` is given twice",
        span,
        "given again here",
        secondary=(Label(span=first, message="first given here"),),
        help="keep one of them",
    )


def missing_label(span: Span, kind: str, example: str) -> Diagnostic:
    return _error(E_LABEL, f"`{kind}` needs a name", span, "no name", help=f"write `{example}`")


def unexpected_label(span: Span, kind: str) -> Diagnostic:
    return _error(
        E_LABEL, f"`{kind}` takes no name", span, "not expected here", help="remove the name"
    )


def misplaced_block(span: Span, kind: str, where: str, allowed: str) -> Diagnostic:
    return _error(
        E_MISPLACED,
        f"`{kind}` cannot stand {where}",
        span,
        "not allowed here",
        help=f"`{kind}` belongs {allowed}",
    )


def missing_type(span: Span, kind: str, example: str) -> Diagnostic:
    return _error(E_HEADER, f"`{kind}` needs a type", span, "no type", help=f"write `{example}`")


def unexpected_type(span: Span, kind: str, help: str | None) -> Diagnostic:
    return _error(E_HEADER, f"`{kind}` takes no type", span, "not expected here", help=help)


def invalid_choice(span: Span, name: str, value: str, choices: tuple[str, ...]) -> Diagnostic:
    listed = ", ".join(f"`{c}`" for c in choices)
    suggestion = did_you_mean(value, choices)
    help = f"{suggestion} the choices are {listed}" if suggestion else f"use one of {listed}"
    return _error(
        E_INVALID_CHOICE,
        f"`{value}` is not a valid value for `{name}`",
        span,
        "not one of the choices",
        help=help,
    )


def conflicting_attributes(span: Span, other: Span, a: str, b: str, help: str) -> Diagnostic:
    return _error(
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
    return _error(
        E_ELEMENT_OPTION,
        f"unknown option `{word}` on an element",
        span,
        "unknown option",
        help=help,
    )


def attribute_needs(span: Span, name: str, needed: str, what: str) -> Diagnostic:
    return _error(
        E_CONFLICT,
        f"`{name}` needs `{needed}`",
        span,
        f"`{name}` applies to {what}",
        help=f"add `{needed} = ...`, or remove `{name}`",
    )


def trigger_without_timing(span: Span) -> Diagnostic:
    return _error(
        E_MISSING_ATTR,
        "a trigger needs `before`, `after` or `instead_of`",
        span,
        "no timing",
        help="add `before = [insert, update]` (or `after`, or `instead_of`)",
    )


# ---------------------------------------------------------------------------- names

E_DUPLICATE_OBJECT = _code("E0201", "two objects of one schema share a name")
E_DUPLICATE_COLUMN = _code("E0202", "two columns (or fields, or arguments) share a name")
E_DUPLICATE_CONSTRAINT = _code(
    "E0203", "two constraints, triggers or policies of a table share a name"
)
E_DUPLICATE_SETTING = _code("E0204", "a schema's attribute is set in two of its blocks")
E_DUPLICATE_FUNCTION = _code("E0205", "two functions with the same name and argument types")
E_DUPLICATE_ENUM_VALUE = _code("E0206", "an enum lists a value twice")
E_NAME_TOO_LONG = _code("E0207", "a name longer than PostgreSQL's 63 bytes")
E_EMPTY_NAME = _code("E0208", "an empty name")


def _first(span: Span, message: str = "first declared here") -> tuple[Label, ...]:
    return (Label(span=span, message=message),)


def duplicate_object(span: Span, first: Span, kind: str, name: str, first_kind: str) -> Diagnostic:
    if kind == first_kind:
        message = f"{kind} `{name}` is declared twice"
    else:
        message = f"{kind} `{name}` has the name of {article(first_kind)}"
    return _error(
        E_DUPLICATE_OBJECT,
        message,
        span,
        "declared again here",
        secondary=_first(first, f"the {first_kind} `{name}` is declared here"),
        help="tables, views, sequences, indexes and types of one schema need distinct names",
    )


def duplicate_column(span: Span, first: Span, what: str, name: str, owner: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_COLUMN,
        f"{what} `{name}` appears twice in {owner}",
        span,
        "declared again here",
        secondary=_first(first),
    )


def duplicate_constraint(span: Span, first: Span, what: str, name: str, table: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_CONSTRAINT,
        f"two {plural(what)} of `{table}` are named `{name}`",
        span,
        "declared again here",
        secondary=_first(first),
        help="give each one its own name",
    )


def duplicate_setting(span: Span, first: Span, name: str, schema: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_SETTING,
        f"`{name}` of schema `{schema}` is set in two of its blocks",
        span,
        "set again here",
        secondary=_first(first, "first set here"),
        help="a schema may be opened in several files, but each attribute is set once",
    )


def duplicate_function(span: Span, first: Span, name: str, signature: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_FUNCTION,
        f"function `{name}({signature})` is declared twice",
        span,
        "declared again here",
        secondary=_first(first),
        help="functions may share a name only if their argument types differ",
    )


def duplicate_enum_value(span: Span, first: Span, value: str, enum: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_ENUM_VALUE,
        f"enum `{enum}` lists `{value}` twice",
        span,
        "listed again here",
        secondary=_first(first, "first listed here"),
    )


def name_too_long(span: Span, name: str, size: int, *, label: bool = False) -> Diagnostic:
    if label:
        return _error(
            E_NAME_TOO_LONG,
            f"enum value `{name[:20]}…` is {size} bytes long; PostgreSQL takes at most 63",
            span,
            "too long",
            help="PostgreSQL rejects longer enum values; choose a shorter one",
        )
    return _error(
        E_NAME_TOO_LONG,
        f"`{name[:20]}…` is {size} bytes long; PostgreSQL keeps only 63",
        span,
        "too long",
        help="PostgreSQL would silently cut the name; choose a shorter one",
    )


def empty_name(span: Span) -> Diagnostic:
    return _error(E_EMPTY_NAME, "a name cannot be empty", span, "empty name")


# ---------------------------------------------------------------------------- types

E_UNKNOWN_TYPE = _code("E0301", "an unknown type")
E_TYPE_MODIFIERS = _code("E0302", "a type's modifiers are wrong")
E_NULLABLE_HERE = _code("E0303", "`?` where nullability has no meaning")
E_IDENTITY_TYPE = _code("E0304", "an identity column that is not an integer")
E_SEQUENCE_TYPE = _code("E0305", "a sequence type that is not an integer")
E_DEFAULT_TYPE = _code("E0306", "a default literal that does not fit the column's type")
E_ENUM_DEFAULT = _code("E0307", "an enum default that is not one of its values")
E_PSEUDO_TYPE = _code("E0308", "a pseudo-type where only a real type can stand")
E_SERIAL = _code("E0309", "`serial` types, which PostgreSQL only expands")
E_NULLABLE_POSITION = _code("E0310", "`?` before `[]`")
E_COLLATION_TYPE = _code("E0311", "a collation on a type that has none")
W_UNVERIFIED_TYPE = _code("W0301", "an unknown type, assumed to come from an extension")


def unknown_type(span: Span, name: str, help: str | None) -> Diagnostic:
    return _error(E_UNKNOWN_TYPE, f"unknown type `{name}`", span, "not a known type", help=help)


def bad_type_modifiers(span: Span, type_name: str, problem: str) -> Diagnostic:
    return _error(E_TYPE_MODIFIERS, f"`{type_name}` {problem}", span, "invalid modifiers")


def nullable_not_allowed(span: Span, what: str) -> Diagnostic:
    return _error(
        E_NULLABLE_HERE,
        f"`?` has no meaning for {what}",
        span,
        "remove this `?`",
        help="`?` marks a nullable column; domains use `not_null`, the rest are always nullable",
    )


def nullable_position(span: Span, type_text: str) -> Diagnostic:
    return _error(
        E_NULLABLE_POSITION,
        "`?` goes after `[]`",
        span,
        "misplaced `?`",
        help=f"write `{type_text}[]?` for a nullable array",
    )


def identity_not_integer(span: Span, column: str, type_name: str) -> Diagnostic:
    return _error(
        E_IDENTITY_TYPE,
        f"identity column `{column}` has type `{type_name}`",
        span,
        "not smallint, integer or bigint",
        help="identity columns must be smallint, integer or bigint",
    )


def sequence_not_integer(span: Span, name: str, type_name: str) -> Diagnostic:
    return _error(
        E_SEQUENCE_TYPE,
        f"sequence `{name}` has type `{type_name}`",
        span,
        "not smallint, integer or bigint",
        help="a sequence's type is smallint, integer or bigint",
    )


def default_type_mismatch(span: Span, column: str, type_name: str, found: str) -> Diagnostic:
    return _error(
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
    return _error(
        E_ENUM_DEFAULT,
        f'"{value}" is not a value of enum `{enum}`',
        span,
        "not one of the enum's values",
        help=help,
    )


def pseudo_type(span: Span, name: str, where: str) -> Diagnostic:
    return _error(
        E_PSEUDO_TYPE,
        f"`{name}` is a pseudo-type and cannot be the type of {where}",
        span,
        "a pseudo-type",
        help="pseudo-types (void, trigger, record, any...) only appear in function signatures",
    )


def serial_type(span: Span, name: str, integer: str) -> Diagnostic:
    return _error(
        E_SERIAL,
        f"`{name}` is not a type",
        span,
        "not a type",
        help=f"write `{integer} {{ identity = by_default }}`: an identity column does what "
        f"`{name}` did, and is what PostgreSQL recommends",
    )


def collation_on_type(span: Span, type_name: str) -> Diagnostic:
    return _error(
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
    return _warning(
        W_UNVERIFIED_TYPE,
        f"type `{name}` is not known; assuming an extension provides it",
        span,
        "unverified type",
        help=f"schemac does not know what {listed} {verb}; a typo here shows only when applied",
    )


# ---------------------------------------------------------------------------- references

E_UNKNOWN_COLUMN = _code("E0401", "an unknown column")
E_UNKNOWN_TABLE = _code("E0402", "an unknown table")
E_UNKNOWN_FUNCTION = _code("E0403", "an unknown function")
E_UNKNOWN_SCHEMA = _code("E0404", "an unknown schema")
E_UNKNOWN_OBJECT = _code("E0405", "an unknown object in a grant or a dependency")
E_AMBIGUOUS_FUNCTION = _code("E0406", "a function name with several overloads")
E_WRONG_KIND = _code("E0407", "a reference to an object of the wrong kind")
E_LONG_REFERENCE = _code("E0408", "a reference with too many parts")


def unknown_column(span: Span, column: str, table: str, help: str | None) -> Diagnostic:
    return _error(
        E_UNKNOWN_COLUMN,
        f"unknown column `{column}` in `{table}`",
        span,
        f"`{table}` has no such column",
        help=help,
    )


def unknown_table(span: Span, name: str, help: str | None) -> Diagnostic:
    return _error(E_UNKNOWN_TABLE, f"unknown table `{name}`", span, "no such table", help=help)


def unknown_function(span: Span, name: str, help: str | None) -> Diagnostic:
    return _error(
        E_UNKNOWN_FUNCTION, f"unknown function `{name}`", span, "no such function", help=help
    )


def unknown_schema(span: Span, name: str, help: str | None) -> Diagnostic:
    return _error(E_UNKNOWN_SCHEMA, f"unknown schema `{name}`", span, "no such schema", help=help)


def unknown_object(span: Span, what: str, name: str, help: str | None) -> Diagnostic:
    return _error(E_UNKNOWN_OBJECT, f"unknown {what} `{name}`", span, f"no such {what}", help=help)


def ambiguous_function(span: Span, name: str, count: int) -> Diagnostic:
    return _error(
        E_AMBIGUOUS_FUNCTION,
        f"`{name}` names {count} functions",
        span,
        "ambiguous",
        help="give the overloads distinct names, or keep one",
    )


def wrong_kind(span: Span, name: str, expected: str, actual: str) -> Diagnostic:
    return _error(
        E_WRONG_KIND,
        f"`{name}` is a {actual}, not a {expected}",
        span,
        f"expected a {expected}",
    )


def long_reference(span: Span, ref: str, most: int) -> Diagnostic:
    forms = ["`name`", "`schema.name`", "`schema.table.column`"][: max(1, most)]
    return _error(
        E_LONG_REFERENCE,
        f"`{ref}` has too many parts",
        span,
        f"at most {most} part{'s' if most != 1 else ''} here",
        help="write " + " or ".join(forms),
    )


# ---------------------------------------------------------------------------- constraints

E_FK_COUNT = _code("E0501", "a foreign key's column count differs from the referenced columns'")
E_FK_TYPES = _code("E0502", "a foreign key column's type does not match the referenced column's")
E_FK_NOT_UNIQUE = _code("E0503", "a foreign key to columns that are not a primary key or unique")
E_GENERATED_DEFAULT = _code("E0504", "a generated column with a default or an identity")
E_PARTITION_BOUND = _code("E0505", "partition bounds that do not fit the partition key")
E_RENAMED_EXISTS = _code("E0506", "`renamed_from` names an object that still exists")
E_IDENTITY_NULLABLE = _code("E0507", "a nullable identity column")
E_PK_NULLABLE = _code("E0508", "a nullable primary key column")
E_PARTITION_UNIQUE = _code("E0509", "a key of a partitioned table without the partition columns")
E_TRIGGER_FUNCTION = _code(
    "E0510", "a trigger whose function does not return `trigger`, or takes arguments"
)
E_NO_PARTITION_BY = _code("E0511", "partitions of a table that is not partitioned")
E_TWO_DEFAULTS = _code("E0512", "two default partitions")
E_IDENTITY_DEFAULT = _code("E0513", "an identity column with a default")
E_TWO_PRIMARY_KEYS = _code("E0514", "more than one primary key")
E_TRIGGER_TIMING = _code("E0515", "a trigger timing, level or event the object cannot have")
E_SET_NULL_COLUMNS = _code(
    "E0516", "`set_null(...)` columns outside the foreign key, or in `on_update`"
)
E_DUPLICATE_KEY_COLUMN = _code("E0517", "a column listed twice in a key")
E_POLICY_EXPRESSION = _code("E0518", "a policy expression its command does not take")
E_INDEX_METHOD = _code("E0519", "an index option its method does not support")
E_SEQUENCE_OPTIONS = _code("E0520", "sequence options that contradict each other")
W_FK_INDEX = _code("W0501", "a foreign key with no index on its columns")
W_POLICY_NO_RLS = _code("W0502", "policies on a table without row level security")
W_RLS_NO_POLICY = _code("W0503", "row level security with no policy")
W_SET_NULL_NOT_NULL = _code("W0504", "`set_null` on a column that cannot be null")


def fk_column_count(span: Span, target: Span, columns: int, referenced: int) -> Diagnostic:
    return _error(
        E_FK_COUNT,
        f"this foreign key has {columns} column{'s' if columns != 1 else ''} but references "
        f"{referenced}",
        span,
        f"{columns} here",
        secondary=(Label(span=target, message=f"{referenced} here"),),
        help="list as many referencing columns as referenced ones, in the same order",
    )


def fk_type_mismatch(
    span: Span, target: Span, column: str, type_name: str, *, ref: str, ref_type: str
) -> Diagnostic:
    return _error(
        E_FK_TYPES,
        f"`{column}` is `{type_name}` but references `{ref}`, which is `{ref_type}`",
        span,
        f"`{type_name}`",
        secondary=(Label(span=target, message=f"`{ref_type}`"),),
        help=f"give `{column}` the type `{ref_type}`",
    )


def fk_not_unique(span: Span, table: str, columns: str, help: str | None) -> Diagnostic:
    return _error(
        E_FK_NOT_UNIQUE,
        f"`{table}({columns})` is not a primary key or unique constraint",
        span,
        "not unique",
        help=help or f"add `unique {{ columns = [{columns}] }}` to `{table}`",
    )


def fk_no_primary_key(span: Span, table: str) -> Diagnostic:
    return _error(
        E_FK_NOT_UNIQUE,
        f"`{table}` has no primary key to reference",
        span,
        "no primary key",
        help=f"name the referenced columns, `{table}(column)`, or give `{table}` a primary key",
    )


def generated_with(span: Span, other: Span, column: str, what: str) -> Diagnostic:
    return _error(
        E_GENERATED_DEFAULT,
        f"generated column `{column}` cannot have {article(what)}",
        span,
        "generated here",
        secondary=(Label(span=other, message=f"the {what}"),),
        help=f"a generated column computes its value; remove the {what}",
    )


def partition_bound(span: Span, problem: str, help: str | None = None) -> Diagnostic:
    return _error(E_PARTITION_BOUND, problem, span, "does not fit the partition key", help=help)


def renamed_from_exists(
    span: Span, existing: Span, kind: str, name: str, *, itself: bool = False
) -> Diagnostic:
    if itself:
        return _error(
            E_RENAMED_EXISTS,
            f"`{name}` is renamed from itself",
            span,
            "the same name",
            help="`renamed_from` gives the old name; remove it once the rename is applied",
        )
    return _error(
        E_RENAMED_EXISTS,
        f"`renamed_from` names the {kind} `{name}`, which still exists",
        span,
        "renamed from here",
        secondary=(Label(span=existing, message=f"`{name}` is still declared here"),),
        help=f"remove the old `{name}`, or the `renamed_from`",
    )


def identity_nullable(span: Span, column: str) -> Diagnostic:
    return _error(
        E_IDENTITY_NULLABLE,
        f"identity column `{column}` is declared nullable",
        span,
        "nullable",
        help="identity columns are always NOT NULL; remove the `?`",
    )


def pk_nullable(span: Span, key: Span, column: str) -> Diagnostic:
    return _error(
        E_PK_NULLABLE,
        f"primary key column `{column}` is declared nullable",
        span,
        "nullable",
        secondary=(Label(span=key, message="part of the primary key"),),
        help="primary key columns are always NOT NULL; remove the `?`",
    )


def partition_key_not_in_key(span: Span, what: str, missing: str) -> Diagnostic:
    return _error(
        E_PARTITION_UNIQUE,
        f"{what} of a partitioned table must include the partition column `{missing}`",
        span,
        f"lacks `{missing}`",
        help="PostgreSQL enforces uniqueness per partition: each key holds the partition columns",
    )


def trigger_function_returns(span: Span, function: str, returns: str) -> Diagnostic:
    return _error(
        E_TRIGGER_FUNCTION,
        f"function `{function}` returns `{returns}`, not `trigger`",
        span,
        "not a trigger function",
        help="a trigger calls a function declared with `returns = trigger`",
    )


def trigger_function_arguments(span: Span, function: str) -> Diagnostic:
    return _error(
        E_TRIGGER_FUNCTION,
        f"trigger function `{function}` declares arguments",
        span,
        "a trigger function takes none",
        help="a trigger passes its arguments in TG_ARGV; remove the `arg` blocks",
    )


def no_partition_by(span: Span, table: str) -> Diagnostic:
    return _error(
        E_NO_PARTITION_BY,
        f"`{table}` has partitions but no `partition_by`",
        span,
        "a partition",
        help=f"add `partition_by = range(column)` (or `list(...)`, `hash(...)`) to `{table}`",
    )


def two_default_partitions(span: Span, first: Span) -> Diagnostic:
    return _error(
        E_TWO_DEFAULTS,
        "a table has one default partition at most",
        span,
        "a second default partition",
        secondary=_first(first, "the first default partition"),
    )


def identity_with_default(span: Span, default: Span, column: str) -> Diagnostic:
    return _error(
        E_IDENTITY_DEFAULT,
        f"identity column `{column}` cannot also have a default",
        span,
        "identity here",
        secondary=(Label(span=default, message="default here"),),
        help="an identity column takes its values from its sequence; remove the default",
    )


def second_primary_key(span: Span, first: Span) -> Diagnostic:
    return _error(
        E_TWO_PRIMARY_KEYS,
        "a table has one primary key at most",
        span,
        "a second primary key",
        secondary=_first(first, "the first primary key"),
        help="for a key over several columns, list them in one: `primary_key = [a, b]`",
    )


def trigger_timing(span: Span, problem: str, help: str | None) -> Diagnostic:
    return _error(E_TRIGGER_TIMING, problem, span, "not possible here", help=help)


def set_null_columns(span: Span, column: str) -> Diagnostic:
    return _error(
        E_SET_NULL_COLUMNS,
        f"`{column}` is not one of the foreign key's columns",
        span,
        "not in the foreign key",
        help="set_null(...) and set_default(...) name a subset of the foreign key's columns",
    )


def duplicate_key_column(span: Span, first: Span, column: str, what: str) -> Diagnostic:
    return _error(
        E_DUPLICATE_KEY_COLUMN,
        f"`{column}` appears twice in {what}",
        span,
        "listed again here",
        secondary=(Label(span=first, message="first listed here"),),
        help="list each column once",
    )


def policy_expression(span: Span, expression: str, command: str) -> Diagnostic:
    help = {
        "using": "an insert policy checks new rows only: use `with_check`",
        "with_check": "select and delete policies see existing rows only: use `using`",
    }[expression]
    return _error(
        E_POLICY_EXPRESSION,
        f"a policy for {command} takes no `{expression}`",
        span,
        f"not for {command}",
        help=help,
    )


def index_method(span: Span, method: str, problem: str, help: str) -> Diagnostic:
    return _error(E_INDEX_METHOD, f"{method} indexes {problem}", span, "not supported", help=help)


def sequence_options(span: Span, problem: str) -> Diagnostic:
    return _error(E_SEQUENCE_OPTIONS, problem, span, "contradicts the other options")


def set_null_columns_on_update(span: Span, action: str) -> Diagnostic:
    return _error(
        E_SET_NULL_COLUMNS,
        f"`{action}(...)` with columns is only for `on_delete`",
        span,
        "not in `on_update`",
        help=f"write `on_update = {action}`; PostgreSQL takes a column list on delete only",
    )


def fk_without_index(span: Span, table: str, columns: str) -> Diagnostic:
    return _warning(
        W_FK_INDEX,
        f"no index on `{table}({columns})` for this foreign key",
        span,
        "unindexed foreign key",
        help=f"deletes and updates of the referenced rows scan `{table}`; add "
        f"`index {{ on = [{columns}] }}`",
    )


def policy_without_rls(span: Span, table: str) -> Diagnostic:
    return _warning(
        W_POLICY_NO_RLS,
        f"`{table}` has policies but row level security is not enabled",
        span,
        "has no effect yet",
        help="add `row_level_security = enabled` to the table",
    )


def rls_without_policy(span: Span, table: str) -> Diagnostic:
    return _warning(
        W_RLS_NO_POLICY,
        f"row level security is on for `{table}` but no policy grants access",
        span,
        "no policy",
        help="every role but the owner (and superusers) will see no rows; add a `policy`",
    )


def set_null_not_null(span: Span, column_span: Span, column: str, *, on_delete: bool) -> Diagnostic:
    when = "a referenced row is deleted" if on_delete else "a referenced key changes"
    return _warning(
        W_SET_NULL_NOT_NULL,
        f"`set_null` would set `{column}`, which cannot be null",
        span,
        f"fails when {when}",
        secondary=(Label(span=column_span, message="declared NOT NULL here"),),
        help=f"make `{column}` nullable (`?`), or choose another action",
    )
