"""Column types: what a built-in is (category, modifiers) and references to types."""

from __future__ import annotations

from enum import Enum

from schemac.records import record

__all__ = ["BuiltinType", "Category", "Modifiers", "TypeKind", "TypeRef"]


class Category(Enum):
    """PostgreSQL's type categories, coarsened to what the checker compares."""

    INTEGER = "integer"
    NUMERIC = "numeric"
    FLOAT = "float"
    MONEY = "money"
    STRING = "string"
    BINARY = "binary"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    TIME = "time"
    INTERVAL = "interval"
    UUID = "uuid"
    JSON = "json"
    XML = "xml"
    NETWORK = "network"
    GEOMETRIC = "geometric"
    TEXT_SEARCH = "text search"
    RANGE = "range"
    BIT = "bit"
    IDENTIFIER = "identifier"  # oid, reg*, xid, pg_lsn, ...
    PSEUDO = "pseudo"  # only in function signatures: void, trigger, record, any*, ...
    USER = "user"  # enums, domains, composites and extension types


class Modifiers(Enum):
    """What may follow a type name in parentheses."""

    NONE = "none"
    LENGTH = "length"  # varchar(n), bpchar(n), bit(n), varbit(n)
    PRECISION = "precision"  # time(p), timestamp(p), interval(p): 0..6
    NUMERIC = "numeric"  # numeric(p) or numeric(p, s)
    FLOAT = "float"  # float(p): 1..24 is float4, 25..53 float8
    ANY = "any"  # extension types: geometry(Point, 4326), vector(1536)


@record
class BuiltinType:
    name: str
    category: Category
    modifiers: Modifiers = Modifiers.NONE


class TypeKind(Enum):
    BUILTIN = "builtin"
    ENUM = "enum"
    DOMAIN = "domain"
    COMPOSITE = "composite"
    EXTENSION = "extension"  # provided by an extension the schema declares


# Which built-ins exist, and how each is spelled, is the dialect's to say
# (dialects/postgres/tables.py); a TypeRef names a built-in by its canonical name.
@record
class TypeRef:
    """A resolved type: a built-in by canonical name, or a user type by schema and name.

    ``schema`` is None for built-ins and for types in the default schema (the one
    chosen when compiling or applying). ``modifiers`` are the values in parentheses.
    """

    name: str
    kind: TypeKind = TypeKind.BUILTIN
    schema: str | None = None
    modifiers: tuple[int | str, ...] = ()
    interval_fields: str | None = None
    array_dims: int = 0

    def element(self) -> TypeRef:
        """The type without its array dimensions."""
        return TypeRef(
            name=self.name,
            kind=self.kind,
            schema=self.schema,
            modifiers=self.modifiers,
            interval_fields=self.interval_fields,
        )
