"""The pieces of probes.py: requests, homes (schemas and their scratch names), lookups."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from schemac.dialects.postgres.normalizer.scratch import Renamer, declared_names
from schemac.dialects.sql.order import NameIndex
from schemac.ir import model as m
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import TypeKind, TypeRef

__all__ = [
    "PARTITION_CHUNK",
    "Declared",
    "Home",
    "Light",
    "Requests",
    "TableKeys",
    "Unit",
    "all_columns",
    "bare_partition",
    "base_of",
    "blank",
    "env_columns",
    "homes",
    "key_of",
    "names_itself",
    "nested",
    "partitionings",
    "probed",
    "table_texts",
    "texts_of",
    "unit_view",
    "user_types",
    "with_base",
]

_USER_TYPES = (TypeKind.ENUM, TypeKind.DOMAIN, TypeKind.COMPOSITE)
# Partitions per chunk of a partition probe (each is a relation, with its lock).
PARTITION_CHUNK = 100


@dataclass
class Home:
    """A declared schema, and where its requests are built."""

    name: str  # the real name
    own: str  # its own scratch name
    built: str  # the scratch name of its class (its own, for the first of a class)
    path: tuple[str, ...]  # its real search path, as generate.py gives it
    forth: Renamer  # real -> scratch, for its requests
    back: Renamer  # scratch -> real, for what comes back


@dataclass
class Light:
    """One piece of a table's SQL text, built on a probe table with the columns it reads."""

    key: str
    kind: str  # default, generated, check, predicate, index, exclusion, trigger
    schema: str  # the scratch schema it is built in
    obj: Any  # in scratch form: (TypeRef, collation, Default) for a default, else the object
    env: tuple[m.Column, ...]  # the columns it reads, scratch form
    sequences: tuple[tuple[str, m.Sequence], ...] = ()  # (scratch schema, sequence) it reads
    where: str = ""  # the object it comes from, for messages

    def locks(self) -> int:
        return 1 + len(self.sequences) + (2 if self.kind in ("index", "exclusion") else 0)


@dataclass
class Unit:
    """What is built whole: its target and everything the target reads."""

    key: str
    kind: str  # view, matview, policies, partitions, table
    schema: str  # the scratch schema of the target
    target: Any  # scratch form
    closure: list[tuple[str, Any]] = field(default_factory=list)  # (scratch schema, object)
    where: str = ""

    def names(self) -> dict[tuple[str, str], str]:
        """The relation names it takes, each with what it builds there."""
        out = {} if self.kind == "partitions" else {(self.schema, self.target.name): self.key}
        for schema, obj in self.closure:
            out[(schema, obj.name)] = repr(obj)
        return out

    def locks(self) -> int:
        count = 4
        if isinstance(self.target, m.Table):
            count += 4 * _relations_in(self.target.partitions)
        if isinstance(self.target, m.MaterializedView):
            count += 2 * len(self.target.indexes)
        return count + 4 * len(self.closure)


def _relations_in(partitions: tuple[m.Partition, ...]) -> int:
    return sum(1 + _relations_in(p.partitions) for p in partitions)


@dataclass
class Requests:
    """Everything one declared state needs built, and how to find it again."""

    homes: dict[str, Home]
    lights: dict[str, Light] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    # (home, table) -> what each of its pieces is keyed by
    table_keys: dict[tuple[str, str], TableKeys] = field(default_factory=dict)
    view_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    bases: dict[str, m.Schema] = field(default_factory=dict)  # scratch name -> what it holds


@dataclass
class TableKeys:
    defaults: dict[str, str] = field(default_factory=dict)  # column -> key
    generated: dict[str, str] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)  # check name -> key
    indexes: dict[tuple[str, str], str] = field(default_factory=dict)  # (owner, index) -> key
    predicates: dict[tuple[str, str], str] = field(default_factory=dict)  # only the WHERE
    exclusions: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, str] = field(default_factory=dict)
    partitions: list[tuple[str, int]] = field(default_factory=list)  # (key, first) per chunk
    policies: str | None = None
    whole: str | None = None  # a table unit stands for all of the above


# ---------------------------------------------------------------------------- the declared state


class Declared:
    """Lookups over the declared state (real names)."""

    def __init__(self, database: m.Database, default: str) -> None:
        self.database = database
        extension_schemas = sorted({e.schema for e in database.extensions if e.schema})
        self._after = (default, *extension_schemas, "public")
        self.names = NameIndex()
        self.relations: dict[tuple[str, str], tuple[str, Any, Any]] = {}
        self.tables: dict[tuple[str, str], m.Table] = {}
        for s in database.schemas:
            schema = s.name or ""
            for t in s.tables:
                self._relation(schema, t.name, "table", t, t)
                self.tables[(schema, t.name)] = t
                for p, own in partition_schemas(t.partitions, schema):
                    self._relation(own or "", p.name, "partition", t, p)
            for v in s.views:
                self._relation(schema, v.name, "view", v, v)
            for mv in s.materialized_views:
                self._relation(schema, mv.name, "matview", mv, mv)
            for q in s.sequences:
                self._relation(schema, q.name, "sequence", q, q)
            named: list[tuple[str, list[Any]]] = [
                ("type", [*s.enums, *s.domains, *s.composite_types]),
                ("function", list(s.functions)),
                ("collation", list(s.collations)),
            ]
            for kind, objects in named:
                for obj in objects:
                    self.names.add((kind, schema, obj.name))

    def path(self, schema: str) -> tuple[str, ...]:
        """The search_path generate.py gives a schema's statements."""
        return tuple(dict.fromkeys((schema, *self._after)))

    def _relation(self, schema: str, name: str, kind: str, owner: Any, obj: Any) -> None:
        self.relations[(schema, name)] = (kind, owner, obj)
        self.names.add(("relation", schema, name))
        if kind != "sequence":
            self.names.add(("type", schema, name))

    def scan(self, texts: Iterable[str], path: tuple[str, ...]) -> set[tuple[str, str, str]]:
        found: set[tuple[str, str, str]] = set()
        for text in texts:
            found |= self.names.scan(text, path)
        return found

    def columns(self, schema: str, table: m.Table) -> tuple[m.Column, ...]:
        """All the table's columns: its parents' first (INHERITS), as PostgreSQL orders them."""
        return all_columns(table, lambda name: self.tables.get((name.schema or schema, name.name)))


def all_columns(
    table: m.Table, parent: Any, seen: frozenset[str] = frozenset()
) -> tuple[m.Column, ...]:
    """``table``'s columns with those it inherits (``parent`` finds a parent table)."""
    out: dict[str, m.Column] = {}
    for name in table.inherits:
        found = parent(name)
        if found is None or found.name in seen:
            continue
        for column in all_columns(found, parent, seen | {table.name}):
            out.setdefault(column.name, column)
    for column in table.columns:
        out.setdefault(column.name, column)
    return tuple(out.values())


def nested(partitions: tuple[m.Partition, ...]) -> Iterator[m.Partition]:
    for p in partitions:
        yield p
        yield from nested(p.partitions)


def texts_of(values: Iterable[Any]) -> list[str]:
    return [v.text for v in values if isinstance(v, m.SqlExpr)]


def user_types(refs: Iterable[TypeRef]) -> set[tuple[str, str]]:
    return {(r.schema or "", r.name) for r in refs if r.kind in _USER_TYPES}


# ---------------------------------------------------------------------------- classes


def base_of(schema: m.Schema) -> m.Schema:
    """What of a schema every request built in it may use: its types and functions."""
    return m.Schema(
        name=schema.name,
        collations=schema.collations,
        enums=schema.enums,
        domains=schema.domains,
        composite_types=schema.composite_types,
        functions=schema.functions,
        comment=None,
    )


def with_base(schema: m.Schema, objects: list[Any]) -> m.Schema:
    return dataclasses.replace(
        schema,
        tables=tuple(o for o in objects if isinstance(o, m.Table)),
        views=tuple(o for o in objects if isinstance(o, m.View)),
        materialized_views=tuple(o for o in objects if isinstance(o, m.MaterializedView)),
        sequences=tuple(o for o in objects if isinstance(o, m.Sequence)),
    )


def key_of(*parts: Any) -> str:
    return repr(parts)


def blank(obj: Any, **more: Any) -> Any:
    """``obj`` without what takes no part in its canonical text (names, comments, renames)."""
    fields = {f.name for f in dataclasses.fields(obj)}
    changes = {k: v for k, v in more.items() if k in fields}
    for name, value in (("comment", None), ("renamed_from", None)):
        if name in fields:
            changes[name] = value
    return dataclasses.replace(obj, **changes)


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:10]


def homes(
    database: m.Database, default: str, token: str, type_tables: dict[tuple[str, str], Any]
) -> dict[str, Home]:
    """Each schema's home.

    A scratch name is made of what is built under it, so that a run's second state
    builds under the same name what it shares with the first.
    """
    declared = declared_names(database)
    extension_schemas = sorted({e.schema for e in database.extensions if e.schema})
    signatures: dict[str, str] = {}
    paths: dict[str, tuple[str, ...]] = {}
    for s in database.schemas:
        name = s.name or ""
        path: dict[str, None] = {}
        for p in (name, default, *extension_schemas, "public"):
            path.setdefault(p)
        paths[name] = tuple(path)
        # The class: the schema's types and functions (and the tables whose row types
        # serve as types), but for its name, and where it finds the rest; a schema
        # that is the default schema is its own.
        base = with_base(
            base_of(s), [o for (sn, _), o in sorted(type_tables.items()) if sn == name]
        )
        probe = Renamer({name: "schemac_class"}, declared).value(base)
        signatures[name] = repr((probe, tuple(p for p in path if p != name), name == default))
    own = {n: f"schemac_{token}_{_digest(n, sig)}" for n, sig in signatures.items()}
    first: dict[str, str] = {}
    for name, signature in signatures.items():
        first.setdefault(signature, name)
    back_all = {v: k for k, v in own.items()}
    homes: dict[str, Home] = {}
    for name, signature in signatures.items():
        built = own[first[signature]]
        forth = dict(own)
        forth[name] = built
        back = dict(back_all)
        back[built] = name
        homes[name] = Home(
            name=name,
            own=own[name],
            built=built,
            path=paths[name],
            forth=Renamer(forth, declared),
            back=Renamer(back, set(), back=True, needles=(f"schemac_{token}_",)),
        )
    return homes


# ---------------------------------------------------------------------------- collecting
def unit_view(view: m.View | m.MaterializedView) -> Any:
    if isinstance(view, m.MaterializedView):
        indexes = tuple(blank(i) for i in view.indexes)
        return dataclasses.replace(
            view, comment=None, renamed_from=None, with_data=False, indexes=indexes
        )
    return dataclasses.replace(view, comment=None, renamed_from=None, triggers=())


def probed(index: m.Index) -> bool:
    """Whether an index holds SQL text (an expression or a predicate)."""
    return index.where is not None or any(e.expression is not None for e in index.elements)


def bare_partition(partition: m.Partition, *, indexes: bool = False) -> m.Partition:
    """A partition as a probe builds it: its bound and sub-partitioning (and probed indexes).

    It is built in its table's scratch schema, where the probe reads it back, whatever
    schema it names; its schema and its copies of indexes above are structure, taken
    from the declared model (canonical.py), not from the probe.
    """
    return dataclasses.replace(
        partition,
        schema=None,
        indexes=tuple(i for i in partition.indexes if probed(i)) if indexes else (),
        copies=(),
        comment=None,
        renamed_from=None,
        partitions=tuple(bare_partition(p, indexes=indexes) for p in partition.partitions),
    )


def partitionings(table: m.Table) -> list[m.Partitioning]:
    out = [table.partitioning] if table.partitioning else []
    out += [p.partitioning for p in nested(table.partitions) if p.partitioning]
    return out


def table_texts(table: m.Table) -> list[str]:
    texts = texts_of(c.default for c in table.columns) + texts_of(
        c.generated for c in table.columns
    )
    texts += [c.expression.text for c in table.checks]
    for index in [*table.indexes, *(i for p in nested(table.partitions) for i in p.indexes)]:
        texts += texts_of(e.expression for e in index.elements) + texts_of([index.where])
    for x in table.exclusions:
        texts += texts_of(e.element.expression for e in x.elements) + texts_of([x.where])
    for partitioning in partitionings(table):
        texts += texts_of(k.expression for k in partitioning.keys)
    texts += texts_of(t.when for t in table.triggers)
    return texts


def names_itself(table: m.Table, texts: list[str]) -> bool:
    """Whether the table's SQL text names the table (`t.col`, a whole-row `t`)."""
    from schemac.dialects.sql.order import SQL_TOKEN, token_name  # noqa: PLC0415

    for text in texts:
        for match in SQL_TOKEN.finditer(text):
            if token_name(match) == table.name:
                return True
    return False


def env_columns(columns: dict[str, m.Column], texts: list[str]) -> tuple[m.Column, ...]:
    """The columns ``texts`` may read, as a probe table has them (no defaults, nullable).

    A generated column read is kept whole, with the columns it reads in turn.
    """
    from schemac.dialects.sql.order import SQL_TOKEN, token_name  # noqa: PLC0415

    wanted: set[str] = set()
    for text in texts:
        if text in columns:  # a column named by an element, an include, UPDATE OF
            wanted.add(text)
            continue
        for match in SQL_TOKEN.finditer(text):
            name = token_name(match)
            if name is not None and name in columns:
                wanted.add(name)
    for name in list(wanted):
        generated = columns[name].generated
        if generated is not None:
            wanted |= {
                c.name
                for c in env_columns(
                    {k: v for k, v in columns.items() if k != name}, [generated.text]
                )
            }
    out = []
    for name in sorted(wanted):
        c = columns[name]
        out.append(
            m.Column(
                name=c.name,
                type=c.type,
                nullable=True,
                collation=c.collation,
                generated=c.generated,
            )
        )
    return tuple(out)
