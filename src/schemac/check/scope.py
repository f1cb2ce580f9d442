"""Name lookup: `name` in the enclosing schema, then the default schema; `schema.name` directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean
from schemac.syntax.printer import quote_name

__all__ = [
    "find_column",
    "kind_elsewhere",
    "lookup",
    "namespaces_for",
    "qualified",
    "report_table",
    "schema_help",
]

T = TypeVar("T")


def namespaces_for(ctx: Context, schema: str | None) -> list[tuple[str | None, Namespace]]:
    """The namespaces an unqualified name is looked up in, innermost first."""
    out: list[tuple[str | None, Namespace]] = []
    symbols = ctx.schemas.get(schema)
    if symbols is not None:
        out.append((schema, symbols.namespace))
    if schema is not None and None in ctx.schemas:
        out.append((None, ctx.schemas[None].namespace))
    return out


def schema_help(ctx: Context, name: str) -> str | None:
    return did_you_mean(name, [s for s in ctx.schemas if s is not None])


def qualified(schema: str | None, name: str) -> str:
    return f"{quote_name(schema)}.{quote_name(name)}" if schema is not None else quote_name(name)


def lookup(
    ctx: Context,
    schema: str | None,
    ref: d.Ref,
    table_of: Callable[[Namespace], Mapping[str, T]],
    report: Callable[[d.Ref, str | None], None],
) -> tuple[str | None, T] | None:
    """Resolve a one- or two-part reference in one kind of table (tables, enums, ...).

    Reports an unknown schema itself, and calls ``report`` for an unknown name with a
    suggestion drawn from every name of that kind in scope.
    """
    parts = ref.parts
    if len(parts) > 2:
        ctx.emit(cat.long_reference(ref.span, ref.dotted, 2))
        return None
    if len(parts) == 2:
        symbols = ctx.schemas.get(parts[0])
        if symbols is None:
            if parts[0] not in ctx.target.builtin_schemas:
                ctx.emit(cat.unknown_schema(ref.spans[0], parts[0], schema_help(ctx, parts[0])))
                return None
            help = None
            default = ctx.schemas.get(None)
            if default is not None and parts[1] in table_of(default.namespace):
                help = (
                    f"`{parts[1]}` is declared outside any `schema` block, in the default schema,"
                    f" which is named when compiling: write `{parts[1]}`"
                )
            report(ref, help)
            return None
        found = table_of(symbols.namespace).get(parts[1])
        if found is None:
            report(ref, did_you_mean(parts[1], table_of(symbols.namespace)))
            return None
        ctx.resolved[ref] = found
        return parts[0], found
    candidates: list[str] = []
    for name, namespace in namespaces_for(ctx, schema):
        table = table_of(namespace)
        found = table.get(parts[0])
        if found is not None:
            ctx.resolved[ref] = found
            return name, found
        candidates.extend(table)
    report(ref, did_you_mean(parts[0], candidates))
    return None


def report_table(ctx: Context, schema: str | None) -> Callable[[d.Ref, str | None], None]:
    """What `lookup` calls for a table it does not find.

    E0407 when the name is another kind of relation, else E0402 with the suggestion.
    """

    def report(ref: d.Ref, help: str | None) -> None:
        other = kind_elsewhere(ctx, schema, ref)
        if other is not None:
            ctx.emit(cat.wrong_kind(ref.span, ref.dotted, "table", other))
        else:
            ctx.emit(cat.unknown_table(ref.span, ref.dotted, help))

    return report


def kind_elsewhere(ctx: Context, schema: str | None, ref: d.Ref) -> str | None:
    """What a one-part name that is not what was looked for is, if it is something else."""
    if len(ref.parts) != 1:
        return None
    for _, namespace in namespaces_for(ctx, schema):
        kind = namespace.relations.get(ref.parts[0])
        if kind is not None:
            return kind[0]
    return None


def find_column(columns: Iterable[d.ColumnDecl], name: str) -> d.ColumnDecl | None:
    for column in columns:
        if column.name.value == name:
            return column
    return None
