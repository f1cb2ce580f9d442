"""The parts of a declared state that need no server to be in PostgreSQL's canonical form.

The desired state is compared with what `inspect` reads from a database, so every value
must be as the inspector gives it. Most of a schema is: names, column types, keys,
foreign keys, plain indexes, sequences, grants. The rules here bring the rest of those
to the inspector's form (the same functions of normalize.py the inspector uses); a
partition's copies of indexes above it that PostgreSQL would name with a number are
listed under that name, as the inspector lists them (ir/partitions.py).
SQL text is not here: only PostgreSQL brings that to canonical form
(normalizer/run.py builds what holds it on the server).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from schemac.dialects.postgres.inspect.objects import grouped_grants
from schemac.dialects.postgres.normalize import (
    canonical_collation,
    canonical_comment,
    canonical_default,
    canonical_element,
    canonical_sequence_options,
    canonical_type,
)
from schemac.ir import model as m
from schemac.ir.partitions import normal_table_copies, numbered_copies
from schemac.ir.types import TypeRef

__all__ = ["PUBLIC_COMMENT", "canonical_database", "canonical_grants", "canonical_table"]

# What a new database's `public` schema has without anyone declaring it (inspect reads
# it as no comment).
PUBLIC_COMMENT = "standard public schema"


def _type(ref: TypeRef) -> TypeRef:
    return canonical_type(ref)


def _identity(identity: m.Identity | None, ref: TypeRef) -> m.Identity | None:
    if identity is None:
        return None
    options = canonical_sequence_options(identity.options, ref.name)
    return (
        identity
        if options == identity.options
        else m.Identity(always=identity.always, options=options)
    )


def _column(column: m.Column) -> m.Column:
    type_ = _type(column.type)
    default = canonical_default(column.default)
    identity = _identity(column.identity, type_)
    collation = canonical_collation(column.collation)
    comment = canonical_comment(column.comment)
    if (
        type_ is column.type
        and default is column.default
        and identity is column.identity
        and collation is column.collation
        and comment is column.comment
    ):
        return column
    return dataclasses.replace(
        column,
        type=type_,
        default=default,
        identity=identity,
        collation=collation,
        comment=comment,
    )


def _elements(elements: tuple[m.IndexElement, ...]) -> tuple[m.IndexElement, ...]:
    out = tuple(
        dataclasses.replace(e, collation=canonical_collation(e.collation))
        if e.collation is not None
        else e
        for e in (canonical_element(e) for e in elements)
    )
    return out if out != elements else elements


def _commented(item: Any) -> Any:
    comment = canonical_comment(item.comment)
    return item if comment is item.comment else dataclasses.replace(item, comment=comment)


def _index(index: m.Index) -> m.Index:
    elements = _elements(index.elements)
    comment = canonical_comment(index.comment)
    if elements is index.elements and comment is index.comment:
        return index
    return dataclasses.replace(index, elements=elements, comment=comment)


def _partition(partition: m.Partition) -> m.Partition:
    # Its schema (None where it is its parent's) is already as the inspector reads it
    # (binding and lowering put it so); its copies' comments are made canonical here.
    return dataclasses.replace(
        partition,
        indexes=tuple(_index(i) for i in partition.indexes),
        copies=tuple(_commented(c) for c in partition.copies),
        partitions=tuple(_partition(p) for p in partition.partitions),
        comment=canonical_comment(partition.comment),
    )


def canonical_table(table: m.Table) -> m.Table:
    """The table with its structural values in the inspector's form (SQL text untouched)."""
    out = dataclasses.replace(
        table,
        columns=tuple(_column(c) for c in table.columns),
        primary_key=_commented(table.primary_key) if table.primary_key is not None else None,
        uniques=tuple(_commented(u) for u in table.uniques),
        indexes=tuple(_index(i) for i in table.indexes),
        foreign_keys=tuple(_commented(f) for f in table.foreign_keys),
        checks=tuple(_commented(c) for c in table.checks),
        exclusions=tuple(_commented(x) for x in table.exclusions),
        partitions=tuple(_partition(p) for p in table.partitions),
        triggers=tuple(_commented(t) for t in table.triggers),
        policies=tuple(_commented(p) for p in table.policies),
        comment=canonical_comment(table.comment),
    )
    # A copy listed only for an empty comment is one the inspector does not list.
    return normal_table_copies(out) if out.partitions else out


def _sequence(sequence: m.Sequence) -> m.Sequence:
    return dataclasses.replace(
        sequence,
        options=canonical_sequence_options(sequence.options, sequence.type.name),
        comment=canonical_comment(sequence.comment),
    )


def _schema(schema: m.Schema) -> m.Schema:
    comment = canonical_comment(schema.comment)
    if schema.name == "public" and comment == PUBLIC_COMMENT:
        comment = None
    return dataclasses.replace(
        schema,
        tables=tuple(canonical_table(t) for t in schema.tables),
        sequences=tuple(_sequence(s) for s in schema.sequences),
        views=tuple(
            dataclasses.replace(
                v, comment=canonical_comment(v.comment), triggers=tuple(map(_commented, v.triggers))
            )
            for v in schema.views
        ),
        materialized_views=tuple(
            dataclasses.replace(
                v,
                comment=canonical_comment(v.comment),
                indexes=tuple(_index(i) for i in v.indexes),
            )
            for v in schema.materialized_views
        ),
        comment=comment,
    )


def canonical_grants(grants: tuple[m.Grant, ...], owner: str | None) -> tuple[m.Grant, ...]:
    """Grants grouped and ordered as the inspector reads them from the ACLs.

    What a role is granted on objects it owns is not a grant PostgreSQL keeps: the
    objects built are owned by ``owner``, so grants to it are left out, as the inspector
    leaves them out.
    """
    return grouped_grants(
        (g.target, g.grantee, privilege, column, g.with_grant_option)
        for g in grants
        if owner is None or g.grantee != owner
        for privilege in g.privileges
        for column in g.columns or (None,)
    )


def canonical_database(database: m.Database, owner: str | None) -> m.Database:
    """``database`` (bound) with its structural values as the inspector gives them."""
    out = dataclasses.replace(
        database,
        schemas=tuple(_schema(s) for s in database.schemas),
        grants=canonical_grants(database.grants, owner),
    )
    return numbered_copies(out)
