"""The views a plan drops first and makes again, in what order, and why.

A view stands in the way of changes to what it uses: PostgreSQL will not drop, or change
the type of, a column a view reads, nor drop a relation, type or function a view uses.
Such views are dropped before the changes (views that read them before them) and made
again after. Which columns a view reads is what the catalogs' dependency rows say
(`View.reads`, from inspect): a view that reads other columns of the table stays. Where
that is not known (a view declared, not read from a database), a view that names the
table in its query is taken to read every column of it. Which relations, functions and
types a view uses is found by a scan of its query for names: over-approximate, which
costs at most a view rebuilt that need not be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from schemac.dialects.postgres.plan.around import Around
from schemac.dialects.postgres.plan.objects import function_replaceable
from schemac.dialects.postgres.plan.types import domain_remade, enum_swapped
from schemac.dialects.sql.order import SQL_TOKEN, NameIndex, token_name
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.follow import Renames
from schemac.ir import model as m
from schemac.ir.types import TypeKind

__all__ = ["RebuiltView", "all_views", "rebuilt_views"]

Key = tuple[str, str]  # (schema, name)


def all_views(database: m.Database) -> dict[Key, tuple[ObjectKind, Any]]:
    out: dict[Key, tuple[ObjectKind, Any]] = {}
    for s in database.schemas:
        for v in s.views:
            out[(s.name or "", v.name)] = (ObjectKind.VIEW, v)
        for mv in s.materialized_views:
            out[(s.name or "", mv.name)] = (ObjectKind.MATERIALIZED_VIEW, mv)
    return out


Recreates = Callable[[Change], bool]  # whether a change makes a table again


@dataclass
class RebuiltView:
    """A view of the old state dropped first, and why (empty: it changes itself).

    It is dropped under its old name in its schema's new name (a view rebuilt is not
    renamed: it is made again under its new name, ``key``).
    """

    kind: ObjectKind
    view: Any
    schema: str  # where it is when it is dropped
    key: Key  # (schema, name) it is made again under, if the new state has it
    note: str


def _qualified(text: str) -> set[Key]:
    """The `schema.name` pairs a SQL fragment spells (its user types, as inspect reads it)."""
    out: set[Key] = set()
    tail: list[tuple[str | None, str | None]] = []  # (kind, name) of the last tokens
    for match in SQL_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None and (match.group().isspace() or match.group().startswith("--")):
            continue
        tail = [*tail[-2:], (kind, token_name(match))]
        if len(tail) == 3 and tail[1][0] == "dot":
            (_, first), _, (_, second) = tail
            if first is not None and second is not None:
                out.add((first, second))
    return out


class _Dependents:
    """Which relations, functions and types the old state's views name in their queries.

    Each under the name the plan gives it (after its renames).
    """

    def __init__(self, database: m.Database, renames: Renames) -> None:
        names = NameIndex()
        for s in database.schemas:
            schema = s.name or ""
            for group in (s.tables, s.views, s.materialized_views):
                for obj in group:
                    names.add(("relation", schema, obj.name))
            for f in s.functions:
                names.add(("function", schema, f.name))
        self.renames = renames
        self.views = all_views(database)
        self.reads: dict[Key, set[Key]] = {}  # old view -> relations (new names)
        self.uses: dict[Key, set[tuple[str, str, str]]] = {}  # functions and types
        for key, (_, view) in self.views.items():
            found = names.scan(view.query.text, (key[0], "public"))
            self.reads[key] = {
                self.relation(s, n) for kind, s, n in found if kind == "relation"
            } - {self.relation(*key)}
            self.uses[key] = {self.named(k) for k in found if k[0] != "relation"}
            # User types by their qualified names only (as PostgreSQL prints them): a
            # plain word is a column or an alias more often than a type.
            self.uses[key] |= {self.named(("type", *pair)) for pair in _qualified(view.query.text)}

    def relation(self, schema: str, name: str) -> Key:
        moved = self.renames.relation(m.ObjectName(schema=schema, name=name))
        return moved.schema or "", moved.name

    def named(self, key: tuple[str, str, str]) -> tuple[str, str, str]:
        kind, schema, name = key
        if kind == "function":
            moved = self.renames.function(m.ObjectName(schema=schema, name=name))
            return kind, moved.schema or "", moved.name
        schema = self.renames.schema(schema) or ""
        return kind, schema, self.renames.types.get((schema, name), name)

    def columns(self, view: Any) -> set[tuple[str, str, str]] | None:
        """The columns a view reads (new names); None when that is not known."""
        if view.reads is None:
            return None
        out = set()
        for ref in view.reads:
            table = self.renames.relation(ref.relation)
            out.add((table.schema or "", table.name, self.renames.column(table, ref.column)))
        return out

    def drop_order(self, views: Iterable[Key]) -> list[Key]:
        """Views that read others first."""
        chosen = set(views)
        done: list[Key] = []
        seen: set[Key] = set()

        def visit(view: Key) -> None:
            if view in seen:
                return
            seen.add(view)
            for other in sorted(chosen):
                if self.relation(*view) in self.reads.get(other, set()):
                    visit(other)
            done.append(view)

        for view in sorted(chosen):
            visit(view)
        return done


@dataclass
class _Disturbed:
    """What the plan drops or makes again that views may use (new names), and how."""

    relations: dict[Key, str]
    columns: dict[tuple[str, str, str], str]
    named: dict[tuple[str, str, str], str]  # functions and types
    own: set[Key]  # views (new names) that change or go themselves

    def __bool__(self) -> bool:
        return bool(self.relations or self.columns or self.named or self.own)


def _type_columns(
    database: m.Database, schema: str, name: str, kind: TypeKind
) -> Iterable[tuple[str, str, str]]:
    """The columns of a type (or an array of it), in ``database``."""
    for s in database.schemas:
        for t in s.tables:
            for c in t.columns:
                if (c.type.kind, c.type.schema, c.type.name) == (kind, schema, name):
                    yield s.name or "", t.name, c.name


def _disturbed(
    changes: Sequence[Change], renamed: m.Database, around: Around, recreates: Recreates
) -> _Disturbed:
    out = _Disturbed(relations={}, columns=around.disturbed(), named={}, own=set())
    for change in changes:
        schema = change.schema or ""
        kind = change.kind
        if change.object is ObjectKind.FUNCTION:
            if kind is ChangeKind.DROP:
                out.named[("function", schema, change.old.name)] = "is dropped"
            elif kind is ChangeKind.ALTER and not function_replaceable(change.old, change.new):
                out.named[("function", schema, change.new.name)] = "is dropped and made again"
        elif change.object in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            if kind in (ChangeKind.ALTER, ChangeKind.DROP):
                out.own.add((schema, (change.new or change.old).name))
            elif kind is ChangeKind.RENAME:
                out.relations[(schema, change.new.name)] = "is renamed"
        elif change.object is ObjectKind.TABLE and kind is ChangeKind.DROP:
            out.relations[(schema, change.old.name)] = "is dropped"
        elif recreates(change):
            out.relations[(schema, change.new.name)] = "is made again"
        elif change.object is ObjectKind.COLUMN and kind is ChangeKind.DROP:
            out.columns[(schema, change.parent or "", change.old.name)] = "is dropped"
        elif change.object in (ObjectKind.ENUM, ObjectKind.DOMAIN) and kind is ChangeKind.ALTER:
            old, new = change.old, change.new
            if change.object is ObjectKind.ENUM:
                remade, what = enum_swapped(old, new), TypeKind.ENUM
            else:
                remade, what = domain_remade(change.attributes), TypeKind.DOMAIN
            if remade:
                out.named[("type", schema, new.name)] = "is made again"
                for column in _type_columns(renamed, schema, new.name, what):
                    out.columns.setdefault(column, f"moves to type {schema}.{new.name} made again")
    return out


def rebuilt_views(  # noqa: PLR0917 (the states and what the plan knows of them)
    changes: Sequence[Change],
    old: m.Database,
    renamed: m.Database,
    renames: Renames,
    around: Around,
    recreates: Recreates,
) -> dict[Key, RebuiltView]:
    """The views of the old state to drop first, dependents before what they read.

    ``renamed`` is the old state as the plan's renames leave it; ``recreates`` tells
    whether a change makes a table again.
    """
    disturbed = _disturbed(changes, renamed, around, recreates)
    if not disturbed:
        return {}
    deps = _Dependents(old, renames)
    notes: dict[Key, str] = {}
    for key, (_, view) in deps.views.items():
        here = deps.relation(*key)
        if here in disturbed.own:
            notes[key] = ""
            continue
        note = _why(deps, key, view, disturbed)
        if note is not None:
            notes[key] = note
    grew = True
    while grew:  # and what reads those
        grew = False
        for key, reads in deps.reads.items():
            if key in notes:
                continue
            for other in sorted(notes):
                if deps.relation(*other) in reads:
                    word = deps.views[other][0].value
                    notes[key] = f"it reads {word} {other[0]}.{other[1]}, which is dropped first"
                    grew = True
                    break
    out = {}
    for key in deps.drop_order(notes):
        kind, view = deps.views[key]
        where = renames.schema(key[0]) or ""
        out[key] = RebuiltView(kind, view, where, deps.relation(*key), notes[key])
    return out


def _why(deps: _Dependents, key: Key, view: Any, disturbed: _Disturbed) -> str | None:
    """Why a view must be out of the way, or None."""
    reads = deps.reads[key]
    for relation in sorted(reads):
        if relation in disturbed.relations:
            return f"it reads {relation[0]}.{relation[1]}, which {disturbed.relations[relation]}"
    for kind, schema, name in sorted(deps.uses[key]):
        what = disturbed.named.get((kind, schema, name))
        if what is not None:
            verb = "calls" if kind == "function" else "names type"
            return f"it {verb} {schema}.{name}, which {what}"
    columns = deps.columns(view)
    if columns is not None:
        for column in sorted(columns & set(disturbed.columns)):
            return f"it reads {'.'.join(column)}, which {disturbed.columns[column]}"
        return None
    for column in sorted(disturbed.columns):
        if column[:2] in reads:
            return (
                f"it may read {'.'.join(column)}, which {disturbed.columns[column]} (the"
                " columns it reads are not known: it was not read from a database)"
            )
    return None
