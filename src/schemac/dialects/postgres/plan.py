"""Changes rendered as PostgreSQL statements, in an order PostgreSQL accepts.

Each change becomes statements in one of the steps below; a step runs after the ones
before it. What depends on an object that is dropped or altered goes first (views,
triggers, policies, foreign keys, constraints and indexes being removed or rebuilt), then
everything is created and altered in dependency order, then what is no longer wanted is
dropped, and comments and grants come last. A view that reads a relation whose columns
change is dropped before and created again after, as is everything that reads it.
Hazards come from the kind of change (plan_hazards.py), never from the SQL text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from schemac.dialects.postgres.comments import comment_on, comment_targets
from schemac.dialects.postgres.order import NameIndex
from schemac.dialects.postgres.plan_context import Context, Step
from schemac.dialects.postgres.plan_keys import resting_foreign_keys
from schemac.dialects.postgres.plan_objects import ObjectPlanner, function_replaceable
from schemac.dialects.postgres.plan_partitions import plan_partition_places
from schemac.dialects.postgres.plan_tables import TablePlanner
from schemac.dialects.postgres.plan_types import enum_swapped
from schemac.dialects.postgres.plan_unmanaged import unmanaged_hazards
from schemac.dialects.postgres.quoting import ident
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.follow import find_renames, follow_renames, renamed_objects
from schemac.ir import model as m
from schemac.ir.types import TypeKind
from schemac.plan import Plan

__all__ = ["Step", "plan_changes", "render_sql"]


def _relations(database: m.Database) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for s in database.schemas:
        for group in (s.tables, s.views, s.materialized_views):
            for obj in group:
                out[(s.name or "", obj.name)] = obj
    return out


def _views(database: m.Database) -> dict[tuple[str, str], tuple[ObjectKind, Any]]:
    out: dict[tuple[str, str], tuple[ObjectKind, Any]] = {}
    for s in database.schemas:
        for v in s.views:
            out[(s.name or "", v.name)] = (ObjectKind.VIEW, v)
        for mv in s.materialized_views:
            out[(s.name or "", mv.name)] = (ObjectKind.MATERIALIZED_VIEW, mv)
    return out


class _Dependents:
    """Which views read which relations and call which functions.

    Found by a scan of their queries for names.
    """

    def __init__(self, database: m.Database) -> None:
        self.names = NameIndex()
        for schema, name in _relations(database):
            self.names.add(("relation", schema, name))
        for s in database.schemas:
            for f in s.functions:
                self.names.add(("function", s.name or "", f.name))
        self.reads: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for key, (_, view) in _views(database).items():
            path = (key[0], "public")
            found = self.names.scan(view.query.text, path)
            self.reads[key] = {(s, n) for kind, s, n in found if kind == "relation"} - {key}
            self.calls[key] = {(s, n) for kind, s, n in found if kind == "function"}

    def closure(
        self, disturbed: set[tuple[str, str]], functions: set[tuple[str, str]]
    ) -> set[tuple[str, str]]:
        """The views that read ``disturbed`` relations or call ``functions``.

        Directly, or through other views.
        """
        out = {view for view, calls in self.calls.items() if calls & functions}
        grew = True
        while grew:
            grew = False
            for view, reads in self.reads.items():
                if view not in out and reads & (disturbed | out):
                    out.add(view)
                    grew = True
        return out

    def drop_order(self, views: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Views that read others first."""
        chosen = set(views)
        done: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()

        def visit(view: tuple[str, str]) -> None:
            if view in seen:
                return
            seen.add(view)
            for other in sorted(chosen):
                if view in self.reads.get(other, set()):
                    visit(other)
            done.append(view)

        for view in sorted(chosen):
            visit(view)
        return done


def plan_changes(
    changes: Sequence[Change],
    old: m.Database,
    new: m.Database,
    *,
    concurrent_indexes: bool = False,
) -> Plan:
    """The statements that take ``old`` to ``new`` (``changes`` = diff_databases(old, new))."""
    ctx = Context(old=old, new=new, concurrent_indexes=concurrent_indexes)
    ctx.added = _added_names(changes)
    ctx.renamed = renamed_objects(follow_renames(old, find_renames(old, new)), changes)
    table_planner = TablePlanner(ctx)
    object_planner = ObjectPlanner(ctx)

    rebuilt = _rebuilt_views(changes, old, new, table_planner)
    views_new = _views(new)
    # Relations made again with everything in them: their inner changes are done.
    skip_inner: set[tuple[str, str]] = {
        (c.schema or "", c.new.name)
        for c in changes
        if c.object is ObjectKind.TABLE
        and c.kind is ChangeKind.ALTER
        and table_planner.recreates(c.old, c.new)
    }
    for schema, table, fk in resting_foreign_keys(changes, ctx.renamed, set(skip_inner)):
        table_planner.drop_constraint(ObjectKind.FOREIGN_KEY, fk, schema, table)
        table_planner.add_constraint(ObjectKind.FOREIGN_KEY, fk, schema, table, checks=False)
    skip_inner |= _partitions_made_again(changes, table_planner)
    for key, (kind, view) in rebuilt.items():
        object_planner.drop_view(kind, key[0], view)
        if key in views_new:
            new_kind, new_view = views_new[key]
            object_planner.create_view(new_kind, key[0], new_view)
            skip_inner.add(key)

    for change in changes:
        if change.object in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            key = (change.schema or "", change.name)
            old_key = (change.schema or "", getattr(change.old, "name", ""))
            if key in rebuilt or old_key in rebuilt:
                continue
        if change.parent is not None and (change.schema or "", change.parent) in skip_inner:
            continue  # the view was created again, with everything in it
        if change.object in TablePlanner.KINDS:
            table_planner.plan(change)
        else:
            object_planner.plan(change)
    table_planner.finish()
    recreated = {(c.schema or "", c.new.name) for c in changes if _recreated(c, table_planner)}
    plan_partition_places(ctx, changes, recreated)
    object_planner.finish_views()
    _comments(ctx)
    object_planner.regrant()
    ordered = sorted(ctx.entries, key=lambda e: (e.step, e.rank, e.order))
    statements = unmanaged_hazards([e.statement for e in ordered], old.unmanaged)
    return Plan(statements=statements, search_path=_search_path(new))


def _search_path(new: m.Database) -> tuple[str, ...]:
    schemas = sorted({e.schema for e in new.extensions if e.schema not in (None, "public")})
    return (*schemas, "public") if schemas else ()


def _rebuilt_views(
    changes: Sequence[Change], old: m.Database, new: m.Database, tp: TablePlanner
) -> dict[tuple[str, str], tuple[ObjectKind, Any]]:
    """The views of the old state to drop first, dependents before what they read.

    Changed or dropped views, and every view that reads a relation that changes shape.
    """
    old_views = _views(old)
    disturbed: set[tuple[str, str]] = set()
    direct: set[tuple[str, str]] = set()
    functions: set[tuple[str, str]] = set()  # dropped, or dropped and made again
    for change in changes:
        schema = change.schema or ""
        if change.object is ObjectKind.FUNCTION:
            if change.kind is ChangeKind.DROP or (
                change.kind is ChangeKind.ALTER and not function_replaceable(change.old, change.new)
            ):
                functions.add((schema, change.old.name))
        elif change.object in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            if change.kind in (ChangeKind.ALTER, ChangeKind.DROP):
                key = (schema, change.old.name)
                disturbed.add(key)
                direct.add(key)
            elif change.kind is ChangeKind.RENAME:
                disturbed.add((schema, change.old.name))
        elif change.object is ObjectKind.TABLE and change.kind is ChangeKind.DROP:
            disturbed.add((schema, change.old.name))
        elif change.object is ObjectKind.TABLE and change.kind is ChangeKind.ALTER:
            if tp.recreates(change.old, change.new):
                disturbed.add((schema, change.old.name))
        elif change.object is ObjectKind.COLUMN and change.kind is not ChangeKind.ADD:
            if change.kind is ChangeKind.DROP or tp.column_reshaped(change.old, change.new):
                disturbed.add((schema, change.parent or ""))
        elif (
            change.object is ObjectKind.ENUM
            and change.kind is ChangeKind.ALTER
            and enum_swapped(change.old, change.new)
        ):
            disturbed |= tp.type_users(schema, change.old.name, TypeKind.ENUM)
        elif (
            change.object is ObjectKind.DOMAIN
            and change.kind is ChangeKind.ALTER
            and (change.old.type, change.old.collation) != (change.new.type, change.new.collation)
        ):
            disturbed |= tp.type_users(schema, change.old.name, TypeKind.DOMAIN)
    if not disturbed and not functions:
        return {}
    dependents = _Dependents(old)
    chosen = (dependents.closure(disturbed, functions) | direct) & set(old_views)
    # Views renamed are not rebuilt under their old name; a RENAME change moves them.
    return {key: old_views[key] for key in dependents.drop_order(chosen)}


def _recreated(change: Change, tp: TablePlanner) -> bool:
    return (
        change.object is ObjectKind.TABLE
        and change.kind is ChangeKind.ALTER
        and tp.recreates(change.old, change.new)
    )


def _partition_names(partitions: Iterable[m.Partition], schema: str) -> Iterable[tuple[str, str]]:
    """(schema, name) of the partitions at every level, those of ``schema.<parent>``."""
    for p in partitions:
        own = p.schema_in(schema) or ""
        yield own, p.name
        yield from _partition_names(p.partitions, own)


def _partitions_made_again(changes: Sequence[Change], tp: TablePlanner) -> set[tuple[str, str]]:
    """(schema, name) of the partitions dropped and made again with their own indexes."""
    out: set[tuple[str, str]] = set()
    for c in changes:
        if c.kind is not ChangeKind.ALTER:
            continue
        if c.object is ObjectKind.TABLE and tp.recreates(c.old, c.new):
            out.update(_partition_names(c.new.partitions, c.schema or ""))
        elif c.object is ObjectKind.PARTITION and tp.recreates_partition(c.old, c.new):
            out.update(_partition_names((c.new,), c.schema or ""))
    return out


def _added_names(changes: Sequence[Change]) -> set[tuple[str, str]]:
    """(schema, name) of every relation and type the changes add."""
    out: set[tuple[str, str]] = set()
    for c in changes:
        if c.kind in (ChangeKind.ADD, ChangeKind.RENAME) and c.schema is not None:
            if c.object is ObjectKind.PARTITION:
                out.update(_partition_names((c.new,), c.schema))
                continue
            out.add((c.schema, c.new.name))
            if c.object is ObjectKind.TABLE:
                out.update(_partition_names(c.new.partitions, c.schema))
    return out


def _differing(old: m.Database, new: m.Database) -> tuple[m.Database, m.Database]:
    """Both states without the schemas that are the same in both (no comment differs there)."""
    same_schemas = {s.name for s in old.schemas if new.schema(s.name) == s}
    return (
        m.Database(
            schemas=tuple(s for s in old.schemas if s.name not in same_schemas),
            extensions=old.extensions,
        ),
        m.Database(
            schemas=tuple(s for s in new.schemas if s.name not in same_schemas),
            extensions=new.extensions,
        ),
    )


def _comments(ctx: Context) -> None:
    # Objects made again may sit in a schema that is otherwise the same: then read all.
    old, new = (ctx.old, ctx.new) if ctx.recreated else _differing(ctx.old, ctx.new)
    before = dict(comment_targets(old))
    for target, comment in comment_targets(new):
        if target in ctx.recreated:
            if comment:
                ctx.emit(Step.COMMENTS, comment_on(target, comment), summary=f"~ comment {target}")
        elif before.get(target) != comment and (comment or target in before):
            ctx.emit(
                Step.COMMENTS,
                comment_on(target, comment),
                reverse=comment_on(target, before.get(target)),
                summary=f"~ comment {target}",
            )


def render_sql(plan: Plan) -> str:
    """The plan as a script: statements separated by blank lines, hazards as comments.

    What the plan leaves alone (objects the language cannot express) comes first, as
    comments.
    """
    parts = []
    if plan.statements and plan.left_alone:
        parts.append("\n".join(f"-- left alone: {line}" for line in plan.left_alone))
    for statement in plan.statements:
        lines = [f"-- hazard {h.kind.value}: {h.message}" for h in statement.hazards]
        if not statement.transactional:
            lines.append("-- runs outside the transaction")
        elif statement.early:
            lines.append("-- committed before the rest: a new enum value is usable once committed")
        lines.append(statement.sql)
        parts.append("\n".join(lines))
    if parts and plan.search_path:
        at = 1 if plan.left_alone else 0
        parts.insert(at, f"SET search_path TO {', '.join(ident(p) for p in plan.search_path)};")
    return "\n\n".join(parts) + "\n" if parts else ""
