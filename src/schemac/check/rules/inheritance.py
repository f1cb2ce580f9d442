"""Table inheritance as PostgreSQL takes it.

A table lists each parent once and is not its own ancestor; neither it nor a parent is
partitioned (PostgreSQL keeps partitioning and inheritance apart). A column of one
name is one column, merged: the parents that have it, and the table if it declares it
too, give it one type and collation; NOT NULL in a parent, it is NOT NULL in the table;
the table does not compute it (`generated`), nor give it a default when a parent
computes it; and two parents do not give it different defaults unless the table
declares the column with its own.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.inheritance import all_columns, defaults, parents
from schemac.check.passes import Pass
from schemac.diagnostics import Label
from schemac.diagnostics import catalog as cat
from schemac.ir.model import ObjectName

__all__ = ["PASS", "check"]

PASS = Pass.CONSTRAINTS


def _cycle(ctx: Context, table: d.TableDecl) -> list[d.TableDecl] | None:
    """The tables of a path from ``table`` back to itself through parents, if any."""
    stack = [(table, [table])]
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        for parent in parents(ctx, current):
            if parent is table:
                return [*path, table]
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, [*path, parent]))
    return None


def _structure(ctx: Context, table: d.TableDecl, reported: set[frozenset[int]]) -> bool:
    """Report what PostgreSQL refuses of the table's parents; True when it found something."""
    found = False
    name = table.name.value
    refs = dict(zip(map(id, parents(ctx, table)), table.inherits, strict=False))
    first: dict[int, d.Ref] = {}
    for ref, parent in zip(table.inherits, parents(ctx, table), strict=True):
        if id(parent) in first:
            found = True
            ctx.emit(
                cat.inheritance(
                    ref.span,
                    f"`{name}` lists `{ref.dotted}` twice in `inherits`",
                    "again",
                    "list each parent once",
                    secondary=(Label(span=first[id(parent)].span, message="first here"),),
                )
            )
            continue
        first[id(parent)] = ref
        if parent.partition_by is not None:
            found = True
            ctx.emit(
                cat.inheritance(
                    ref.span,
                    f"`{parent.name.value}` is partitioned: no table can inherit from it",
                    "a partitioned table",
                    f"to hold some of its rows, make `{name}` a `partition` of"
                    f" `{parent.name.value}`",
                )
            )
    if table.partition_by is not None:
        found = True
        ctx.emit(
            cat.inheritance(
                table.inherits[0].span.to(table.inherits[-1].span),
                f"the partitioned table `{name}` cannot inherit from other tables",
                "inherits",
                "PostgreSQL keeps partitioning and inheritance apart: remove `inherits`,"
                " or `partition_by`",
            )
        )
    cycle = _cycle(ctx, table)
    if cycle is not None:
        found = True
        members = frozenset(id(t) for t in cycle)
        if members not in reported:
            reported.add(members)
            shown = " → ".join(t.name.value for t in cycle)
            ctx.emit(
                cat.inheritance(
                    refs[id(cycle[1])].span,
                    f"`{name}` would inherit from itself: {shown}",
                    f"inherits from `{cycle[1].name.value}`",
                    "remove one of the `inherits` that make the cycle",
                )
            )
    return found


def _default(value: d.DefaultDecl | None) -> str | None:
    if value is None:
        return None
    return value.text if isinstance(value, d.Sql) else value.span.text


def _collation(ctx: Context, column: d.ColumnDecl) -> ObjectName | None:
    return ctx.collation_refs.get(column.collation) if column.collation is not None else None


def _type(ctx: Context, column: d.ColumnDecl) -> str:
    ref = ctx.types.get(column.type)
    return ctx.target.type_name(ref) if ref is not None else column.type.span.text


def _between_parents(
    ctx: Context,
    table: d.TableDecl,
    inherited: dict[str, list[tuple[d.Ref, d.TableDecl, d.ColumnDecl]]],
) -> None:
    """Parents that give a column of one name different types, collations or defaults."""
    own = {c.name.value: c for c in table.columns}
    for column, sources in inherited.items():
        ref1, parent1, first = sources[0]
        for ref2, parent2, other in sources[1:]:
            if other is first:
                continue  # the same column, from a common ancestor
            same_type = ctx.types.get(first.type) == ctx.types.get(other.type)
            if not same_type or _collation(ctx, first) != _collation(ctx, other):
                what = "type" if not same_type else "collation"
                ctx.emit(
                    cat.inherited_column(
                        ref2.span,
                        f"`{table.name.value}` inherits `{column}` from `{parent1.name.value}`"
                        f" and from `{parent2.name.value}` with another {what}",
                        f"`{column}` is `{_type(ctx, other)}` here",
                        f"give `{column}` one {what} in both parents",
                        secondary=(Label(span=ref1.span, message=f"`{_type(ctx, first)}` here"),),
                    )
                )
                break
            mine = own.get(column)
            theirs = (
                _default(defaults(ctx, parent1).get(column)),
                _default(defaults(ctx, parent2).get(column)),
            )
            differ = None not in theirs and theirs[0] != theirs[1]
            if differ and (mine is None or mine.default is None):
                ctx.emit(
                    cat.inherited_column(
                        ref2.span,
                        f"`{table.name.value}` inherits different defaults for `{column}`"
                        f" from `{parent1.name.value}` and `{parent2.name.value}`",
                        f"`{column}` defaults to {theirs[1]} here",
                        f"declare `{column}` in `{table.name.value}` with the default it"
                        " should have",
                        secondary=(Label(span=ref1.span, message=f"{theirs[0]} here"),),
                    )
                )
                break


def _merged(
    ctx: Context,
    table: d.TableDecl,
    inherited: dict[str, list[tuple[d.Ref, d.TableDecl, d.ColumnDecl]]],
) -> None:
    """The table's own columns that a parent has too."""
    name = table.name.value
    for column in table.columns:
        sources = inherited.get(column.name.value)
        if not sources:
            continue
        _, parent, theirs = sources[0]
        at = parent.name.value
        col = column.name.value
        there = Label(span=theirs.span, message=f"in `{at}`")
        if ctx.types.get(column.type) != ctx.types.get(theirs.type) or _collation(
            ctx, column
        ) != _collation(ctx, theirs):
            what = "type"
            shown = f"`{_type(ctx, theirs)}`"
            if ctx.types.get(column.type) == ctx.types.get(theirs.type):
                what = "collation"
                theirs_collation = _collation(ctx, theirs)
                shown = f"`{theirs_collation.name}`" if theirs_collation else "none"
            ctx.emit(
                cat.inherited_column(
                    column.type.span,
                    f"`{name}.{col}` has another {what} than the `{col}` it inherits from `{at}`",
                    f"not the {what} of `{at}.{col}`",
                    f"give it the {what} {shown}, or leave the column out: `{name}` has it"
                    f" from `{at}`",
                    secondary=(there,),
                )
            )
            continue
        not_null = [(p, c) for _, p, c in sources if not c.type.nullable]
        if column.type.nullable and not_null and column.type.nullable_span is not None:
            parent, theirs = not_null[0]
            ctx.emit(
                cat.inherited_column(
                    column.type.nullable_span,
                    f"`{col}` is NOT NULL in `{parent.name.value}`, so it is in `{name}` too",
                    "nullable here",
                    "remove the `?`",
                    secondary=(Label(span=theirs.span, message="NOT NULL here"),),
                )
            )
        if column.generated is not None:
            ctx.emit(
                cat.inherited_column(
                    column.generated.span,
                    f"`{name}.{col}` cannot be computed here: it is the `{col}` of `{at}`",
                    "generated here",
                    f"remove `generated`; `{at}` decides what `{col}` is",
                    secondary=(there,),
                )
            )
        elif column.default is not None and theirs.generated is not None:
            ctx.emit(
                cat.inherited_column(
                    column.default.span,
                    f"`{col}` is computed in `{at}`, so `{name}` cannot give it a default",
                    "a default",
                    "remove the default",
                    secondary=(Label(span=theirs.generated.span, message=f"computed in `{at}`"),),
                )
            )


def check(ctx: Context) -> None:
    reported: set[frozenset[int]] = set()
    for table in ctx.tables:
        if not table.inherits or table in ctx.broken:
            continue
        if _structure(ctx, table, reported):
            continue
        inherited: dict[str, list[tuple[d.Ref, d.TableDecl, d.ColumnDecl]]] = {}
        for ref, parent in zip(table.inherits, parents(ctx, table), strict=True):
            for column in all_columns(ctx, parent):
                inherited.setdefault(column.name.value, []).append((ref, parent, column))
        _between_parents(ctx, table, inherited)
        _merged(ctx, table, inherited)
