"""What every dialect provides: the contract the CLI and later the differ rely on."""

from __future__ import annotations

from abc import ABC, abstractmethod

from schemac.diagnostics import Diagnostic
from schemac.ir.model import Database
from schemac.records import record

__all__ = ["CompileResult", "Dialect"]


@record
class CompileResult:
    database: Database | None  # the database with its default schema bound, when it could be
    sql: str | None  # None when a diagnostic stopped the compilation
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return self.sql is not None


class Dialect(ABC):
    """A target database. Subclasses set the class attributes and implement compile."""

    name: str  # as given to --dialect
    title: str  # for people: "PostgreSQL 15 and newer"
    default_schema: str  # where objects outside any schema block go unless told otherwise

    @abstractmethod
    def compile(self, database: Database, default_schema: str | None = None) -> CompileResult:
        """The DDL that creates ``database`` on an empty server, or why it cannot."""

    @abstractmethod
    def bind(self, database: Database, default_schema: str | None = None) -> CompileResult:
        """``database`` as ``compile`` would take it (bound and validated), without the DDL.

        ``sql`` is the empty string when it could be compiled, None when it could not.
        """
