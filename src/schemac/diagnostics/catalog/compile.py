"""Errors found when compiling for a dialect (E06xx).

Binding the default schema, and constructs the target database cannot take.
"""

from __future__ import annotations

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.catalog._base import code, earlier, error
from schemac.source import Span

__all__ = [
    "E_BEFORE_WHEN_GENERATED",
    "E_DEFAULT_SCHEMA_CLASH",
    "E_NUL_CHARACTER",
    "E_PARTITIONED_EXCLUSION",
    "E_PARTITIONED_UNLOGGED",
    "before_when_generated",
    "default_schema_clash",
    "nul_character",
    "partitioned_exclusion",
    "partitioned_unlogged",
]

E_DEFAULT_SCHEMA_CLASH = code(
    "E0601",
    "default-schema-clash",
    "an object of the default schema clashes with one of the schema it is bound to",
    owner="ir/bind.py",
    docs="""
    Objects outside any `schema` block go into the default schema, `public` unless
    `--schema` names another. When a `schema` block of that same name declares an object of
    the same name (a table `users` at the top level and in `schema "public"`), the two
    cannot both exist. Rename one, or compile with another `--schema`.
    """,
)
E_PARTITIONED_EXCLUSION = code(
    "E0602",
    "partitioned-exclusion",
    "an exclusion constraint on a partitioned table",
    owner="dialects/postgres/ddl/validate.py",
    docs="""
    PostgreSQL accepts exclusion constraints on partitioned tables only from version 17;
    schemac compiles for PostgreSQL 15 and newer.
    """,
)
E_PARTITIONED_UNLOGGED = code(
    "E0603",
    "partitioned-table-limits",
    "what a partitioned table cannot have",
    owner="dialects/postgres/ddl/validate.py",
    docs="""
    A partitioned table holds no rows of its own; its partitions do. PostgreSQL refuses
    `unlogged = true` on it, a NO INHERIT check (which would not reach the partitions), and
    row-level triggers with transition tables (`old_table`, `new_table`), which it takes
    on a partitioned table only per statement.
    """,
)
E_NUL_CHARACTER = code(
    "E0604",
    "nul-character",
    "a NUL character, which PostgreSQL cannot store",
    owner="dialects/postgres/ddl/validate.py",
    docs=r"""
    Names and strings may not hold the character U+0000 (written `\u0000`): PostgreSQL's
    text cannot contain it.
    """,
)
E_BEFORE_WHEN_GENERATED = code(
    "E0605",
    "before-trigger-reads-generated",
    "a BEFORE trigger's `when` that reads generated columns of NEW",
    owner="dialects/postgres/ddl/validate.py",
    docs="""
    PostgreSQL computes stored generated columns after the BEFORE triggers have run, so a
    BEFORE trigger's condition may not read them: neither `NEW.column` of a generated
    column nor the whole row (`NEW.*`, `NEW`) when the table has one. Compare the columns
    they are computed from instead, or make the trigger AFTER.
    """,
)


def default_schema_clash(span: Span, other: Span | None, name: str, schema: str) -> Diagnostic:
    return error(
        E_DEFAULT_SCHEMA_CLASH,
        f"`{name}` is declared in the default schema and in schema `{schema}`,"
        " which the default schema is compiled into",
        span,
        "declared in the default schema",
        secondary=earlier(other, f"declared in schema `{schema}` here") if other else (),
        help="choose another default schema with `--schema`, or rename one of the two",
    )


def partitioned_exclusion(span: Span, table: str, version: str) -> Diagnostic:
    return error(
        E_PARTITIONED_EXCLUSION,
        f"PostgreSQL {version} cannot put an exclusion constraint on the partitioned"
        f" table `{table}`",
        span,
        "on a partitioned table",
        help="PostgreSQL 17 can; until then, enforce it with a trigger, or do not partition",
    )


def partitioned_unlogged(span: Span, table: str, what: str, label: str, help: str) -> Diagnostic:
    return error(
        E_PARTITIONED_UNLOGGED,
        f"the partitioned table `{table}` cannot have {what}",
        span,
        label,
        help=help,
    )


def nul_character(span: Span, what: str) -> Diagnostic:
    return error(
        E_NUL_CHARACTER,
        f"{what} holds a NUL character (`\\u0000`), which PostgreSQL cannot store",
        span,
        "in here",
        help="remove the NUL character",
    )


def before_when_generated(span: Span, trigger: str, what: str) -> Diagnostic:
    return error(
        E_BEFORE_WHEN_GENERATED,
        f"the BEFORE trigger `{trigger}` reads {what} in its `when`, but generated columns"
        " are computed only after BEFORE triggers",
        span,
        "this trigger",
        help="compare the columns the generated ones are computed from, or use an AFTER trigger",
    )
