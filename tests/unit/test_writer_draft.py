"""The writer lays a database out once for both its text and what it cannot say, and the
layout's shortcut for a run of one line prints what the formatter's alignment prints."""

from __future__ import annotations

import dataclasses

import pytest

from schemac.check import check_sources
from schemac.ir import model as ir
from schemac.ir.types import TypeRef
from schemac.source import SourceFile
from schemac.syntax.printer import Line, align_lines
from schemac.writer import Draft, database, unwritable_objects, write_database, write_schemas
from schemac.writer.layout import _aligned

_TEXT = """
schema "app" {
  table "users" {
    column "id" bigint { identity = always }
    column "email" text
    primary_key = [id]
  }
}
schema "audit" {
  table "log" {
    column "at" timestamptz { default = sql("now()") }
  }
}
"""


def _database() -> ir.Database:
    """Two schemas, and a column of a type no spelling writes (`bit` without a length)."""
    result = check_sources([SourceFile("draft.schema", _TEXT)])
    assert result.database is not None, result.errors
    app, audit = result.database.schemas
    users = app.tables[0]
    bits = ir.Column(name="bits", type=TypeRef(name="bit"), nullable=True)
    users = dataclasses.replace(users, columns=(*users.columns, bits))
    app = dataclasses.replace(app, tables=(users,))
    return dataclasses.replace(result.database, schemas=(app, audit))


def test_one_layout_gives_the_text_the_texts_and_what_cannot_be_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = _database()
    text, texts, left = write_database(db), write_schemas(db), unwritable_objects(db)
    assert left, "bit without a length cannot be written, so there is a note"
    calls = []
    real = database._parts

    def counted(d: ir.Database) -> object:
        calls.append(d)
        return real(d)

    monkeypatch.setattr(database, "_parts", counted)
    draft = Draft(db)
    assert draft.unwritable_objects() == left
    assert draft.text() == text
    assert draft.texts() == texts
    assert draft.unwritable() == [u.what for u in left]
    assert len(calls) == 1


_LINES = [
    Line('column "a"', "text", "", None, "block:column"),
    Line('column "a"', "text?", "{ default = 1 }", None, "block:column"),
    Line('column "a"', "", "{ default = 1 }", None, "block:column"),
    Line('column "é\u0301"', "t\u0301", "{ x = 1 }", None, "block:column"),
    Line('column "a"', "\u0301", "{ x = 1 }", None, "block:column"),
    Line("index", "", "{ on = [a] }", None, "block:index"),
    Line("comment", ' = "x"', "", None, "attr"),
    Line("comment", " = <<EOT", "", "comment = <<EOT\nx\nEOT", "attr"),
    Line('table "t"', "", "{\n  x = 1\n}", 'table "t" {\n  x = 1\n}', "block:table"),
    Line('table "t"', "", "", None, "block:table"),
]


@pytest.mark.parametrize("line", _LINES, ids=range(len(_LINES)))
@pytest.mark.parametrize("pad", ["", "    "])
def test_a_run_of_one_line_is_aligned_as_the_formatter_aligns_it(line: Line, pad: str) -> None:
    assert _aligned([line], pad) == align_lines([(line, "")], pad)


def test_longer_runs_go_to_the_formatter() -> None:
    run = _LINES[:3]
    assert _aligned(run, "  ") == align_lines([(line, "") for line in run], "  ")
    assert _aligned([], "") == []
