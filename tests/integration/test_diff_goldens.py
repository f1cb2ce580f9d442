"""Golden diff cases, discovered from folders (a new case needs no Python), judged by PostgreSQL.

diff/<dialect>/<case>/ under tests/golden holds `from.schema` and `to.schema` (or folders
`from/` and `to/` of .schema files), optionally `args` (`--schema NAME`: where objects
outside any schema block go), and `expected.sql`, the migration `schemac diff --from
from.schema --to to.schema` prints (`pytest --update-goldens` rewrites it). For each case:

- the diff, computed in process (diff_command) with the session's server as dev server,
  is the golden text, and is not empty;
- applied with psql (ON_ERROR_STOP) to a database made from the compiled from.schema, it
  gives the `pg_dump --schema-only` of a database made from the compiled to.schema;
- it converges: the diff of the migrated database against to.schema is empty, as are the
  diff of the database made from to.schema against to.schema, and the diff of
  to.schema against itself.

Every case runs once, at the first test, in a pool of threads (the time goes to
PostgreSQL); each test then judges its own case. A file state is read (compiled, loaded
into a dev database, inspected) once per case, and each worker keeps the two databases
it migrates and compares, emptied between cases: creating and dropping databases is
what costs (PostgreSQL 15 checkpoints on every DROP DATABASE).
"""

from __future__ import annotations

import difflib
import io
import shlex
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue
from typing import Any

import pytest

from schemac.commands import diff as diff_module
from schemac.commands.diff import diff_command
from schemac.commands.states import State, is_url
from tests.integration.test_compile_pg import _roles, compile_path

ROOT = Path(__file__).resolve().parents[1] / "golden" / "diff"
_WORKERS = 16


def diff_cases() -> list[Path]:
    return sorted(p for p in ROOT.glob("*/*") if p.is_dir())


def _side(case: Path, name: str) -> Path:
    folder = case / name
    return folder if folder.is_dir() else case / f"{name}.schema"


def _schema_arg(case: Path) -> str | None:
    path = case / "args"
    args = shlex.split(path.read_text(encoding="utf-8")) if path.exists() else []
    return args[args.index("--schema") + 1] if "--schema" in args else None


@dataclass
class Outcome:
    """What a case gave: the diff, and what PostgreSQL made of it."""

    code: int = 0
    sql: str = ""
    err: str = ""
    skipped: str | None = None
    load_error: str | None = None
    migrated: list[str] = field(default_factory=list)  # pg_dump of from + the diff
    wanted: list[str] = field(default_factory=list)  # pg_dump of to
    again: str = ""  # the diff of the migrated database against to.schema
    loaded: str = ""  # the diff of the database made from to.schema against to.schema
    itself: str = ""  # the diff of to.schema against itself
    errors: list[str] = field(default_factory=list)


def _diff(source: str, target: str, dev_url: str, schema: str | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = diff_command(source, target, dev_url=dev_url, schema=schema, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _execute(pg_server, dbname: str, sql: str) -> None:  # type: ignore[no-untyped-def]
    """SQL the test trusts (compiled), without starting a psql."""
    with pg_server.connect(dbname) as conn:
        conn.execute("SET client_min_messages = warning")
        conn.execute(sql.encode())


@dataclass
class Case:
    path: Path
    schema: str | None
    old_sql: str
    new_sql: str
    roles: set[str]
    missing: set[str]


def _prepare(path: Path, extensions: frozenset[str]) -> Case:
    schema = _schema_arg(path)
    old, old_sql = compile_path(_side(path, "from"), schema)
    new, new_sql = compile_path(_side(path, "to"), schema)
    missing = {e.name for e in (*old.extensions, *new.extensions)} - extensions
    return Case(path, schema, old_sql, new_sql, _roles(old) | _roles(new), missing)


class _Once:
    """read_state, but each file state is compiled, loaded and inspected once per run.

    A dev database costs PostgreSQL 15 a checkpoint when it is dropped: the state a case
    reads four times (the diff, the two convergence checks, the diff against itself)
    is read once, and the time goes to what each check is about.
    """

    def __init__(self, read: Callable[..., State]) -> None:
        self.read = read
        self.states: dict[tuple[str, str | None], State] = {}

    def __call__(self, text: str, dev: Any, schema: str | None = None) -> State:
        if is_url(text):
            return self.read(text, dev, schema)
        key = (text, schema)
        if key not in self.states:  # each case reads its own files, in one thread
            self.states[key] = self.read(text, dev, schema)
        return self.states[key]


def _run(case: Case, pg_server, databases: Queue[tuple[str, str]]) -> Outcome:  # type: ignore[no-untyped-def]
    schema, old_sql, new_sql = case.schema, case.old_sql, case.new_sql
    before, after = _side(case.path, "from"), _side(case.path, "to")
    outcome = Outcome()
    if case.missing:
        outcome.skipped = f"this server lacks the extensions {sorted(case.missing)}"
        return outcome
    outcome.code, outcome.sql, outcome.err = _diff(str(before), str(after), pg_server.url, schema)
    if outcome.code != 0:
        return outcome
    migrated, wanted = databases.get()
    try:
        _execute(pg_server, migrated, old_sql)
        _execute(pg_server, wanted, new_sql)
        try:
            pg_server.load(migrated, outcome.sql)
        except AssertionError as error:
            outcome.load_error = str(error)
            return outcome
        outcome.migrated = pg_server.schema_lines(migrated)
        outcome.wanted = pg_server.schema_lines(wanted)
        for url, attribute in ((migrated, "again"), (wanted, "loaded")):
            code, text, err = _diff(pg_server.url_for(url), str(after), pg_server.url, schema)
            setattr(outcome, attribute, text)
            if code != 0:
                outcome.errors.append(err)
    finally:  # given back (emptied for the next test, or dropped), and two others taken
        pg_server.drop_database(migrated)
        pg_server.drop_database(wanted)
        databases.put((pg_server.create_database(), pg_server.create_database()))
    code, outcome.itself, err = _diff(str(after), str(after), pg_server.url, schema)
    if code != 0:
        outcome.errors.append(err)
    return outcome


@pytest.fixture(scope="module")
def outcomes(request, pg_server):  # type: ignore[no-untyped-def]
    """Every case selected run once, several at a time (each case has its own databases)."""
    chosen = {
        item.callspec.params["case"]
        for item in request.session.items
        if getattr(item, "function", None) is test_diff
    }
    cases = [_prepare(path, pg_server.extensions) for path in diff_cases() if path in chosen]
    pg_server.ensure_roles(set().union(*(c.roles for c in cases)))
    databases: Queue[tuple[str, str]] = Queue()
    for _ in range(min(_WORKERS, len(cases))):
        databases.put((pg_server.create_database(), pg_server.create_database()))
    try:
        with (
            pytest.MonkeyPatch.context() as patch,
            ThreadPoolExecutor(_WORKERS) as pool,
        ):
            patch.setattr(diff_module, "read_state", _Once(diff_module.read_state))
            futures = {c.path: pool.submit(_run, c, pg_server, databases) for c in cases}
            for future in futures.values():
                future.exception()  # wait, in the pool's context, for every case
    finally:
        while not databases.empty():
            for name in databases.get():
                pg_server.drop_database(name)
    return futures


@pytest.mark.parametrize("case", diff_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_diff(case: Path, outcomes, golden) -> None:  # type: ignore[no-untyped-def]
    outcome: Outcome = outcomes[case].result()
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert outcome.code == 0, outcome.err
    assert not outcome.err, f"the diff should draw no warnings:\n{outcome.err}"
    golden(case / "expected.sql", outcome.sql)
    assert outcome.sql, "a case shows a change: its diff is not empty"
    assert outcome.load_error is None, f"the diff does not apply:\n{outcome.load_error}"
    assert outcome.migrated == outcome.wanted, "\n".join(
        difflib.unified_diff(
            outcome.wanted, outcome.migrated, "to.schema", "from.schema + diff", lineterm=""
        )
    )
    assert not outcome.errors, outcome.errors
    assert not outcome.again, f"the migrated database still differs:\n{outcome.again}"
    assert not outcome.loaded, f"to.schema loaded by psql differs from it:\n{outcome.loaded}"
    assert not outcome.itself, f"to.schema differs from itself:\n{outcome.itself}"


def test_there_are_many_cases() -> None:
    assert len(diff_cases()) >= 60
