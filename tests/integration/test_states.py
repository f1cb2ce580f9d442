"""File states read as users give them: quoted schema names in SQL text, `.sql` files of
any size loaded statement by statement, and bad paths refused before any server starts."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects.postgres.load import LoadError, load
from schemac.dialects.sql.statements import split_statements


def _diff(source: str, target: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


_QUOTED = """
CREATE SCHEMA "we""ird";
CREATE TYPE "we""ird".mood AS ENUM ('ok', 'meh');
CREATE SEQUENCE "we""ird".ticket_seq;
CREATE TABLE "we""ird".tickets (
    id bigint DEFAULT nextval('"we""ird".ticket_seq'::regclass) PRIMARY KEY,
    mood "we""ird".mood DEFAULT 'ok' NOT NULL,
    code text CHECK (code <> '')
);
CREATE VIEW "we""ird".happy AS SELECT id FROM "we""ird".tickets WHERE mood = 'ok';
"""


def test_a_schema_named_with_a_quote_diffs_against_its_own_inspect_output(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    """SQL text refers to `"we""ird".tickets`: the scratch rename must find that spelling."""
    pg_server.load(fresh_db, _QUOTED)
    url = pg_server.url_for(fresh_db)
    out, err = io.StringIO(), io.StringIO()
    assert inspect_command(url, out=out, err=err) == 0, err.getvalue()
    state = tmp_path / "weird.schema"
    state.write_text(out.getvalue(), encoding="utf-8")
    assert _diff(url, str(state)) == (0, "", "")
    other = pg_server.create_database()
    try:
        target = pg_server.url_for(other)
        applied_out, applied_err = io.StringIO(), io.StringIO()
        code = apply_command(
            target,
            str(state),
            auto_approve=True,
            stdin=io.StringIO(),
            out=applied_out,
            err=applied_err,
        )
        assert code == 0, applied_out.getvalue() + applied_err.getvalue()
        assert _diff(target, url) == (0, "", "")
    finally:
        pg_server.drop_database(other)


def test_a_missing_file_is_refused_before_any_server_starts(tmp_path: Path) -> None:
    """No database URL: an embedded server would start for the files, but not for a file
    that is not there."""
    present = tmp_path / "here.schema"
    present.write_text('table "t" {\n  column "id" bigint\n}\n', encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemac",
            "diff",
            "--from",
            str(tmp_path / "missing.sql"),
            "--to",
            str(present),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert run.returncode == 1
    assert run.stderr == (
        f"error: {tmp_path / 'missing.sql'}: no such file or directory, and not a"
        " postgresql:// URL\n"
    )
    assert not list(tmp_path.glob("schemac-dev-*"))  # no embedded server was started


def test_sql_states_split_as_psql_splits_them() -> None:
    text = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE a (x text DEFAULT 'a;b');\n"
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT ';' $$;\n"
        "CREATE FUNCTION g() RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\n"
        "SELECT E'it\\'s;', \"odd;name\" FROM a /* a; nested /* comment */ ; */;\n"
        ";\n"
    )
    found = split_statements(text)
    assert [s.line for s in found] == [2, 3, 4, 6]
    assert found[0].text == "CREATE TABLE a (x text DEFAULT 'a;b')"
    assert found[2].text.endswith("SELECT CASE WHEN true THEN 2 END; END")
    assert found[3].text.startswith("SELECT E'it\\'s;', \"odd;name\" FROM a")


def test_a_sql_state_loads_in_bounded_transactions_and_names_a_failing_line(  # type: ignore[no-untyped-def]
    pg_server, fresh_db
) -> None:
    """600 tables (about 3,000 locks in one transaction) load in transactions that each
    stay under half the budget; the file's own BEGIN and COMMIT are left out."""
    tables = "\n".join(
        f"CREATE TABLE t{i} (id bigint PRIMARY KEY, name text UNIQUE);" for i in range(600)
    )
    with pg_server.connect(fresh_db) as conn:
        assert load(conn, "BEGIN;\n" + tables + "\nCOMMIT;\n") == 600
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert row is not None
        assert row[0] == 600
        with pytest.raises(LoadError, match='3: relation "u" already exists') as failed:
            load(conn, "CREATE TABLE u (id int);\n\nCREATE TABLE u (id int);\n")
        assert failed.value.line == 3


def test_diff_of_a_sql_state_that_fails_names_the_file_and_line(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    state = tmp_path / "broken.sql"
    state.write_text("CREATE TABLE a (id int);\nCREATE TABLE b (id nosuchtype);\n", "utf-8")
    code, out, err = _diff(pg_server.url_for(fresh_db), str(state))
    assert (code, out) == (1, "")
    assert err.startswith(f'error: {state}:2: type "nosuchtype" does not exist')


def test_the_embedded_server_says_it_lacks_contrib_extensions(tmp_path: Path) -> None:
    """Two file states and no --dev-url: the embedded server (the pgserver wheel) builds
    them, and it has no contrib extension: the error says so, and what to do."""
    before = tmp_path / "before.schema"
    before.write_text('table "t" {\n  column "id" text\n}\n', encoding="utf-8")
    after = tmp_path / "after.schema"
    after.write_text(
        'extension "citext" {}\ntable "t" {\n  column "id" citext\n}\n', encoding="utf-8"
    )
    code, out, err = _diff(str(before), str(after))
    assert (code, out) == (1, "")
    assert 'extension "citext" is not available' in err
    assert "the embedded PostgreSQL (the pgserver wheel) has no contrib extensions" in err
    assert "give --dev-url" in err
