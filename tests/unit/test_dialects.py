"""The dialect is the only door: a lazy registry, subclasses that override data and methods,
`--dialect` inferred from URLs (and refused when it contradicts them), and a driver that
commands reach only through the dialect. No server is needed."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from importlib.metadata import EntryPoint
from pathlib import Path

import psycopg
import pytest

from schemac import dialects
from schemac.check import check_sources
from schemac.commands.apply import apply_command
from schemac.commands.compile import compile_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects import (
    DialectError,
    choose_dialect,
    dialect_for_url,
    dialect_names,
    get_dialect,
    register_dialect,
)
from schemac.dialects import driver as neutral
from schemac.dialects.postgres.dialect import PostgresDialect
from schemac.dialects.postgres.driver import advisory_key
from schemac.dialects.postgres.errors import server_error
from schemac.ir import model as m
from schemac.source import SourceFile

SCHEMA = 'table "t" {\n  column "id" bigint\n  primary_key = [id]\n}\n'


class Toy(PostgresDialect):
    """PostgreSQL, but with its own schema, its own URLs, and a header on its DDL."""

    name = "toy"
    title = "Toy"
    default_schema = "main"
    url_schemes = ("toy",)

    def generate(self, database: m.Database, default_schema: str) -> str:
        return "-- toy DDL\n" + super().generate(database, default_schema)

    def driver(self) -> neutral.Driver:
        return FakeDriver()


class FakeDriver:
    """A server that holds one table `main.t`: enough to inspect and diff without one."""

    def mask_url(self, text: str) -> str:
        return text.replace("secret", "***")

    def url_secrets(self, url: str) -> frozenset[str]:
        return frozenset({"secret"}) if "secret" in url else frozenset()

    def url_shown(self, url: str) -> frozenset[str]:
        return frozenset()

    def bounded_waits(self, lock_ms: int) -> AbstractContextManager[None]:
        return nullcontext()

    def inspect(self, url: str, schemas: Sequence[str] | None = None) -> m.Database:
        if "empty" in url:
            return m.Database()
        checked = check_sources([SourceFile("t.schema", 'schema "main" {\n' + SCHEMA + "}\n")])
        assert checked.database is not None
        return checked.database


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The toy dialect registered for the test only."""
    monkeypatch.setattr(dialects, "DIALECTS", dict(dialects.DIALECTS))
    register_dialect("toy", lambda: Toy)


def _checked(text: str = SCHEMA) -> m.Database:
    checked = check_sources([SourceFile("a.schema", text)])
    assert checked.database is not None
    return checked.database


# ---------------------------------------------------------------------------- the registry


def test_the_registry_names_a_class_by_its_import_path() -> None:
    assert dialects.DIALECTS["postgres"] == "schemac.dialects.postgres.dialect:PostgresDialect"
    assert "postgres" in dialect_names()
    assert isinstance(get_dialect("postgres"), PostgresDialect)
    with pytest.raises(KeyError):
        get_dialect("nope")


def test_the_postgres_package_imports_no_driver_planner_or_ddl() -> None:
    """What the checker imports of it (its tables) must not cost psycopg or the planner."""
    code = (
        "import sys\n"
        "import schemac.dialects.postgres\n"
        "from schemac.dialects import get_dialect\n"
        "from schemac.dialects.postgres import PostgresDialect\n"
        "assert get_dialect('postgres').url_schemes and PostgresDialect.default_schema\n"
        "heavy = ('psycopg', 'schemac.dialects.postgres.plan', 'schemac.dialects.postgres.ddl',"
        " 'schemac.dialects.postgres.driver', 'schemac.dialects.postgres.inspect')\n"
        "print(sorted(n for n in sys.modules if n.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_toy_subclass_overrides_a_table_and_a_method(toy: None) -> None:
    dialect = get_dialect("toy")
    assert isinstance(dialect, Toy)
    result = dialect.compile(_checked())
    assert result.sql is not None
    assert result.sql.startswith("-- toy DDL\n")
    assert "CREATE SCHEMA main;" in result.sql
    assert "CREATE TABLE main.t (" in result.sql
    postgres = get_dialect("postgres").compile(_checked()).sql
    assert postgres is not None
    assert "CREATE TABLE public.t (" in postgres
    assert "toy" not in postgres


def test_compile_takes_a_registered_dialect(toy: None, tmp_path: Path) -> None:
    (tmp_path / "a.schema").write_text(SCHEMA)
    out, err = io.StringIO(), io.StringIO()
    code = compile_command([str(tmp_path)], dialect="toy", output_format="json", out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert '"dialect": "toy"' in out.getvalue()
    assert '"default_schema": "main"' in out.getvalue()


def test_dialects_of_entry_points_are_read_when_a_name_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dialects, "DIALECTS", dict(dialects.DIALECTS))
    monkeypatch.setattr(dialects._Scan, "done", False)
    point = EntryPoint(name="plugged", value=f"{__name__}:Toy", group="schemac.dialects")
    asked: list[str] = []

    def entry_points(*, group: str) -> list[EntryPoint]:
        asked.append(group)
        return [point]

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    get_dialect("postgres")
    assert asked == []  # a built-in name reads no entry point
    assert isinstance(get_dialect("plugged"), Toy)
    assert "plugged" in dialect_names()
    assert asked == ["schemac.dialects"]  # read once


# ---------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url", ["postgres://h/db", "postgresql://u:pw@h/db", "POSTGRESQL://h/db", "dbname=x"]
)
def test_postgres_urls(url: str) -> None:
    assert dialect_for_url(url).name == "postgres"
    assert choose_dialect(None, [url, "files/", None]).name == "postgres"
    assert choose_dialect("postgres", [url]).name == "postgres"


def test_the_dialect_is_inferred_from_the_url_scheme(toy: None) -> None:
    assert choose_dialect(None, ["toy://h/db", "a.schema"]).name == "toy"
    assert choose_dialect(None, ["a.schema", "b.sql"]).name == "postgres"  # files alone
    assert choose_dialect(None, ["mysql://h/db"]).name == "postgres"  # no dialect claims it
    assert dialect_for_url("toy://h/db").name == "toy"


def test_an_explicit_dialect_that_contradicts_a_url_is_refused(toy: None) -> None:
    with pytest.raises(DialectError) as raised:
        choose_dialect("toy", ["postgresql://u:secret@h/db"])
    assert str(raised.value) == (
        "--dialect toy does not read postgresql:// URLs (those are URLs of dialect postgres);"
        " it reads toy://"
    )
    with pytest.raises(DialectError) as raised:
        choose_dialect("postgres", ["mysql://h/db"])
    assert "those are URLs of no dialect schemac knows" in str(raised.value)
    with pytest.raises(DialectError) as raised:
        choose_dialect(None, ["toy://h/db", "postgres://h/db"])
    assert str(raised.value) == (
        "the URLs are for different dialects: postgres:// (postgres) and toy:// (toy);"
        " give one dialect's"
    )


def _err(command: object, *args: str, **options: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = command(*args, out=out, err=err, **options)  # type: ignore[operator]
    assert out.getvalue() == ""
    return code, err.getvalue()


def test_commands_refuse_a_dialect_their_urls_contradict(toy: None) -> None:
    url = "postgresql://u:secret@h/db"
    said = (
        "error: --dialect toy does not read postgresql:// URLs (those are URLs of dialect"
        " postgres); it reads toy://\n"
    )
    assert _err(inspect_command, url, dialect="toy") == (1, said)
    assert _err(diff_command, url, "a.schema", dialect="toy") == (1, said)
    assert _err(apply_command, url, "a.schema", dialect="toy") == (1, said)
    code, err = _err(diff_command, "toy://h/db", url)
    assert (code, err) == (
        1,
        "error: the URLs are for different dialects: postgresql:// (postgres) and toy:// (toy);"
        " give one dialect's\n",
    )


def test_commands_reach_the_server_through_the_dialect_of_the_url(toy: None) -> None:
    """toy:// URLs are read by the toy dialect's driver, and compiled by its DDL."""
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command("toy://secret@h/db", output_format="sql", out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("-- toy DDL\n")
    assert "CREATE TABLE main.t (" in out.getvalue()
    out = io.StringIO()
    code = diff_command("toy://h/empty", "toy://h/db", out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert "CREATE TABLE main.t (" in out.getvalue()


def test_apply_names_the_dialects_urls(toy: None) -> None:
    code, err = _err(apply_command, "a.schema", "b.schema", dialect="toy")
    assert (code, err) == (1, "error: --url must be a toy:// URL, not a.schema\n")


def _schemac(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemac", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        ["inspect", "--url", "postgresql://u:S3cretPw@h/db"],
        ["diff", "--from", "postgresql://u:S3cretPw@h/db", "--to", "a.schema"],
        ["apply", "--url", "postgresql://u:S3cretPw@h/db", "--to", "a.schema"],
    ],
    ids=lambda c: c[0],
)
def test_the_command_line_takes_dialect(command: list[str]) -> None:
    done = _schemac(*command, "--dialect", "oracle")
    assert done.returncode == 2  # as compile: a usage error that lists the dialects
    assert "unknown dialect 'oracle'; schemac knows: postgres" in done.stderr
    assert "Traceback" not in done.stderr
    done = _schemac(*[a.replace("postgresql:", "mysql:") for a in command], "--dialect", "postgres")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "error: --dialect postgres does not read mysql:// URLs (those are URLs of no dialect"
        " schemac knows); it reads postgresql://, postgres://\n"
    )
    assert "S3cretPw" not in done.stderr


# ---------------------------------------------------------------------------- the driver


def test_sqlstates_become_driver_neutral_errors() -> None:
    lock = server_error(psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"))
    assert isinstance(lock, neutral.LockNotAvailable)
    assert str(lock) == "canceling statement due to lock timeout"
    gone = server_error(psycopg.errors.UndefinedObject('index "i" does not exist'))
    assert isinstance(gone, neutral.UndefinedObject)
    other = server_error(psycopg.OperationalError("the connection is lost\n  somehow"))
    assert type(other) is neutral.ServerError
    assert other.lines == ("the connection is lost somehow",)
    masked = server_error(psycopg.OperationalError("postgresql://u:S3cretPw@h/db is gone"))
    assert "S3cretPw" not in str(masked)
    assert "S3cretPw" not in " ".join(masked.lines)


def test_the_apply_lock_keeps_its_key() -> None:
    """The key docs/cli.md gives: the first 8 bytes of SHA-256 of `schemac apply`."""
    digest = hashlib.sha256(b"schemac apply").digest()[:8]
    assert advisory_key("schemac apply") == int.from_bytes(digest, "big", signed=True)
