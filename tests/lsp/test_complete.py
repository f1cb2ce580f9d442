"""Completion contexts, in process: the scanner on broken text, and what each context offers."""

from __future__ import annotations

import pytest

from schemac.check import analyze, shape_file
from schemac.lsp.complete import complete
from schemac.lsp.scan import scan
from schemac.source import SourceFile
from schemac.syntax.parser import parse

BASE = """\
enum "status" { values = ["draft", "live"] }

schema "shop" {
  table "orders" {
    column "id"     bigint { identity = always }
    column "state"  status { default = "draft" }
    column "placed" timestamptz
    primary_key = [id]
  }
}
"""


def _labels(text: str) -> set[str]:
    """Completion at `|` in ``text``, with the schema analysed from the text without it."""
    at = text.index("|")
    text = text.replace("|", "")
    source = SourceFile("t.schema", text)
    parsed = parse(source)
    _, ctx = analyze([shape_file(parsed.file, parsed.diagnostics)])
    return {item.label for item in complete(scan(text, at), ctx)}


def _in_orders(line: str) -> str:
    return BASE.replace("    primary_key = [id]\n", f"    primary_key = [id]\n{line}\n")


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("|", {"schema", "table", "enum", "extension"}, {"column"}),
        ("sch|", {"schema", "table"}, set()),
        (_in_orders("    |"), {"column", "index", "unique", "comment", "inherits"}, {"values"}),
        (_in_orders("    ind|"), {"index"}, set()),
        (_in_orders('    index "i" { on = [|] }'), {"id", "state", "placed"}, {"orders"}),
        (_in_orders('    index "i" { on = [id, |] }'), {"state", "placed"}, set()),
        (_in_orders('    index "i" { |'), {"on", "unique", "where", "using"}, {"column"}),
        (_in_orders('    index "i" { on = [id], |'), {"unique", "where"}, {"on"}),
        (_in_orders('    index "i" {\n      unique = true\n      |'), {"on"}, {"unique"}),
        (_in_orders('    index "i" { using = |'), {"btree", "gin", "gist"}, set()),
        (_in_orders('    column "x" |'), {"bigint", "text", "status", "double precision"}, set()),
        (_in_orders('    column "x" status { default = | }'), {'"draft"', '"live"'}, set()),
        (_in_orders('    column "x" status { default = "|" }'), {"draft", "live"}, set()),
        (_in_orders('    column "x" bigint { references = | }'), {"orders", "shop"}, set()),
        (_in_orders('    column "x" bigint { references = orders.| }'), {"id", "state"}, set()),
        (_in_orders('    column "x" bigint { references = shop.orders.| }'), {"id"}, set()),
        (_in_orders('    column "x" bigint { references = shop.| }'), {"orders"}, set()),
        (_in_orders('    column "x" bigint { unique = | }'), {"true", "false"}, set()),
        (_in_orders("    partition_by = range(|)"), {"id", "placed"}, set()),
        (_in_orders("    row_level_security = |"), {"enabled", "forced"}, set()),
        (_in_orders('    trigger "t" { before = [|] }'), {"insert", "update"}, set()),
        (_in_orders('    trigger "t" { before = [update(|)] }'), {"state"}, set()),
        # Nothing in comments, heredocs, and strings that are not enum values.
        (_in_orders("    # a comment |"), set(), {"column"}),
        (_in_orders("    comment = <<-EOT\n      text |"), set(), {"column"}),
        (_in_orders('    comment = "te|"'), set(), {"column"}),
    ],
)
def test_context(text: str, expected: set[str], absent: set[str]) -> None:
    labels = _labels(text)
    assert expected <= labels, labels
    assert not (absent & labels)
    if not expected:
        assert labels == set()


def test_unclosed_text_still_completes() -> None:
    """Typing leaves the text broken: an unclosed block, bracket, string or comment."""
    broken = BASE.replace("    primary_key = [id]\n  }\n}\n", "    primary_key = [id, |")
    assert {"state", "placed"} <= _labels(broken)
    assert _labels('table "t" {\n  column "a" text\n  /* open |') == set()


def test_scan_tracks_blocks_and_brackets() -> None:
    text = 'schema "s" {\n  table "t" {\n    column "c" s.e { default = [1, "x", sql("f(a'
    result = scan(text, len(text))
    assert [(f.kind, f.label, f.header) for f in result.blocks] == [
        ("schema", "s", []),
        ("table", "t", []),
        ("column", "c", ["s", ".", "e"]),
    ]
    assert [(b.char, b.attribute, b.callee) for b in result.brackets] == [
        ("[", "default", []),
        ("(", "default", ["sql"]),
    ]
    assert result.in_string
    assert result.string_prefix == "f(a"
    assert result.attribute == "default"
    closed = text + '")'
    after = scan(closed, len(closed))
    assert not after.in_string
    assert [b.char for b in after.brackets] == ["["]
    assert after.tokens == ["sql", "()"]  # the element being written, after the last comma
