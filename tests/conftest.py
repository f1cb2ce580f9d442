"""Shared test setup: the --update-goldens switch, golden files, the server, the markers."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: it must see these marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `postgres` every test that needs the session's server (fresh_db needs it too).

    Marked here, from the fixture, so that no test can forget the mark: `make test-fast`
    (`-m "not postgres and not editors"`) relies on it to reach no server. A test that
    starts an embedded server without the fixture carries the mark itself.
    """
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with a golden file, or rewrite it under --update-goldens."""
    update = bool(request.config.getoption("--update-goldens"))

    def compare(path: Path, actual: str) -> None:
        if update:
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"{path} is missing; run `make goldens` (pytest --update-goldens)")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    f"{path.name} (expected)",
                    f"{path.name} (actual)",
                )
            )
            pytest.fail(f"output differs from {path}:\n{diff}")

    return compare


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """The session's PostgreSQL (tests/pg.py): a real server, never a mock."""
    from tests.pg import start_server

    server = start_server()
    yield server
    server.close()


@pytest.fixture
def fresh_db(pg_server):  # type: ignore[no-untyped-def]
    """The name of a new, empty database, dropped after the test."""
    name = pg_server.create_database()
    yield name
    pg_server.drop_database(name)
