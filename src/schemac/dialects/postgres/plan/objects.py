"""Changes to schemas, extensions, collations, sequences and functions, as statements.

Enums, domains and composite types are plan/types.py's; views and grants plan/views.py's.
"""

from __future__ import annotations

from schemac.dialects.postgres.ddl import objects as ddl
from schemac.dialects.postgres.plan.tables import sequence_changes
from schemac.dialects.postgres.plan.types import TypePlanner
from schemac.dialects.postgres.plan.views import MadeView, ViewPlanner
from schemac.dialects.postgres.quoting import ident, literal, qualified
from schemac.dialects.postgres.types import format_type
from schemac.dialects.sql.steps import (
    Context,
    Step,
    hazard,
    lost,
    renamed,
)
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.ir import model as m
from schemac.ir.types import TypeKind, TypeRef
from schemac.plan import HazardKind

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


def function_replaceable(old: m.Function, new: m.Function) -> bool:
    """Whether CREATE OR REPLACE takes the function there (else it is dropped and made)."""
    return (
        old.returns == new.returns
        and old.kind is new.kind
        and [(a.name, a.mode, a.type) for a in old.arguments]
        == [(a.name, a.mode, a.type) for a in new.arguments]
        and all(
            a.default is not None or b.default is None
            for a, b in zip(old.arguments, new.arguments, strict=True)
        )
    )


# Views are ranked by their creation order; functions that wait for them come after.
_AFTER_VIEWS = 1_000_000


def _function_types(function: m.Function) -> list[TypeRef]:
    types = [a.type for a in function.arguments]
    if function.returns is not None:
        if function.returns.type is not None:
            types.append(function.returns.type)
        types += [t for _, t in function.returns.table]
    return types


class ObjectPlanner(TypePlanner, ViewPlanner):
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.views: list[MadeView] = []

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
            if "schema" in change.attributes and new.schema is not None:
                self.ctx.emit(
                    Step.EXTENSIONS,
                    f"ALTER EXTENSION {name} SET SCHEMA {ident(new.schema)};",
                    summary=f"~ extension {new.name}",
                )
            if "version" in change.attributes and new.version is not None:
                self.ctx.emit(
                    Step.EXTENSIONS,
                    f"ALTER EXTENSION {name} UPDATE TO {literal(new.version)};",
                    reverse=f"ALTER EXTENSION {name} UPDATE TO {literal(old.version)};"
                    if old.version
                    else None,
                    summary=f"~ extension {new.name}",
                )

    # ------------------------------------------------------------------ collations

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
            old, new, attributes = change.old, change.new, change.attributes
            name = qualified(schema, new.name)
            label = f"~ sequence {schema}.{new.name}"
            clauses = [f"AS {format_type(new.type)}"] if "type" in attributes else []
            if "options" in attributes:
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
            if "owned_by" in attributes:
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
            if not change.attributes - {"comment"}:
                return  # its comment alone: planned with the comments
            replaceable = function_replaceable(old, new)
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
        # A function that takes or returns the row type of a table or view this plan
        # creates waits for it (views come late, so after every view).
        late = any(
            t.kind is TypeKind.COMPOSITE
            and (t.schema or "", t.name) in self.ctx.added
            and self._is_relation(t.schema or "", t.name)
            for t in _function_types(function)
        )
        self.ctx.emit(
            Step.VIEWS if late else Step.FUNCTIONS,
            sql,
            summary=f"{sign} {function.kind.value} {schema}.{function.name}",
            rank=_AFTER_VIEWS if late else 0,
        )

    def _is_relation(self, schema: str, name: str) -> bool:
        s = self.ctx.new.schema(schema)
        groups = (s.tables, s.views, s.materialized_views) if s is not None else ()
        return any(obj.name == name for group in groups for obj in group)
