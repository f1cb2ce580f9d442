"""Changes to views, materialized views and grants."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from schemac.dialects.postgres.ddl import objects as ddl
from schemac.dialects.postgres.ddl.tables import create_index, create_trigger
from schemac.dialects.postgres.quoting import ident, qualified, role
from schemac.dialects.sql.order import NameIndex
from schemac.dialects.sql.steps import Context, Step, hazard
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.ir import model as m
from schemac.plan import Hazard, HazardKind

__all__ = ["MadeView", "ViewPlanner", "refilled"]

_G = m.GrantTargetKind


@dataclass
class MadeView:
    """A view or materialized view to create, and what a reviewer must know of it."""

    kind: ObjectKind
    schema: str
    view: Any
    hazards: list[Hazard] = field(default_factory=list)
    note: str = ""  # why it is made again, when nothing declared of it changed


def refilled(schema: str, old: m.MaterializedView, new: m.MaterializedView) -> list[Hazard]:
    """What making a materialized view again costs, when the old one holds rows.

    Its rows are data (whether it is filled is not compared): made again WITH NO DATA it
    has none, and reading it fails, until it is refreshed; made again WITH DATA its query
    runs inside the plan's transaction, while the locks taken before are held.
    """
    if not old.with_data:  # never filled (or declared so): nothing to lose
        return []
    name = f"{schema}.{new.name}"
    if not new.with_data:
        return [
            hazard(
                HazardKind.BACKWARD_INCOMPATIBLE,
                f"materialized view {name} is made again WITH NO DATA: it loses its rows,"
                f" and reading it fails, until REFRESH MATERIALIZED VIEW {name}",
            )
        ]
    return [
        hazard(
            HazardKind.LONG_LOCK,
            f"materialized view {name} is made again: its query runs to fill it, and reads"
            " of it wait, while the plan's transaction holds its locks",
        )
    ]


class ViewPlanner:
    ctx: Context
    views: list[MadeView]

    def rename(
        self, kind: ObjectKind, schema: str, old: str, new: str, *, word: str | None = None
    ) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ views

    def view(self, change: Change) -> None:
        schema = change.schema or ""
        word = "VIEW" if change.object is ObjectKind.VIEW else "MATERIALIZED VIEW"
        if change.kind is ChangeKind.ADD:
            self.create_view(change.object, schema, change.new)
        elif change.kind is ChangeKind.RENAME:
            self.rename(change.object, schema, change.old.name, change.new.name, word=word)
        elif change.kind is ChangeKind.DROP:
            self.drop_view(change.object, schema, change.old)

    def drop_view(self, kind: ObjectKind, schema: str, view: Any, *, note: str = "") -> None:
        word = "VIEW" if kind is ObjectKind.VIEW else "MATERIALIZED VIEW"
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"DROP {word} {qualified(schema, view.name)};",
            summary=f"- {kind.value} {schema}.{view.name}",
            rank=0,
            note=note,
        )

    def create_view(
        self,
        kind: ObjectKind,
        schema: str,
        view: Any,
        *,
        hazards: list[Hazard] | None = None,
        note: str = "",
    ) -> None:
        self.views.append(MadeView(kind, schema, view, hazards or [], note))
        word = "VIEW" if kind is ObjectKind.VIEW else "MATERIALIZED VIEW"
        self.ctx.made(f"{word} {qualified(schema, view.name)}")
        for index in getattr(view, "indexes", ()):
            self.ctx.made(f"INDEX {qualified(schema, index.name)}")
        for trigger in getattr(view, "triggers", ()):
            self.ctx.made(f"TRIGGER {ident(trigger.name)} ON {qualified(schema, view.name)}")
        self.ctx.granted(_G.TABLE, schema, view.name)

    def finish_views(self) -> None:
        """Create the views in dependency order (each after the views it reads)."""
        names = NameIndex()
        for made in self.views:
            names.add(("relation", made.schema, made.view.name))
        keys = {(made.schema, made.view.name): made for made in self.views}
        reads = {
            key: {(s, n) for _, s, n in names.scan(made.view.query.text, (key[0], "public"))}
            - {key}
            for key, made in keys.items()
        }
        done: set[tuple[str, str]] = set()
        rank = 0

        def visit(key: tuple[str, str], seen: set[tuple[str, str]]) -> None:
            nonlocal rank
            if key in done or key in seen:
                return
            seen.add(key)
            for other in sorted(reads[key]):
                if other in keys:
                    visit(other, seen)
            done.add(key)
            made = keys[key]
            kind, view, schema = made.kind, made.view, key[0]
            sql = (
                ddl.create_view(view, schema)
                if kind is ObjectKind.VIEW
                else ddl.create_matview(view, schema)
            )
            self.ctx.emit(
                Step.VIEWS,
                sql,
                hazards=made.hazards,
                summary=f"+ {kind.value} {schema}.{view.name}",
                rank=rank,
                note=made.note,
            )
            rank += 1
            for index in getattr(view, "indexes", ()):
                self.ctx.emit(
                    Step.VIEWS,
                    create_index(index, schema, view.name),
                    summary=f"+ index {schema}.{index.name}",
                    rank=rank,
                )
                rank += 1
            for trigger in getattr(view, "triggers", ()):
                self.ctx.emit(
                    Step.TRIGGERS,
                    create_trigger(trigger, schema, view.name),
                    summary=f"+ trigger {schema}.{view.name}.{trigger.name}",
                )

        for key in sorted(keys):
            visit(key, set())

    # ------------------------------------------------------------------ grants

    def grant(self, change: Change) -> None:
        if change.kind is ChangeKind.ADD:
            self.ctx.emit(
                Step.GRANTS, ddl.grant(change.new), summary=_grant_label("+", change.new), rank=1
            )
        elif change.kind is ChangeKind.DROP:
            if self._exists(change.old.target):
                self.ctx.emit(
                    Step.GRANTS,
                    _revoke(change.old, change.old.privileges),
                    summary=_grant_label("-", change.old),
                )
        else:
            # Only what changes: privileges revoked, the grant option taken back, privileges
            # granted (all of them again when the grant option is given).
            old, new = change.old, change.new
            label = _grant_label("~", new)
            gone = tuple(p for p in old.privileges if p not in new.privileges)
            kept = tuple(p for p in old.privileges if p in new.privileges)
            if gone:
                self.ctx.emit(Step.GRANTS, _revoke(old, gone), summary=label)
            if old.with_grant_option and not new.with_grant_option and kept:
                self.ctx.emit(Step.GRANTS, _revoke(old, kept, option=True), summary=label)
            given = new.privileges
            if old.with_grant_option == new.with_grant_option or old.with_grant_option:
                given = tuple(p for p in new.privileges if p not in old.privileges)
            if given:
                fresh = dataclasses.replace(new, privileges=given)
                self.ctx.emit(Step.GRANTS, ddl.grant(fresh), summary=label, rank=1)

    def _exists(self, target: m.GrantTarget) -> bool:
        if target.kind is _G.SCHEMA:
            return self.ctx.new.schema(target.name.name) is not None
        schema = self.ctx.new.schema(target.name.schema)
        if schema is None:
            return False
        groups = {
            _G.TABLE: (schema.tables, schema.views, schema.materialized_views),
            _G.SEQUENCE: (schema.sequences,),
            _G.FUNCTION: (schema.functions,),
            _G.PROCEDURE: (schema.functions,),
            _G.TYPE: (schema.enums, schema.domains, schema.composite_types),
        }[target.kind]
        return any(obj.name == target.name.name for group in groups for obj in group)

    def regrant(self) -> None:
        """Grants of objects created again: the new state's, given anew."""
        for g in self.ctx.new.grants:
            key = (g.target.kind, g.target.name.schema, g.target.name.name)
            if key in self.ctx.regranted and g not in self.ctx.old.grants:
                continue  # a new grant: the differ has it already
            if key in self.ctx.regranted:
                self.ctx.emit(Step.GRANTS, ddl.grant(g), summary=_grant_label("+", g), rank=1)


def _revoke(g: m.Grant, privileges: tuple[str, ...], *, option: bool = False) -> str:
    """REVOKE of ``privileges`` (with ``option``, of the grant option for them only)."""
    grant = ddl.grant(
        m.Grant(target=g.target, grantee=g.grantee, privileges=privileges, columns=g.columns)
    )
    body = grant[len("GRANT ") : grant.rindex(" TO ")]
    what = "GRANT OPTION FOR " if option else ""
    return f"REVOKE {what}{body} FROM {role(g.grantee)};"


def _grant_label(sign: str, g: m.Grant) -> str:
    return f"{sign} grant {', '.join(g.privileges)} on {g.target.name} to {g.grantee}"
