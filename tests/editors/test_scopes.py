"""One sample, every construct, the same verdict from the three highlighters.

Each line of SAMPLE comes with what its words must be shown as (CATEGORIES in
highlighters.py says what that is in TextMate, Vim and Pygments): `kind:table` marks the
next `table` on the line as a known block kind, and so on.
"""

from __future__ import annotations

import pytest

from tests.editors.highlighters import HIGHLIGHTERS, highlighter_params, matches

SAMPLE: list[tuple[str, str]] = [
    ("# A sample: every construct once.", "#:sample"),
    ("// a slash comment", "//:slash"),
    ("/* a block comment", "/*:block"),
    ("   over two lines */", "/*:lines"),
    ('extension "pgcrypto" {}', "kind:extension label:pgcrypto"),
    ('schema "app" {', "kind:schema label:app"),
    (
        '  comment = "All the app\\tneeds \\u00e9"',
        "attribute:comment string:All escape:\\t escape:\\u00e9",
    ),
    ('  enum "state" { values = ["new", "done"] }', "kind:enum attribute:values string:new"),
    ('  table "users" {', "kind:table label:users"),
    (
        '    column "id" bigint { identity = always }',
        "kind:column label:id type:bigint attribute:identity word:always",
    ),
    ('    column "bio" text? # nullable', "type:text #:nullable"),
    (
        '    column "at" timestamp(3) with time zone',
        "type:timestamp integer:3 type:with type:time type:zone",
    ),
    (
        '    column "tags" varchar(64)[] { default = [] }',
        "type:varchar integer:64 attribute:default",
    ),
    ('    column "state" state { default = "new" }', "label:state type?:state string:new"),
    ('    column "kind" app.`Odd Kind`', "namespace:app type?:`Odd"),
    (
        '    column "author" bigint { references = app.authors.id, on_delete = cascade }',
        "attribute:references name:app member:authors member:id attribute:on_delete word:cascade",
    ),
    ("    primary_key = [id]", "attribute:primary_key name:id"),
    ('    index "users_at_idx" {', "kind:index label:users_at_idx"),
    (
        '      on    = [at desc nulls last, sql("lower(bio)")]',
        "attribute:on name:at word:desc word:nulls word:last sql:sql string:lower",
    ),
    ('      where = sql("bio IS NOT NULL")', "attribute:where sql:sql"),
    ("    }", ""),
    ("    partition_by = range(at)", "attribute:partition_by sql:range name:at"),
    ("    frobnicate = true", "attribute?:frobnicate boolean:true"),
    ('    tabel "oops" {}', "kind?:tabel label:oops"),
    (
        "    numbers = [42, -1, 0.5, .5, 1.5e3, null, false]",
        "integer:42 integer:-1 float:0.5 float:.5 float:1.5e3 null:null boolean:false",
    ),
    (
        '    trigger "touch" { execute = app.touch_updated_at() }',
        "kind:trigger attribute:execute function-namespace:app call:touch_updated_at",
    ),
    ('    settings = { search_path = "app" }', "attribute?:settings key:search_path string:app"),
    ("  }", ""),
    ('  function "f" {', "kind:function"),
    ('    arg "n" integer { mode = inout }', "kind:arg type:integer attribute:mode word:inout"),
    ("    returns  = setof text", "attribute:returns setof:setof type:text"),
    ("    language = sql", "attribute:language word:sql"),
    ("    body     = <<-EOT", "attribute:body tag:EOT"),
    ("      SELECT 1 -- } not the end", "heredoc:SELECT heredoc:}"),
    ("    EOT", "tag:EOT"),
    ("  }", ""),
    ("}", ""),
]
TEXT = "\n".join(line for line, _ in SAMPLE) + "\n"


def _expectations() -> list[tuple[int, int, str, str]]:
    """(line, column, category, word) for each annotation."""
    out = []
    for n, (line, notes) in enumerate(SAMPLE):
        column = 0
        for note in notes.split():
            category, word = note.split(":", 1)
            column = line.index(word, column)
            out.append((n, column, category, word))
            column += len(word)
    return out


@pytest.fixture(scope="module", params=highlighter_params())
def highlighted(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return request.param, HIGHLIGHTERS[request.param]([TEXT])[0]


def test_every_word_is_shown_as_what_it_is(highlighted) -> None:  # type: ignore[no-untyped-def]
    highlighter, result = highlighted
    wrong = []
    for line, column, category, word in _expectations():
        span = result.at(line, column)
        if not matches(highlighter, span, category):
            wrong.append(f"{line + 1}:{column + 1} {word!r} is {span.name!r}, not {category}")
    assert not wrong, "\n".join(wrong)


def test_the_sample_is_clean(highlighted) -> None:  # type: ignore[no-untyped-def]
    _, result = highlighted
    assert result.problems() == []
