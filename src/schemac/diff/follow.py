"""The old state as its renames leave it: every reference to a renamed object follows it.

A plan renames first, so whatever comes after sees renamed objects under their new
names, and PostgreSQL itself keeps references by identity: a column typed by an enum
that is renamed has the new type name, a foreign key to a renamed column references
the new one. Before two states are compared, the old state's references are brought
there: types, foreign keys (table and columns), parent tables, keys, indexes and
partition keys (columns), trigger functions and UPDATE OF columns, sequence owners,
extension schemas and grants. Objects keep their own names (the differ pairs them by
``renamed_from``), and SQL text is left as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.matching import match
from schemac.ir import model as m
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import TypeKind, TypeRef

__all__ = ["Renames", "find_renames", "follow_renames", "renamed_objects"]

_RELATIONS = ("tables", "views", "materialized_views", "sequences")
_TYPES = ("enums", "domains", "composite_types")
_G = m.GrantTargetKind


def _name(obj: Any) -> Hashable:
    name: str = obj.name
    return name


@dataclass
class Renames:
    """What the new state renames, keyed by where the old object is once its schema is renamed."""

    schemas: dict[str, str] = field(default_factory=dict)  # old -> new
    relations: dict[tuple[str, str], str] = field(default_factory=dict)  # (schema, old) -> new
    types: dict[tuple[str, str], str] = field(default_factory=dict)
    functions: dict[tuple[str, str], str] = field(default_factory=dict)
    columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (schema, table, old)
    # Partitions that move to another schema: (schema, name) -> new schema.
    moved: dict[tuple[str, str], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(
            (self.schemas, self.relations, self.types, self.functions, self.columns, self.moved)
        )

    def schema(self, name: str | None) -> str | None:
        return self.schemas.get(name, name) if name is not None else None

    def relation(self, name: m.ObjectName) -> m.ObjectName:
        schema = self.schema(name.schema)
        schema = self.moved.get((schema or "", name.name), schema)
        new = self.relations.get((schema or "", name.name), name.name)
        return m.ObjectName(schema=schema, name=new)

    def function(self, name: m.ObjectName) -> m.ObjectName:
        schema = self.schema(name.schema)
        new = self.functions.get((schema or "", name.name), name.name)
        return m.ObjectName(schema=schema, name=new)

    def type(self, t: TypeRef) -> TypeRef:
        if t.kind not in (TypeKind.ENUM, TypeKind.DOMAIN, TypeKind.COMPOSITE):
            return t
        schema = self.schema(t.schema)
        key = (schema or "", t.name)
        name = self.types.get(key, self.relations.get(key, t.name))  # or a table's row type
        if (schema, name) == (t.schema, t.name):
            return t
        return dataclasses.replace(t, schema=schema, name=name)

    def column(self, table: m.ObjectName, name: str) -> str:
        return self.columns.get((table.schema or "", table.name, name), name)


def find_renames(old: m.Database, new: m.Database) -> Renames:
    """The renames that take ``old`` to ``new`` (``renamed_from`` on the new objects)."""
    out = Renames()
    pairs, _, _ = match(old.schemas, new.schemas, _name)
    for a, b, renamed in pairs:
        if renamed:
            out.schemas[a.name] = b.name
        for group, into in (
            *((g, out.relations) for g in _RELATIONS),
            *((g, out.types) for g in _TYPES),
            ("functions", out.functions),
        ):
            objects, _, _ = match(getattr(a, group), getattr(b, group), _name)
            for x, y, moved in objects:
                if moved:
                    into[(b.name, x.name)] = y.name
                if group == "tables":
                    columns, _, _ = match(x.columns, y.columns, _name)
                    for c, d, also in columns:
                        if also:
                            out.columns[(b.name, y.name, c.name)] = d.name
                    _moves(out, x, a.name, y, b.name)
    return out


def _moves(
    out: Renames, old: m.Table, old_schema: str | None, new: m.Table, schema: str | None
) -> None:
    """The partitions of a table that are in another schema in the new state (moved there)."""
    before = {p.name: own for p, own in partition_schemas(old.partitions, old_schema)}
    for p, own in partition_schemas(new.partitions, schema):
        was = before.get(p.name)
        if p.name in before and own is not None and out.schema(was) != own:
            out.moved[(out.schema(was) or "", p.name)] = own


def follow_renames(old: m.Database, renames: Renames) -> m.Database:
    """``old`` with its references to renamed objects under their new names."""
    if not renames:
        return old
    return _Follow(renames).database(old)


class _Follow:
    def __init__(self, renames: Renames) -> None:
        self.r = renames

    def database(self, db: m.Database) -> m.Database:
        return dataclasses.replace(
            db,
            schemas=tuple(self.schema_(s) for s in db.schemas),
            extensions=tuple(
                dataclasses.replace(e, schema=self.r.schema(e.schema)) for e in db.extensions
            ),
            grants=tuple(self.grant(g) for g in db.grants),
        )

    def schema_(self, s: m.Schema) -> m.Schema:
        here = self.r.schema(s.name)
        t = self.r.type
        return dataclasses.replace(
            s,
            tables=tuple(self.table(x, here) for x in s.tables),
            views=tuple(
                dataclasses.replace(v, triggers=self.triggers(v.triggers, self._columns(here, v)))
                for v in s.views
            ),
            materialized_views=tuple(
                dataclasses.replace(v, indexes=self.indexes(v.indexes, self._columns(here, v)))
                for v in s.materialized_views
            ),
            domains=tuple(dataclasses.replace(d, type=t(d.type)) for d in s.domains),
            composite_types=tuple(
                dataclasses.replace(
                    c, fields=tuple(dataclasses.replace(f, type=t(f.type)) for f in c.fields)
                )
                for c in s.composite_types
            ),
            sequences=tuple(self.sequence(q) for q in s.sequences),
            functions=tuple(self.function(f) for f in s.functions),
        )

    def _columns(self, schema: str | None, relation: Any) -> Callable[[str], str]:
        name = self.r.relation(m.ObjectName(schema=schema, name=relation.name))
        return lambda column: self.r.column(name, column)

    def _names(self, names: tuple[str, ...], col: Callable[[str], str]) -> tuple[str, ...]:
        return tuple(col(n) for n in names)

    def table(self, table: m.Table, schema: str | None) -> m.Table:
        col = self._columns(schema, table)
        pk = table.primary_key
        return dataclasses.replace(
            table,
            columns=tuple(dataclasses.replace(c, type=self.r.type(c.type)) for c in table.columns),
            primary_key=dataclasses.replace(
                pk, columns=self._names(pk.columns, col), include=self._names(pk.include, col)
            )
            if pk is not None
            else None,
            uniques=tuple(
                dataclasses.replace(
                    u, columns=self._names(u.columns, col), include=self._names(u.include, col)
                )
                for u in table.uniques
            ),
            indexes=self.indexes(table.indexes, col),
            exclusions=tuple(
                dataclasses.replace(
                    x,
                    elements=tuple(
                        dataclasses.replace(e, element=self.element(e.element, col))
                        for e in x.elements
                    ),
                    include=self._names(x.include, col),
                )
                for x in table.exclusions
            ),
            foreign_keys=tuple(self.foreign_key(fk, col) for fk in table.foreign_keys),
            partitioning=self.partitioning(table.partitioning, col),
            partitions=self.partitions(table.partitions, col),
            triggers=self.triggers(table.triggers, col),
            inherits=tuple(self.r.relation(p) for p in table.inherits),
        )

    def element(self, e: m.IndexElement, col: Callable[[str], str]) -> m.IndexElement:
        return dataclasses.replace(e, column=col(e.column)) if e.column is not None else e

    def indexes(
        self, indexes: tuple[m.Index, ...], col: Callable[[str], str]
    ) -> tuple[m.Index, ...]:
        return tuple(
            dataclasses.replace(
                i,
                elements=tuple(self.element(e, col) for e in i.elements),
                include=self._names(i.include, col),
            )
            for i in indexes
        )

    def foreign_key(self, fk: m.ForeignKey, col: Callable[[str], str]) -> m.ForeignKey:
        target = self.r.relation(fk.references)
        return dataclasses.replace(
            fk,
            columns=self._names(fk.columns, col),
            on_delete_columns=self._names(fk.on_delete_columns, col),
            references=target,
            ref_columns=tuple(self.r.column(target, c) for c in fk.ref_columns),
        )

    def partitioning(
        self, p: m.Partitioning | None, col: Callable[[str], str]
    ) -> m.Partitioning | None:
        if p is None:
            return None
        keys = tuple(
            dataclasses.replace(k, column=col(k.column)) if k.column is not None else k
            for k in p.keys
        )
        return dataclasses.replace(p, keys=keys)

    def partitions(
        self, partitions: tuple[m.Partition, ...], col: Callable[[str], str]
    ) -> tuple[m.Partition, ...]:
        return tuple(
            dataclasses.replace(
                p,
                schema=self.r.schema(p.schema),
                partitioning=self.partitioning(p.partitioning, col),
                partitions=self.partitions(p.partitions, col),
                indexes=self.indexes(p.indexes, col),
            )
            for p in partitions
        )

    def triggers(
        self, triggers: tuple[m.Trigger, ...], col: Callable[[str], str]
    ) -> tuple[m.Trigger, ...]:
        return tuple(
            dataclasses.replace(
                t,
                function=self.r.function(t.function),
                events=tuple(
                    dataclasses.replace(e, columns=self._names(e.columns, col)) for e in t.events
                ),
            )
            for t in triggers
        )

    def sequence(self, seq: m.Sequence) -> m.Sequence:
        owned = seq.owned_by
        if owned is not None:
            table = self.r.relation(owned[0])
            owned = (table, self.r.column(table, owned[1]))
        return dataclasses.replace(seq, type=self.r.type(seq.type), owned_by=owned)

    def function(self, f: m.Function) -> m.Function:
        t = self.r.type
        returns = f.returns
        if returns is not None:
            returns = dataclasses.replace(
                returns,
                type=t(returns.type) if returns.type is not None else None,
                table=tuple((name, t(typ)) for name, typ in returns.table),
            )
        return dataclasses.replace(
            f,
            arguments=tuple(dataclasses.replace(a, type=t(a.type)) for a in f.arguments),
            returns=returns,
        )

    def grant(self, g: m.Grant) -> m.Grant:
        target = g.target
        name = target.name
        if target.kind is _G.SCHEMA:
            name = m.ObjectName(schema=None, name=self.r.schema(name.name) or name.name)
        elif target.kind in (_G.TABLE, _G.SEQUENCE):
            name = self.r.relation(name)
        elif target.kind is _G.TYPE:
            followed = self.r.type(TypeRef(name=name.name, kind=TypeKind.ENUM, schema=name.schema))
            name = m.ObjectName(schema=followed.schema, name=followed.name)
        else:
            name = self.r.function(name)
        columns = g.columns
        if target.kind is _G.TABLE:
            columns = tuple(self.r.column(name, c) for c in columns)
        signature = tuple(self.r.type(t) for t in target.signature)
        return dataclasses.replace(
            g,
            target=dataclasses.replace(target, name=name, signature=signature),
            columns=columns,
        )


# Where each kind of object is held: in a schema, or in a table (or view).
_IN_SCHEMA = {
    ObjectKind.TABLE: "tables",
    ObjectKind.VIEW: "views",
    ObjectKind.MATERIALIZED_VIEW: "materialized_views",
    ObjectKind.ENUM: "enums",
    ObjectKind.DOMAIN: "domains",
    ObjectKind.COMPOSITE_TYPE: "composite_types",
    ObjectKind.SEQUENCE: "sequences",
    ObjectKind.FUNCTION: "functions",
}
_IN_TABLE = {
    ObjectKind.COLUMN: "columns",
    ObjectKind.UNIQUE: "uniques",
    ObjectKind.CHECK: "checks",
    ObjectKind.EXCLUSION: "exclusions",
    ObjectKind.FOREIGN_KEY: "foreign_keys",
    ObjectKind.INDEX: "indexes",
    ObjectKind.TRIGGER: "triggers",
    ObjectKind.POLICY: "policies",
    ObjectKind.PARTITION: "partitions",
}


def renamed_objects(followed: m.Database, changes: Sequence[Change]) -> m.Database:
    """The old state (followed) once the RENAME changes are made.

    Renamed objects are under their new names, as the statements after the renames find
    them.
    """
    db = followed
    for change in changes:
        if change.kind is ChangeKind.RENAME:
            db = dataclasses.replace(
                db, schemas=tuple(_rename_in_schema(s, change) for s in db.schemas)
            )
    return db


def _renamed_one(obj: Any, old: Any, name: str) -> Any:
    if obj.name == old.name and (not isinstance(obj, m.Function) or obj == old):
        return dataclasses.replace(obj, name=name)
    if isinstance(obj, m.Partition):
        return dataclasses.replace(obj, partitions=_renamed(obj.partitions, old, name))
    return obj


def _renamed(objects: tuple[Any, ...], old: Any, name: str) -> tuple[Any, ...]:
    return tuple(_renamed_one(obj, old, name) for obj in objects)


# What a partition has a copy of (ir/partitions.py): renamed, its copies follow it.
_COPIED = frozenset(
    (ObjectKind.PRIMARY_KEY, ObjectKind.UNIQUE, ObjectKind.EXCLUSION, ObjectKind.INDEX)
)


def _follow_copies(
    partitions: tuple[m.Partition, ...], old: str, new: str
) -> tuple[m.Partition, ...]:
    """The partitions, at every level, with their copies of ``old`` now of ``new``."""
    out = []
    for p in partitions:
        copies = tuple(dataclasses.replace(c, of=new) if c.of == old else c for c in p.copies)
        out.append(
            dataclasses.replace(p, copies=copies, partitions=_follow_copies(p.partitions, old, new))
        )
    return tuple(out)


def _rename_part(relation: Any, change: Change, schema: str | None) -> Any:
    """``relation`` (in ``schema``) with the renamed object in it renamed."""
    if relation.name != change.parent or schema != change.schema:
        if isinstance(relation, m.Table | m.Partition) and relation.partitions:
            # The index of a partition: its parent is the partition (in its own schema).
            partitions = tuple(
                _rename_part(p, change, p.schema_in(schema)) for p in relation.partitions
            )
            return dataclasses.replace(relation, partitions=partitions)
        return relation
    name = change.new.name
    if change.object is ObjectKind.PRIMARY_KEY:
        relation = dataclasses.replace(
            relation, primary_key=dataclasses.replace(change.old, name=name)
        )
    else:
        part = _IN_TABLE.get(change.object)
        if part is None or not hasattr(relation, part):
            return relation
        parts: Any = _renamed(getattr(relation, part), change.old, name)
        relation = dataclasses.replace(relation, **{part: parts})
    if change.object in _COPIED and isinstance(relation, m.Table | m.Partition):
        partitions = _follow_copies(relation.partitions, change.old.name, name)
        relation = dataclasses.replace(relation, partitions=partitions)
    return relation


def _rename_in_schema(s: m.Schema, change: Change) -> m.Schema:
    name = change.new.name
    if change.object is ObjectKind.SCHEMA:
        return dataclasses.replace(s, name=name) if s.name == change.old.name else s
    if change.object is ObjectKind.INDEX and s.name != change.schema:
        # The index of a partition in another schema than its table.
        return dataclasses.replace(
            s, tables=tuple(_rename_part(t, change, s.name) for t in s.tables)
        )
    if s.name != change.schema:
        return s
    if change.object in _IN_SCHEMA:
        group = _IN_SCHEMA[change.object]
        renamed: Any = _renamed(getattr(s, group), change.old, name)
        return dataclasses.replace(s, **{group: renamed})
    return dataclasses.replace(
        s,
        tables=tuple(_rename_part(t, change, s.name) for t in s.tables),
        views=tuple(_rename_part(v, change, s.name) for v in s.views),
        materialized_views=tuple(_rename_part(v, change, s.name) for v in s.materialized_views),
    )
