"""Compiled DDL loads into PostgreSQL, and the catalogs then hold exactly what was declared.

For every example and every golden compile case that compiles: compile, load the SQL
with `psql -v ON_ERROR_STOP=1` into a fresh database, read the catalogs back with the
inspector, and compare with the declared model: every object with its columns, types,
nullability, defaults, constraints, indexes, partitions, view bodies, functions,
triggers, policies, comments and grants (SQL fragments compared once PostgreSQL has
normalized both sides).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.dialects import get_dialect
from schemac.dialects.postgres.inspect.reader import inspect
from schemac.inputs import read_file, schema_files
from schemac.ir import model as ir
from tests.golden.test_compile_goldens import case_args, case_input, compile_cases
from tests.integration.compare import differences
from tests.integration.normalizer import Normalizer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").iterdir())
_ROLE_WORDS = {"public", "current_user", "session_user", "current_role"}


def _cases() -> list[tuple[str, Path, str | None]]:
    out: list[tuple[str, Path, str | None]] = [(f"example/{p.stem}", p, None) for p in EXAMPLES]
    for case in compile_cases():
        if (case / "expected.sql").exists():
            args = case_args(case)
            schema = args[args.index("--schema") + 1] if "--schema" in args else None
            out.append((f"golden/{case.name}", case_input(case), schema))
    return out


def _roles(database: ir.Database) -> set[str]:
    roles = {g.grantee for g in database.grants}
    for schema in database.schemas:
        for table in schema.tables:
            for policy in table.policies:
                roles.update(policy.roles)
    return roles - _ROLE_WORDS


def _collations(value: object) -> set[str]:
    """The collations the model needs the server to have: PostgreSQL's own it names, and
    `und-x-icu` (a server built with ICU) when it declares an ICU collation."""
    found: set[str] = set()
    if isinstance(value, ir.Collation) and value.provider is ir.CollationProvider.ICU:
        found.add("und-x-icu")
    if isinstance(value, tuple):
        for item in value:
            found |= _collations(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name == "collation" and isinstance(item, ir.ObjectName):
                if item.schema == "pg_catalog":
                    found.add(item.name)
            elif not isinstance(item, str | int | bool | None):
                found |= _collations(item)
    return found


def prepare_server(pg_server, declared: ir.Database) -> None:  # type: ignore[no-untyped-def]
    """Skip what this server cannot hold; create the roles grants and policies name."""
    missing = {e.name for e in declared.extensions} - pg_server.extensions
    if missing:
        pytest.skip(f"this server lacks the extensions {sorted(missing)}")
    with pg_server.connect() as conn:
        known = {r[0] for r in conn.execute("SELECT collname FROM pg_collation")}
    lacking = _collations(declared) - known - {"default"}
    if lacking:
        pytest.skip(f"this server lacks the collations {sorted(lacking)}")
    pg_server.ensure_roles(_roles(declared))


def compile_path(path: Path, schema: str | None) -> tuple[ir.Database, str]:
    sources = [read_file(p) for p in schema_files(path)]
    checked = check_sources(sources)
    assert checked.database is not None, [d.message for d in checked.diagnostics]
    result = get_dialect("postgres").compile(checked.database, schema)
    assert result.sql is not None, result.diagnostics
    assert result.database is not None
    return result.database, result.sql


@pytest.mark.parametrize(("name", "path", "schema"), _cases(), ids=[c[0] for c in _cases()])
def test_compiled_ddl_matches_the_catalogs(
    name: str, path: Path, schema: str | None, pg_server, fresh_db
) -> None:  # type: ignore[no-untyped-def]
    declared, sql = compile_path(path, schema)
    prepare_server(pg_server, declared)
    pg_server.load(fresh_db, sql)
    with pg_server.connect(fresh_db) as conn:
        found = inspect(conn)
        assert not found.unsupported, found.unsupported
        normalizer = Normalizer(
            conn, schema or "public", sorted({e.schema for e in declared.extensions if e.schema})
        )
        try:
            problems = differences(declared, found.database, normalizer)
        finally:
            normalizer.close()
    assert not problems, "\n".join(problems)
