"""Constraint errors and warnings (E05xx, W05xx)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label
from schemac.diagnostics.catalog._base import (
    article,
    code,
    earlier,
    error,
    remove_mark,
    warning,
)
from schemac.source import Span

__all__ = [
    "E_ARGUMENT_DEFAULTS",
    "E_COLLATION_SETTINGS",
    "E_DUPLICATE_KEY_COLUMN",
    "E_FK_COUNT",
    "E_FK_NOT_UNIQUE",
    "E_FK_TYPES",
    "E_GENERATED_DEFAULT",
    "E_IDENTITY_DEFAULT",
    "E_IDENTITY_NULLABLE",
    "E_INDEX_METHOD",
    "E_PK_NULLABLE",
    "E_POLICY_EXPRESSION",
    "E_RENAMED_EXISTS",
    "E_SEQUENCE_OPTIONS",
    "E_SET_NULL_COLUMNS",
    "E_TRIGGER_FUNCTION",
    "E_TRIGGER_TIMING",
    "E_TWO_PRIMARY_KEYS",
    "W_FK_INDEX",
    "W_POLICY_NO_RLS",
    "W_RLS_NO_POLICY",
    "W_SET_NULL_NOT_NULL",
    "argument_defaults",
    "collation_settings",
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
]

E_FK_COUNT = code(
    "E0501",
    "fk-column-count",
    "a foreign key's column count differs from the referenced columns'",
    owner="check/rules/fk_column_count.py",
    docs="""
    A foreign key lists as many columns as it references, in the same order:
    `columns = [order_id]` with `references = order_lines(order_id, line_no)` is one
    column short. A foreign key without referenced columns (`references = order_lines`)
    references the primary key, and is counted against its columns.
    """,
)
E_FK_TYPES = code(
    "E0502",
    "fk-type-mismatch",
    "a foreign key column's type does not match the referenced column's",
    owner="check/rules/fk_types.py",
    docs="""
    PostgreSQL needs an equality operator between the two types (or an implicit cast to
    the referenced type): integers reference integers, strings strings, and so on.
    Domains are compared by their base types.
    """,
)
E_FK_NOT_UNIQUE = code(
    "E0503",
    "fk-target-not-unique",
    "a foreign key to columns that are not a primary key or unique",
    owner="check/rules/fk_target_unique.py",
    docs="""
    The referenced columns must be the primary key, a unique constraint, or a unique
    index without expressions or predicate. A foreign key without columns
    (`references = authors`) references the primary key, which must exist.
    """,
)
E_GENERATED_DEFAULT = code(
    "E0504",
    "generated-with-default",
    "a generated column with a default or an identity",
    owner="check/rules/generated_column.py",
    docs="""
    A generated column computes its value from the others (`generated = sql("...")`), so
    it cannot also have a `default` or be an identity column. Remove one of the two.
    """,
)
E_RENAMED_EXISTS = code(
    "E0506",
    "renamed-from-exists",
    "`renamed_from` names an object that still exists",
    owner="check/rules/renamed_from_exists.py",
    docs="""
    A rename from a name still in use would clash; remove the old object or the
    `renamed_from`.
    """,
)
E_IDENTITY_NULLABLE = code(
    "E0507",
    "identity-nullable",
    "a nullable identity column",
    owner="check/rules/identity_column.py",
    docs="""
    An identity column is always NOT NULL; `bigint? { identity = always }` declares it
    nullable. Remove the `?`.
    """,
)
E_PK_NULLABLE = code(
    "E0508",
    "primary-key-nullable",
    "a nullable primary key column",
    owner="check/rules/pk_nullable.py",
    docs="""
    PostgreSQL makes primary key columns NOT NULL whatever is declared; schemac asks for
    the declaration to say so, so that the schema and the database agree.
    """,
)
E_TRIGGER_FUNCTION = code(
    "E0510",
    "trigger-function",
    "a trigger whose function does not return `trigger`, or takes arguments",
    owner="check/rules/trigger_function.py",
    docs="""
    A trigger function is declared `returns = trigger` and with no `arg` blocks: the
    arguments a trigger gives (`execute = audit("posts")`) reach it in `TG_ARGV`.
    """,
)
E_IDENTITY_DEFAULT = code(
    "E0513",
    "identity-with-default",
    "an identity column with a default",
    owner="check/rules/identity_column.py",
    docs="""
    An identity column takes its values from its own sequence, so it has no `default`.
    Remove the default, or make the column a plain one with
    `default = sql("nextval('name')")`.
    """,
)
E_TWO_PRIMARY_KEYS = code(
    "E0514",
    "two-primary-keys",
    "more than one primary key",
    owner="check/shape_table.py",
    docs="""
    `primary_key = [...]`, a `primary_key` block and `primary_key = true` on a column are
    three ways to declare the one primary key.
    """,
)
E_TRIGGER_TIMING = code(
    "E0515",
    "trigger-timing",
    "a trigger timing, level or event the object cannot have",
    owner="check/rules/trigger_timing.py",
    docs="""
    INSTEAD OF triggers are for views and fire per row; a view's other triggers fire per
    statement; TRUNCATE triggers fire per statement; transition tables (`old_table`,
    `new_table`) belong to AFTER triggers on one event without columns; constraint
    triggers are AFTER and per row; only constraint triggers are deferrable. Also a
    column list after `set_null` or `set_default` in `on_update`, which only `on_delete`
    takes.
    """,
)
E_SET_NULL_COLUMNS = code(
    "E0516",
    "set-null-columns",
    "`set_null(...)` columns outside the foreign key, or in `on_update`",
    owner="check/rules/set_null_columns.py",
    docs="""
    `on_delete = set_null(a)` names some of the foreign key's own columns; PostgreSQL
    takes such a column list for `on_delete` only.
    """,
)
E_DUPLICATE_KEY_COLUMN = code(
    "E0517",
    "duplicate-key-column",
    "a column listed twice in a key",
    owner="check/rules/duplicate_key_columns.py",
    docs="""
    A primary key, unique constraint or foreign key names each column once.
    """,
)
E_POLICY_EXPRESSION = code(
    "E0518",
    "policy-expression",
    "a policy expression its command does not take",
    owner="check/rules/policy_expressions.py",
    docs="""
    A policy `for = insert` checks new rows only (`with_check`, no `using`); `for = select`
    and `for = delete` see existing rows only (`using`, no `with_check`).
    """,
)
E_INDEX_METHOD = code(
    "E0519",
    "index-method",
    "an index option its method does not support",
    owner="check/rules/index_methods.py",
    docs="""
    Only btree indexes can be unique; `include` needs btree, gist or spgist; only btree
    sorts (`desc`, `nulls first|last`).
    """,
)
E_SEQUENCE_OPTIONS = code(
    "E0520",
    "sequence-options",
    "sequence options that contradict each other",
    owner="check/rules/sequence_options.py",
    docs="""
    `min_value` not below `max_value`, `start` outside them (the default `min_value` of an
    ascending sequence is 1), `increment = 0`, `cache` below 1, or a value that does not
    fit the type. Also for identity columns' options.
    """,
)
E_ARGUMENT_DEFAULTS = code(
    "E0521",
    "argument-defaults",
    "argument defaults PostgreSQL does not accept",
    owner="check/rules/argument_defaults.py",
    docs="""
    Only input arguments (`in`, `inout`, `variadic`) take defaults; once an input argument
    has a default, every input argument after it needs one; and a procedure's `out`
    arguments cannot follow an argument with a default.
    """,
)
E_COLLATION_SETTINGS = code(
    "E0522",
    "collation-settings",
    "collation settings PostgreSQL does not accept",
    owner="check/rules/collation_options.py",
    docs="""
    An ICU collation (`provider = icu`) needs `locale` and reads nothing else; a libc
    collation needs `locale`, or both `lc_collate` and `lc_ctype`; only an ICU collation
    can be nondeterministic (`deterministic = false`).
    """,
)
W_FK_INDEX = code(
    "W0501",
    "fk-without-index",
    "a foreign key with no index on its columns",
    owner="check/rules/fk_index.py",
    docs="""
    Deleting or updating a referenced row makes PostgreSQL look for referencing rows; with
    no index leading with the foreign key's columns, that is a scan of the whole table.
    """,
)
W_POLICY_NO_RLS = code(
    "W0502",
    "policies-without-rls",
    "policies on a table without row level security",
    owner="check/rules/policies_need_rls.py",
    docs="""
    Policies do nothing until `row_level_security = enabled`.
    """,
)
W_RLS_NO_POLICY = code(
    "W0503",
    "rls-without-policies",
    "row level security with no policy",
    owner="check/rules/policies_need_rls.py",
    docs="""
    With row level security on and no policy, every role but the owner sees no rows.
    """,
)
W_SET_NULL_NOT_NULL = code(
    "W0504",
    "set-null-not-null",
    "`set_null` on a column that cannot be null",
    owner="check/rules/set_null_nullable.py",
    docs="""
    `on_delete = set_null` (or `on_update`) on a foreign key whose column is NOT NULL:
    the action would fail when a referenced row is deleted (or updated). Make the column
    nullable (`bigint?`), or choose another action (`cascade`, `restrict`).
    """,
)


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
        fixes=remove_mark(span, "?"),
    )


def pk_nullable(span: Span, key: Span, column: str) -> Diagnostic:
    return error(
        E_PK_NULLABLE,
        f"primary key column `{column}` is declared nullable",
        span,
        "nullable",
        secondary=(Label(span=key, message="part of the primary key"),),
        help="primary key columns are always NOT NULL; remove the `?`",
        fixes=remove_mark(span, "?"),
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
