"""Declarations: what the files say, checked for shape but not yet resolved.

The shape pass turns syntax blocks into these typed records; later passes resolve
their references and types, and lowering turns them into the IR. Every value keeps
the span it was written at, so a diagnostic can point at the exact token. Records
compare by identity (``eq=False``) so passes can key side tables on them.
"""

from __future__ import annotations

from schemac.records import record
from schemac.source import Span

__all__ = [
    "ArgDecl",
    "BoundValue",
    "CheckDecl",
    "CollationDecl",
    "ColumnDecl",
    "CompositeDecl",
    "DefaultDecl",
    "DomainDecl",
    "ElementDecl",
    "EnumDecl",
    "EventDecl",
    "ExcludeDecl",
    "ExtensionDecl",
    "FieldDecl",
    "FkDecl",
    "FunctionDecl",
    "GrantDecl",
    "GrantOn",
    "IdentityDecl",
    "IndexDecl",
    "Int",
    "LiteralValue",
    "MatViewDecl",
    "ObjectDecl",
    "PartitionByDecl",
    "PartitionDecl",
    "PkDecl",
    "PolicyDecl",
    "Privilege",
    "Ref",
    "ReturnsDecl",
    "SchemaDecl",
    "SequenceDecl",
    "Sql",
    "TableDecl",
    "Text",
    "TriggerDecl",
    "TypeExprDecl",
    "UniqueDecl",
    "ViewDecl",
]


# ---------------------------------------------------------------------------- values


@record(eq=False, kw_only=False)
class Text:
    """A string, a name or a word, and where it was written."""

    value: str
    span: Span


@record(eq=False, kw_only=False)
class Int:
    value: int
    span: Span


@record(eq=False, kw_only=False)
class Sql:
    text: str
    span: Span


@record(eq=False, kw_only=False)
class Ref:
    """A dotted reference: `id`, `authors.id`, `blog.authors.id`."""

    parts: tuple[str, ...]
    spans: tuple[Span, ...]
    span: Span

    @property
    def last(self) -> str:
        return self.parts[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@record(eq=False, kw_only=False)
class LiteralValue:
    """kind: "string", "number", "bool", "null" or "array" (items in ``items``)."""

    kind: str
    value: str | bool | None
    span: Span
    items: tuple[LiteralValue, ...] = ()


DefaultDecl = LiteralValue | Sql
BoundValue = LiteralValue | Text  # Text: minvalue / maxvalue


@record(eq=False)
class TypeExprDecl:
    """A type as written: words (`double precision`) or a qualified name, arguments, `[]`, `?`.

    ``name`` holds the dotted parts of a user type (`blog.status`) or, for a
    multi-word spelling, one part with the words joined by spaces.
    """

    name: tuple[str, ...]
    args: tuple[int | str, ...]
    arg_span: Span | None
    array_dims: int
    nullable: bool
    nullable_span: Span | None
    span: Span
    name_span: Span


@record(eq=False)
class ElementDecl:
    """An index, exclusion or partition-key element."""

    column: Ref | None
    expression: Sql | None
    descending: bool
    nulls: str | None
    opclass: Text | None
    collation: Ref | None  # a string is a one-part reference
    operator: Text | None  # exclusion constraints: `with "&&"`
    span: Span


# ---------------------------------------------------------------------------- table parts


@record(eq=False)
class IdentityDecl:
    always: bool
    start: Int | None
    increment: Int | None
    min_value: Int | None
    max_value: Int | None
    cache: Int | None
    cycle: bool
    span: Span


@record(eq=False)
class ColumnDecl:
    name: Text
    type: TypeExprDecl
    default: DefaultDecl | None
    identity: IdentityDecl | None
    generated: Sql | None
    collation: Ref | None  # a string is a one-part reference
    comment: Text | None
    renamed_from: Text | None
    unique: Span | None  # where `unique = true` was written
    primary_key: Span | None
    references: Ref | None
    on_delete: tuple[Text, tuple[Ref, ...]] | None
    on_update: tuple[Text, tuple[Ref, ...]] | None
    check: Sql | None
    span: Span


@record(eq=False)
class PkDecl:
    name: Text | None
    columns: tuple[Ref, ...]
    include: tuple[Ref, ...]
    deferrable: bool
    initially_deferred: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class UniqueDecl:
    name: Text | None
    columns: tuple[Ref, ...]
    include: tuple[Ref, ...]
    nulls_distinct: bool
    deferrable: bool
    initially_deferred: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class IndexDecl:
    name: Text | None
    elements: tuple[ElementDecl, ...]  # empty for a copy (`of`)
    unique: bool
    nulls_distinct: bool
    method: Text | None
    where: Sql | None
    include: tuple[Ref, ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span
    of: Ref | None = None  # a partition's copy of the index above it that this names


@record(eq=False)
class FkDecl:
    name: Text | None
    columns: tuple[Ref, ...]
    table: Ref
    ref_columns: tuple[Ref, ...] | None  # None: the referenced table's primary key
    on_delete: tuple[Text, tuple[Ref, ...]] | None
    on_update: tuple[Text, tuple[Ref, ...]] | None
    match: Text | None
    deferrable: bool
    initially_deferred: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span
    from_column: bool = False  # the column shorthand `references = t.c`


@record(eq=False)
class CheckDecl:
    name: Text | None
    expr: Sql
    no_inherit: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span
    from_column: str | None = None  # the column shorthand `check = sql(...)`


@record(eq=False)
class ExcludeDecl:
    name: Text | None
    elements: tuple[ElementDecl, ...]
    method: Text | None
    where: Sql | None
    include: tuple[Ref, ...]
    deferrable: bool
    initially_deferred: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class PartitionByDecl:
    strategy: Text
    keys: tuple[ElementDecl, ...]
    span: Span


@record(eq=False)
class PartitionDecl:
    name: Text
    from_: tuple[BoundValue, ...] | None
    to: tuple[BoundValue, ...] | None
    in_: tuple[BoundValue, ...] | None
    modulus: Int | None
    remainder: Int | None
    default: Span | None  # where `default = true` was written
    partition_by: PartitionByDecl | None
    partitions: tuple[PartitionDecl, ...]
    indexes: tuple[IndexDecl, ...]  # its own, besides those it gets from its parents'
    comment: Text | None
    renamed_from: Text | None
    span: Span
    schema: Ref | None = None  # its own schema, when not its parent's
    copies: tuple[IndexDecl, ...] = ()  # `index "name" { of = ... }`: copies named otherwise


@record(eq=False, kw_only=False)
class EventDecl:
    kind: Text
    columns: tuple[Ref, ...]


@record(eq=False)
class TriggerDecl:
    name: Text
    timing: Text
    events: tuple[EventDecl, ...]
    each: Text | None
    when: Sql | None
    function: Ref
    arguments: tuple[Text, ...]
    old_table: Text | None
    new_table: Text | None
    constraint: bool
    deferrable: bool
    initially_deferred: bool
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class PolicyDecl:
    name: Text
    restrictive: bool
    command: Text | None
    roles: tuple[Text, ...]
    using: Sql | None
    with_check: Sql | None
    comment: Text | None
    renamed_from: Text | None
    span: Span


# ---------------------------------------------------------------------------- objects


@record(eq=False)
class TableDecl:
    schema: str | None
    name: Text
    columns: tuple[ColumnDecl, ...]
    primary_key: PkDecl | None
    uniques: tuple[UniqueDecl, ...]
    indexes: tuple[IndexDecl, ...]
    foreign_keys: tuple[FkDecl, ...]
    checks: tuple[CheckDecl, ...]
    excludes: tuple[ExcludeDecl, ...]
    partition_by: PartitionByDecl | None
    partitions: tuple[PartitionDecl, ...]
    triggers: tuple[TriggerDecl, ...]
    policies: tuple[PolicyDecl, ...]
    row_level_security: Text | None
    unlogged: bool
    inherits: tuple[Ref, ...]  # the parent tables, in order
    comment: Text | None
    renamed_from: Text | None
    span: Span
    extent: Span  # the whole block, braces included


@record(eq=False)
class ViewDecl:
    schema: str | None
    name: Text
    query: Sql
    columns: tuple[Text, ...]
    check_option: Text | None
    security_barrier: bool
    security_invoker: bool
    depends_on: tuple[Ref, ...]
    triggers: tuple[TriggerDecl, ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class MatViewDecl:
    schema: str | None
    name: Text
    query: Sql
    columns: tuple[Text, ...]
    with_data: bool
    depends_on: tuple[Ref, ...]
    indexes: tuple[IndexDecl, ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class CollationDecl:
    schema: str | None
    name: Text
    provider: Text | None
    locale: Text | None
    lc_collate: Text | None
    lc_ctype: Text | None
    nondeterministic: Span | None  # where `deterministic = false` was written
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class EnumDecl:
    schema: str | None
    name: Text
    values: tuple[Text, ...]
    renamed_values: tuple[tuple[Text, Text], ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class DomainDecl:
    schema: str | None
    name: Text
    type: TypeExprDecl
    default: DefaultDecl | None
    not_null: bool
    collation: Ref | None  # a string is a one-part reference
    checks: tuple[CheckDecl, ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class FieldDecl:
    name: Text
    type: TypeExprDecl
    collation: Ref | None  # a string is a one-part reference
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class CompositeDecl:
    schema: str | None
    name: Text
    fields: tuple[FieldDecl, ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class SequenceDecl:
    schema: str | None
    name: Text
    type: TypeExprDecl | None
    start: Int | None
    increment: Int | None
    min_value: Int | None
    max_value: Int | None
    cache: Int | None
    cycle: bool
    owned_by: Ref | None
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class ArgDecl:
    name: Text | None
    type: TypeExprDecl
    mode: Text | None
    default: DefaultDecl | None
    span: Span


@record(eq=False)
class ReturnsDecl:
    type: TypeExprDecl | None
    setof: bool
    table: tuple[tuple[Text, TypeExprDecl], ...]
    span: Span


@record(eq=False)
class FunctionDecl:
    schema: str | None
    procedure: bool
    name: Text
    arguments: tuple[ArgDecl, ...]
    returns: ReturnsDecl | None
    language: Text
    body: Sql
    volatility: Text | None
    strict: bool
    security: Text | None
    leakproof: bool
    parallel: Text | None
    cost: Text | None
    rows: Text | None
    config: tuple[tuple[Text, Text], ...]
    comment: Text | None
    renamed_from: Text | None
    span: Span


@record(eq=False)
class ExtensionDecl:
    name: Text
    schema: Ref | None
    declared_in: str | None  # the schema block it stands in
    version: Text | None
    comment: Text | None
    span: Span


@record(eq=False, kw_only=False)
class Privilege:
    name: Text
    columns: tuple[Ref, ...]


@record(eq=False, kw_only=False)
class GrantOn:
    """An object a grant names: `posts`, or `schema(blog)`, `function(touch)`, ..."""

    kind: Text | None
    ref: Ref


@record(eq=False)
class GrantDecl:
    schema: str | None
    privileges: tuple[Privilege, ...]
    on: tuple[GrantOn, ...]
    to: tuple[Text, ...]
    with_grant_option: bool
    span: Span


@record(eq=False)
class SchemaDecl:
    name: Text
    comment: Text | None
    renamed_from: Text | None
    span: Span


ObjectDecl = (
    TableDecl
    | ViewDecl
    | MatViewDecl
    | CollationDecl
    | EnumDecl
    | DomainDecl
    | CompositeDecl
    | SequenceDecl
)
