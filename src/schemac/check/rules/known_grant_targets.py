"""A grant names objects that exist, with privileges that apply to their kind (the target's).

`on = [posts]` names tables, views, materialized views and sequences; `schema(x)`,
`function(f)`, `procedure(p)`, `type(t)`, `sequence(s)` and `table(t)` name the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.inheritance import all_columns
from schemac.check.passes import Pass
from schemac.check.scope import lookup, schema_help
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean
from schemac.ir.model import GrantTarget, GrantTargetKind, ObjectName

__all__ = ["PASS", "check"]

PASS = Pass.REFERENCES


def _relations(namespace: Namespace) -> dict[str, tuple[GrantTargetKind, object]]:
    out: dict[str, tuple[GrantTargetKind, object]] = {}
    for table in (namespace.tables, namespace.views, namespace.matviews):
        for name, decl in table.items():
            out[name] = (GrantTargetKind.TABLE, decl)
    for name, sequence in namespace.sequences.items():
        out[name] = (GrantTargetKind.SEQUENCE, sequence)
    return out


def _types(namespace: Namespace) -> dict[str, object]:
    return {**namespace.enums, **namespace.domains, **namespace.composites}


def _resolve(ctx: Context, grant: d.GrantDecl, on: d.GrantOn) -> GrantTarget | None:
    kind = on.kind.value if on.kind is not None else None
    ref = on.ref

    def report(what: str) -> Callable[[d.Ref, str | None], None]:
        def emit(r: d.Ref, help: str | None) -> None:
            ctx.emit(cat.unknown_object(r.span, what, r.dotted, help))

        return emit

    if kind == "schema":
        name = ref.dotted
        if len(ref.parts) != 1 or (
            name not in ctx.schemas and name not in ctx.target.builtin_schemas
        ):
            ctx.emit(cat.unknown_schema(ref.span, name, schema_help(ctx, name)))
            return None
        return GrantTarget(kind=GrantTargetKind.SCHEMA, name=ObjectName(schema=None, name=name))
    if kind in ("function", "procedure"):
        found = lookup(ctx, grant.schema, ref, lambda ns: ns.functions, report(kind))
        if found is None:
            return None
        overloads = [f for f in found[1] if f.procedure == (kind == "procedure")]
        if not overloads:
            other = "procedure" if kind == "function" else "function"
            ctx.emit(cat.wrong_kind(ref.span, ref.dotted, kind, other))
            return None
        if len(overloads) > 1:
            ctx.emit(cat.ambiguous_function(ref.span, ref.dotted, len(overloads)))
            return None
        signature = tuple(
            ctx.types[a.type]
            for a in overloads[0].arguments
            if a.type in ctx.types and (a.mode is None or a.mode.value != "out")
        )
        target_kind = GrantTargetKind.FUNCTION if kind == "function" else GrantTargetKind.PROCEDURE
        return GrantTarget(
            kind=target_kind, name=ObjectName(schema=found[0], name=ref.last), signature=signature
        )
    if kind == "type":
        found_type = lookup(ctx, grant.schema, ref, _types, report("type"))
        if found_type is None:
            return None
        return GrantTarget(
            kind=GrantTargetKind.TYPE, name=ObjectName(schema=found_type[0], name=ref.last)
        )
    found_rel = lookup(
        ctx, grant.schema, ref, _relations, report(kind or "table, view or sequence")
    )
    if found_rel is None:
        return None
    target_kind = found_rel[1][0]
    if kind == "sequence" and target_kind is not GrantTargetKind.SEQUENCE:
        ctx.emit(cat.wrong_kind(ref.span, ref.dotted, "sequence", "table"))
        return None
    if kind == "table" and target_kind is not GrantTargetKind.TABLE:
        ctx.emit(cat.wrong_kind(ref.span, ref.dotted, "table", "sequence"))
        return None
    return GrantTarget(kind=target_kind, name=ObjectName(schema=found_rel[0], name=ref.last))


def _check_privileges(ctx: Context, grant: d.GrantDecl, on: d.GrantOn, target: GrantTarget) -> None:
    allowed = ctx.target.privileges[target.kind]
    column_privileges = ctx.target.column_privileges
    for privilege in grant.privileges:
        name = privilege.name.value
        if name != "all" and name not in allowed:
            ctx.emit(
                cat.invalid_choice(
                    privilege.name.span,
                    f"privileges on a {target.kind.value}",
                    name,
                    ("all", *allowed),
                )
            )
        if not privilege.columns:
            continue
        if target.kind is not GrantTargetKind.TABLE or name not in column_privileges:
            ctx.emit(
                cat.invalid_choice(
                    privilege.name.span, "column privileges", name, column_privileges
                )
            )
            continue
        symbols = ctx.schemas.get(target.name.schema)
        table = symbols.namespace.tables.get(target.name.name) if symbols else None
        if table is None:
            continue
        names = {c.name.value for c in all_columns(ctx, table)}
        for column in privilege.columns:
            if column.last not in names:
                ctx.emit(
                    cat.unknown_column(
                        column.span, column.last, table.name.value, did_you_mean(column.last, names)
                    )
                )


def check(ctx: Context) -> None:
    for grant in ctx.grants:
        for on in grant.on:
            target = _resolve(ctx, grant, on)
            if target is None:
                continue
            ctx.grant_targets[on] = target
            _check_privileges(ctx, grant, on, target)
