"""Where partitions live and what their copies of indexes are called: moved and renamed in place.

A partition whose schema changes moves (`ALTER TABLE ... SET SCHEMA`; its indexes go with
it). A partition's copy of an index above it (ir/partitions.py) whose name changes is
renamed (`ALTER INDEX ... RENAME`): after the renames of the plan, so under the names
they give. Copies PostgreSQL makes in this plan (of a new partition, of an index made
or made again, in a table or partition made again) come under the names it chooses and
are renamed once made. Nothing here is a change of its own in the diff: it is read off
both states, the old one as its renames leave it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemac.dialects.postgres.ddl import tables as ddl
from schemac.dialects.postgres.quoting import ident, qualified
from schemac.dialects.sql.steps import Context, Step, hazard
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.differ import partition_shape, same
from schemac.ir import model as m
from schemac.ir.partitions import CopySource, default_copy_name, partition_sources, table_sources
from schemac.plan import HazardKind

__all__ = ["plan_partition_places"]

_KEYS = (ObjectKind.PRIMARY_KEY, ObjectKind.UNIQUE, ObjectKind.EXCLUSION, ObjectKind.INDEX)

Owner = tuple[str, str]  # (schema, name) of the table or partition an index is on


@dataclass(frozen=True, slots=True)
class _Place:
    """A partition: its schema, what it has copies of (with their owners), whether it is made."""

    partition: m.Partition
    schema: str
    sources: tuple[tuple[CopySource, Owner], ...]
    made: bool
    depth: int = 0  # 0 for a partition of the table, 1 for one of those, ...
    named: str = ""  # the name PostgreSQL named its copies after, when not its own

    def names(self) -> dict[str, str]:
        given = {c.of: c.name for c in self.partition.copies}
        after = self.named or self.partition.name
        return {s.name: given.get(s.name) or default_copy_name(after, s) for s, _ in self.sources}


def _places(table: m.Table, schema: str, *, made: bool, remade: set[Owner]) -> Iterator[_Place]:
    """The table's partitions at every level; ``remade``: partitions dropped and made again."""

    def walk(
        partitions: tuple[m.Partition, ...],
        parent: str,
        sources: tuple[tuple[CopySource, Owner], ...],
        made: bool,
        above: tuple[m.Partition, ...] = (),
    ) -> Iterator[_Place]:
        for p in partitions:
            own = p.schema_in(parent) or ""
            again = made or (own, p.name) in remade
            yield _Place(p, own, sources, again, depth=len(above))
            below = sources + tuple((s, (own, p.name)) for s in partition_sources(p))
            yield from walk(p.partitions, own, below, again, (*above, p))

    owner = (schema, table.name)
    yield from walk(table.partitions, schema, tuple((s, owner) for s in table_sources(table)), made)


def _tables(database: m.Database) -> dict[Owner, m.Table]:
    return {(s.name or "", t.name): t for s in database.schemas for t in s.tables}


def _made_keys(changes: Sequence[Change]) -> set[tuple[Owner, str]]:
    """(owner, name) of the indexes and keys the plan makes, or drops and makes again."""
    out: set[tuple[Owner, str]] = set()
    for c in changes:
        if c.object not in _KEYS or c.parent is None:
            continue
        if c.kind is ChangeKind.ADD or (c.kind is ChangeKind.ALTER and c.attributes - {"comment"}):
            out.add(((c.schema or "", c.parent), c.new.name))
    return out


def plan_partition_places(ctx: Context, changes: Sequence[Change], recreated: set[Owner]) -> None:
    """Moves and renames for every partition of the new state (``recreated``: tables made again)."""
    made_keys = _made_keys(changes)
    remade: set[Owner] = set()
    renamed: dict[tuple[Owner, str], str] = {}  # (table, new name) -> old name
    for c in changes:
        if c.object is not ObjectKind.PARTITION:
            continue
        if c.kind is ChangeKind.RENAME:
            renamed[((c.schema or "", c.parent or ""), c.new.name)] = c.old.name
        elif c.kind is ChangeKind.ALTER and not same(
            partition_shape(c.old), partition_shape(c.new), parts=["comment", "name", "bound"]
        ):
            remade.add((c.new.schema_in(c.schema) or "", c.new.name))
    before = _tables(ctx.renamed)
    for key, table in _tables(ctx.new).items():
        old = before.get(key)
        made = old is None or key in recreated
        found: dict[str, _Place] = {}
        if not made and old is not None:
            for p in _places(old, key[0], made=False, remade=set()):
                named = renamed.get((key, p.partition.name), "")
                found[p.partition.name] = dataclasses.replace(p, named=named)
        places = list(_places(table, key[0], made=made, remade=remade))
        # The indexes made in this plan: those of a table made (again) with it, those of
        # a partition made again with it, and those the changes make.
        built = set(made_keys)
        for place in places:
            if made:
                built |= {(owner, s.name) for s, owner in place.sources}
            if place.made:
                here = (place.schema, place.partition.name)
                built |= {(here, i.name) for i in place.partition.indexes}
        for place in places:
            previous = None if place.made else found.get(place.partition.name)
            _plan_place(ctx, place, previous, built)


def _plan_place(
    ctx: Context, place: _Place, old: _Place | None, built: set[tuple[Owner, str]]
) -> None:
    name = place.partition.name
    if old is not None and old.schema != place.schema:
        ctx.emit(
            Step.RENAMES,
            f"ALTER TABLE {qualified(old.schema, name)} SET SCHEMA {ident(place.schema)};",
            reverse=f"ALTER TABLE {qualified(place.schema, name)} SET SCHEMA {ident(old.schema)};",
            summary=f"~ partition {old.schema}.{name} -> {place.schema}.{name}",
            rank=1,
        )
    wanted = place.names()
    had = old.names() if old is not None else {}
    for source, owner in place.sources:
        made = (owner, source.name) in built or (old is not None and source.name not in had)
        fresh = old is None or made
        target = wanted[source.name]
        comment = next((c.comment for c in place.partition.copies if c.of == source.name), None)
        if fresh and comment:  # a copy made in this plan has no comment yet
            ctx.made(f"INDEX {qualified(place.schema, target)}")
        made_here = default_copy_name(name, source)
        if made and source.index is not None and target != made_here:
            # The index is made in this plan, after the partition: made first under its
            # name, the copy is attached to it (as compiling does).
            _make_copy(ctx, place, source.index, target, existing=not place.made)
            continue
        current = made_here if fresh else had[source.name]
        if current == target:
            continue
        ctx.emit(
            Step.INDEXES if fresh else Step.RENAMES,
            ddl.rename_index(place.schema, current, target),
            reverse=ddl.rename_index(place.schema, target, current),
            summary=f"~ index {place.schema}.{current} -> {target}",
            # Made ones once every index is made; others after the partitions moved.
            rank=9 if fresh else 5,
        )


def _make_copy(ctx: Context, place: _Place, index: m.Index, name: str, *, existing: bool) -> None:
    """The partition's copy of ``index``, made under ``name`` before the index itself."""
    partition = place.partition.name
    hazards = []
    if existing:
        hazards.append(
            hazard(
                HazardKind.LONG_LOCK,
                f"SHARE lock on {partition} while the index builds: writes wait",
            )
        )
    ctx.emit(
        Step.INDEXES,
        ddl.create_index(
            dataclasses.replace(index, name=name, comment=None), place.schema, partition
        ),
        reverse=f"DROP INDEX {qualified(place.schema, name)};",
        hazards=hazards,
        summary=f"+ index {place.schema}.{name}",
        rank=-1 - place.depth,  # before the index above it, those further down first
    )
