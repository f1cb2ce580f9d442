"""Binding the default schema: objects declared outside any schema block get a real schema.

The checker leaves the default schema unnamed (schema None) so one definition can serve
many schemas; compile, diff and apply bind it to a name. Binding rewrites every
reference to the default schema (types, collations, foreign keys, trigger functions,
dependencies, sequence owners, grant targets) and merges the default schema into a
declared schema of the same name. Objects of both that share a name are reported, not
merged.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from enum import Enum
from typing import Any, cast

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.ir import model
from schemac.ir.model import (
    Database,
    GrantTarget,
    GrantTargetKind,
    ObjectName,
    Partition,
    Schema,
)
from schemac.ir.partitions import in_their_schema
from schemac.ir.types import TypeKind, TypeRef
from schemac.records import record

__all__ = ["BindResult", "bind_default_schema"]

_USER_KINDS = (TypeKind.ENUM, TypeKind.DOMAIN, TypeKind.COMPOSITE)
_ATOMS = (str, int, float, bool, Enum, type(None))


@record
class BindResult:
    database: Database | None  # None when binding found a clash
    diagnostics: tuple[Diagnostic, ...]


# Field annotations that never hold a record: the binder does not look inside them.
_ATOMIC_WORDS = frozenset(
    ["str", "int", "float", "bool", "None", "tuple", "Span", "Enum"]
    + [name for name, obj in vars(model).items() if isinstance(obj, type) and issubclass(obj, Enum)]
)
_WORD = re.compile(r"[A-Za-z_]+")


def _may_hold_records(annotation: object) -> bool:
    words = set(_WORD.findall(str(annotation)))
    return not words <= _ATOMIC_WORDS


class _Binder:
    """Rebuilds what refers to the default schema; shares everything else unchanged."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self._fields: dict[type, tuple[str, ...]] = {}
        self._types: dict[TypeRef, TypeRef] = {}

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind is tuple:
            return self._tuple(value)
        if kind is TypeRef:
            if value.schema is not None or value.kind not in _USER_KINDS:
                return value
            bound = self._types.get(value)
            if bound is None:
                bound = self._types[value] = dataclasses.replace(value, schema=self.schema)
            return bound
        if kind is ObjectName:
            if value.schema is not None:
                return value
            return ObjectName(schema=self.schema, name=value.name)
        if kind is GrantTarget and value.kind is GrantTargetKind.SCHEMA:
            return value  # its name is the schema itself
        if isinstance(value, _ATOMS):
            return value
        return self._record(value)

    def _tuple(self, value: tuple[Any, ...]) -> tuple[Any, ...]:
        changed: list[Any] | None = None
        for i, item in enumerate(value):
            new = self.value(item)
            if new is not item:
                if changed is None:
                    changed = list(value)
                changed[i] = new
        return value if changed is None else tuple(changed)

    def _record(self, value: Any) -> Any:
        cls = type(value)
        names = self._fields.get(cls)
        if names is None:
            if not dataclasses.is_dataclass(cls):
                return value
            names = self._fields[cls] = tuple(
                f.name for f in dataclasses.fields(cls) if _may_hold_records(f.type)
            )
        changes = None
        for name in names:
            old = getattr(value, name)
            if old is None:
                continue
            new = self.value(old)
            if new is not old:
                if changes is None:
                    changes = {}
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value


def _partition_names(partitions: tuple[Partition, ...]) -> Iterator[Partition]:
    """The partitions in their table's schema (not one of their own), at every level."""
    for p in partitions:
        if p.schema is None:
            yield p
            yield from _partition_names(p.partitions)


def _relations(schema: Schema) -> Iterator[tuple[str, str, Any, Any]]:
    """(namespace, name, object, owner) for everything of a schema that takes a name.

    As in PostgreSQL: relations (tables, partitions, views, materialized views,
    sequences, composite types, indexes, and the indexes behind keys) share one
    namespace; types (enums, domains, composite types, and every table's and view's
    row type) another; collations a third; functions are told apart by their argument
    types. The owner of an index, key or partition is its table; of anything else,
    itself.
    """
    relations: list[tuple[Any, Any]] = []
    types: list[Any] = [*schema.enums, *schema.domains]
    for table in schema.tables:
        owned = [table, *_partition_names(table.partitions)]
        keys = [table.primary_key] if table.primary_key is not None else []
        indexes = [i for p in _partition_names(table.partitions) for i in p.indexes]
        parts = [*owned, *keys, *table.indexes, *indexes, *table.uniques, *table.exclusions]
        relations += [(obj, table) for obj in parts]
        types += owned
    for view in [*schema.views, *schema.materialized_views, *schema.composite_types]:
        relations.append((view, view))
        types.append(view)
    for matview in schema.materialized_views:
        relations += [(index, matview) for index in matview.indexes]
    relations += [(sequence, sequence) for sequence in schema.sequences]
    for obj, owner in relations:
        yield "relation", obj.name, obj, owner
    for obj in types:
        yield "type", obj.name, obj, obj
    for collation in schema.collations:
        yield "collation", collation.name, collation, collation
    for function in schema.functions:
        signature = tuple((t.schema, t.name, t.array_dims) for t in function.signature)
        yield "function", f"{function.name}{signature}", function, function


def _merge(default: Schema, declared: Schema) -> tuple[Schema | None, list[Diagnostic]]:
    seen = {(space, name): obj for space, name, obj, _ in _relations(declared)}
    problems = []
    reported: set[int] = set()
    for space, name, obj, owner in _relations(default):
        other = seen.get((space, name))
        if other is not None and id(owner) not in reported and obj.origin is not None:
            reported.add(id(owner))
            problems.append(
                cat.default_schema_clash(
                    obj.origin, other.origin, getattr(obj, "name", name), declared.name or ""
                )
            )
    if problems:
        return None, problems

    def both(kind: str) -> tuple[Any, ...]:
        items = (*getattr(declared, kind), *getattr(default, kind))
        return tuple(sorted(items, key=lambda o: o.name))

    return (
        dataclasses.replace(
            declared,
            tables=both("tables"),
            views=both("views"),
            materialized_views=both("materialized_views"),
            collations=both("collations"),
            enums=both("enums"),
            domains=both("domains"),
            composite_types=both("composite_types"),
            sequences=both("sequences"),
            functions=both("functions"),
        ),
        [],
    )


def bind_default_schema(database: Database, schema: str) -> BindResult:
    """The database with the default schema named ``schema`` everywhere."""
    default = database.schema(None)
    if default is None:
        return BindResult(database=database, diagnostics=())
    bound: Database = _Binder(schema).value(database)
    default_bound = dataclasses.replace(cast(Schema, bound.schema(None)), name=schema)
    # A partition there that names that schema as its own is in its table's schema.
    default_bound = dataclasses.replace(
        default_bound,
        tables=tuple(in_their_schema(t, schema) for t in default_bound.tables),
    )
    declared = bound.schema(schema)
    rest = [s for s in bound.schemas if s.name is not None and s.name != schema]
    if declared is not None:
        merged, problems = _merge(default_bound, declared)
        if merged is None:
            return BindResult(database=None, diagnostics=tuple(problems))
        default_bound = merged
    schemas = sorted([default_bound, *rest], key=lambda s: s.name or "")
    # Grants are sorted by their object's schema, which binding just named.
    grants = sorted(bound.grants, key=_grant_key)
    return BindResult(
        database=dataclasses.replace(bound, schemas=tuple(schemas), grants=tuple(grants)),
        diagnostics=(),
    )


def _grant_key(grant: model.Grant) -> tuple[str, str, str, str, tuple[str, ...], bool]:
    """The order the checker and the inspector give grants."""
    target = grant.target
    return (
        target.kind.value,
        target.name.schema or "",
        target.name.name,
        grant.grantee,
        grant.columns,
        grant.with_grant_option,
    )
