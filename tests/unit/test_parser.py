"""The parser: trees with spans, recovery that reports every independent mistake."""

from __future__ import annotations

from schemac.source import SourceFile
from schemac.syntax import ast
from schemac.syntax.parser import parse, parse_text


def _codes(text: str) -> list[str]:
    return [d.code for d in parse_text(text).diagnostics]


def test_block_with_label_type_and_body() -> None:
    tree = parse_text('table "t" {\n  column "id" bigint { identity = always }\n}\n').file
    (table,) = tree.items
    assert isinstance(table, ast.Block)
    assert table.kind.name == "table"
    assert table.label is not None
    assert table.label.value == "t"
    (column,) = table.items
    assert isinstance(column, ast.Block)
    assert isinstance(column.header, ast.Path)
    assert column.header.dotted == "bigint"
    (identity,) = column.items
    assert isinstance(identity, ast.Attribute)
    assert identity.name.name == "identity"


def test_spans_point_at_tokens() -> None:
    text = 'table "orders" {\n  primary_key = [id]\n}\n'
    tree = parse_text(text).file
    table = tree.items[0]
    assert isinstance(table, ast.Block)
    attribute = table.items[0]
    assert isinstance(attribute, ast.Attribute)
    assert attribute.name.span.text == "primary_key"
    assert attribute.value.span.text == "[id]"
    assert table.label is not None
    assert table.label.span.text == '"orders"'
    assert table.span.text == text.rstrip("\n")


def test_type_expressions() -> None:
    tree = parse_text(
        'type "t" {\n'
        '  field "a" timestamp(3) with time zone\n'
        '  field "b" numeric(12, 2)[]\n'
        '  field "c" double precision\n'
        '  field "d" blog.status\n'
        "}\n"
    ).file
    block = tree.items[0]
    assert isinstance(block, ast.Block)
    headers = [item.header for item in block.items if isinstance(item, ast.Block)]
    assert isinstance(headers[0], ast.Phrase)
    assert isinstance(headers[1], ast.ArrayOf)
    assert isinstance(headers[1].element, ast.Call)
    assert isinstance(headers[2], ast.Phrase)
    assert isinstance(headers[3], ast.Path)
    assert headers[3].names == ("blog", "status")


def test_nullable_and_arrays() -> None:
    block = parse_text('column "x" text[]?\n').file.items[0]
    assert isinstance(block, ast.Block)
    assert isinstance(block.header, ast.Nullable)
    assert isinstance(block.header.inner, ast.ArrayOf)


def test_empty_list_is_not_an_array_suffix() -> None:
    attribute = parse_text("default = []\n").file.items[0]
    assert isinstance(attribute, ast.Attribute)
    assert isinstance(attribute.value, ast.ListExpr)
    assert attribute.value.items == ()


def test_keywords_are_names_where_no_value_can_stand() -> None:
    tree = parse_text("x = a.true\nnull = 1\n")
    assert tree.ok
    first = tree.file.items[0]
    assert isinstance(first, ast.Attribute)
    assert isinstance(first.value, ast.Path)
    assert first.value.names == ("a", "true")


def test_backticked_names_and_unicode() -> None:
    tree = parse_text("primary_key = [`order id`, café, `a``b`]\n")
    assert tree.ok
    attribute = tree.file.items[0]
    assert isinstance(attribute, ast.Attribute)
    assert isinstance(attribute.value, ast.ListExpr)
    names = [item.dotted for item in attribute.value.items if isinstance(item, ast.Path)]
    assert names == ["order id", "café", "a`b"]


def test_string_escapes() -> None:
    attribute = parse_text('comment = "a\\"b\\\\c\\n\\u00e9\\U0001F600"\n').file.items[0]
    assert isinstance(attribute, ast.Attribute)
    assert isinstance(attribute.value, ast.StringLit)
    assert attribute.value.value == 'a"b\\c\né\U0001f600'


def test_heredocs() -> None:
    text = "a = <<-SQL\n    select 1\n      from t\n    SQL\nb = <<EOT\n  kept\nEOT\n"
    tree = parse_text(text)
    assert tree.ok
    a, b = tree.file.items
    assert isinstance(a, ast.Attribute)
    assert isinstance(b, ast.Attribute)
    assert isinstance(a.value, ast.Heredoc)
    assert a.value.value == "select 1\n  from t"
    assert isinstance(b.value, ast.Heredoc)
    assert b.value.value == "  kept"


def test_heredoc_closing_line_may_end_a_call() -> None:
    tree = parse_text("a = sql(<<-SQL\n  select 1\n  SQL)\nb = 2\n")
    assert tree.ok
    assert len(tree.file.items) == 2


def test_newlines_inside_brackets_are_free_and_commas_separate() -> None:
    tree = parse_text('x = [\n  a,\n  b,\n]\ny = f(\n  1,\n)\nt "n" { a = 1, b = 2 }\n')
    assert tree.ok
    assert len(tree.file.items) == 3


def test_comments_are_kept() -> None:
    tree = parse_text("# one\na = 1 // two\n/* three\n four */\n")
    assert [c.text for c in tree.file.comments] == ["# one", "// two", "/* three\n four */"]


def test_three_independent_mistakes_are_all_reported() -> None:
    text = (
        'table "users" {\n'
        '  comment "people"\n'  # missing =
        '  column "id" bigint { identity = always }\n'
        "  primary_key = [id,, email]\n"  # stray comma
        '  column "name" text { default = "x }\n'  # unclosed string
        "}\n"
    )
    assert _codes(text) == ["E0003", "E0004", "E0005"]


def test_recovery_keeps_the_rest_of_the_block() -> None:
    text = 'table "t" {\n  x = = 1\n  column "ok" text\n}\ntable "u" {}\n'
    result = parse_text(text)
    assert [d.code for d in result.diagnostics] == ["E0001"]
    names = [i.label.value for i in result.file.items if isinstance(i, ast.Block) and i.label]
    assert names == ["t", "u"]
    table = result.file.items[0]
    assert isinstance(table, ast.Block)
    assert [i.kind.name for i in table.items if isinstance(i, ast.Block)] == ["column"]


def test_missing_closing_brace_points_at_the_open_one() -> None:
    result = parse_text('table "a" {\n  column "x" int\n\ntable "b" {\n}\n')
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "E0002"
    assert diagnostic.primary.span.text == "{"
    assert diagnostic.primary.span.start_line_col() == (1, 11)
    hints = [label.message for label in diagnostic.secondary]
    assert "perhaps a `}` is missing before this line" in hints
    assert len(result.file.items) == 2  # parsed again with the `}` put back: both tables


def test_unclosed_list_resumes_at_the_next_item() -> None:
    result = parse_text('t "x" {\n  primary_key = [a, b\n  column "c" int\n}\n')
    assert [d.code for d in result.diagnostics] == ["E0008"]
    block = result.file.items[0]
    assert isinstance(block, ast.Block)
    assert [i.kind.name for i in block.items if isinstance(i, ast.Block)] == ["column"]


def test_dedicated_messages() -> None:
    assert _codes("a = 1\n}\n") == ["E0010"]
    assert _codes('x = "abc\n') == ["E0005"]
    assert _codes("x = <<-SQL\n  select\n") == ["E0006"]
    assert _codes("x = 1; y = 2\n")[0] == "E0007"
    assert _codes("x = 'single'\n") == ["E0012"]
    assert _codes('x = "\\q"\n') == ["E0009"]
    assert _codes("/* open\n") == ["E0011"]
    assert _codes("values [1]\n") == ["E0003"]


def test_crlf_and_bom() -> None:
    result = parse(SourceFile("w.schema", 'a = 1\r\nb = "x"\r\n# c\r\n'))
    assert result.ok
    assert [c.text for c in result.file.comments] == ["# c"]


def test_error_cap_stops_parsing() -> None:
    result = parse_text("}\n" * 500)
    assert 0 < len(result.diagnostics) <= 25
