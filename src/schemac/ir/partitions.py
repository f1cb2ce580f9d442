"""Partitions: the schema each is in, and the copies of indexes PostgreSQL puts on them.

A partition is in its parent's schema unless it names its own (`Partition.schema`).

Every index, primary key, unique and exclusion constraint of a partitioned table, and
every index of a partition that is partitioned again, is on each partition below it:
PostgreSQL makes a copy there, attached to the index above, and names it as it names an
unnamed index of that partition (`<partition>_pkey`, `<partition>_<columns>_key`,
`..._excl`, `..._idx`). The model lists a copy (`Partition.copies`) only where its name
is another, or it has a comment; everything that compares or creates partitions asks
here for the others' names. PostgreSQL appends a number when that name is taken
(`..._idx1`): a database then lists such a copy under the name it has, and
`numbered_copies` lists it so in a declared state brought to the inspector's form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from schemac.ir.model import Database, Index, IndexCopy, IndexElement, Partition, Table
from schemac.ir.naming import choose_name, expression_column_name, join_columns, unique_names
from schemac.records import record

__all__ = [
    "CopySource",
    "copy_names",
    "default_copy_name",
    "in_their_schema",
    "normal_copies",
    "normal_table_copies",
    "numbered_copies",
    "partition_schemas",
    "partition_sources",
    "partition_tree",
    "table_sources",
]


@record
class CopySource:
    """An index or key that partitions below get a copy of: its name, and how copies are named.

    ``constraint`` is True for primary keys, unique and exclusion constraints (their
    copies come with the partition when it is made; an index's when the index is).
    ``index`` is the index itself, for an index.
    """

    name: str
    columns: str | None  # the middle of a copy's name; None for a primary key
    label: str  # pkey, key, excl, idx
    constraint: bool = False
    index: Index | None = None


def _element_names(elements: Sequence[IndexElement], include: Sequence[str] = ()) -> str:
    """The columns part of a name: key columns and expressions, then INCLUDE columns."""
    names = []
    for element in elements:
        if element.column is not None:
            names.append(element.column)
        elif element.expression is not None:
            names.append(expression_column_name(element.expression.text))
    return join_columns(unique_names([*names, *include]))


def _index_source(index: Index) -> CopySource:
    columns = _element_names(index.elements, index.include)
    return CopySource(name=index.name, columns=columns, label="idx", index=index)


def table_sources(table: Table) -> list[CopySource]:
    """What a partitioned table's partitions get copies of, in the order PostgreSQL makes them."""
    out: list[CopySource] = []
    if table.primary_key is not None:
        out.append(
            CopySource(name=table.primary_key.name, columns=None, label="pkey", constraint=True)
        )
    out += [
        CopySource(
            name=u.name,
            columns=join_columns(unique_names([*u.columns, *u.include])),
            label="key",
            constraint=True,
        )
        for u in table.uniques
    ]
    out += [
        CopySource(
            name=x.name,
            columns=_element_names([e.element for e in x.elements], x.include),
            label="excl",
            constraint=True,
        )
        for x in table.exclusions
    ]
    out += [_index_source(i) for i in table.indexes]
    return out


def partition_schemas(
    partitions: tuple[Partition, ...], schema: str | None
) -> Iterator[tuple[Partition, str | None]]:
    """The partitions at every level, each with its schema (its parent's is ``schema``)."""
    for partition in partitions:
        own = partition.schema_in(schema)
        yield partition, own
        yield from partition_schemas(partition.partitions, own)


def partition_sources(partition: Partition) -> list[CopySource]:
    """What the partitions of a partition get copies of, besides its table's: its own indexes."""
    return [_index_source(i) for i in partition.indexes]


def default_copy_name(partition: str, source: CopySource) -> str:
    """The name PostgreSQL gives the copy of ``source`` on the partition ``partition``."""
    return choose_name(partition, source.columns, source.label)


def copy_names(partition: Partition, sources: Sequence[CopySource]) -> dict[str, str]:
    """The name of the partition's copy of each source (by the source's name)."""
    given = {c.of: c.name for c in partition.copies}
    return {s.name: given.get(s.name) or default_copy_name(partition.name, s) for s in sources}


def normal_copies(
    copies: Sequence[IndexCopy], partition: str, sources: Sequence[CopySource]
) -> tuple[IndexCopy, ...]:
    """The copies worth listing: under a name not PostgreSQL's, or with a comment; by name."""
    by_name = {s.name: s for s in sources}
    kept = []
    for copy in copies:
        source = by_name.get(copy.of)
        named = source is None or copy.name != default_copy_name(partition, source)
        if named or copy.comment is not None:
            kept.append(copy)
    return tuple(sorted(kept, key=lambda c: c.name))


def partition_tree(
    table: Table,
) -> Iterator[tuple[Partition, tuple[Partition, ...], list[CopySource]]]:
    """(partition, the partitions above it, what it has copies of) at every level."""

    def walk(
        partitions: tuple[Partition, ...], above: tuple[Partition, ...], sources: list[CopySource]
    ) -> Iterator[tuple[Partition, tuple[Partition, ...], list[CopySource]]]:
        for partition in partitions:
            yield partition, above, sources
            below = sources + partition_sources(partition)
            yield from walk(partition.partitions, (*above, partition), below)

    yield from walk(table.partitions, (), table_sources(table))


def normal_table_copies(table: Table) -> Table:
    """The table with each partition's copies as `normal_copies` lists them."""

    def walk(partitions: tuple[Partition, ...], sources: list[CopySource]) -> tuple[Partition, ...]:
        out = []
        for p in partitions:
            below = sources + partition_sources(p)
            out.append(
                dataclasses.replace(
                    p,
                    copies=normal_copies(p.copies, p.name, sources),
                    partitions=walk(p.partitions, below),
                )
            )
        return tuple(out)

    return dataclasses.replace(table, partitions=walk(table.partitions, table_sources(table)))


def in_their_schema(table: Table, schema: str) -> Table:
    """The table (in ``schema``) without a partition's ``schema`` where it is its parent's.

    So a partition is said as the inspector and the checker say it.
    """

    def walk(partitions: tuple[Partition, ...], parent: str | None) -> tuple[Partition, ...]:
        out = []
        for p in partitions:
            own = p.schema_in(parent)
            out.append(
                dataclasses.replace(
                    p,
                    schema=None if own == parent else own,
                    partitions=walk(p.partitions, own),
                )
            )
        return tuple(out)

    if not table.partitions:
        return table
    return dataclasses.replace(table, partitions=walk(table.partitions, schema))


def _relation_names(database: Database) -> dict[str, set[str]]:
    """The names each schema's relations are given explicitly (pg_class names: indexes too)."""
    out: dict[str, set[str]] = {}
    for s in database.schemas:
        names = out.setdefault(s.name or "", set())
        for group in (s.tables, s.views, s.materialized_views, s.sequences, s.composite_types):
            names.update(o.name for o in group)
        for mv in s.materialized_views:
            names.update(i.name for i in mv.indexes)
        for t in s.tables:
            names.update(i.name for i in t.indexes)
            keys = (t.primary_key, *t.uniques, *t.exclusions)
            names.update(k.name for k in keys if k is not None)
            for p, own in partition_schemas(t.partitions, s.name):
                here = out.setdefault(own or "", set())
                here.add(p.name)
                here.update(i.name for i in p.indexes)
                here.update(c.name for c in p.copies)
    return out


def _free_name(partition: str, source: CopySource, taken: set[str]) -> str:
    """The name PostgreSQL gives a copy: its usual one, else with 1, 2, ... after the label.

    As ChooseRelationName does: the number joins the label, and the whole is cut to fit.
    """
    name, count = default_copy_name(partition, source), 0
    while name in taken:
        count += 1
        name = choose_name(partition, source.columns, f"{source.label}{count}")
    return name


def _numbered_table(table: Table, schema: str, taken: dict[str, set[str]]) -> Table:
    """The table with its partitions' copies PostgreSQL numbers listed under those names.

    Copies are named in the order compiling makes them: the keys' with each partition as
    it is made; then the indexes', those of partitions further down first (each index
    puts a copy on every partition below it), the table's last, each name taken in turn.
    """
    chosen: dict[tuple[str, str], dict[str, str]] = {}

    def choose(p: Partition, own: str, source: CopySource) -> None:
        if any(c.of == source.name for c in p.copies):
            return  # listed: made under its name
        names = taken.setdefault(own, set())
        name = _free_name(p.name, source, names)
        names.add(name)
        if name != default_copy_name(p.name, source):
            chosen.setdefault((own, p.name), {})[source.name] = name

    def copy_down(source: CopySource, partitions: tuple[Partition, ...], parent: str) -> None:
        for p in partitions:
            own = p.schema_in(parent) or ""
            choose(p, own, source)
            copy_down(source, p.partitions, own)

    def indexes(sources: list[CopySource], partitions: tuple[Partition, ...], parent: str) -> None:
        for p in partitions:
            indexes(partition_sources(p), p.partitions, p.schema_in(parent) or "")
        for source in sources:
            copy_down(source, partitions, parent)

    sources = table_sources(table)
    keys = [s for s in sources if s.constraint]
    for p, own in partition_schemas(table.partitions, schema):
        for key in keys:
            choose(p, own or "", key)
    indexes([s for s in sources if not s.constraint], table.partitions, schema)
    if not chosen:
        return table

    def walk(partitions: tuple[Partition, ...], parent: str) -> tuple[Partition, ...]:
        out = []
        for p in partitions:
            own = p.schema_in(parent) or ""
            found = chosen.get((own, p.name), {})
            copies = p.copies + tuple(IndexCopy(of=of, name=n) for of, n in found.items())
            out.append(
                dataclasses.replace(
                    p,
                    copies=tuple(sorted(copies, key=lambda c: c.name)),
                    partitions=walk(p.partitions, own),
                )
            )
        return tuple(out)

    return dataclasses.replace(table, partitions=walk(table.partitions, schema))


def numbered_copies(database: Database) -> Database:
    """``database`` with every copy PostgreSQL would name with a number listed so.

    A database read back lists such a copy (its name is not the usual one); a declared
    state brought to that form must too. Names given explicitly are taken first.
    """
    taken = _relation_names(database)
    schemas = []
    for s in database.schemas:
        tables = tuple(
            _numbered_table(t, s.name or "", taken) if t.partitions else t for t in s.tables
        )
        changed = any(a is not b for a, b in zip(tables, s.tables, strict=True))
        schemas.append(dataclasses.replace(s, tables=tables) if changed else s)
    return dataclasses.replace(database, schemas=tuple(schemas))
