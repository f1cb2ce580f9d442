"""STATE arguments (`--from`, `--to`), read into the model in PostgreSQL's canonical form.

A state is a database URL, a `.sql` file or `.schema` files.

A database is inspected. SQL and `.schema` files (compiled first) are loaded into a dev
database and inspected there, so that every expression comes back exactly as
PostgreSQL prints it and a plan converges: a throwaway database made on the server of
`--dev-url`, or else on the server of the other state when that is a database URL, or
else on an embedded PostgreSQL (the `pgserver` wheel) started for the command. The
renames `.schema` files declare are carried onto what the dev database gives back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemac.diagnostics import Diagnostic
from schemac.ir.model import Database

__all__ = ["State", "StateError", "dev_server", "is_url", "read_files_on", "read_state"]

_URL = re.compile(r"^(postgres|postgresql)://", re.IGNORECASE)


class StateError(Exception):
    """A state that cannot be read; the message is for people (passwords masked)."""


def is_url(text: str) -> bool:
    return bool(_URL.match(text)) or "dbname=" in text


@dataclass
class State:
    text: str  # as given
    url: str | None  # the database, for URL states
    database: Database


@dataclass
class DevServer:
    """Where SQL states are loaded: a server on which throwaway databases may be made."""

    url: str
    embedded: Any = None

    def database_url(self, name: str) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: PLC0415

        params = conninfo_to_dict(self.url)
        params["dbname"] = name
        return make_conninfo("", **params)


@contextmanager
def dev_server(dev_url: str | None, fallback: str | None) -> Iterator[DevServer]:
    """The dev server: ``dev_url``, else the server of ``fallback``, else an embedded one."""
    if dev_url or fallback:
        yield DevServer(url=dev_url or fallback or "")
        return
    try:
        import pgserver  # noqa: PLC0415
    except ImportError:
        raise StateError(
            "a .sql or .schema state needs a dev database: give --dev-url, or install the"
            " pgserver wheel for an embedded one (pip install pgserver)"
        ) from None
    from schemac.dialects.postgres.devdb import embedded_server  # noqa: PLC0415

    with embedded_server(pgserver) as server:
        yield DevServer(url=server.get_uri(), embedded=server)


def _inspect_url(url: str) -> Database:
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import (  # noqa: PLC0415
        ConnectError,
        connect,
        connect_second,
        mask_url,
    )
    from schemac.dialects.postgres.inspect import inspect  # noqa: PLC0415

    try:
        conn = connect(url)
    except ConnectError as error:
        raise StateError(str(error)) from None
    second = connect_second(url)
    with conn, second or nullcontext():
        try:
            return inspect(conn, None, second).database
        except psycopg.Error as error:
            first = " ".join(str(error).split()) or type(error).__name__
            raise StateError(f"cannot read {mask_url(url)}: {mask_url(first)}") from None


def _with_diagnostics(message: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The message, then the errors as `schemac check` shows them (the state is not read)."""
    from schemac.commands.output import report  # noqa: PLC0415
    from schemac.diagnostics.render import Style  # noqa: PLC0415

    buffer = io.StringIO()
    count = report(diagnostics, buffer, Style(color=False), warnings=False)
    noun = "error" if count == 1 else "errors"
    return f"{message} ({count} {noun}):\n{buffer.getvalue().rstrip()}"


def _sql_of(path: Path, schema: str | None) -> tuple[str, Database | None]:
    """The SQL that makes a file state, and the declared model of a `.schema` one."""
    if path.suffix == ".sql":
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as error:
            raise StateError(f"cannot read {path}: {error}") from None
    from schemac.check import check_sources  # noqa: PLC0415
    from schemac.dialects import get_dialect  # noqa: PLC0415
    from schemac.inputs import InputError, read_file, schema_files  # noqa: PLC0415

    try:
        sources = [read_file(p) for p in schema_files(path)]
    except InputError as error:
        raise StateError(str(error)) from None
    checked = check_sources(sources)
    if checked.database is None or checked.errors:
        raise StateError(_with_diagnostics(f"{path} has errors", checked.diagnostics))
    result = get_dialect("postgres").compile(checked.database, schema)
    if result.sql is None:
        raise StateError(_with_diagnostics(f"{path} does not compile", result.diagnostics))
    return result.sql, result.database


def _load_and_inspect(sql: str, dev: DevServer, label: str) -> Database:
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import ConnectError, connect, mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.devdb import (  # noqa: PLC0415
        create_dev_database,
        dev_database_name,
        drop_dev_database,
    )
    from schemac.dialects.postgres.inspect import inspect  # noqa: PLC0415

    name = dev_database_name()
    try:
        admin = connect(dev.url)
    except ConnectError as error:
        raise StateError(f"dev database: {error}") from None
    with admin:
        try:
            create_dev_database(admin, name)
        except psycopg.Error as error:
            first = " ".join(str(error).split())
            raise StateError(
                f"cannot make a dev database on {mask_url(dev.url)}: {first} (give --dev-url)"
            ) from None
        try:
            with connect(dev.database_url(name)) as conn:
                try:
                    conn.execute("SET client_min_messages = warning")
                    conn.execute(sql.encode())
                except psycopg.Error as error:
                    message = " ".join(str(error).split())
                    raise StateError(f"{label} does not load: {message}") from None
                return inspect(conn).database
        finally:
            drop_dev_database(admin, name)


def read_files_on(url: str, text: str, schema: str | None) -> State:
    """`.schema` files in canonical form, built and read back on the live server of ``url``.

    They are built in a transaction that is rolled back (dialects/postgres/scratch.py).
    """
    import psycopg  # noqa: PLC0415

    from schemac.dialects import get_dialect  # noqa: PLC0415
    from schemac.dialects.postgres.connect import ConnectError, connect, mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.inspect import inspect  # noqa: PLC0415
    from schemac.dialects.postgres.scratch import ScratchError, normalize_on_server  # noqa: PLC0415
    from schemac.diff.renames import carry_renames  # noqa: PLC0415

    path = Path(text)
    if not path.exists():
        raise StateError(f"{text}: no such file or directory, and not a postgresql:// URL")
    _, declared = _sql_of(path, schema)
    if declared is None:  # pragma: no cover - the caller sends .schema files only
        raise StateError(f"{text} is not a .schema state")

    def compile_sql(database: Database) -> str:
        result = get_dialect("postgres").compile(database)
        if result.sql is None:  # it compiled before its schemas were renamed
            raise StateError(f"{text} does not compile under scratch schema names")
        return result.sql

    def read(conn: Any, schemas: list[str]) -> Database:
        return inspect(conn, schemas, in_transaction=True).database

    try:
        conn = connect(url)
    except ConnectError as error:
        raise StateError(str(error)) from None
    with conn:
        try:
            database = normalize_on_server(conn, declared, compile_sql, read)
        except ScratchError as error:
            raise StateError(f"{text} does not build on the server: {error}") from None
        except psycopg.Error as error:
            first = " ".join(str(error).split()) or type(error).__name__
            raise StateError(f"cannot build {text} on {mask_url(url)}: {first}") from None
    return State(text=text, url=None, database=carry_renames(database, declared))


def read_state(text: str, dev: DevServer | None, schema: str | None = None) -> State:
    """The state ``text`` names, in canonical form."""
    if is_url(text):
        return State(text=text, url=text, database=_inspect_url(text))
    path = Path(text)
    if not path.exists():
        raise StateError(f"{text}: no such file or directory, and not a postgresql:// URL")
    sql, declared = _sql_of(path, schema)
    if dev is None:  # pragma: no cover - the caller always has one for files
        raise StateError("a file state needs a dev database")
    database = _load_and_inspect(sql, dev, text)
    if declared is not None:  # the catalogs do not know what was renamed
        from schemac.diff.renames import carry_renames  # noqa: PLC0415

        database = carry_renames(database, declared)
    return State(text=text, url=None, database=database)
