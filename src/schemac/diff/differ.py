"""The generic differ: two databases in, the changes that take the first to the second out.

Objects match by name (functions by name and argument types). An object whose
``renamed_from`` names an object of the old state that the new state no longer has is
that object renamed: a RENAME change, then the differences under the new name, never a
drop and an add. Objects of both states are compared attribute by attribute, and the
changes name the attributes that differ (the ``Comparer``, diff/compare.py, says which;
a dialect may refine it). A table, view or materialized view is compared without what
is in it: its columns, constraints, indexes, partitions, triggers and policies one by
one (a partition's own indexes too, as a table's). Both states must be bound (no
default schema) and, for expressions to compare, in the same canonical form.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.compare import (
    COMPARER,
    SCHEMA_PARTS,
    TABLE_PARTS,
    Comparer,
    bare_partition,
    partition_shape,
    same,
)
from schemac.diff.follow import find_renames, follow_renames
from schemac.diff.matching import match
from schemac.ir import model as m

__all__ = ["bare_partition", "diff_databases", "match", "partition_shape", "same"]


def _function_key(f: m.Function) -> Hashable:
    return (f.name, tuple(_type_key(t) for t in f.signature))


def _type_key(t: Any) -> Hashable:
    return (t.kind, t.schema, t.name, t.modifiers, t.array_dims) if t is not None else None


def _key_of(kind: ObjectKind) -> Callable[[Any], Hashable]:
    if kind is ObjectKind.FUNCTION:
        return _function_key
    return lambda obj: obj.name


class _Differ:
    def __init__(self, comparer: Comparer) -> None:
        self.changes: list[Change] = []
        self.attributes = comparer.attributes

    def add(  # noqa: PLR0917 (a change's fields, in their order)
        self,
        kind: ChangeKind,
        obj: ObjectKind,
        schema: str | None,
        parent: str | None,
        old: Any = None,
        new: Any = None,
        attributes: frozenset[str] = frozenset(),
    ) -> None:
        self.changes.append(
            Change(
                kind=kind,
                object=obj,
                schema=schema,
                parent=parent,
                old=old,
                new=new,
                attributes=attributes,
            )
        )

    def pair(  # noqa: PLR0917 (a change's fields, in their order)
        self,
        obj: ObjectKind,
        schema: str | None,
        parent: str | None,
        old: Any,
        new: Any,
        renamed: bool,
    ) -> frozenset[str]:
        """RENAME and ALTER for an object of both states, as they differ; its attributes."""
        attributes = self.attributes(obj, old, new)
        if renamed:
            self.add(ChangeKind.RENAME, obj, schema, parent, old, new, attributes)
        if attributes - _NAME:
            self.add(ChangeKind.ALTER, obj, schema, parent, old, new, attributes)
        return attributes

    # ------------------------------------------------------------------ database

    def database(self, old: m.Database, new: m.Database) -> None:
        pairs, dropped, added = match(old.extensions, new.extensions, lambda e: e.name)
        for e in added:
            self.add(ChangeKind.ADD, ObjectKind.EXTENSION, None, None, new=e)
        for a, b, _ in pairs:
            self.pair(ObjectKind.EXTENSION, None, None, a, b, renamed=False)
        for e in dropped:
            self.add(ChangeKind.DROP, ObjectKind.EXTENSION, None, None, old=e)

        schemas, gone, fresh = match(old.schemas, new.schemas, lambda s: s.name)
        for s in fresh:
            self.add(ChangeKind.ADD, ObjectKind.SCHEMA, None, None, new=s)
            self.schema_contents(m.Schema(name=s.name), s, s.name)
        for a, b, renamed in schemas:
            self.pair(ObjectKind.SCHEMA, None, None, a, b, renamed)
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
            self.pair(ObjectKind.GRANT, None, None, a, b, renamed=False)
        for g in added:
            self.add(ChangeKind.ADD, ObjectKind.GRANT, None, None, new=g)

    # ------------------------------------------------------------------ schema

    def schema_contents(self, old: m.Schema, new: m.Schema, schema: str | None) -> None:
        for field, kind in SCHEMA_PARTS:
            pairs, dropped, added = match(getattr(old, field), getattr(new, field), _key_of(kind))
            for obj in dropped:
                self.add(ChangeKind.DROP, kind, schema, None, old=obj)
            for obj in added:
                self.add(ChangeKind.ADD, kind, schema, None, new=obj)
            for a, b, renamed in pairs:
                if a == b:  # the common case, and a quick one: nothing inside differs either
                    continue
                self.pair(kind, schema, None, a, b, renamed)
                if kind in (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
                    self.relation(kind, a, b, schema)

    # ------------------------------------------------------------------ tables and views

    def relation(self, kind: ObjectKind, old: Any, new: Any, schema: str | None) -> None:
        """What is in a table or view, one by one (its own attributes are compared already)."""
        if kind is ObjectKind.TABLE:
            self.primary_key(old, new, schema)
        for field, part in TABLE_PARTS:
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
            attributes = self.attributes(ObjectKind.PRIMARY_KEY, a, b)
            renamed = a.name != b.name and (b.renamed_from == a.name or not attributes - _NAME)
            self.pair(ObjectKind.PRIMARY_KEY, schema, new.name, a, b, renamed)

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
            self.pair_equivalents(kind, pairs, dropped, added)
        for obj in dropped:
            self.add(ChangeKind.DROP, kind, schema, parent, old=obj)
        for a, b, renamed in pairs:
            if a == b:
                continue
            self.pair(kind, schema, parent, a, b, renamed)
            if kind is ObjectKind.PARTITION:
                self.partition_indexes(a, b, b.schema_in(schema))
        for obj in added:
            self.add(ChangeKind.ADD, kind, schema, parent, new=obj)

    def pair_equivalents(
        self,
        kind: ObjectKind,
        pairs: list[tuple[Any, Any, bool]],
        dropped: list[Any],
        added: list[Any],
    ) -> None:
        """One that is gone and one that is new, the same but for the name: one renamed."""
        for new in list(added):
            old = next((o for o in dropped if not self.attributes(kind, o, new) - _NAME), None)
            if old is not None:
                dropped.remove(old)
                added.remove(new)
                pairs.append((old, new, True))

    def partition_indexes(self, old: m.Partition, new: m.Partition, schema: str | None) -> None:
        """A partition's own indexes, and those of its partitions, one by one as a table's.

        ``schema`` is the partition's own (where its indexes are): the changes name it.
        """
        self.inner(ObjectKind.INDEX, old.indexes, new.indexes, schema, new.name)
        pairs, _, _ = match(old.partitions, new.partitions, lambda p: p.name)
        for a, b, _ in pairs:
            if a != b:
                self.partition_indexes(a, b, b.schema_in(schema))


_NAME = frozenset({"name"})

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


def diff_databases(
    old: m.Database, new: m.Database, *, comparer: Comparer = COMPARER
) -> list[Change]:
    """The changes that take ``old`` to ``new`` (both bound to real schema names).

    The old state is compared as its renames leave it (follow.py): a column whose enum is
    renamed has not changed type. Changes hold the old objects so followed.
    """
    differ = _Differ(comparer)
    differ.database(follow_renames(old, find_renames(old, new)), new)
    return differ.changes
