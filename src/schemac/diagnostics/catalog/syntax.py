"""Syntax errors (E00xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Fix, Label
from schemac.diagnostics.catalog._base import code, error, remove_mark, replace
from schemac.source import Span
from schemac.syntax.printer import quote_string

__all__ = [
    "E_EXTRA_BRACE",
    "E_INVALID_CHAR",
    "E_INVALID_ESCAPE",
    "E_MISSING_EQUALS",
    "E_SINGLE_QUOTES",
    "E_STRAY_COMMA",
    "E_TOO_DEEP",
    "E_UNCLOSED_BLOCK",
    "E_UNCLOSED_BRACKET",
    "E_UNCLOSED_COMMENT",
    "E_UNCLOSED_HEREDOC",
    "E_UNCLOSED_STRING",
    "E_UNEXPECTED",
    "invalid_character",
    "invalid_escape",
    "missing_equals",
    "missing_equals_in_block",
    "missing_equals_or_body",
    "single_quoted_string",
    "stray_comma",
    "too_deep",
    "unclosed_block",
    "unclosed_bracket",
    "unclosed_comment",
    "unclosed_heredoc",
    "unclosed_string",
    "unexpected_closing_brace",
    "unexpected_token",
]

E_UNEXPECTED = code(
    "E0001",
    "unexpected-token",
    "unexpected token",
    owner="syntax/parser.py",
    docs="""
    The parser expected something else here; the message names what it expected, in
    words (`=`, a value, `}`, a new line ...). Often a word or symbol in the wrong place.
    """,
)
E_UNCLOSED_BLOCK = code(
    "E0002",
    "unclosed-block",
    "a block's `{` is never closed",
    owner="syntax/parser.py",
    docs="""
    The file ends inside a block. The error points at the `{` that has no `}`, and, when
    the layout gives it away, at the first later line indented no deeper than the block
    ("perhaps a `}` is missing before this line").
    """,
)
E_MISSING_EQUALS = code(
    "E0003",
    "missing-equals",
    "an attribute without `=`",
    owner="syntax/parser.py",
    docs="""
    `comment "text"` or `cache 10` instead of `comment = "text"`: attributes are written
    `name = value`. The checker reports the same code for `unlogged true`, which parses as
    a block but names an attribute. A block with a label needs braces even when empty:
    `extension "pgcrypto" {}`.
    """,
)
E_STRAY_COMMA = code(
    "E0004",
    "stray-comma",
    "a comma with nothing to separate",
    owner="syntax/parser.py",
    docs="""
    `[a,, b]`, `[, a]` or `{ , }`. Commas separate list elements, call arguments and
    attributes on one line; a trailing comma is allowed.
    """,
)
E_UNCLOSED_STRING = code(
    "E0005",
    "unclosed-string",
    "a string is not closed on its line",
    owner="syntax/lexer.py",
    docs="""
    Strings are double-quoted and end on the line they start. Use a heredoc for text over
    several lines.
    """,
)
E_UNCLOSED_HEREDOC = code(
    "E0006",
    "unclosed-heredoc",
    "a heredoc has no closing line",
    owner="syntax/lexer.py",
    docs="""
    `<<-SQL` starts text that ends at a line holding only `SQL` (which `,` `)` `]` or `}`
    may follow). The error points at the opening marker.
    """,
)
E_INVALID_CHAR = code(
    "E0007",
    "invalid-character",
    "a character that cannot appear here",
    owner="syntax/lexer.py",
    docs="""
    `;`, `:`, `@` and other characters that are no part of the language. The help says
    what was probably meant (`:` → `=`, `;` → nothing).
    """,
)
E_UNCLOSED_BRACKET = code(
    "E0008",
    "unclosed-bracket",
    "a `[` or `(` is never closed",
    owner="syntax/parser.py",
    docs="""
    A list or call is not closed. When a later line looks like the start of a new item,
    the parser assumes the bracket should have closed before it and carries on there.
    """,
)
E_INVALID_ESCAPE = code(
    "E0009",
    "invalid-escape",
    "an unknown escape in a string",
    owner="syntax/build.py",
    docs=r"""
    The escapes are `\"` `\\` `\n` `\r` `\t` `\uXXXX` and `\UXXXXXXXX`. Write `\\` for a
    backslash; SQL in heredocs needs no escapes at all.
    """,
)
E_EXTRA_BRACE = code(
    "E0010",
    "extra-closing-brace",
    "a `}` with no open block",
    owner="syntax/parser.py",
    docs="""
    A closing brace at the top level: an extra `}`, or a block closed too early above.
    """,
)
E_UNCLOSED_COMMENT = code(
    "E0011",
    "unclosed-comment",
    "a `/*` comment is never closed",
    owner="syntax/lexer.py",
    docs="""
    A block comment runs to the end of the file: a `/*` has no `*/` after it. Block
    comments do not nest, so the first `*/` ends one.
    """,
)
E_SINGLE_QUOTES = code(
    "E0012",
    "single-quoted-string",
    "a string in single quotes",
    owner="syntax/lexer.py",
    docs="""
    Strings are written in double quotes. (Single quotes belong inside SQL:
    `sql("status = 'draft'")`.)
    """,
)
E_TOO_DEEP = code(
    "E0013",
    "too-deep",
    "nesting deeper than schemac reads",
    owner="syntax/parser.py",
    docs=r"""
    At most 64 levels of blocks, lists, objects and calls may stand inside each other; a
    type's suffixes (`[]`, `?`) count as levels too. The error points at the token that
    opens level 65, and the item holding it is dropped as for any syntax error. No real
    schema comes near it (a table's column is 2 levels deep, its default's JSON a few
    more); the limit keeps every command and the editor's server safe from input nested
    thousands deep. Deeply nested data can be written as SQL text:
    `default = sql("'{\"a\": {\"b\": [1]}}'::jsonb")`.
    """,
)


def unexpected_token(span: Span, found: str, expected: str) -> Diagnostic:
    return error(E_UNEXPECTED, f"expected {expected}, found {found}", span, f"expected {expected}")


def unclosed_block(brace: Span, eof: Span | None, suspect: Span | None) -> Diagnostic:
    secondary = [Label(span=eof, message="the file ends here")] if eof is not None else []
    if suspect is not None:
        secondary.insert(
            0, Label(span=suspect, message="perhaps a `}` is missing before this line")
        )
    return error(
        E_UNCLOSED_BLOCK,
        "this block is never closed",
        brace,
        "this `{` has no matching `}`",
        secondary=tuple(secondary),
        help="add the missing `}`",
    )


def missing_equals(name: Span, at: Span, attribute: str) -> Diagnostic:
    return error(
        E_MISSING_EQUALS,
        f"expected `=` after `{attribute}`",
        at,
        "expected `=` here",
        secondary=(Label(span=name, message="an attribute name"),),
        help=f"attributes are written `{attribute} = value`",
    )


def missing_equals_or_body(name: Span, label: Span, kind: str) -> Diagnostic:
    return error(
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
    return error(
        E_MISSING_EQUALS,
        f"expected `=` after `{kind}`",
        span,
        f"`{kind}` is an attribute here",
        help=f"write `{kind} = {value}`",
        fixes=replace(f"Write `{kind} = {value}`", span, f"{kind} = {value}"),
    )


def stray_comma(span: Span) -> Diagnostic:
    return error(
        E_STRAY_COMMA,
        "stray `,`",
        span,
        "nothing before this comma to separate",
        help="remove this comma",
        fixes=remove_mark(span, ","),
    )


def unclosed_string(span: Span) -> Diagnostic:
    return error(
        E_UNCLOSED_STRING,
        "this string is not closed",
        span,
        "the string starts here and runs to the end of the line",
        help='add the closing `"`; a string cannot span lines (use a heredoc, `<<-EOT`, for that)',
    )


def unclosed_heredoc(span: Span, tag: str) -> Diagnostic:
    return error(
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
    return error(
        E_INVALID_CHAR,
        f"unexpected {what} `{shown}`",
        span,
        "not valid in a schema file",
        help=_CHAR_HELP.get(text[0]),
    )


def unclosed_bracket(bracket: Span, at: Span, char: str) -> Diagnostic:
    closing = "]" if char == "[" else ")"
    return error(
        E_UNCLOSED_BRACKET,
        f"this `{char}` is never closed",
        bracket,
        f"this `{char}` has no matching `{closing}`",
        secondary=(Label(span=at, message=f"expected `{closing}` before this"),),
        help=f"add the missing `{closing}`",
    )


def invalid_escape(span: Span, escape: str) -> Diagnostic:
    return error(
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
    return error(
        E_EXTRA_BRACE,
        "unexpected `}`",
        span,
        "no block is open here",
        help="remove it, or look above for a block closed too early",
    )


def unclosed_comment(span: Span) -> Diagnostic:
    return error(
        E_UNCLOSED_COMMENT,
        "this comment is never closed",
        span,
        "the comment starts here and runs to the end of the file",
        help="end it with `*/`",
    )


def single_quoted_string(span: Span) -> Diagnostic:
    return error(
        E_SINGLE_QUOTES,
        "strings are written in double quotes",
        span,
        "single quotes",
        help=f'write "{span.text[1:-1]}"',
        fixes=_double_quoted(span),
    )


def _double_quoted(span: Span) -> tuple[Fix, ...]:
    """`'text'` as `"text"`, unless it holds a backslash (its escapes would change)."""
    text = span.text
    if len(text) < 2 or text[0] != "'" or text[-1] != "'" or "\\" in text:
        return ()
    return replace("Use double quotes", span, quote_string(text[1:-1]))


def too_deep(span: Span, limit: int) -> Diagnostic:
    return error(
        E_TOO_DEEP,
        f"nested more than {limit} levels deep",
        span,
        f"level {limit + 1} starts here",
        help=(
            f"schemac reads at most {limit} levels of blocks, lists, objects, calls and"
            " type suffixes (`[]`, `?`) inside each other; flatten this, or write deeply"
            " nested data as SQL text: `sql(\"'{...}'::jsonb\")`"
        ),
    )
