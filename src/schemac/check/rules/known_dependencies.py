"""A view's `depends_on` names tables, views or materialized views in scope."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import lookup
from schemac.diagnostics import catalog as cat
from schemac.ir.model import ObjectName

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _relations(namespace: Namespace) -> dict[str, object]:
    return {**namespace.tables, **namespace.views, **namespace.matviews}


def check(ctx: Context) -> None:
    def report(r: d.Ref, help: str | None) -> None:
        ctx.emit(cat.unknown_object(r.span, "table or view", r.dotted, help))

    uses: list[tuple[str | None, d.Ref]] = [(v.schema, r) for v in ctx.views for r in v.depends_on]
    uses += [(v.schema, r) for v in ctx.matviews for r in v.depends_on]
    for schema, ref in uses:
        found = lookup(ctx, schema, ref, _relations, report)
        if found is not None:
            ctx.dependencies[ref] = ObjectName(schema=found[0], name=ref.last)
