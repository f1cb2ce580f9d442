"""Structured fixes: what diagnostics offer, and that applying one resolves its diagnostic."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.diagnostics import Diagnostic, Fix
from schemac.diagnostics.render import render_json
from schemac.diagnostics.suggest import Suggestion, did_you_mean
from schemac.source import SourceFile

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "check"


def _check(text: str) -> tuple[Diagnostic, ...]:
    return check_sources([SourceFile("t.schema", text)]).diagnostics


def _apply(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
    return text


def _fixed(text: str, code: str) -> tuple[list[str], str]:
    """The titles of the fixes of the one diagnostic with ``code``, and the first applied."""
    (diagnostic,) = [d for d in _check(text) if d.code == code]
    return [f.title for f in diagnostic.fixes], _apply(text, diagnostic.fixes[0])


TABLE = 'table "t" {{\n  column "id" bigint\n  {}\n}}\n'


@pytest.mark.parametrize(
    ("code", "before", "titles", "after"),
    [
        ("E0401", "primary_key = [idd]", ["Change to `id`"], "primary_key = [id]"),
        ("E0102", "primary_kye = [id]", ["Change to `primary_key`"], "primary_key = [id]"),
        ("E0101", 'colum "x" text', ["Change to `column`"], 'column "x" text'),
        ("E0004", "primary_key = [id,, id]", ["Remove the `,`"], "primary_key = [id, id]"),
        (
            "E0003",
            "unlogged true",
            ["Write `unlogged = true`"],
            "unlogged = true",
        ),
        (
            "E0012",
            "comment = 'it is \"here\"'",
            ["Use double quotes"],
            'comment = "it is \\"here\\""',
        ),
    ],
)
def test_fixes_in_a_table(code: str, before: str, titles: list[str], after: str) -> None:
    found, fixed = _fixed(TABLE.format(before), code)
    assert found == titles
    assert fixed == TABLE.format(after)


def test_a_choice_is_written_as_a_word() -> None:
    text = 'table "t" {\n  column "id" bigint { identity = by_defualt }\n}\n'
    titles, fixed = _fixed(text, "E0109")
    assert titles == ["Change to `by_default`"]
    assert "identity = by_default }" in fixed


def test_an_enum_value_stays_a_string() -> None:
    text = (
        'enum "s" { values = ["pending", "cancelled"] }\n'
        'table "t" {\n  column "s" s { default = "canceled" }\n}\n'
    )
    titles, fixed = _fixed(text, "E0307")
    assert titles == ["Change to `cancelled`"]
    assert 'default = "cancelled"' in fixed


def test_a_misplaced_question_mark_moves() -> None:
    _, fixed = _fixed('table "t" {\n  column "tags" text?[]\n}\n', "E0310")
    assert 'column "tags" text[]?' in fixed
    _, fixed = _fixed('table "t" {\n  column "tags" text?[][]?\n}\n', "E0310")
    assert 'column "tags" text[][]?' in fixed


def test_a_nullable_identity_loses_its_question_mark() -> None:
    text = 'table "t" {\n  column "id" bigint? { identity = always }\n  primary_key = [id]\n}\n'
    titles, fixed = _fixed(text, "E0507")
    assert titles == ["Remove the `?`"]
    assert 'column "id" bigint { identity' in fixed


def test_qualified_names_and_other_help_offer_no_fix() -> None:
    text = 'schema "app" {\n  table "a" {\n    column "id" bigint\n  }\n}\n'
    text += 'table "b" {\n  column "a_id" bigint { references = app.b.id }\n}\n'
    assert all(not d.fixes for d in _check(text))
    # An unknown attribute with nothing close lists what is known: no fix.
    (diagnostic,) = _check(TABLE.format("zzzzzzzzz = 1"))
    assert diagnostic.help is not None
    assert diagnostic.help.startswith("known here:")
    assert diagnostic.fixes == ()


def test_fixes_in_json() -> None:
    (item,) = json.loads(render_json(_check(TABLE.format("primary_key = [idd]"))))
    assert item["fixes"] == [
        {
            "title": "Change to `id`",
            "edits": [
                {
                    "file": "t.schema",
                    "line": 3,
                    "column": 18,
                    "end_line": 3,
                    "end_column": 21,
                    "replacement": "id",
                }
            ],
        }
    ]
    (item,) = json.loads(render_json(_check(TABLE.format("primary_key = [id"))))
    assert item["fixes"] == []


def test_a_suggestion_is_its_sentence_and_keeps_its_names() -> None:
    found = did_you_mean("idd", ["id", "ida", "other"])
    assert isinstance(found, Suggestion)
    assert found == "did you mean `id` or `ida`?"
    assert found.names == ("id", "ida")
    for again in (copy.copy(found), pickle.loads(pickle.dumps(found))):
        assert again == found
        assert again.names == found.names
    assert type(f"{found} more") is str
    assert did_you_mean("zzz", ["id"]) is None


def _golden_cases() -> list[Path]:
    return sorted(GOLDEN.glob("*.schema"))


def test_every_fix_of_the_golden_cases_resolves_its_diagnostic() -> None:
    """Applying a fix removes its diagnostic (no diagnostic of that code starts there)."""
    tried = 0
    for case in _golden_cases():
        text = case.read_text(encoding="utf-8")
        for diagnostic in _check(text):
            for fix in diagnostic.fixes:
                fixed = _apply(text, fix)
                assert fixed != text, (case.name, fix)
                start = diagnostic.primary.span.start
                again = [
                    d
                    for d in _check(fixed)
                    if d.code == diagnostic.code and d.primary.span.start == start
                ]
                assert not again, f"{case.name}: {fix.title} leaves {diagnostic.code}"
                tried += 1
    assert tried > 20
