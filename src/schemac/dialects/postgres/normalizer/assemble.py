"""The normalized state put together: the declared state with what the server gave back.

canonical.py brings the structure to the inspector's form; each piece of SQL text is
replaced by what PostgreSQL printed for its probe (normalizer/run.py), renamed from the
scratch schema it was built in to the schema that declared it; types and functions are
taken as the inspector read them back, and so are the columns each view reads
(`View.reads`: the plan rebuilds only the views a column change touches).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from schemac.dialects.postgres.normalizer.canonical import canonical_database
from schemac.dialects.postgres.normalizer.probes import Home, Requests, TableKeys
from schemac.ir import model as m

__all__ = ["assemble"]


def assemble(
    requests: Requests,
    cache: dict[str, Any],
    bases: dict[str, m.Schema],
    extensions: dict[str, m.Extension],  # as read back, by repr() of the declared one
    declared: m.Database,
    *,
    owner: str | None,
) -> m.Database:
    """``declared`` in canonical form, from what the probes of ``requests`` read back."""
    canon = canonical_database(declared, owner)
    schemas = tuple(
        _Home(requests.homes[s.name or ""], requests, cache, bases).schema(s) for s in canon.schemas
    )
    # Whatever else the declared state holds (its `unmanaged` records, say) stays as it is.
    return dataclasses.replace(
        declared,
        schemas=schemas,
        extensions=tuple(
            sorted((extensions.get(repr(e), e) for e in declared.extensions), key=lambda e: e.name)
        ),
        grants=canon.grants,
    )


class _Home:
    def __init__(
        self, home: Home, requests: Requests, cache: dict[str, Any], bases: dict[str, m.Schema]
    ) -> None:
        self.home = home
        self.requests = requests
        self.cache = cache
        self.bases = bases

    def get(self, key: str) -> Any:
        return self.home.back.value(self.cache[key])

    def schema(self, schema: m.Schema) -> m.Schema:
        base = self.bases.get(self.home.built)
        if base is not None:
            base = self.home.back.value(base)
        name = self.home.name
        return dataclasses.replace(
            schema,
            tables=tuple(
                self.table(t, self.requests.table_keys[(name, t.name)]) for t in schema.tables
            ),
            views=tuple(self.view(v) for v in schema.views),
            materialized_views=tuple(self.matview(v) for v in schema.materialized_views),
            collations=base.collations if base is not None else schema.collations,
            enums=base.enums if base is not None else schema.enums,
            domains=base.domains if base is not None else schema.domains,
            composite_types=base.composite_types if base is not None else schema.composite_types,
            functions=base.functions if base is not None else schema.functions,
        )

    # -------------------------------------------------------------- views

    def view(self, view: m.View) -> m.View:
        read = self.get(self.requests.view_keys[(self.home.name, view.name)])
        return dataclasses.replace(
            view,
            query=read.query,
            columns=read.columns,
            check_option=read.check_option,
            security_barrier=read.security_barrier,
            security_invoker=read.security_invoker,
            reads=read.reads,  # the columns it reads, as the built view's dependency rows say
            depends_on=(),
        )

    def matview(self, view: m.MaterializedView) -> m.MaterializedView:
        read = self.get(self.requests.view_keys[(self.home.name, view.name)])
        declared = {i.name: i for i in view.indexes}
        indexes = tuple(_named(i, declared[i.name]) for i in read.indexes if i.name in declared)
        return dataclasses.replace(
            view,
            query=read.query,
            columns=read.columns,
            indexes=indexes,
            reads=read.reads,
            depends_on=(),
        )

    # -------------------------------------------------------------- tables

    def table(self, table: m.Table, keys: TableKeys) -> m.Table:
        if keys.whole is not None:
            table = self._whole(table, self.get(keys.whole))
        else:
            table = self._pieces(table, keys)
        if keys.policies is not None:
            read = {p.name: p for p in self.get(keys.policies)}
            table = dataclasses.replace(
                table,
                policies=tuple(
                    dataclasses.replace(
                        read[p.name], comment=p.comment, renamed_from=p.renamed_from
                    )
                    for p in table.policies
                ),
            )
        return table

    def _pieces(self, table: m.Table, keys: TableKeys) -> m.Table:
        columns = []
        for c in table.columns:
            if c.name in keys.defaults:
                columns.append(dataclasses.replace(c, default=self.get(keys.defaults[c.name])))
            elif c.name in keys.generated:
                columns.append(dataclasses.replace(c, generated=self.get(keys.generated[c.name])))
            else:
                columns.append(c)
        checks = tuple(
            dataclasses.replace(c, expression=self.get(keys.checks[c.name]).expression)
            for c in table.checks
        )
        exclusions = tuple(_named(self.get(keys.exclusions[x.name]), x) for x in table.exclusions)
        triggers = tuple(
            _named(self.get(keys.triggers[t.name]), t) if t.name in keys.triggers else t
            for t in table.triggers
        )
        partitioning = table.partitioning
        partitions = table.partitions
        if keys.partitions:
            rebound: list[m.Partition] = []
            for key, first in keys.partitions:
                partitioning, read = self.get(key)
                count = len(_top_chunk(table.partitions, first))
                rebound += _rebound(table.partitions[first : first + count], iter(read))
            partitions = tuple(rebound)
        return dataclasses.replace(
            table,
            columns=tuple(columns),
            checks=checks,
            exclusions=exclusions,
            triggers=triggers,
            indexes=self._indexes(table.name, table.indexes, keys),
            partitioning=partitioning,
            partitions=self._partition_indexes(partitions, keys),
        )

    def _indexes(
        self, owner: str, indexes: tuple[m.Index, ...], keys: TableKeys
    ) -> tuple[m.Index, ...]:
        out = []
        for index in indexes:
            key = (owner, index.name)
            if key in keys.indexes:
                out.append(_named(self.get(keys.indexes[key]), index))
            elif key in keys.predicates:
                where = self.get(keys.predicates[key]).expression
                out.append(dataclasses.replace(index, where=where))
            else:
                out.append(index)
        return tuple(out)

    def _partition_indexes(
        self, partitions: tuple[m.Partition, ...], keys: TableKeys
    ) -> tuple[m.Partition, ...]:
        return tuple(
            dataclasses.replace(
                p,
                indexes=self._indexes(p.name, p.indexes, keys),
                partitions=self._partition_indexes(p.partitions, keys),
            )
            for p in partitions
        )

    def _whole(self, table: m.Table, read: m.Table) -> m.Table:
        columns = []
        for c in table.columns:
            built = read.column(c.name)
            if built is not None and c.identity is None:
                columns.append(
                    dataclasses.replace(c, default=built.default, generated=built.generated)
                )
            else:
                columns.append(c)
        checks = {c.name: c for c in read.checks}
        indexes = {i.name: i for i in read.indexes}
        for p in _flatten(read.partitions):
            indexes.update({i.name: i for i in p.indexes})
        exclusions = {x.name: x for x in read.exclusions}
        triggers = {t.name: t for t in read.triggers}
        parts = {p.name: p for p in _flatten(read.partitions)}

        def index(i: m.Index) -> m.Index:
            return _named(indexes[i.name], i) if i.name in indexes else i

        def partition(p: m.Partition) -> m.Partition:
            found = parts.get(p.name)
            return dataclasses.replace(
                p,
                bound=found.bound if found is not None else p.bound,
                partitioning=found.partitioning if found is not None else p.partitioning,
                indexes=tuple(index(i) for i in p.indexes),
                partitions=tuple(partition(q) for q in p.partitions),
            )

        return dataclasses.replace(
            table,
            columns=tuple(columns),
            checks=tuple(
                dataclasses.replace(c, expression=checks[c.name].expression)
                if c.name in checks
                else c
                for c in table.checks
            ),
            indexes=tuple(index(i) for i in table.indexes),
            exclusions=tuple(
                _named(exclusions[x.name], x) if x.name in exclusions else x
                for x in table.exclusions
            ),
            triggers=tuple(
                _named(triggers[t.name], t) if t.name in triggers and t.when else t
                for t in table.triggers
            ),
            partitioning=read.partitioning,
            partitions=tuple(partition(p) for p in table.partitions),
        )


def _named(read: Any, declared: Any) -> Any:
    """What was read back, under the declared object's name, comment and rename."""
    return dataclasses.replace(
        read, name=declared.name, comment=declared.comment, renamed_from=declared.renamed_from
    )


def _top_chunk(partitions: tuple[m.Partition, ...], first: int) -> tuple[m.Partition, ...]:
    from schemac.dialects.postgres.normalizer.probes import PARTITION_CHUNK  # noqa: PLC0415

    return partitions[first : first + PARTITION_CHUNK]


def _rebound(partitions: tuple[m.Partition, ...], read: Iterator[m.Partition]) -> list[m.Partition]:
    """The partitions with the bounds (and sub-partitioning) read back, in build order."""
    out = []
    for p in partitions:
        found = next(read)
        out.append(
            dataclasses.replace(
                p,
                bound=found.bound,
                partitioning=found.partitioning,
                partitions=tuple(_rebound(p.partitions, read)),
            )
        )
    return out


def _flatten(partitions: tuple[m.Partition, ...]) -> Iterator[m.Partition]:
    for p in partitions:
        yield p
        yield from _flatten(p.partitions)
