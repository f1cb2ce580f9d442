"""Renames carried from declared objects onto the same objects read back from PostgreSQL.

A `.schema` state is compiled, loaded into a dev database and inspected, so that both
sides of a diff are in PostgreSQL's canonical form. The catalogs know nothing of
``renamed_from`` (nor of an enum's ``renamed_values``): they are taken from the declared
model, object by object, matched by name in the same place (functions by name and
argument types, or by name alone when that is unique).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from typing import Any, TypeVar

from schemac.ir import model as m

__all__ = ["carry_renames"]

T = TypeVar("T")

_RENAMES = ("renamed_from", "renamed_values")


def carry_renames(inspected: m.Database, declared: m.Database) -> m.Database:
    """``inspected`` with the renames ``declared`` (the same state, bound) states."""
    return _carry(inspected, declared)


# Per record type: its field names, and whether it has a rename (looked up once).
_FIELDS: dict[type, tuple[str, ...]] = {}
_HAS_RENAME: dict[type, bool] = {}


def _renamable(value: object) -> bool:
    kind = type(value)
    known = _HAS_RENAME.get(kind)
    if known is None:
        known = _HAS_RENAME[kind] = dataclasses.is_dataclass(kind) and any(
            f.name == "renamed_from" for f in dataclasses.fields(kind)
        )
    return known


def _fields(value: object) -> tuple[str, ...]:
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))  # type: ignore[arg-type]
    return names


def _carry(found: T, said: Any) -> T:
    changes: dict[str, Any] = {}
    for name in _fields(found):
        here = getattr(found, name)
        there = getattr(said, name, None)
        if name in _RENAMES:
            if there and there != here:
                changes[name] = there
        elif isinstance(here, tuple) and here and _renamable(here[0]):
            carried = _carry_all(here, there if isinstance(there, tuple) else ())
            if carried is not here:
                changes[name] = carried
        elif _renamable(here) and _renamable(there):
            carried = _carry(here, there)
            if carried is not here:
                changes[name] = carried
    return dataclasses.replace(found, **changes) if changes else found  # type: ignore[type-var]


def _key(obj: Any) -> Hashable:
    if isinstance(obj, m.Function):
        return (obj.name, tuple(_type_key(t) for t in obj.signature))
    name: str = obj.name
    return name


def _type_key(t: Any) -> Hashable:
    return (t.kind, t.schema, t.name, t.modifiers, t.array_dims)


def _carry_all(found: tuple[Any, ...], said: tuple[Any, ...]) -> tuple[Any, ...]:
    by_key = {_key(s): s for s in said}
    by_name: dict[str, list[Any]] = {}
    for s in said:
        by_name.setdefault(s.name, []).append(s)
    out = []
    for obj in found:
        match = by_key.get(_key(obj))
        if match is None and len(by_name.get(obj.name, ())) == 1:
            match = by_name[obj.name][0]
        out.append(_carry(obj, match) if match is not None else obj)
    if all(a is b for a, b in zip(out, found, strict=True)):
        return found
    return tuple(out)
