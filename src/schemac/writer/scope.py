"""What the written text can refer to, and how: names, qualified references and types.

References resolve as the checker resolves them (check/scope.py): an unqualified name
in the enclosing schema block, then in the default schema; `schema.name` directly. The
default schema has no name, so its objects are reachable only unqualified, and only
where the enclosing schema has nothing of that name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from schemac.dialects.postgres.tables import (
    ALIASES,
    BUILTINS,
    EXTENSION_TYPES,
    INTERVAL_FIELDS,
    SPELLINGS,
    type_name,
)
from schemac.ir.model import Database, Function, ObjectName, ObjectPath, Schema
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import Modifiers, TypeKind, TypeRef
from schemac.syntax.printer import quote_name, quote_string

__all__ = ["Scope", "builtin_spelling", "where"]

T = TypeVar("T")

# Lookup tables, named as the checker's rules name what they search.
TABLES = "tables"  # parents (inherits)
FK_TARGETS = "foreign key targets"  # tables and partitions
RELATIONS = "relations"  # grants by bare name: tables, views, materialized views, sequences
DEPENDENCIES = "dependencies"  # depends_on: tables, views, materialized views
TYPES = "types"  # type(...) in grants: enums, domains, composite types
TYPE_NAMES = "type names"  # types by name: enums, domains, composites, tables, views
FUNCTIONS = "functions"
COLLATIONS = "collations"


def where(schema: str | None, name: str) -> str:
    """An object's name for a message: `app.users`, or `users` in the default schema."""
    return f"{schema}.{name}" if schema is not None else name


def _relation_names(database: Database) -> Iterator[tuple[str | None, str]]:
    """(schema, name) for every name of PostgreSQL's relation namespace the database uses."""
    for schema in database.schemas:
        here = schema.name
        for table in schema.tables:
            yield here, table.name
            for partition, own in partition_schemas(table.partitions, here):
                yield own, partition.name
                yield from ((own, i.name) for i in partition.indexes)
                yield from ((own, c.name) for c in partition.copies)
            if table.primary_key is not None:
                yield here, table.primary_key.name
            yield from ((here, u.name) for u in table.uniques)
            yield from ((here, x.name) for x in table.exclusions)
            yield from ((here, i.name) for i in table.indexes)
        for view in schema.materialized_views:
            yield here, view.name
            yield from ((here, i.name) for i in view.indexes)
        yield from ((here, v.name) for v in schema.views)
        yield from ((here, s.name) for s in schema.sequences)
        yield from ((here, c.name) for c in schema.composite_types)


def _partition_names(database: Database) -> dict[str | None, set[str]]:
    """The partitions of each schema, wherever their tables are."""
    out: dict[str | None, set[str]] = {}
    for schema in database.schemas:
        for table in schema.tables:
            for partition, own in partition_schemas(table.partitions, schema.name):
                out.setdefault(own, set()).add(partition.name)
    return out


def _tables(schema: Schema, partitions: set[str]) -> dict[str, set[str]]:
    tables = {t.name for t in schema.tables}
    views = {v.name for v in schema.views}
    matviews = {v.name for v in schema.materialized_views}
    user_types = {e.name for e in schema.enums} | {d.name for d in schema.domains}
    user_types |= {c.name for c in schema.composite_types}
    return {
        TABLES: tables,
        FK_TARGETS: tables | partitions,
        RELATIONS: tables | views | matviews | {s.name for s in schema.sequences},
        DEPENDENCIES: tables | views | matviews,
        TYPES: user_types,
        TYPE_NAMES: user_types | tables | views,
        FUNCTIONS: {f.name for f in schema.functions},
        COLLATIONS: {c.name for c in schema.collations},
    }


def _is_builtin_spelling(name: str) -> bool:
    """Whether an unqualified type name would be read as a built-in type before a user's."""
    if ALIASES.get(" ".join(name.split())) is not None:
        return True
    lowered = " ".join(name.lower().split())
    return lowered.startswith("interval ") and lowered[9:] in INTERVAL_FIELDS


def builtin_spelling(ref: TypeRef) -> str | None:
    """A built-in type's spelling (without array suffix), or None when none reads back as it."""
    name = ref.name
    builtin = BUILTINS.get(name)
    if builtin is None:
        return None
    if name == "bpchar":
        # `char` alone means char(1), so a length-less bpchar keeps its own name.
        spelled = "char" if ref.modifiers else "bpchar"
    elif name == "bit" and not ref.modifiers:
        return None  # every spelling of `bit` without a length means bit(1)
    else:
        spelled = SPELLINGS.get(name, name)
    if ref.interval_fields is not None:
        if name != "interval" or ref.interval_fields not in INTERVAL_FIELDS:
            return None
        spelled += " " + ref.interval_fields
    if ref.modifiers:
        if builtin.modifiers in (Modifiers.NONE, Modifiers.ANY) or not all(
            isinstance(m, int) for m in ref.modifiers
        ):
            return None
        spelled += "(" + ", ".join(str(m) for m in ref.modifiers) + ")"
    return spelled


def _modifier(value: int | str) -> str:
    if isinstance(value, int):
        return str(value)
    quoted = quote_name(value)
    return quoted if quoted == value else quote_string(value)


class Scope:
    """The database being written, indexed for lookups; collects what cannot be written."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.schemas: dict[str | None, Schema] = {s.name: s for s in database.schemas}
        partitions = _partition_names(database)
        self._lookup = {s.name: _tables(s, partitions.get(s.name, set())) for s in database.schemas}
        self.relation_counts: dict[str | None, Counter[str]] = {
            s.name: Counter() for s in database.schemas
        }
        for schema, name in _relation_names(database):
            self.relation_counts.setdefault(schema, Counter())[name] += 1
        self.extensions = {e.name: e for e in database.extensions}
        self.notes: list[str] = []
        # The object being written when each note was made (None: none in particular).
        self.subjects: list[ObjectPath | None] = []
        self._subject: ObjectPath | None = None

    def note(self, message: str) -> None:
        """Record something the language cannot say (it is left out of the text)."""
        self.notes.append(message)
        self.subjects.append(self._subject)

    def about(
        self, path: ObjectPath, write: Callable[..., T], *args: object, **kwargs: object
    ) -> T:
        """``write(*args, **kwargs)``, its notes being about the object at ``path``."""
        outer, self._subject = self._subject, path
        try:
            return write(*args, **kwargs)
        finally:
            self._subject = outer

    def each(
        self,
        kind: str,
        schema: str | None,
        parent: str | None,
        write: Callable[[Any], T],
        objects: Sequence[Any],
    ) -> list[T]:
        """``write`` of each of ``objects``, its notes being about that object (as `about`).

        One loop for a list of objects: the writer calls this a hundred thousand times.
        """
        if not objects:
            return []
        outer = self._subject
        out = []
        try:
            for o in objects:
                self._subject = ObjectPath(kind=kind, schema=schema, parent=parent, name=o.name)
                out.append(write(o))
        finally:
            self._subject = outer
        return out

    def has(self, target: ObjectName, table: str) -> bool:
        lookup = self._lookup.get(target.schema)
        return lookup is not None and target.name in lookup[table]

    def name(self, name: str) -> str:
        """A name as a reference; a line break cannot stand even in backticks."""
        if "\n" in name:
            self.note(
                f"the name {quote_string(name)} holds a line break, so it cannot be referred to"
            )
        return quote_name(name)

    def reference(self, here: str | None, target: ObjectName, table: str) -> str | None:
        """``target`` as written in the block of schema ``here``; None when unreachable."""
        schema, name = target.schema, target.name
        if schema == here:
            return self.name(name)
        if schema is None:
            # The default schema has no name: only an unqualified reference reaches it.
            lookup = self._lookup.get(here)
            if lookup is not None and name in lookup[table]:
                return None
            return self.name(name)
        if schema not in self.schemas:
            return None
        return f"{self.name(schema)}.{self.name(name)}"

    def type(self, ref: TypeRef, here: str | None) -> str:
        """A type as written in schema block ``here`` (without `?`)."""
        suffix = "[]" * ref.array_dims
        if ref.kind is TypeKind.BUILTIN:
            spelled = builtin_spelling(ref)
            if spelled is None:
                shown = type_name(ref.element())
                if ref.name == "bit" and not ref.modifiers:
                    shown += " without a length (every spelling of it means bit(1))"
                self.note(f"the type {shown} cannot be written as it is")
                spelled = ref.name
            return spelled + suffix
        modifiers = ""
        if ref.modifiers:
            modifiers = "(" + ", ".join(_modifier(m) for m in ref.modifiers) + ")"
        if ref.kind is TypeKind.EXTENSION:
            self._extension_type(ref, here)
            return self.name(ref.name) + modifiers + suffix
        if modifiers:
            self.note(f"the type {where(ref.schema, ref.name)} takes no modifiers in the language")
        return self._user_type(ref, here) + suffix

    def _extension_type(self, ref: TypeRef, here: str | None) -> None:
        """An extension's type is named unqualified, and found after the user's types."""
        name = where(ref.schema, ref.name)
        if ref.schema is not None:
            self.note(f"the extension type {name}: extension types are named without a schema")
        shadowed = any(
            ref.name in self._lookup[s][TYPE_NAMES] for s in {here, None} if s in self._lookup
        )
        if shadowed or _is_builtin_spelling(ref.name):
            self.note(f"the extension type {name}: a declared or built-in type has its name")
        provided = {t for e in self.extensions for t in EXTENSION_TYPES.get(e, ())}
        if ref.name not in provided and all(e in EXTENSION_TYPES for e in self.extensions):
            self.note(f"the extension type {name}: no declared extension provides it")

    def _user_type(self, ref: TypeRef, here: str | None) -> str:
        target = ObjectName(schema=ref.schema, name=ref.name)
        if not self.has(target, TYPE_NAMES):
            self.note(f"the type {target} is not declared in the schemas written")
        if ref.schema == here and not _is_builtin_spelling(ref.name):
            return self.name(ref.name)
        if ref.schema is None:
            written = self.reference(here, target, TYPE_NAMES)
            if written is None or _is_builtin_spelling(ref.name):
                self.note(
                    f"the type {ref.name} of the default schema cannot be reached from"
                    f" schema {here}: a type there, or a built-in type, has its name"
                )
                return self.name(ref.name)
            return written
        return f"{self.name(ref.schema)}.{self.name(ref.name)}"

    def collation(self, target: ObjectName, here: str | None, what: str) -> str | None:
        """A collation as written in schema block ``here``; None when it cannot be.

        A declared one by reference (`numeric`, `app.numeric`); one of pg_catalog as a
        string (`"C"`), or `pg_catalog.name` where a declared collation has its name.
        """
        if target.schema == "pg_catalog":
            shadowed = any(
                target.name in self._lookup[s][COLLATIONS]
                for s in {here, None}
                if s in self._lookup
            )
            return f"pg_catalog.{self.name(target.name)}" if shadowed else quote_string(target.name)
        written = self.reference(here, target, COLLATIONS)
        if written is None or not self.has(target, COLLATIONS):
            self.note(f"{what}: the collation {target}, which cannot be referred to from there")
            return None
        return written

    def functions(self, target: ObjectName) -> list[Function]:
        schema = self.schemas.get(target.schema)
        if schema is None:
            return []
        return [f for f in schema.functions if f.name == target.name]
