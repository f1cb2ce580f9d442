"""Foreign keys around the keys they rest on.

A foreign key depends on the unique index behind the key it references. Dropping or
rebuilding that key (a primary key, a unique constraint or a unique index on the same
columns), or making its table again, needs the foreign keys that reference it out of the
way first, and added again once the new key is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from schemac.dialects.postgres.plan.around import Rebuilt
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.ir import model as m

__all__ = ["resting_foreign_keys"]

# (schema, table, the key's columns); None for every key of a table made again.
_Key = tuple[str, str, frozenset[str] | None]
# (schema, table, foreign key)
Resting = tuple[str, str, m.ForeignKey]


def _columns(item: object) -> frozenset[str] | None:
    if isinstance(item, m.Index):
        # An invalid index holds no foreign key up (PostgreSQL takes only valid ones).
        if not item.unique or item.where is not None or not item.valid:
            return None
        columns = [e.column for e in item.elements]
        return frozenset(c for c in columns if c) if all(columns) else None
    if isinstance(item, m.PrimaryKey | m.UniqueConstraint):
        return frozenset(item.columns)
    return None


def _disturbed_keys(changes: Sequence[Change], recreated: set[tuple[str, str]]) -> set[_Key]:
    keys: set[_Key] = {(s, t, None) for s, t in recreated}
    for c in changes:
        if c.object not in (ObjectKind.PRIMARY_KEY, ObjectKind.UNIQUE, ObjectKind.INDEX):
            continue
        if c.kind is ChangeKind.ALTER and not c.attributes - {"comment"}:
            continue  # a comment: nothing is rebuilt
        if c.kind in (ChangeKind.DROP, ChangeKind.ALTER):
            columns = _columns(c.old)
            if columns is not None:
                keys.add((c.schema or "", c.parent or "", columns))
    return keys


def resting_foreign_keys(
    changes: Sequence[Change],
    old: m.Database,
    recreated: set[tuple[str, str]],
    *,
    keys: Iterable[tuple[str, str, frozenset[str]]] = (),
    rebuilt: Iterable[Rebuilt] = (),
) -> list[Resting]:
    """Foreign keys the changes leave alone that rest on a key they drop or rebuild.

    ``old`` is the old state as the renames leave it; ``recreated`` the tables made again;
    ``keys`` (schema, table, columns) keys rebuilt around a column change (plan/around.py),
    and ``rebuilt`` what is so rebuilt (its foreign keys are made again already).
    """
    disturbed = _disturbed_keys(changes, recreated) | set(keys)
    if not disturbed:
        return []
    touched = {
        (c.schema, c.parent, c.old.name)
        for c in changes
        if c.object is ObjectKind.FOREIGN_KEY and c.kind is not ChangeKind.ADD
    } | {(r.schema, r.parent, r.old.name) for r in rebuilt if r.kind is ObjectKind.FOREIGN_KEY}
    gone = {
        (c.schema, c.old.name)
        for c in changes
        if c.object is ObjectKind.TABLE and c.kind is ChangeKind.DROP
    } | recreated
    out: list[Resting] = []
    for s in old.schemas:
        schema = s.name or ""
        for t in s.tables:
            if (schema, t.name) in gone:
                continue
            for fk in t.foreign_keys:
                if (schema, t.name, fk.name) in touched:
                    continue
                target = (fk.references.schema or "", fk.references.name)
                key = (*target, frozenset(fk.ref_columns))
                if (*target, None) in disturbed or key in disturbed:
                    out.append((schema, t.name, fk))
    return out
