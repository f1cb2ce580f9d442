"""Changes rendered as PostgreSQL statements, in an order PostgreSQL accepts.

Each change becomes statements in one of the steps below; a step runs after the ones
before it. What depends on an object that is dropped or altered goes first (views,
triggers, policies, foreign keys, constraints and indexes being removed or rebuilt), then
everything is created and altered in dependency order, then what is no longer wanted is
dropped, and comments and grants come last. What stands in the way of a change is
dropped before it and made again after: views (plan/dependents.py), and around a column
change generated columns, indexes, constraints, triggers and policies (plan/around.py).
Hazards come from the kind of change, never from the SQL text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from schemac.dialects.postgres.ddl.comments import comment_on, comment_targets
from schemac.dialects.postgres.plan.around import plan_around
from schemac.dialects.postgres.plan.dependents import all_views, rebuilt_views
from schemac.dialects.postgres.plan.keys import resting_foreign_keys
from schemac.dialects.postgres.plan.objects import ObjectPlanner
from schemac.dialects.postgres.plan.partitions import plan_partition_places
from schemac.dialects.postgres.plan.tables import TablePlanner
from schemac.dialects.postgres.plan.unmanaged import unmanaged_hazards
from schemac.dialects.postgres.plan.views import refilled
from schemac.dialects.postgres.quoting import ident
from schemac.dialects.sql.render import render_script
from schemac.dialects.sql.steps import Context, Step
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.follow import find_renames, follow_renames, renamed_objects
from schemac.ir import model as m
from schemac.plan import Plan

__all__ = ["Step", "plan_changes", "render_sql"]


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
    renames = find_renames(old, new)
    ctx.renamed = renamed_objects(follow_renames(old, renames), changes)
    # Relations made again with everything in them: their inner changes are done.
    skip_inner: set[tuple[str, str]] = {
        (c.schema or "", c.new.name) for c in changes if TablePlanner.recreates(c)
    }
    around = plan_around(changes, ctx.renamed, new, skip_inner)
    table_planner = TablePlanner(ctx, around)
    object_planner = ObjectPlanner(ctx)

    rebuilt = rebuilt_views(changes, old, ctx.renamed, renames, around, table_planner.recreates)
    views_new = all_views(new)
    resting = resting_foreign_keys(
        changes, ctx.renamed, set(skip_inner), keys=around.keys(), rebuilt=around.rebuilt
    )
    for schema, table, fk in resting:
        target = f"{fk.references.schema}.{fk.references.name}"
        with ctx.noting(f"it rests on a key of {target} that the plan drops first"):
            table_planner.drop_constraint(ObjectKind.FOREIGN_KEY, fk, schema, table)
            table_planner.add_constraint(ObjectKind.FOREIGN_KEY, fk, schema, table, checks=False)
    skip_inner |= _partitions_made_again(changes, table_planner)
    for r in rebuilt.values():
        object_planner.drop_view(r.kind, r.schema, r.view, note=r.note)
        if r.key in views_new:
            new_kind, new_view = views_new[r.key]
            hazards = (
                refilled(r.key[0], r.view, new_view)
                if ObjectKind.MATERIALIZED_VIEW is r.kind is new_kind
                else []
            )
            object_planner.create_view(new_kind, r.key[0], new_view, hazards=hazards, note=r.note)
            skip_inner.add(r.key)
    made_again = {r.key for r in rebuilt.values()}
    table_planner.remake_columns()

    for change in changes:
        relation = change.object in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
        if relation and (change.schema or "", change.name) in made_again:
            continue  # dropped first and made again (under its new name)
        if change.parent is not None and (change.schema or "", change.parent) in skip_inner:
            continue  # the view was created again, with everything in it
        if around.rebuilds(change):
            continue  # dropped first and made again around a column change
        if change.object in TablePlanner.KINDS:
            table_planner.plan(change)
        else:
            object_planner.plan(change)
    table_planner.finish()
    recreated = {(c.schema or "", c.new.name) for c in changes if TablePlanner.recreates(c)}
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
        if tp.recreates(c):
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
    """The plan as a script (dialects/sql/render.py), with the search path it needs."""
    path = plan.search_path
    return render_script(
        plan, f"SET search_path TO {', '.join(map(ident, path))};" if path else None
    )
