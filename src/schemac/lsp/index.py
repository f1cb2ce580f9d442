"""Where every name is declared and used: the checker's resolutions as spans over the files.

Built from a check run's context after its passes; serves hover, definition,
references and rename. A target is a declaration (a table, column, view, type,
function, sequence, ...) or a `SchemaTarget`; an occurrence is a span that names one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.inheritance import all_columns
from schemac.check.rules.known_columns import column_refs
from schemac.check.rules.known_sequences import nextval_defaults, nextval_scopes
from schemac.ir.types import TypeKind, TypeRef
from schemac.source import SourceFile, Span

__all__ = ["Index", "Occurrence", "SchemaTarget", "Target", "build_index"]


@dataclass(frozen=True, slots=True)
class SchemaTarget:
    """A schema: every `schema` block with this name, and the references to it."""

    name: str


Target = (
    d.TableDecl
    | d.ColumnDecl
    | d.ViewDecl
    | d.MatViewDecl
    | d.EnumDecl
    | d.DomainDecl
    | d.CompositeDecl
    | d.FieldDecl
    | d.SequenceDecl
    | d.FunctionDecl
    | d.CollationDecl
    | SchemaTarget
)
_TARGET_TYPES = (
    d.TableDecl,
    d.ColumnDecl,
    d.ViewDecl,
    d.MatViewDecl,
    d.EnumDecl,
    d.DomainDecl,
    d.CompositeDecl,
    d.FieldDecl,
    d.SequenceDecl,
    d.FunctionDecl,
    d.CollationDecl,
)


@dataclass(frozen=True, slots=True)
class Occurrence:
    span: Span
    target: Target
    definition: bool  # the name where the target is declared


@dataclass(slots=True)
class Index:
    # Per file, occurrences sorted by start offset.
    by_file: dict[SourceFile, list[Occurrence]] = field(default_factory=dict)
    by_target: dict[Target, list[Occurrence]] = field(default_factory=dict)
    # The table (or composite type) a column (or field) belongs to.
    owners: dict[d.ColumnDecl | d.FieldDecl, d.TableDecl | d.CompositeDecl] = field(
        default_factory=dict
    )
    # The schema each top-level declaration stands in (None: the default schema).
    schema_of: dict[object, str | None] = field(default_factory=dict)
    # The type each written type resolved to.
    types: dict[d.TypeExprDecl, TypeRef] = field(default_factory=dict)
    _starts: dict[SourceFile, list[int]] = field(default_factory=dict)

    def at(self, file: SourceFile, offset: int) -> Occurrence | None:
        """The occurrence whose span holds ``offset`` (its end included: a cursor after a name)."""
        occurrences = self.by_file.get(file)
        if not occurrences:
            return None
        starts = self._starts[file]
        i = bisect.bisect_right(starts, offset) - 1
        best: Occurrence | None = None
        # Spans do not nest, but one may end where the next starts: prefer the one inside.
        for j in (i, i - 1):
            if 0 <= j < len(occurrences):
                occ = occurrences[j]
                if occ.span.start <= offset < occ.span.end:
                    return occ
                if best is None and offset == occ.span.end:
                    best = occ
        return best

    def enum_of(self, ref: TypeRef) -> d.EnumDecl | None:
        """The enum a resolved type names, if it is one of the schema's enums."""
        if ref.kind is TypeKind.BUILTIN or ref.array_dims:
            return None
        for obj, schema in self.schema_of.items():
            if isinstance(obj, d.EnumDecl) and schema == ref.schema and obj.name.value == ref.name:
                return obj
        return None

    def definitions(self, target: Target) -> list[Occurrence]:
        return [o for o in self.by_target.get(target, ()) if o.definition]

    def references(self, target: Target) -> list[Occurrence]:
        return list(self.by_target.get(target, ()))


def build_index(ctx: Context) -> Index:
    index = Index(types=ctx.types)
    seen: set[tuple[int, int, int]] = set()
    for span, target, definition in _occurrences(ctx, index):
        key = (id(span.file), span.start, span.end)
        if key in seen:
            continue
        seen.add(key)
        occurrence = Occurrence(span, target, definition)
        index.by_file.setdefault(span.file, []).append(occurrence)
        index.by_target.setdefault(target, []).append(occurrence)
    for file, occurrences in index.by_file.items():
        occurrences.sort(key=lambda o: (o.span.start, not o.definition))
        index._starts[file] = [o.span.start for o in occurrences]
    return index


Found = tuple[Span, Target, bool]


def _occurrences(ctx: Context, index: Index) -> Iterator[Found]:
    # Definitions first, so that a span both declares and refers (a column's shorthand
    # `primary_key = true` refers to the column it stands on) counts as a definition.
    for decl in ctx.schema_decls:
        yield decl.name.span, SchemaTarget(decl.name.value), True
    for group in (
        ctx.tables,
        ctx.views,
        ctx.matviews,
        ctx.enums,
        ctx.domains,
        ctx.composites,
        ctx.sequences,
        ctx.functions,
        ctx.collations,
    ):
        for obj in group:
            index.schema_of[obj] = obj.schema
            yield obj.name.span, obj, True
    for table in ctx.tables:
        for column in table.columns:
            index.owners[column] = table
            yield column.name.span, column, True
    for composite in ctx.composites:
        for field_ in composite.fields:
            index.owners[field_] = composite
            yield field_.name.span, field_, True
    yield from _type_uses(ctx)
    yield from _lookups(ctx)
    for table in ctx.tables:
        yield from _column_uses(ctx, table)
    yield from _sequence_uses(ctx)
    for extension in ctx.extensions:
        ref = extension.schema
        if ref is not None and len(ref.parts) == 1 and ref.parts[0] in ctx.schemas:
            yield ref.span, SchemaTarget(ref.parts[0]), False


def _type_uses(ctx: Context) -> Iterator[Found]:
    for written, ref in ctx.types.items():
        if ref.kind is TypeKind.BUILTIN:
            continue
        target = _user_type(ctx, ref)
        if target is None:
            continue
        span = written.name_span
        if len(written.name) == 2:
            dot = span.text.find(".")
            if dot > 0:
                yield (
                    Span(span.start, span.start + dot, span.file),
                    SchemaTarget(written.name[0]),
                    False,
                )
                span = Span(span.start + dot + 1, span.end, span.file)
        yield span, target, False


def _user_type(ctx: Context, ref: TypeRef) -> Target | None:
    symbols = ctx.schemas.get(ref.schema)
    if symbols is None:
        return None
    ns = symbols.namespace
    for table in (ns.enums, ns.domains, ns.composites, ns.tables, ns.views, ns.matviews):
        found = table.get(ref.name)
        if found is not None:
            return found
    return None


def _lookups(ctx: Context) -> Iterator[Found]:
    chosen: dict[d.Ref, d.FunctionDecl] = {
        trigger.function: function
        for trigger, (_, function) in ctx.trigger_functions.items()
        if function is not None
    }
    for ref, found in ctx.resolved.items():
        target = chosen.get(ref) or _as_target(found)
        if target is None:
            continue
        if len(ref.parts) == 2:
            yield ref.spans[0], SchemaTarget(ref.parts[0]), False
        yield ref.spans[-1], target, False


def _as_target(found: object) -> Target | None:
    if isinstance(found, list) and found and isinstance(found[0], d.FunctionDecl):
        return found[0]  # overloads: the first declared
    if isinstance(found, tuple) and len(found) == 2:
        found = found[1]  # (grant target kind, declaration)
    if isinstance(found, _TARGET_TYPES):
        return found
    return None


def _column_uses(ctx: Context, table: d.TableDecl) -> Iterator[Found]:
    columns = {c.name.value: c for c in reversed(all_columns(ctx, table))}
    refs = list(column_refs(table))
    for fk in table.foreign_keys:
        refs += _action_columns(fk.on_delete, fk.on_update)
        target = ctx.fk_targets.get(fk)
        if target is not None and fk.ref_columns is not None:
            for ref, column in zip(fk.ref_columns, target[1], strict=False):
                yield ref.spans[-1], column, False
    for own in table.columns:
        refs += _action_columns(own.on_delete, own.on_update)
    for ref in refs:
        found = columns.get(ref.last)
        if found is not None:
            yield ref.spans[-1], found, False


Action = tuple[d.Text, tuple[d.Ref, ...]] | None


def _action_columns(*actions: Action) -> list[d.Ref]:
    """The columns `set_null(a, b)` and `set_default(a)` name."""
    return [ref for action in actions if action is not None for ref in action[1]]


def _sequence_uses(ctx: Context) -> Iterator[Found]:
    for owned, (table, column) in ctx.owners.items():
        ref = owned.owned_by
        if ref is None or len(ref.parts) < 2:
            continue
        yield ref.spans[-1], column, False
        yield ref.spans[-2], table, False
        if len(ref.parts) == 3:
            yield ref.spans[0], SchemaTarget(ref.parts[0]), False
    for table, default, parts in nextval_defaults(ctx):
        named = _sequence(ctx, table.schema, parts)
        if named is None:
            continue
        # The name inside the string inside sql("..."): its last written part.
        span = default.span
        at = span.text.rfind(parts[-1])
        if at >= 0:
            span = Span(span.start + at, span.start + at + len(parts[-1]), span.file)
        yield span, named, False


def _sequence(ctx: Context, schema: str | None, parts: list[str]) -> d.SequenceDecl | None:
    for ns in nextval_scopes(ctx, schema, parts) or ():
        found = ns.sequences.get(parts[-1])
        if found is not None:
            return found
    return None
