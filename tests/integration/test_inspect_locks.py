"""Inspection holds no lock on any table or view: the catalog queries take none, and the
view definitions (pg_get_viewdef locks what a view reads) are read a batch at a time in a
savepoint that is rolled back, so locks never pile up, whatever the number of views."""

from __future__ import annotations

from psycopg.rows import dict_row

from schemac.dialects.postgres.inspect import catalog
from schemac.dialects.postgres.inspect.reader import inspect

_USER_LOCKS = """
SELECT count(*) FROM pg_locks l
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid() AND n.nspname = 'public'
"""


def test_no_lock_is_held(pg_server, fresh_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tables = 60
    sql = [f"CREATE TABLE t{i} (id int PRIMARY KEY, v text);" for i in range(tables)]
    sql += [
        f"CREATE VIEW v{i} AS SELECT t{i}.id, t{(i + 1) % tables}.v FROM t{i}, t{(i + 1) % tables};"
        for i in range(tables)
    ]
    pg_server.load(fresh_db, "\n".join(sql))
    monkeypatch.setattr(catalog, "VIEW_BATCH", 7)
    with pg_server.connect(fresh_db) as conn, conn.cursor(row_factory=dict_row) as cur:
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        params = {"schemas": ["public"]}
        for name in ("types", "opclasses", "collation_names", "extensions"):
            cur.execute(catalog.query_text(name))
        for name in catalog._PER_SCHEMA:
            cur.execute(catalog.query_text(name), params)
            relations = cur.fetchall() if name == "relations" else None
            if relations is not None:
                kept = relations
        after_queries = conn.execute(_USER_LOCKS).fetchone()
        views = catalog._view_queries(cur, kept, [])
        after_views = conn.execute(_USER_LOCKS).fetchone()
        cur.execute("ROLLBACK")
    assert after_queries == (0,)
    assert len(views) == tables
    assert all(v["query"] for v in views)
    assert after_views == (0,)
    with pg_server.connect(fresh_db) as conn:
        found = inspect(conn).database
    assert len(found.schemas[0].views) == tables
