"""A foreign key references a table (or a partition) in scope, and columns it has.

Without columns (`references = authors`), it references the table's primary key.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping

from schemac.check import decls as d
from schemac.check.context import Context, Namespace, PartitionPlace
from schemac.check.inheritance import all_columns
from schemac.check.passes import Pass
from schemac.check.scope import find_column, lookup, namespaces_for, report_table
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _targets(namespace: Namespace) -> Mapping[str, d.TableDecl | PartitionPlace]:
    """Tables, and partitions (a foreign key may reference one of a partitioned table)."""
    return ChainMap(namespace.tables, namespace.partitions)  # type: ignore[arg-type]


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for fk in table.foreign_keys:
            ref = fk.table
            report = report_table(ctx, table.schema)
            if not ref.parts:
                continue
            if (
                not fk.from_column
                and fk.ref_columns is None
                and len(ref.parts) == 2
                and ref.parts[0] not in ctx.schemas
                and any(ref.parts[0] in ns.tables for _, ns in namespaces_for(ctx, table.schema))
            ):
                ctx.broken.add(fk)
                ctx.emit(
                    cat.wrong_value(
                        ref.span,
                        "references",
                        "a table, or a table with columns: `authors(id)`",
                        f"`{ref.dotted}`",
                        f"in a `foreign_key` block, write `{ref.parts[0]}({ref.parts[1]})`",
                    )
                )
                continue
            found = lookup(ctx, table.schema, ref, _targets, report)
            if found is None:
                ctx.broken.add(fk)
                continue
            if isinstance(found[1], PartitionPlace):
                # Its columns and keys are its table's (and its own indexes').
                ctx.fk_partitions[fk] = (found[0], found[1])
                target = found[1].table
            else:
                target = found[1]
            if fk.ref_columns is None:
                if target.primary_key is None:
                    ctx.broken.add(fk)
                    ctx.emit(cat.fk_no_primary_key(ref.span, target.name.value))
                    continue
                target_columns = all_columns(ctx, target)
                columns = [find_column(target_columns, c.last) for c in target.primary_key.columns]
            else:
                columns = []
                target_columns = all_columns(ctx, target)
                names = [c.name.value for c in target_columns]
                for column_ref in fk.ref_columns:
                    column = find_column(target_columns, column_ref.last)
                    if column is None:
                        ctx.emit(
                            cat.unknown_column(
                                column_ref.span,
                                column_ref.last,
                                target.name.value,
                                did_you_mean(column_ref.last, names),
                            )
                        )
                    columns.append(column)
            if any(c is None for c in columns):
                ctx.broken.add(fk)
                continue
            ctx.fk_targets[fk] = (target, tuple(c for c in columns if c is not None))
