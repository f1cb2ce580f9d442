"""Tables of a state by name, in constant time.

`Database.schema` and a scan of a schema's tables are linear; a planner that looks a
table up for each of 12,000 tables (its parents, its place in the order) would be
quadratic. The index of a state is built once, on first use, and kept for the few
states of one run (states are immutable, so it never goes stale).
"""

from __future__ import annotations

import threading

from schemac.ir import model as m

__all__ = ["find_table"]

_KEEP = 8  # a run plans between a handful of states: old, new, renamed, re-read
_lock = threading.Lock()
_indexes: dict[int, tuple[m.Database, dict[tuple[str | None, str], m.Table]]] = {}


def _index(state: m.Database) -> dict[tuple[str | None, str], m.Table]:
    with _lock:
        hit = _indexes.get(id(state))
        if hit is not None and hit[0] is state:
            return hit[1]
        tables: dict[tuple[str | None, str], m.Table] = {}
        for schema in state.schemas:
            for table in schema.tables:
                tables.setdefault((schema.name, table.name), table)
        if len(_indexes) >= _KEEP:
            _indexes.pop(next(iter(_indexes)))
        _indexes[id(state)] = (state, tables)
        return tables


def find_table(state: m.Database, schema: str | None, name: str) -> m.Table | None:
    """The table ``schema.name`` of ``state`` (the first, as a scan would find it)."""
    return _index(state).get((schema, name))
