"""COMMENT ON statements for every object that declares a comment."""

from __future__ import annotations

from collections.abc import Iterator

from schemac.dialects.postgres.ddl.objects import function_signature
from schemac.dialects.postgres.quoting import ident, literal, qualified
from schemac.ir.model import (
    Database,
    FunctionKind,
    Schema,
    Table,
    Trigger,
)
from schemac.ir.partitions import copy_names, partition_tree

__all__ = ["comment_on", "comment_targets", "comments"]

# (target, comment): the target as COMMENT ON names it ("TABLE app.users"); the comment
# None where the object has none, so a plan can tell a removed comment from a gone object.
Target = tuple[str, str | None]


def _on(what: str, name: str, comment: str | None) -> Iterator[Target]:
    yield f"{what} {name}", comment or None  # PostgreSQL stores an empty comment as none


def comment_on(target: str, comment: str | None) -> str:
    return f"COMMENT ON {target} IS {literal(comment) if comment else 'NULL'};"


def _triggers(triggers: tuple[Trigger, ...], owner: str) -> Iterator[Target]:
    for trigger in triggers:
        yield from _on("TRIGGER", f"{ident(trigger.name)} ON {owner}", trigger.comment)


def _partitions(table: Table, schema: str) -> Iterator[Target]:
    """Partitions, their indexes, and their copies of the indexes above them (every one)."""
    schemas: dict[int, str] = {}
    for partition, above, sources in partition_tree(table):
        parent = schemas[id(above[-1])] if above else schema
        own = schemas[id(partition)] = partition.schema_in(parent) or ""
        yield from _on("TABLE", qualified(own, partition.name), partition.comment)
        for index in partition.indexes:
            yield from _on("INDEX", qualified(own, index.name), index.comment)
        comments = {c.of: c.comment for c in partition.copies}
        for source, name in copy_names(partition, sources).items():
            yield from _on("INDEX", qualified(own, name), comments.get(source))


def _table(table: Table, schema: str) -> Iterator[Target]:
    name = qualified(schema, table.name)
    yield from _on("TABLE", name, table.comment)
    for column in table.columns:
        yield from _on("COLUMN", f"{name}.{ident(column.name)}", column.comment)
    constraints: list[tuple[str, str | None]] = [
        (c.name, c.comment)
        for group in (
            [table.primary_key] if table.primary_key is not None else [],
            table.uniques,
            table.checks,
            table.exclusions,
            table.foreign_keys,
        )
        for c in group
    ]
    for constraint, comment in sorted(constraints):
        yield from _on("CONSTRAINT", f"{ident(constraint)} ON {name}", comment)
    for index in table.indexes:
        yield from _on("INDEX", qualified(schema, index.name), index.comment)
    yield from _partitions(table, schema)
    yield from _triggers(table.triggers, name)
    for policy in table.policies:
        yield from _on("POLICY", f"{ident(policy.name)} ON {name}", policy.comment)


def _schema(s: Schema) -> Iterator[Target]:
    schema = s.name or ""
    yield from _on("SCHEMA", ident(schema), s.comment)
    for collation in s.collations:
        yield from _on("COLLATION", qualified(schema, collation.name), collation.comment)
    for enum in s.enums:
        yield from _on("TYPE", qualified(schema, enum.name), enum.comment)
    for domain in s.domains:
        name = qualified(schema, domain.name)
        yield from _on("DOMAIN", name, domain.comment)
        for check in domain.checks:
            yield from _on("CONSTRAINT", f"{ident(check.name)} ON DOMAIN {name}", check.comment)
    for composite in s.composite_types:
        name = qualified(schema, composite.name)
        yield from _on("TYPE", name, composite.comment)
        for f in composite.fields:
            yield from _on("COLUMN", f"{name}.{ident(f.name)}", f.comment)
    for sequence in s.sequences:
        yield from _on("SEQUENCE", qualified(schema, sequence.name), sequence.comment)
    for function in s.functions:
        kind = "PROCEDURE" if function.kind is FunctionKind.PROCEDURE else "FUNCTION"
        yield from _on(kind, function_signature(function, schema), function.comment)
    for table in s.tables:
        yield from _table(table, schema)
    for view in s.views:
        name = qualified(schema, view.name)
        yield from _on("VIEW", name, view.comment)
        yield from _triggers(view.triggers, name)
    for matview in s.materialized_views:
        yield from _on("MATERIALIZED VIEW", qualified(schema, matview.name), matview.comment)
        for index in matview.indexes:
            yield from _on("INDEX", qualified(schema, index.name), index.comment)


def comment_targets(database: Database) -> Iterator[Target]:
    """Every object that can carry a comment, with its comment (None: it has none)."""
    for extension in database.extensions:
        yield from _on("EXTENSION", ident(extension.name), extension.comment)
    for schema in database.schemas:
        yield from _schema(schema)


def comments(database: Database) -> Iterator[str]:
    """COMMENT ON for every object with a comment."""
    for target, comment in comment_targets(database):
        if comment:
            yield comment_on(target, comment)
