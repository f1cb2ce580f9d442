"""Names survive: quotes, spaces, capitals, unicode, reserved words and hostile strings
compile, load, and come back from the catalogs exactly as written."""

from __future__ import annotations

from pathlib import Path

from schemac.dialects.postgres.keywords import QUOTED_KEYWORDS
from schemac.dialects.postgres.quoting import ident
from schemac.syntax.printer import quote_string
from tests.integration.test_compile_pg import compile_path

NAMES = [
    'x"; DROP TABLE y; --',
    "Robert'); DROP TABLE students;--",
    "with space",
    "MixedCase",
    "UPPER",
    "select",
    "user",
    "order",
    "table",
    "Ünïcødé 表",
    "emoji 🐘",
    'say "hi"',
    "back\\slash",
    "$dollar",
    "1starts_with_digit",
    "tab\there",
]


def _schema_text() -> str:
    parts = []
    for i, name in enumerate(NAMES):
        parts.append(
            f"table {quote_string(name)} {{\n"
            f"  column {quote_string(name)} text\n"
            f'  column "id{i}" bigint\n'
            f"  primary_key = [id{i}]\n"
            f"  index {quote_string(name[:40] + ' idx')} {{ on = [`{name}`] }}\n"
            "}\n"
            if "`" not in name and "\t" not in name
            else f"table {quote_string(name)} {{\n"
            f'  column "id{i}" bigint\n'
            f"  primary_key = [id{i}]\n}}\n"
        )
    return "\n".join(parts)


def test_hostile_names_round_trip(tmp_path: Path, pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "names.schema"
    path.write_text(_schema_text(), encoding="utf-8")
    schema = 'Tenant "7"; DROP SCHEMA public; --'
    _, sql = compile_path(path, schema)
    pg_server.load(fresh_db, sql)
    with pg_server.connect(fresh_db) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relkind = 'r'",
                (schema,),
            )
        }
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND a.attnum > 0 AND c.relkind = 'r'",
                (schema,),
            )
        }
        public = conn.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'"
        ).fetchone()
    assert tables == set(NAMES)
    assert {n for n in NAMES if "`" not in n and "\t" not in n} <= columns
    assert public == (1,)


def test_identifiers_read_back_as_written(pg_server) -> None:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        for name in [*NAMES, *sorted(QUOTED_KEYWORDS), "plain", "a$b", "_x"]:
            row = conn.execute(f"SELECT 1 AS {ident(name)}").fetchone()
            assert row is not None
            description = conn.execute(f"SELECT 1 AS {ident(name)}").description
            assert description is not None
            assert description[0].name == name


def test_every_keyword_that_needs_quotes_is_known(pg_server) -> None:  # type: ignore[no-untyped-def]
    with pg_server.connect() as conn:
        words = {
            r[0] for r in conn.execute("SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'")
        }
    assert words <= QUOTED_KEYWORDS, sorted(words - QUOTED_KEYWORDS)
