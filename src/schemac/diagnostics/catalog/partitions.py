"""Partitioning and inheritance errors (E05xx, with the other constraints)."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label
from schemac.diagnostics.catalog._base import code, earlier, error
from schemac.source import Span

__all__ = [
    "E_DUPLICATE_COPY",
    "E_INHERITANCE",
    "E_INHERITED_COLUMN",
    "E_NO_PARTITION_BY",
    "E_PARTITION_BOUND",
    "E_PARTITION_INDEX_REPEATS",
    "E_PARTITION_UNIQUE",
    "E_TWO_DEFAULTS",
    "duplicate_copy",
    "inheritance",
    "inherited_column",
    "no_partition_by",
    "partition_bound",
    "partition_index_repeats",
    "partition_key_not_in_key",
    "two_default_partitions",
]

E_PARTITION_BOUND = code(
    "E0505",
    "partition-bounds",
    "partition bounds that do not fit the partition key",
    owner="check/rules/partition_bounds.py",
    docs="""
    Range partitions take `from` and `to` with one value per key column (or `minvalue`,
    `maxvalue`); list partitions take `in` (list partitioning has one key column); hash
    partitions take `modulus` and `remainder`, with 0 ≤ remainder < modulus; a hash
    partitioned table has no default partition. Values must fit the key columns' types.
    Partitions must not overlap: a range's `from` is below its `to` and ranges do not
    meet (checked for numbers and ISO dates and timestamps), a list value belongs to one
    partition, and hash moduli each divide the next larger one.
    """,
)
E_PARTITION_UNIQUE = code(
    "E0509",
    "partition-key-not-in-key",
    "a key of a partitioned table without the partition columns",
    owner="check/rules/partition_keys_in_keys.py",
    docs="""
    Primary keys, unique constraints and unique indexes of a partitioned table must
    include every partition key column, of sub-partitions too (and cannot exist when a
    key is an expression). So must the unique indexes of a partition that is partitioned
    again.
    """,
)
E_NO_PARTITION_BY = code(
    "E0511",
    "no-partition-by",
    "partitions of a table that is not partitioned",
    owner="check/rules/partition_bounds.py",
    docs="""
    A `partition` block belongs to a table with `partition_by = range(...)`, `list(...)`
    or `hash(...)`; the same holds for a partition's own partitions.
    """,
)
E_TWO_DEFAULTS = code(
    "E0512",
    "two-default-partitions",
    "two default partitions",
    owner="check/rules/partition_bounds.py",
    docs="""
    At most one partition of a table (or of a partition partitioned again) is
    `default = true`: the one that takes the rows no other partition does.
    """,
)
E_PARTITION_INDEX_REPEATS = code(
    "E0523",
    "partition-index-repeats",
    "an index of a partition that repeats its parent's index",
    owner="check/rules/partition_indexes.py",
    docs="""
    PostgreSQL puts every index of a partitioned table on each of its partitions (and every
    index of a partition that is partitioned again on its partitions). A partition's own
    index with the same definition (columns, order, method, predicate, `include`, ...)
    would be attached to the parent's instead of made, and then no longer be the
    partition's own: remove it, or make it differ.
    """,
)
E_INHERITANCE = code(
    "E0524",
    "invalid-inheritance",
    "a table inheritance PostgreSQL does not accept",
    owner="check/rules/inheritance.py",
    docs="""
    A table lists each table it inherits from once, and does not inherit from itself,
    directly or through others (`a` inherits from `b`, which inherits from `a`). Neither
    it nor a table it inherits from is partitioned: PostgreSQL keeps partitioning and
    inheritance apart (a table that is to hold some of a partitioned table's rows is a
    `partition` of it).
    """,
)
E_INHERITED_COLUMN = code(
    "E0525",
    "inherited-column-conflict",
    "a column that conflicts with a column of that name it inherits",
    owner="check/rules/inheritance.py",
    docs="""
    A table has one column of each name: a column it declares that a parent has too is
    merged into the parent's, and so are columns of one name that two parents have. They
    must have one type and one collation; a column that is NOT NULL in a parent is NOT
    NULL in the table too (no `?`); the table cannot compute it (`generated`), nor give
    it a default when the parent computes it; and two parents that give it different
    defaults need the table to declare the column with a default of its own.
    """,
)
E_DUPLICATE_COPY = code(
    "E0526",
    "duplicate-index-copy",
    "two names for a partition's copy of one index",
    owner="check/rules/known_copies.py",
    docs="""
    A partition has one copy of each index above it: two `index` blocks in it with the
    same `of` give that copy two names.
    """,
)


def partition_bound(span: Span, problem: str, help: str | None = None) -> Diagnostic:
    return error(E_PARTITION_BOUND, problem, span, "does not fit the partition key", help=help)


def partition_key_not_in_key(span: Span, what: str, missing: str) -> Diagnostic:
    return error(
        E_PARTITION_UNIQUE,
        f"{what} of a partitioned table must include the partition column `{missing}`",
        span,
        f"lacks `{missing}`",
        help="PostgreSQL enforces uniqueness per partition: each key holds the partition columns",
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
