"""The semantic model: every object a schema declares, resolved, dialect-neutral where it can be.

Glossary. A *name* is an object's name as PostgreSQL stores it (case and all). A
*schema* of None is the default schema, bound when compiling or applying (so one
definition serves many tenant schemas). SQL fragments (defaults, checks, view and
function bodies) are kept as text; the dialect normalises them. ``origin`` is where
an object was declared, when it came from a file; it takes no part in equality.

Collections of named objects are sorted by name, so file order never matters;
ordered things (columns, enum values, arguments, index elements) keep their order.

A column's, field's, domain's or index element's ``collation`` is an ObjectName: a
collation the files declare, by its schema (None: the default schema), or, in schema
`pg_catalog`, one they do not declare and PostgreSQL is taken to provide (`C`,
`POSIX`, `und-x-icu`, ...).
"""

from __future__ import annotations

from dataclasses import field

from schemac.ir.enums import (
    ArgMode,
    CheckOption,
    CollationProvider,
    ForEach,
    FunctionKind,
    GrantTargetKind,
    IndexMethod,
    MatchType,
    NullsOrder,
    Parallel,
    PartitionStrategy,
    PolicyCommand,
    ReferentialAction,
    RowSecurity,
    TriggerEventKind,
    TriggerTiming,
    Volatility,
)
from schemac.ir.types import TypeRef
from schemac.ir.unmanaged import CANNOT_EXPRESS, ObjectPath, Unmanaged
from schemac.records import record
from schemac.source import Span

__all__ = [
    "CANNOT_EXPRESS",
    "SCHEMA_OBJECT_FIELDS",
    "ArgMode",
    "CheckConstraint",
    "CheckOption",
    "Collation",
    "CollationProvider",
    "Column",
    "ColumnRef",
    "CompositeField",
    "CompositeType",
    "Database",
    "Default",
    "Domain",
    "EnumType",
    "ExclusionConstraint",
    "ExclusionElement",
    "Extension",
    "ForEach",
    "ForeignKey",
    "Function",
    "FunctionArg",
    "FunctionKind",
    "Grant",
    "GrantTarget",
    "GrantTargetKind",
    "Identity",
    "Index",
    "IndexCopy",
    "IndexElement",
    "IndexMethod",
    "Literal",
    "MatchType",
    "MaterializedView",
    "NullsOrder",
    "ObjectName",
    "ObjectPath",
    "Parallel",
    "Partition",
    "PartitionBound",
    "PartitionKey",
    "PartitionStrategy",
    "Partitioning",
    "Policy",
    "PolicyCommand",
    "PrimaryKey",
    "ReferentialAction",
    "Returns",
    "RowSecurity",
    "Schema",
    "Sequence",
    "SequenceOptions",
    "SqlExpr",
    "Table",
    "Trigger",
    "TriggerEvent",
    "TriggerEventKind",
    "TriggerTiming",
    "UniqueConstraint",
    "Unmanaged",
    "View",
    "Volatility",
]


# ---------------------------------------------------------------------------- values


@record
class ObjectName:
    """A schema-qualified name; schema None is the default schema."""

    schema: str | None
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema is not None else self.name


@record
class SqlExpr:
    """A SQL fragment, as written (the dialect brings it to canonical form)."""

    text: str


@record
class Literal:
    """A typed literal: a string, a number (kept as written), a boolean, null, or an array.

    ``kind`` is one of "string", "number", "bool", "null", "array".
    """

    kind: str
    value: str | bool | tuple[Literal, ...] | None


Default = Literal | SqlExpr


# ---------------------------------------------------------------------------- tables


@record
class SequenceOptions:
    """Sequence settings; None means PostgreSQL's default for the sequence's type."""

    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False


@record
class Identity:
    always: bool  # GENERATED ALWAYS, else BY DEFAULT
    options: SequenceOptions = field(default_factory=SequenceOptions)


@record
class Column:
    name: str
    type: TypeRef
    nullable: bool = False
    default: Default | None = None
    identity: Identity | None = None
    generated: SqlExpr | None = None  # GENERATED ALWAYS AS (...) STORED
    collation: ObjectName | None = None  # see the module docstring
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class PrimaryKey:
    name: str
    columns: tuple[str, ...]
    include: tuple[str, ...] = ()
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class UniqueConstraint:
    name: str
    columns: tuple[str, ...]
    include: tuple[str, ...] = ()
    nulls_distinct: bool = True
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class IndexElement:
    """A column or an expression, with its ordering, operator class and collation."""

    column: str | None = None
    expression: SqlExpr | None = None
    descending: bool = False
    nulls: NullsOrder | None = None  # None: the default for the direction
    opclass: str | None = None
    collation: ObjectName | None = None  # see the module docstring


@record
class Index:
    name: str
    elements: tuple[IndexElement, ...]
    unique: bool = False
    nulls_distinct: bool = True
    method: IndexMethod = IndexMethod.BTREE
    where: SqlExpr | None = None
    include: tuple[str, ...] = ()
    comment: str | None = None
    renamed_from: str | None = None
    # False only as inspect reads an index a failed build left behind (CREATE or REINDEX
    # ... CONCURRENTLY): queries ignore it and it guarantees nothing. Never declared.
    valid: bool = True
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    references: ObjectName
    ref_columns: tuple[str, ...]
    on_delete: ReferentialAction = ReferentialAction.NO_ACTION
    on_delete_columns: tuple[str, ...] = ()  # SET NULL (a, b) / SET DEFAULT (a, b)
    on_update: ReferentialAction = ReferentialAction.NO_ACTION
    match: MatchType = MatchType.SIMPLE
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class CheckConstraint:
    name: str
    expression: SqlExpr
    no_inherit: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class ExclusionElement:
    element: IndexElement
    operator: str


@record
class ExclusionConstraint:
    name: str
    elements: tuple[ExclusionElement, ...]
    method: IndexMethod = IndexMethod.BTREE
    where: SqlExpr | None = None
    include: tuple[str, ...] = ()
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class PartitionKey:
    column: str | None = None
    expression: SqlExpr | None = None
    collation: ObjectName | None = None  # see the module docstring
    opclass: str | None = None


@record
class Partitioning:
    strategy: PartitionStrategy
    keys: tuple[PartitionKey, ...]


@record
class PartitionBound:
    """FOR VALUES ...: a range (from/to), a list (values), a hash slot, or DEFAULT.

    Range bounds hold one literal per key column, or the words MINVALUE/MAXVALUE as
    SqlExpr("MINVALUE")/SqlExpr("MAXVALUE").
    """

    is_default: bool = False
    from_values: tuple[Literal | SqlExpr, ...] = ()
    to_values: tuple[Literal | SqlExpr, ...] = ()
    in_values: tuple[Literal | SqlExpr, ...] = ()
    modulus: int | None = None
    remainder: int | None = None


@record
class IndexCopy:
    """A partition's copy of an index above it, under a name (or with a comment) of its own.

    PostgreSQL puts every index, primary key, unique and exclusion constraint of a
    partitioned table (or partition) on each partition below it, named as an unnamed
    index of that partition would be (ir/partitions.py). A copy is listed only where its
    name is not that one, or it has a comment.
    """

    of: str  # the index or key above, by name: of the table, or of a partition above
    name: str
    comment: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Partition:
    """A partition of a partitioned table (a table in its own right).

    It lives in its parent's schema unless ``schema`` names another.
    """

    name: str
    bound: PartitionBound
    schema: str | None = None  # its own schema, when not its parent's
    partitioning: Partitioning | None = None  # sub-partitioning
    partitions: tuple[Partition, ...] = ()
    indexes: tuple[Index, ...] = ()  # its own; those of its parents it has besides
    copies: tuple[IndexCopy, ...] = ()  # of those of its parents, the ones named otherwise
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)

    def schema_in(self, parent: str | None) -> str | None:
        """Its schema, its parent's being ``parent``."""
        return self.schema if self.schema is not None else parent


@record
class TriggerEvent:
    kind: TriggerEventKind
    columns: tuple[str, ...] = ()  # UPDATE OF columns


@record
class Trigger:
    name: str
    timing: TriggerTiming
    events: tuple[TriggerEvent, ...]
    for_each: ForEach
    function: ObjectName
    arguments: tuple[str, ...] = ()
    when: SqlExpr | None = None
    old_table: str | None = None
    new_table: str | None = None
    constraint: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Policy:
    name: str
    permissive: bool = True
    command: PolicyCommand = PolicyCommand.ALL
    roles: tuple[str, ...] = ("public",)
    using: SqlExpr | None = None
    with_check: SqlExpr | None = None
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    uniques: tuple[UniqueConstraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    exclusions: tuple[ExclusionConstraint, ...] = ()
    partitioning: Partitioning | None = None
    partitions: tuple[Partition, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    row_security: RowSecurity = RowSecurity.DISABLED
    unlogged: bool = False
    inherits: tuple[ObjectName, ...] = ()  # INHERITS: the parents, in order
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


# ---------------------------------------------------------------------------- other objects


@record
class ColumnRef:
    """A column of a table (or view), by the relation's name."""

    relation: ObjectName
    column: str


@record
class View:
    name: str
    query: SqlExpr
    columns: tuple[str, ...] = ()  # explicit column names, if any
    check_option: CheckOption | None = None
    security_barrier: bool = False
    security_invoker: bool = False
    depends_on: tuple[ObjectName, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    comment: str | None = None
    renamed_from: str | None = None
    # The columns its query reads, as a database's dependency rows say (what PostgreSQL
    # lets no column change type or go under); None when it was declared, not read from
    # a database. It takes no part in equality.
    reads: tuple[ColumnRef, ...] | None = field(default=None, compare=False, repr=False)
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class MaterializedView:
    name: str
    query: SqlExpr
    columns: tuple[str, ...] = ()
    # Whether it is created filled. Whether a database's is filled now (a REFRESH) is
    # data, not schema: inspect reads it, the differ does not compare it.
    with_data: bool = True
    indexes: tuple[Index, ...] = ()
    depends_on: tuple[ObjectName, ...] = ()
    comment: str | None = None
    renamed_from: str | None = None
    reads: tuple[ColumnRef, ...] | None = field(default=None, compare=False, repr=False)
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Collation:
    """A collation (CREATE COLLATION).

    ``locale`` stands for both of libc's settings, ``lc_collate`` and ``lc_ctype``: a
    libc collation has it or those two; an ICU collation has only ``locale``.
    """

    name: str
    provider: CollationProvider = CollationProvider.LIBC
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class EnumType:
    name: str
    values: tuple[str, ...]
    renamed_values: tuple[tuple[str, str], ...] = ()  # (new, old), in value order
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Domain:
    name: str
    type: TypeRef
    default: Default | None = None
    not_null: bool = False
    collation: ObjectName | None = None  # see the module docstring
    checks: tuple[CheckConstraint, ...] = ()
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class CompositeField:
    name: str
    type: TypeRef
    collation: ObjectName | None = None  # see the module docstring
    comment: str | None = None
    renamed_from: str | None = None


@record
class CompositeType:
    name: str
    fields: tuple[CompositeField, ...]
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Sequence:
    name: str
    type: TypeRef
    options: SequenceOptions = field(default_factory=SequenceOptions)
    owned_by: tuple[ObjectName, str] | None = None  # (table, column)
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class FunctionArg:
    name: str | None
    type: TypeRef
    mode: ArgMode = ArgMode.IN
    default: Default | None = None


@record
class Returns:
    """RETURNS T, RETURNS SETOF T, or RETURNS TABLE (columns)."""

    type: TypeRef | None = None
    setof: bool = False
    table: tuple[tuple[str, TypeRef], ...] = ()


@record
class Function:
    name: str
    kind: FunctionKind
    arguments: tuple[FunctionArg, ...]
    returns: Returns | None  # None for procedures
    language: str
    body: str
    volatility: Volatility = Volatility.VOLATILE
    strict: bool = False
    security_definer: bool = False
    leakproof: bool = False
    parallel: Parallel = Parallel.UNSAFE
    cost: str | None = None
    rows: str | None = None
    config: tuple[tuple[str, str], ...] = ()  # SET name = value, sorted by name
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)

    @property
    def signature(self) -> tuple[TypeRef, ...]:
        """The argument types that identify the function (OUT arguments do not)."""
        return tuple(arg.type for arg in self.arguments if arg.mode is not ArgMode.OUT)


@record
class Extension:
    name: str
    schema: str | None = None  # where its objects go; None: PostgreSQL's choice
    version: str | None = None
    comment: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class GrantTarget:
    kind: GrantTargetKind
    name: ObjectName  # for a schema, name.name is the schema and name.schema is None
    signature: tuple[TypeRef, ...] = ()  # functions and procedures


@record
class Grant:
    """Privileges on one object to one role. ``privileges`` are lower case and sorted."""

    target: GrantTarget
    grantee: str
    privileges: tuple[str, ...]
    columns: tuple[str, ...] = ()  # column privileges, on a table
    with_grant_option: bool = False
    origin: Span | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> ObjectPath:
        """The grant as an object: what it is on, and to whom (as a plan tells grants apart)."""
        target = self.target
        signature = ", ".join(str(t) for t in target.signature)
        on = f"{target.kind.value} {target.name.name}" + (f"({signature})" if signature else "")
        columns = f" ({', '.join(self.columns)})" if self.columns else ""
        return ObjectPath(
            kind="grant", schema=target.name.schema, parent=on, name=self.grantee + columns
        )


@record
class Schema:
    name: str | None  # None: the default schema
    tables: tuple[Table, ...] = ()
    views: tuple[View, ...] = ()
    materialized_views: tuple[MaterializedView, ...] = ()
    collations: tuple[Collation, ...] = ()
    enums: tuple[EnumType, ...] = ()
    domains: tuple[Domain, ...] = ()
    composite_types: tuple[CompositeType, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    functions: tuple[Function, ...] = ()
    comment: str | None = None
    renamed_from: str | None = None
    origin: Span | None = field(default=None, compare=False, repr=False)


@record
class Database:
    """A whole state: its schemas (the default one first, if used), extensions and grants.

    ``unmanaged`` is what an inspected database holds that the language cannot express
    (empty for files): plans leave it alone.
    """

    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    grants: tuple[Grant, ...] = ()
    unmanaged: tuple[Unmanaged, ...] = ()

    def schema(self, name: str | None) -> Schema | None:
        return next((s for s in self.schemas if s.name == name), None)


# The fields of Schema that hold its objects, in the order compile and inspect list them.
SCHEMA_OBJECT_FIELDS = (
    "tables",
    "views",
    "materialized_views",
    "collations",
    "enums",
    "domains",
    "composite_types",
    "sequences",
    "functions",
)
