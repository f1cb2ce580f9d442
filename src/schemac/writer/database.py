"""A whole database as `.schema` text: one file, or one text per schema."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from schemac.ir.model import SCHEMA_OBJECT_FIELDS, Database, ObjectPath, Schema, Unmanaged
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

__all__ = ["Draft", "unwritable", "unwritable_objects", "write_database", "write_schemas"]


def _spaced(blocks: list[Block]) -> list[Node]:
    """Blocks with a blank line between each two."""
    out: list[Node] = []
    for block in blocks:
        out += [block, BLANK]
    return out


def _objects(scope: Scope, schema: Schema) -> list[Block]:
    """A schema's objects, collations and types first, functions last (file order means nothing).

    Each is written as the object its notes are about (see `unwritable_objects`).
    """
    here = schema.name

    def each(kind: str, write: Callable[..., Block], objects: Sequence[Any]) -> list[Block]:
        return scope.each(kind, here, None, write, objects)

    out = each("collation", collation_block, schema.collations)
    out += each("enum", enum_block, schema.enums)
    out += each("domain", partial(domain_block, scope, here), schema.domains)
    out += each("composite type", partial(composite_block, scope, here), schema.composite_types)
    out += each("table", partial(table_block, scope, here), schema.tables)
    out += each("sequence", partial(sequence_block, scope, here), schema.sequences)
    out += each("view", partial(view_block, scope, here), schema.views)
    out += each(
        "materialized view",
        partial(materialized_view_block, scope, here),
        schema.materialized_views,
    )
    out += each("function", partial(function_block, scope, here), schema.functions)
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
    extensions = _spaced(
        [
            scope.about(
                ObjectPath(kind="extension", schema=None, parent=None, name=e.name),
                extension_block,
                scope,
                e,
            )
            for e in database.extensions
        ]
    )
    if extensions:
        first = None if None in parts or not parts else next(iter(parts))
        parts[first] = [*extensions, BLANK, *parts.get(first, [])]
    return scope, parts


class Draft:
    """A database laid out once: its text, or one text per schema, and what it cannot say.

    `inspect` needs both the text and what it leaves out; laying the database out twice
    took a third of the command's time on a large database.
    """

    def __init__(self, database: Database) -> None:
        self._scope, self._parts = _parts(database)

    def text(self) -> str:
        """The database as one `.schema` file, in the canonical layout."""
        nodes: list[Node] = []
        # Extensions first, then the default schema's objects, then each schema block.
        ordered = sorted(self._parts.items(), key=lambda item: item[0] is not None)
        for _, part in ordered:
            nodes += [*part, BLANK]
        return canonical(nodes)

    def texts(self) -> dict[str | None, str]:
        """One text per schema (None: the default schema)."""
        return {name: canonical(part) for name, part in self._parts.items()}

    def unwritable(self) -> list[str]:
        """What the language cannot say, one line each (left out of the text)."""
        return list(dict.fromkeys(self._scope.notes))

    def unwritable_objects(self) -> tuple[Unmanaged, ...]:
        """The same, each as an unmanaged object about the object it was found in."""
        seen: dict[str, Unmanaged] = {}
        for note, subject in zip(self._scope.notes, self._scope.subjects, strict=True):
            if note not in seen:
                seen[note] = Unmanaged(
                    what=note,
                    schema=subject.schema if subject is not None else None,
                    path=subject,
                )
        return tuple(seen.values())


def write_database(database: Database) -> str:
    """The database as one `.schema` file, in the canonical layout.

    Checking the text gives the database back, except what `unwritable` lists.
    """
    return Draft(database).text()


def write_schemas(database: Database) -> dict[str | None, str]:
    """One text per schema (None: the default schema), to be read together as a directory.

    Extensions go with the default schema's text, or the first schema's.
    """
    return Draft(database).texts()


def unwritable(database: Database) -> list[str]:
    """What the database holds that the language cannot say, one line each (left out)."""
    return Draft(database).unwritable()


def unwritable_objects(database: Database) -> tuple[Unmanaged, ...]:
    """What the database holds that the language cannot say, as unmanaged objects.

    Each is about the object it was found in (``path``): the text leaves out that object,
    or says it otherwise, so a plan against that text must leave the object alone.
    """
    return Draft(database).unwritable_objects()
