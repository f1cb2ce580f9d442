"""The change vocabulary: what differs between two states, object by object, as pure data.

A change names the kind of object, where it lives (schema, and the table or view for
the objects inside one), and holds the object as it was (``old``) and as it is to be
(``new``). ADD has only ``new``, DROP only ``old``; RENAME has both, ``new`` under the
new name; ALTER has both, for what differs besides the name. RENAME and ALTER name the
attributes that differ (``attributes``: fields of the model's record, ``name`` among
them when renamed; diff/compare.py), so the planner renders what they say rather than
comparing the objects again. Nothing here knows SQL.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from schemac.records import record

__all__ = ["Change", "ChangeKind", "ObjectKind"]


class ChangeKind(Enum):
    ADD = "add"
    DROP = "drop"
    ALTER = "alter"
    RENAME = "rename"


class ObjectKind(Enum):
    SCHEMA = "schema"
    EXTENSION = "extension"
    TABLE = "table"
    COLUMN = "column"
    PRIMARY_KEY = "primary key"
    UNIQUE = "unique constraint"
    CHECK = "check constraint"
    EXCLUSION = "exclusion constraint"
    FOREIGN_KEY = "foreign key"
    INDEX = "index"
    PARTITION = "partition"
    TRIGGER = "trigger"
    POLICY = "policy"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized view"
    COLLATION = "collation"
    ENUM = "enum"
    DOMAIN = "domain"
    COMPOSITE_TYPE = "composite type"
    SEQUENCE = "sequence"
    FUNCTION = "function"
    GRANT = "grant"


@record
class Change:
    kind: ChangeKind
    object: ObjectKind
    schema: str | None  # None for schemas, extensions and grants
    parent: str | None  # the table, view or materialized view an inner object belongs to
    old: Any = None  # an IR object (the model's records)
    new: Any = None
    # RENAME and ALTER: the attributes of old and new that differ (empty for ADD, DROP).
    attributes: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        item = self.new if self.new is not None else self.old
        return str(getattr(item, "name", ""))

    @property
    def path(self) -> str:
        """`schema.table.name`, for people."""
        parts = [p for p in (self.schema, self.parent) if p]
        if self.object is not ObjectKind.GRANT:
            parts.append(self.name)
        return ".".join(parts)
