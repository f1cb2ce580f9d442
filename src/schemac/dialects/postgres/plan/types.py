"""Changes to enums, domains and composite types, as statements.

Values added to an enum are added in place; values removed or moved make the enum again
under its name, its columns moved to it through text. A domain's constraints and default
change in place; a new base type makes it again, its columns held in the old base type
meanwhile. Composite types change attribute by attribute.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from schemac.dialects.postgres.ddl import objects as ddl
from schemac.dialects.postgres.ddl.tables import check_constraint
from schemac.dialects.postgres.plan.convert import convert
from schemac.dialects.postgres.quoting import ident, literal, qualified
from schemac.dialects.postgres.types import format_type
from schemac.dialects.postgres.values import default_sql
from schemac.dialects.sql.steps import (
    Context,
    Step,
    alter_table,
    hazard,
    lost,
    renamed,
    rewrite,
)
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.differ import match, same
from schemac.ir import model as m
from schemac.ir.types import TypeKind, TypeRef
from schemac.plan import Hazard, HazardKind

__all__ = ["TypePlanner", "domain_remade", "enum_swapped"]

_G = m.GrantTargetKind


def _renamed_values(old: m.EnumType, new: m.EnumType) -> tuple[dict[str, str], list[str]]:
    """The values renamed (old to new), and the old values under their new names."""
    renames = {before: after for after, before in new.renamed_values if before in old.values}
    return renames, [renames.get(v, v) for v in old.values]


def enum_swapped(old: m.EnumType, new: m.EnumType) -> bool:
    """Whether the enum is made again: values removed or moved (ADD VALUE cannot)."""
    _, values = _renamed_values(old, new)
    return [v for v in new.values if v in values] != values


def domain_remade(attributes: frozenset[str]) -> bool:
    """Whether a domain is made again: PostgreSQL cannot change its type or collation."""
    return bool(attributes & {"type", "collation"})


def _checked(domain: str, fails: str) -> list[Hazard]:
    """What a new rule of a domain costs: the values in every table are checked."""
    return [
        hazard(HazardKind.DATA_DEPENDENT, fails),
        hazard(
            HazardKind.LONG_LOCK,
            f"SHARE lock on every table with a {domain} column while its rows are checked:"
            " writes wait",
        ),
    ]


_WORD = {ObjectKind.ENUM: "TYPE", ObjectKind.DOMAIN: "DOMAIN", ObjectKind.COMPOSITE_TYPE: "TYPE"}


class TypePlanner:
    ctx: Context

    def drop(self, kind: ObjectKind, schema: str, name: str, *, gone: str | None = None) -> None:
        raise NotImplementedError

    def rename(
        self, kind: ObjectKind, schema: str, old: str, new: str, *, word: str | None = None
    ) -> None:
        raise NotImplementedError

    def type_change(
        self,
        change: Change,
        create: Callable[[Any, str], str],
        alter: Callable[[Any, Any, str, frozenset[str]], None],
        *,
        rank: int,
    ) -> None:
        """A type added, dropped, renamed, or altered by ``alter``."""
        schema, kind = change.schema or "", change.object
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.TYPES,
                create(change.new, schema),
                reverse=f"DROP {_WORD[kind]} {qualified(schema, change.new.name)};",
                summary=f"+ {kind.value} {schema}.{change.new.name}",
                rank=rank + 10 * self.depth(schema, change.new.name),
            )
        elif change.kind is ChangeKind.DROP:
            self.drop(kind, schema, change.old.name)
        elif change.kind is ChangeKind.RENAME:
            self.rename(kind, schema, change.old.name, change.new.name)
        else:
            alter(change.old, change.new, schema, change.attributes)

    def depth(self, schema: str, name: str, seen: frozenset[tuple[str, str]] = frozenset()) -> int:
        """How many user types down a type is built: each after those it is made of."""
        s = self.ctx.new.schema(schema)
        if s is None or (schema, name) in seen:
            return 0
        seen = seen | {(schema, name)}
        parts: list[TypeRef] = []
        if (domain := next((d for d in s.domains if d.name == name), None)) is not None:
            parts = [domain.type]
        elif (
            composite := next((c for c in s.composite_types if c.name == name), None)
        ) is not None:
            parts = [f.type for f in composite.fields]
        else:
            return 0
        below = [
            self.depth(t.schema or "", t.name, seen)
            for t in parts
            if t.kind in (TypeKind.DOMAIN, TypeKind.COMPOSITE, TypeKind.ENUM)
        ]
        return 1 + max(below, default=0)

    def enum(self, change: Change) -> None:
        self.type_change(change, ddl.create_enum, self.alter_enum, rank=0)

    def alter_enum(
        self, old: m.EnumType, new: m.EnumType, schema: str, _attributes: frozenset[str]
    ) -> None:
        """Its values added, renamed, or removed and moved: read off the two lists, in order."""
        name = qualified(schema, new.name)
        label = f"~ enum {schema}.{new.name}"
        renames, values = _renamed_values(old, new)
        for before, after in renames.items():
            self.ctx.emit(
                Step.TYPES,
                f"ALTER TYPE {name} RENAME VALUE {literal(before)} TO {literal(after)};",
                reverse=f"ALTER TYPE {name} RENAME VALUE {literal(after)} TO {literal(before)};",
                hazards=[renamed(f"value {before!r} of {schema}.{new.name}")],
                summary=label,
            )
        if not enum_swapped(old, new):  # only additions: ADD VALUE in place
            for i, value in enumerate(new.values):
                if value in values:
                    continue
                later = next((v for v in new.values[i + 1 :] if v in values), None)
                where = f" BEFORE {literal(later)}" if later is not None else ""
                self.ctx.emit(
                    Step.TYPES,
                    f"ALTER TYPE {name} ADD VALUE {literal(value)}{where};",
                    summary=label,
                    rank=1,
                    early=True,
                )
                values.insert(values.index(later) if later is not None else len(values), value)
            return
        self.swap_enum(old, new, schema, [v for v in values if v not in new.values])

    def swap_enum(self, old: m.EnumType, new: m.EnumType, schema: str, removed: list[str]) -> None:
        """Values removed or reordered: a new type, the columns moved to it through text."""
        name = qualified(schema, new.name)
        label = f"~ enum {schema}.{new.name}"
        parked = f"{new.name}__schemac_old"
        self.ctx.emit(
            Step.TYPES, f"ALTER TYPE {name} RENAME TO {ident(parked)};", summary=label, rank=2
        )
        self.ctx.emit(Step.TYPES, ddl.create_enum(new, schema), summary=label, rank=3)
        hazards = list(rewrite(f"its {new.name} column moves to the new type"))
        if removed:
            hazards.append(
                lost(f"values {', '.join(map(repr, removed))} of {schema}.{new.name} are removed")
            )
            hazards.append(
                hazard(
                    HazardKind.DATA_DEPENDENT,
                    f"fails if a row holds {' or '.join(map(repr, removed))}",
                )
            )
        for table, col in self.columns_of(schema, new.name, TypeKind.ENUM):
            self.move_column(table, col, hazards, through_text=True)
        self.ctx.emit(Step.TYPES, f"DROP TYPE {qualified(schema, parked)};", summary=label, rank=5)
        self.ctx.made(f"TYPE {name}")
        self.ctx.granted(_G.TYPE, schema, new.name)

    def domain(self, change: Change) -> None:
        self.type_change(change, ddl.create_domain, self.alter_domain, rank=1)

    def alter_domain(
        self, old: m.Domain, new: m.Domain, schema: str, attributes: frozenset[str]
    ) -> None:
        name = qualified(schema, new.name)
        label = f"~ domain {schema}.{new.name}"
        emit = self.ctx.emit
        if domain_remade(attributes):
            self.remake_domain(old, new, schema)
            return
        if "default" in attributes:
            text = (
                f"SET DEFAULT {default_sql(new.default)}"
                if new.default is not None
                else "DROP DEFAULT"
            )
            emit(Step.TYPES, f"ALTER DOMAIN {name} {text};", summary=label, rank=1)
        if "not_null" in attributes:
            if new.not_null:
                emit(
                    Step.TYPES,
                    f"ALTER DOMAIN {name} SET NOT NULL;",
                    hazards=_checked(new.name, f"fails if a column of {new.name} holds a NULL"),
                    summary=label,
                    rank=1,
                )
            else:
                emit(Step.TYPES, f"ALTER DOMAIN {name} DROP NOT NULL;", summary=label, rank=1)
        if "checks" in attributes:
            self.domain_checks(old, new, schema)

    def domain_checks(self, old: m.Domain, new: m.Domain, schema: str) -> None:
        """Checks dropped, and added (one that changes is dropped and added again)."""
        name = qualified(schema, new.name)
        label = f"~ domain {schema}.{new.name}"
        emit = self.ctx.emit
        pairs, dropped, added = match(old.checks, new.checks, lambda c: c.name)
        for a, b, _ in pairs:
            if not same(a, b, parts=["comment", "name"]):
                dropped.append(a)
                added.append(b)
        for c in dropped:
            emit(
                Step.DROP_DEPENDENTS,
                f"ALTER DOMAIN {name} DROP CONSTRAINT {ident(c.name)};",
                summary=label,
                rank=4,
            )
        for c in added:
            emit(
                Step.TYPES,
                f"ALTER DOMAIN {name} ADD {check_constraint(c)};",
                hazards=_checked(new.name, f"fails if a value of {new.name} breaks check {c.name}"),
                summary=label,
                rank=2,
            )
            self.ctx.made(f"CONSTRAINT {ident(c.name)} ON DOMAIN {name}")

    def remake_domain(self, old: m.Domain, new: m.Domain, schema: str) -> None:
        """A new base type: the domain is made again (PostgreSQL cannot change it).

        Its columns hold the old base type meanwhile.
        """
        name = qualified(schema, new.name)
        label = f"~ domain {schema}.{new.name}"
        users = self.columns_of(schema, new.name, TypeKind.DOMAIN)
        for table, col in users:
            c = ident(col.name)
            held = dataclasses.replace(old.type, array_dims=col.type.array_dims)
            parts = [f"ALTER COLUMN {c} DROP DEFAULT"] if col.default is not None else []
            parts.append(f"ALTER COLUMN {c} TYPE {format_type(held)}")
            self.ctx.emit(
                Step.DROP_DEPENDENTS,
                alter_table(table, parts),
                summary=f"~ column {table}.{col.name}",
                rank=5,
            )
        self.ctx.emit(Step.DROP_DEPENDENTS, f"DROP DOMAIN {name};", summary=label, rank=6)
        self.ctx.emit(Step.TYPES, ddl.create_domain(new, schema), summary=label, rank=1)
        for table, col in users:
            held = dataclasses.replace(old.type, array_dims=col.type.array_dims)
            change = convert(held, col.type, lambda t: new if t.name == new.name else None)
            hazards = change.hazards(f"{table}.{col.name}", held, col.type)
            self.move_column(table, col, hazards, through_text=False)
        self.ctx.made(f"DOMAIN {name}")
        self.ctx.granted(_G.TYPE, schema, new.name)

    def move_column(
        self, table: str, col: m.Column, hazards: Sequence[Hazard], *, through_text: bool
    ) -> None:
        """A column onto its type made again.

        An enum's goes through text, its default dropped first; a domain's had its
        default dropped when it was held in the base type.
        """
        c = ident(col.name)
        spelled = format_type(col.type)
        parts = []
        if through_text and col.default is not None:
            parts.append(f"ALTER COLUMN {c} DROP DEFAULT")
        using = f" USING {c}::text::{spelled}" if through_text else ""
        parts.append(f"ALTER COLUMN {c} TYPE {spelled}{using}")
        if col.default is not None:
            parts.append(f"ALTER COLUMN {c} SET DEFAULT {default_sql(col.default)}")
        self.ctx.emit(
            Step.TYPES,
            alter_table(table, parts),
            hazards=hazards,
            summary=f"~ column {table}.{col.name}",
            rank=4,
        )

    def columns_of(self, schema: str, name: str, kind: TypeKind) -> list[tuple[str, m.Column]]:
        """(qualified table, column) of the new state's columns of a type (or arrays of it)."""
        return [
            (qualified(s.name, t.name), col)
            for s in self.ctx.new.schemas
            for t in s.tables
            for col in t.columns
            if (col.type.kind, col.type.schema, col.type.name) == (kind, schema, name)
        ]

    def composite(self, change: Change) -> None:
        self.type_change(change, ddl.create_composite, self.alter_composite, rank=2)

    def alter_composite(
        self, old: m.CompositeType, new: m.CompositeType, schema: str, attributes: frozenset[str]
    ) -> None:
        """Its attributes (``fields``) one by one: dropped, renamed, retyped, added."""
        if "fields" not in attributes:
            return  # its comment alone: planned with the comments
        name = qualified(schema, new.name)
        label = f"~ type {schema}.{new.name}"
        pairs, dropped, added = match(old.fields, new.fields, lambda f: f.name)
        for f in dropped:
            self.ctx.emit(
                Step.TYPES,
                f"ALTER TYPE {name} DROP ATTRIBUTE {ident(f.name)};",
                hazards=[lost(f"the values of attribute {f.name} of {schema}.{new.name}")],
                summary=label,
                rank=2,
            )
        for a, b, moved in pairs:
            if moved:
                before, after = ident(a.name), ident(b.name)
                self.ctx.emit(
                    Step.RENAMES,
                    f"ALTER TYPE {name} RENAME ATTRIBUTE {before} TO {after};",
                    reverse=f"ALTER TYPE {name} RENAME ATTRIBUTE {after} TO {before};",
                    hazards=[renamed(f"attribute {schema}.{new.name}.{a.name}")],
                    summary=label,
                )
            if a.type != b.type or a.collation != b.collation:
                self.ctx.emit(
                    Step.TYPES,
                    f"ALTER TYPE {name} ALTER ATTRIBUTE {ident(b.name)}"
                    f" TYPE {format_type(b.type)};",
                    summary=label,
                    rank=2,
                )
        for f in added:
            self.ctx.emit(
                Step.TYPES,
                f"ALTER TYPE {name} ADD ATTRIBUTE {ident(f.name)} {format_type(f.type)};",
                summary=label,
                rank=2,
            )
