"""The external oracle (../shared/oracle) over our own migration cases, judged by pg_dump.

For each case of tests/oracle/migrations.jsonl (old SQL, new SQL) the oracle loads
both into databases A and B, runs `schemac diff --from A --to B`, applies the plan to A
with psql, and passes when pg_dump of A equals pg_dump of B and a second diff prints
nothing. Every case must pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parents[2]
ORACLE = ROOT.parent / "shared" / "oracle" / "oracle.py"
CASES = ROOT / "tests" / "oracle" / "migrations.jsonl"


@pytest.mark.skipif(not ORACLE.exists(), reason=f"the oracle is not at {ORACLE}")
def test_every_own_migration_case_passes(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if pg_server.embedded is not None:
        pytest.skip("the oracle drives a server through psql and pg_dump on PATH")
    params = conninfo_to_dict(pg_server.url)
    host, port = str(params.get("host", "")), str(params.get("port", "5432"))
    env = {
        **os.environ,
        "SCHEMAC": str(Path(sys.executable).with_name("schemac")),
        "PGHOST": host,
        "PGPORT": port,
        "ORACLE_URL": f"postgresql://{host}:{port}/{{db}}",
    }
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, str(ORACLE), str(CASES), "--jobs", "4", "--report", str(report)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(report.read_text(encoding="utf-8"))
    assert len(results) == len(CASES.read_text(encoding="utf-8").splitlines())
    failed = [f"{r['name']}: {r['status']}: {r['why']}" for r in results if r["status"] != "pass"]
    assert not failed, "\n".join(failed)
