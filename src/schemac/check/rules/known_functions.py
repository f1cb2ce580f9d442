"""A trigger executes a function in scope (or one the target or a declared extension provides)."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import lookup
from schemac.diagnostics import catalog as cat
from schemac.ir.model import ObjectName

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _functions(namespace: Namespace) -> dict[str, list[d.FunctionDecl]]:
    return namespace.functions


def _resolve(ctx: Context, schema: str | None, trigger: d.TriggerDecl) -> None:
    ref = trigger.function
    target = ctx.target
    system = target.system_schema
    if len(ref.parts) == 2 and ref.parts[0] == system:
        ctx.trigger_functions[trigger] = (ObjectName(schema=system, name=ref.parts[1]), None)
        return
    if len(ref.parts) == 1 and ref.parts[0] in target.builtin_trigger_functions:
        ctx.trigger_functions[trigger] = (ObjectName(schema=system, name=ref.parts[0]), None)
        return
    functions = target.extension_trigger_functions
    extension = functions.get(ref.parts[-1]) if len(ref.parts) == 1 else None
    declared = {e.name.value: e for e in ctx.extensions}
    if extension is not None and extension in declared:
        # An extension declared without a schema is created where the target puts it
        # (PostgreSQL: `public`, never the default schema, which may stand for many).
        owner = ctx.extension_schemas.get(declared[extension]) or target.extension_schema
        ctx.trigger_functions[trigger] = (ObjectName(schema=owner, name=ref.parts[0]), None)
        return

    def report(r: d.Ref, help: str | None) -> None:
        if extension is not None:
            help = f'`{r.last}` comes with an extension: declare `extension "{extension}" {{}}`'
        ctx.emit(cat.unknown_function(r.span, r.dotted, help))

    found = lookup(ctx, schema, ref, _functions, report)
    if found is None:
        ctx.broken.add(trigger)
        return
    owner_schema, overloads = found
    candidates = [f for f in overloads if not f.procedure]
    if not candidates:
        ctx.broken.add(trigger)
        ctx.emit(cat.wrong_kind(ref.span, ref.dotted, "function", "procedure"))
        return
    # A trigger function takes no arguments; two such overloads are duplicates, which
    # duplicate_functions reports.
    no_args = [
        f
        for f in candidates
        if not any(a.mode is None or a.mode.value != "out" for a in f.arguments)
    ]
    chosen = no_args[0] if no_args else candidates[0]
    ctx.trigger_functions[trigger] = (ObjectName(schema=owner_schema, name=ref.last), chosen)


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for trigger in table.triggers:
            _resolve(ctx, table.schema, trigger)
    for view in ctx.views:
        for trigger in view.triggers:
            _resolve(ctx, view.schema, trigger)
