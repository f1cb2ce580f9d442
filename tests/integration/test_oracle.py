"""Our own migration cases, judged by pg_dump: every case of tests/oracle/migrations.jsonl.

Each line is a case, `{"name", "old", "new", "roles"}` (old and new SQL). Old is loaded
into database A and new into B; `schemac diff --from A --to B` is applied to A with
psql, as a user would; then A must dump (`pg_dump --schema-only`) as B does, column order
aside (a column added to a table comes last), and a second diff must print nothing.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from schemac.commands.diff import diff_command

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "oracle" / "migrations.jsonl"


def _cases() -> list[dict[str, Any]]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _diff(first: str, second: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(first, second, out=out, err=err)
    assert code == 0, err.getvalue()
    assert err.getvalue() == ""
    return out.getvalue()


def _shape(lines: list[str]) -> list[str]:
    """A dump's schema lines, sorted: column order aside.

    A table's last column has no comma after it, so commas at line ends are dropped.
    """
    return sorted(re.sub(r",$", "", line) for line in lines)


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["name"]))
def test_the_plan_takes_old_to_new(pg_server, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    pg_server.ensure_roles(case.get("roles") or [])
    old, new = pg_server.create_database(), pg_server.create_database()
    try:
        pg_server.load(old, case["old"])
        pg_server.load(new, case["new"])
        plan = _diff(pg_server.url_for(old), pg_server.url_for(new))
        assert plan, "the diff found nothing to do"
        pg_server.load(old, plan)
        assert _shape(pg_server.schema_lines(old)) == _shape(pg_server.schema_lines(new)), plan
        assert _diff(pg_server.url_for(old), pg_server.url_for(new)) == ""
    finally:
        pg_server.drop_database(old)
        pg_server.drop_database(new)


def test_the_cases_are_all_there() -> None:
    names = [c["name"] for c in _cases()]
    assert len(names) == len(set(names)), "two cases share a name"
    assert len(names) >= 28
