"""Big files in pieces: `schemac check`'s diagnostics, and a change re-parses one piece."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from schemac.check import Options, analyze, check_sources
from schemac.diagnostics import Diagnostic
from schemac.inputs import read_file
from schemac.lsp.document import EXACT_BELOW, Document
from schemac.lsp.pieces import cut, edit_region
from schemac.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    *sorted((ROOT / "tests" / "golden" / "check").glob("*.schema")),
    *sorted((ROOT / "tests" / "golden" / "compile").rglob("*.schema")),
    *sorted((ROOT / "examples").rglob("*.schema")),
]


def _key(d: Diagnostic) -> tuple[object, ...]:
    """A diagnostic as an editor shows it: by line and column in the whole file."""
    span = d.primary.span
    line, col = span.file.line_col(span.start)
    related = tuple(
        (lb.span.file.first_line + lb.span.file.line_col(lb.span.start)[0], lb.message)
        for lb in d.secondary
    )
    return (d.code, d.message, span.file.first_line + line, col, d.help, related)


def _expected(text: str) -> list[tuple[object, ...]]:
    return sorted(map(_key, check_sources([SourceFile("t.schema", text)]).diagnostics))


def _got(document: Document) -> list[tuple[object, ...]]:
    result, _ = analyze(document.shaped)
    return sorted(map(_key, result.diagnostics))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pieces_give_checks_diagnostics(path: Path) -> None:
    """In pieces where the file cuts (else whole), the diagnostics are check's."""
    text = read_file(path).text
    pieces = cut("t.schema", text, Options())
    if pieces is not None:
        result, _ = analyze([p.shaped for p in pieces])
        assert sorted(map(_key, result.diagnostics)) == _expected(text)
    assert _got(Document("t.schema", text, Options())) == _expected(text)


def test_most_files_cut() -> None:
    cuts = sum(cut("t.schema", read_file(p).text, Options()) is not None for p in FILES)
    assert cuts > 0.9 * len(FILES)


def _table(i: int) -> str:
    return (
        f'  table "t{i}" {{\n'
        f'    column "id"   bigint {{ identity = always }}\n'
        f'    column "name" text\n'
        f'    column "up"   bigint? {{ references = t{max(i - 1, 0)}.id }}\n'
        f"    primary_key = [id]\n"
        f'    index "t{i}_up_idx" {{ on = [up] }}\n'
        f"  }}\n"
    )


BIG = 'schema "app" {\n  comment = "many tables"\n\n' + "\n".join(map(_table, range(400))) + "}\n"


def _edit(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    kind = rng.randrange(4)
    if kind == 0:
        return (
            text[:at]
            + rng.choice(["x", " ", "\n", "{", "}", '"', "#", "=", ",", "[", "]"])
            + text[at:]
        )
    if kind == 1:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[min(len(text), at + rng.randint(1, 30)) :]
    return text[:at] + 'column "q" text\n' + text[at:]


EDITED = [
    "blog.schema",
    "analytics/events.schema",
    "analytics/ingest.schema",
    "saas/projects.schema",
]


def _check(document: Document, text: str) -> None:
    """Check's diagnostics; and the pieces a fresh cut of the text would give."""
    if not document.exact:
        document.refine()
    assert _got(document) == _expected(text)
    if len(document.pieces) > 1:
        fresh = cut("t.schema", text, Options())
        assert fresh is not None
        assert [(p.start, p.end) for p in document.pieces] == [(p.start, p.end) for p in fresh]


@pytest.mark.parametrize(
    ("base", "seed"), [*((name, seed) for name in EDITED for seed in (1, 2)), ("big", 3)]
)
def test_random_edits_match_check(base: str, seed: int) -> None:
    """After every edit (and every return to the original) the document is as if new."""
    original = BIG if base == "big" else (ROOT / "examples" / base).read_text()
    assert (len(original) >= EXACT_BELOW) == (base == "big")
    rng = random.Random(seed)
    text = original
    document = Document("t.schema", text, Options())
    for _ in range(100 if base != "big" else 40):
        text = _edit(text, rng)
        document.update(text)
        if base != "big":
            assert document.exact  # a small file is always parsed exactly
        _check(document, text)
        if rng.random() < 0.2:
            text = original
            document.update(text)
            _check(document, text)
    assert document.text == text


def test_a_change_in_a_table_parses_only_that_table() -> None:
    document = Document("t.schema", BIG, Options())
    assert len(document.pieces) == 401  # the schema's skeleton and its 400 tables
    before = list(document.pieces)
    changed = BIG.replace(
        'column "name" text\n    column "up"   bigint? { references = t199',
        'column "named" text\n    column "up"   bigint? { references = t199',
    )
    document.update(changed)
    replaced = [
        i for i, (a, b) in enumerate(zip(before, document.pieces, strict=True)) if a is not b
    ]
    assert replaced == [201]  # t200's piece (the skeleton is piece 0, t0 piece 1)
    assert _got(document) == _expected(changed)
    # A new line in a table moves the pieces below it (and the skeleton's blank lines).
    below = document.pieces[202]  # t201
    line = below.source.first_line
    grown = changed.replace(
        'column "named" text\n', 'column "named" text\n    column "more" text\n'
    )
    document.update(grown)
    assert document.exact
    assert document.pieces[202] is below
    assert below.source.first_line == line + 1
    assert _got(document) == _expected(grown)


def test_edit_region() -> None:
    assert edit_region("abcdef", "abXdef") == (2, 3, 3)
    assert edit_region("abcdef", "abcdef!") == (6, 6, 7)
    assert edit_region("aaaa", "aaa") == (0, 1, 0)  # the same change, slid to the line start
    assert edit_region("  b\n", "  x\n  b\n") == (0, 0, 4)  # a line put in, whole
    assert edit_region("", "x") == (0, 0, 1)


def test_locate_maps_into_pieces() -> None:
    document = Document("t.schema", BIG, Options())
    at = BIG.index('"t7_up_idx"')
    source, offset = document.locate(at)
    assert source is document.pieces[8].source
    assert source.text[offset : offset + 11] == '"t7_up_idx"'


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        ("# a note\n", 'table "t5" {'),  # a comment between two of the schema's tables
        ("\n\n", 'table "t5" {'),  # blank lines there
        ('  renamed_from = "old_app"\n', '  table "t0" {'),  # the schema's own attribute
        ("\n# the end\n", None),  # after the schema block, at the end of the file
    ],
)
def test_changes_between_pieces_parse_no_table(edit: str, where: str | None) -> None:
    document = Document("t.schema", BIG, Options())
    tables = [p for p in document.pieces if not p.skeleton]
    if where is None:
        changed = BIG + edit
    else:
        at = BIG.index(where)
        at = BIG.rfind("\n", 0, at) + 1
        changed = BIG[:at] + edit + BIG[at:]
    document.update(changed)
    assert [p for p in document.pieces if not p.skeleton] == tables  # the same pieces
    assert _got(document) == _expected(changed)


def test_a_schema_attribute_changed_in_place() -> None:
    document = Document("t.schema", BIG, Options())
    tables = [p for p in document.pieces if not p.skeleton]
    changed = BIG.replace('comment = "many tables"', 'comment = "a great many tables"')
    document.update(changed)
    assert [p for p in document.pieces if not p.skeleton] == tables
    assert document.pieces[0].shaped.context.schema_decls[0].comment.value == "a great many tables"  # type: ignore[union-attr]
    assert _got(document) == _expected(changed)
