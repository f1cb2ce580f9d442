"""What every dialect provides: the one door through which commands reach a database kind.

A dialect is a class, used as sqlglot's are: class-level data (its name, its URL
schemes, its default schema, its tables of built-in types and limits) and methods
that a subclass replaces where its database differs. A dialect for a PostgreSQL
derivative is ``class Redshift(PostgresDialect)`` overriding only what differs.

What a dialect does:

- compile: `bind` the model to the default schema and `validate` it for this
  database, then `generate` the DDL that creates it (`compile` does all three);
- plan: say how the differ compares two objects (`comparer`), turn the differences of
  two states into a `Plan` (`plan`), and `render` it as a script;
- everything that needs a live server through its `driver()` (driver.py): connecting,
  inspecting a database into the model, normalizing a declared state on a server,
  dev databases, running a plan under bounded locks.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from schemac.diagnostics import Diagnostic
from schemac.dialects.tables import DialectTables
from schemac.ir.model import Database
from schemac.records import record

if TYPE_CHECKING:
    from schemac.dialects.driver import Driver
    from schemac.diff.changes import Change
    from schemac.diff.compare import Comparer
    from schemac.plan import Plan

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
    """A target database: class-level data, and methods a subclass may replace."""

    name: ClassVar[str]  # as given to --dialect
    title: ClassVar[str]  # for people: "PostgreSQL 15 and newer"
    default_schema: ClassVar[str]  # where objects outside any schema block go unless told
    # The schemes of its URLs, in small letters, the one messages name first: `--dialect`
    # is inferred from them, and must agree with them.
    url_schemes: ClassVar[tuple[str, ...]] = ()
    # The dialect's data tables (built-in types, the longest name, index methods,
    # privileges), which the checker reads: a subclass replaces them, or some of them
    # (`dataclasses.replace(PostgresDialect.tables, max_name_bytes=30)`).
    tables: ClassVar[DialectTables]

    # ------------------------------------------------------------------ compile

    def bind(self, database: Database, default_schema: str | None = None) -> CompileResult:
        """``database`` as ``compile`` would take it (bound and validated), without the DDL.

        ``sql`` is the empty string when it could be compiled, None when it could not.
        """
        # Imported here: the checker imports this module for the tables, and needs neither.
        from schemac.ir.bind import bind_default_schema  # noqa: PLC0415

        bound = bind_default_schema(database, default_schema or self.default_schema)
        if bound.database is None:
            return CompileResult(database=None, sql=None, diagnostics=bound.diagnostics)
        problems = tuple(self.validate(bound.database))
        if problems:
            return CompileResult(database=bound.database, sql=None, diagnostics=problems)
        return CompileResult(database=bound.database, sql="", diagnostics=())

    def compile(self, database: Database, default_schema: str | None = None) -> CompileResult:
        """The DDL that creates ``database`` on an empty server, or why it cannot."""
        schema = default_schema or self.default_schema
        result = self.bind(database, schema)
        if result.sql is None or result.database is None:
            return result
        sql = self.generate(result.database, schema)
        return CompileResult(database=result.database, sql=sql, diagnostics=())

    @abstractmethod
    def validate(self, database: Database) -> Iterable[Diagnostic]:
        """What this database cannot hold of a bound model (E06xx)."""

    @abstractmethod
    def generate(self, database: Database, default_schema: str) -> str:
        """The DDL script that creates a bound, valid ``database`` on an empty server."""

    # ------------------------------------------------------------------ plan

    def comparer(self) -> Comparer:
        """How the differ tells which attributes of two objects differ (diff/compare.py).

        The model's fields as they are, unless the dialect refines it for a kind of object.
        """
        from schemac.diff.compare import COMPARER  # noqa: PLC0415 (only the differ needs it)

        return COMPARER

    @abstractmethod
    def plan(
        self,
        changes: Sequence[Change],
        old: Database,
        new: Database,
        *,
        concurrent_indexes: bool = False,
    ) -> Plan:
        """The statements that take ``old`` to ``new`` (``changes``: their differences)."""

    def render(self, plan: Plan) -> str:
        """The plan as a script, its hazards as comments."""
        from schemac.dialects.sql.render import render_script  # noqa: PLC0415

        return render_script(plan)

    # ------------------------------------------------------------------ live servers

    def is_url(self, text: str) -> bool:
        """Whether ``text`` names a database of this dialect (rather than a file)."""
        scheme, sep, _ = text.partition("://")
        return bool(sep) and scheme.lower() in self.url_schemes

    @property
    def url_form(self) -> str:
        """How messages name its URLs: `postgresql://`."""
        return f"{self.url_schemes[0] if self.url_schemes else self.name}://"

    @abstractmethod
    def driver(self) -> Driver:
        """What talks to a live server: connecting, inspecting, normalizing, applying."""

    def inspected_warnings(self, database: Database) -> list[str]:
        """What to tell of a database read from a server (beyond what the model lacks)."""
        del database
        return []
