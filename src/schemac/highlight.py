"""Highlighting `.schema` text: a Pygments lexer, and ANSI colours for diagnostics.

`SchemaLexer` is registered under the `pygments.lexers` entry point (pyproject.toml), so
`pygmentize -l schema`, Sphinx's `code-block:: schema` and rich's `Syntax` find it.
`highlight_line` colours the source lines that diagnostics show, on a terminal only.

The lexer follows the grammar's shape (grammar/schema.lark): an item is an attribute
(`name = value`) or a block (`kind "label" TYPE { items }`), so a word is coloured by
where it stands, not only by what it is. Kinds and attribute names outside the lists
below are still coloured as kinds and attributes (`Keyword`, `Name.Property`), so a
construct added to the checker is highlighted at once; the lists give the known ones
their own token types (`Keyword.Declaration`, `Name.Attribute`), and
tests/editors/test_drift.py checks them, and the editor grammars' (editors/), against the
checker's tables (check/spec.py). The lists are written out rather than imported: the
checker's tables cost half a second to import, too much for a Pygments plugin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, default, include, words
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)

from schemac.source import SourceFile

__all__ = [
    "ATTRIBUTES",
    "BLOCK_KINDS",
    "BUILTIN_TYPES",
    "CALLS",
    "VALUE_WORDS",
    "SchemaLexer",
    "highlight_line",
]


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BLOCK_KINDS = _names(
    "arg check collation column domain enum exclude extension field foreign_key function"
    " grant identity index materialized_view partition policy primary_key procedure schema"
    " sequence table trigger type unique view"
)

ATTRIBUTES = _names(
    "after as before body cache check check_option collation columns comment constraint cost"
    " cycle default deferrable depends_on deterministic each execute expr for from generated"
    " identity in include increment inherits initially_deferred instead_of language lc_collate"
    " lc_ctype leakproof locale match max_value min_value mode modulus new_table no_inherit"
    " not_null nulls_distinct of old_table on on_delete on_update owned_by parallel"
    " partition_by primary_key privileges provider references remainder renamed_from"
    " renamed_values restrictive returns row_level_security rows schema security"
    " security_barrier security_invoker set start strict to type unique unlogged using values"
    " version volatility when where with_check with_data with_grant_option"
)

# Words that stand as values: the attributes' choices and the language's own words.
VALUE_WORDS = _names(
    "all always asc brin btree by_default cascade cascaded collate create definer delete desc"
    " disabled enabled execute first forced full function gin gist hash icu immutable in"
    " inout insert invoker last libc list local maxvalue minvalue no_action nulls opclass out"
    " procedure range references restrict restricted row safe schema select sequence"
    " set_default set_null setof simple spgist sql stable statement table trigger truncate"
    " type unsafe update usage variadic volatile with"
)

# Words that are called: `sql("...")`, `range(at)`, `update(email)`, `schema(app)`, ...
CALLS = _names(
    "collate delete function hash insert list opclass procedure range references schema"
    " select sequence sql table trigger truncate type update usage"
)

# The words of built-in type names (`double precision`, `timestamp with time zone`).
BUILTIN_TYPES = _names(
    "any anyarray anycompatible anycompatiblearray anycompatiblemultirange"
    " anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray"
    " anyrange bigint bigserial bit bool boolean box bpchar bytea char character cid cidr"
    " circle citext cstring date datemultirange daterange day decimal double event_trigger"
    " fdw_handler float float4 float8 hour index_am_handler inet int int2 int4"
    " int4multirange int4range int8 int8multirange int8range integer internal interval json"
    " jsonb jsonpath language_handler line lseg macaddr macaddr8 minute money month name"
    " numeric nummultirange numrange oid path pg_lsn pg_snapshot point polygon precision"
    " real record refcursor regclass regcollation regconfig regdictionary regnamespace"
    " regoper regoperator regproc regprocedure regrole regtype second serial serial2 serial4"
    " serial8 smallint smallserial table_am_handler text tid time timestamp timestamptz"
    " timetz to trigger tsm_handler tsmultirange tsquery tsrange tstzmultirange tstzrange"
    " tsvector txid_snapshot uuid varbit varchar varying void with without xid xid8 xml"
    " year zone"
)

# A name: a word, or any text in backticks.
_NAME = r"(?:[^\W\d][\w$]*|`(?:[^`\n]|``)+`)"
_BEFORE = r"(?<![\w$])"
_AFTER = r"(?![\w$])"
# `<<TAG` or `<<-TAG`, then lines up to one holding only the tag (and `,` `)` `]` `}`).
_HEREDOC = r"(<<-?)([A-Za-z_]\w*)([ \t]*\r?\n)((?:.*\n)*?)([ \t]*)(\2)(?=[ \t]*(?:[,)\]}]|\r?$))"


def _words(names: tuple[str, ...], suffix: str = "") -> Any:
    return words(names, prefix=_BEFORE, suffix=_AFTER + suffix)


def _groups(*tokens: _TokenType) -> Any:
    return bygroups(*tokens)  # type: ignore[no-untyped-call]


def _heredoc(lexer: RegexLexer, match: re.Match[str]) -> Iterator[tuple[int, _TokenType, str]]:
    """A heredoc, its text as SQL when the tag is `SQL` (else as a string)."""
    yield match.start(1), String.Delimiter, match.group(1)
    yield match.start(2), String.Delimiter, match.group(2)
    yield match.start(3), Whitespace, match.group(3)
    body = match.group(4)
    if match.group(2) == "SQL" and body:
        for offset, token, value in _sql_lexer().get_tokens_unprocessed(body):
            yield match.start(4) + offset, String.Heredoc if token is Error else token, value
    elif body:
        yield match.start(4), String.Heredoc, body
    if match.group(5):
        yield match.start(5), Whitespace, match.group(5)
    yield match.start(6), String.Delimiter, match.group(6)


_SQL: list[RegexLexer] = []


def _sql_lexer() -> RegexLexer:
    if not _SQL:
        from pygments.lexers.sql import PostgresLexer  # noqa: PLC0415

        _SQL.append(PostgresLexer())
    return _SQL[0]


class SchemaLexer(RegexLexer):
    """Pygments lexer for schemac's `.schema` files."""

    name = "Schema"
    aliases: ClassVar[list[str]] = ["schema", "schemac"]
    filenames: ClassVar[list[str]] = ["*.schema"]
    mimetypes: ClassVar[list[str]] = ["text/x-schema"]
    flags = re.MULTILINE | re.UNICODE

    tokens: ClassVar[dict[str, Any]] = {
        "root": [
            include("items"),
            (r"\}", Error),
        ],
        "items": [
            (r"\s+", Whitespace),
            include("comments"),
            (r",", Punctuation),
            (
                _BEFORE + r"(type|returns)" + _AFTER + r"(\s*)(=)",
                _groups(Name.Attribute, Whitespace, Operator),
                "type-value",
            ),
            (
                _BEFORE + "(" + "|".join(ATTRIBUTES) + ")" + _AFTER + r"(\s*)(=)",
                _groups(Name.Attribute, Whitespace, Operator),
                "value",
            ),
            (f"({_NAME})" + r"(\s*)(=)", _groups(Name.Property, Whitespace, Operator), "value"),
            (_words(BLOCK_KINDS), Keyword.Declaration, "block"),
            (_NAME, Keyword, "block"),
        ],
        # After a block's kind: its label, its type, and its body.
        "block": [
            (r"[ \t]+", Whitespace),
            include("comments"),
            (r'"', String.Double, "string"),
            (r"\{", Punctuation, ("#pop", "body")),
            include("type"),
            default("#pop"),
        ],
        "body": [
            include("items"),
            (r"\}", Punctuation, "#pop"),
        ],
        "type": [
            (f"({_NAME})" + r"(\s*)(\.)", _groups(Name.Namespace, Whitespace, Punctuation)),
            (
                _BEFORE + "(" + "|".join(BUILTIN_TYPES) + r")" + _AFTER + r"(\s*)(\()",
                _groups(Keyword.Type, Whitespace, Punctuation),
                "type-arguments",
            ),
            (
                f"({_NAME})" + r"(\s*)(\()",
                _groups(Name.Class, Whitespace, Punctuation),
                "type-arguments",
            ),
            (_words(BUILTIN_TYPES), Keyword.Type),
            (_BEFORE + "setof" + _AFTER, Keyword),
            (_NAME, Name.Class),
            (r"\[[ \t]*\d*[ \t]*\]", Punctuation),
            (r"\?", Operator),
        ],
        "type-arguments": [
            (r"\s+", Whitespace),
            include("comments"),
            (r"\)", Punctuation, "#pop"),
            (r",", Punctuation),
            include("numbers"),
            (r'"', String.Double, "string"),
            include("type"),
        ],
        "type-value": [
            (r"[ \t]+", Whitespace),
            include("comments"),
            include("type"),
            default("#pop"),
        ],
        # An attribute's value runs to the end of its line, a comma or a `}`.
        "value": [
            (r"[ \t]+", Whitespace),
            include("expression"),
            default("#pop"),
        ],
        "expression": [
            include("comments"),
            (_HEREDOC, _heredoc),
            (r'"', String.Double, "string"),
            include("numbers"),
            (_BEFORE + r"(?:true|false|null)" + _AFTER, Keyword.Constant),
            (
                f"({_NAME})"
                + r"(\s*)(\.)(\s*)"
                + f"(?=(?:{_NAME}"
                + r"\s*\.\s*)*"
                + _NAME
                + r"\s*\()",
                _groups(Name.Namespace, Whitespace, Punctuation, Whitespace),
            ),
            (
                _BEFORE + "(" + "|".join(CALLS) + ")" + _AFTER + r"(\s*)(\()",
                _groups(Name.Builtin, Whitespace, Punctuation),
                "arguments",
            ),
            (
                f"({_NAME})" + r"(\s*)(\()",
                _groups(Name.Function, Whitespace, Punctuation),
                "arguments",
            ),
            (r"(?<=[\w$`)\]?])\[[ \t]*\d*[ \t]*\]", Punctuation),
            (r"\[", Punctuation, "list"),
            (r"\{", Punctuation, "object"),
            (r"\?", Operator),
            (r"(\.)(\s*)" + f"({_NAME})", _groups(Punctuation, Whitespace, Name.Variable)),
            (_words(VALUE_WORDS, r"(?!\s*[.(])"), Name.Constant),
            (_NAME, Name.Variable),
            (r"'[^'\n]*'?", Error),
        ],
        "list": [
            (r"\s+", Whitespace),
            (r"\]", Punctuation, "#pop"),
            (r",", Punctuation),
            include("expression"),
        ],
        "arguments": [
            (r"\s+", Whitespace),
            (r"\)", Punctuation, "#pop"),
            (r",", Punctuation),
            include("expression"),
        ],
        "object": [
            (r"\s+", Whitespace),
            include("comments"),
            (r"\}", Punctuation, "#pop"),
            (r",", Punctuation),
            (f"({_NAME})" + r"(\s*)(=)", _groups(Name.Property, Whitespace, Operator), "value"),
            (
                r'("(?:[^"\\\n]|\\.)*")(\s*)(=)',
                _groups(Name.Property, Whitespace, Operator),
                "value",
            ),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r'[^"\\\n]+', String.Double),
            (r'\\(?:["\\nrt]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})', String.Escape),
            (r"\\.?", Error),
            default("#pop"),  # a string left open at the end of its line
        ],
        "numbers": [
            (
                r"(?<![\w$.])-?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?(?![\w$.])",
                Number.Float,
            ),
            (r"(?<![\w$.])-?\d+(?![\w$.])", Number.Integer),
        ],
        "comments": [
            (r"(?:#|//).*?$", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
        ],
        "comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
    }


# ANSI colours by token type; a type not listed takes its nearest parent's colour.
_ANSI: dict[_TokenType, str] = {
    Keyword: "35",
    Keyword.Constant: "33",
    Keyword.Type: "34",
    Name.Class: "34",
    Name.Attribute: "36",
    Name.Property: "36",
    Name.Builtin: "35",
    Name.Constant: "33",
    String: "32",
    Number: "33",
    Comment: "90",
}
# Files up to this size are lexed whole (about a quarter of a second at most); in larger
# ones, from the last line before the one shown that starts a top-level item.
_WHOLE_FILE = 256 * 1024
_WINDOW = 200  # lines, at most, lexed before the one shown in a large file
_TOP_LEVEL_ITEM = re.compile(r"[^\W\d]")
_CACHE: dict[tuple[int, str], tuple[str, list[str]]] = {}
_CACHE_SIZE = 8


def _colour(token: _TokenType) -> str | None:
    while token is not Text and token.parent is not None:
        code = _ANSI.get(token)
        if code is not None:
            return code
        token = token.parent
    return None


def _paint(text: str, code: str | None, tab: str) -> str:
    text = text.replace("\t", tab)
    core = text.strip()
    if code is None or not core:
        return text
    start = len(text) - len(text.lstrip())
    end = start + len(core)
    return f"{text[:start]}\x1b[{code}m{core}\x1b[0m{text[end:]}"


def _highlight(text: str, tab: str) -> list[str]:
    """Each line of `text` in colour, without its line break or trailing blanks."""
    lines: list[list[tuple[str | None, str]]] = [[]]
    for _, token, value in SchemaLexer().get_tokens_unprocessed(text):
        code = _colour(token)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append([])
            runs = lines[-1]
            if not piece:
                continue
            if runs and runs[-1][0] == code:  # one colour code for a run of one colour
                runs[-1] = (code, runs[-1][1] + piece)
            else:
                runs.append((code, piece))
    return [
        "".join(_paint(piece.rstrip("\r"), code, tab) for code, piece in runs).rstrip()
        for runs in lines
    ]


def highlight_line(file: SourceFile, line: int, tab: str = "    ") -> str:
    """A 1-based line of a file in ANSI colours: tabs expanded, trailing blanks dropped.

    The file is lexed whole, once for all the lines shown, so that a line of a heredoc
    or of a block comment is coloured as what it is.
    """
    if not 0 < line <= file.line_count():
        return ""
    if len(file.text) > _WHOLE_FILE:
        first = line
        while first > max(1, line - _WINDOW) and not _TOP_LEVEL_ITEM.match(file.line_text(first)):
            first -= 1
        start = file.line_start(first)
        end = file.line_start(line + 1) if line < file.line_count() else len(file.text)
        return _highlight(file.text[start:end], tab)[line - first]
    key = (id(file), tab)
    cached = _CACHE.get(key)
    if cached is None or cached[0] is not file.text:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        cached = (file.text, _highlight(file.text, tab))
        _CACHE[key] = cached
    return cached[1][line - 1]
