"""What a dialect tells the checker: its types, name limits, index methods and privileges."""

from __future__ import annotations

from collections.abc import Mapping

from schemac.ir.enums import GrantTargetKind
from schemac.ir.types import BuiltinType, Category, TypeKind, TypeRef
from schemac.records import record

__all__ = ["DialectTables", "IndexMethodTraits", "TypeLimits"]


@record
class IndexMethodTraits:
    """What an index method can do: be unique, carry INCLUDE columns, keep an order."""

    unique: bool = False
    include: bool = False
    ordered: bool = False  # ASC/DESC and NULLS FIRST/LAST mean something


@record
class TypeLimits:
    """The bounds of what goes in a built-in type's parentheses."""

    max_length: int  # varchar(n), bpchar(n), bit(n), varbit(n): 1 to this
    max_time_precision: int  # time(p), timestamp(p), interval(p): 0 to this
    max_numeric_precision: int  # numeric(p, s): p from 1 to this
    max_numeric_scale: int  # numeric(p, s): s from minus this to this
    max_float4_precision: int  # float(p): up to this is float4, above it float8
    max_float_precision: int  # float(p): p from 1 to this


# Compared by identity: the tables hold dicts, and one dialect has one set of tables.
@record(eq=False)
class DialectTables:
    """A target database's own tables; the checker reads them from its context.

    A dialect derived from another changes one with `dataclasses.replace`.
    """

    # Types: every built-in by canonical name, and every spelling of one to that name.
    builtin_types: Mapping[str, BuiltinType]
    type_aliases: Mapping[str, str]
    type_spellings: Mapping[str, str]  # how people read a built-in: int8 -> bigint
    serial_types: Mapping[str, str]  # spellings that are no type: serial -> int4
    interval_fields: frozenset[str]  # `interval day to second`
    integer_ranges: Mapping[str, tuple[int, int]]  # smallest and largest value
    type_limits: TypeLimits
    not_argument_types: frozenset[str]  # pseudo-types no argument may have
    # Foreign keys between different types: categories whose types all compare, and
    # (column, key) category pairs an implicit cast joins.
    fk_families: frozenset[Category]
    fk_casts: frozenset[tuple[Category, Category]]
    extension_types: Mapping[str, tuple[str, ...]]  # extension -> the types it brings
    # Names and schemas.
    max_name_bytes: int
    builtin_schemas: tuple[str, ...]  # named without being declared
    system_schema: str  # where the built-in types, functions and collations live
    extension_schema: str  # where an extension declared without a schema goes
    # Indexes and privileges.
    index_methods: Mapping[str, IndexMethodTraits]
    default_index_method: str
    privileges: Mapping[GrantTargetKind, tuple[str, ...]]  # besides `all`
    column_privileges: tuple[str, ...]
    # Trigger functions reached by an unqualified name: built-in, and by extension.
    builtin_trigger_functions: frozenset[str]
    extension_trigger_functions: Mapping[str, str]  # function -> extension

    def canonical_name(self, spelling: str) -> str | None:
        """The canonical built-in name for a spelling (`integer` -> `int4`), or None."""
        return self.type_aliases.get(" ".join(spelling.lower().split()))

    def builtin(self, ref: TypeRef) -> BuiltinType | None:
        return self.builtin_types.get(ref.name) if ref.kind is TypeKind.BUILTIN else None

    def category(self, ref: TypeRef) -> Category:
        builtin = self.builtin(ref)
        return builtin.category if builtin is not None else Category.USER

    def is_integer(self, ref: TypeRef) -> bool:
        return ref.array_dims == 0 and self.category(ref) is Category.INTEGER

    def type_name(self, ref: TypeRef) -> str:
        """A type as people read it: `bigint`, `varchar(255)`, `blog.status[]`."""
        name = (
            self.type_spellings.get(ref.name, ref.name)
            if ref.kind is TypeKind.BUILTIN
            else ref.name
        )
        base = f"{ref.schema}.{name}" if ref.schema else name
        if ref.interval_fields:
            base += " " + ref.interval_fields
        if ref.modifiers:
            base += "(" + ", ".join(str(m) for m in ref.modifiers) + ")"
        return base + "[]" * ref.array_dims

    def fk_compatible(self, column: TypeRef, referenced: TypeRef) -> bool:
        """Whether a foreign key from ``column`` may reference ``referenced``.

        Both are base types (domains already resolved to what they stand for).
        """
        if column.array_dims != referenced.array_dims:
            return False
        if column.kind is not TypeKind.BUILTIN or referenced.kind is not TypeKind.BUILTIN:
            return (column.kind, column.schema, column.name) == (
                referenced.kind,
                referenced.schema,
                referenced.name,
            )
        if column.name == referenced.name:
            return True
        a, b = self.category(column), self.category(referenced)
        if a == b and a in self.fk_families:
            return True
        return (a, b) in self.fk_casts

    @property
    def grant_privileges(self) -> tuple[str, ...]:
        """Every privilege a grant may name, `all` first."""
        words = {"all": None}
        for privileges in self.privileges.values():
            words.update(dict.fromkeys(privileges))
        return tuple(words)
