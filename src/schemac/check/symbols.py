"""The names pass, first half: symbol tables per schema, and the names of unnamed objects.

PostgreSQL gives tables, views, materialized views, sequences, indexes (including
those behind primary keys, unique and exclusion constraints), partitions and
composite types one namespace per schema (pg_class), every type another (pg_type; a
table's row type lives there too), and collations a third (pg_collation). A clash in
any is reported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeVar

from schemac.check import decls as d
from schemac.check.context import Context, Namespace, PartitionPlace, SchemaSymbols
from schemac.check.inheritance import all_columns
from schemac.check.scope import schema_help
from schemac.check.walk import all_partitions
from schemac.diagnostics import catalog as cat
from schemac.ir.naming import choose_name, expression_column_name, join_columns, unique_names
from schemac.source import Span

__all__ = ["run"]

D = TypeVar("D", d.ExtensionDecl, d.CollationDecl)

_WORD = re.compile(r'"((?:[^"]|"")+)"|([^\W\d][\w$]*)')


def run(ctx: Context) -> None:
    _schemas(ctx)
    seen_extensions: dict[str, d.ExtensionDecl] = {}
    for extension in ctx.extensions:
        _declare_once(ctx, seen_extensions, extension, "extension")
    # First every name that is written, then (in name order, so that file order never
    # matters) the names chosen for unnamed constraints and indexes.
    for table in ctx.tables:
        ns = ctx.namespace(table.schema)
        if _declare(ctx, ns, "table", table.name, relation=True, type_=True):
            ns.tables[table.name.value] = table
        for path in _partition_paths(table.partitions, ()):
            partition = path[-1]
            schema = _partition_schema(ctx, partition, table.schema, path)
            own = ctx.namespace(schema)
            if _declare(ctx, own, "partition", partition.name, relation=True, type_=True):
                own.partitions[partition.name.value] = PartitionPlace(table=table, path=path)
        _declare_named_indexes(ctx, ns, table)
    for view in ctx.views:
        ns = ctx.namespace(view.schema)
        if _declare(ctx, ns, "view", view.name, relation=True, type_=True):
            ns.views[view.name.value] = view
    for matview in ctx.matviews:
        ns = ctx.namespace(matview.schema)
        if _declare(ctx, ns, "materialized view", matview.name, relation=True, type_=True):
            ns.matviews[matview.name.value] = matview
        for index in matview.indexes:
            if index.name is not None:
                _declare_index(ctx, ns, "index", index.name, name=index.name.value, span=index.span)
    for sequence in ctx.sequences:
        ns = ctx.namespace(sequence.schema)
        if _declare(ctx, ns, "sequence", sequence.name, relation=True, type_=False):
            ns.sequences[sequence.name.value] = sequence
    for collation in ctx.collations:
        _declare_once(ctx, ctx.namespace(collation.schema).collations, collation, "collation")
    for enum in ctx.enums:
        ns = ctx.namespace(enum.schema)
        if _declare(ctx, ns, "enum", enum.name, relation=False, type_=True):
            ns.enums[enum.name.value] = enum
    for domain in ctx.domains:
        ns = ctx.namespace(domain.schema)
        if _declare(ctx, ns, "domain", domain.name, relation=False, type_=True):
            ns.domains[domain.name.value] = domain
        names = _Names({c.name.value for c in domain.checks if c.name is not None}, {})
        for check in domain.checks:
            ctx.constraint_names[check] = (
                check.name.value if check.name else names.choose(domain.name.value, None, "check")
            )
    for composite in ctx.composites:
        ns = ctx.namespace(composite.schema)
        if _declare(ctx, ns, "type", composite.name, relation=True, type_=True):
            ns.composites[composite.name.value] = composite
    for function in ctx.functions:
        ctx.namespace(function.schema).functions.setdefault(function.name.value, []).append(
            function
        )
    for table in sorted(ctx.tables, key=lambda t: (t.schema or "", t.name.value)):
        _constraint_names(ctx, ctx.namespace(table.schema), table)
    for matview in sorted(ctx.matviews, key=lambda v: (v.schema or "", v.name.value)):
        _index_names(ctx, ctx.namespace(matview.schema), matview.name.value, matview.indexes)


def _partition_paths(
    partitions: tuple[d.PartitionDecl, ...], above: tuple[d.PartitionDecl, ...]
) -> Iterator[tuple[d.PartitionDecl, ...]]:
    """The path from the table's partitions down to each partition, parents first."""
    for partition in partitions:
        path = (*above, partition)
        yield path
        yield from _partition_paths(partition.partitions, path)


def _partition_schema(
    ctx: Context,
    partition: d.PartitionDecl,
    table_schema: str | None,
    path: tuple[d.PartitionDecl, ...],
) -> str | None:
    """The partition's schema: its `schema`, a declared one; else its parent's."""
    parent = ctx.partition_schemas.get(path[-2], table_schema) if len(path) > 1 else table_schema
    ref = partition.schema
    schema = parent
    if ref is not None and len(ref.parts) != 1:
        ctx.emit(cat.long_reference(ref.span, ref.dotted, 1))
    elif ref is not None and ref.parts[0] in ctx.schemas and ref.parts[0] is not None:
        schema = ref.parts[0]
    elif ref is not None:
        name = ref.parts[0]
        ctx.emit(
            cat.unknown_schema(
                ref.span,
                name,
                schema_help(ctx, name)
                or f'a partition goes into a schema the files declare: `schema "{name}" {{}}`',
            )
        )
    ctx.partition_schemas[partition] = schema
    return schema


def _schemas(ctx: Context) -> None:
    settings: dict[tuple[str, str], d.Text] = {}
    for decl in ctx.schema_decls:
        name = decl.name.value
        symbols = ctx.schemas.get(name)
        if symbols is None:
            ctx.schemas[name] = SchemaSymbols(name, decl)
        elif symbols.decl is None:
            symbols.decl = decl
        for attribute, value in (("comment", decl.comment), ("renamed_from", decl.renamed_from)):
            if value is None:
                continue
            first = settings.get((name, attribute))
            if first is not None:
                ctx.emit(cat.duplicate_setting(value.span, first.span, attribute, name))
            else:
                settings[(name, attribute)] = value
    groups: tuple[list[d.ObjectDecl] | list[d.FunctionDecl] | list[d.GrantDecl], ...] = (
        ctx.tables,  # type: ignore[assignment]
        ctx.views,
        ctx.matviews,
        ctx.collations,
        ctx.enums,
        ctx.domains,
        ctx.composites,
        ctx.sequences,
        ctx.functions,
        ctx.grants,
    )
    if any(o.schema is None for group in groups for o in group):
        ctx.namespace(None)


def _declare_once(ctx: Context, table: dict[str, D], decl: D, kind: str) -> None:
    """Enter an object whose kind has a namespace of its own; report a second of one name."""
    first = table.get(decl.name.value)
    if first is not None:
        name = decl.name
        ctx.emit(cat.duplicate_object(name.span, first.name.span, kind, name.value, kind))
    else:
        table[decl.name.value] = decl


def _declare(
    ctx: Context, ns: Namespace, kind: str, name: d.Text, *, relation: bool, type_: bool
) -> bool:
    """Enter a name; report a clash and return False if it is taken."""
    for table, used in ((ns.relations, relation), (ns.types, type_)):
        if not used:
            continue
        first = table.get(name.value)
        if first is not None:
            ctx.emit(cat.duplicate_object(name.span, first[1].span, kind, name.value, first[0]))
            return False
    if relation:
        ns.relations[name.value] = (kind, name)
    if type_:
        ns.types[name.value] = (kind, name)
    return True


def _element_names(elements: tuple[d.ElementDecl, ...]) -> list[str]:
    names = []
    for element in elements:
        if element.column is not None:
            names.append(element.column.last)
        elif element.expression is not None:
            names.append(expression_column_name(element.expression.text))
    return unique_names(names)


def _single_column(sql: str, columns: set[str]) -> str | None:
    """The column a check mentions, if it mentions exactly one (however often).

    PostgreSQL names an unnamed check `t_col_check` when its expression refers to one
    column (duplicates removed), else `t_check`. Identifiers in the text are matched
    against the column names; string literals are skipped.
    """
    text = re.sub(r"'(?:[^']|'')*'", " ", sql)
    found: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group(1).replace('""', '"') if match.group(1) else match.group(2)
        if word in columns:
            found.add(word)
        elif match.group(2) and word.lower() in columns:
            found.add(word.lower())
    return next(iter(found)) if len(found) == 1 else None


class _Names:
    """Chosen names avoid those already taken, as PostgreSQL's ChooseConstraintName does.

    Taken are the names given in this table and every relation name of the schema.
    """

    def __init__(self, taken: set[str], relations: dict[str, object]) -> None:
        self.taken = taken
        self.relations = relations

    def choose(self, name1: str, name2: str | None, label: str) -> str:
        candidate = choose_name(name1, name2, label)
        n = 0
        while candidate in self.taken or candidate in self.relations:
            n += 1
            candidate = choose_name(name1, name2, f"{label}{n}")
        self.taken.add(candidate)
        return candidate


def _declare_named_indexes(ctx: Context, ns: Namespace, table: d.TableDecl) -> None:
    """The relation names a table's named keys and indexes take."""
    named: list[tuple[str, d.Text | None, Span]] = []
    if table.primary_key is not None:
        named.append(("primary key", table.primary_key.name, table.primary_key.span))
    named += [("unique constraint", u.name, u.span) for u in table.uniques]
    named += [("exclusion constraint", x.name, x.span) for x in table.excludes]
    named += [("index", i.name, i.span) for i in table.indexes]
    for kind, label, span in named:
        if label is not None:
            _declare_index(ctx, ns, kind, label, name=label.value, span=span)
    # A partition's indexes, and its copies of those above it, are in its own schema.
    for partition in all_partitions(table.partitions):
        own = ctx.namespace(ctx.partition_schemas.get(partition, table.schema))
        for index in (*partition.indexes, *partition.copies):
            if index.name is not None:
                _declare_index(
                    ctx, own, "index", index.name, name=index.name.value, span=index.span
                )
                ctx.constraint_names[index] = index.name.value


def _constraint_names(ctx: Context, ns: Namespace, table: d.TableDecl) -> None:
    tname = table.name.value
    explicit = {
        c.name.value
        for group in (
            (table.primary_key,) if table.primary_key else (),
            table.uniques,
            table.foreign_keys,
            table.checks,
            table.excludes,
        )
        for c in group
        if c.name is not None
    }
    names = _Names(explicit, ns.relations)  # type: ignore[arg-type]
    names_of = ctx.constraint_names
    pk = table.primary_key
    if pk is not None:
        names_of[pk] = pk.name.value if pk.name else names.choose(tname, None, "pkey")
        if pk.name is None:
            _declare_index(ctx, ns, "primary key", None, name=names_of[pk], span=pk.span)
    for unique in table.uniques:
        names_of[unique] = (
            unique.name.value
            if unique.name
            else names.choose(tname, join_columns([c.last for c in unique.columns]), "key")
        )
        if unique.name is None:
            _declare_index(
                ctx, ns, "unique constraint", None, name=names_of[unique], span=unique.span
            )
    for exclude in table.excludes:
        names_of[exclude] = (
            exclude.name.value
            if exclude.name
            else names.choose(tname, join_columns(_element_names(exclude.elements)), "excl")
        )
        if exclude.name is None:
            _declare_index(
                ctx, ns, "exclusion constraint", None, name=names_of[exclude], span=exclude.span
            )
    for fk in table.foreign_keys:
        names_of[fk] = (
            fk.name.value
            if fk.name
            else names.choose(tname, join_columns([c.last for c in fk.columns]), "fkey")
        )
    columns = {c.name.value for c in all_columns(ctx, table)}
    for check in table.checks:
        if check.name is not None:
            names_of[check] = check.name.value
            continue
        column = check.from_column or _single_column(check.expr.text, columns)
        names_of[check] = names.choose(tname, column, "check")
    _index_names(ctx, ns, tname, table.indexes)
    for partition in all_partitions(table.partitions):
        own = ctx.namespace(ctx.partition_schemas.get(partition, table.schema))
        _index_names(ctx, own, partition.name.value, partition.indexes)


def _index_names(ctx: Context, ns: Namespace, table: str, indexes: tuple[d.IndexDecl, ...]) -> None:
    names = _Names(set(), ns.relations)  # type: ignore[arg-type]
    for index in indexes:
        if index.name is not None:
            ctx.constraint_names[index] = index.name.value
            continue
        name = names.choose(table, join_columns(_element_names(index.elements)), "idx")
        ctx.constraint_names[index] = name
        _declare_index(ctx, ns, "index", None, name=name, span=index.span)


def _declare_index(
    ctx: Context, ns: Namespace, kind: str, label: d.Text | None, *, name: str, span: Span
) -> None:
    """Indexes (and the constraints backed by one) take a relation name."""
    text = label if label is not None else d.Text(name, span)
    first = ns.relations.get(name)
    if first is not None:
        if label is not None:
            ctx.emit(cat.duplicate_object(text.span, first[1].span, kind, name, first[0]))
        return
    ns.relations[name] = (kind, text)
