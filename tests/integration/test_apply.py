"""`schemac apply` against a real PostgreSQL: convergence, dry runs, refusals, approval,
rollback of a failed plan, the lock timeout, two applies at once, and CONCURRENTLY indexes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemac.commands.apply import (
    apply_command,
    format_duration,
    parse_duration,
    plan_lines,
)
from schemac.commands.diff import diff_command
from schemac.plan import Hazard, HazardKind, Plan, Statement

USERS = """
schema "app" {
  table "users" {
    column "id"    bigint { identity = always }
    column "email" text
    primary_key = [id]
  }
}
"""

USERS_WITH_KEY = """
schema "app" {
  table "users" {
    column "id"    bigint { identity = always }
    column "email" text
    primary_key = [id]
    unique "users_email_key" { columns = [email] }
  }
  table "posts" {
    column "id" bigint
    primary_key = [id]
  }
}
"""

USERS_SQL = """
CREATE SCHEMA app;
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL
);
"""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _apply(
    url: str, to: str, stdin: io.StringIO | None = None, **options: Any
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, to, stdin=stdin or io.StringIO(), out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def url(pg_server, fresh_db) -> str:  # type: ignore[no-untyped-def]
    return str(pg_server.url_for(fresh_db))


# psql's \\restrict key changes with every dump.
_RESTRICT = re.compile(r"^\\(un)?restrict .*$", re.MULTILINE)


@pytest.fixture
def dump(pg_server, fresh_db) -> Callable[[], str]:  # type: ignore[no-untyped-def]
    """The schema of the test's database as pg_dump prints it."""
    return lambda: _RESTRICT.sub("", pg_server.dump(fresh_db))


def _write(tmp_path: Path, text: str, name: str = "app.schema") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _waiting(pg_server, db: str, locktype: str) -> int:  # type: ignore[no-untyped-def]
    """How many sessions on ``db`` wait for a lock of this type."""
    with pg_server.connect() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            " WHERE d.datname = %s AND l.locktype = %s AND NOT l.granted",
            [db, locktype],
        ).fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------------------- applying


def test_apply_converges_and_then_has_nothing_to_do(url: str, tmp_path: Path) -> None:
    # No --dev-url: the files are built on the server of --url, as users mostly run it.
    state = _write(tmp_path, USERS_WITH_KEY)
    code, out, err = _apply(url, state, auto_approve=True)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "  + schema app",
        "  + table app.posts",
        "  + table app.users",
        "",
        "Plan: 3 to add, 0 to change, 0 to destroy.",
        "Applied 3 statements in one transaction.",
        "Apply complete: 3 added, 0 changed, 0 destroyed.",
    ]
    diffed = io.StringIO()
    assert diff_command(url, state, out=diffed, err=io.StringIO()) == 0
    assert diffed.getvalue() == ""
    diffed = io.StringIO()
    assert diff_command(url, state, dev_url=url, out=diffed, err=io.StringIO()) == 0
    assert diffed.getvalue() == ""
    assert _apply(url, state, auto_approve=True) == (
        0,
        f"No changes: the database matches {state}.\n",
        "",
    )


def test_a_new_enum_value_is_committed_before_the_plan_uses_it(url: str, tmp_path: Path) -> None:
    """PostgreSQL lets no transaction use an enum value it added: the value goes first."""
    before = 'enum "plan" { values = ["free", "pro"] }\n' + (
        'table "accounts" {\n  column "id"   bigint { primary_key = true }\n'
        '  column "plan" plan   { default = "free" }\n}\n'
    )
    after = before.replace('["free", "pro"]', '["trial", "free", "pro"]').replace(
        'default = "free"', 'default = "trial"'
    )
    assert _apply(url, _write(tmp_path, before, "a.schema"), auto_approve=True)[0] == 0
    state = _write(tmp_path, after, "b.schema")
    code, out, err = _apply(url, state, auto_approve=True)
    assert (code, err) == (0, ""), out
    assert "Outside the transaction: ~ enum public.plan ... done" in out
    diffed = io.StringIO()
    assert diff_command(url, state, out=diffed, err=io.StringIO()) == 0
    assert diffed.getvalue() == ""


def test_dry_run_shows_the_sql_and_changes_nothing(url: str, tmp_path: Path, dump) -> None:  # type: ignore[no-untyped-def]
    before = dump()
    code, out, err = _apply(url, _write(tmp_path, USERS), dev_url=url, dry_run=True)
    assert (code, err) == (0, "")
    assert "Plan: 2 to add, 0 to change, 0 to destroy.\n\nCREATE SCHEMA app;\n\n" in out
    assert "CREATE TABLE app.users (" in out
    assert out.endswith("\n-- dry run: nothing was applied\n")
    assert dump() == before


def test_a_plan_that_loses_data_needs_allow_destructive(
    pg_server, fresh_db: str, url: str, tmp_path: Path, dump
) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, USERS_SQL + "ALTER TABLE app.users ADD COLUMN nick text;")
    state = _write(tmp_path, USERS)
    before = dump()
    code, out, err = _apply(url, state, dev_url=url, auto_approve=True)
    assert code == 1
    assert err == (
        "error: the plan loses data; pass --allow-destructive to apply it:\n"
        "  - column app.users.nick: the values of app.users.nick\n"
    )
    assert "      ! data loss: the values of app.users.nick" in out
    assert dump() == before
    code, out, err = _apply(url, _write(tmp_path, USERS), dev_url=url, dry_run=True)
    assert code == 0
    assert "this plan loses data, so applying it needs --allow-destructive" in out
    code, out, err = _apply(url, state, dev_url=url, auto_approve=True, allow_destructive=True)
    assert (code, err) == (0, "")
    assert out.endswith("Apply complete: 0 added, 0 changed, 1 destroyed.\n")
    assert "nick" not in dump()


def test_without_a_terminal_it_needs_auto_approve(url: str, tmp_path: Path, dump) -> None:  # type: ignore[no-untyped-def]
    before = dump()
    code, _, err = _apply(url, _write(tmp_path, USERS), dev_url=url)
    assert code == 1
    assert err == (
        "error: standard input is not a terminal, so the plan cannot be approved here;"
        " pass --auto-approve to apply without asking\n"
    )
    assert dump() == before


def test_on_a_terminal_it_asks(url: str, tmp_path: Path, dump) -> None:  # type: ignore[no-untyped-def]
    state = _write(tmp_path, USERS)
    before = dump()
    code, _, err = _apply(url, state, stdin=_Terminal("n\n"), dev_url=url)
    assert code == 1
    assert err == (
        "\nApply these changes? [y/N] error: not applied: the changes were not approved\n"
    )
    assert dump() == before
    code, out, _ = _apply(url, state, stdin=_Terminal("y\n"), dev_url=url)
    assert code == 0
    assert "Apply complete" in out


def test_a_failed_apply_changes_nothing_and_names_the_statement(
    pg_server, fresh_db: str, url: str, tmp_path: Path, dump
) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(
        fresh_db,
        USERS_SQL + "INSERT INTO app.users (email) VALUES ('a@example.org'), ('a@example.org');",
    )
    before = dump()
    code, out, err = _apply(url, _write(tmp_path, USERS_WITH_KEY), dev_url=url, auto_approve=True)
    assert code == 1
    assert "+ table app.posts" in out  # runs before the failing statement, and is undone
    assert err == (
        "error: statement 2 of 2 failed: + unique constraint app.users.users_email_key\n"
        "  ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE (email);\n"
        '  PostgreSQL: could not create unique index "users_email_key"\n'
        "  detail: Key (email)=(a@example.org) is duplicated.\n"
        "the transaction was rolled back: nothing was applied\n"
    )
    assert dump() == before


def test_lock_timeout(pg_server, fresh_db: str, url: str, tmp_path: Path, dump) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, USERS_SQL)
    state = _write(tmp_path, USERS_WITH_KEY)
    before = dump()
    with pg_server.connect(fresh_db) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        code, _, err = _apply(url, state, dev_url=url, auto_approve=True, lock_ms=200)
        holder.execute("ROLLBACK")
    assert code == 1
    assert err.startswith("error: statement 2 of 2 failed: + unique constraint")
    assert "  PostgreSQL: canceling statement due to lock timeout\n" in err
    assert (
        "  lock timeout: the statement waited 200ms for a lock another session holds;"
        " retry when the database is quieter, or raise --lock-timeout\n"
    ) in err
    assert dump() == before


def test_concurrent_indexes_are_made_outside_the_transaction(
    pg_server, fresh_db: str, url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, USERS_SQL + "CREATE TABLE app.gone (id int);")
    state = _write(
        tmp_path,
        USERS.replace(
            "primary_key = [id]", 'primary_key = [id]\n    index "users_email_idx" { on = [email] }'
        ),
    )
    code, out, err = _apply(
        url, state, dev_url=url, auto_approve=True, allow_destructive=True, concurrent_indexes=True
    )
    assert (code, err) == (0, "")
    assert "  + index app.users_email_idx (outside the transaction)\n" in out
    assert out.endswith(
        "Applied 1 statement in one transaction.\n"
        "Outside the transaction: + index app.users_email_idx ... done\n"
        "Apply complete: 1 added, 0 changed, 1 destroyed.\n"
    )
    with pg_server.connect(fresh_db) as conn:
        valid = conn.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.users_email_idx'::regclass"
        ).fetchone()
    assert valid == (True,)


def test_concurrent_index_drops_go_before_the_transaction(
    pg_server, fresh_db: str, url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The transaction drops the column, and the index with it: the index goes first.
    pg_server.load(fresh_db, USERS_SQL + "CREATE INDEX users_email_idx ON app.users (email);")
    state = _write(tmp_path, USERS.replace('    column "email" text\n', ""))
    code, out, err = _apply(
        url, state, dev_url=url, auto_approve=True, allow_destructive=True, concurrent_indexes=True
    )
    assert (code, err) == (0, "")
    assert out.endswith(
        "Outside the transaction: - index app.users_email_idx ... done\n"
        "Applied 1 statement in one transaction.\n"
        "Apply complete: 0 added, 0 changed, 2 destroyed.\n"
    )


# ---------------------------------------------------------------------------- two applies


def _in_thread(url: str, to: str, **options: Any) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []
    thread = threading.Thread(
        target=lambda: result.append(_apply(url, to, auto_approve=True, **options)), daemon=True
    )
    thread.start()
    return thread, result


@pytest.fixture
def desired(pg_server):  # type: ignore[no-untyped-def]
    """Databases that hold desired states (URL states need no dev database)."""
    made: list[str] = []

    def make(sql: str) -> str:
        name = pg_server.create_database()
        made.append(name)
        pg_server.load(name, sql)
        return str(pg_server.url_for(name))

    yield make
    for name in made:
        pg_server.drop_database(name)


def test_two_applies_at_once_never_interleave(pg_server, fresh_db: str, url: str, desired) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, USERS_SQL)
    wanted = desired(USERS_SQL + "ALTER TABLE app.users ADD COLUMN age integer;")
    other = desired(USERS_SQL + "ALTER TABLE app.users ADD COLUMN nick text;")
    with pg_server.connect(fresh_db) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE app.users IN ACCESS EXCLUSIVE MODE")
        first, first_result = _in_thread(url, wanted, lock_ms=10_000)
        _wait_for(lambda: _waiting(pg_server, fresh_db, "relation") == 1, "the first apply")
        same, same_result = _in_thread(url, wanted, lock_ms=10_000)
        changed, changed_result = _in_thread(url, other, lock_ms=10_000)
        _wait_for(lambda: _waiting(pg_server, fresh_db, "advisory") == 2, "the other two")
        short = _apply(url, other, auto_approve=True, lock_ms=100)
        holder.execute("COMMIT")
        for thread in (first, same, changed):
            thread.join(20)
    assert first_result[0][0] == 0, first_result
    assert first_result[0][1].endswith("Apply complete: 1 added, 0 changed, 0 destroyed.\n")
    code, out, err = same_result[0]
    assert (code, err) == (0, "waiting for another schemac apply on this database...\n")
    assert out.endswith(
        f"No changes: the database matches {wanted} (changed while this apply waited).\n"
    )
    code, out, err = changed_result[0]
    assert code == 1
    assert err.endswith(
        "error: the database changed after the plan was made (another apply, or someone else),"
        " so the plan shown is not what would run; nothing was applied: run schemac apply"
        " again to see the new plan\n"
    )
    code, _, err = short
    assert code == 1
    assert err == (
        "waiting for another schemac apply on this database...\n"
        "error: another schemac apply is running on this database, and it did not finish"
        " within the lock timeout (100ms); nothing was applied: try again later, or raise"
        " --lock-timeout (0 waits as long as it takes)\n"
    )
    diffed = io.StringIO()
    assert diff_command(url, wanted, out=diffed, err=io.StringIO()) == 0
    assert diffed.getvalue() == ""


# ---------------------------------------------------------------------------- errors


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    url = "postgresql://me:s3cret@127.0.0.1:9/app"
    code, out, err = _apply(url, _write(tmp_path, USERS), auto_approve=True)
    assert code == 1
    assert out == ""
    assert err == (
        "error: cannot connect to postgresql://me:***@127.0.0.1:9/app: connection refused"
        " (is the server running, and on that host and port?)\n"
    )


def test_url_must_be_a_database(tmp_path: Path) -> None:
    state = _write(tmp_path, USERS)
    assert _apply(state, state, auto_approve=True) == (
        1,
        "",
        f"error: --url must be a postgresql:// URL, not {state}\n",
    )


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemac", "apply", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_command_line(url: str, tmp_path: Path) -> None:
    state = _write(tmp_path, USERS)
    done = _cli("--url", url, "--to", state, "--lock-timeout", "5x")
    assert done.returncode == 2
    assert "Invalid value for '--lock-timeout': '5x' is not a duration" in done.stderr
    done = _cli("--url", url, "--to", state, "--lock-timeout", "2min")
    assert (done.returncode, done.stderr) == (1, _NOT_A_TTY)
    done = _cli("--url", url, "--to", state, "--auto-approve", "--color", "never")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("Apply complete: 2 added, 0 changed, 0 destroyed.\n")


_NOT_A_TTY = (
    "error: standard input is not a terminal, so the plan cannot be approved here;"
    " pass --auto-approve to apply without asking\n"
)


# ---------------------------------------------------------------------------- no database


@pytest.mark.parametrize(
    ("text", "ms"),
    [("5s", 5000), ("500ms", 500), ("2min", 120_000), ("0", 0), ("1.5s", 1500), ("1h", 3_600_000)],
)
def test_durations(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize("text", ["5", "5x", "", "-1s", "0.1ms", "30d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|unit|shorter|longer"):
        parse_duration(text)


def test_durations_print_in_the_largest_exact_unit() -> None:
    assert [format_duration(ms) for ms in (0, 200, 5000, 1500, 120_000)] == [
        "0ms",
        "200ms",
        "5s",
        "1500ms",
        "2min",
    ]


def test_the_summary_groups_statements_by_object() -> None:
    loss = Hazard(kind=HazardKind.DATA_LOSS, message="gone")
    plan = Plan(
        statements=(
            Statement(sql="DROP VIEW app.v;", summary="- view app.v"),
            Statement(sql="ALTER TABLE app.t ...;", summary="~ table app.t"),
            Statement(sql="ALTER TABLE app.t ...;", summary="~ table app.t", hazards=(loss,)),
            Statement(sql="CREATE VIEW app.v AS SELECT 1;", summary="+ view app.v"),
            Statement(sql="SELECT 1;\nSELECT 2;"),
        )
    )
    assert [(line.sign, line.what, line.hazards) for line in plan_lines(plan)] == [
        ("-/+", "view app.v", []),
        ("~", "table app.t", [loss]),
        ("~", "SELECT 1;", []),
    ]
