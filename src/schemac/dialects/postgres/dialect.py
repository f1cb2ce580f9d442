"""The PostgreSQL dialect: binds the default schema, validates, and generates DDL."""

from __future__ import annotations

from schemac.dialects.base import CompileResult, Dialect
from schemac.dialects.postgres.ddl.generate import generate
from schemac.dialects.postgres.ddl.validate import validate
from schemac.ir.bind import bind_default_schema
from schemac.ir.model import Database

__all__ = ["PostgresDialect"]


class PostgresDialect(Dialect):
    name = "postgres"
    title = "PostgreSQL 15 and newer"
    default_schema = "public"

    def compile(self, database: Database, default_schema: str | None = None) -> CompileResult:
        schema = default_schema or self.default_schema
        result = self.bind(database, schema)
        if result.sql is None or result.database is None:
            return result
        return CompileResult(
            database=result.database, sql=generate(result.database, schema), diagnostics=()
        )

    def bind(self, database: Database, default_schema: str | None = None) -> CompileResult:
        schema = default_schema or self.default_schema
        bound = bind_default_schema(database, schema)
        if bound.database is None:
            return CompileResult(database=None, sql=None, diagnostics=bound.diagnostics)
        problems = tuple(validate(bound.database))
        if problems:
            return CompileResult(database=bound.database, sql=None, diagnostics=problems)
        return CompileResult(database=bound.database, sql="", diagnostics=())
