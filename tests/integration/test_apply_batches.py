"""`schemac apply` at the edges: tenants one after another, plans rehearsed before enum
values are committed, and plans that need more locks than one transaction may hold."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.dialects.sql.render import applied_text

ROOT = Path(__file__).resolve().parents[2]


def _apply(url: str, to: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, to, stdin=io.StringIO(), out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def _diff(url: str, to: str, **options: Any) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert diff_command(url, to, out=out, err=err, **options) == 0, err.getvalue()
    return out.getvalue()


def _tables(pg_server, db: str, schema: str) -> set[str]:  # type: ignore[no-untyped-def]
    with pg_server.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            [schema],
        ).fetchall()
    return {r[0] for r in rows}


def test_apply_with_schema_serves_one_tenant_after_another(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    """The check under the lock reads what the plan read: the tenant, not the database."""
    url = pg_server.url_for(fresh_db)
    saas = str(ROOT / "examples" / "saas")
    pg_server.ensure_roles(["app", "auditor", "reporting"])  # what examples/saas grants to
    for tenant in ("tenant_acme", "tenant_globex", "tenant_initech"):
        code, out, err = _apply(url, saas, schema=tenant, auto_approve=True)
        assert (code, err) == (0, ""), out
        assert "Apply complete" in out
    acme = _tables(pg_server, fresh_db, "tenant_acme")
    assert acme
    assert _tables(pg_server, fresh_db, "tenant_globex") == acme
    for tenant in ("tenant_acme", "tenant_globex"):
        assert _diff(url, saas, schema=tenant) == ""
        code, out, err = _apply(url, saas, schema=tenant, auto_approve=True)
        assert (code, out, err) == (0, f"No changes: the database matches {saas}.\n", "")


_PLANS_BEFORE = """
CREATE TYPE public.plan AS ENUM ('free', 'pro');
CREATE TABLE public.accounts (
    id bigint PRIMARY KEY,
    plan public.plan DEFAULT 'free' NOT NULL,
    note text
);
INSERT INTO public.accounts (id, note) VALUES (1, NULL);
"""

_PLANS_AFTER = """
enum "plan" { values = ["trial", "free", "pro"] }

table "accounts" {
  column "id"   bigint { primary_key = true }
  column "plan" plan   { default = "trial" }
  column "note" text
}
"""


def _enum_values(pg_server, db: str) -> list[str]:  # type: ignore[no-untyped-def]
    with pg_server.connect(db) as conn:
        rows = conn.execute(
            "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'public.plan'::regtype"
            " ORDER BY enumsortorder"
        ).fetchall()
    return [r[0] for r in rows]


def test_a_plan_postgresql_refuses_commits_no_enum_value(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    """New enum values are committed before the plan's transaction, but only once the
    plan was rehearsed: here `note` cannot become NOT NULL (a row holds NULL)."""
    pg_server.load(fresh_db, _PLANS_BEFORE)
    state = tmp_path / "after.schema"
    state.write_text(_PLANS_AFTER, encoding="utf-8")
    url = pg_server.url_for(fresh_db)
    code, out, err = _apply(url, str(state), auto_approve=True)
    assert code == 1, out
    assert "failed: ~ table public.accounts" in err
    assert 'column "note" of relation "accounts" contains null values' in err
    assert "before its new enum values were committed; nothing was applied" in err
    assert "Outside the transaction" not in out
    assert _enum_values(pg_server, fresh_db) == ["free", "pro"]
    # Once the data allow it, the same plan runs: the value first, then the rest.
    with pg_server.connect(fresh_db) as conn:
        conn.execute("UPDATE public.accounts SET note = ''")
    code, out, err = _apply(url, str(state), auto_approve=True)
    assert (code, err) == (0, ""), out
    assert "Outside the transaction: ~ enum public.plan ... done" in out
    assert _enum_values(pg_server, fresh_db) == ["trial", "free", "pro"]
    assert _diff(url, str(state)) == ""


def _many_tables(count: int, last: str = "") -> str:
    parts = [
        f'table "t{i:03d}" {{\n  column "id" bigint {{ identity = always }}\n'
        f'  column "name" text\n  primary_key = [id]\n'
        f'  index "t{i:03d}_name_idx" {{ on = [name] }}\n}}\n'
        for i in range(count)
    ]
    return "\n".join(parts) + last


def test_a_plan_beyond_the_lock_budget_runs_in_several_transactions(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    state = tmp_path / "many.schema"
    state.write_text(_many_tables(80), encoding="utf-8")
    url = pg_server.url_for(fresh_db)
    code, out, err = _apply(url, str(state), auto_approve=True, lock_budget=200)
    assert (code, err) == (0, ""), out
    assert "Applied 160 statements in " in out
    assert "transactions, each holding at most 200 locks" in out
    assert len(_tables(pg_server, fresh_db, "public")) == 80
    assert _diff(url, str(state)) == ""


def test_a_failure_after_a_commit_says_what_stays_applied(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, tmp_path: Path
) -> None:
    """The plan's last statement fails, in its third or later transaction: the
    transactions before it stay, the message says so, and applying again finishes."""
    pg_server.load(
        fresh_db,
        "CREATE TABLE public.zz (v integer NOT NULL); INSERT INTO public.zz VALUES (1), (1);",
    )
    last = 'table "zz" {\n  column "v" integer\n  unique "zz_v_key" { columns = [v] }\n}\n'
    state = tmp_path / "many.schema"
    state.write_text(_many_tables(80, last), encoding="utf-8")
    url = pg_server.url_for(fresh_db)
    code, out, err = _apply(url, str(state), auto_approve=True, lock_budget=200)
    assert code == 1, out
    assert "failed: + unique constraint public.zz.zz_v_key" in err
    kept = re.search(r"rolled back: the (\d+) statements run before it stay applied", err)
    assert kept is not None, err
    committed = int(kept.group(1))
    assert 0 < committed < 80  # the tables of the transactions committed before
    assert "apply again to finish it" in err
    assert len(_tables(pg_server, fresh_db, "public")) == committed + 1
    with pg_server.connect(fresh_db) as conn:
        conn.execute("DELETE FROM public.zz")
    code, out, err = _apply(url, str(state), auto_approve=True, lock_budget=200)
    assert (code, err) == (0, ""), out
    assert f"Plan: {161 - committed} to add" in out
    assert _diff(url, str(state)) == ""


def test_what_stays_applied_is_said_in_good_english() -> None:
    assert applied_text(0) == "nothing was applied"
    assert applied_text(1) == "the statement run before it stays applied"
    assert applied_text(2) == "the 2 statements run before it stay applied"
