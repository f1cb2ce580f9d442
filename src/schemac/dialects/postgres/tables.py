"""PostgreSQL's own tables: built-in types, name limits, index methods, privileges, ..."""

from __future__ import annotations

import re

from schemac.dialects.tables import DialectTables, IndexMethodTraits, TypeLimits
from schemac.ir.enums import GrantTargetKind
from schemac.ir.types import BuiltinType, Category, Modifiers, TypeRef

# Pure data, cheap to import (every check run reads it): no driver, no planner, no
# parser. POSTGRES_TABLES gathers the tables for the checker; the constants serve code
# that speaks only PostgreSQL (its DDL and inspector, the writer of inspected schemas).

__all__ = [
    "ALIASES",
    "BUILTINS",
    "BUILTIN_SCHEMAS",
    "BUILTIN_TRIGGER_FUNCTIONS",
    "COLUMN_PRIVILEGES",
    "EXTENSION_TRIGGER_FUNCTIONS",
    "EXTENSION_TYPES",
    "INDEX_METHODS",
    "INTEGER_RANGES",
    "INTERVAL_FIELDS",
    "MAX_NAME_BYTES",
    "OPERATOR",
    "POSTGRES_TABLES",
    "PRIVILEGES",
    "SERIALS",
    "SPELLINGS",
    "SYSTEM_SCHEMA",
    "canonical_name",
    "type_name",
]


def _builtins() -> dict[str, BuiltinType]:
    spec: list[tuple[Category, Modifiers, str]] = [
        (Category.INTEGER, Modifiers.NONE, "int2 int4 int8"),
        (Category.NUMERIC, Modifiers.NUMERIC, "numeric"),
        (Category.FLOAT, Modifiers.NONE, "float4 float8"),
        (Category.MONEY, Modifiers.NONE, "money"),
        (Category.STRING, Modifiers.LENGTH, "varchar bpchar"),
        (Category.STRING, Modifiers.NONE, "text name"),
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
    return out


# Canonical names are PostgreSQL's own (`int8`, `varchar`, `timestamptz`): one spelling
# per type is what lets two states compare.
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

INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "int2": (-(2**15), 2**15 - 1),
    "int4": (-(2**31), 2**31 - 1),
    "int8": (-(2**63), 2**63 - 1),
}

# Types that well-known extensions bring; extensions not listed bring types schemac
# cannot verify (a warning, not an error).
EXTENSION_TYPES: dict[str, tuple[str, ...]] = {
    "citext": ("citext",),
    "hstore": ("hstore",),
    "ltree": ("ltree", "lquery", "ltxtquery"),
    "postgis": ("geometry", "geography", "box2d", "box3d"),
    "postgis_raster": ("raster",),
    "postgis_topology": ("topogeometry",),
    "vector": ("vector", "halfvec", "sparsevec"),
    "cube": ("cube",),
    "seg": ("seg",),
    "isn": ("isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "ean13", "upc"),
    "lo": ("lo",),
    "pg_trgm": (),
    "pgcrypto": (),
    "uuid-ossp": (),
    "btree_gist": (),
    "btree_gin": (),
    "intarray": (),
    "unaccent": (),
    "fuzzystrmatch": (),
    "pg_stat_statements": (),
    "tablefunc": (),
    "plpgsql": (),
    "dblink": (),
    "postgres_fdw": (),
    "tsm_system_rows": (),
    "earthdistance": (),
    "bloom": (),
    "amcheck": (),
    "pgstattuple": (),
    "pg_buffercache": (),
    "pg_prewarm": (),
    "sslinfo": (),
    "tcn": (),
}

# NAMEDATALEN - 1: PostgreSQL cuts a longer name without a word.
MAX_NAME_BYTES = 63

# Schemas every PostgreSQL database has; they may be named without being declared.
BUILTIN_SCHEMAS = ("public", "pg_catalog", "information_schema")

# Where the types, functions and collations PostgreSQL provides live.
SYSTEM_SCHEMA = "pg_catalog"

# The index access methods, as pg_am's amcanunique, amcaninclude and amcanorder say.
INDEX_METHODS: dict[str, IndexMethodTraits] = {
    "btree": IndexMethodTraits(unique=True, include=True, ordered=True),
    "hash": IndexMethodTraits(),
    "gin": IndexMethodTraits(),
    "gist": IndexMethodTraits(include=True),
    "brin": IndexMethodTraits(),
    "spgist": IndexMethodTraits(include=True),
}

# The privileges PostgreSQL accepts per kind of object (`all` everywhere).
PRIVILEGES: dict[GrantTargetKind, tuple[str, ...]] = {
    GrantTargetKind.TABLE: (
        "select",
        "insert",
        "update",
        "delete",
        "truncate",
        "references",
        "trigger",
    ),
    GrantTargetKind.SEQUENCE: ("usage", "select", "update"),
    GrantTargetKind.FUNCTION: ("execute",),
    GrantTargetKind.PROCEDURE: ("execute",),
    GrantTargetKind.TYPE: ("usage",),
    GrantTargetKind.SCHEMA: ("usage", "create"),
}
COLUMN_PRIVILEGES = ("select", "insert", "update", "references")

# Trigger functions that come with PostgreSQL.
BUILTIN_TRIGGER_FUNCTIONS = frozenset(
    (
        "suppress_redundant_updates_trigger",
        "tsvector_update_trigger",
        "tsvector_update_trigger_column",
    )
)
# Trigger functions that come with extensions, to their extension.
EXTENSION_TRIGGER_FUNCTIONS = {
    "moddatetime": "moddatetime",
    "lo_manage": "lo",
    "triggered_change_notification": "tcn",
    "insert_username": "insert_username",
    "autoinc": "autoinc",
    "check_primary_key": "refint",
    "check_foreign_key": "refint",
}

# An operator as PostgreSQL lexes one, or OPERATOR(schema.op).
_OP_CHARS = r"[-+*/<>=~!@#%^&|`?]+"
OPERATOR = re.compile(
    rf"(?:{_OP_CHARS}|OPERATOR\(\s*(?:[A-Za-z_][A-Za-z0-9_$]*\s*\.\s*)?{_OP_CHARS}\s*\))\Z",
    re.IGNORECASE,
)

POSTGRES_TABLES = DialectTables(
    builtin_types=BUILTINS,
    type_aliases=ALIASES,
    type_spellings=SPELLINGS,
    serial_types=SERIALS,
    interval_fields=INTERVAL_FIELDS,
    integer_ranges=INTEGER_RANGES,
    type_limits=TypeLimits(
        max_length=10_485_760,
        max_time_precision=6,
        max_numeric_precision=1000,
        max_numeric_scale=1000,
        max_float4_precision=24,
        max_float_precision=53,
    ),
    not_argument_types=frozenset(("void", "trigger", "event_trigger")),
    # A foreign key's column and key compare when the key's operator family has a
    # cross-type equality operator, or an implicit cast reaches the key's type.
    fk_families=frozenset(
        (
            Category.INTEGER,
            Category.STRING,
            Category.DATETIME,
            Category.TIME,
            Category.FLOAT,
            Category.NETWORK,
        )
    ),
    fk_casts=frozenset(
        (
            (Category.INTEGER, Category.NUMERIC),
            (Category.INTEGER, Category.FLOAT),
            (Category.NUMERIC, Category.FLOAT),
        )
    ),
    extension_types=EXTENSION_TYPES,
    max_name_bytes=MAX_NAME_BYTES,
    builtin_schemas=BUILTIN_SCHEMAS,
    system_schema=SYSTEM_SCHEMA,
    # In a new database: never the default schema, which may be bound to many tenants.
    extension_schema="public",
    index_methods=INDEX_METHODS,
    default_index_method="btree",
    privileges=PRIVILEGES,
    column_privileges=COLUMN_PRIVILEGES,
    builtin_trigger_functions=BUILTIN_TRIGGER_FUNCTIONS,
    extension_trigger_functions=EXTENSION_TRIGGER_FUNCTIONS,
)


def canonical_name(spelling: str) -> str | None:
    """PostgreSQL's canonical name for a built-in type's spelling (`integer` -> `int4`)."""
    return POSTGRES_TABLES.canonical_name(spelling)


def type_name(ref: TypeRef) -> str:
    """A type as people read it, in PostgreSQL's spellings: `bigint`, `varchar(255)`."""
    return POSTGRES_TABLES.type_name(ref)
