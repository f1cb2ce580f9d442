"""The language's tables: every block kind, where it may stand, and its attributes.

This module is the one list of the language's vocabulary. The checker validates
against it, docs/language.md documents it, and the editor grammars are tested
against it (a kind or attribute added here without highlighting fails the build).
"""

from __future__ import annotations

from schemac.check.spec_types import Attr, BlockSpec, Header, LabelRule, ValueKind
from schemac.dialects.postgres.tables import POSTGRES_TABLES
from schemac.dialects.tables import DialectTables

__all__ = [
    "BLOCKS",
    "FILE",
    "SCHEMA_OBJECTS",
    "Attr",
    "BlockSpec",
    "Header",
    "LabelRule",
    "ValueKind",
    "all_attribute_names",
    "all_block_kinds",
    "all_words",
]


# Attributes many blocks share.
_COMMENT = Attr(ValueKind.STRING, "The object's comment (COMMENT ON).")
_RENAMED = Attr(
    ValueKind.STRING,
    "The name this object had before; the migration renames it instead of dropping it.",
)
_DEFERRABLE = Attr(ValueKind.BOOL, "The constraint may be deferred to the end of a transaction.")
_INITIALLY_DEFERRED = Attr(ValueKind.BOOL, "The constraint is checked at commit by default.")
_INCLUDE = Attr(ValueKind.COLUMNS, "Non-key columns stored in the index (INCLUDE).")
_WHERE = Attr(ValueKind.SQL, "A predicate: only rows matching it are covered (a partial index).")


# Words the target dialect decides; the default dialect's are the ones documented.
def _index_methods(tables: DialectTables) -> tuple[str, ...]:
    return tuple(tables.index_methods)


def _privileges(tables: DialectTables) -> tuple[str, ...]:
    return tables.grant_privileges


_METHOD = Attr(
    ValueKind.WORD,
    "The index method.",
    choices=_index_methods(POSTGRES_TABLES),
    choices_from=_index_methods,
)
_COLLATION = Attr(
    ValueKind.COLLATION,
    'The collation: a declared one (`numeric`, `app.numeric`), or "C", "und-x-icu", ...',
)
_ACTIONS = ("no_action", "restrict", "cascade", "set_null", "set_default")
_SEQUENCE_OPTIONS = {
    "start": Attr(ValueKind.INT, "The first value."),
    "increment": Attr(ValueKind.INT, "The step between values (may be negative)."),
    "min_value": Attr(ValueKind.INT, "The smallest value."),
    "max_value": Attr(ValueKind.INT, "The largest value."),
    "cache": Attr(ValueKind.INT, "How many values a session pre-allocates."),
    "cycle": Attr(ValueKind.BOOL, "Wrap around after the last value."),
}

_SCHEMA_OBJECT_KINDS = (
    "table",
    "view",
    "materialized_view",
    "collation",
    "enum",
    "domain",
    "type",
    "sequence",
    "function",
    "procedure",
    "grant",
    "extension",
)

_BLOCK_LIST: list[BlockSpec] = [
    BlockSpec(
        kind="schema",
        doc="A PostgreSQL schema and the objects in it.",
        label=LabelRule.REQUIRED,
        attrs={"comment": _COMMENT, "renamed_from": _RENAMED},
        blocks=_SCHEMA_OBJECT_KINDS,
    ),
    BlockSpec(
        kind="extension",
        doc="An extension the database needs (CREATE EXTENSION).",
        label=LabelRule.REQUIRED,
        attrs={
            "schema": Attr(ValueKind.REF, "The schema its objects go into."),
            "version": Attr(ValueKind.STRING, "The extension version to install."),
            "comment": _COMMENT,
        },
    ),
    BlockSpec(
        kind="table",
        doc="A table: columns, keys, constraints, indexes, partitions, triggers, policies.",
        label=LabelRule.REQUIRED,
        attrs={
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
            "unlogged": Attr(ValueKind.BOOL, "Skip the write-ahead log (UNLOGGED)."),
            "inherits": Attr(ValueKind.REFS, "The tables it inherits from (INHERITS)."),
            "primary_key": Attr(ValueKind.COLUMNS, "The primary key's columns."),
            "partition_by": Attr(
                ValueKind.PARTITION_BY,
                "Partition the table: `range(at)`, `list(region)`, `hash(id)`.",
            ),
            "row_level_security": Attr(
                ValueKind.WORD,
                "Row level security: `enabled`, or `forced` (applies to the owner too).",
                choices=("enabled", "forced", "disabled"),
            ),
        },
        blocks=(
            "column",
            "primary_key",
            "unique",
            "index",
            "foreign_key",
            "check",
            "exclude",
            "partition",
            "trigger",
            "policy",
        ),
    ),
    BlockSpec(
        kind="column",
        doc='A column: `column "name" TYPE { ... }`; `TYPE?` makes it nullable.',
        label=LabelRule.REQUIRED,
        header=Header.REQUIRED,
        attrs={
            "default": Attr(ValueKind.DEFAULT, 'The default: a literal, or sql("...").'),
            "identity": Attr(
                ValueKind.WORD,
                "An identity column: `always` or `by_default`.",
                choices=("always", "by_default"),
            ),
            "generated": Attr(ValueKind.SQL, "A stored generated column's expression."),
            "collation": _COLLATION,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
            "unique": Attr(ValueKind.BOOL, "A unique constraint on this column alone."),
            "primary_key": Attr(ValueKind.BOOL, "The primary key is this column alone."),
            "references": Attr(ValueKind.COLUMN_REF, "A foreign key to `table.column`."),
            "on_delete": Attr(
                ValueKind.ACTION, "What deleting the referenced row does.", choices=_ACTIONS
            ),
            "on_update": Attr(
                ValueKind.ACTION, "What updating the referenced key does.", choices=_ACTIONS
            ),
            "check": Attr(ValueKind.SQL, "A check constraint on this column."),
        },
        blocks=("identity",),
    ),
    BlockSpec(
        kind="identity",
        doc="An identity column with sequence options.",
        label=LabelRule.NONE,
        attrs={
            "generated": Attr(
                ValueKind.WORD,
                "`always` (the default) or `by_default`.",
                choices=("always", "by_default"),
            ),
            **_SEQUENCE_OPTIONS,
        },
    ),
    BlockSpec(
        kind="primary_key",
        doc="The primary key, named or with options (else use `primary_key = [...]`).",
        label=LabelRule.OPTIONAL,
        attrs={
            "columns": Attr(ValueKind.COLUMNS, "The key's columns.", required=True),
            "include": _INCLUDE,
            "deferrable": _DEFERRABLE,
            "initially_deferred": _INITIALLY_DEFERRED,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="unique",
        doc="A unique constraint.",
        label=LabelRule.OPTIONAL,
        attrs={
            "columns": Attr(
                ValueKind.COLUMNS, "The columns that are unique together.", required=True
            ),
            "nulls_distinct": Attr(
                ValueKind.BOOL, "`false`: nulls count as equal (NULLS NOT DISTINCT)."
            ),
            "include": _INCLUDE,
            "deferrable": _DEFERRABLE,
            "initially_deferred": _INITIALLY_DEFERRED,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="index",
        doc="An index.",
        label=LabelRule.OPTIONAL,
        attrs={
            # Required unless `of` is given (check/shape_table.py says so).
            "on": Attr(
                ValueKind.INDEX_ON,
                'What is indexed: `[email, created_at desc, sql("lower(name)")]`.',
            ),
            "of": Attr(
                ValueKind.REF,
                "In a partition: the index above it (of its table, or of a partition above)"
                " that this is the partition's copy of, under this name.",
            ),
            "unique": Attr(ValueKind.BOOL, "A unique index."),
            "nulls_distinct": Attr(
                ValueKind.BOOL, "`false`: nulls count as equal (NULLS NOT DISTINCT)."
            ),
            "using": _METHOD,
            "where": _WHERE,
            "include": _INCLUDE,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="foreign_key",
        doc="A foreign key.",
        label=LabelRule.OPTIONAL,
        attrs={
            "columns": Attr(ValueKind.COLUMNS, "The referencing columns.", required=True),
            "references": Attr(
                ValueKind.FK_TARGET,
                "The referenced table and columns: `authors(id)`.",
                required=True,
            ),
            "on_delete": Attr(
                ValueKind.ACTION, "What deleting the referenced row does.", choices=_ACTIONS
            ),
            "on_update": Attr(
                ValueKind.ACTION, "What updating the referenced key does.", choices=_ACTIONS
            ),
            "match": Attr(
                ValueKind.WORD, "MATCH FULL or SIMPLE (the default).", choices=("simple", "full")
            ),
            "deferrable": _DEFERRABLE,
            "initially_deferred": _INITIALLY_DEFERRED,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="check",
        doc="A check constraint.",
        label=LabelRule.OPTIONAL,
        attrs={
            "expr": Attr(ValueKind.SQL, "The condition every row must meet.", required=True),
            "no_inherit": Attr(ValueKind.BOOL, "Not inherited by child tables (NO INHERIT)."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="exclude",
        doc="An exclusion constraint.",
        label=LabelRule.OPTIONAL,
        attrs={
            "on": Attr(
                ValueKind.EXCLUDE_ON,
                'Elements and their operators: `[room_id with "=", during with "&&"]`.',
                required=True,
            ),
            "using": _METHOD,
            "where": _WHERE,
            "include": _INCLUDE,
            "deferrable": _DEFERRABLE,
            "initially_deferred": _INITIALLY_DEFERRED,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="partition",
        doc="A partition of a partitioned table, with its bounds and its own indexes.",
        label=LabelRule.REQUIRED,
        attrs={
            "from": Attr(ValueKind.BOUND, "Range partitions: the lower bound (inclusive)."),
            "to": Attr(ValueKind.BOUND, "Range partitions: the upper bound (exclusive)."),
            "in": Attr(ValueKind.BOUND, "List partitions: the values."),
            "modulus": Attr(ValueKind.INT, "Hash partitions: the modulus."),
            "remainder": Attr(ValueKind.INT, "Hash partitions: the remainder."),
            "default": Attr(
                ValueKind.BOOL, "The default partition: rows no other partition takes."
            ),
            "partition_by": Attr(ValueKind.PARTITION_BY, "Partition this partition further."),
            "schema": Attr(ValueKind.REF, "The schema it is in, when not its parent's."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("partition", "index"),
    ),
    BlockSpec(
        kind="trigger",
        doc="A trigger.",
        label=LabelRule.REQUIRED,
        attrs={
            "before": Attr(
                ValueKind.EVENTS, "Fire before these events: `[insert, update(status)]`."
            ),
            "after": Attr(ValueKind.EVENTS, "Fire after these events."),
            "instead_of": Attr(ValueKind.EVENTS, "Fire instead of these events (views)."),
            "each": Attr(
                ValueKind.WORD,
                "Once per `row` or per `statement` (the default).",
                choices=("row", "statement"),
            ),
            "when": Attr(ValueKind.SQL, "Fire only when this condition holds."),
            "execute": Attr(
                ValueKind.CALL, "The trigger function and its arguments.", required=True
            ),
            "old_table": Attr(ValueKind.STRING, "Name of the transition table of old rows."),
            "new_table": Attr(ValueKind.STRING, "Name of the transition table of new rows."),
            "constraint": Attr(ValueKind.BOOL, "A constraint trigger (it may be deferred)."),
            "deferrable": _DEFERRABLE,
            "initially_deferred": _INITIALLY_DEFERRED,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="policy",
        doc="A row level security policy.",
        label=LabelRule.REQUIRED,
        attrs={
            "restrictive": Attr(ValueKind.BOOL, "A restrictive policy (else permissive)."),
            "for": Attr(
                ValueKind.WORD,
                "The command it applies to.",
                choices=("all", "select", "insert", "update", "delete"),
            ),
            "to": Attr(ValueKind.NAMES, "The roles it applies to (default: public)."),
            "using": Attr(ValueKind.SQL, "Rows visible (or affected) must meet this."),
            "with_check": Attr(ValueKind.SQL, "Rows written must meet this."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="view",
        doc="A view.",
        label=LabelRule.REQUIRED,
        attrs={
            "as": Attr(ValueKind.SQL, "The query.", required=True),
            "columns": Attr(ValueKind.NAMES, "Names for the view's columns."),
            "check_option": Attr(
                ValueKind.WORD, "WITH CHECK OPTION.", choices=("local", "cascaded")
            ),
            "security_barrier": Attr(ValueKind.BOOL, "The security_barrier option."),
            "security_invoker": Attr(ValueKind.BOOL, "Check permissions as the invoking user."),
            "depends_on": Attr(ValueKind.REFS, "Views and tables the query uses, for ordering."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("trigger",),
    ),
    BlockSpec(
        kind="materialized_view",
        doc="A materialized view and its indexes.",
        label=LabelRule.REQUIRED,
        attrs={
            "as": Attr(ValueKind.SQL, "The query.", required=True),
            "columns": Attr(ValueKind.NAMES, "Names for the view's columns."),
            "with_data": Attr(ValueKind.BOOL, "Fill it when created (default true)."),
            "depends_on": Attr(ValueKind.REFS, "Views and tables the query uses, for ordering."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("index",),
    ),
    BlockSpec(
        kind="collation",
        doc="A collation: how text sorts and compares (CREATE COLLATION).",
        label=LabelRule.REQUIRED,
        attrs={
            "provider": Attr(
                ValueKind.WORD,
                "Who implements it: `libc` (the default) or `icu`.",
                choices=("libc", "icu"),
            ),
            "locale": Attr(ValueKind.STRING, 'The locale: "en-u-kn-true" (icu), "C" (libc).'),
            "lc_collate": Attr(ValueKind.STRING, "libc: the locale that sorts (LC_COLLATE)."),
            "lc_ctype": Attr(
                ValueKind.STRING, "libc: the locale that classifies characters (LC_CTYPE)."
            ),
            "deterministic": Attr(
                ValueKind.BOOL,
                "`false`: strings that sort equal are equal (icu only). Default `true`.",
            ),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="enum",
        doc="An enum type.",
        label=LabelRule.REQUIRED,
        attrs={
            "values": Attr(ValueKind.STRINGS, "The values, in order.", required=True),
            "renamed_values": Attr(ValueKind.STRING_MAP, 'Values renamed: `{ "new" = "old" }`.'),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="domain",
        doc="A domain: a base type with a default, NOT NULL and checks.",
        label=LabelRule.REQUIRED,
        attrs={
            "type": Attr(ValueKind.TYPE, "The base type.", required=True),
            "default": Attr(ValueKind.DEFAULT, "The default value."),
            "not_null": Attr(ValueKind.BOOL, "Values may not be null."),
            "collation": _COLLATION,
            "check": Attr(ValueKind.SQL, "A check on `VALUE`."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("check",),
    ),
    BlockSpec(
        kind="type",
        doc="A composite type.",
        label=LabelRule.REQUIRED,
        attrs={"comment": _COMMENT, "renamed_from": _RENAMED},
        blocks=("field",),
    ),
    BlockSpec(
        kind="field",
        doc='A field of a composite type: `field "name" TYPE`.',
        label=LabelRule.REQUIRED,
        header=Header.REQUIRED,
        attrs={
            "collation": _COLLATION,
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="sequence",
        doc="A sequence.",
        label=LabelRule.REQUIRED,
        attrs={
            "type": Attr(ValueKind.TYPE, "smallint, integer or bigint (the default)."),
            **_SEQUENCE_OPTIONS,
            "owned_by": Attr(ValueKind.COLUMN_REF, "The column it belongs to: `orders.id`."),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
    ),
    BlockSpec(
        kind="function",
        doc="A function.",
        label=LabelRule.REQUIRED,
        attrs={
            "returns": Attr(
                ValueKind.RETURNS,
                "The return type: `integer`, `setof text`, `table(id bigint, name text)`,"
                " `trigger`.",
                required=True,
            ),
            "language": Attr(ValueKind.NAME, "The language: `sql`, `plpgsql`, ...", required=True),
            "body": Attr(ValueKind.SQL, "The function's body.", required=True),
            "volatility": Attr(
                ValueKind.WORD,
                "VOLATILE (the default), STABLE or IMMUTABLE.",
                choices=("volatile", "stable", "immutable"),
            ),
            "strict": Attr(ValueKind.BOOL, "Returns null on null input (STRICT)."),
            "security": Attr(
                ValueKind.WORD,
                "Run as the `invoker` (default) or the `definer`.",
                choices=("invoker", "definer"),
            ),
            "leakproof": Attr(ValueKind.BOOL, "LEAKPROOF."),
            "parallel": Attr(
                ValueKind.WORD,
                "PARALLEL UNSAFE (the default), RESTRICTED or SAFE.",
                choices=("unsafe", "restricted", "safe"),
            ),
            "cost": Attr(ValueKind.NUMBER, "The planner's cost estimate."),
            "rows": Attr(ValueKind.NUMBER, "The planner's row estimate (set-returning functions)."),
            "set": Attr(
                ValueKind.STRING_MAP, 'Settings while it runs: `{ search_path = "public" }`.'
            ),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("arg",),
    ),
    BlockSpec(
        kind="procedure",
        doc="A procedure.",
        label=LabelRule.REQUIRED,
        attrs={
            "language": Attr(ValueKind.NAME, "The language: `sql`, `plpgsql`, ...", required=True),
            "body": Attr(ValueKind.SQL, "The procedure's body.", required=True),
            "security": Attr(
                ValueKind.WORD,
                "Run as the `invoker` (default) or the `definer`.",
                choices=("invoker", "definer"),
            ),
            "set": Attr(
                ValueKind.STRING_MAP, 'Settings while it runs: `{ search_path = "public" }`.'
            ),
            "comment": _COMMENT,
            "renamed_from": _RENAMED,
        },
        blocks=("arg",),
    ),
    BlockSpec(
        kind="arg",
        doc='An argument: `arg "name" TYPE { mode = inout }` (the name may be left out).',
        label=LabelRule.OPTIONAL,
        header=Header.REQUIRED,
        attrs={
            "mode": Attr(
                ValueKind.WORD,
                "`in` (the default), `out`, `inout` or `variadic`.",
                choices=("in", "out", "inout", "variadic"),
            ),
            "default": Attr(ValueKind.DEFAULT, 'The default: a literal, or sql("...").'),
        },
    ),
    BlockSpec(
        kind="grant",
        doc="Privileges on objects, granted to roles.",
        label=LabelRule.OPTIONAL,
        attrs={
            "privileges": Attr(
                ValueKind.PRIVILEGES,
                "`[select, insert, update(email)]`, or `[all]`.",
                required=True,
                choices=_privileges(POSTGRES_TABLES),
                choices_from=_privileges,
            ),
            "on": Attr(
                ValueKind.GRANT_ON,
                "Tables, views and sequences by name; `schema(x)`, `function(f)`, "
                "`procedure(p)`, `type(t)`, `table(t)`, `sequence(s)` to say which.",
                required=True,
            ),
            "to": Attr(ValueKind.NAMES, "The roles (`public` for everyone).", required=True),
            "with_grant_option": Attr(ValueKind.BOOL, "The roles may grant these privileges on."),
        },
    ),
]

BLOCKS: dict[str, BlockSpec] = {spec.kind: spec for spec in _BLOCK_LIST}

# The top level of a file: objects of the default schema, schemas and extensions.
FILE = BlockSpec(
    kind="file",
    doc="A .schema file.",
    label=LabelRule.NONE,
    blocks=("schema", *_SCHEMA_OBJECT_KINDS),
)

SCHEMA_OBJECTS = _SCHEMA_OBJECT_KINDS

# Words that stand as values (besides names the user declares).
_VALUE_WORDS = (
    "range",
    "list",
    "hash",
    "sql",
    "desc",
    "asc",
    "nulls",
    "first",
    "last",
    "opclass",
    "collate",
    "with",
    "setof",
    "table",
    "insert",
    "update",
    "delete",
    "truncate",
    "minvalue",
    "maxvalue",
    "schema",
    "function",
    "procedure",
    "type",
    "sequence",
)


def all_block_kinds() -> tuple[str, ...]:
    return tuple(sorted(BLOCKS))


def all_attribute_names() -> tuple[str, ...]:
    return tuple(sorted({name for spec in BLOCKS.values() for name in spec.attrs}))


def all_words() -> tuple[str, ...]:
    """Keywords that appear as values: enumerated choices and the language's own words."""
    words = {
        choice for spec in BLOCKS.values() for a in spec.attrs.values() for choice in a.choices
    }
    return tuple(sorted(words | set(_VALUE_WORDS)))
