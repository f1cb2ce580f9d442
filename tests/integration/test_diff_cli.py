"""`schemac diff` as users run it: formats, --exit-code, and a clear line for every bad state."""

from __future__ import annotations

import io
import json
from pathlib import Path

from schemac.commands.diff import EXIT_CHANGES, diff_command

SECRET = "s3cr3t-Pa55"


def _run(source: str, target: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def _schema(tmp_path: Path, text: str, name: str = "s.schema") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_no_change_prints_nothing(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url_for(fresh_db)
    assert _run(url, url) == (0, "", "")
    assert _run(url, url, exit_code=True) == (0, "", "")


def test_sql_and_json_and_exit_code(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url_for(fresh_db)
    target = _schema(tmp_path, 'table "t" {\n  column "id" bigint\n}\n')
    code, out, err = _run(url, target)
    assert (code, err) == (0, "")
    assert out == "CREATE TABLE public.t (\n    id bigint NOT NULL\n);\n"
    code, out, _ = _run(url, target, exit_code=True)
    assert code == EXIT_CHANGES
    code, out, _ = _run(url, target, output_format="json")
    data = json.loads(out)
    assert data["statements"][0]["summary"] == "+ table public.t"
    assert data["statements"][0]["reverse"] == "DROP TABLE public.t;"


def test_hazards_are_comments(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, "CREATE TABLE public.t (id bigint NOT NULL, gone text);")
    target = _schema(tmp_path, 'table "t" {\n  column "id" bigint\n}\n')
    code, out, _ = _run(pg_server.url_for(fresh_db), target)
    assert code == 0
    assert out == (
        "-- hazard data loss: the values of public.t.gone\nALTER TABLE public.t DROP COLUMN gone;\n"
    )


def test_a_schema_with_errors_shows_them(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = _schema(tmp_path, 'table "t" {\n  column "id" integr\n}\n')
    code, out, err = _run(pg_server.url_for(fresh_db), target)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {target} has errors (1 error):\nerror[E0301]: unknown type")
    assert "help: did you mean `integer`" in err


def test_unreachable_database_masks_the_password(tmp_path: Path) -> None:
    target = _schema(tmp_path, 'table "t" {\n  column "id" integer\n}\n')
    code, out, err = _run(f"postgresql://bob:{SECRET}@127.0.0.1:1/app", target)
    assert (code, out) == (1, "")
    assert SECRET not in err
    assert err == (
        "error: cannot connect to postgresql://bob:***@127.0.0.1:1/app: connection refused"
        " (is the server running, and on that host and port?)\n"
    )


def test_missing_state(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _run(pg_server.url_for(fresh_db), "nowhere.schema")
    assert (code, out) == (1, "")
    assert err == "error: nowhere.schema: no such file or directory, and not a postgresql:// URL\n"


def test_files_that_do_not_build_on_the_server(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = _schema(
        tmp_path, 'table "t" {\n  column "id" integer { default = sql("no_such_fn()") }\n}\n'
    )
    code, out, err = _run(pg_server.url_for(fresh_db), target)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {target} does not build on the server:")
    assert "function no_such_fn() does not exist" in err
    assert "schemac_" not in err  # scratch names never show


def test_two_files_through_a_dev_server(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = _schema(tmp_path, 'table "t" {\n  column "id" integer\n}\n', "old.schema")
    new = _schema(
        tmp_path, 'table "t" {\n  column "id" integer\n  column "n" text?\n}\n', "new.schema"
    )
    code, out, err = _run(old, new, dev_url=pg_server.url)
    assert (code, err) == (0, "")
    assert out == "ALTER TABLE public.t ADD COLUMN n text;\n"
    assert _run(new, new, dev_url=pg_server.url) == (0, "", "")


def test_schema_scopes_a_database_state(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With --schema, other schemas of the database are left alone (one tenant at a time)."""
    pg_server.load(
        fresh_db,
        "CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b;"
        " CREATE TABLE tenant_a.t (id integer NOT NULL);"
        " CREATE TABLE tenant_b.t (id integer NOT NULL);",
    )
    target = _schema(tmp_path, 'table "t" {\n  column "id" integer\n  column "n" text?\n}\n')
    url = pg_server.url_for(fresh_db)
    code, out, err = _run(url, target, schema="tenant_a")
    assert (code, err) == (0, "")
    assert out == "ALTER TABLE tenant_a.t ADD COLUMN n text;\n"
    code, out, _ = _run(url, target)  # the whole database: tenant_b is not in the files
    assert "DROP TABLE tenant_b.t;" in out


def test_a_schema_nested_too_deep_is_a_diagnostic(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from schemac.commands.apply import apply_command

    deep = _schema(tmp_path, 'table "t" {\n  column "c" int { default = ' + "f(" * 3000 + "}\n}\n")
    url = pg_server.url_for(fresh_db)
    for code, out, err in (
        _run(url, deep),
        _run(deep, url),
        (
            apply_command(
                url, deep, auto_approve=True, out=(o := io.StringIO()), err=(e := io.StringIO())
            ),
            o.getvalue(),
            e.getvalue(),
        ),
    ):
        assert (code, out) == (1, "")
        assert "s.schema has errors (" in err
        assert "error[E0013]: nested more than 64 levels deep" in err
