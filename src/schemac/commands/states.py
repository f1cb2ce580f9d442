"""STATE arguments (`--from`, `--to`), read into the model in the dialect's canonical form.

A state is a database URL, a `.sql` file or `.schema` files.

A database is inspected. `.schema` files are checked and compiled, then brought to the
server's canonical form on a server (the dialect's driver builds only their SQL text,
leaving nothing): the server of `--dev-url`, or else the server of the other state
when that is a database URL, or else one the driver starts for the command. The
renames `.schema` files declare are carried onto the result. A `.sql` file is loaded
into a throwaway database on that server, and inspected there.

Each state is read by the dialect of the command: the one of its dev server, or, for a
database read alone, the one its URL is for.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from schemac.diagnostics import Diagnostic
from schemac.dialects import DEFAULT_DIALECT, Dialect, dialect_for_url, get_dialect
from schemac.dialects.driver import ConnectError, DriverError
from schemac.dialects.driver import DevServer as DriverDevServer
from schemac.ir.model import Database
from schemac.records import record

__all__ = [
    "DevServer",
    "State",
    "StateError",
    "check_paths",
    "dev_server",
    "is_url",
    "read_files_on",
    "read_state",
]


class StateError(Exception):
    """A state that cannot be read; the message is for people (passwords masked)."""


def is_url(text: str, dialect: Dialect | None = None) -> bool:
    """Whether ``text`` names a database (of ``dialect``; else of the one its scheme names)."""
    return (dialect or dialect_for_url(text)).is_url(text)


@dataclass
class State:
    text: str  # as given
    url: str | None  # the database, for URL states
    database: Database
    # The schemas of the database that were read (None: all); checks made under a
    # lock read the same ones again.
    schemas: tuple[str, ...] | None = None


@record
class DevServer:
    """Where file states are built: the driver's dev server, for one dialect."""

    dialect: Dialect
    server: DriverDevServer


def check_paths(*texts: str, dialect: Dialect | None = None) -> None:
    """Every file state exists: said before any server is started for it."""
    chosen = dialect or get_dialect(DEFAULT_DIALECT)
    for text in texts:
        if not chosen.is_url(text) and not Path(text).exists():
            raise StateError(
                f"{chosen.driver().mask_url(text)}: no such file or directory, and not a"
                f" {chosen.url_form} URL"
            )


@contextmanager
def dev_server(
    dev_url: str | None, fallback: str | None, dialect: Dialect | None = None
) -> Iterator[DevServer]:
    """The dev server: ``dev_url``, else the server of ``fallback``, else one started for it."""
    chosen = dialect or get_dialect(DEFAULT_DIALECT)
    with ExitStack() as stack:
        try:
            server = stack.enter_context(chosen.driver().dev_server(dev_url, fallback))
        except DriverError as error:
            raise StateError(str(error)) from None
        yield DevServer(dialect=chosen, server=server)


def _inspect_url(url: str, dialect: Dialect) -> Database:
    driver = dialect.driver()
    try:
        return driver.inspect(url)
    except ConnectError as error:
        raise StateError(str(error)) from None
    except DriverError as error:
        raise StateError(f"cannot read {driver.mask_url(url)}: {error}") from None


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


def _declared(path: Path, schema: str | None, dialect: Dialect) -> _Declared:
    """The checked, bound model of `.schema` files (StateError with their diagnostics)."""
    from schemac.check import Options, check_sources  # noqa: PLC0415
    from schemac.inputs import InputError, read_file, schema_files  # noqa: PLC0415

    try:
        sources = [read_file(p) for p in schema_files(path)]
    except InputError as error:
        raise StateError(str(error)) from None
    checked = check_sources(sources, Options(target=dialect.tables))
    if checked.database is None or checked.errors:
        raise StateError(_with_diagnostics(f"{path} has errors", checked.diagnostics))
    result = dialect.bind(checked.database, schema)  # no DDL needed
    if result.sql is None or result.database is None:
        raise StateError(_with_diagnostics(f"{path} does not compile", result.diagnostics))
    # Renames are declared in words no other attribute has: without them, nothing to carry.
    renames = any("renamed_" in source.text for source in sources)
    return _Declared(result.database, renames)


def _built(text: str, build: Callable[[], Database], files: _Declared | None = None) -> State:
    """The state ``text``, as ``build`` reads it back from a server."""
    try:
        database = build()
    except DriverError as error:
        raise StateError(str(error)) from None
    if files is not None and files.renames:
        from schemac.diff.renames import carry_renames  # noqa: PLC0415

        # The catalogs know nothing of renames: taken from the files.
        database = carry_renames(database, files.database)
    return State(text=text, url=None, database=database)


def read_files_on(url: str, text: str, schema: str | None, dialect: Dialect | None = None) -> State:
    """`.schema` files in canonical form, built on the live server of ``url``.

    Only their SQL text is built (the driver's `normalize`): nothing is left, and few
    locks are held.
    """
    chosen = dialect or dialect_for_url(url)
    check_paths(text, dialect=chosen)
    declared = _declared(Path(text), schema, chosen)  # the files' errors before any connection
    where = schema or chosen.default_schema
    driver = chosen.driver()
    return _built(
        text, lambda: driver.normalize(url, declared.database, where, label=text), declared
    )


def _sql_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StateError(f"cannot read {path}: {error}") from None


def read_state(text: str, dev: DevServer | None, schema: str | None = None) -> State:
    """The state ``text`` names, in canonical form."""
    dialect = dev.dialect if dev is not None else dialect_for_url(text)
    if dialect.is_url(text):
        return State(text=text, url=text, database=_inspect_url(text, dialect))
    check_paths(text, dialect=dialect)
    path = Path(text)
    if dev is None:  # pragma: no cover - the caller always has one for files
        raise StateError("a file state needs a dev database")
    server = dev.server
    if path.suffix == ".sql":
        sql = _sql_text(path)
        return _built(text, lambda: server.load(sql, label=text))
    declared = _declared(path, schema, dialect)
    where = schema or dialect.default_schema
    return _built(text, lambda: server.normalize(declared.database, where, label=text), declared)
