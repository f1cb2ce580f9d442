"""The generic differ: two databases in, the changes that take the first to the second out.

Objects match by name (functions by name and argument types). An object whose
``renamed_from`` names an object of the old state that the new state no longer has is
that object renamed: a RENAME change, then the differences under the new name, never a
drop and an add. A table, view or materialized view that exists on both sides is
compared attribute by attribute, and its columns, constraints, indexes, partitions,
triggers and policies one by one (a partition's own indexes too, as a table's); other
objects are compared whole (the planner works out what differs). Both states must be
bound (no default schema) and, for expressions to compare, in the same canonical form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.follow import find_renames, follow_renames
from schemac.diff.matching import match
from schemac.ir import model as m

__all__ = ["bare_partition", "diff_databases", "match", "partition_shape", "same"]

# What takes no part in comparing two objects: where they came from and how they were
# renamed; and whether a materialized view is filled now, which is data (a REFRESH fills
# it), not schema: `with_data` says only how it is created.
_IGNORED = ("origin", "renamed_from", "renamed_values", "depends_on", "with_data")

# Inner objects of tables (and views), compared one by one rather than as attributes.
_TABLE_PARTS: tuple[tuple[str, ObjectKind], ...] = (
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
_SCHEMA_PARTS: tuple[tuple[str, ObjectKind], ...] = (
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


def _blank(obj: Any, names: Iterable[str]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for name in names:
        f = fields.get(name)
        if f is None:
            continue
        if f.default is not dataclasses.MISSING:
            changes[name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            changes[name] = f.default_factory()
        else:
            changes[name] = ()
    return dataclasses.replace(obj, **changes) if changes else obj


def same(old: Any, new: Any, *, parts: Iterable[str] = ()) -> bool:
    """Equal but for renames, origins and the inner objects named in ``parts``."""
    names = (*_IGNORED, *parts)
    return bool(_blank(old, names) == _blank(new, names))


def _function_key(f: m.Function) -> Hashable:
    return (f.name, tuple(_type_key(t) for t in f.signature))


def _type_key(t: Any) -> Hashable:
    return (t.kind, t.schema, t.name, t.modifiers, t.array_dims) if t is not None else None


def _key_of(kind: ObjectKind) -> Callable[[Any], Hashable]:
    if kind is ObjectKind.FUNCTION:
        return _function_key
    return lambda obj: obj.name


class _Differ:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(  # noqa: PLR0917 (a change's fields, in their order)
        self,
        kind: ChangeKind,
        obj: ObjectKind,
        schema: str | None,
        parent: str | None,
        old: Any = None,
        new: Any = None,
    ) -> None:
        self.changes.append(
            Change(kind=kind, object=obj, schema=schema, parent=parent, old=old, new=new)
        )

    # ------------------------------------------------------------------ database

    def database(self, old: m.Database, new: m.Database) -> None:
        pairs, dropped, added = match(old.extensions, new.extensions, lambda e: e.name)
        for e in added:
            self.add(ChangeKind.ADD, ObjectKind.EXTENSION, None, None, new=e)
        for a, b, _ in pairs:
            if not same(a, b):
                self.add(ChangeKind.ALTER, ObjectKind.EXTENSION, None, None, a, b)
        for e in dropped:
            self.add(ChangeKind.DROP, ObjectKind.EXTENSION, None, None, old=e)

        schemas, gone, fresh = match(old.schemas, new.schemas, lambda s: s.name)
        for s in fresh:
            self.add(ChangeKind.ADD, ObjectKind.SCHEMA, None, None, new=s)
            self.schema_contents(m.Schema(name=s.name), s, s.name)
        for a, b, renamed in schemas:
            if renamed:
                self.add(ChangeKind.RENAME, ObjectKind.SCHEMA, None, None, a, b)
            if not same(a, b, parts=[p for p, _ in _SCHEMA_PARTS] + ["name"]):
                self.add(ChangeKind.ALTER, ObjectKind.SCHEMA, None, None, a, b)
            self.schema_contents(a, b, b.name)
        for s in gone:
            self.schema_contents(s, m.Schema(name=s.name), s.name)
            self.add(ChangeKind.DROP, ObjectKind.SCHEMA, None, None, old=s)
        self.grants(old.grants, new.grants)

    def grants(self, old: Sequence[m.Grant], new: Sequence[m.Grant]) -> None:
        def key(g: m.Grant) -> Hashable:
            return (g.target, g.grantee, g.columns)

        pairs, dropped, added = match(old, new, key)
        for g in dropped:
            self.add(ChangeKind.DROP, ObjectKind.GRANT, None, None, old=g)
        for a, b, _ in pairs:
            if not same(a, b):
                self.add(ChangeKind.ALTER, ObjectKind.GRANT, None, None, a, b)
        for g in added:
            self.add(ChangeKind.ADD, ObjectKind.GRANT, None, None, new=g)

    # ------------------------------------------------------------------ schema

    def schema_contents(self, old: m.Schema, new: m.Schema, schema: str | None) -> None:
        for field, kind in _SCHEMA_PARTS:
            pairs, dropped, added = match(getattr(old, field), getattr(new, field), _key_of(kind))
            for obj in dropped:
                self.add(ChangeKind.DROP, kind, schema, None, old=obj)
            for obj in added:
                self.add(ChangeKind.ADD, kind, schema, None, new=obj)
            for a, b, renamed in pairs:
                if a == b:  # the common case, and a quick one: nothing inside differs either
                    continue
                if renamed:
                    self.add(ChangeKind.RENAME, kind, schema, None, a, b)
                if kind in (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
                    self.relation(kind, a, b, schema)
                elif not same(a, b, parts=["name"] if renamed else ()):
                    self.add(ChangeKind.ALTER, kind, schema, None, a, b)

    # ------------------------------------------------------------------ tables and views

    def relation(self, kind: ObjectKind, old: Any, new: Any, schema: str | None) -> None:
        parts = [p for p, _ in _TABLE_PARTS if hasattr(new, p)]
        inner = [*parts, "primary_key", "name"] if kind is ObjectKind.TABLE else [*parts, "name"]
        if not same(old, new, parts=inner):
            self.add(ChangeKind.ALTER, kind, schema, None, old, new)
        if kind is ObjectKind.TABLE:
            self.primary_key(old, new, schema)
        for field, part in _TABLE_PARTS:
            if hasattr(new, field):
                self.inner(part, getattr(old, field), getattr(new, field), schema, new.name)

    def primary_key(self, old: m.Table, new: m.Table, schema: str | None) -> None:
        a, b = old.primary_key, new.primary_key
        if a is None and b is None:
            return
        if a is None:
            self.add(ChangeKind.ADD, ObjectKind.PRIMARY_KEY, schema, new.name, new=b)
        elif b is None:
            self.add(ChangeKind.DROP, ObjectKind.PRIMARY_KEY, schema, new.name, old=a)
        else:
            # A table has one key: under another name and otherwise the same, it is renamed.
            if a.name != b.name and (b.renamed_from == a.name or same(a, b, parts=["name"])):
                self.add(ChangeKind.RENAME, ObjectKind.PRIMARY_KEY, schema, new.name, a, b)
            if not same(a, b, parts=["name"] if a.name != b.name else ()):
                self.add(ChangeKind.ALTER, ObjectKind.PRIMARY_KEY, schema, new.name, a, b)

    def inner(
        self,
        kind: ObjectKind,
        olds: Sequence[Any],
        news: Sequence[Any],
        schema: str | None,
        parent: str,
    ) -> None:
        pairs, dropped, added = match(olds, news, lambda o: o.name)
        if kind in _EQUIVALENT:
            _pair_equivalents(pairs, dropped, added)
        for obj in dropped:
            self.add(ChangeKind.DROP, kind, schema, parent, old=obj)
        for a, b, renamed in pairs:
            if a == b:
                continue
            if renamed:
                self.add(ChangeKind.RENAME, kind, schema, parent, a, b)
            if kind is ObjectKind.PARTITION:
                if not same(bare_partition(a), bare_partition(b), parts=["name"]):
                    self.add(ChangeKind.ALTER, kind, schema, parent, a, b)
                self.partition_indexes(a, b, b.schema_in(schema))
            elif not same(a, b, parts=["name"]):
                self.add(ChangeKind.ALTER, kind, schema, parent, a, b)
        for obj in added:
            self.add(ChangeKind.ADD, kind, schema, parent, new=obj)

    def partition_indexes(self, old: m.Partition, new: m.Partition, schema: str | None) -> None:
        """A partition's own indexes, and those of its partitions, one by one as a table's.

        ``schema`` is the partition's own (where its indexes are): the changes name it.
        """
        self.inner(ObjectKind.INDEX, old.indexes, new.indexes, schema, new.name)
        pairs, _, _ = match(old.partitions, new.partitions, lambda p: p.name)
        for a, b, _ in pairs:
            if a != b:
                self.partition_indexes(a, b, b.schema_in(schema))


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


# Kinds whose objects are only what they declare: one that is gone and one that is new,
# the same but for the name, are one object renamed (nothing to rebuild or check again).
_EQUIVALENT = frozenset(
    {
        ObjectKind.UNIQUE,
        ObjectKind.CHECK,
        ObjectKind.EXCLUSION,
        ObjectKind.FOREIGN_KEY,
        ObjectKind.INDEX,
    }
)


def _pair_equivalents(
    pairs: list[tuple[Any, Any, bool]], dropped: list[Any], added: list[Any]
) -> None:
    for new in list(added):
        old = next((o for o in dropped if same(o, new, parts=["name"])), None)
        if old is not None:
            dropped.remove(old)
            added.remove(new)
            pairs.append((old, new, True))


def diff_databases(old: m.Database, new: m.Database) -> list[Change]:
    """The changes that take ``old`` to ``new`` (both bound to real schema names).

    The old state is compared as its renames leave it (follow.py): a column whose enum is
    renamed has not changed type. Changes hold the old objects so followed.
    """
    differ = _Differ()
    differ.database(follow_renames(old, find_renames(old, new)), new)
    return differ.changes
