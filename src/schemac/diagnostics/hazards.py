"""The codes of plan hazards (H), one family per kind (`schemac.plan.HazardKind`).

A kind's entry is named after it (`data loss` is `data-loss`) and its code is its
family's `00`: `Hazard.code` finds it by the kind. Finer codes for one family go here
too, numbered on from `01` (diagnostics/registry.py says why).
"""

from __future__ import annotations

from schemac.diagnostics.registry import register

__all__ = [
    "H_BACKWARD_INCOMPATIBLE",
    "H_DATA_DEPENDENT",
    "H_DATA_LOSS",
    "H_LONG_LOCK",
    "H_TABLE_REWRITE",
]

H_DATA_LOSS = register(
    "H0100",
    "data-loss",
    "data loss: rows, columns or values that cannot come back",
    owner="plan.py",
    docs="""
    Dropping a table, partition, column, schema, extension or enum value; a narrowing
    type change (`text` to `varchar(20)`); dropping what an unmanaged object belongs to
    (a view with a rule). What the statement removes is gone once the plan commits, and
    its reverse cannot bring it back.

    `schemac apply` refuses a plan with a data-loss hazard unless `--allow-destructive`
    is given, naming each statement that loses data:

    ```sql
    -- hazard data loss: the values of app.users.name
    ALTER TABLE app.users DROP COLUMN name;
    ```
    """,
).code

H_TABLE_REWRITE = register(
    "H0200",
    "table-rewrite",
    "table rewrite: the table and its indexes are written again",
    owner="plan.py",
    docs="""
    A type change PostgreSQL cannot do in place (`integer` to `text`), `SET LOGGED` or
    `SET UNLOGGED`, a new identity or generated column, an enum type swap: PostgreSQL
    writes the whole table and its indexes again, taking time and disk in proportion to
    the table's size, under an ACCESS EXCLUSIVE lock.
    """,
).code

H_LONG_LOCK = register(
    "H0300",
    "long-lock",
    "long lock: an ACCESS EXCLUSIVE or SHARE lock held while work is done",
    owner="plan.py",
    docs="""
    ACCESS EXCLUSIVE held while rows are rewritten or checked (a new check constraint or
    foreign key, `SET NOT NULL`, a type change); a SHARE lock while an index is built
    without `CONCURRENTLY` or a domain's new rule is checked, during which writes to the
    table wait; a materialized view that holds rows made again (its query runs in the
    transaction). `schemac apply --concurrent-indexes` builds and drops indexes
    `CONCURRENTLY`, outside the transaction.
    """,
).code

H_DATA_DEPENDENT = register(
    "H0400",
    "data-dependent",
    "data dependent: fails if existing rows break the new rule",
    owner="plan.py",
    docs="""
    A NOT NULL column without a default, `SET NOT NULL`, a new unique, primary key,
    check, exclusion or foreign key constraint, a unique index, a narrowing type change:
    each succeeds on an empty table and fails when existing rows break it (a null, a
    repeated value, a value that does not fit). Also dropping a schema that holds an
    unmanaged object. Run the plan against a copy of the data first.
    """,
).code

H_BACKWARD_INCOMPATIBLE = register(
    "H0500",
    "backward-incompatible",
    "backward incompatible: running code may break",
    owner="plan.py",
    docs="""
    Renames (declared with `renamed_from`): code that still uses the old name breaks as
    soon as the plan commits. Also a materialized view that holds rows made again `WITH
    NO DATA` (reading it fails until it is refreshed), and row level security turned on
    or forced (roles see only the rows a policy gives them). Deploy code that uses the
    new names with the migration, or keep the old names until it is deployed.
    """,
).code
