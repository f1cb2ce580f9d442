"""The tests' PostgreSQL: the server SCHEMAC_TEST_DATABASE_URL names (by default the local
one), or an embedded server from the pgserver wheel when none is reachable (or when the
variable says `embedded`).

One session-wide `PgServer` makes throwaway databases, loads SQL into them with psql
(`-v ON_ERROR_STOP=1`, as users do), and creates the roles grants and policies name.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ENV = "SCHEMAC_TEST_DATABASE_URL"
# What pg_dump prints that is not the schema: comments, settings, psql's \restrict key.
_NOISE = re.compile(r"^(--.*|SET .*|SELECT pg_catalog\.set_config.*|\\(un)?restrict .*|)$")
DEFAULT_URL = "postgresql://127.0.0.1:5432/postgres"


# A database emptied of all a test made, back as CREATE DATABASE made it (pg_dump cannot
# tell the difference)...
_EMPTY = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT evtname FROM pg_event_trigger LOOP
    EXECUTE format('DROP EVENT TRIGGER %I', r.evtname);
  END LOOP;
  FOR r IN SELECT pubname FROM pg_publication LOOP
    EXECUTE format('DROP PUBLICATION %I', r.pubname);
  END LOOP;
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT srvname FROM pg_foreign_server LOOP
    EXECUTE format('DROP SERVER %I CASCADE', r.srvname);
  END LOOP;
  FOR r IN SELECT fdwname FROM pg_foreign_data_wrapper LOOP
    EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', r.fdwname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
END $$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
COMMENT ON SCHEMA public IS 'standard public schema';
GRANT USAGE ON SCHEMA public TO PUBLIC;
"""
# Emptying takes a lock per object, all in one transaction: a database of more objects
# than this is dropped instead (DROP DATABASE locks none of them), so that emptying a
# 12,000-table database never fills the server's lock table under another test.
_MOST_OBJECTS = 500
_OBJECTS = """
SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema')
     + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema')
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema')
"""
# ... unless it holds what that does not remove: then it is dropped instead.
_LEFT = """
SELECT (SELECT count(*) FROM pg_default_acl)
     + (SELECT count(*) FROM pg_largeobject_metadata)
     + (SELECT count(*) FROM pg_cast WHERE oid >= 16384)
     + (SELECT count(*) FROM pg_transform)
     + (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = current_database())
     + (SELECT count(*) FROM pg_shdescription c JOIN pg_database d ON d.oid = c.objoid
        WHERE d.datname = current_database())
     + (SELECT count(*) FROM pg_namespace WHERE nspname = 'public'
        AND nspowner <> 'pg_database_owner'::regrole)
     + (SELECT count(*) FROM pg_database WHERE datname = current_database()
        AND datacl IS NOT NULL)
"""


class LoadError(AssertionError):
    """psql stopped on an error; the message holds what it printed."""


class PgServer:
    def __init__(self, url: str, psql: str, embedded: Any = None) -> None:
        self.url = url
        self.psql = psql
        self.embedded = embedded
        self._names = (f"schemac_test_{os.getpid()}_{n}" for n in itertools.count(1))
        self._roles: list[str] = []
        self._spare: list[str] = []  # emptied databases, for create_database
        self._lock = threading.Lock()
        with self.connect() as conn:
            self.version = conn.info.server_version
            rows = conn.execute("SELECT name FROM pg_available_extensions").fetchall()
            self.extensions = frozenset(r[0] for r in rows)

    def url_for(self, dbname: str) -> str:
        params = conninfo_to_dict(self.url)
        params["dbname"] = dbname
        return make_conninfo("", **params)

    def connect(self, dbname: str | None = None) -> psycopg.Connection[Any]:
        url = self.url_for(dbname) if dbname else self.url
        return psycopg.connect(url, autocommit=True, connect_timeout=10)

    def create_database(self) -> str:
        """An empty database, as CREATE DATABASE makes it: one given back before, emptied
        (dropping a database costs PostgreSQL 15 a checkpoint), or a new one."""
        with self._lock:
            if self._spare:
                return self._spare.pop()
        name = next(self._names)
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(name)
                )
            )
        return name

    def drop_database(self, name: str) -> None:
        """Done with ``name``: emptied and kept for the next test, or dropped when emptying
        it would leave something a new database lacks."""
        if name.startswith("schemac_test_") and self._empty(name):
            with self._lock:
                self._spare.append(name)
            return
        self._drop(name)

    def _drop(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def _empty(self, name: str) -> bool:
        """Whether ``name`` could be brought back to what CREATE DATABASE makes."""
        try:
            with self.connect() as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                )
            with self.connect(name) as conn:  # a new session: DROP EXTENSION needs one
                row = conn.execute(_OBJECTS).fetchone()
                if row is None or row[0] > _MOST_OBJECTS:
                    return False
                conn.execute("SET client_min_messages = warning")
                conn.execute(_EMPTY.encode())
                row = conn.execute(_LEFT).fetchone()
        except psycopg.Error:
            return False
        return row is not None and row[0] == 0

    def load(self, dbname: str, text: str) -> None:
        """Run SQL through psql as a user would; LoadError with psql's output on failure."""
        with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as f:
            f.write(text)
        try:
            done = subprocess.run(
                [
                    self.psql,
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    self.url_for(dbname),
                    "-f",
                    f.name,
                ],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"},
            )
        finally:
            os.unlink(f.name)
        if done.returncode != 0:
            raise LoadError(done.stderr or done.stdout)

    def schema_lines(self, dbname: str, schema: str | None = None) -> list[str]:
        """The lines of `dump` that are the schema: no comments, settings or blank lines."""
        return [line for line in self.dump(dbname, schema).splitlines() if not _NOISE.match(line)]

    def dump(self, dbname: str, schema: str | None = None) -> str:
        """`pg_dump --schema-only --no-owner` of a database (the pg_dump beside psql).

        With ``schema``, of that schema alone (pg_dump locks every table it dumps).
        """
        pg_dump = str(Path(self.psql).with_name("pg_dump"))
        only = ["--schema", schema] if schema is not None else []
        done = subprocess.run(
            [pg_dump, "--schema-only", "--no-owner", *only, "-d", self.url_for(dbname)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise LoadError(done.stderr)
        return done.stdout

    def ensure_roles(self, names: Iterable[str]) -> None:
        """Create the roles that do not exist yet; they are dropped when the session ends."""
        with self.connect() as conn:
            existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles").fetchall()}
            for name in sorted(set(names) - existing):
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
                self._roles.append(name)

    def close(self) -> None:
        for name in self._spare:
            with suppress(psycopg.Error):
                self._drop(name)
        with suppress(psycopg.Error), self.connect() as conn:
            for name in self._roles:
                with suppress(psycopg.Error):
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        if self.embedded is not None:
            with suppress(Exception):
                self.embedded.cleanup()


def _reachable(url: str) -> str | None:
    """None when a connection works, else why not."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def _embedded() -> PgServer:
    import pgserver

    root = Path(tempfile.mkdtemp(prefix="schemac-pg-"))
    server = pgserver.get_server(root, cleanup_mode="delete")
    psql = Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql"
    return PgServer(server.get_uri(), str(psql), embedded=server)


def start_server() -> PgServer:
    explicit = os.environ.get(ENV)
    if explicit == "embedded":  # force the fallback, to test it
        return _embedded()
    url = explicit or DEFAULT_URL
    problem = _reachable(url)
    if problem is None:
        psql = shutil.which("psql")
        if psql is None:
            import pgserver

            psql = str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql")
        return PgServer(url, psql)
    if explicit:
        raise RuntimeError(f"{ENV} is set but its server cannot be reached: {problem}")
    return _embedded()
