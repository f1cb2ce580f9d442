"""`schemac inspect` as users run it: formats, -o FILE|DIR, --schema, --exclude, the
warnings for what the language cannot express, and --strict."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemac.commands.inspect import inspect_command

SETUP = """
CREATE SCHEMA app;
CREATE SCHEMA audit;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE TABLE app.people (id bigint PRIMARY KEY, mood app.mood DEFAULT 'ok');
CREATE TABLE app.tmp_import (line text);
CREATE TABLE audit.events (at timestamptz NOT NULL DEFAULT now());
"""

UNSUPPORTED = """
CREATE TABLE app.parent (a integer);
CREATE TABLE app.child (b integer) INHERITS (app.parent);
CREATE TABLE app.packed (x integer) WITH (fillfactor = 70);
CREATE RULE quiet AS ON DELETE TO app.people DO INSTEAD NOTHING;
"""


def _run(url: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command(url, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def app_db(pg_server, fresh_db):  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, SETUP)
    return pg_server.url_for(fresh_db)


def test_schema_text_of_every_schema(app_db: str) -> None:
    code, out, err = _run(app_db)
    assert (code, err) == (0, "")
    assert 'schema "app" {' in out
    assert 'schema "audit" {' in out
    assert 'enum "mood" { values = ["ok", "sad"] }' in out
    assert 'schema "public"' not in out  # empty, as in every new database


def test_only_the_named_schemas(app_db: str) -> None:
    code, out, _ = _run(app_db, schemas=["audit"])
    assert code == 0
    assert 'schema "audit" {' in out
    assert "app" not in out


def test_exclude_schemas_and_objects(app_db: str) -> None:
    code, out, _ = _run(app_db, exclude=["audit", "app.tmp_*"])
    assert code == 0
    assert 'table "people"' in out
    assert "tmp_import" not in out
    assert "audit" not in out


def test_sql_format_is_ddl(app_db: str) -> None:
    code, out, _ = _run(app_db, output_format="sql")
    assert code == 0
    assert "CREATE TYPE app.mood AS ENUM (" in out
    assert "CREATE TABLE app.people (" in out


def test_json_format_is_the_model(app_db: str) -> None:
    code, out, _ = _run(app_db, output_format="json")
    assert code == 0
    data = json.loads(out)
    assert (data["format"], data["dialect"]) == ("schemac-ir", "postgres")
    names = [s["name"] for s in data["database"]["schemas"]]
    assert names == ["app", "audit"]


def test_output_dir_has_one_file_per_schema(app_db: str, tmp_path: Path) -> None:
    code, _, err = _run(app_db, output=f"{tmp_path}/out/")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["app.schema", "audit.schema"]
    assert f"wrote {tmp_path}/out/app.schema\n" in err
    # the directory reads back as one schema
    done = subprocess.run(
        [sys.executable, "-m", "schemac", "check", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_output_dir_needs_the_schema_format(app_db: str, tmp_path: Path) -> None:
    code, out, err = _run(app_db, output=f"{tmp_path}/", output_format="sql")
    assert (code, out) == (1, "")
    assert err == (
        "error: -o DIR writes one .schema file per schema; use -o FILE with --format sql|json\n"
    )


def test_what_the_language_cannot_express_is_named(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, SETUP + UNSUPPORTED)
    code, out, err = _run(pg_server.url_for(fresh_db))
    assert code == 0
    assert err.splitlines() == [
        "warning: rule app.people.quiet: the language cannot express it; left out",
        "warning: the storage parameters of app.packed (fillfactor=70):"
        " the language cannot express it; left out",
    ]
    assert 'table "people"' in out
    assert "inherits = [parent]" in out  # the language has inheritance


def test_strict_makes_them_errors(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, SETUP + UNSUPPORTED)
    target = tmp_path / "out.schema"
    code, out, err = _run(pg_server.url_for(fresh_db), strict=True, output=str(target))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == "error: rule app.people.quiet: the language cannot express it"
    assert err.splitlines()[-1] == (
        "error: 2 object(s) the language cannot express; nothing written (--strict)"
    )
    assert not target.exists()


def test_objects_of_an_extension_are_left_out(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    if "citext" not in pg_server.extensions:
        pytest.skip("this server lacks citext")
    pg_server.load(fresh_db, "CREATE EXTENSION citext;")
    code, out, err = _run(pg_server.url_for(fresh_db))
    assert (code, err) == (0, "")
    assert 'extension "citext"' in out
    assert "function" not in out  # citext brings dozens; the extension block stands for them


def test_a_trigger_state_is_named_as_it_is(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(
        fresh_db,
        """
        CREATE TABLE t (id integer);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
        CREATE TRIGGER a_off BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TRIGGER b_always BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TRIGGER c_replica BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TRIGGER d_on BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();
        ALTER TABLE t DISABLE TRIGGER a_off;
        ALTER TABLE t ENABLE ALWAYS TRIGGER b_always;
        ALTER TABLE t ENABLE REPLICA TRIGGER c_replica;
        """,
    )
    code, _, err = _run(pg_server.url_for(fresh_db))
    assert code == 0
    assert sorted(err.splitlines()) == [
        "warning: the ENABLE ALWAYS state of trigger public.t.b_always:"
        " the language cannot express it; left out",
        "warning: the ENABLE REPLICA state of trigger public.t.c_replica:"
        " the language cannot express it; left out",
        "warning: the disabled state of trigger public.t.a_off:"
        " the language cannot express it; left out",
    ]
