"""Plans converge: a database built from a schema diffs empty against that schema.

For every example and every golden compile case: compile it, load the SQL into a fresh
database, then `schemac diff` the database against the files (both ways) and against
itself. Each must print nothing: the files are built on the live server in a
transaction that is rolled back (dialects/postgres/normalizer/scratch.py), so their expressions
are compared in PostgreSQL's canonical form. The scratch build leaves nothing behind
and waits for no lock that ordinary writes hold.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from tests.integration.test_compile_pg import _cases, compile_path, prepare_server
from tests.integration.test_inspect_roundtrip import _restored

_CASES = _cases()


def _diff(source: str, target: str, **options: object) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, out=out, err=err, **options)  # type: ignore[arg-type]
    assert code == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize(("name", "path", "schema"), _CASES, ids=[c[0] for c in _CASES])
def test_a_built_schema_diffs_empty(  # type: ignore[no-untyped-def]
    name: str, path: Path, schema: str | None, pg_server, fresh_db
) -> None:
    declared, sql = compile_path(path, schema)
    prepare_server(pg_server, declared)
    pg_server.load(fresh_db, sql)
    url = pg_server.url_for(fresh_db)
    before = pg_server.schema_lines(fresh_db) if name.startswith("example/") else None
    assert _diff(url, str(path), schema=schema) == ""
    assert _diff(str(path), url, schema=schema) == ""
    assert _diff(url, url) == ""
    if before is not None:  # the scratch build left nothing behind
        assert pg_server.schema_lines(fresh_db) == before


def test_a_change_shows_and_nothing_is_left_behind(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, "CREATE TABLE public.t (id integer PRIMARY KEY, v text);")
    target = tmp_path / "t.schema"
    target.write_text(
        'table "t" {\n'
        '  column "id" integer\n'
        '  column "v"  text?   { check = sql("length(v) between 1 and 9") }\n'
        "  primary_key = [id]\n"
        "}\n",
        encoding="utf-8",
    )
    url = pg_server.url_for(fresh_db)
    plan = _diff(url, str(target))
    assert "ALTER TABLE public.t ADD CONSTRAINT t_v_check CHECK" in plan
    assert "CHECK (length(v) >= 1 AND length(v) <= 9)" in plan  # as PostgreSQL prints it
    with pg_server.connect(fresh_db) as conn:
        left = conn.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemac\\_%'"
        ).fetchone()
    assert left == (0,)


def test_writers_do_not_block_the_scratch_build(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The build takes no lock stronger than ACCESS SHARE on what exists: a transaction
    that writes to the table (ROW EXCLUSIVE) does not hold it up."""
    pg_server.load(
        fresh_db,
        "CREATE TABLE public.t (id integer PRIMARY KEY, v text);"
        " CREATE VIEW public.v AS SELECT id FROM public.t;",
    )
    target = tmp_path / "t.schema"
    target.write_text(
        'table "t" {\n  column "id" integer\n  column "v"  text?\n  primary_key = [id]\n}\n'
        'view "v" { as = "SELECT id FROM t WHERE id > 0" }\n',
        encoding="utf-8",
    )
    url = pg_server.url_for(fresh_db)
    with pg_server.connect(fresh_db) as writer:
        writer.execute("BEGIN")
        writer.execute("INSERT INTO public.t VALUES (1, 'x')")  # holds ROW EXCLUSIVE on t
        result: list[str] = []
        worker = threading.Thread(target=lambda: result.append(_diff(url, str(target))))
        worker.start()
        worker.join(timeout=20)
        writer.execute("ROLLBACK")
    assert not worker.is_alive()
    assert "CREATE VIEW public.v" in result[0]


@pytest.mark.parametrize(("name", "path", "schema"), _CASES, ids=[c[0] for c in _CASES])
def test_apply_to_an_empty_database_converges(  # type: ignore[no-untyped-def]
    name: str, path: Path, schema: str | None, pg_server, fresh_db
) -> None:
    """The first apply of a schema, from nothing: a plan PostgreSQL runs in one
    transaction, then nothing left to do. For the examples, the database then dumps
    exactly as one built from `schemac compile`."""
    declared, sql = compile_path(path, schema)
    prepare_server(pg_server, declared)
    url = pg_server.url_for(fresh_db)
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, str(path), schema=schema, auto_approve=True, out=out, err=err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert _diff(url, str(path), schema=schema) == ""
    if name.startswith("example/"):
        built = pg_server.create_database()
        try:
            pg_server.load(built, sql)
            applied, compiled = pg_server.schema_lines(fresh_db), pg_server.schema_lines(built)
            if applied != compiled:  # a nested OR no text recreates: as pg_dump's own restore
                compiled = _restored(pg_server, built)
            assert applied == compiled
        finally:
            pg_server.drop_database(built)
