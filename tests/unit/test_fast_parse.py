"""The parser's fast path builds exactly what the LALR driver builds, or leaves the file to it.

`fast_parse` may give up on any file (the driver then parses it); when it does not, the
driver must accept the file too and build the same tree, spans and comments included.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemac.source import SourceFile, Span
from schemac.syntax import parser
from schemac.syntax.fast import fast_parse
from schemac.syntax.tables import load_tables
from tests.mutants import ROOT, TOKENS, mutants, mutate, seeds

_SEEDS = seeds()


def _difference(a: object, b: object, where: str = "file") -> str | None:
    """Where two trees differ, spans compared too (node equality leaves them out)."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} against {type(b).__name__}"
    if isinstance(a, Span) and isinstance(b, Span):
        same = (a.start, a.end, a.file) == (b.start, b.end, b.file)
        return None if same else f"{where}: {a.start}-{a.end} against {b.start}-{b.end}"
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _difference(x, y, f"{where}[{index}]")
            if found:
                return found
        return None
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        for field in dataclasses.fields(a):
            name = field.name
            found = _difference(getattr(a, name), getattr(b, name), f"{where}.{name}")
            if found:
                return found
        return None
    return None if a == b or a is b else f"{where}: {a!r} against {b!r}"


def _check(text: str, depth: int = 0) -> bool:
    """Assert the fast path agrees with the driver; whether it took the file."""
    source = SourceFile("fast.schema", text)
    tables = load_tables()
    fast = fast_parse(source, *parser.lexer_patterns(tables), depth)
    if fast is None:
        return False
    driven = parser._drive(source, tables, None, depth)
    assert driven.diagnostics == (), (text, driven.diagnostics)
    assert _difference(fast, driven.file) is None, (text, _difference(fast, driven.file))
    return True


# -- valid files, from the grammar --------------------------------------------------

_NAMES = ["a", "t", "id", "true", "false", "null", "`odd name`", "x1", "on_delete", "desc"]
_PLAIN = [name for name in _NAMES if name not in ("true", "false", "null")]
_BLANKS = ["", " ", "  ", "\t"]
_BREAKS = ["\n", "\n\n", "  # note\n", "\n// c\n  ", "\r\n", " /* c */\n"]


def _blank(rng: random.Random) -> str:
    return rng.choice(_BLANKS)


def _expr(rng: random.Random, depth: int, *, in_brackets: bool) -> str:
    terms = [_term(rng, depth, in_brackets=in_brackets) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    text = rng.choice(_BLANKS[1:]).join(terms)
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        text += rng.choice(["[]", "?", "[3]", "[ ]"])
    return text


def _gap(rng: random.Random, *, in_brackets: bool) -> str:
    """Blanks, or inside brackets (where newlines are not tokens) also line breaks."""
    if in_brackets and rng.random() < 0.3:
        return rng.choice(_BREAKS)
    return _blank(rng)


def _term(rng: random.Random, depth: int, *, in_brackets: bool) -> str:
    choice = rng.randrange(12 if depth < 4 else 7)
    if choice < 2:  # (`true.x` is a keyword, then an error)
        rest = [rng.choice(_NAMES) for _ in range(rng.choice([0, 0, 1, 2]))]
        return ".".join([rng.choice(_PLAIN), *rest])
    if choice == 2:
        return rng.choice(['"s"', '""', '"a\\"b"', '"\\u00e9\\n"', '"x y"'])
    if choice == 3:
        return rng.choice(["1", "-2.5", ".5", "1e3", "0"])
    if choice == 4:
        return rng.choice(["true", "false", "null"])
    if choice == 5:  # its closing line ends it: a new line follows where it is not a token
        if not in_brackets:
            return '"h"'
        return rng.choice(["<<EOT\nline\nEOT\n", "<<-SQL\n  a\n   b\n  SQL\n"])
    if choice == 6:
        return rng.choice(["[]", "[ ]", "[7]"])
    inner = [_expr(rng, depth + 1, in_brackets=True) for _ in range(rng.choice([0, 1, 2, 3]))]
    sep = "," + _gap(rng, in_brackets=True)
    trailing = rng.choice(["", ","]) if inner else ""
    if choice < 9:
        opening, closing = _gap(rng, in_brackets=True), _gap(rng, in_brackets=True)
        return "[" + opening + sep.join(inner) + trailing + closing + "]"
    if choice < 11:
        callee = rng.choice([*_NAMES[:3], "sql", "varchar"])
        return callee + "(" + _gap(rng, in_brackets=True) + sep.join(inner) + trailing + ")"
    return _object(rng, depth + 1, in_brackets=in_brackets)


def _object(rng: random.Random, depth: int, *, in_brackets: bool) -> str:
    entries = []
    for _ in range(rng.choice([0, 1, 2])):
        key = rng.choice(['"k"', "k", "on", "`k k`"])
        entries.append(f"{key} = {_expr(rng, depth, in_brackets=in_brackets)}")
    sep = rng.choice([", ", "\n", ",\n"]) if not in_brackets else ", "
    return "{" + rng.choice(["", " ", "\n"]) + sep.join(entries) + rng.choice(["", " ", "\n"]) + "}"


def _item(rng: random.Random, depth: int) -> str:
    name = rng.choice(_NAMES)
    if rng.random() < 0.5 or depth > 3:
        return f"{name}{_blank(rng)}={_blank(rng)}{_expr(rng, depth, in_brackets=False)}"
    head = name
    if rng.random() < 0.7:
        head += ' "label"'
    has_header = rng.random() < 0.5
    if has_header:
        words = [rng.choice(["text", "varchar(3)", "double", "precision", "numeric(1, 2)"])]
        words += rng.choices(["x", "y(1)"], k=rng.choice([0, 0, 1]))
        head += " " + " ".join(words) + rng.choice(["", "[]", "?", "[]?"])
    if has_header and rng.random() < 0.4:
        return head
    return head + " {" + _items(rng, depth + 1) + "}"


def _items(rng: random.Random, depth: int) -> str:
    items = [_item(rng, depth) for _ in range(rng.choice([0, 1, 2, 3]))]
    text = rng.choice(["", "\n", " "])
    for index, item in enumerate(items):
        text += item
        if index < len(items) - 1:
            text += rng.choice(["\n", ", ", ",\n", "\n  # c\n\n"])
        else:
            text += rng.choice(["", "\n", ",", ",\n"])
    return text


def _valid_file(rng: random.Random) -> str:
    return rng.choice(["", "\n", "# head\n"]) + _items(rng, 0)


_settings = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(st.randoms(use_true_random=False))
def test_files_from_the_grammar(rng: random.Random) -> None:
    _check(_valid_file(rng))


@_settings
@given(st.randoms(use_true_random=False))
def test_mutated_examples(rng: random.Random) -> None:
    _check(mutate(rng.choice(_SEEDS), rng))


@_settings
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map("".join))
def test_token_soup(text: str) -> None:
    _check(text)


def test_examples_and_goldens_take_the_fast_path() -> None:
    taken = 0
    for path in sorted((ROOT / "examples").glob("*.schema")):
        taken += _check(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "tests" / "golden").rglob("*.schema")):
        _check(path.read_text(encoding="utf-8"))
    assert taken >= 1


def test_fixed_mutant_corpus() -> None:
    for text in mutants(300, seed=7):
        _check(text)


def test_nesting_left_to_the_driver() -> None:
    deep = "a = " + "[" * 40 + "]" * 40
    assert not _check(deep)
    assert _check("a = [[1]]")
    assert not _check("a = [[1]]", depth=parser.MAX_NESTING)


def test_a_keyword_where_the_lexer_may_read_a_name_is_left_to_the_driver() -> None:
    # After a header's name, the LALR state also serves values: `true` is a keyword
    # there and an error, while alone in a header it is a name.
    assert not _check('column "x" text true')
    assert not _check('table "t" { unlogged true }')
    assert _check("a = x true")


def test_valid_bench_like_text_is_taken() -> None:
    text = Path(ROOT / "examples" / "blog.schema").read_text(encoding="utf-8")
    assert _check(text)
