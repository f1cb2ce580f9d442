"""Leaving objects out of a database by name: `--exclude` patterns.

A pattern without a dot matches schema names (`audit`, `tenant_*`) and leaves whole
schemas out; `schema.name` patterns (`public.tmp_*`, `*.old_*`) match objects of a
schema (tables, views, materialized views, sequences, types, functions). Patterns are
shell globs (`*`, `?`, `[...]`), matched case-sensitively against the real names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import Any

from schemac.ir.model import (
    SCHEMA_OBJECT_FIELDS,
    Database,
    Grant,
    GrantTargetKind,
    Schema,
    Unmanaged,
)

__all__ = ["exclude", "only"]


def _split(pattern: str) -> tuple[str, str | None]:
    if "." in pattern:
        schema, _, name = pattern.partition(".")
        return schema, name
    return pattern, None


def only(database: Database, schemas: set[str]) -> Database:
    """The database with the named schemas alone (and the grants on what is in them)."""

    def kept(grant: Grant) -> bool:
        target = grant.target
        name = target.name.name if target.kind is GrantTargetKind.SCHEMA else target.name.schema
        return name in schemas

    return dataclasses.replace(
        database,
        schemas=tuple(s for s in database.schemas if (s.name or "") in schemas),
        grants=tuple(g for g in database.grants if kept(g)),
        unmanaged=tuple(u for u in database.unmanaged if (u.schema or "") in schemas),
    )


def exclude(database: Database, patterns: Sequence[str]) -> Database:
    """The database without the schemas and objects the patterns match."""
    if not patterns:
        return database
    split = [_split(p) for p in patterns]
    whole = [s for s, name in split if name is None]
    parts = [(s, name) for s, name in split if name is not None]
    gone: set[tuple[str, str]] = set()
    schemas: list[Schema] = []
    for original in database.schemas:
        schema = original
        name = schema.name or ""
        if any(fnmatchcase(name, p) for p in whole):
            continue
        wanted = [n for s, n in parts if fnmatchcase(name, s)]
        if wanted:
            changes: dict[str, Any] = {}
            for kind in SCHEMA_OBJECT_FIELDS:
                kept = []
                for obj in getattr(schema, kind):
                    if any(fnmatchcase(obj.name, n) for n in wanted):
                        gone.add((name, obj.name))
                    else:
                        kept.append(obj)
                changes[kind] = tuple(kept)
            schema = dataclasses.replace(schema, **changes)
        schemas.append(schema)
    kept_names = {s.name for s in schemas}

    def keep(grant: Grant) -> bool:
        target = grant.target
        if target.kind is GrantTargetKind.SCHEMA:
            return target.name.name in kept_names
        if target.name.schema not in kept_names:
            return False
        return (target.name.schema or "", target.name.name) not in gone

    def left(unmanaged: Unmanaged) -> bool:
        where = unmanaged.within or unmanaged.path
        if unmanaged.schema is not None and unmanaged.schema not in kept_names:
            return False
        name = where.parent or where.name if where is not None else None
        return name is None or (unmanaged.schema or "", name) not in gone

    return dataclasses.replace(
        database,
        schemas=tuple(schemas),
        grants=tuple(g for g in database.grants if keep(g)),
        unmanaged=tuple(u for u in database.unmanaged if left(u)),
    )
