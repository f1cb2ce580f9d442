"""Column types: the built-in catalogue, the spellings that name each type, and references.

Canonical names are PostgreSQL's own (`int8`, `varchar`, `timestamptz`): the language
targets PostgreSQL first, and one spelling per type is what lets two states compare.
"""

from __future__ import annotations

from enum import Enum

from schemac.records import record

__all__ = [
    "ALIASES",
    "BUILTINS",
    "INTERVAL_FIELDS",
    "SERIALS",
    "SPELLINGS",
    "BuiltinType",
    "Category",
    "Modifiers",
    "TypeKind",
    "TypeRef",
    "canonical_name",
    "fk_compatible",
]


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


def _builtins() -> dict[str, BuiltinType]:
    spec: list[tuple[Category, Modifiers, str]] = [
        (Category.INTEGER, Modifiers.NONE, "int2 int4 int8"),
        (Category.NUMERIC, Modifiers.NUMERIC, "numeric"),
        (Category.FLOAT, Modifiers.NONE, "float4 float8"),
        (Category.MONEY, Modifiers.NONE, "money"),
        (Category.STRING, Modifiers.LENGTH, "varchar bpchar"),
        (Category.STRING, Modifiers.NONE, "text name citext"),
        (Category.BINARY, Modifiers.NONE, "bytea"),
        (Category.BOOLEAN, Modifiers.NONE, "bool"),
        (Category.DATETIME, Modifiers.NONE, "date"),
        (Category.DATETIME, Modifiers.PRECISION, "timestamp timestamptz"),
        (Category.TIME, Modifiers.PRECISION, "time timetz"),
        (Category.INTERVAL, Modifiers.PRECISION, "interval"),
        (Category.UUID, Modifiers.NONE, "uuid"),
        (Category.JSON, Modifiers.NONE, "json jsonb jsonpath"),
        (Category.XML, Modifiers.NONE, "xml"),
        (Category.NETWORK, Modifiers.NONE, "inet cidr macaddr macaddr8"),
        (Category.GEOMETRIC, Modifiers.NONE, "point line lseg box path polygon circle"),
        (Category.TEXT_SEARCH, Modifiers.NONE, "tsvector tsquery regconfig regdictionary"),
        (
            Category.RANGE,
            Modifiers.NONE,
            "int4range int8range numrange tsrange tstzrange daterange int4multirange"
            " int8multirange nummultirange tsmultirange tstzmultirange datemultirange",
        ),
        (Category.BIT, Modifiers.LENGTH, "bit varbit"),
        (
            Category.IDENTIFIER,
            Modifiers.NONE,
            "oid regclass regtype regproc regprocedure regoper regoperator regnamespace regrole"
            " regcollation xid xid8 cid tid pg_lsn pg_snapshot txid_snapshot refcursor",
        ),
        (
            Category.PSEUDO,
            Modifiers.NONE,
            "void trigger event_trigger record any anyelement anyarray anynonarray anyenum"
            " anyrange anymultirange anycompatible anycompatiblearray anycompatiblenonarray"
            " anycompatiblerange anycompatiblemultirange internal cstring language_handler"
            " fdw_handler index_am_handler tsm_handler table_am_handler",
        ),
    ]
    out: dict[str, BuiltinType] = {}
    for category, modifiers, names in spec:
        for name in names.split():
            out[name] = BuiltinType(name=name, category=category, modifiers=modifiers)
    # citext comes from an extension but is listed so that FK checks know it is a string.
    del out["citext"]
    return out


BUILTINS: dict[str, BuiltinType] = _builtins()

# Every spelling PostgreSQL accepts for a built-in type, to its canonical name.
ALIASES: dict[str, str] = {
    **{name: name for name in BUILTINS},
    "smallint": "int2",
    "integer": "int4",
    "int": "int4",
    "bigint": "int8",
    "decimal": "numeric",
    "real": "float4",
    "double precision": "float8",
    "float": "float8",
    "boolean": "bool",
    "character varying": "varchar",
    "character": "bpchar",
    "char": "bpchar",
    "bit varying": "varbit",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "time with time zone": "timetz",
}

# Interval field restrictions: `interval day to second`.
INTERVAL_FIELDS = frozenset(
    (
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "year to month",
        "day to hour",
        "day to minute",
        "day to second",
        "hour to minute",
        "hour to second",
        "minute to second",
    )
)

# Spellings that are not types in PostgreSQL's catalogue but are often written.
SERIALS = {
    "serial": "int4",
    "serial4": "int4",
    "bigserial": "int8",
    "serial8": "int8",
    "smallserial": "int2",
    "serial2": "int2",
}


# How each built-in is written for people (messages, printed schemas).
SPELLINGS: dict[str, str] = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "bpchar": "char",
    "varbit": "bit varying",
}


def canonical_name(spelling: str) -> str | None:
    """The canonical built-in name for a spelling (`integer` -> `int4`), or None."""
    return ALIASES.get(" ".join(spelling.lower().split()))


class TypeKind(Enum):
    BUILTIN = "builtin"
    ENUM = "enum"
    DOMAIN = "domain"
    COMPOSITE = "composite"
    EXTENSION = "extension"  # provided by an extension the schema declares


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

    @property
    def builtin(self) -> BuiltinType | None:
        return BUILTINS.get(self.name) if self.kind is TypeKind.BUILTIN else None

    @property
    def category(self) -> Category:
        builtin = self.builtin
        return builtin.category if builtin is not None else Category.USER

    @property
    def is_integer(self) -> bool:
        return (
            self.kind is TypeKind.BUILTIN
            and self.array_dims == 0
            and self.name
            in (
                "int2",
                "int4",
                "int8",
            )
        )

    def element(self) -> TypeRef:
        """The type without its array dimensions."""
        return TypeRef(
            name=self.name,
            kind=self.kind,
            schema=self.schema,
            modifiers=self.modifiers,
            interval_fields=self.interval_fields,
        )


# Implicit casts that let a foreign key column of the first category reference a key
# of the second (PostgreSQL looks for a cross-type equality operator in the key's
# operator family, or an implicit cast to the key's type).
_FK_CROSS = {
    (Category.INTEGER, Category.NUMERIC),
    (Category.INTEGER, Category.FLOAT),
    (Category.NUMERIC, Category.FLOAT),
}
_FK_FAMILIES = {
    Category.INTEGER,
    Category.STRING,
    Category.DATETIME,
    Category.TIME,
    Category.FLOAT,
    Category.NETWORK,
}


def fk_compatible(column: TypeRef, referenced: TypeRef) -> bool:
    """Whether PostgreSQL accepts a foreign key from ``column`` to ``referenced``.

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
    a, b = column.category, referenced.category
    if a == b and a in _FK_FAMILIES:
        return True
    return (a, b) in _FK_CROSS
