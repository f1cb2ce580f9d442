"""The checker's state: the declarations, the symbol tables, what was resolved, and the sink."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemac.check import decls as d
from schemac.diagnostics import Diagnostic, DiagnosticSink
from schemac.diagnostics import catalog as cat
from schemac.dialects.postgres.tables import POSTGRES_TABLES
from schemac.dialects.tables import DialectTables
from schemac.ir.model import GrantTarget, ObjectName
from schemac.ir.types import TypeRef
from schemac.source import Span

__all__ = [
    "DECLARATION_LISTS",
    "Context",
    "Namespace",
    "Options",
    "PartitionPlace",
    "SchemaSymbols",
]

_UNKNOWN_NAME_CODES = frozenset(
    (
        cat.E_UNKNOWN_COLLATION,
        cat.E_UNKNOWN_COLUMN,
        cat.E_UNKNOWN_TABLE,
        cat.E_UNKNOWN_FUNCTION,
        cat.E_UNKNOWN_OBJECT,
        cat.E_UNKNOWN_TYPE,
    )
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Checker settings. ``max_errors`` caps the errors kept in one run.

    ``target`` is the tables of the dialect the schema is checked for (`Dialect.tables`).
    """

    max_errors: int = 100
    warnings: bool = True
    target: DialectTables = POSTGRES_TABLES


@dataclass(frozen=True, slots=True, eq=False)
class PartitionPlace:
    """A partition, with its table and the partitions from the table's down to it."""

    table: d.TableDecl
    path: tuple[d.PartitionDecl, ...]  # the last is the partition

    @property
    def partition(self) -> d.PartitionDecl:
        return self.path[-1]


@dataclass(slots=True)
class Namespace:
    """The objects of one schema that share PostgreSQL's relation and type namespace."""

    tables: dict[str, d.TableDecl] = field(default_factory=dict)
    partitions: dict[str, PartitionPlace] = field(default_factory=dict)  # in this schema
    views: dict[str, d.ViewDecl] = field(default_factory=dict)
    matviews: dict[str, d.MatViewDecl] = field(default_factory=dict)
    collations: dict[str, d.CollationDecl] = field(default_factory=dict)  # a namespace of its own
    enums: dict[str, d.EnumDecl] = field(default_factory=dict)
    domains: dict[str, d.DomainDecl] = field(default_factory=dict)
    composites: dict[str, d.CompositeDecl] = field(default_factory=dict)
    sequences: dict[str, d.SequenceDecl] = field(default_factory=dict)
    functions: dict[str, list[d.FunctionDecl]] = field(default_factory=dict)
    # Every relation-namespace name (tables, views, sequences, indexes, partitions,
    # key constraints' indexes) to where it was declared and what it is.
    relations: dict[str, tuple[str, d.Text]] = field(default_factory=dict)
    types: dict[str, tuple[str, d.Text]] = field(default_factory=dict)


@dataclass(slots=True)
class SchemaSymbols:
    """A declared schema block (None: the default schema) and its namespace."""

    name: str | None
    decl: d.SchemaDecl | None
    namespace: Namespace = field(default_factory=Namespace)


# The lists the shape pass fills, one per kind of declaration.
DECLARATION_LISTS = (
    "schema_decls",
    "extensions",
    "tables",
    "views",
    "matviews",
    "collations",
    "enums",
    "domains",
    "composites",
    "sequences",
    "functions",
    "grants",
)


class Context:
    """Shared by every pass of one check run."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.sink = DiagnosticSink(options.max_errors)
        # The target dialect's types, name limits, index methods, privileges, ...
        self.target = options.target
        # Declarations, in file order (shape pass).
        self.schema_decls: list[d.SchemaDecl] = []
        self.extensions: list[d.ExtensionDecl] = []
        self.tables: list[d.TableDecl] = []
        self.views: list[d.ViewDecl] = []
        self.matviews: list[d.MatViewDecl] = []
        self.collations: list[d.CollationDecl] = []
        self.enums: list[d.EnumDecl] = []
        self.domains: list[d.DomainDecl] = []
        self.composites: list[d.CompositeDecl] = []
        self.sequences: list[d.SequenceDecl] = []
        self.functions: list[d.FunctionDecl] = []
        self.grants: list[d.GrantDecl] = []
        # Symbols (names pass).
        self.schemas: dict[str | None, SchemaSymbols] = {}
        # Resolutions (types and references passes), keyed by declaration identity.
        self.types: dict[d.TypeExprDecl, TypeRef] = {}
        self.fk_targets: dict[d.FkDecl, tuple[d.TableDecl, tuple[d.ColumnDecl, ...]]] = {}
        # A foreign key to a partition: where that partition is (its table is the target).
        self.fk_partitions: dict[d.FkDecl, tuple[str | None, PartitionPlace]] = {}
        # The schema of every partition (names pass): its `schema`, or its parent's.
        self.partition_schemas: dict[d.PartitionDecl, str | None] = {}
        self.parents: dict[d.TableDecl, tuple[d.TableDecl, ...]] = {}  # `inherits`
        self.trigger_functions: dict[d.TriggerDecl, tuple[ObjectName, d.FunctionDecl | None]] = {}
        self.owners: dict[d.SequenceDecl, tuple[d.TableDecl, d.ColumnDecl]] = {}
        self.grant_targets: dict[d.GrantOn, GrantTarget] = {}
        self.dependencies: dict[d.Ref, ObjectName] = {}
        self.collation_refs: dict[d.Ref, ObjectName] = {}
        # What each reference `scope.lookup` resolved found: a declaration, a list of
        # function overloads, or a (kind, declaration) pair (for an editor's navigation).
        self.resolved: dict[d.Ref, object] = {}
        self.extension_schemas: dict[d.ExtensionDecl, str] = {}
        # The name of every constraint and index, given or chosen (names pass).
        self.constraint_names: dict[object, str] = {}
        # Declarations that failed a pass: later rules leave them alone.
        self.broken: set[object] = set()
        # Names declared by blocks of an unknown kind (already reported): a reference
        # to one is not reported again as unknown.
        self.unrecognized: set[str] = set()
        # Where syntax errors dropped items: shape rules stay quiet about what is missing.
        self.syntax_errors: list[tuple[object, int]] = []

    def take_declarations(self, other: Context) -> None:
        """Add another context's declarations and shape diagnostics (one file's, shaped alone)."""
        for name in DECLARATION_LISTS:
            getattr(self, name).extend(getattr(other, name))
        self.sink.extend(other.sink.items)
        self.sink.truncated = self.sink.truncated or other.sink.truncated
        self.unrecognized |= other.unrecognized
        self.broken |= other.broken

    def syntax_error_within(self, span: Span) -> bool:
        file = span.file
        return any(f is file and span.start <= at < span.end for f, at in self.syntax_errors)

    def emit(self, diagnostic: Diagnostic) -> None:
        if not (diagnostic.is_error or self.options.warnings):
            return
        if diagnostic.code in _UNKNOWN_NAME_CODES and self.unrecognized:
            written = diagnostic.primary.span.text.rsplit(".", 1)[-1].strip('`"')
            if written in self.unrecognized:
                return
        self.sink.emit(diagnostic)

    def namespace(self, schema: str | None) -> Namespace:
        symbols = self.schemas.get(schema)
        if symbols is None:
            symbols = self.schemas[schema] = SchemaSymbols(schema, None)
        return symbols.namespace
