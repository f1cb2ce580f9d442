"""Changes to schemas, extensions, types, sequences and functions, as statements."""

from __future__ import annotations

import dataclasses
from typing import Any

from schemac.dialects.postgres import ddl_objects as ddl
from schemac.dialects.postgres.ddl_tables import check_constraint
from schemac.dialects.postgres.plan_context import (
    Context,
    Step,
    hazard,
    lost,
    renamed,
    rewrite,
)
from schemac.dialects.postgres.plan_tables import sequence_changes
from schemac.dialects.postgres.plan_types import convert
from schemac.dialects.postgres.plan_views import ViewPlanner
from schemac.dialects.postgres.quoting import ident, literal, qualified
from schemac.dialects.postgres.types import format_type
from schemac.dialects.postgres.values import default_sql
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.differ import match, same
from schemac.ir import model as m
from schemac.ir.types import TypeKind
from schemac.plan import Hazard, HazardKind

__all__ = ["ObjectPlanner"]

_G = m.GrantTargetKind


# Drop order among objects of the last step: tables, then what they used.
_DROP_RANK = {
    ObjectKind.SEQUENCE: 1,
    ObjectKind.FUNCTION: 2,
    ObjectKind.DOMAIN: 3,
    ObjectKind.COMPOSITE_TYPE: 4,
    ObjectKind.ENUM: 5,
    ObjectKind.COLLATION: 6,
    ObjectKind.SCHEMA: 8,
    ObjectKind.EXTENSION: 9,
}
_TYPE_WORD = {
    ObjectKind.ENUM: "TYPE",
    ObjectKind.COMPOSITE_TYPE: "TYPE",
    ObjectKind.DOMAIN: "DOMAIN",
    ObjectKind.SEQUENCE: "SEQUENCE",
}


def _renamed_values(old: m.EnumType, new: m.EnumType) -> tuple[dict[str, str], list[str]]:
    """The values renamed (old to new), and the old values under their new names."""
    renames = {before: after for after, before in new.renamed_values if before in old.values}
    return renames, [renames.get(v, v) for v in old.values]


def enum_swapped(old: m.EnumType, new: m.EnumType) -> bool:
    """Whether the enum is made again: values removed or moved (ADD VALUE cannot)."""
    _, values = _renamed_values(old, new)
    return [v for v in new.values if v in values] != values


class ObjectPlanner(ViewPlanner):
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.views: list[tuple[ObjectKind, str, Any]] = []

    def plan(self, change: Change) -> None:
        handler = {
            ObjectKind.SCHEMA: self.schema,
            ObjectKind.EXTENSION: self.extension,
            ObjectKind.COLLATION: self.collation,
            ObjectKind.ENUM: self.enum,
            ObjectKind.DOMAIN: self.domain,
            ObjectKind.COMPOSITE_TYPE: self.composite,
            ObjectKind.SEQUENCE: self.sequence,
            ObjectKind.FUNCTION: self.function,
            ObjectKind.VIEW: self.view,
            ObjectKind.MATERIALIZED_VIEW: self.view,
            ObjectKind.GRANT: self.grant,
        }[change.object]
        handler(change)

    # ------------------------------------------------------------------ generic

    def drop(self, kind: ObjectKind, schema: str, name: str, *, gone: str | None = None) -> None:
        word = _TYPE_WORD.get(kind, kind.value.upper())
        hazards = [lost(gone)] if gone else []
        self.ctx.emit(
            Step.DROP_OBJECTS,
            f"DROP {word} {qualified(schema, name)};",
            hazards=hazards,
            summary=f"- {kind.value} {schema}.{name}",
            rank=_DROP_RANK.get(kind, 0),
        )

    def rename(
        self, kind: ObjectKind, schema: str, old: str, new: str, *, word: str | None = None
    ) -> None:
        word = word or _TYPE_WORD.get(kind, kind.value.upper())
        self.ctx.emit(
            Step.RENAMES,
            f"ALTER {word} {qualified(schema, old)} RENAME TO {ident(new)};",
            reverse=f"ALTER {word} {qualified(schema, new)} RENAME TO {ident(old)};",
            hazards=[renamed(f"{kind.value} {schema}.{old}")],
            summary=f"~ {kind.value} {schema}.{old} -> {new}",
        )

    # ------------------------------------------------------------------ schemas, extensions

    def schema(self, change: Change) -> None:
        if change.kind is ChangeKind.ADD:
            if change.new.name != "public":
                self.ctx.emit(
                    Step.SCHEMAS,
                    ddl.create_schema(change.new.name),
                    reverse=f"DROP SCHEMA {ident(change.new.name)};",
                    summary=f"+ schema {change.new.name}",
                )
        elif change.kind is ChangeKind.DROP:
            if change.old.name == "public":
                return  # every database has it: what is in it is dropped, it stays
            self.ctx.emit(
                Step.DROP_OBJECTS,
                f"DROP SCHEMA {ident(change.old.name)};",
                hazards=[lost(f"schema {change.old.name}")],
                summary=f"- schema {change.old.name}",
                rank=_DROP_RANK[ObjectKind.SCHEMA],
            )
        elif change.kind is ChangeKind.RENAME:
            old, new = ident(change.old.name), ident(change.new.name)
            self.ctx.emit(
                Step.RENAMES,
                f"ALTER SCHEMA {old} RENAME TO {new};",
                reverse=f"ALTER SCHEMA {new} RENAME TO {old};",
                hazards=[renamed(f"schema {change.old.name}")],
                summary=f"~ schema {change.old.name} -> {change.new.name}",
                rank=-1,
            )

    def extension(self, change: Change) -> None:
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.EXTENSIONS,
                ddl.create_extension(change.new),
                reverse=f"DROP EXTENSION {ident(change.new.name)};",
                summary=f"+ extension {change.new.name}",
            )
        elif change.kind is ChangeKind.DROP:
            self.ctx.emit(
                Step.DROP_OBJECTS,
                f"DROP EXTENSION {ident(change.old.name)};",
                hazards=[lost(f"the objects of extension {change.old.name}")],
                summary=f"- extension {change.old.name}",
                rank=_DROP_RANK[ObjectKind.EXTENSION],
            )
        else:
            old, new = change.old, change.new
            name = ident(new.name)
            if old.schema != new.schema and new.schema is not None:
                self.ctx.emit(
                    Step.EXTENSIONS,
                    f"ALTER EXTENSION {name} SET SCHEMA {ident(new.schema)};",
                    summary=f"~ extension {new.name}",
                )
            if old.version != new.version and new.version is not None:
                self.ctx.emit(
                    Step.EXTENSIONS,
                    f"ALTER EXTENSION {name} UPDATE TO {literal(new.version)};",
                    reverse=f"ALTER EXTENSION {name} UPDATE TO {literal(old.version)};"
                    if old.version
                    else None,
                    summary=f"~ extension {new.name}",
                )

    # ------------------------------------------------------------------ types

    def collation(self, change: Change) -> None:
        schema = change.schema or ""
        if change.kind is ChangeKind.RENAME:
            self.rename(ObjectKind.COLLATION, schema, change.old.name, change.new.name)
            return
        if change.kind is ChangeKind.DROP:
            self.drop(ObjectKind.COLLATION, schema, change.old.name)
        elif change.kind is ChangeKind.ALTER:  # a collation cannot be altered: made again
            self.ctx.emit(
                Step.DROP_DEPENDENTS,
                f"DROP COLLATION {qualified(schema, change.old.name)};",
                hazards=[
                    hazard(
                        HazardKind.DATA_DEPENDENT,
                        f"collation {change.old.name} is made again: fails while a column uses it",
                    )
                ],
                summary=f"- collation {schema}.{change.old.name}",
                rank=7,
            )
        if change.kind is not ChangeKind.DROP:
            self.ctx.emit(
                Step.TYPES,
                ddl.create_collation(change.new, schema),
                reverse=f"DROP COLLATION {qualified(schema, change.new.name)};",
                summary=f"+ collation {schema}.{change.new.name}",
                rank=-1,
            )
            if change.kind is ChangeKind.ALTER:
                self.ctx.made(f"COLLATION {qualified(schema, change.new.name)}")

    def enum(self, change: Change) -> None:
        schema = change.schema or ""
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.TYPES,
                ddl.create_enum(change.new, schema),
                reverse=f"DROP TYPE {qualified(schema, change.new.name)};",
                summary=f"+ enum {schema}.{change.new.name}",
            )
        elif change.kind is ChangeKind.DROP:
            self.drop(ObjectKind.ENUM, schema, change.old.name)
        elif change.kind is ChangeKind.RENAME:
            self.rename(ObjectKind.ENUM, schema, change.old.name, change.new.name)
        else:
            self.alter_enum(change.old, change.new, schema)

    def alter_enum(self, old: m.EnumType, new: m.EnumType, schema: str) -> None:
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
            c = ident(col.name)
            spelled = format_type(col.type)
            parts = [f"ALTER COLUMN {c} DROP DEFAULT"] if col.default is not None else []
            parts.append(f"ALTER COLUMN {c} TYPE {spelled} USING {c}::text::{spelled}")
            if col.default is not None:
                parts.append(f"ALTER COLUMN {c} SET DEFAULT {default_sql(col.default)}")
            self.ctx.emit(
                Step.TYPES,
                f"ALTER TABLE {table} " + ", ".join(parts) + ";",
                hazards=hazards,
                summary=f"~ column {table}.{col.name}",
                rank=4,
            )
        self.ctx.emit(Step.TYPES, f"DROP TYPE {qualified(schema, parked)};", summary=label, rank=5)
        self.ctx.made(f"TYPE {name}")
        self.ctx.granted(_G.TYPE, schema, new.name)

    def domain(self, change: Change) -> None:
        schema = change.schema or ""
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.TYPES,
                ddl.create_domain(change.new, schema),
                summary=f"+ domain {schema}.{change.new.name}",
                rank=1,
            )
        elif change.kind is ChangeKind.DROP:
            self.drop(ObjectKind.DOMAIN, schema, change.old.name)
        elif change.kind is ChangeKind.RENAME:
            self.rename(ObjectKind.DOMAIN, schema, change.old.name, change.new.name)
        else:
            self.alter_domain(change.old, change.new, schema)

    def alter_domain(self, old: m.Domain, new: m.Domain, schema: str) -> None:
        name = qualified(schema, new.name)
        label = f"~ domain {schema}.{new.name}"
        emit = self.ctx.emit
        if old.type != new.type or old.collation != new.collation:
            self.remake_domain(old, new, schema)
            return
        if old.default != new.default:
            text = (
                f"SET DEFAULT {default_sql(new.default)}"
                if new.default is not None
                else "DROP DEFAULT"
            )
            emit(Step.TYPES, f"ALTER DOMAIN {name} {text};", summary=label, rank=1)
        if old.not_null != new.not_null:
            if new.not_null:
                emit(
                    Step.TYPES,
                    f"ALTER DOMAIN {name} SET NOT NULL;",
                    hazards=[
                        hazard(
                            HazardKind.DATA_DEPENDENT,
                            f"fails if a column of {new.name} holds a NULL",
                        )
                    ],
                    summary=label,
                    rank=1,
                )
            else:
                emit(Step.TYPES, f"ALTER DOMAIN {name} DROP NOT NULL;", summary=label, rank=1)
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
                hazards=[
                    hazard(
                        HazardKind.DATA_DEPENDENT,
                        f"fails if a value of {new.name} breaks check {c.name}",
                    )
                ],
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
                f"ALTER TABLE {table} {', '.join(parts)};",
                summary=f"~ column {table}.{col.name}",
                rank=5,
            )
        self.ctx.emit(Step.DROP_DEPENDENTS, f"DROP DOMAIN {name};", summary=label, rank=6)
        self.ctx.emit(Step.TYPES, ddl.create_domain(new, schema), summary=label, rank=1)
        for table, col in users:
            c = ident(col.name)
            held = dataclasses.replace(old.type, array_dims=col.type.array_dims)
            change = convert(held, col.type, lambda t: new if t.name == new.name else None)
            hazards: list[Hazard] = []
            what = f"{table}.{col.name}: {format_type(held)} to {format_type(col.type)}"
            if change.fails is not None:
                hazards.append(hazard(HazardKind.DATA_DEPENDENT, f"{what}: {change.fails}"))
            if change.loses is not None:
                hazards.append(lost(f"{what}: {change.loses}"))
            if change.rewrite:
                hazards += rewrite(f"column {col.name} changes type")
            parts = [f"ALTER COLUMN {c} TYPE {format_type(col.type)}"]
            if col.default is not None:
                parts.append(f"ALTER COLUMN {c} SET DEFAULT {default_sql(col.default)}")
            self.ctx.emit(
                Step.TYPES,
                f"ALTER TABLE {table} {', '.join(parts)};",
                hazards=hazards,
                summary=f"~ column {table}.{col.name}",
                rank=4,
            )
        self.ctx.made(f"DOMAIN {name}")
        self.ctx.granted(_G.TYPE, schema, new.name)

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
        schema = change.schema or ""
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.TYPES,
                ddl.create_composite(change.new, schema),
                summary=f"+ type {schema}.{change.new.name}",
                rank=2,
            )
        elif change.kind is ChangeKind.DROP:
            self.drop(ObjectKind.COMPOSITE_TYPE, schema, change.old.name)
        elif change.kind is ChangeKind.RENAME:
            self.rename(ObjectKind.COMPOSITE_TYPE, schema, change.old.name, change.new.name)
        else:
            name = qualified(schema, change.new.name)
            label = f"~ type {schema}.{change.new.name}"
            pairs, dropped, added = match(change.old.fields, change.new.fields, lambda f: f.name)
            for f in dropped:
                self.ctx.emit(
                    Step.TYPES,
                    f"ALTER TYPE {name} DROP ATTRIBUTE {ident(f.name)};",
                    hazards=[lost(f"attribute {f.name}")],
                    summary=label,
                    rank=2,
                )
            for a, b, moved in pairs:
                if moved:
                    self.ctx.emit(
                        Step.RENAMES,
                        f"ALTER TYPE {name} RENAME ATTRIBUTE {ident(a.name)} TO {ident(b.name)};",
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

    # ------------------------------------------------------------------ sequences

    def sequence(self, change: Change) -> None:
        schema = change.schema or ""
        if change.kind is ChangeKind.ADD:
            seq: m.Sequence = change.new
            self.ctx.emit(
                Step.SEQUENCES,
                ddl.create_sequence(seq, schema),
                reverse=f"DROP SEQUENCE {qualified(schema, seq.name)};",
                summary=f"+ sequence {schema}.{seq.name}",
            )
            owned = ddl.sequence_owned_by(seq, schema)
            if owned:
                self.ctx.emit(Step.OWNERSHIP, owned, summary=f"~ sequence {schema}.{seq.name}")
        elif change.kind is ChangeKind.DROP:
            if not self._goes_with_its_owner(change.old):
                self.drop(ObjectKind.SEQUENCE, schema, change.old.name)
        elif change.kind is ChangeKind.RENAME:
            self.rename(ObjectKind.SEQUENCE, schema, change.old.name, change.new.name)
        else:
            old, new = change.old, change.new
            name = qualified(schema, new.name)
            label = f"~ sequence {schema}.{new.name}"
            clauses = [f"AS {format_type(new.type)}"] if old.type != new.type else []
            clauses += sequence_changes(old.options, new.options)
            low = new.options.min_value
            if low is not None and (old.options.min_value is None or low > old.options.min_value):
                # A raised minimum refuses a current value below it: move that up first
                # (a value at or above it is kept, so no value is handed out twice).
                self.ctx.emit(
                    Step.SEQUENCES,
                    f"SELECT pg_catalog.setval({literal(name)}, GREATEST(last_value, {low}),"
                    f" is_called AND last_value >= {low}) FROM {name};",
                    summary=label,
                )
            if clauses:
                self.ctx.emit(
                    Step.SEQUENCES, f"ALTER SEQUENCE {name} {' '.join(clauses)};", summary=label
                )
            if old.owned_by != new.owned_by:
                owned = (
                    ddl.sequence_owned_by(new, schema) or f"ALTER SEQUENCE {name} OWNED BY NONE;"
                )
                self.ctx.emit(Step.OWNERSHIP, owned, summary=label)

    def _goes_with_its_owner(self, seq: m.Sequence) -> bool:
        """A sequence owned by a column that is dropped goes with it."""
        if seq.owned_by is None:
            return False
        table, column = seq.owned_by
        kept = self.ctx.new.schema(table.schema)
        t = next((t for t in kept.tables if t.name == table.name), None) if kept else None
        return t is None or t.column(column) is None

    # ------------------------------------------------------------------ functions

    def function(self, change: Change) -> None:
        schema = change.schema or ""
        if change.kind is ChangeKind.ADD:
            self.create_function(change.new, schema)
        elif change.kind is ChangeKind.DROP:
            kind = change.old.kind.value.upper()
            self.ctx.emit(
                Step.DROP_OBJECTS,
                f"DROP {kind} {ddl.function_signature(change.old, schema)};",
                summary=f"- {change.old.kind.value} {schema}.{change.old.name}",
                rank=_DROP_RANK[ObjectKind.FUNCTION],
            )
        elif change.kind is ChangeKind.RENAME:
            kind = change.old.kind.value.upper()
            self.ctx.emit(
                Step.RENAMES,
                f"ALTER {kind} {ddl.function_signature(change.old, schema)}"
                f" RENAME TO {ident(change.new.name)};",
                hazards=[renamed(f"function {schema}.{change.old.name}")],
                summary=f"~ function {schema}.{change.old.name} -> {change.new.name}",
            )
        else:
            old, new = change.old, change.new
            if same(old, new, parts=["comment"]):
                return
            replaceable = (
                old.returns == new.returns
                and old.kind is new.kind
                and [(a.name, a.mode, a.type) for a in old.arguments]
                == [(a.name, a.mode, a.type) for a in new.arguments]
                and all(
                    a.default is not None or b.default is None
                    for a, b in zip(old.arguments, new.arguments, strict=True)
                )
            )
            if not replaceable:
                kind = old.kind.value.upper()
                self.ctx.emit(
                    Step.DROP_DEPENDENTS,
                    f"DROP {kind} {ddl.function_signature(old, schema)};",
                    summary=f"- {old.kind.value} {schema}.{old.name}",
                    rank=5,
                )
                self.ctx.made(f"{kind} {ddl.function_signature(new, schema)}")
                self.ctx.granted(
                    _G.FUNCTION if new.kind is m.FunctionKind.FUNCTION else _G.PROCEDURE,
                    schema,
                    new.name,
                )
            self.create_function(new, schema, replace=replaceable)

    def create_function(self, function: m.Function, schema: str, *, replace: bool = False) -> None:
        sql = ddl.create_function(function, schema)
        if replace:
            sql = "CREATE OR REPLACE" + sql[len("CREATE") :]
        sign = "~" if replace else "+"
        self.ctx.emit(
            Step.FUNCTIONS, sql, summary=f"{sign} {function.kind.value} {schema}.{function.name}"
        )
