"""Changes to tables and their columns, as statements with their reverses and hazards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from schemac.dialects.postgres.ddl import tables as ddl
from schemac.dialects.postgres.plan.around import RESHAPED, Around, Rebuilt, Remade, regenerated
from schemac.dialects.postgres.plan.convert import convert
from schemac.dialects.postgres.plan.inherits import (
    added_column,
    change_parents,
    depth,
    inherited_column,
)
from schemac.dialects.postgres.plan.inner import CONSTRAINTS, InnerPlanner
from schemac.dialects.postgres.quoting import collation as collation_sql
from schemac.dialects.postgres.quoting import ident, literal, qualified
from schemac.dialects.postgres.types import format_type
from schemac.dialects.postgres.values import default_sql
from schemac.dialects.sql.steps import (
    Context,
    Step,
    alter_table,
    hazard,
    lost,
    renamed,
    rewrite,
)
from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.compare import COMPARER
from schemac.ir import model as m
from schemac.ir.lookup import find_table
from schemac.ir.types import TypeKind, TypeRef
from schemac.plan import Hazard, HazardKind

__all__ = ["TablePlanner", "sequence_changes"]


class TablePlanner(InnerPlanner):
    KINDS = frozenset(
        {
            ObjectKind.TABLE,
            ObjectKind.COLUMN,
            ObjectKind.INDEX,
            ObjectKind.PARTITION,
            ObjectKind.TRIGGER,
            ObjectKind.POLICY,
            *CONSTRAINTS,
        }
    )

    def __init__(self, ctx: Context, around: Around | None = None) -> None:
        self.ctx = ctx
        self.around = around or Around()
        self.alters: dict[tuple[str, str], _Alter] = {}

    # ------------------------------------------------------------------ questions

    @staticmethod
    def recreates(change: Change) -> bool:
        """A change of a table PostgreSQL cannot make in place (its partitioning)."""
        return (
            change.object is ObjectKind.TABLE
            and change.kind is ChangeKind.ALTER
            and "partitioning" in change.attributes
        )

    # ------------------------------------------------------------------ dispatch

    def plan(self, change: Change) -> None:
        schema = change.schema or ""
        if change.object is ObjectKind.TABLE:
            self.table(change, schema)
        elif change.object is ObjectKind.COLUMN:
            self.column(change, schema, change.parent or "")
        elif change.object in CONSTRAINTS:
            self.constraint(change, schema, change.parent or "")
        elif change.object is ObjectKind.INDEX:
            self.index(change, schema, change.parent or "")
        elif change.object is ObjectKind.PARTITION:
            self.partition(change, schema, change.parent or "")
        elif change.object is ObjectKind.TRIGGER:
            self.trigger(change, schema, change.parent or "")
        elif change.object is ObjectKind.POLICY:
            self.policy(change, schema, change.parent or "")

    # ------------------------------------------------------------------ tables

    def create_table(self, table: m.Table, schema: str) -> None:
        emit = self.ctx.emit
        name = qualified(schema, table.name)
        emit(
            Step.TABLES,
            ddl.create_table(table, schema, ()),
            reverse=f"DROP TABLE {name};",
            summary=f"+ table {schema}.{table.name}",
            rank=depth(self.ctx.new, schema, table.name),  # after the tables it inherits from
        )
        self.partitions(table.partitions, schema, table.name)
        for index in table.indexes:
            self.create_index(index, schema, table.name, existing=False)
        for fk in table.foreign_keys:
            self.add_constraint(ObjectKind.FOREIGN_KEY, fk, schema, table.name, existing=False)
        for trigger in table.triggers:
            self.create_trigger(trigger, schema, table.name)
        for statement in ddl.row_security(table, schema):
            emit(Step.POLICIES, statement, summary=f"~ table {schema}.{table.name}")
        for policy in table.policies:
            self.create_policy(policy, schema, table.name)
        self.ctx.granted(m.GrantTargetKind.TABLE, schema, table.name)

    def partitions(self, partitions: tuple[m.Partition, ...], schema: str, parent: str) -> None:
        """Partitions of ``schema.parent``; each in its own schema, if it has one."""
        for p in partitions:
            own = p.schema_in(schema) or ""
            self.ctx.emit(
                Step.TABLES,
                ddl.create_partition(p, own, schema, parent),
                reverse=f"DROP TABLE {qualified(own, p.name)};",
                summary=f"+ partition {own}.{p.name}",
                rank=1,
            )
            self.partitions(p.partitions, own, p.name)
            # After those of its partitions, as the parent's come after its own: an index
            # PostgreSQL puts on a partition for its parent's then takes no name of theirs.
            for index in p.indexes:
                self.create_index(index, own, p.name, existing=False)

    def table(self, change: Change, schema: str) -> None:
        emit = self.ctx.emit
        if change.kind is ChangeKind.ADD:
            self.create_table(change.new, schema)
        elif change.kind is ChangeKind.DROP:
            name = qualified(schema, change.old.name)
            reused = (schema, change.old.name) in self.ctx.added
            self.unlink(change.old, schema)
            emit(
                Step.DROP_DEPENDENTS if reused else Step.DROP_OBJECTS,
                f"DROP TABLE {name};",
                hazards=[lost(f"every row of {schema}.{change.old.name}")],
                summary=f"- table {schema}.{change.old.name}",
                rank=-depth(self.ctx.old, schema, change.old.name),  # before its parents
            )
        elif change.kind is ChangeKind.RENAME:
            old, new = qualified(schema, change.old.name), ident(change.new.name)
            emit(
                Step.RENAMES,
                f"ALTER TABLE {old} RENAME TO {new};",
                reverse=f"ALTER TABLE {qualified(schema, change.new.name)} RENAME TO"
                f" {ident(change.old.name)};",
                hazards=[renamed(f"table {schema}.{change.old.name}")],
                summary=f"~ table {schema}.{change.old.name} -> {change.new.name}",
            )
        elif self.recreates(change):
            name = qualified(schema, change.old.name)
            emit(
                Step.DROP_DEPENDENTS,
                f"DROP TABLE {name};",
                hazards=[
                    lost(f"every row of {schema}.{change.old.name} (its partitioning changes)")
                ],
                summary=f"- table {schema}.{change.old.name}",
                rank=9,
            )
            self.create_table(change.new, schema)
            self.ctx.made(f"TABLE {name}")
        else:
            self.alter_table(change.old, change.new, schema, change.attributes)

    def unlink(self, table: m.Table, schema: str) -> None:
        """Drop first the foreign keys of a dropped table to another dropped table.

        Then the tables can go in any order, cycles included.
        """
        name = qualified(schema, table.name)
        for fk in table.foreign_keys:
            target = self.ctx.new.schema(fk.references.schema)
            kept = target is not None and any(t.name == fk.references.name for t in target.tables)
            if not kept and fk.references != m.ObjectName(schema=schema, name=table.name):
                self.ctx.emit(
                    Step.DROP_DEPENDENTS,
                    f"ALTER TABLE {name} DROP CONSTRAINT {ident(fk.name)};",
                    summary=f"- foreign key {schema}.{table.name}.{fk.name}",
                    rank=1,
                )

    def alter_table(
        self, old: m.Table, new: m.Table, schema: str, attributes: frozenset[str]
    ) -> None:
        name = qualified(schema, new.name)
        label = f"~ table {schema}.{new.name}"
        if "inherits" in attributes:
            change_parents(self.ctx, old, new, schema)
        if "unlogged" in attributes:
            word, back = ("UNLOGGED", "LOGGED") if new.unlogged else ("LOGGED", "UNLOGGED")
            self.ctx.emit(
                Step.TABLES,
                f"ALTER TABLE {name} SET {word};",
                reverse=f"ALTER TABLE {name} SET {back};",
                hazards=rewrite(f"SET {word}"),
                summary=label,
                rank=2,
            )
        if "row_security" in attributes:
            statements: list[tuple[str, list[Hazard]]] = []
            enabled = new.row_security is not m.RowSecurity.DISABLED
            if enabled != (old.row_security is not m.RowSecurity.DISABLED):
                hidden = f"roles other than the owner of {new.name} see only the rows a policy"
                statements.append(
                    (
                        f"ALTER TABLE {name} {'ENABLE' if enabled else 'DISABLE'} ROW LEVEL"
                        " SECURITY;",
                        [hazard(HazardKind.BACKWARD_INCOMPATIBLE, f"{hidden} gives them")]
                        if enabled
                        else [],
                    )
                )
            forced = new.row_security is m.RowSecurity.FORCED
            if forced != (old.row_security is m.RowSecurity.FORCED):
                owner = f"the owner of {new.name} sees only the rows a policy gives it"
                statements.append(
                    (
                        f"ALTER TABLE {name} {'' if forced else 'NO '}FORCE ROW LEVEL SECURITY;",
                        [hazard(HazardKind.BACKWARD_INCOMPATIBLE, owner)] if forced else [],
                    )
                )
            for statement, hazards in statements:
                self.ctx.emit(Step.POLICIES, statement, hazards=hazards, summary=label)

    # ------------------------------------------------------------------ columns

    def column(self, change: Change, schema: str, table: str) -> None:
        emit = self.ctx.emit
        name = qualified(schema, table)
        if change.kind is ChangeKind.ADD:
            col: m.Column = change.new
            added = added_column(self.ctx, schema, table, col.name)
            if added.inherited is not None:  # its own once the table stops inheriting it
                self.alter_inherited(added.inherited, col, schema, table)
                return
            hazards: list[Hazard] = []
            if col.identity is not None or col.generated is not None:
                hazards += rewrite(f"column {col.name} is filled in for every row")
            elif not col.nullable and col.default is None:
                hazards.append(
                    hazard(
                        HazardKind.DATA_DEPENDENT,
                        f"NOT NULL column {col.name} without a default: fails if {table} has rows",
                    )
                )
            emit(
                Step.COLUMNS,
                f"ALTER TABLE {name} ADD COLUMN {ddl.column_sql(col)};",
                reverse=f"ALTER TABLE {name} DROP COLUMN {ident(col.name)};",
                hazards=hazards,
                summary=f"+ column {schema}.{table}.{col.name}",
                rank=added.rank,
            )
        elif change.kind is ChangeKind.DROP:
            merged = inherited_column(self.ctx, change.old, schema, table)
            if merged is not None:  # PostgreSQL keeps it, as the parent's and the table's
                self.alter_inherited(change.old, merged, schema, table)
                return
            computed = change.old.generated is not None  # nothing that cannot be computed
            # After the parents': a parent's drop leaves the table's own to it. Before a
            # type change: a generated column that reads the column stands in its way.
            first = (schema, table, change.old.name) in self.around.drops_first
            emit(
                Step.COLUMNS,
                f"ALTER TABLE {name} DROP COLUMN {ident(change.old.name)};",
                hazards=[]
                if computed
                else [lost(f"the values of {schema}.{table}.{change.old.name}")],
                summary=f"- column {schema}.{table}.{change.old.name}",
                rank=0 if first else 3 + depth(self.ctx.renamed, schema, table),
            )
        elif change.kind is ChangeKind.RENAME:
            old, new = ident(change.old.name), ident(change.new.name)
            emit(
                Step.RENAMES,
                f"ALTER TABLE {name} RENAME COLUMN {old} TO {new};",
                reverse=f"ALTER TABLE {name} RENAME COLUMN {new} TO {old};",
                hazards=[renamed(f"column {schema}.{table}.{change.old.name}")],
                summary=f"~ column {schema}.{table}.{change.old.name} -> {change.new.name}",
                rank=1,
            )
        else:
            self.alter_column(change.old, change.new, schema, table, change.attributes)

    def alter_inherited(self, old: m.Column, new: m.Column, schema: str, table: str) -> None:
        """A column a table had from a parent, or is to have from one, as its own ``new``.

        No change names what differs (the differ saw a column added or dropped): compared
        here, as PostgreSQL compares (its dialect's comparer is the default).
        """
        attributes = COMPARER.attributes(ObjectKind.COLUMN, old, new)
        self.alter_column(old, new, schema, table, attributes)

    def alter_column(
        self, old: m.Column, new: m.Column, schema: str, table: str, attributes: frozenset[str]
    ) -> None:
        """Sub-commands of the table's one ALTER TABLE, so that it is rewritten once.

        PostgreSQL runs them in passes (drops, then types, then attributes and defaults).
        """
        name = qualified(schema, table)
        col = ident(new.name)
        alter = self._alter(schema, table)
        if (schema, table, new.name) in self.around.remade:
            return  # dropped and added again (remake_columns)
        if regenerated(new, attributes):
            self.remake_column(Remade(old=old, new=new, why=""), schema, table)
            return
        if "generated" in attributes and new.generated is None:
            alter.add(f"ALTER COLUMN {col} DROP EXPRESSION")
        reshaped = bool(attributes & RESHAPED)
        # A default goes when it is removed, or must be cast to a new type; a new
        # value replaces the old one without that.
        if old.default is not None and (reshaped or new.default is None):
            alter.add(f"ALTER COLUMN {col} DROP DEFAULT")
        identity = "identity" in attributes
        if identity and new.identity is None:
            alter.add(f"ALTER COLUMN {col} DROP IDENTITY")
        if reshaped:
            self.retype(old, new, schema, table, alter, attributes)
        if "nullable" in attributes:
            self.nullability(new, table, alter)
        if identity and new.identity is not None and old.identity is None:
            # The rows keep their values; the sequence starts past them.
            alter.add(f"ALTER COLUMN {col} ADD {ddl.identity_sql(new.identity)}")
            if (new.identity.options.increment or 1) > 0:
                alter.after.append(_past_existing(new, name, table))
        elif identity and new.identity is not None and old.identity is not None:
            clauses = []
            if new.identity.always != old.identity.always:
                always = "ALWAYS" if new.identity.always else "BY DEFAULT"
                clauses.append(f"SET GENERATED {always}")
            clauses += sequence_changes(old.identity.options, new.identity.options, prefix="SET ")
            if clauses:
                alter.add(f"ALTER COLUMN {col} " + " ".join(clauses))
        if new.default is not None and (reshaped or "default" in attributes):
            alter.add(f"ALTER COLUMN {col} SET DEFAULT {default_sql(new.default)}")

    def _domain(self, t: TypeRef) -> m.Domain | None:
        for state in (self.ctx.new, self.ctx.old):
            s = state.schema(t.schema)
            found = next((d for d in s.domains if d.name == t.name), None) if s else None
            if found is not None:
                return found
        return None

    def retype(  # noqa: PLR0917 (the column in both states, where, and what changes)
        self,
        old: m.Column,
        new: m.Column,
        schema: str,
        table: str,
        alter: _Alter,
        attributes: frozenset[str],
    ) -> None:
        col = ident(new.name)
        spelled = format_type(new.type)
        text = f"ALTER COLUMN {col} TYPE {spelled}"
        if new.collation is not None:
            text += f" COLLATE {collation_sql(new.collation)}"
        back = f"ALTER COLUMN {col} TYPE {format_type(old.type)}"
        if old.collation is not None:
            back += f" COLLATE {collation_sql(old.collation)}"
        if "type" not in attributes:  # the collation alone: the values stay, indexes are rebuilt
            rebuilt = self._indexed(schema, table, new.name)
            lock = f"ACCESS EXCLUSIVE lock while the indexes on {table}.{new.name} are rebuilt"
            alter.add(text, back, [hazard(HazardKind.LONG_LOCK, lock)] if rebuilt else [])
            return
        conversion = convert(old.type, new.type, self._domain)
        if TypeKind.ENUM in (old.type.kind, new.type.kind):
            text += f" USING {col}::text::{spelled}"  # enums convert through text
        elif conversion.explicit:
            text += f" USING {col}::{spelled}"
        hazards = conversion.hazards(f"{table}.{new.name}", old.type, new.type)
        safe = conversion.fails is None and conversion.loses is None
        alter.add(text, back if safe else None, hazards)

    def _indexed(self, schema: str, table: str, column: str) -> bool:
        """Whether an index of the new state's table (a key's too) may hold the column.

        An expression may, whatever it reads: SQL text is not looked into.
        """
        t = find_table(self.ctx.new, schema, table)
        if t is None:
            return False
        keys: list[m.PrimaryKey | m.UniqueConstraint] = [*t.uniques]
        if t.primary_key is not None:
            keys.append(t.primary_key)
        elements = [e for i in t.indexes for e in i.elements]
        elements += [e.element for x in t.exclusions for e in x.elements]
        return any(column in k.columns for k in keys) or any(
            e.column == column or e.expression is not None for e in elements
        )

    @staticmethod
    def nullability(new: m.Column, table: str, alter: _Alter) -> None:
        col = ident(new.name)
        if new.nullable:
            alter.add(f"ALTER COLUMN {col} DROP NOT NULL", f"ALTER COLUMN {col} SET NOT NULL")
            return
        alter.add(
            f"ALTER COLUMN {col} SET NOT NULL",
            f"ALTER COLUMN {col} DROP NOT NULL",
            [
                hazard(HazardKind.DATA_DEPENDENT, f"fails if {table}.{new.name} holds a NULL"),
                hazard(
                    HazardKind.LONG_LOCK,
                    f"ACCESS EXCLUSIVE lock while every row of {table} is checked",
                ),
            ],
        )

    # ------------------------------------------------------------------ around column changes

    def remake_columns(self) -> None:
        """Columns dropped and added again, and what is rebuilt around column changes."""
        for (schema, table, _), remade in self.around.remade.items():
            self.remake_column(remade, schema, table)
        for rebuilt in self.around.rebuilt:
            with self.ctx.noting(rebuilt.note):
                self.rebuild(rebuilt)

    def remake_column(self, remade: Remade, schema: str, table: str) -> None:
        """A new or changed generation expression, or one that reads a column changing type.

        The column is made again (it moves to the end of the table): computed values
        are computed again; others go.
        """
        old, new = remade.old, remade.new
        name, col = qualified(schema, table), ident(new.name)
        label = f"~ column {schema}.{table}.{new.name}"
        gone = [] if old.generated is not None else [lost(f"the values of {table}.{new.name}")]
        emit = self.ctx.emit
        emit(
            Step.COLUMNS,
            f"ALTER TABLE {name} DROP COLUMN {col};",  # renamed first, if renamed
            hazards=gone,
            summary=label,
            note=remade.why,
        )
        emit(
            Step.COLUMNS,
            f"ALTER TABLE {name} ADD COLUMN {ddl.column_sql(new)};",
            hazards=rewrite(f"column {new.name} is computed for every row"),
            summary=label,
            rank=2,
            note=remade.why,
        )
        self.ctx.made(f"COLUMN {name}.{col}")
        self.ctx.granted(m.GrantTargetKind.TABLE, schema, table)  # its column grants

    def rebuild(self, r: Rebuilt) -> None:
        """An object dropped before a column change and made again after it."""
        on = qualified(r.schema, r.parent)
        if r.kind is ObjectKind.INDEX:
            # In the transaction: the column change holds the table's lock meanwhile.
            self.drop_index(r.old, r.schema, r.parent, concurrent=False)
            self.create_index(r.new, r.schema, r.parent)
            self.ctx.made(f"INDEX {qualified(r.schema, r.new.name)}")
        elif r.kind is ObjectKind.TRIGGER:
            self.drop_trigger(r.old, r.schema, r.parent)
            self.create_trigger(r.new, r.schema, r.parent)
            self.ctx.made(f"TRIGGER {ident(r.new.name)} ON {on}")
        elif r.kind is ObjectKind.POLICY:
            self.drop_policy(r.old, r.schema, r.parent)
            self.create_policy(r.new, r.schema, r.parent)
            self.ctx.made(f"POLICY {ident(r.new.name)} ON {on}")
        else:
            self.drop_constraint(r.kind, r.old, r.schema, r.parent)
            self.add_constraint(r.kind, r.new, r.schema, r.parent)
            self.ctx.made(f"CONSTRAINT {ident(r.new.name)} ON {on}")

    # ------------------------------------------------------------------ one ALTER per table

    def _alter(self, schema: str, table: str) -> _Alter:
        key = (schema, table)
        if key not in self.alters:
            self.alters[key] = _Alter()
        return self.alters[key]

    def finish(self) -> None:
        """The column changes of each table, as one ALTER TABLE (and what follows it)."""
        for (schema, table), alter in self.alters.items():
            if not alter.clauses:
                continue
            name = qualified(schema, table)
            reverses = alter.reverses
            reverse = None
            if all(r is not None for r in reverses):
                reverse = alter_table(name, [r for r in reversed(reverses) if r is not None])
            self.ctx.emit(
                Step.COLUMNS,
                alter_table(name, alter.clauses),
                reverse=reverse,
                hazards=list(dict.fromkeys(alter.hazards)),
                summary=f"~ table {schema}.{table}",
                rank=1,
            )
            for sql in alter.after:
                self.ctx.emit(Step.COLUMNS, sql, summary=f"~ table {schema}.{table}", rank=1)


@dataclass
class _Alter:
    """The sub-commands of one ALTER TABLE, with their reverses and hazards."""

    clauses: list[str] = field(default_factory=list)
    reverses: list[str | None] = field(default_factory=list)
    hazards: list[Hazard] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # statements that follow it

    def add(self, clause: str, reverse: str | None = None, hazards: Sequence[Hazard] = ()) -> None:
        self.clauses.append(clause)
        self.reverses.append(reverse)
        self.hazards.extend(hazards)


def _past_existing(column: m.Column, name: str, table: str) -> str:
    """Moves a new identity's sequence past the values the rows already have."""
    col = ident(column.name)
    start = column.identity.options.start if column.identity else None
    return (
        f"SELECT setval(pg_get_serial_sequence({literal(name)}, {literal(column.name)}),"
        f" max({col})) FROM {name} HAVING max({col}) >= {start if start is not None else 1};"
    )


def _start(options: m.SequenceOptions) -> int:
    """The start a sequence has: its own, or PostgreSQL's default for its direction."""
    if options.start is not None:
        return options.start
    if (options.increment or 1) > 0:
        return options.min_value if options.min_value is not None else 1
    return options.max_value if options.max_value is not None else -1


def sequence_changes(
    old: m.SequenceOptions, new: m.SequenceOptions, *, prefix: str = ""
) -> list[str]:
    """Clauses that take a sequence's options from ``old`` to ``new``."""
    out = []
    bounds = (old.min_value, old.max_value) != (new.min_value, new.max_value)
    if old.start != new.start or bounds:  # a start outside new bounds is refused
        out.append(f"{prefix}START WITH {_start(new)}")
    if old.increment != new.increment:
        out.append(f"{prefix}INCREMENT BY {new.increment if new.increment is not None else 1}")
    if old.min_value != new.min_value:
        out.append(
            f"{prefix}MINVALUE {new.min_value}"
            if new.min_value is not None
            else f"{prefix}NO MINVALUE"
        )
    if old.max_value != new.max_value:
        out.append(
            f"{prefix}MAXVALUE {new.max_value}"
            if new.max_value is not None
            else f"{prefix}NO MAXVALUE"
        )
    if old.cache != new.cache:
        out.append(f"{prefix}CACHE {new.cache if new.cache is not None else 1}")
    if old.cycle != new.cycle:
        out.append(f"{prefix}{'' if new.cycle else 'NO '}CYCLE")
    return out
