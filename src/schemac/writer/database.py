"""A whole database as `.schema` text: one file, or one text per schema."""

from __future__ import annotations

from schemac.ir.model import SCHEMA_OBJECT_FIELDS, Database, Schema
from schemac.syntax.printer import quote_string
from schemac.writer.grants import grant_blocks
from schemac.writer.layout import BLANK, Block, Node, canonical
from schemac.writer.objects import (
    collation_block,
    composite_block,
    domain_block,
    enum_block,
    extension_block,
    function_block,
    materialized_view_block,
    sequence_block,
    view_block,
)
from schemac.writer.scope import Scope
from schemac.writer.tables import common, table_block

__all__ = ["unwritable", "write_database", "write_schemas"]


def _spaced(blocks: list[Block]) -> list[Node]:
    """Blocks with a blank line between each two."""
    out: list[Node] = []
    for block in blocks:
        out += [block, BLANK]
    return out


def _objects(scope: Scope, schema: Schema) -> list[Block]:
    """A schema's objects, collations and types first, functions last (file order means nothing)."""
    here = schema.name
    out: list[Block] = [collation_block(c) for c in schema.collations]
    out += [enum_block(e) for e in schema.enums]
    out += [domain_block(scope, here, d) for d in schema.domains]
    out += [composite_block(scope, here, c) for c in schema.composite_types]
    out += [table_block(scope, here, t) for t in schema.tables]
    out += [sequence_block(scope, here, s) for s in schema.sequences]
    out += [view_block(scope, here, v) for v in schema.views]
    out += [materialized_view_block(scope, here, v) for v in schema.materialized_views]
    out += [function_block(scope, here, f) for f in schema.functions]
    return out


def _parts(database: Database) -> tuple[Scope, dict[str | None, list[Node]]]:
    """The nodes of each schema's text, keyed by schema name, in the database's order."""
    scope = Scope(database)
    grants = grant_blocks(scope)
    parts: dict[str | None, list[Node]] = {}
    for schema in database.schemas:
        name = schema.name
        body = [*_spaced(_objects(scope, schema)), *grants.get(name, [])]
        if name is not None:
            items = [*common(schema.comment, schema.renamed_from), BLANK, *body]
            parts[name] = [Block(f"schema {quote_string(name)}", tuple(items))]
            continue
        if schema.comment is not None or schema.renamed_from is not None:
            scope.note("the default schema's comment or renamed_from (it has no block)")
        if not body and not any(getattr(schema, f) for f in SCHEMA_OBJECT_FIELDS):
            scope.note("an empty default schema: only an object outside any schema makes one")
        parts[None] = body
    extensions = _spaced([extension_block(scope, e) for e in database.extensions])
    if extensions:
        first = None if None in parts or not parts else next(iter(parts))
        parts[first] = [*extensions, BLANK, *parts.get(first, [])]
    return scope, parts


def write_database(database: Database) -> str:
    """The database as one `.schema` file, in the canonical layout.

    Checking the text gives the database back, except what `unwritable` lists.
    """
    _, parts = _parts(database)
    nodes: list[Node] = []
    # Extensions first, then the default schema's objects, then each schema block.
    ordered = sorted(parts.items(), key=lambda item: item[0] is not None)
    for _, part in ordered:
        nodes += [*part, BLANK]
    return canonical(nodes)


def write_schemas(database: Database) -> dict[str | None, str]:
    """One text per schema (None: the default schema), to be read together as a directory.

    Extensions go with the default schema's text, or the first schema's.
    """
    _, parts = _parts(database)
    return {name: canonical(part) for name, part in parts.items()}


def unwritable(database: Database) -> list[str]:
    """What the database holds that the language cannot say, one line each (left out)."""
    scope, _ = _parts(database)
    return list(dict.fromkeys(scope.notes))
