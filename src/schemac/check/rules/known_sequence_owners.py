"""A sequence is owned by a column of a table in its own schema."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.scope import find_column
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def check(ctx: Context) -> None:
    for sequence in ctx.sequences:
        ref = sequence.owned_by
        if ref is None:
            continue
        if len(ref.parts) > 2:
            ctx.emit(cat.long_reference(ref.span, ref.dotted, 2))
            continue
        symbols = ctx.schemas.get(sequence.schema)
        tables = symbols.namespace.tables if symbols is not None else {}
        table = tables.get(ref.parts[0])
        if table is None:
            help = (
                did_you_mean(ref.parts[0], tables)
                or "a sequence belongs to a table of its own schema"
            )
            ctx.emit(cat.unknown_table(ref.spans[0], ref.parts[0], help))
            continue
        column = find_column(table.columns, ref.parts[1])
        if column is None:
            names = [c.name.value for c in table.columns]
            ctx.emit(
                cat.unknown_column(
                    ref.spans[1], ref.parts[1], table.name.value, did_you_mean(ref.parts[1], names)
                )
            )
            continue
        ctx.owners[sequence] = (table, column)
