"""The highlighters' word lists cannot drift from the language.

The block kinds, attribute names and value words come from the checker's own tables
(check/spec.py), the built-in type names from PostgreSQL's (dialects/postgres/tables.py).
Each is written in a line of its own and highlighted by all three highlighters, which
must show it as a known word: a kind or attribute added to the checker without
highlighting fails here, naming the highlighter and the file to edit. (A name the
highlighters list that the language drops does no harm, and is not checked: developers
adding and removing names at once must not block each other.)
"""

from __future__ import annotations

import pytest

from schemac import highlight
from schemac.check.spec import all_attribute_names, all_block_kinds, all_words
from schemac.dialects.postgres.tables import ALIASES, INTERVAL_FIELDS, SERIALS
from tests.editors.highlighters import HIGHLIGHTERS, matches

# The words of every built-in type's spellings: `double precision`, `timestamp with time zone`.
TYPE_WORDS = tuple(
    sorted({w for spelling in (*ALIASES, *SERIALS, *INTERVAL_FIELDS) for w in spelling.split()})
)

# (what, names, how a name is written in a line, where it is, what it must be shown as)
CASES = [
    ("block kinds", all_block_kinds(), '{} "x" {{}}', (0, 0), "kind"),
    ("attribute names", all_attribute_names(), 'table "t" {{\n  {} = 1\n}}', (1, 2), "attribute"),
    ("value words", all_words(), "x = [{}]", (0, 5), "word"),
    ("built-in type names", TYPE_WORDS, 'column "c" {}', (0, 11), "type"),
]

WHERE = {
    "textmate": "editors/vscode/syntaxes/schema.tmLanguage.json",
    "vim": "editors/vim/syntax/schema.vim",
    "pygments": "src/schemac/highlight.py",
}


@pytest.mark.parametrize("highlighter", sorted(HIGHLIGHTERS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0].replace(" ", "-"))
def test_every_name_is_highlighted_as_known(
    highlighter: str, case: tuple[str, tuple[str, ...], str, tuple[int, int], str]
) -> None:
    what, names, template, (line, column), category = case
    results = HIGHLIGHTERS[highlighter]([template.format(name) for name in names])
    missing = [
        name
        for name, result in zip(names, results, strict=True)
        if not matches(highlighter, result.at(line, column), category)
    ]
    assert not missing, (
        f"{highlighter} does not know these {what}: {missing}; add them to {WHERE[highlighter]}"
    )


def test_an_unknown_kind_and_attribute_are_told_apart() -> None:
    """The drift test can see a missing name only because unknown ones look different."""
    for highlighter, run in HIGHLIGHTERS.items():
        kind, attribute = run(['tabel "x" {}', 'table "t" {\n  colour = 1\n}'])
        assert matches(highlighter, kind.at(0, 0), "kind?"), highlighter
        assert not matches(highlighter, kind.at(0, 0), "kind"), highlighter
        assert matches(highlighter, attribute.at(1, 2), "attribute?"), highlighter
        assert not matches(highlighter, attribute.at(1, 2), "attribute"), highlighter


def test_pygments_types_cover_the_builtins() -> None:
    assert set(TYPE_WORDS) <= set(highlight.BUILTIN_TYPES)
