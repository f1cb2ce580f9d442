"""PostgreSQL's driver: psycopg sessions, and the states read, built or loaded on a server.

Each call raises the driver-neutral errors of dialects/driver.py (errors.py turns
psycopg's into them), with every password masked. File states are built on a dev
server: `--dev-url`, else the server of the other state, else an embedded PostgreSQL
(the `pgserver` wheel) started for the command (devdb.py sweeps what dead runs left).
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, LiteralString, TextIO

import psycopg
from psycopg import sql

from schemac.dialects.driver import ConnectError, DriverError, NoSuchSchema, PlanRun
from schemac.dialects.postgres import connect as pg
from schemac.dialects.postgres.errors import one_line, translated
from schemac.dialects.postgres.inspect.reader import inspect as read_database
from schemac.ir.model import Database
from schemac.plan import Plan

if TYPE_CHECKING:
    from schemac.dialects.postgres.normalizer.run import Normalizer

__all__ = ["PostgresDevServer", "PostgresDriver", "PostgresSession", "advisory_key", "set_timeout"]

# What the embedded server (the pgserver wheel) ships: no contrib extensions.
_EMBEDDED_HINT = (
    "the embedded PostgreSQL (the pgserver wheel) has no contrib extensions: give --dev-url"
    " of a PostgreSQL server that has them"
)

# The user schemas, as the inspector selects them (see queries/schemas.sql).
_SCHEMAS_QUERY = """
SELECT n.nspname FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1
"""


def set_timeout(
    conn: psycopg.Connection[Any], setting: LiteralString, ms: int, *, local: bool = False
) -> None:
    """``SET [LOCAL] lock_timeout`` (or another timeout) to ``ms`` milliseconds (0: none)."""
    scope = "SET LOCAL " if local else "SET "
    conn.execute(sql.SQL(scope + setting + " = {}").format(sql.Literal(f"{ms}ms")))


def advisory_key(name: str) -> int:
    """The key of the advisory lock called ``name``: the first 8 bytes of its SHA-256."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def _released(conn: psycopg.Connection[Any], key: int) -> Iterator[None]:
    try:
        yield
    finally:
        with suppress(psycopg.Error):  # gone with the session if it cannot be released
            conn.execute("SELECT pg_advisory_unlock(%s)", [key])


class PostgresSession:
    """One psycopg connection (autocommit), as the driver protocol's `Session`."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def __enter__(self) -> PostgresSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def bound_lock_waits(self, ms: int, *, local: bool = False) -> None:
        with translated():
            set_timeout(self.conn, "lock_timeout", ms, local=local)

    def bound_statement_time(self, ms: int, *, local: bool = False) -> None:
        with translated():
            set_timeout(self.conn, "statement_timeout", ms, local=local)

    def advisory_lock(
        self, name: str, waiting: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        key = advisory_key(name)
        with translated():
            row = self.conn.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()
            if not (row and row[0]):
                if waiting is not None:
                    waiting()
                # The session's lock_timeout bounds this wait as any other.
                self.conn.execute("SELECT pg_advisory_lock(%s)", [key])
        return _released(self.conn, key)

    def inspect(self, schemas: Sequence[str] | None = None) -> Database:
        with translated():
            return read_database(self.conn, schemas).database

    def run_plan(
        self, plan: Plan, *, lock_ms: int, budget: int, out: TextIO, err: TextIO
    ) -> PlanRun:
        from schemac.dialects.postgres.runner import Run  # noqa: PLC0415

        run = Run(self.conn, plan, lock_ms, out, err, budget=budget)
        with translated():
            applied, transactions = run.run()
        return PlanRun(applied=applied, transactions=transactions)


def _connect(url: str, prefix: str = "") -> psycopg.Connection[Any]:
    try:
        return pg.connect(url)
    except ConnectError as error:
        raise ConnectError(f"{prefix}{error}") from None


def _new_normalizer(conn: psycopg.Connection[Any], url: str) -> Normalizer:
    from schemac.dialects.postgres.normalizer.run import Normalizer  # noqa: PLC0415

    try:
        return Normalizer(conn)
    except psycopg.Error as error:
        raise DriverError(f"cannot use {pg.mask_url(url)}: {one_line(error)}") from None


def _normalize(
    normalizer: Normalizer, database: Database, schema: str, label: str, where: str
) -> Database:
    from schemac.dialects.postgres.normalizer.scratch import ScratchError  # noqa: PLC0415

    try:
        return normalizer.normalize(database, schema)
    except ScratchError as error:
        raise DriverError(f"{label} does not build on the server: {error}") from None
    except psycopg.Error as error:
        raise DriverError(
            f"cannot build {label} on {pg.mask_url(where)}: {one_line(error)}"
        ) from None


@dataclass
class PostgresDevServer:
    """A server for throwaway databases; one normalizer for the command, reused."""

    url: str
    embedded: Any = None
    _normalizer: Normalizer | None = field(default=None, repr=False)
    _conn: psycopg.Connection[Any] | None = field(default=None, repr=False)

    def database_url(self, name: str) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: PLC0415

        params = conninfo_to_dict(self.url)
        params["dbname"] = name
        return make_conninfo("", **params)

    def _normalizer_here(self) -> Normalizer:
        """The second state normalized reuses what the first built."""
        if self._normalizer is None:
            self._conn = _connect(self.url, "dev database: ")
            self._normalizer = _new_normalizer(self._conn, self.url)
        return self._normalizer

    def normalize(self, database: Database, schema: str, *, label: str) -> Database:
        try:
            return _normalize(self._normalizer_here(), database, schema, label, self.url)
        except DriverError as error:
            if self.embedded and "is not available" in str(error):
                raise DriverError(f"{error} ({_EMBEDDED_HINT})") from None
            raise

    def load(self, sql: str, *, label: str) -> Database:
        """A `.sql` state: loaded into a throwaway database of the server, then inspected."""
        try:
            return self._load(sql, label)
        except psycopg.Error as error:  # reading the dev database back
            raise DriverError(f"cannot read the dev database: {one_line(error)}") from None

    def _load(self, text: str, label: str) -> Database:
        from schemac.dialects.postgres.devdb import (  # noqa: PLC0415
            create_dev_database,
            dev_database_name,
            drop_dev_database,
        )
        from schemac.dialects.postgres.load import LoadError, load  # noqa: PLC0415

        name = dev_database_name()
        admin = _connect(self.url, "dev database: ")
        with admin:
            try:
                create_dev_database(admin, name)
            except psycopg.Error as error:
                first = " ".join(str(error).split())
                raise DriverError(
                    f"cannot make a dev database on {pg.mask_url(self.url)}: {first}"
                    " (give --dev-url)"
                ) from None
            try:
                with _connect(self.database_url(name), "dev database: ") as conn:
                    try:
                        load(conn, text)
                    except LoadError as error:
                        hint = f" ({_EMBEDDED_HINT})" if self.embedded and error.extension else ""
                        raise DriverError(f"{label}:{error}{hint}") from None
                    return read_database(conn).database
            finally:
                drop_dev_database(admin, name)

    def close(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
            self._conn = None
            self._normalizer = None


class PostgresDriver:
    """PostgreSQL through psycopg (libpq): the driver protocol of dialects/driver.py."""

    def mask_url(self, text: str) -> str:
        return pg.mask_url(text)

    def url_secrets(self, url: str) -> frozenset[str]:
        return pg.url_secrets(url)

    def url_shown(self, url: str) -> frozenset[str]:
        return pg.url_shown(url)

    def bounded_waits(self, lock_ms: int) -> AbstractContextManager[None]:
        return pg.bounded_waits(lock_ms)

    def connect(self, url: str) -> PostgresSession:
        return PostgresSession(pg.connect(url, autocommit=True))

    def inspect(self, url: str, schemas: Sequence[str] | None = None) -> Database:
        conn = pg.connect(url)
        second = pg.connect_second(url)
        with translated(), conn, second or nullcontext():
            if schemas:
                known = [r[0] for r in conn.execute(_SCHEMAS_QUERY).fetchall()]
                missing = [s for s in schemas if s not in known]
                if missing:
                    raise NoSuchSchema(missing, known)
            wanted = list(dict.fromkeys(schemas or ())) or None
            return read_database(conn, wanted, second).database

    def normalize(self, url: str, database: Database, schema: str, *, label: str) -> Database:
        """Only the SQL text is built, in subtransactions rolled back at once.

        Nothing is left on the server, and few locks are held (normalizer/run.py).
        """
        with _connect(url) as conn:
            return _normalize(_new_normalizer(conn, url), database, schema, label, url)

    @contextmanager
    def dev_server(self, dev_url: str | None, fallback: str | None) -> Iterator[PostgresDevServer]:
        if dev_url or fallback:
            server = PostgresDevServer(url=dev_url or fallback or "")
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
            raise DriverError(
                "a .sql or .schema state needs a dev database: give --dev-url, or install the"
                " pgserver wheel for an embedded one (pip install pgserver)"
            ) from None
        from schemac.dialects.postgres.devdb import embedded_server  # noqa: PLC0415

        with embedded_server(pgserver) as embedded:
            server = PostgresDevServer(url=embedded.get_uri(), embedded=embedded)
            try:
                yield server
            finally:
                server.close()
