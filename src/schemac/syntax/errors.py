"""Human words for terminals: what the parser expected and what it found instead."""

from __future__ import annotations

from collections.abc import Collection

from schemac.syntax.lexer import Token

__all__ = ["describe_expected", "describe_found"]

_PUNCTUATION = {
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "QMARK": "`?`",
    "_EQ": "`=`",
    "_COMMA": "`,`",
    "_DOT": "`.`",
    "ARRAY_SUFFIX": "`[]`",
    "TRUE": "`true`",
    "FALSE": "`false`",
    "NULL": "`null`",
}

# Tokens that can start a value; when most of them are expected, say "a value".
_VALUE_STARTS = frozenset(
    ("NAME", "STRING", "NUMBER", "TRUE", "FALSE", "NULL", "HEREDOC", "LSQB", "LBRACE")
)

_ORDER = [
    "_EQ",
    "value",
    "item",
    "NAME",
    "STRING",
    "NUMBER",
    "HEREDOC",
    "TRUE",
    "FALSE",
    "NULL",
    "ARRAY_SUFFIX",
    "QMARK",
    "LBRACE",
    "LSQB",
    "LPAR",
    "_DOT",
    "_COMMA",
    "RPAR",
    "RSQB",
    "RBRACE",
    "_NL",
    "$END",
]

_WORDS = {
    "value": "a value",
    "item": "an attribute or a block",
    "NAME": "a name",
    "STRING": "a string",
    "NUMBER": "a number",
    "HEREDOC": "a heredoc",
    "_NL": "a new line",
    "$END": "the end of the file",
}


def _shorten(text: str, limit: int = 24) -> str:
    text = text.split("\n", 1)[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_found(token: Token) -> str:
    """`foo`, the string "x", a new line, the end of the file, ..."""
    kind = token.type
    if kind == "ARRAY_SUFFIX":
        return f"`{token.text}`"
    if kind in _PUNCTUATION:
        return _PUNCTUATION[kind]
    if kind == "_NL":
        return "a new line"
    if kind == "$END":
        return "the end of the file"
    if kind == "STRING":
        return f"the string {_shorten(token.text)}"
    if kind == "NUMBER":
        return f"the number `{token.text}`"
    if kind == "HEREDOC":
        return "a heredoc"
    return f"`{_shorten(token.text)}`"


def describe_expected(accepts: Collection[str], item_start: bool) -> str:
    """A short list in words: "`=`, a string or `{`"."""
    wanted = set(accepts)
    if len(wanted & _VALUE_STARTS) >= 6:
        wanted -= _VALUE_STARTS
        wanted.add("value")
    if item_start and "NAME" in wanted:
        wanted.discard("NAME")
        wanted.add("item")
    if "_NL" in wanted and "_COMMA" in wanted and "RBRACE" not in wanted:
        wanted.discard("_COMMA")
    words = [
        _WORDS.get(kind) or _PUNCTUATION.get(kind) or kind
        for kind in sorted(wanted, key=lambda k: _ORDER.index(k) if k in _ORDER else 99)
    ]
    if not words:
        return "nothing more"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]
