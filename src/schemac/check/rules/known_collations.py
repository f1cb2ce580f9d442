"""Every collation a column, field, domain or element names is resolved.

`name` (or `"name"`) is a collation of the enclosing schema, then of the default
schema; a name the files do not declare is one PostgreSQL is taken to provide
(`"C"`, `"POSIX"`, `"und-x-icu"`, ...): PostgreSQL, not schemac, knows which exist.
`schema.name` is looked up in that schema only, and must be declared there;
`pg_catalog.name` names one PostgreSQL provides (the target's system schema).
"""

from __future__ import annotations

from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import lookup, namespaces_for
from schemac.check.walk import table_indexes
from schemac.diagnostics import catalog as cat
from schemac.ir.model import ObjectName

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _collations(namespace: Namespace) -> dict[str, d.CollationDecl]:
    return namespace.collations


def _resolve(ctx: Context, schema: str | None, ref: d.Ref) -> None:
    parts = ref.parts
    system = ctx.target.system_schema
    if len(parts) == 1:
        for owner, namespace in namespaces_for(ctx, schema):
            if parts[0] in namespace.collations:
                ctx.collation_refs[ref] = ObjectName(schema=owner, name=parts[0])
                return
        ctx.collation_refs[ref] = ObjectName(schema=system, name=parts[0])
        return
    if len(parts) == 2 and parts[0] == system:
        ctx.collation_refs[ref] = ObjectName(schema=system, name=parts[1])
        return

    def report(r: d.Ref, help: str | None) -> None:
        ctx.emit(cat.unknown_collation(r.span, r.dotted, help))

    found = lookup(ctx, schema, ref, _collations, report)
    if found is not None:
        ctx.collation_refs[ref] = ObjectName(schema=found[0], name=ref.last)


def _elements(elements: tuple[d.ElementDecl, ...]) -> Iterator[d.Ref | None]:
    return (e.collation for e in elements)


def _partition_keys(
    by: d.PartitionByDecl | None, partitions: tuple[d.PartitionDecl, ...]
) -> Iterator[d.Ref | None]:
    if by is not None:
        yield from _elements(by.keys)
    for partition in partitions:
        yield from _partition_keys(partition.partition_by, partition.partitions)


def _uses(ctx: Context) -> Iterator[tuple[str | None, d.Ref | None]]:
    """(schema written in, reference) for every collation the files name."""
    for table in ctx.tables:
        refs: list[d.Ref | None] = [c.collation for c in table.columns]
        for _, index in table_indexes(table):
            refs += _elements(index.elements)
        for exclude in table.excludes:
            refs += _elements(exclude.elements)
        refs += _partition_keys(table.partition_by, table.partitions)
        yield from ((table.schema, r) for r in refs)
    for matview in ctx.matviews:
        for index in matview.indexes:
            yield from ((matview.schema, r) for r in _elements(index.elements))
    for domain in ctx.domains:
        yield domain.schema, domain.collation
    for composite in ctx.composites:
        yield from ((composite.schema, f.collation) for f in composite.fields)


def check(ctx: Context) -> None:
    for schema, ref in _uses(ctx):
        if ref is not None:
            _resolve(ctx, schema, ref)
