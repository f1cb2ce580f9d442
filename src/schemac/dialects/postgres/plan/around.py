"""What a column change must be planned around: what PostgreSQL will not change in place.

`ALTER COLUMN ... TYPE` (a new type or collation) refuses while a generated column, a
trigger (`UPDATE OF` it, or its `WHEN`) or a policy uses the column; views that read it
are plan/dependents.py's. A column dropped and added again (a generated column whose
expression changes, or that reads a column changing type) takes with it the indexes and
constraints of its table that use it, and `DROP COLUMN` refuses while a trigger, a
policy or another table's foreign key uses it. So:

- a generated column that reads a column changing type is dropped before the change and
  added again after it (its values are computed again);
- every trigger and policy that uses a column changing type, and everything that uses a
  column dropped and added again, is dropped first and made again after, from the new
  state's definition (``Rebuilt``); foreign keys of other tables that rest on a key
  rebuilt so are plan/keys.py's.

Whether an expression uses a column is found by a scan of its names: over-approximate,
which costs at most an object rebuilt that need not be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from schemac.dialects.sql.order import SQL_TOKEN, token_name
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.ir import model as m
from schemac.ir.lookup import find_table

__all__ = ["RESHAPED", "Around", "Rebuilt", "Remade", "names_in", "plan_around", "regenerated"]

# (schema, table, column), under the names the plan gives them (after its renames).
ColumnKey = tuple[str, str, str]


@cache
def names_in(text: str) -> frozenset[str]:
    """The names a SQL fragment spells, outside its strings (words folded to lower case)."""
    out = set()
    for match in SQL_TOKEN.finditer(text):
        if match.lastgroup in ("word", "quoted"):
            name = token_name(match)
            if name is not None:
                out.add(name)
    return frozenset(out)


def _uses(text: m.SqlExpr | None, columns: Iterable[str]) -> bool:
    return text is not None and not names_in(text.text).isdisjoint(columns)


def regenerated(new: m.Column, attributes: frozenset[str]) -> bool:
    """A new or changed generation expression: the column is dropped and added again.

    ``attributes`` are those of the column that change (Change.attributes).
    """
    return "generated" in attributes and new.generated is not None


# What takes a column to ALTER COLUMN ... TYPE: its type, or its collation.
RESHAPED = frozenset({"type", "collation"})


@dataclass
class Remade:
    """A column dropped and added again, and why."""

    old: m.Column  # as the plan's renames leave it
    new: m.Column
    why: str  # "its expression changes", "it reads app.t.a, which changes type"


@dataclass
class Rebuilt:
    """An object of a table dropped before a column change and made again after it."""

    kind: ObjectKind
    schema: str
    parent: str  # the table (or partition) it is on
    old: Any  # as the plan's renames leave it
    new: Any
    note: str


@dataclass
class Around:
    """What the changes to columns are planned around (everything under its new names)."""

    reshaped: dict[ColumnKey, str] = field(default_factory=dict)  # -> "changes type", ...
    remade: dict[ColumnKey, Remade] = field(default_factory=dict)  # why: "" when declared
    rebuilt: list[Rebuilt] = field(default_factory=list)
    # Dropped generated columns that read a column changing type: dropped before it.
    drops_first: set[ColumnKey] = field(default_factory=set)

    def disturbed(self) -> dict[ColumnKey, str]:
        """Columns views may not read across the plan, with what happens to each."""
        out = dict(self.reshaped)
        out.update((key, "is dropped and added again") for key in self.remade)
        return out

    def rebuild(self, rebuilt: Rebuilt) -> None:
        """Rebuild an object around the changes (once: a policy may use two tables)."""
        if _key(rebuilt) not in {_key(r) for r in self.rebuilt}:
            self.rebuilt.append(rebuilt)

    def rebuilds(self, change: Change) -> bool:
        """Whether ``change`` alters an object rebuilt here (from its new definition)."""
        if change.kind is not ChangeKind.ALTER or change.parent is None:
            return False
        key = (change.object, change.schema or "", change.parent, change.name)
        return key in {_key(r) for r in self.rebuilt}

    def keys(self) -> set[tuple[str, str, frozenset[str]]]:
        """(schema, table, columns) of the keys rebuilt: foreign keys may rest on them."""
        out = set()
        for r in self.rebuilt:
            if r.kind in (ObjectKind.PRIMARY_KEY, ObjectKind.UNIQUE):
                out.add((r.schema, r.parent, frozenset(r.old.columns)))
            elif r.kind is ObjectKind.INDEX and r.old.unique and r.old.where is None:
                columns = [e.column for e in r.old.elements]
                if all(columns):
                    out.add((r.schema, r.parent, frozenset(c for c in columns if c)))
        return out


def _key(r: Rebuilt) -> tuple[ObjectKind, str, str, str]:
    return r.kind, r.schema, r.parent, r.new.name


def _table(state: m.Database, schema: str, name: str) -> m.Table | None:
    return find_table(state, schema, name)


def _reshape_word(attributes: frozenset[str]) -> str:
    return "changes type" if "type" in attributes else "changes collation"


def plan_around(
    changes: Sequence[Change],
    old: m.Database,
    new: m.Database,
    remade_tables: Iterable[tuple[str, str]] = (),
) -> Around:
    """What the column changes of ``changes`` are planned around.

    ``old`` is the old state as the plan's renames leave it (Context.renamed);
    ``remade_tables`` (schema, name) the tables the plan drops and makes again, whose
    columns change with them.
    """
    around = Around()
    skipped = set(remade_tables)
    # Old names too: a generated column's expression in the old state spells them.
    spelled: dict[tuple[str, str], set[str]] = {}
    for c in changes:
        if c.object is not ObjectKind.COLUMN or c.kind is not ChangeKind.ALTER:
            continue
        if (c.schema or "", c.parent or "") in skipped:
            continue
        key = (c.schema or "", c.parent or "", c.new.name)
        if regenerated(c.new, c.attributes):  # declared: the change says why
            around.remade[key] = Remade(old=c.old, new=c.new, why="")
        elif c.attributes & RESHAPED:
            around.reshaped[key] = _reshape_word(c.attributes)
            spelled.setdefault(key[:2], set()).update((c.old.name, c.new.name))
    for (schema, name), names in spelled.items():
        before, after = _table(old, schema, name), _table(new, schema, name)
        if before is not None and after is not None:
            _generated_readers(around, schema, before, after, names)
    by_table: dict[tuple[str, str], dict[str, str]] = {}
    for (schema, table, column), what in around.disturbed().items():
        by_table.setdefault((schema, table), {})[column] = f"which {what}"
    for (schema, name), columns in by_table.items():
        before, after = _table(old, schema, name), _table(new, schema, name)
        if before is not None and after is not None:
            _rebuild_users(around, old, new, schema, before, after, columns)
    return around


def _generated_readers(
    around: Around, schema: str, old: m.Table, new: m.Table, columns: set[str]
) -> None:
    """Generated columns that read a column changing type: dropped and added again."""
    reshaped = {c: w for (s, t, c), w in around.reshaped.items() if (s, t) == (schema, new.name)}
    for col in old.columns:
        if col.generated is None or not _uses(col.generated, columns):
            continue
        key = (schema, new.name, col.name)
        after = new.column(col.name)
        read = sorted(names_in(col.generated.text) & set(reshaped)) or sorted(reshaped)
        what = f"it reads {schema}.{new.name}.{read[0]}, which {reshaped[read[0]]}"
        if after is None:
            around.drops_first.add(key)
        elif after.generated is not None and key not in around.remade:
            around.remade[key] = Remade(old=col, new=after, why=what)
            around.reshaped.pop(key, None)  # its new type comes with it added again


def _elements_use(elements: Iterable[m.IndexElement], columns: set[str]) -> bool:
    return any(e.column in columns or _uses(e.expression, columns) for e in elements)


def _index_uses(index: m.Index, columns: set[str]) -> bool:
    return (
        _elements_use(index.elements, columns)
        or _uses(index.where, columns)
        or not columns.isdisjoint(index.include)
    )


def _constraint_uses(kind: ObjectKind, item: Any, columns: set[str]) -> bool:
    if kind is ObjectKind.CHECK:
        return _uses(item.expression, columns)
    if kind is ObjectKind.EXCLUSION:
        return (
            _elements_use((e.element for e in item.elements), columns)
            or _uses(item.where, columns)
            or not columns.isdisjoint(item.include)
        )
    return not columns.isdisjoint((*item.columns, *getattr(item, "include", ())))


def _trigger_uses(trigger: m.Trigger, columns: set[str]) -> bool:
    return _uses(trigger.when, columns) or any(
        not columns.isdisjoint(e.columns) for e in trigger.events
    )


def _policy_uses(policy: m.Policy, columns: set[str], table: str | None) -> bool:
    """Whether a policy reads the columns (of its own table, or of ``table`` by name)."""
    texts = [t for t in (policy.using, policy.with_check) if t is not None]
    return any(_uses(t, columns) and (table is None or table in names_in(t.text)) for t in texts)


def _pairs(olds: Iterable[Any], news: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Objects of both states, by name."""
    by_name = {o.name: o for o in olds}
    for n in news:
        if n.name in by_name:
            yield by_name[n.name], n


_CONSTRAINT_FIELDS = (
    (ObjectKind.UNIQUE, "uniques"),
    (ObjectKind.CHECK, "checks"),
    (ObjectKind.EXCLUSION, "exclusions"),
    (ObjectKind.FOREIGN_KEY, "foreign_keys"),
)


def _rebuild_users(  # noqa: PLR0917 (the states, and the table in both)
    around: Around,
    old_db: m.Database,
    new_db: m.Database,
    schema: str,
    old: m.Table,
    new: m.Table,
    columns: dict[str, str],
) -> None:
    """What uses the columns of one table and must be out of the way while they change.

    ``columns`` maps each column changing type, or dropped and added again, to what
    happens to it (for the note).
    """
    table = new.name
    remade = {c for c in columns if (schema, table, c) in around.remade}

    def note(item_columns: set[str]) -> str:
        column = sorted(item_columns)[0]
        return f"it uses {schema}.{table}.{column}, {columns[column]}"

    def add(kind: ObjectKind, parent: str, pair: tuple[Any, Any], used: set[str]) -> None:
        around.rebuild(Rebuilt(kind, schema, parent, pair[0], pair[1], note(used)))

    # What blocks a type change and a drop alike: triggers and policies.
    for pair in _pairs(old.triggers, new.triggers):
        used = {c for c in columns if _trigger_uses(pair[1], {c})}
        if used:
            add(ObjectKind.TRIGGER, table, pair, used)
    for s_old, s_new in _pairs(old_db.schemas, new_db.schemas):
        for t_old, t_new in _pairs(s_old.tables, s_new.tables):
            here = (s_new.name, t_new.name) == (schema, table)
            for pair in _pairs(t_old.policies, t_new.policies):
                used = {c for c in columns if _policy_uses(pair[1], {c}, None if here else table)}
                if used:
                    where = s_new.name or ""
                    around.rebuild(Rebuilt(ObjectKind.POLICY, where, t_new.name, *pair, note(used)))
    if not remade:
        return
    # What a drop takes with it: the table's indexes and constraints that use the column.
    for pair in _pairs(old.indexes, new.indexes):
        used = {c for c in remade if _index_uses(pair[1], {c})}
        if used:
            add(ObjectKind.INDEX, table, pair, used)
    for partition_old, partition_new in _partition_pairs(old.partitions, new.partitions):
        for pair in _pairs(partition_old.indexes, partition_new.indexes):
            used = {c for c in remade if _index_uses(pair[1], {c})}
            if used:
                add(ObjectKind.INDEX, partition_new.name, pair, used)
    if old.primary_key is not None and new.primary_key is not None:
        pair = (old.primary_key, new.primary_key)
        used = {c for c in remade if _constraint_uses(ObjectKind.PRIMARY_KEY, pair[1], {c})}
        if used:
            add(ObjectKind.PRIMARY_KEY, table, pair, used)
    for kind, name in _CONSTRAINT_FIELDS:
        for pair in _pairs(getattr(old, name), getattr(new, name)):
            used = {c for c in remade if _constraint_uses(kind, pair[1], {c})}
            if used:
                add(kind, table, pair, used)


def _partition_pairs(
    olds: Sequence[m.Partition], news: Sequence[m.Partition]
) -> Iterator[tuple[m.Partition, m.Partition]]:
    for a, b in _pairs(olds, news):
        yield a, b
        yield from _partition_pairs(a.partitions, b.partitions)
