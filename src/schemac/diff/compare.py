"""Which attributes of two objects of one kind differ: the comparison a dialect may refine.

An attribute is a field of the model's record (``type``, ``nullable``, ``default`` of a
column; ``columns``, ``where``, ``method`` of an index; ``body``, ``volatility`` of a
function; ...). What takes no part in comparing (where an object came from, how it is
renamed) is never one, and neither are the inner objects compared one by one (a table's
columns, a schema's tables): those are changes of their own. A `Comparer` holds one
function per kind of object; the default compares field by field, and a dialect that
sees two values as the same where the model's fields differ refines the kinds it must
(`Comparer.refined`). PostgreSQL takes the default: both states are in its canonical
form before they are compared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from schemac.diff.changes import ObjectKind
from schemac.ir import model as m

__all__ = [
    "COMPARER",
    "IGNORED",
    "SCHEMA_PARTS",
    "TABLE_PARTS",
    "Compare",
    "Comparer",
    "bare_partition",
    "differing",
    "partition_shape",
    "same",
]

# What takes no part in comparing two objects: where they came from and how they were
# renamed; and whether a materialized view is filled now, which is data (a REFRESH fills
# it), not schema: `with_data` says only how it is created.
IGNORED = frozenset(("origin", "renamed_from", "renamed_values", "depends_on", "with_data"))

# Inner objects of tables (and views), compared one by one rather than as attributes.
TABLE_PARTS: tuple[tuple[str, ObjectKind], ...] = (
    ("columns", ObjectKind.COLUMN),
    ("uniques", ObjectKind.UNIQUE),
    ("checks", ObjectKind.CHECK),
    ("exclusions", ObjectKind.EXCLUSION),
    ("foreign_keys", ObjectKind.FOREIGN_KEY),
    ("indexes", ObjectKind.INDEX),
    ("partitions", ObjectKind.PARTITION),
    ("triggers", ObjectKind.TRIGGER),
    ("policies", ObjectKind.POLICY),
)
SCHEMA_PARTS: tuple[tuple[str, ObjectKind], ...] = (
    ("collations", ObjectKind.COLLATION),
    ("enums", ObjectKind.ENUM),
    ("domains", ObjectKind.DOMAIN),
    ("composite_types", ObjectKind.COMPOSITE_TYPE),
    ("sequences", ObjectKind.SEQUENCE),
    ("functions", ObjectKind.FUNCTION),
    ("tables", ObjectKind.TABLE),
    ("views", ObjectKind.VIEW),
    ("materialized_views", ObjectKind.MATERIALIZED_VIEW),
)

# Per record type, the names of its fields that are compared (looked up once).
_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared(kind: type) -> tuple[str, ...]:
    names = _COMPARED.get(kind)
    if names is None:
        names = _COMPARED[kind] = tuple(
            f.name for f in dataclasses.fields(kind) if f.compare and f.name not in IGNORED
        )
    return names


def differing(old: Any, new: Any, *, parts: Iterable[str] = ()) -> frozenset[str]:
    """The fields of two records of one type whose values differ, but those in ``parts``."""
    skipped = frozenset(parts)
    return frozenset(
        name
        for name in _compared(type(old))
        if name not in skipped and getattr(old, name) != getattr(new, name)
    )


def same(old: Any, new: Any, *, parts: Iterable[str] = ()) -> bool:
    """Equal but for renames, origins and the fields named in ``parts``."""
    return not differing(old, new, parts=parts)


def bare_partition(partition: m.Partition) -> m.Partition:
    """A partition without its own indexes, at every level: what else it is."""
    return dataclasses.replace(
        partition, indexes=(), partitions=tuple(bare_partition(p) for p in partition.partitions)
    )


def partition_shape(partition: m.Partition) -> m.Partition:
    """What a partition is, at every level, but what changes in place.

    Its own indexes, its schema and the names of its copies of indexes above it.
    """
    return dataclasses.replace(
        partition,
        indexes=(),
        schema=None,
        copies=(),
        partitions=tuple(partition_shape(p) for p in partition.partitions),
    )


# Says which attributes of two objects of one kind (old, new) differ.
Compare = Callable[[Any, Any], frozenset[str]]

_RELATION_PARTS = (*(p for p, _ in TABLE_PARTS), "primary_key")


def _fields(old: Any, new: Any) -> frozenset[str]:
    return differing(old, new)


def _relation(old: Any, new: Any) -> frozenset[str]:
    """A table's, view's or materialized view's own attributes: not what is in it."""
    return differing(old, new, parts=_RELATION_PARTS)


def _schema(old: m.Schema, new: m.Schema) -> frozenset[str]:
    return differing(old, new, parts=[p for p, _ in SCHEMA_PARTS])


def _partition(old: m.Partition, new: m.Partition) -> frozenset[str]:
    """A partition's attributes, its sub-partitions' among them, without its own indexes."""
    return differing(bare_partition(old), bare_partition(new))


_DEFAULTS: dict[ObjectKind, Compare] = {
    ObjectKind.SCHEMA: _schema,
    ObjectKind.TABLE: _relation,
    ObjectKind.VIEW: _relation,
    ObjectKind.MATERIALIZED_VIEW: _relation,
    ObjectKind.PARTITION: _partition,
}


class Comparer:
    """Per kind of object, what says which attributes of two of them differ.

    A kind without a function of its own is compared field by field.
    """

    def __init__(self, compares: Mapping[ObjectKind, Compare] | None = None) -> None:
        self._compares = {**_DEFAULTS, **(compares or {})}

    def attributes(self, kind: ObjectKind, old: Any, new: Any) -> frozenset[str]:
        """The attributes of ``old`` and ``new``, two objects of ``kind``, that differ."""
        return self._compares.get(kind, _fields)(old, new)

    def refined(self, kind: ObjectKind, compare: Compare) -> Comparer:
        """This comparer with objects of ``kind`` compared by ``compare``."""
        return Comparer({**self._compares, kind: compare})


# The comparer of the model's fields, as they are: what PostgreSQL compares by.
COMPARER = Comparer()
