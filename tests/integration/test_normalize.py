"""The normalizer gives exactly what PostgreSQL gives, with a bounded lock footprint.

For every example, every golden compile case and both sides of every golden diff case,
the declared state brought to canonical form by the normalizer (which builds only its
SQL text, in batches rolled back) equals, field by field, what the inspector reads from
a database the compiled SQL was loaded into (the columns each view reads too). One
normalizer serves every case, with a small lock budget: batches are many and small, and
a request one case built is met again from the cache by the next, so both are checked
too.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from typing import Any

import pytest

from schemac.dialects.postgres.inspect.reader import inspect
from schemac.dialects.postgres.locks import LockBudget
from schemac.dialects.postgres.normalizer.run import Normalizer
from schemac.diff.renames import carry_renames
from schemac.ir import model as ir
from tests.integration.test_compile_pg import _cases as compile_cases
from tests.integration.test_compile_pg import _collations, _roles, compile_path
from tests.integration.test_diff_goldens import _schema_arg, _side, diff_cases

_WORKERS = 4
# The least budget schemac takes (locks.py), about 60 locks for what it builds besides
# the catalogs' own: most cases then take several batches.
_BUDGET = LockBudget(capacity=0)


def _corpus() -> list[tuple[str, Path, str | None]]:
    out = [(name, path, schema) for name, path, schema in compile_cases()]
    for case in diff_cases():
        schema = _schema_arg(case)
        for side in ("from", "to"):
            out.append((f"diff/{case.name}/{side}", _side(case, side), schema))
    return out


_CORPUS = _corpus()


def differences(a: Any, b: Any, path: str = "db") -> list[str]:
    """Where two models differ, field by field (origin and depends_on aside)."""
    if a == b:
        return []
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        out: list[str] = []
        for f in dataclasses.fields(a):
            if f.name not in ("origin", "depends_on"):
                out += differences(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
        return out
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            name = getattr(x, "name", i)
            out += differences(x, y, f"{path}[{name}]")
        return out
    return [f"{path}: {a!r} != {b!r}"]


def _without_depends_on(database: ir.Database) -> ir.Database:
    return dataclasses.replace(
        database,
        schemas=tuple(
            dataclasses.replace(
                s,
                views=tuple(dataclasses.replace(v, depends_on=()) for v in s.views),
                materialized_views=tuple(
                    dataclasses.replace(v, depends_on=()) for v in s.materialized_views
                ),
            )
            for s in database.schemas
        ),
    )


def _run(  # type: ignore[no-untyped-def]
    case: tuple[str, Path, str | None], normalizer: _Shared, pg_server, spare: Queue[str]
) -> tuple[str, list[str]]:
    _, path, schema = case
    declared, sql = compile_path(path, schema)
    missing = {e.name for e in declared.extensions} - pg_server.extensions
    if missing:
        return f"this server lacks the extensions {sorted(missing)}", []
    dbname = spare.get()
    try:
        with pg_server.connect(dbname) as conn:
            conn.execute("SET client_min_messages = warning")
            conn.execute(sql.encode())
            loaded = inspect(conn).database
    finally:  # given back (emptied for the next test, or dropped), and another taken
        pg_server.drop_database(dbname)
        spare.put(pg_server.create_database())
    names = {s.name for s in declared.schemas}
    reference = carry_renames(
        dataclasses.replace(loaded, schemas=tuple(s for s in loaded.schemas if s.name in names)),
        declared,
    )
    with normalizer.lock:
        stats = normalizer.value.stats
        most, stats.max_locks = stats.max_locks, 0
        normalized = normalizer.value.normalize(declared, schema or "public")
        held, stats.max_locks = stats.max_locks, max(most, stats.max_locks)
    normalized = carry_renames(normalized, declared)
    # Making an extension the server lacks takes locks in proportion to the extension
    # (btree_gist: about 250), outside the budget; nothing else may.
    if held > _BUDGET.limit and not declared.extensions:
        return "", [f"held {held} locks, more than the budget of {_BUDGET.limit}"]
    found = differences(_without_depends_on(reference), _without_depends_on(normalized))
    return "", found + _reads_differ(reference, normalized)


def _reads(database: ir.Database) -> dict[str, set[tuple[str, str, str]] | None]:
    """The columns each view reads (not compared by ==: the differ leaves them out)."""
    return {
        f"{s.name}.{v.name}": None
        if v.reads is None
        else {(r.relation.schema or "", r.relation.name, r.column) for r in v.reads}
        for s in database.schemas
        for v in (*s.views, *s.materialized_views)
    }


def _reads_differ(reference: ir.Database, normalized: ir.Database) -> list[str]:
    want, got = _reads(reference), _reads(normalized)
    return [
        f"{name}.reads: {want[name]!r} != {got.get(name)!r}"
        for name in want
        if want[name] != got.get(name)
    ]


@dataclasses.dataclass
class _Shared:
    value: Normalizer
    lock: Any


@pytest.fixture(scope="module")
def outcomes(pg_server):  # type: ignore[no-untyped-def]
    import threading

    declared = [compile_path(path, schema)[0] for _, path, schema in _CORPUS]
    pg_server.ensure_roles(set().union(*(_roles(d) for d in declared)))
    with pg_server.connect() as conn:
        known = {r[0] for r in conn.execute("SELECT collname FROM pg_collation")}
    usable = [
        case
        for case, d in zip(_CORPUS, declared, strict=True)
        if not (_collations(d) - known - {"default"})
    ]
    spare: Queue[str] = Queue()
    for _ in range(_WORKERS):
        spare.put(pg_server.create_database())
    conn = pg_server.connect()
    shared = _Shared(Normalizer(conn, budget=_BUDGET), threading.Lock())
    try:
        with ThreadPoolExecutor(_WORKERS) as pool:
            futures = {
                case[0]: pool.submit(_run, case, shared, pg_server, spare) for case in usable
            }
            results = {name: future.result() for name, future in futures.items()}
    finally:
        conn.close()
        while not spare.empty():
            pg_server.drop_database(spare.get())
    return results, shared.value.stats


@pytest.mark.parametrize(("name", "path", "schema"), _CORPUS, ids=[c[0] for c in _CORPUS])
def test_normalized_equals_what_postgresql_reads_back(  # type: ignore[no-untyped-def]
    name: str, path: Path, schema: str | None, outcomes
) -> None:
    results, _ = outcomes
    if name not in results:
        pytest.skip("this server lacks a collation the case uses")
    skipped, found = results[name]
    if skipped:
        pytest.skip(skipped)
    assert not found, "\n".join(found)


def test_the_budget_split_the_work_and_requests_were_shared(outcomes) -> None:  # type: ignore[no-untyped-def]
    _, stats = outcomes
    assert stats.batches > len(_CORPUS) // 3, stats  # the budget split the work
    assert stats.reused > 0, stats  # the same request in two cases was built once
