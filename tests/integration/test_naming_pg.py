"""The names schemac gives unnamed indexes and constraints are the ones PostgreSQL gives."""

from __future__ import annotations

import pytest

from schemac.check import check_sources
from schemac.source import SourceFile

EXPRESSIONS = [
    "a + b",
    "lower(email)",
    "(t AT TIME ZONE 'UTC')::date",
    "CASE WHEN a > 1 THEN 1 END",
    "upper(x)::text",
    "coalesce(a, b)",
    'x COLLATE "C"',
    "a::text",
    "ARRAY[a, b]",
    "md5(x)",
    "pg_catalog.btrim(x)",
    "(a)",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_expression_index_names(expression: str, pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    escaped = expression.replace("\\", "\\\\").replace('"', '\\"')
    text = (
        'table "nm" {\n  column "a" integer\n  column "b" integer\n  column "email" text\n'
        '  column "t" timestamptz\n  column "x" text\n'
        f'  index {{ on = [sql("{escaped}")] }}\n}}\n'
    )
    result = check_sources([SourceFile("nm.schema", text)])
    assert result.database is not None, [d.message for d in result.diagnostics]
    (schema,) = result.database.schemas
    (index,) = schema.tables[0].indexes
    with pg_server.connect(fresh_db) as conn:
        conn.execute("CREATE TABLE nm (a int, b int, email text, t timestamptz, x text)")
        conn.execute(f"CREATE INDEX ON nm (({expression}))")  # type: ignore[arg-type]
        row = conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'nm'").fetchone()
    assert row == (index.name,)


def test_constraint_names(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    text = """\
table "parent" {
  column "id" bigint
  column "code" text
  primary_key = [id]
  unique { columns = [code] }
}

table "child" {
  column "parent_id" bigint { references = parent.id }
  column "n"         integer { check = sql("n > 0") }
  check { expr = sql("n < 100 AND parent_id > 0") }
  index { on = [parent_id] }
}
"""
    result = check_sources([SourceFile("c.schema", text)])
    assert result.database is not None
    tables = {t.name: t for t in result.database.schemas[0].tables}
    ours = {tables["parent"].primary_key.name, *(u.name for u in tables["parent"].uniques)}  # type: ignore[union-attr]
    ours |= {f.name for f in tables["child"].foreign_keys} | {
        c.name for c in tables["child"].checks
    }
    ours |= {i.name for i in tables["child"].indexes}
    with pg_server.connect(fresh_db) as conn:
        conn.execute(
            "CREATE TABLE parent (id bigint PRIMARY KEY, code text NOT NULL UNIQUE);"
            "CREATE TABLE child (parent_id bigint NOT NULL REFERENCES parent (id),"
            " n integer NOT NULL CHECK (n > 0), CHECK (n < 100 AND parent_id > 0));"
            "CREATE INDEX ON child (parent_id)"
        )
        theirs = {
            r[0]
            for r in conn.execute(
                "SELECT conname FROM pg_constraint"
                " WHERE conrelid IN ('parent'::regclass, 'child'::regclass)"
            )
        }
        theirs |= {
            r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'child'")
        }
    assert ours == theirs
