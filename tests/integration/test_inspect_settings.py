"""The catalog read runs without JIT and sorts in memory, in its own transaction only.

The catalog queries' per-row subqueries give the planner estimates past jit_above_cost,
and JIT took most of their time on a large database; what is read is the same.
"""

from __future__ import annotations

from schemac.dialects.postgres.inspect.catalog import read_catalog


def test_the_read_turns_jit_off_for_its_transaction(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, "CREATE TABLE t (id int PRIMARY KEY, note text);")
    with pg_server.connect(fresh_db) as conn:
        conn.autocommit = False
        before = conn.execute("SHOW jit").fetchone()
        catalog = read_catalog(conn, in_transaction=True)
        assert [r["name"] for r in catalog.rows["relations"]] == ["t"]
        assert conn.execute("SHOW jit").fetchone() == ("off",)
        assert conn.execute("SHOW work_mem").fetchone() == ("64MB",)
        conn.rollback()
        assert conn.execute("SHOW jit").fetchone() == before
