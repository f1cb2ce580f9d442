"""An extension's `schema` names a declared schema (or one every database has)."""

from __future__ import annotations

from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.scope import schema_help
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def check(ctx: Context) -> None:
    for extension in ctx.extensions:
        ref = extension.schema
        if ref is None:
            if extension.declared_in is not None:
                ctx.extension_schemas[extension] = extension.declared_in
            continue
        if len(ref.parts) != 1:
            ctx.emit(cat.long_reference(ref.span, ref.dotted, 1))
            continue
        name = ref.parts[0]
        if name in ctx.schemas or name in ctx.target.builtin_schemas:
            ctx.extension_schemas[extension] = name
        else:
            ctx.emit(cat.unknown_schema(ref.span, name, schema_help(ctx, name)))
