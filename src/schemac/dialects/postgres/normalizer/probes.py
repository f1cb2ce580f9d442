"""What of a declared state must be built on a server to read its canonical text: probes.

Only SQL text needs PostgreSQL (normalizer/run.py); everything else is canonical.py's.
Each piece of SQL text becomes a *request*, keyed by everything its canonical form
depends on, so a request met once is met for every object that makes the same one
(the same default on a thousand columns; the same table in a thousand tenant schemas):

- a *light* request is one default, generated column, check, index with an expression
  or a predicate, exclusion constraint or trigger with a WHEN condition: it is built on
  a probe table (`schemac_p<n>`) holding just the columns it reads (its *env*), packed
  with other light requests;
- a *unit* is built whole: a view or materialized view with what it reads (tables as
  *shadows*: their columns and primary key), a table's policies with the same, a
  partitioned table's partitions (in chunks, on a probe parent), or a whole table when
  its text reads other relations or its own name.

Requests are in scratch form (scratch.py): each declared schema has a scratch name,
and schemas whose types and functions are the same but for their name (tenants) share
one *class*, built once, under the scratch name of its first schema; every request of
the class is keyed and built there.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from schemac.dialects.postgres.normalizer.probe_parts import (
    PARTITION_CHUNK,
    Declared,
    Home,
    Light,
    Requests,
    TableKeys,
    Unit,
    bare_partition,
    base_of,
    blank,
    env_columns,
    homes,
    key_of,
    names_itself,
    nested,
    partitionings,
    probed,
    table_texts,
    texts_of,
    unit_view,
    user_types,
    with_base,
)
from schemac.dialects.postgres.normalizer.scratch import Renamer
from schemac.ir import model as m
from schemac.ir.types import TypeRef

__all__ = ["PARTITION_CHUNK", "Home", "Light", "Requests", "TableKeys", "Unit", "collect"]

# ---------------------------------------------------------------------------- collecting


class _Collector:
    def __init__(self, database: m.Database, default: str, token: str) -> None:
        self.declared = Declared(database, default)
        self.type_tables = self._type_tables()
        found = homes(database, default, token, self.type_tables)
        self.requests = Requests(homes=found)
        self.reps = {h.built for h in found.values()}

    # -------------------------------------------------------------- helpers

    def _forth(self, home: Home, value: Any) -> Any:
        return home.forth.value(value)

    def _shadow(self, schema: str, name: str) -> tuple[str, Any] | None:
        """What a view or policy reading relation (schema, name) needs built in its place."""
        found = self.declared.relations.get((schema, name))
        if found is None:
            return None
        kind, owner, obj = found
        if kind == "sequence":
            return schema, dataclasses.replace(obj, owned_by=None, comment=None, renamed_from=None)
        if kind in ("view", "matview"):
            return None  # built whole, in the closure's own order
        table = owner
        columns = tuple(
            m.Column(name=c.name, type=c.type, nullable=True, collation=c.collation)
            for c in self.declared.columns(schema, table)
        )
        key = table.primary_key if kind == "table" else None
        pk = dataclasses.replace(key, name=f"{name}_schemac_pkey", comment=None) if key else None
        return schema, m.Table(name=name, columns=columns, primary_key=pk)

    def _closure(self, home: str, texts: list[str], own: tuple[str, str] | None) -> list[Any]:
        """(real schema, object) pairs a unit reading ``texts`` needs."""
        out: dict[tuple[str, str], tuple[str, Any]] = {}
        pending = [(self.declared.path(home), t) for t in texts]
        seen_views: set[tuple[str, str]] = set()
        while pending:
            path, text = pending.pop()
            for kind, schema, name in self.declared.scan([text], path):
                if kind != "relation" or (schema, name) == own or (schema, name) in out:
                    continue
                found = self.declared.relations.get((schema, name))
                if found is None:
                    continue
                if found[0] in ("view", "matview"):
                    if (schema, name) in seen_views:
                        continue
                    seen_views.add((schema, name))
                    view = found[2]
                    out[(schema, name)] = (schema, unit_view(view))
                    pending.append((self.declared.path(schema), view.query.text))
                    continue
                shadow = self._shadow(schema, name)
                if shadow is not None:
                    out[(schema, name)] = shadow
        return list(out.values())

    def _in_scratch(self, home: Home, pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """The closure in scratch form: each object under its schema as ``home`` sees it."""
        out = []
        for schema, obj in pairs:
            target = home.forth.schema(schema) or schema
            out.append((target, self._forth(home, obj)))
        return out

    def _unit(
        self, home: Home, kind: str, target: Any, closure: list[tuple[str, Any]], where: str
    ) -> str:
        """The key of the unit that builds ``target`` with ``closure``, in scratch names.

        Units are keyed by what they build, so a target met again (the same view in
        another tenant schema) is built once.
        """
        scratch_target = self._forth(home, target)
        scratch_closure = self._in_scratch(home, closure)
        key = key_of(kind, home.built, scratch_target, scratch_closure)
        if key not in self.requests.units:
            self.requests.units[key] = Unit(
                key=key,
                kind=kind,
                schema=home.built,
                target=scratch_target,
                closure=scratch_closure,
                where=where,
            )
        return key

    # -------------------------------------------------------------- tables

    def table(self, home: Home, table: m.Table) -> None:
        keys = TableKeys()
        self.requests.table_keys[(home.name, table.name)] = keys
        path = home.path
        own = (home.name, table.name)
        texts = table_texts(table)
        found = self.declared.scan(texts, path)
        others = {
            (s, n)
            for kind, s, n in found
            if kind == "relation"
            and (s, n) != own
            and self.declared.relations.get((s, n), ("",))[0] != "sequence"
        }
        if others or names_itself(table, texts):
            keys.whole = self._whole(home, table)
            self._policies(home, table, keys)
            return
        columns = {c.name: c for c in self.declared.columns(home.name, table)}
        for column in table.columns:
            if column.generated is not None:
                keys.generated[column.name] = self._generated(home, table, column, columns)
            elif column.default is not None and column.identity is None:
                keys.defaults[column.name] = self._default(home, table, column)
        for check in table.checks:
            keys.checks[check.name] = self._light(
                home,
                "check",
                blank(check, name="c"),
                columns,
                texts=[check.expression.text],
                where=f"check {check.name} of table {home.name}.{table.name}",
            )
        self._indexes(home, table.name, table.indexes, columns, keys)
        for p in nested(table.partitions):
            self._indexes(home, p.name, p.indexes, columns, keys)
        for x in table.exclusions:
            element_texts = texts_of(e.element.expression for e in x.elements) + texts_of([x.where])
            element_texts += [e.element.column for e in x.elements if e.element.column]
            element_texts += list(x.include)
            keys.exclusions[x.name] = self._light(
                home,
                "exclusion",
                blank(x, name="x"),
                columns,
                texts=element_texts,
                where=f"exclusion constraint {x.name} of table {home.name}.{table.name}",
            )
        for trigger in table.triggers:
            if trigger.when is None:
                continue
            trigger_texts = [trigger.when.text, *(c for e in trigger.events for c in e.columns)]
            keys.triggers[trigger.name] = self._light(
                home,
                "trigger",
                blank(trigger, name="t"),
                columns,
                texts=trigger_texts,
                where=f"trigger {trigger.name} of table {home.name}.{table.name}",
            )
        if table.partitioning is not None:
            keys.partitions = self._partitions(home, table, columns)
        self._policies(home, table, keys)

    def _indexes(
        self,
        home: Home,
        owner: str,
        indexes: tuple[m.Index, ...],
        columns: dict[str, m.Column],
        keys: TableKeys,
    ) -> None:
        for index in indexes:
            if not probed(index):
                continue
            if index.where is not None and all(
                e.expression is None and e.opclass is None and e.collation is None
                for e in index.elements
            ):
                # Only the predicate is SQL text. PostgreSQL keeps it as it keeps a
                # check's expression, and prints it alike: probed as a check, which
                # makes no relation (an index would, and hold a lock).
                keys.predicates[(owner, index.name)] = self._light(
                    home,
                    "predicate",
                    m.CheckConstraint(name="c", expression=index.where),
                    columns,
                    texts=[index.where.text],
                    where=f"the predicate of index {index.name} of {home.name}.{owner}",
                )
                continue
            texts = texts_of(e.expression for e in index.elements) + texts_of([index.where])
            texts += [e.column for e in index.elements if e.column] + list(index.include)
            keys.indexes[(owner, index.name)] = self._light(
                home,
                "index",
                blank(index, name="i"),
                columns,
                texts=texts,
                where=f"index {index.name} of {home.name}.{owner}",
            )

    def _default(self, home: Home, table: m.Table, column: m.Column) -> str:
        obj = (column.type, column.collation, column.default)
        texts = texts_of([column.default])
        return self._light(
            home,
            "default",
            obj,
            {},
            texts=texts,
            where=f"the default of column {column.name} of table {home.name}.{table.name}",
        )

    def _generated(
        self, home: Home, table: m.Table, column: m.Column, columns: dict[str, m.Column]
    ) -> str:
        obj = m.Column(
            name="g",
            type=column.type,
            nullable=True,
            generated=column.generated,
            collation=column.collation,
        )
        texts = texts_of([column.generated])
        return self._light(
            home,
            "generated",
            obj,
            {k: v for k, v in columns.items() if k != column.name},
            texts=texts,
            where=f"the generated column {column.name} of table {home.name}.{table.name}",
        )

    def _light(
        self,
        home: Home,
        kind: str,
        obj: Any,
        columns: dict[str, m.Column],
        *,
        texts: list[str],
        where: str,
    ) -> str:
        env = env_columns(columns, texts)
        sequences: list[tuple[str, m.Sequence]] = []
        if kind == "default":
            for k, s, n in sorted(self.declared.scan(texts, home.path)):
                found = self.declared.relations.get((s, n))
                if k == "relation" and found is not None and found[0] == "sequence":
                    shadow = self._shadow(s, n)
                    if shadow is not None:
                        sequences.append(shadow)
        scratch_obj = self._forth(home, obj)
        scratch_env = tuple(self._forth(home, c) for c in env)
        scratch_sequences = tuple(self._in_scratch(home, list(sequences)))
        key = key_of(kind, home.built, scratch_obj, scratch_env, scratch_sequences)
        if key not in self.requests.lights:
            self.requests.lights[key] = Light(
                key=key,
                kind=kind,
                schema=home.built,
                obj=scratch_obj,
                env=scratch_env,
                sequences=scratch_sequences,
                where=where,
            )
        return key

    def _partitions(
        self, home: Home, table: m.Table, columns: dict[str, m.Column]
    ) -> list[tuple[str, int]]:
        """Partition probes: the table's key columns, its partitions in chunks."""
        texts: list[str] = []
        for partitioning in partitionings(table):
            for k in partitioning.keys:
                texts += [k.column] if k.column else []
                texts += texts_of([k.expression])
        env = env_columns(columns, texts)
        out = []
        for first in range(0, max(len(table.partitions), 1), PARTITION_CHUNK):
            chunk = table.partitions[first : first + PARTITION_CHUNK]
            probe = m.Table(
                name="q",
                columns=env,
                partitioning=table.partitioning,
                partitions=tuple(bare_partition(p) for p in chunk),
            )
            where = f"the partitions of table {home.name}.{table.name}"
            out.append((self._unit(home, "partitions", probe, [], where), first))
        return out

    def _policies(self, home: Home, table: m.Table, keys: TableKeys) -> None:
        if not table.policies:
            return
        texts = texts_of(p.using for p in table.policies) + texts_of(
            p.with_check for p in table.policies
        )
        shadow = self._shadow(home.name, table.name)
        if shadow is None:  # pragma: no cover - the table is declared
            return
        target = dataclasses.replace(shadow[1], policies=tuple(blank(p) for p in table.policies))
        closure = self._closure(home.name, texts, (home.name, table.name))
        where = f"the policies of table {home.name}.{table.name}"
        keys.policies = self._unit(home, "policies", target, closure, where)

    def _whole(self, home: Home, table: m.Table) -> str:
        """The table built whole (but for its foreign keys, indexes and policies)."""
        target = dataclasses.replace(
            table,
            foreign_keys=(),
            policies=(),
            comment=None,
            renamed_from=None,
            indexes=tuple(i for i in table.indexes if probed(i)),
            primary_key=None,
            uniques=(),
            partitions=tuple(bare_partition(p, indexes=True) for p in table.partitions),
            inherits=(),
            columns=self.declared.columns(home.name, table),
        )
        closure = self._closure(home.name, table_texts(table), (home.name, table.name))
        return self._unit(home, "table", target, closure, f"table {home.name}.{table.name}")

    # -------------------------------------------------------------- views

    def view(self, home: Home, view: m.View | m.MaterializedView) -> None:
        target = unit_view(view)
        texts = [view.query.text]
        if isinstance(view, m.MaterializedView):
            for index in view.indexes:
                texts += texts_of(e.expression for e in index.elements) + texts_of([index.where])
        closure = self._closure(home.name, texts, (home.name, view.name))
        kind = "matview" if isinstance(view, m.MaterializedView) else "view"
        where = f"{kind.replace('matview', 'materialized view')} {home.name}.{view.name}"
        self.requests.view_keys[(home.name, view.name)] = self._unit(
            home, kind, target, closure, where
        )

    # -------------------------------------------------------------- all

    def run(self) -> Requests:
        for s in self.declared.database.schemas:
            home = self.requests.homes[s.name or ""]
            for table in s.tables:
                self.table(home, table)
            for view in s.views:
                self.view(home, view)
            for matview in s.materialized_views:
                self.view(home, matview)
        self._bases()
        return self.requests

    def _bases(self) -> None:
        """The schemas to make, with the types and functions each request may use.

        Those of each class's first schema, and of every schema a request (or a type or
        function made for one) names by its own name.
        """
        homes = self.requests.homes
        by_own = {h.own: h for h in homes.values()}
        needed = set(self.reps)
        for home in homes.values():
            needed |= {homes[s].own for s in home.forth.used if s != home.name}
        tables = self.type_tables
        done: set[str] = set()
        while needed - done:
            scratch = min(needed - done)
            done.add(scratch)
            home = by_own[scratch]
            schema = self.declared.database.schema(home.name)
            if schema is None:  # pragma: no cover - every home is declared
                continue
            base = with_base(
                base_of(schema), [o for (s, _), o in sorted(tables.items()) if s == home.name]
            )
            renamer = Renamer({h.name: h.own for h in homes.values()}, home.forth.declared)
            self.requests.bases[scratch] = renamer.value(base)
            needed |= {homes[s].own for s in renamer.used}

    def _type_tables(self) -> dict[tuple[str, str], Any]:
        """What is built first because its row type serves as a type.

        Tables as shadows, views whole, with what they read.
        """
        refs: list[TypeRef] = []
        for s in self.declared.database.schemas:
            for f in s.functions:
                refs += [a.type for a in f.arguments]
                if f.returns is not None:
                    refs += [f.returns.type] if f.returns.type is not None else []
                    refs += [t for _, t in f.returns.table]
            for c in s.composite_types:
                refs += [fl.type for fl in c.fields]
            for d in s.domains:
                refs.append(d.type)
            for t in s.tables:
                refs += [c.type for c in t.columns]
        out: dict[tuple[str, str], Any] = {}
        for schema, name in sorted(user_types(refs)):
            found = self.declared.relations.get((schema, name))
            if found is None:
                continue
            if found[0] in ("view", "matview"):
                out[(schema, name)] = unit_view(found[2])
                for where, obj in self._closure(schema, [found[2].query.text], (schema, name)):
                    out.setdefault((where, obj.name), obj)
                continue
            shadow = self._shadow(schema, name)
            if shadow is not None:
                out[(schema, name)] = shadow[1]
        return out


def collect(database: m.Database, default: str, token: str) -> Requests:
    """The requests of ``database`` (bound), with scratch names `schemac_<token>_<n>`."""
    return _Collector(database, default, token).run()
