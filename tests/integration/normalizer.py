"""SQL fragments brought to PostgreSQL's canonical text by PostgreSQL itself.

Both the declared fragment and the one read back from the catalogs go through the
same container object (a view selecting the expression from its table, a domain
with the check, a trigger with the WHEN), inside a transaction that is rolled back,
so two fragments are equal exactly when PostgreSQL prints them alike. Declared
fragments are resolved under the search_path the compiler gives their schema.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql

from schemac.dialects.postgres.quoting import ident, qualified
from schemac.dialects.postgres.types import format_type
from schemac.ir import model as ir

SCRATCH = "schemac_scratch"


class NormalizeError(AssertionError):
    pass


class Normalizer:
    def __init__(
        self, conn: psycopg.Connection[Any], default_schema: str, extension_schemas: list[str]
    ) -> None:
        self.conn = conn
        self.default = default_schema
        self.extension_schemas = extension_schemas
        self.counter = 0
        self.cache: dict[tuple[object, ...], str] = {}
        conn.autocommit = False
        conn.execute(f"CREATE SCHEMA {SCRATCH}")
        conn.execute(
            f"CREATE FUNCTION {SCRATCH}.trg() RETURNS trigger LANGUAGE plpgsql"
            " AS $$BEGIN RETURN NEW; END$$"
        )

    def close(self) -> None:
        self.conn.rollback()
        self.conn.autocommit = True

    def _path(self, schema: str | None) -> str:
        names: dict[str, None] = {}
        for s in (schema, self.default, *self.extension_schemas, "public"):
            if s:
                names.setdefault(s)
        return ", ".join(ident(n) for n in names)

    def _run(self, schema: str | None, statements: list[str], read: str) -> str:
        self.counter += 1
        savepoint = f"n{self.counter}"
        self.conn.execute(f"SAVEPOINT {savepoint}")
        try:
            self.conn.execute(f"SET LOCAL search_path TO {self._path(schema)}")
            for statement in statements:
                self.conn.execute(statement)  # type: ignore[arg-type]
            self.conn.execute("SET LOCAL search_path TO DEFAULT")
            row = self.conn.execute(read).fetchone()  # type: ignore[arg-type]
        except psycopg.Error as error:
            self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
            raise NormalizeError(f"{error}\n  in: {statements}") from error
        self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
        return str(row[0]) if row else ""

    def expr(
        self, text: str, schema: str | None, table: str | None, cast: ir.TypeRef | None = None
    ) -> str:
        """An expression as PostgreSQL prints it in a view over ``table`` (cast, if given)."""
        key = ("expr", text, schema, table, cast)
        if key not in self.cache:
            source = f" FROM {qualified(schema, table)}" if table else ""
            view = f"{SCRATCH}.v{self.counter + 1}"
            value = f"CAST(({text}) AS {format_type(cast)})" if cast is not None else f"({text})"
            out = self._run(
                schema,
                [f"CREATE VIEW {view} AS SELECT {value} AS x{source}"],
                f"SELECT pg_get_viewdef('{view}'::regclass, true)",
            )
            self.cache[key] = " ".join(out.split())
        return self.cache[key]

    def query(self, text: str, schema: str | None, columns: tuple[str, ...] = ()) -> str:
        key = ("query", text, schema, columns)
        if key not in self.cache:
            view = f"{SCRATCH}.v{self.counter + 1}"
            names = f" ({', '.join(ident(c) for c in columns)})" if columns else ""
            out = self._run(
                schema,
                [f"CREATE VIEW {view}{names} AS {text}"],
                f"SELECT pg_get_viewdef('{view}'::regclass, true)",
            )
            self.cache[key] = " ".join(out.split())
        return self.cache[key]

    def domain_check(self, text: str, schema: str | None, base: ir.TypeRef) -> str:
        key = ("domain", text, schema, base)
        if key not in self.cache:
            name = f"{SCRATCH}.d{self.counter + 1}"
            self.cache[key] = self._run(
                schema,
                [f"CREATE DOMAIN {name} AS {format_type(base)} CHECK ({text})"],
                "SELECT pg_get_constraintdef(oid, true) FROM pg_constraint"
                f" WHERE contypid = '{name}'::regtype",
            )
        return self.cache[key]

    def when(self, text: str, schema: str | None, table: str, trigger: ir.Trigger) -> str:
        key = ("when", text, schema, table, trigger.timing, trigger.events, trigger.for_each)
        if key not in self.cache:
            n = self.counter + 1
            copy = f"{SCRATCH}.t{n}"
            events = " OR ".join(e.kind.value.upper() for e in trigger.events)
            timing = (
                "INSTEAD OF"
                if trigger.timing is ir.TriggerTiming.INSTEAD_OF
                else trigger.timing.value.upper()
            )
            definition = self._run(
                schema,
                [
                    f"CREATE TABLE {copy} (LIKE {qualified(schema, table)})",
                    f"CREATE TRIGGER x {timing} {events} ON {copy}"
                    f" FOR EACH {trigger.for_each.value.upper()}"
                    f" WHEN ({text}) EXECUTE FUNCTION {SCRATCH}.trg()",
                ],
                "SELECT pg_get_triggerdef(oid, true) FROM pg_trigger"
                f" WHERE tgrelid = '{copy}'::regclass",
            )
            m = re.search(r" WHEN \((.*)\) EXECUTE FUNCTION ", definition, re.DOTALL)
            self.cache[key] = m.group(1) if m else definition
        return self.cache[key]

    def value(self, text: str, type_sql: str) -> str:
        """A constant of a type as PostgreSQL prints it: `'2026-01-01'` in timestamptz."""
        read = sql.SQL("SELECT CAST({} AS {})::text").format(sql.Literal(text), sql.SQL(type_sql))
        return self._run(None, [], read.as_string(self.conn))

    def default_opclass(self, name: str, method: ir.IndexMethod) -> bool:
        """Whether the operator class ``name`` of ``method`` is its type's default."""
        read = sql.SQL(
            "SELECT bool_or(o.opcdefault) FROM pg_opclass o JOIN pg_am a ON a.oid = o.opcmethod"
            " WHERE o.opcname = {} AND a.amname = {}"
        ).format(sql.Literal(name.rsplit(".", maxsplit=1)[-1]), sql.Literal(method.value))
        return self._run(None, [], read.as_string(self.conn)) == "True"
