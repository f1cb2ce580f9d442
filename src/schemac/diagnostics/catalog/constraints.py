"""Constraint errors and warnings (E05xx, W05xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label
from schemac.diagnostics.catalog._base import article, code, earlier, error, warning
from schemac.source import Span

__all__ = [
    "E_ARGUMENT_DEFAULTS",
    "E_COLLATION_SETTINGS",
    "E_DUPLICATE_COPY",
    "E_DUPLICATE_KEY_COLUMN",
    "E_FK_COUNT",
    "E_FK_NOT_UNIQUE",
    "E_FK_TYPES",
    "E_GENERATED_DEFAULT",
    "E_IDENTITY_DEFAULT",
    "E_IDENTITY_NULLABLE",
    "E_INDEX_METHOD",
    "E_INHERITANCE",
    "E_INHERITED_COLUMN",
    "E_NO_PARTITION_BY",
    "E_PARTITION_BOUND",
    "E_PARTITION_INDEX_REPEATS",
    "E_PARTITION_UNIQUE",
    "E_PK_NULLABLE",
    "E_POLICY_EXPRESSION",
    "E_RENAMED_EXISTS",
    "E_SEQUENCE_OPTIONS",
    "E_SET_NULL_COLUMNS",
    "E_TRIGGER_FUNCTION",
    "E_TRIGGER_TIMING",
    "E_TWO_DEFAULTS",
    "E_TWO_PRIMARY_KEYS",
    "W_FK_INDEX",
    "W_POLICY_NO_RLS",
    "W_RLS_NO_POLICY",
    "W_SET_NULL_NOT_NULL",
    "argument_defaults",
    "collation_settings",
    "duplicate_copy",
    "duplicate_key_column",
    "fk_column_count",
    "fk_no_primary_key",
    "fk_not_unique",
    "fk_type_mismatch",
    "fk_without_index",
    "generated_with",
    "identity_nullable",
    "identity_with_default",
    "index_method",
    "inheritance",
    "inherited_column",
    "no_partition_by",
    "partition_bound",
    "partition_index_repeats",
    "partition_key_not_in_key",
    "pk_nullable",
    "policy_expression",
    "policy_without_rls",
    "renamed_from_exists",
    "rls_without_policy",
    "second_primary_key",
    "sequence_options",
    "set_null_columns",
    "set_null_columns_on_update",
    "set_null_not_null",
    "trigger_function_arguments",
    "trigger_function_returns",
    "trigger_timing",
    "two_default_partitions",
]

E_FK_COUNT = code("E0501", "a foreign key's column count differs from the referenced columns'")
E_FK_TYPES = code("E0502", "a foreign key column's type does not match the referenced column's")
E_FK_NOT_UNIQUE = code("E0503", "a foreign key to columns that are not a primary key or unique")
E_GENERATED_DEFAULT = code("E0504", "a generated column with a default or an identity")
E_PARTITION_BOUND = code("E0505", "partition bounds that do not fit the partition key")
E_RENAMED_EXISTS = code("E0506", "`renamed_from` names an object that still exists")
E_IDENTITY_NULLABLE = code("E0507", "a nullable identity column")
E_PK_NULLABLE = code("E0508", "a nullable primary key column")
E_PARTITION_UNIQUE = code("E0509", "a key of a partitioned table without the partition columns")
E_TRIGGER_FUNCTION = code(
    "E0510", "a trigger whose function does not return `trigger`, or takes arguments"
)
E_NO_PARTITION_BY = code("E0511", "partitions of a table that is not partitioned")
E_TWO_DEFAULTS = code("E0512", "two default partitions")
E_IDENTITY_DEFAULT = code("E0513", "an identity column with a default")
E_TWO_PRIMARY_KEYS = code("E0514", "more than one primary key")
E_TRIGGER_TIMING = code("E0515", "a trigger timing, level or event the object cannot have")
E_SET_NULL_COLUMNS = code(
    "E0516", "`set_null(...)` columns outside the foreign key, or in `on_update`"
)
E_DUPLICATE_KEY_COLUMN = code("E0517", "a column listed twice in a key")
E_POLICY_EXPRESSION = code("E0518", "a policy expression its command does not take")
E_INDEX_METHOD = code("E0519", "an index option its method does not support")
E_SEQUENCE_OPTIONS = code("E0520", "sequence options that contradict each other")
E_ARGUMENT_DEFAULTS = code("E0521", "argument defaults PostgreSQL does not accept")
E_COLLATION_SETTINGS = code("E0522", "collation settings PostgreSQL does not accept")
E_PARTITION_INDEX_REPEATS = code("E0523", "an index of a partition that repeats its parent's index")
E_INHERITANCE = code("E0524", "a table inheritance PostgreSQL does not accept")
E_INHERITED_COLUMN = code("E0525", "a column that conflicts with a column of that name it inherits")
E_DUPLICATE_COPY = code("E0526", "two names for a partition's copy of one index")
W_FK_INDEX = code("W0501", "a foreign key with no index on its columns")
W_POLICY_NO_RLS = code("W0502", "policies on a table without row level security")
W_RLS_NO_POLICY = code("W0503", "row level security with no policy")
W_SET_NULL_NOT_NULL = code("W0504", "`set_null` on a column that cannot be null")


def fk_column_count(span: Span, target: Span, columns: int, referenced: int) -> Diagnostic:
    return error(
        E_FK_COUNT,
        f"this foreign key has {columns} column{'s' if columns != 1 else ''} but references "
        f"{referenced}",
        span,
        f"{columns} here",
        secondary=(Label(span=target, message=f"{referenced} here"),),
        help="list as many referencing columns as referenced ones, in the same order",
    )


def fk_type_mismatch(
    span: Span, target: Span, column: str, type_name: str, *, ref: str, ref_type: str
) -> Diagnostic:
    return error(
        E_FK_TYPES,
        f"`{column}` is `{type_name}` but references `{ref}`, which is `{ref_type}`",
        span,
        f"`{type_name}`",
        secondary=(Label(span=target, message=f"`{ref_type}`"),),
        help=f"give `{column}` the type `{ref_type}`",
    )


def fk_not_unique(span: Span, table: str, columns: str, help: str | None) -> Diagnostic:
    return error(
        E_FK_NOT_UNIQUE,
        f"`{table}({columns})` is not a primary key or unique constraint",
        span,
        "not unique",
        help=help or f"add `unique {{ columns = [{columns}] }}` to `{table}`",
    )


def fk_no_primary_key(span: Span, table: str) -> Diagnostic:
    return error(
        E_FK_NOT_UNIQUE,
        f"`{table}` has no primary key to reference",
        span,
        "no primary key",
        help=f"name the referenced columns, `{table}(column)`, or give `{table}` a primary key",
    )


def generated_with(span: Span, other: Span, column: str, what: str) -> Diagnostic:
    return error(
        E_GENERATED_DEFAULT,
        f"generated column `{column}` cannot have {article(what)}",
        span,
        "generated here",
        secondary=(Label(span=other, message=f"the {what}"),),
        help=f"a generated column computes its value; remove the {what}",
    )


def partition_bound(span: Span, problem: str, help: str | None = None) -> Diagnostic:
    return error(E_PARTITION_BOUND, problem, span, "does not fit the partition key", help=help)


def renamed_from_exists(
    span: Span, existing: Span, kind: str, name: str, *, itself: bool = False
) -> Diagnostic:
    if itself:
        return error(
            E_RENAMED_EXISTS,
            f"`{name}` is renamed from itself",
            span,
            "the same name",
            help="`renamed_from` gives the old name; remove it once the rename is applied",
        )
    return error(
        E_RENAMED_EXISTS,
        f"`renamed_from` names the {kind} `{name}`, which still exists",
        span,
        "renamed from here",
        secondary=(Label(span=existing, message=f"`{name}` is still declared here"),),
        help=f"remove the old `{name}`, or the `renamed_from`",
    )


def identity_nullable(span: Span, column: str) -> Diagnostic:
    return error(
        E_IDENTITY_NULLABLE,
        f"identity column `{column}` is declared nullable",
        span,
        "nullable",
        help="identity columns are always NOT NULL; remove the `?`",
    )


def pk_nullable(span: Span, key: Span, column: str) -> Diagnostic:
    return error(
        E_PK_NULLABLE,
        f"primary key column `{column}` is declared nullable",
        span,
        "nullable",
        secondary=(Label(span=key, message="part of the primary key"),),
        help="primary key columns are always NOT NULL; remove the `?`",
    )


def partition_key_not_in_key(span: Span, what: str, missing: str) -> Diagnostic:
    return error(
        E_PARTITION_UNIQUE,
        f"{what} of a partitioned table must include the partition column `{missing}`",
        span,
        f"lacks `{missing}`",
        help="PostgreSQL enforces uniqueness per partition: each key holds the partition columns",
    )


def trigger_function_returns(span: Span, function: str, returns: str) -> Diagnostic:
    return error(
        E_TRIGGER_FUNCTION,
        f"function `{function}` returns `{returns}`, not `trigger`",
        span,
        "not a trigger function",
        help="a trigger calls a function declared with `returns = trigger`",
    )


def trigger_function_arguments(span: Span, function: str) -> Diagnostic:
    return error(
        E_TRIGGER_FUNCTION,
        f"trigger function `{function}` declares arguments",
        span,
        "a trigger function takes none",
        help="a trigger passes its arguments in TG_ARGV; remove the `arg` blocks",
    )


def no_partition_by(span: Span, table: str) -> Diagnostic:
    return error(
        E_NO_PARTITION_BY,
        f"`{table}` has partitions but no `partition_by`",
        span,
        "a partition",
        help=f"add `partition_by = range(column)` (or `list(...)`, `hash(...)`) to `{table}`",
    )


def two_default_partitions(span: Span, first: Span) -> Diagnostic:
    return error(
        E_TWO_DEFAULTS,
        "a table has one default partition at most",
        span,
        "a second default partition",
        secondary=earlier(first, "the first default partition"),
    )


def identity_with_default(span: Span, default: Span, column: str) -> Diagnostic:
    return error(
        E_IDENTITY_DEFAULT,
        f"identity column `{column}` cannot also have a default",
        span,
        "identity here",
        secondary=(Label(span=default, message="default here"),),
        help="an identity column takes its values from its sequence; remove the default",
    )


def second_primary_key(span: Span, first: Span) -> Diagnostic:
    return error(
        E_TWO_PRIMARY_KEYS,
        "a table has one primary key at most",
        span,
        "a second primary key",
        secondary=earlier(first, "the first primary key"),
        help="for a key over several columns, list them in one: `primary_key = [a, b]`",
    )


def trigger_timing(span: Span, problem: str, help: str | None) -> Diagnostic:
    return error(E_TRIGGER_TIMING, problem, span, "not possible here", help=help)


def set_null_columns(span: Span, column: str) -> Diagnostic:
    return error(
        E_SET_NULL_COLUMNS,
        f"`{column}` is not one of the foreign key's columns",
        span,
        "not in the foreign key",
        help="set_null(...) and set_default(...) name a subset of the foreign key's columns",
    )


def duplicate_key_column(span: Span, first: Span, column: str, what: str) -> Diagnostic:
    return error(
        E_DUPLICATE_KEY_COLUMN,
        f"`{column}` appears twice in {what}",
        span,
        "listed again here",
        secondary=(Label(span=first, message="first listed here"),),
        help="list each column once",
    )


def policy_expression(span: Span, expression: str, command: str) -> Diagnostic:
    help = {
        "using": "an insert policy checks new rows only: use `with_check`",
        "with_check": "select and delete policies see existing rows only: use `using`",
    }[expression]
    return error(
        E_POLICY_EXPRESSION,
        f"a policy for {command} takes no `{expression}`",
        span,
        f"not for {command}",
        help=help,
    )


def index_method(span: Span, method: str, problem: str, help: str) -> Diagnostic:
    return error(E_INDEX_METHOD, f"{method} indexes {problem}", span, "not supported", help=help)


def sequence_options(span: Span, problem: str) -> Diagnostic:
    return error(E_SEQUENCE_OPTIONS, problem, span, "contradicts the other options")


def set_null_columns_on_update(span: Span, action: str) -> Diagnostic:
    return error(
        E_SET_NULL_COLUMNS,
        f"`{action}(...)` with columns is only for `on_delete`",
        span,
        "not in `on_update`",
        help=f"write `on_update = {action}`; PostgreSQL takes a column list on delete only",
    )


def fk_without_index(span: Span, table: str, columns: str) -> Diagnostic:
    return warning(
        W_FK_INDEX,
        f"no index on `{table}({columns})` for this foreign key",
        span,
        "unindexed foreign key",
        help=f"deletes and updates of the referenced rows scan `{table}`; add "
        f"`index {{ on = [{columns}] }}`",
    )


def policy_without_rls(span: Span, table: str) -> Diagnostic:
    return warning(
        W_POLICY_NO_RLS,
        f"`{table}` has policies but row level security is not enabled",
        span,
        "has no effect yet",
        help="add `row_level_security = enabled` to the table",
    )


def rls_without_policy(span: Span, table: str) -> Diagnostic:
    return warning(
        W_RLS_NO_POLICY,
        f"row level security is on for `{table}` but no policy grants access",
        span,
        "no policy",
        help="every role but the owner (and superusers) will see no rows; add a `policy`",
    )


def set_null_not_null(span: Span, column_span: Span, column: str, *, on_delete: bool) -> Diagnostic:
    when = "a referenced row is deleted" if on_delete else "a referenced key changes"
    return warning(
        W_SET_NULL_NOT_NULL,
        f"`set_null` would set `{column}`, which cannot be null",
        span,
        f"fails when {when}",
        secondary=(Label(span=column_span, message="declared NOT NULL here"),),
        help=f"make `{column}` nullable (`?`), or choose another action",
    )


def argument_defaults(span: Span, message: str, help: str) -> Diagnostic:
    return error(E_ARGUMENT_DEFAULTS, message, span, "here", help=help)


def collation_settings(
    span: Span, message: str, label: str, help: str, other: tuple[Span, str] | None = None
) -> Diagnostic:
    """A collation's provider, locales and determinism that do not go together."""
    secondary = (Label(span=other[0], message=other[1]),) if other is not None else ()
    return error(E_COLLATION_SETTINGS, message, span, label, secondary=secondary, help=help)


def partition_index_repeats(
    span: Span, index: str, partition: str, *, parent_span: Span, parent_index: str, parent: str
) -> Diagnostic:
    return error(
        E_PARTITION_INDEX_REPEATS,
        f"the index `{index}` of partition `{partition}` is the index `{parent_index}`"
        f" of `{parent}` again",
        span,
        "the same index",
        secondary=(Label(span=parent_span, message=f"`{parent_index}` of `{parent}`"),),
        help=f"`{partition}` has `{parent_index}` already, as every partition does: remove"
        " this one (PostgreSQL would merge the two)",
    )


def inheritance(
    span: Span, message: str, label: str, help: str, *, secondary: tuple[Label, ...] = ()
) -> Diagnostic:
    return error(E_INHERITANCE, message, span, label, secondary=secondary, help=help)


def inherited_column(
    span: Span, message: str, label: str, help: str, *, secondary: tuple[Label, ...] = ()
) -> Diagnostic:
    return error(E_INHERITED_COLUMN, message, span, label, secondary=secondary, help=help)


def duplicate_copy(span: Span, first: Span, index: str, partition: str) -> Diagnostic:
    return error(
        E_DUPLICATE_COPY,
        f"partition `{partition}` names its copy of `{index}` twice",
        span,
        "a second name",
        secondary=earlier(first, "first named here"),
        help=f"a partition has one copy of `{index}`: keep one of these blocks",
    )
