"""`schemac apply` around what PostgreSQL will not change in place, on a real PostgreSQL.

An invalid index (a failed CREATE INDEX CONCURRENTLY) is seen, shown and built again; a
materialized view's being filled is data, left alone; a column's type changes with only
the views that read it rebuilt, and with a generated column that reads it dropped and
added again, with its index, its check and the view that reads it. Each plan is applied,
the database read back, and planned again: the second plan is empty.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from schemac.commands.apply import apply_command, render_summary
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.diagnostics.render import Style
from schemac.dialects.postgres.inspect.reader import inspect
from schemac.dialects.postgres.plan.planner import plan_changes, render_sql
from schemac.diff import diff_databases
from schemac.plan import Hazard, HazardKind, Plan, Statement
from tests.integration.test_compile_pg import compile_path, prepare_server

ROOT = Path(__file__).resolve().parents[2]


def _apply(url: str, to: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("auto_approve", True)
    code = apply_command(url, to, stdin=io.StringIO(), out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def _diff(source: str, target: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert diff_command(source, target, out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "app.schema"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _one(pg_server, db: str, query: str) -> Any:  # type: ignore[no-untyped-def]
    with pg_server.connect(db) as conn:
        row = conn.execute(query).fetchone()
    return row[0] if row else None


@pytest.fixture
def url(pg_server, fresh_db) -> str:  # type: ignore[no-untyped-def]
    return str(pg_server.url_for(fresh_db))


# ---------------------------------------------------------------------------- invalid indexes

USERS = """
schema "app" {
  table "users" {
    column "id"    bigint
    column "email" text
    primary_key = [id]
    index "users_email_key" {
      on     = [email]
      unique = true
    }
  }
}
"""

USERS_SQL = """
CREATE SCHEMA app;
CREATE TABLE app.users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO app.users VALUES (1, 'a@example.org'), (2, 'a@example.org');
"""


@pytest.mark.parametrize("concurrent", [True, False], ids=["concurrently", "in-transaction"])
def test_an_invalid_index_is_seen_shown_and_built_again(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url: str, tmp_path: Path, concurrent: bool
) -> None:
    pg_server.load(fresh_db, USERS_SQL)
    state = _write(tmp_path, USERS)
    # The build fails on the duplicates and leaves the index behind, invalid.
    code, out, err = _apply(url, state, concurrent_indexes=True)
    assert code == 1
    assert "Outside the transaction: + index app.users_email_key ... failed\n" in out
    assert err.startswith("error: statement 1 of 1 failed: + index app.users_email_key\n")
    assert err.endswith(
        "  detail: Key (email)=(a@example.org) is duplicated.\n"
        "no statement before it was applied\n"
        "index app.users_email_key is left invalid (PostgreSQL keeps what the failed"
        " statement made): queries do not use it, and it does not keep values unique; the"
        " next schemac apply drops it and builds it again\n"
    )
    valid = "SELECT indisvalid FROM pg_index WHERE indexrelid = 'app.users_email_key'::regclass"
    assert _one(pg_server, fresh_db, valid) is False

    # inspect names it; the plan says why it builds it again.
    out_, err_ = io.StringIO(), io.StringIO()
    assert inspect_command(url, out=out_, err=err_) == 0
    assert err_.getvalue() == (
        "warning: index app.users_email_key on app.users is invalid: a CREATE INDEX"
        " CONCURRENTLY (or REINDEX CONCURRENTLY) that failed left it; queries do not use it,"
        " and it does not keep values unique; the next schemac apply drops it and builds it"
        " again (or only drops it, where the files do not declare it)\n"
    )
    assert 'index "users_email_key"' in out_.getvalue()
    why = "it is invalid: a build that failed (CREATE INDEX CONCURRENTLY, say) left it"
    assert _diff(url, state).startswith(f"-- why: {why}, and queries do not use it\n")

    # Once the rows allow it, the next apply drops it and builds it again.
    with pg_server.connect(fresh_db) as conn:
        conn.execute("DELETE FROM app.users WHERE id = 2")
    code, out, err = _apply(url, state, concurrent_indexes=concurrent)
    assert (code, err) == (0, "")
    where = " (outside the transaction)" if concurrent else ""
    assert f"  -/+ index app.users_email_key{where}\n        why: {why}" in out
    assert "Plan: 0 to add, 0 to change, 0 to destroy, 1 to rebuild.\n" in out
    assert out.endswith("Apply complete: 0 added, 0 changed, 0 destroyed, 1 rebuilt.\n")
    assert _one(pg_server, fresh_db, valid) is True
    assert _diff(url, state) == ""


# ---------------------------------------------------------------------------- materialized views


def test_a_refreshed_materialized_view_is_left_alone(pg_server, fresh_db, url: str) -> None:  # type: ignore[no-untyped-def]
    # examples/analytics declares weekly_signups WITH NO DATA; a job refreshes it.
    analytics = ROOT / "examples" / "analytics"
    declared, _ = compile_path(analytics, None)
    prepare_server(pg_server, declared)
    code, out, err = _apply(url, str(analytics))
    assert (code, err) == (0, ""), out
    populated = (
        "SELECT relispopulated FROM pg_class WHERE oid = 'analytics.weekly_signups'::regclass"
    )
    assert _one(pg_server, fresh_db, populated) is False
    with pg_server.connect(fresh_db) as conn:
        conn.execute("REFRESH MATERIALIZED VIEW analytics.weekly_signups")
    assert _apply(url, str(analytics)) == (
        0,
        f"No changes: the database matches {analytics}.\n",
        "",
    )
    assert _one(pg_server, fresh_db, populated) is True


MATVIEW = """
schema "app" {
  table "sales" {
    column "id"     bigint
    column "amount" numeric
    primary_key = [id]
  }
  materialized_view "totals" {
    as        = "SELECT sum(amount) AS total FROM app.sales"
    with_data = false
  }
}
"""


def test_a_filled_materialized_view_made_again_is_a_hazard(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url: str, tmp_path: Path
) -> None:
    state = _write(tmp_path, MATVIEW)
    assert _apply(url, state)[0] == 0
    # Declared filled, yet empty (not refreshed): still no change.
    filled = _write(tmp_path, MATVIEW.replace("    with_data = false\n", ""))
    assert _apply(url, filled)[1] == f"No changes: the database matches {filled}.\n"
    with pg_server.connect(fresh_db) as conn:
        conn.execute("REFRESH MATERIALIZED VIEW app.totals")
    changed = _write(tmp_path, MATVIEW.replace("sum(amount)", "sum(amount) + 0"))
    code, out, err = _apply(url, changed)
    assert (code, err) == (0, "")
    assert (
        "  -/+ materialized view app.totals\n"
        "        ! backward incompatible: materialized view app.totals is made again WITH NO"
        " DATA: it loses its rows, and reading it fails, until REFRESH MATERIALIZED VIEW"
        " app.totals\n"
    ) in out
    assert _diff(url, changed) == ""


# ---------------------------------------------------------------------------- column types

PRODUCTS = """
schema "app" {
  table "products" {
    column "id"    integer
    column "name"  text
    column "price" numeric(8, 2)
    primary_key = [id]
  }
  view "cheap_products" {
    as = "SELECT id, price FROM app.products WHERE price < 10"
  }
  view "product_names" {
    as = "SELECT id, name FROM app.products"
  }
  materialized_view "product_count" {
    as = "SELECT count(*) AS products FROM app.products"
  }
}
"""


def test_a_type_change_rebuilds_only_the_views_that_read_the_column(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url: str, tmp_path: Path
) -> None:
    assert _apply(url, _write(tmp_path, PRODUCTS))[0] == 0
    oids = (
        "SELECT array_agg(oid ORDER BY relname) FROM pg_class"
        " WHERE relnamespace = 'app'::regnamespace AND relkind IN ('v', 'm')"
    )
    before = _one(pg_server, fresh_db, oids)
    state = _write(tmp_path, PRODUCTS.replace("numeric(8, 2)", "numeric(12, 2)"))
    code, out, err = _apply(url, state)
    assert (code, err) == (0, "")
    assert out.startswith(
        "  -/+ view app.cheap_products\n"
        "        why: it reads app.products.price, which changes type\n"
        "    ~ table app.products\n"
        "\n"
        "Plan: 0 to add, 1 to change, 0 to destroy, 1 to rebuild.\n"
    )
    after = _one(pg_server, fresh_db, oids)
    # cheap_products is made again; product_names and product_count are the same objects.
    assert after[0] != before[0]
    assert after[1:] == before[1:]
    assert _diff(url, state) == ""


LINES = """
schema "app" {
  table "lines" {
    column "id"       bigint
    column "quantity" integer
    column "price"    numeric
    column "total"    numeric { generated = sql("quantity * price") }
    primary_key = [id]
    index "lines_total_idx" { on = [total] }
    check "lines_total_positive" { expr = sql("total >= 0") }
  }
  view "big_lines" {
    as = "SELECT id, total FROM app.lines WHERE total > 10"
  }
}
"""


def test_a_generated_column_is_added_again_around_the_type_change(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url: str, tmp_path: Path
) -> None:
    assert _apply(url, _write(tmp_path, LINES))[0] == 0
    with pg_server.connect(fresh_db) as conn:
        conn.execute("INSERT INTO app.lines (id, quantity, price) VALUES (1, 3, 5), (2, 1, 2)")
    state = _write(tmp_path, LINES.replace('"quantity" integer', '"quantity" bigint'))
    code, out, err = _apply(url, state)
    assert (code, err) == (0, "")
    assert (
        "    ~ column app.lines.total\n"
        "        why: it reads app.lines.quantity, which changes type\n"
        "        ! table rewrite: column total is computed for every row: the table and its"
        " indexes are rewritten\n"
    ) in out
    assert "Plan: 0 to add, 2 to change, 0 to destroy, 3 to rebuild.\n" in out
    with pg_server.connect(fresh_db) as conn:
        rows = conn.execute("SELECT id, total FROM app.big_lines").fetchall()
        kind = conn.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'app.lines'::regclass AND attname = 'quantity'"
        ).fetchone()
    assert [(r[0], int(r[1])) for r in rows] == [(1, 15)]
    assert kind == ("bigint",)
    assert _diff(url, state) == ""


def test_without_dependency_rows_every_view_naming_the_table_is_rebuilt(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url: str, tmp_path: Path
) -> None:
    # States as declared (not read from a database) do not say which columns a view reads.
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    before = tmp_path / "old" / "app.schema"
    after = tmp_path / "new" / "app.schema"
    before.write_text(PRODUCTS, encoding="utf-8")
    after.write_text(PRODUCTS.replace("numeric(8, 2)", "numeric(12, 2)"), encoding="utf-8")
    old, old_sql = compile_path(before, None)
    new, _ = compile_path(after, None)
    plan = plan_changes(diff_databases(old, new), old, new)
    notes = {s.summary: s.note for s in plan.statements if s.summary.startswith("- ")}
    why = (
        "it may read app.products.price, which changes type (the columns it reads are not"
        " known: it was not read from a database)"
    )
    assert notes == {
        "- view app.cheap_products": why,
        "- view app.product_names": why,
        "- materialized view app.product_count": why,
    }
    pg_server.load(fresh_db, old_sql)
    pg_server.load(fresh_db, render_sql(plan))
    assert _diff(url, str(after)) == ""


def test_objects_made_again_with_nothing_lost_are_counted_as_rebuilt() -> None:
    loss = Hazard(kind=HazardKind.DATA_LOSS, message="every row of app.t")
    plan = Plan(
        statements=(
            Statement(sql="DROP VIEW app.v;", summary="- view app.v", note="it reads app.t.c"),
            Statement(sql="DROP TABLE app.t;", summary="- table app.t", hazards=(loss,)),
            Statement(sql="CREATE TABLE app.t ();", summary="+ table app.t"),
            Statement(
                sql="CREATE VIEW app.v AS ...;", summary="+ view app.v", note="it reads app.t.c"
            ),
        )
    )
    assert render_summary(plan, Style(color=False)) == (
        "  -/+ view app.v\n"
        "        why: it reads app.t.c\n"
        "  -/+ table app.t\n"
        "        ! data loss: every row of app.t\n"
        "\n"
        "Plan: 1 to add, 0 to change, 1 to destroy, 1 to rebuild.\n"
    )


def test_inspect_reads_the_columns_each_view_reads(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(
        fresh_db,
        """
        CREATE SCHEMA app;
        CREATE TABLE app.t (id int PRIMARY KEY, a int, b text);
        CREATE VIEW app.v_a AS SELECT id, a FROM app.t WHERE b <> '';
        CREATE VIEW app.v_row AS SELECT t FROM app.t;
        CREATE VIEW app.v_on_v AS SELECT a FROM app.v_a;
        CREATE MATERIALIZED VIEW app.m_count AS SELECT count(*) AS n FROM app.t WITH NO DATA;
        """,
    )
    with pg_server.connect(fresh_db) as conn:
        schema = inspect(conn, ["app"]).database.schema("app")
    assert schema is not None

    def reads(view: Any) -> list[str]:
        return sorted(f"{r.relation.schema}.{r.relation.name}.{r.column}" for r in view.reads)

    views = {v.name: v for v in (*schema.views, *schema.materialized_views)}
    assert reads(views["v_a"]) == ["app.t.a", "app.t.b", "app.t.id"]
    assert reads(views["v_row"]) == []  # a whole row: no column of its own
    assert reads(views["v_on_v"]) == ["app.v_a.a"]
    assert reads(views["m_count"]) == []
