"""The PostgreSQL dialect: its data, and the door to its DDL, planner and driver.

The modules behind each method are imported when it is first called: reading the
class (its URL schemes, its tables) costs neither the DDL generator nor psycopg.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from schemac.dialects.base import Dialect
from schemac.dialects.postgres.tables import POSTGRES_TABLES
from schemac.ir.model import Database
from schemac.plan import Plan

if TYPE_CHECKING:
    from schemac.diagnostics import Diagnostic
    from schemac.dialects.driver import Driver
    from schemac.diff.changes import Change

__all__ = ["PostgresDialect"]


class PostgresDialect(Dialect):
    name = "postgres"
    title = "PostgreSQL 15 and newer"
    default_schema = "public"
    url_schemes = ("postgresql", "postgres")
    tables = POSTGRES_TABLES

    def validate(self, database: Database) -> Iterable[Diagnostic]:
        from schemac.dialects.postgres.ddl.validate import validate  # noqa: PLC0415

        return validate(database)

    def generate(self, database: Database, default_schema: str) -> str:
        from schemac.dialects.postgres.ddl.generate import generate  # noqa: PLC0415

        return generate(database, default_schema)

    def plan(
        self,
        changes: Sequence[Change],
        old: Database,
        new: Database,
        *,
        concurrent_indexes: bool = False,
    ) -> Plan:
        from schemac.dialects.postgres.plan.planner import plan_changes  # noqa: PLC0415

        return plan_changes(changes, old, new, concurrent_indexes=concurrent_indexes)

    def render(self, plan: Plan) -> str:
        from schemac.dialects.postgres.plan.planner import render_sql  # noqa: PLC0415

        return render_sql(plan)  # with the search path the statements need

    def is_url(self, text: str) -> bool:
        # libpq also takes key=value connection strings.
        return super().is_url(text) or "dbname=" in text

    def driver(self) -> Driver:
        from schemac.dialects.postgres.driver import PostgresDriver  # noqa: PLC0415

        return PostgresDriver()

    def inspected_warnings(self, database: Database) -> list[str]:
        from schemac.dialects.postgres.inspect.reader import invalid_indexes  # noqa: PLC0415

        return invalid_indexes(database)
