"""Reading view definitions holds at most half the lock budget, however many tables the
views read: each batch of views is sized from the locks the one before held."""

from __future__ import annotations

from schemac.dialects.postgres.inspect.catalog import read_catalog
from schemac.dialects.postgres.locks import lock_budget


def test_views_that_read_many_tables_are_read_in_bounded_batches(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    # 300 views, each over 12 tables of its own: 200 of them in one batch (as before)
    # would hold about 2,700 locks, far more than the budget (976 at the defaults).
    parts = []
    for v in range(300):
        tables = [f"t{v}_{k}" for k in range(12)]
        parts += [f"CREATE TABLE {t} (id int);" for t in tables]
        joined = " UNION ALL ".join(f"SELECT id FROM {t}" for t in tables)
        parts.append(f"CREATE VIEW v{v} AS {joined};")
    pg_server.load(fresh_db, "\n".join(parts))
    with pg_server.connect(fresh_db) as conn:
        half = lock_budget(conn).limit // 2
        catalog = read_catalog(conn)
    assert len(catalog.view_queries) == 300
    assert 0 < catalog.most_locks <= half + 30, catalog.most_locks
