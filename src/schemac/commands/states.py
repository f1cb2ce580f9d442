"""STATE arguments (`--from`, `--to`), read into the model in PostgreSQL's canonical form.

A state is a database URL, a `.sql` file or `.schema` files.

A database is inspected. `.schema` files are checked and compiled, then brought to
PostgreSQL's canonical form on a server (dialects/postgres/normalizer/run.py: only their
SQL text is built, in subtransactions that are rolled back, with a bounded number of
locks): the server of `--dev-url`, or else the server of the other state when that is
a database URL, or else an embedded PostgreSQL (the `pgserver` wheel) started for the
command. The renames `.schema` files declare are carried onto the result. A `.sql`
file is loaded into a throwaway database on that server, a batch of statements per
transaction, and inspected there.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemac.diagnostics import Diagnostic
from schemac.ir.model import Database

__all__ = [
    "State",
    "StateError",
    "check_paths",
    "dev_server",
    "is_url",
    "read_files_on",
    "read_state",
]

_URL = re.compile(r"^(postgres|postgresql)://", re.IGNORECASE)
# What the embedded server (the pgserver wheel) ships: no contrib extensions.
_EMBEDDED_HINT = (
    "the embedded PostgreSQL (the pgserver wheel) has no contrib extensions: give --dev-url"
    " of a PostgreSQL server that has them"
)


class StateError(Exception):
    """A state that cannot be read; the message is for people (passwords masked)."""


def is_url(text: str) -> bool:
    return bool(_URL.match(text)) or "dbname=" in text


@dataclass
class State:
    text: str  # as given
    url: str | None  # the database, for URL states
    database: Database
    # The schemas of the database that were read (None: all); checks made under a
    # lock read the same ones again.
    schemas: tuple[str, ...] | None = None


@dataclass
class DevServer:
    """Where file states are built: a server on which throwaway databases may be made."""

    url: str
    embedded: Any = None
    _normalizer: Any = field(default=None, repr=False)
    _conn: Any = field(default=None, repr=False)

    def database_url(self, name: str) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: PLC0415

        params = conninfo_to_dict(self.url)
        params["dbname"] = name
        return make_conninfo("", **params)

    def normalizer(self) -> Any:
        """One normalizer for the command: the second state reuses what the first built."""
        if self._normalizer is None:
            self._conn = _connect(self.url, "dev database: ")
            self._normalizer = _new_normalizer(self._conn, self.url)
        return self._normalizer

    def close(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
            self._conn = None
            self._normalizer = None


def check_paths(*texts: str) -> None:
    """Every file state exists: said before any server is started for it."""
    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415

    for text in texts:
        if not is_url(text) and not Path(text).exists():
            raise StateError(
                f"{mask_url(text)}: no such file or directory, and not a postgresql:// URL"
            )


@contextmanager
def dev_server(dev_url: str | None, fallback: str | None) -> Iterator[DevServer]:
    """The dev server: ``dev_url``, else the server of ``fallback``, else an embedded one."""
    if dev_url or fallback:
        server = DevServer(url=dev_url or fallback or "")
        try:
            yield server
        finally:
            server.close()
        return
    try:
        with warnings.catch_warnings():  # platformdirs warns of an unset XDG_RUNTIME_DIR
            warnings.simplefilter("ignore")
            import pgserver  # noqa: PLC0415
    except ImportError:
        raise StateError(
            "a .sql or .schema state needs a dev database: give --dev-url, or install the"
            " pgserver wheel for an embedded one (pip install pgserver)"
        ) from None
    from schemac.dialects.postgres.devdb import embedded_server  # noqa: PLC0415

    with embedded_server(pgserver) as embedded:
        server = DevServer(url=embedded.get_uri(), embedded=embedded)
        try:
            yield server
        finally:
            server.close()


def _connect(url: str, prefix: str = "") -> Any:
    from schemac.dialects.postgres.connect import ConnectError, connect  # noqa: PLC0415

    try:
        return connect(url)
    except ConnectError as error:
        raise StateError(f"{prefix}{error}") from None


def _new_normalizer(conn: Any, url: str) -> Any:
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.normalizer.run import Normalizer  # noqa: PLC0415

    try:
        return Normalizer(conn)
    except psycopg.Error as error:
        first = " ".join(str(error).split()) or type(error).__name__
        raise StateError(f"cannot use {mask_url(url)}: {mask_url(first)}") from None


def _inspect_url(url: str, schemas: Sequence[str] | None = None) -> Database:
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import connect_second, mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.inspect.reader import inspect  # noqa: PLC0415

    conn = _connect(url)
    second = connect_second(url)
    with conn, second or nullcontext():
        try:
            return inspect(conn, schemas, second).database
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


@dataclass
class _Declared:
    database: Database
    renames: bool  # whether the files declare any rename (renamed_from, renamed_values)


def _declared(path: Path, schema: str | None) -> _Declared:
    """The checked, bound model of `.schema` files (StateError with their diagnostics)."""
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
    result = get_dialect("postgres").bind(checked.database, schema)  # no DDL needed
    if result.sql is None or result.database is None:
        raise StateError(_with_diagnostics(f"{path} does not compile", result.diagnostics))
    # Renames are declared in words no other attribute has: without them, nothing to carry.
    renames = any("renamed_" in source.text for source in sources)
    return _Declared(result.database, renames)


def _normalize(
    normalizer: Any, files: _Declared, text: str, schema: str | None, where: str
) -> State:
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.normalizer.scratch import ScratchError  # noqa: PLC0415
    from schemac.diff.renames import carry_renames  # noqa: PLC0415

    declared = files.database
    try:
        database = normalizer.normalize(declared, schema or "public")
    except ScratchError as error:
        raise StateError(f"{text} does not build on the server: {error}") from None
    except psycopg.Error as error:
        first = " ".join(str(error).split()) or type(error).__name__
        raise StateError(f"cannot build {text} on {mask_url(where)}: {mask_url(first)}") from None
    if files.renames:  # the catalogs know nothing of renames: taken from the files
        database = carry_renames(database, declared)
    return State(text=text, url=None, database=database)


def read_files_on(url: str, text: str, schema: str | None) -> State:
    """`.schema` files in canonical form, built on the live server of ``url``.

    Only their SQL text is built, in subtransactions rolled back at once
    (dialects/postgres/normalizer/run.py): nothing is left, and few locks are held.
    """
    check_paths(text)
    declared = _declared(Path(text), schema)  # the files' errors before any connection
    with _connect(url) as conn:
        normalizer = _new_normalizer(conn, url)
        return _normalize(normalizer, declared, text, schema, url)


def _sql_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StateError(f"cannot read {path}: {error}") from None


def _load_and_inspect(sql: str, dev: DevServer, label: str) -> Database:
    """A `.sql` state: loaded into a throwaway database of the dev server, then inspected."""
    import psycopg  # noqa: PLC0415

    from schemac.dialects.postgres.connect import mask_url  # noqa: PLC0415
    from schemac.dialects.postgres.devdb import (  # noqa: PLC0415
        create_dev_database,
        dev_database_name,
        drop_dev_database,
    )
    from schemac.dialects.postgres.inspect.reader import inspect  # noqa: PLC0415
    from schemac.dialects.postgres.load import LoadError, load  # noqa: PLC0415

    name = dev_database_name()
    admin = _connect(dev.url, "dev database: ")
    with admin:
        try:
            create_dev_database(admin, name)
        except psycopg.Error as error:
            first = " ".join(str(error).split())
            raise StateError(
                f"cannot make a dev database on {mask_url(dev.url)}: {first} (give --dev-url)"
            ) from None
        try:
            with _connect(dev.database_url(name), "dev database: ") as conn:
                try:
                    load(conn, sql)
                except LoadError as error:
                    hint = f" ({_EMBEDDED_HINT})" if dev.embedded and error.extension else ""
                    raise StateError(f"{label}:{error}{hint}") from None
                return inspect(conn).database
        finally:
            drop_dev_database(admin, name)


def read_state(text: str, dev: DevServer | None, schema: str | None = None) -> State:
    """The state ``text`` names, in canonical form."""
    if is_url(text):
        return State(text=text, url=text, database=_inspect_url(text))
    check_paths(text)
    path = Path(text)
    if dev is None:  # pragma: no cover - the caller always has one for files
        raise StateError("a file state needs a dev database")
    if path.suffix == ".sql":
        return State(text=text, url=None, database=_load_and_inspect(_sql_text(path), dev, text))
    declared = _declared(path, schema)
    try:
        return _normalize(dev.normalizer(), declared, text, schema, dev.url)
    except StateError as error:
        if dev.embedded and "is not available" in str(error):
            raise StateError(f"{error} ({_EMBEDDED_HINT})") from None
        raise
