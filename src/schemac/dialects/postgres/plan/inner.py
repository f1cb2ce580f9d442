"""Changes to what is inside a table: constraints, indexes, partitions, triggers and policies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemac.dialects.postgres.ddl import tables as ddl
from schemac.dialects.postgres.plan.inherits import inherited_check, released_check
from schemac.dialects.postgres.quoting import ident, qualified, role
from schemac.dialects.postgres.values import fragment
from schemac.dialects.sql.steps import Context, Step, hazard, lost, renamed
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.differ import partition_shape, same
from schemac.ir import model as m
from schemac.plan import Hazard, HazardKind

__all__ = ["CONSTRAINTS", "InnerPlanner"]

CONSTRAINTS: dict[ObjectKind, Callable[[Any], str]] = {
    ObjectKind.PRIMARY_KEY: ddl.primary_key_sql,
    ObjectKind.UNIQUE: ddl.unique_sql,
    ObjectKind.CHECK: ddl.check_constraint,
    ObjectKind.EXCLUSION: ddl.exclusion_sql,
    ObjectKind.FOREIGN_KEY: ddl.foreign_key,
}


# Comments are planned on their own (planner._comments): a change of nothing else needs
# no statement here, and a rename that changes nothing else is a RENAME alone.
_COMMENT = frozenset({"comment"})
_RENAMED = frozenset({"name", "comment"})

# What a constraint may change without a row that met it failing it.
_TIMING = frozenset({"comment", "deferrable", "initially_deferred"})
_SAME_RULE: dict[ObjectKind, frozenset[str]] = {
    ObjectKind.PRIMARY_KEY: _TIMING | {"include"},
    ObjectKind.UNIQUE: _TIMING | {"include"},
    ObjectKind.CHECK: frozenset({"comment", "no_inherit"}),
    ObjectKind.EXCLUSION: _TIMING | {"include"},
    ObjectKind.FOREIGN_KEY: _TIMING | {"on_delete", "on_update", "on_delete_columns"},
}

# What ALTER POLICY changes.
_POLICY_CLAUSES = frozenset({"comment", "roles", "using", "with_check"})


def _alterable(change: Change) -> bool:
    """Whether ALTER POLICY takes the policy there.

    Its roles and expressions change, and only those (the clauses it had, it keeps).
    """
    old, new, attributes = change.old, change.new, change.attributes
    return (
        bool(attributes - _COMMENT)
        and attributes <= _POLICY_CLAUSES
        and (old.using is None) == (new.using is None)
        and (old.with_check is None) == (new.with_check is None)
    )


def _policy_clauses(policy: m.Policy, attributes: frozenset[str]) -> str:
    """The clauses of ALTER POLICY that set what changes (``attributes``) as ``policy`` has it."""
    text = ""
    if "roles" in attributes:
        text += f" TO {', '.join(role(r) for r in policy.roles)}"
    if "using" in attributes and policy.using is not None:
        text += f" USING ({fragment(policy.using)})"
    if "with_check" in attributes and policy.with_check is not None:
        text += f" WITH CHECK ({fragment(policy.with_check)})"
    return text


_INVALID = (
    "it is invalid: a build that failed (CREATE INDEX CONCURRENTLY, say) left it, and"
    " queries do not use it"
)


def _timing(fk: m.ForeignKey) -> str:
    if fk.initially_deferred:
        return "DEFERRABLE INITIALLY DEFERRED"
    return "DEFERRABLE INITIALLY IMMEDIATE" if fk.deferrable else "NOT DEFERRABLE"


class InnerPlanner:
    ctx: Context

    def partitions(self, partitions: tuple[m.Partition, ...], schema: str, parent: str) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ constraints

    def add_constraint(
        self,
        kind: ObjectKind,
        item: Any,
        schema: str,
        table: str,
        *,
        existing: bool = True,
        checks: bool = True,
    ) -> None:
        """A constraint, with the hazards of adding it.

        On a table with rows (``existing``) the rows are checked, and they may fail a rule
        they did not have to meet before (``checks``).
        """
        name = qualified(schema, table)
        hazards: list[Hazard] = []
        if existing and checks:
            what = {
                ObjectKind.PRIMARY_KEY: "fails if rows repeat a key or hold a NULL",
                ObjectKind.UNIQUE: "fails if rows repeat a value",
                ObjectKind.CHECK: "fails if a row breaks the check",
                ObjectKind.EXCLUSION: "fails if rows conflict",
                ObjectKind.FOREIGN_KEY: "fails if a row points at a missing row",
            }[kind]
            hazards.append(hazard(HazardKind.DATA_DEPENDENT, f"{kind.value} {item.name} {what}"))
        if existing:
            lock = (
                "SHARE ROW EXCLUSIVE lock on both tables"
                if kind is ObjectKind.FOREIGN_KEY
                else "ACCESS EXCLUSIVE lock"
            )
            hazards.append(hazard(HazardKind.LONG_LOCK, f"{lock} while existing rows are checked"))
        step = Step.FOREIGN_KEYS if kind is ObjectKind.FOREIGN_KEY else Step.CONSTRAINTS
        self.ctx.emit(
            step,
            f"ALTER TABLE {name} ADD {CONSTRAINTS[kind](item)};",
            reverse=f"ALTER TABLE {name} DROP CONSTRAINT {ident(item.name)};",
            hazards=hazards,
            summary=f"+ {kind.value} {schema}.{table}.{item.name}",
            rank=0 if kind is ObjectKind.PRIMARY_KEY else 1,
        )

    def drop_constraint(self, kind: ObjectKind, item: Any, schema: str, table: str) -> None:
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"ALTER TABLE {qualified(schema, table)} DROP CONSTRAINT {ident(item.name)};",
            reverse=f"ALTER TABLE {qualified(schema, table)} ADD {CONSTRAINTS[kind](item)};",
            summary=f"- {kind.value} {schema}.{table}.{item.name}",
            rank=1 if kind is ObjectKind.FOREIGN_KEY else 2,
        )

    def constraint(self, change: Change, schema: str, table: str) -> None:
        kind = change.object
        released = None
        if change.kind is ChangeKind.ADD and kind is ObjectKind.CHECK:
            released = released_check(self.ctx, schema, table, change.new.name)
        if released is not None:  # NO INHERIT leaves the parent's check to the table
            if not same(released, change.new, parts=["comment"]):
                self.drop_constraint(kind, released, schema, table)
                self.add_constraint(kind, change.new, schema, table)
        elif change.kind is ChangeKind.ADD:
            self.add_constraint(kind, change.new, schema, table)
        elif change.kind is ChangeKind.DROP:
            if kind is ObjectKind.CHECK and inherited_check(self.ctx, schema, table, change.old):
                return  # PostgreSQL keeps a check the table inherits (as its own too)
            self.drop_constraint(kind, change.old, schema, table)
        elif change.kind is ChangeKind.RENAME:
            if change.attributes - _RENAMED:
                return  # altered too: dropped under the old name, added under the new
            old, new = ident(change.old.name), ident(change.new.name)
            self.ctx.emit(
                Step.RENAMES,
                f"ALTER TABLE {qualified(schema, table)} RENAME CONSTRAINT {old} TO {new};",
                reverse=f"ALTER TABLE {qualified(schema, table)} RENAME CONSTRAINT {new} TO {old};",
                summary=f"~ {kind.value} {schema}.{table}.{change.old.name} -> {change.new.name}",
                rank=2,
            )
        elif change.attributes - _COMMENT:
            old, new = change.old, change.new
            if kind is ObjectKind.FOREIGN_KEY and change.attributes <= _TIMING:
                # Only when it is checked: PostgreSQL changes that in place.
                self.ctx.emit(
                    Step.CONSTRAINTS,
                    f"ALTER TABLE {qualified(schema, table)} ALTER CONSTRAINT"
                    f" {ident(new.name)} {_timing(new)};",
                    reverse=f"ALTER TABLE {qualified(schema, table)} ALTER CONSTRAINT"
                    f" {ident(old.name)} {_timing(old)};",
                    summary=f"~ {kind.value} {schema}.{table}.{new.name}",
                )
                return
            self.drop_constraint(kind, old, schema, table)
            checks = bool(change.attributes - _SAME_RULE[kind])
            self.add_constraint(kind, new, schema, table, checks=checks)
            self.ctx.made(f"CONSTRAINT {ident(new.name)} ON {qualified(schema, table)}")

    # ------------------------------------------------------------------ indexes

    def create_index(
        self,
        index: m.Index,
        schema: str,
        table: str,
        *,
        step: Step = Step.INDEXES,
        existing: bool = True,
        note: str = "",
    ) -> None:
        """An index; on a table this plan creates (``existing`` False) it costs nothing."""
        sql = ddl.create_index(index, schema, table)
        hazards: list[Hazard] = []
        concurrent = self.ctx.concurrent_indexes and step is Step.INDEXES and existing
        if concurrent:
            sql = sql.replace(" INDEX ", " INDEX CONCURRENTLY ", 1)
        elif existing:
            hazards.append(
                hazard(
                    HazardKind.LONG_LOCK,
                    f"SHARE lock on {table} while the index builds: writes wait"
                    " (--concurrent-indexes avoids it)",
                )
            )
        if index.unique and existing:
            hazards.append(
                hazard(
                    HazardKind.DATA_DEPENDENT,
                    f"unique index {index.name} fails if rows repeat a value",
                )
            )
        self.ctx.emit(
            step,
            sql,
            reverse=f"DROP INDEX {qualified(schema, index.name)};",
            hazards=hazards,
            summary=f"+ index {schema}.{index.name}",
            rank=2,
            transactional=not concurrent,
            note=note,
        )

    def drop_index(
        self,
        index: m.Index,
        schema: str,
        table: str,
        *,
        note: str = "",
        concurrent: bool | None = None,
    ) -> None:
        if concurrent is None:
            concurrent = self.ctx.concurrent_indexes
        word = "DROP INDEX CONCURRENTLY" if concurrent else "DROP INDEX"
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"{word} {qualified(schema, index.name)};",
            reverse=ddl.create_index(index, schema, table),
            hazards=[]
            if concurrent
            else [
                hazard(
                    HazardKind.LONG_LOCK,
                    f"ACCESS EXCLUSIVE lock on {table} while the index is dropped",
                )
            ],
            summary=f"- index {schema}.{index.name}",
            rank=3,
            transactional=not concurrent,
            note=note,
        )

    def index(self, change: Change, schema: str, table: str) -> None:
        if change.kind is ChangeKind.ADD:
            self.create_index(change.new, schema, table)
        elif change.kind is ChangeKind.DROP:
            self.drop_index(change.old, schema, table)
        elif change.kind is ChangeKind.RENAME:
            if change.attributes - _RENAMED:
                return  # altered too: dropped under the old name, made under the new
            self.ctx.emit(
                Step.RENAMES,
                f"ALTER INDEX {qualified(schema, change.old.name)}"
                f" RENAME TO {ident(change.new.name)};",
                reverse=f"ALTER INDEX {qualified(schema, change.new.name)}"
                f" RENAME TO {ident(change.old.name)};",
                summary=f"~ index {schema}.{change.old.name} -> {change.new.name}",
                rank=2,
            )
        elif change.attributes - _COMMENT:
            note = "" if change.old.valid else _INVALID
            if change.attributes - {"comment", "valid"}:
                note = ""  # redefined: it would be made again anyway
            self.drop_index(change.old, schema, table, note=note)
            self.create_index(change.new, schema, table, note=note)
            self.ctx.made(f"INDEX {qualified(schema, change.new.name)}")

    # ------------------------------------------------------------------ partitions

    def partition(self, change: Change, schema: str, table: str) -> None:
        """A partition of the table ``schema.table`` (in ``schema`` unless it has its own).

        Its schema and the names of its copies change in place (plan/partitions.py).
        """
        if change.kind is ChangeKind.ADD:
            self.partitions((change.new,), schema, table)
            return
        if change.kind is ChangeKind.RENAME:
            where = change.old.schema_in(schema) or ""
            self.rename_partition(change.old.name, change.new.name, where)
            return
        old, new = change.old, change.new
        if change.kind is ChangeKind.ALTER and not self.recreates_partition(old, new):
            # Its own indexes are changes of their own.
            if not same(partition_shape(old), partition_shape(new), parts=["comment", "name"]):
                self.move_partition(new, schema, table)
            return
        # Renamed first, if renamed: the ALTER finds it under its new name (and in its
        # old schema: one made again does not move first).
        name = new.name if change.kind is ChangeKind.ALTER else old.name
        own = old.schema_in(schema) or ""
        early = change.kind is ChangeKind.ALTER or (own, old.name) in self.ctx.added
        self.ctx.emit(
            Step.DROP_DEPENDENTS if early else Step.DROP_OBJECTS,
            f"DROP TABLE {qualified(own, name)};",
            hazards=[lost(f"every row of partition {own}.{name}")],
            summary=f"- partition {own}.{name}",
            rank=8,
        )
        if change.kind is ChangeKind.ALTER:
            self.partitions((new,), schema, table)
            self.ctx.made(f"TABLE {qualified(schema, new.name)}")

    @staticmethod
    def recreates_partition(old: m.Partition, new: m.Partition) -> bool:
        """A change of a partition that drops it and makes it again, with what it holds.

        Anything but its comment, its own indexes, its bounds (a partition moves to new
        bounds in place), its schema and its copies' names (moved and renamed in place).
        """
        return not same(
            partition_shape(old), partition_shape(new), parts=["comment", "name", "bound"]
        )

    def move_partition(self, partition: m.Partition, schema: str, table: str) -> None:
        """New bounds: detached, and attached again with them (its rows stay)."""
        own = partition.schema_in(schema) or ""
        parent, name = qualified(schema, table), qualified(own, partition.name)
        label = f"~ partition {schema}.{partition.name}"
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"ALTER TABLE {parent} DETACH PARTITION {name};",
            summary=label,
            rank=8,
        )
        self.ctx.emit(
            Step.TABLES,
            f"ALTER TABLE {parent} ATTACH PARTITION {name} {ddl.partition_bound(partition.bound)};",
            hazards=[
                hazard(
                    HazardKind.DATA_DEPENDENT,
                    f"fails if a row of {partition.name} is outside its new bounds, or a"
                    " default partition holds rows within them",
                ),
                hazard(
                    HazardKind.LONG_LOCK,
                    f"ACCESS EXCLUSIVE lock on {partition.name} while its rows are checked",
                ),
            ],
            summary=label,
            rank=1,
        )

    def rename_partition(self, old: str, new: str, schema: str) -> None:
        """The partition, in ``schema`` (its own); its copies' names follow (plan/partitions.py)."""
        self.ctx.emit(
            Step.RENAMES,
            f"ALTER TABLE {qualified(schema, old)} RENAME TO {ident(new)};",
            reverse=f"ALTER TABLE {qualified(schema, new)} RENAME TO {ident(old)};",
            hazards=[renamed(f"partition {schema}.{old}")],
            summary=f"~ partition {schema}.{old} -> {new}",
        )

    # ------------------------------------------------------------------ triggers, policies

    def rename_on(self, word: str, change: Change, schema: str, table: str) -> None:
        """A trigger or policy renamed: `ALTER word name ON table RENAME TO ...`.

        One that changes too is dropped under its old name and made under its new one.
        """
        if change.attributes - _RENAMED:
            return
        on = qualified(schema, table)
        self.ctx.emit(
            Step.RENAMES,
            f"ALTER {word} {ident(change.old.name)} ON {on} RENAME TO {ident(change.new.name)};",
            summary=f"~ {word.lower()} {schema}.{table}.{change.old.name} -> {change.new.name}",
        )

    def create_trigger(self, trigger: m.Trigger, schema: str, table: str) -> None:
        self.ctx.emit(
            Step.TRIGGERS,
            ddl.create_trigger(trigger, schema, table),
            reverse=f"DROP TRIGGER {ident(trigger.name)} ON {qualified(schema, table)};",
            summary=f"+ trigger {schema}.{table}.{trigger.name}",
        )

    def trigger(self, change: Change, schema: str, table: str) -> None:
        on = qualified(schema, table)
        if change.kind is ChangeKind.ADD:
            self.create_trigger(change.new, schema, table)
        elif change.kind is ChangeKind.RENAME:
            self.rename_on("TRIGGER", change, schema, table)
        elif change.kind is ChangeKind.DROP or change.attributes - _COMMENT:
            self.drop_trigger(change.old, schema, table)
            if change.kind is ChangeKind.ALTER:
                self.create_trigger(change.new, schema, table)
                self.ctx.made(f"TRIGGER {ident(change.new.name)} ON {on}")

    def drop_trigger(self, trigger: m.Trigger, schema: str, table: str) -> None:
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"DROP TRIGGER {ident(trigger.name)} ON {qualified(schema, table)};",
            reverse=ddl.create_trigger(trigger, schema, table),
            summary=f"- trigger {schema}.{table}.{trigger.name}",
        )

    def drop_policy(self, policy: m.Policy, schema: str, table: str) -> None:
        self.ctx.emit(
            Step.DROP_DEPENDENTS,
            f"DROP POLICY {ident(policy.name)} ON {qualified(schema, table)};",
            reverse=ddl.create_policy(policy, schema, table),
            summary=f"- policy {schema}.{table}.{policy.name}",
        )

    def create_policy(self, policy: m.Policy, schema: str, table: str) -> None:
        self.ctx.emit(
            Step.POLICIES,
            ddl.create_policy(policy, schema, table),
            reverse=f"DROP POLICY {ident(policy.name)} ON {qualified(schema, table)};",
            summary=f"+ policy {schema}.{table}.{policy.name}",
            rank=1,
        )

    def policy(self, change: Change, schema: str, table: str) -> None:
        on = qualified(schema, table)
        if change.kind is ChangeKind.ADD:
            self.create_policy(change.new, schema, table)
        elif change.kind is ChangeKind.RENAME:
            self.rename_on("POLICY", change, schema, table)
        elif change.kind is ChangeKind.ALTER and _alterable(change):
            self.ctx.emit(
                Step.POLICIES,
                f"ALTER POLICY {ident(change.new.name)} ON {on}"
                f"{_policy_clauses(change.new, change.attributes)};",
                reverse=f"ALTER POLICY {ident(change.new.name)} ON {on}"
                f"{_policy_clauses(change.old, change.attributes)};",
                summary=f"~ policy {schema}.{table}.{change.new.name}",
                rank=1,
            )
        elif change.kind is ChangeKind.DROP or change.attributes - _COMMENT:
            self.drop_policy(change.old, schema, table)
            if change.kind is ChangeKind.ALTER:
                self.create_policy(change.new, schema, table)
                self.ctx.made(f"POLICY {ident(change.new.name)} ON {on}")
