"""The tables a table inherits from (`inherits`) are tables in scope.

Resolved as foreign key targets are: `parent` in the enclosing schema, then the
default schema; `app.parent` in schema `app`. A table whose parents do not all
resolve is marked broken, so that its inherited columns are not reported missing.
"""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.scope import lookup, report_table

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def check(ctx: Context) -> None:
    for table in ctx.tables:
        if not table.inherits:
            continue
        report = report_table(ctx, table.schema)
        found: list[d.TableDecl] = []
        for ref in table.inherits:
            resolved = lookup(ctx, table.schema, ref, lambda ns: ns.tables, report)
            if resolved is None:
                ctx.broken.add(table)
            else:
                found.append(resolved[1])
        ctx.parents[table] = tuple(found)
