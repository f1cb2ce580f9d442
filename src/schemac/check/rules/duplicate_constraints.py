"""Constraints, triggers and policies of one table have distinct names."""

from __future__ import annotations

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.diagnostics import catalog as cat

__all__ = ["PASS", "check"]

PASS = Pass.NAMES


def _unique(ctx: Context, named: list[tuple[d.Text, str]], table: str) -> None:
    seen: dict[str, d.Text] = {}
    for name, what in named:
        first = seen.get(name.value)
        if first is not None:
            ctx.emit(cat.duplicate_constraint(name.span, first.span, what, name.value, table))
        else:
            seen[name.value] = name


def check(ctx: Context) -> None:
    for table in ctx.tables:
        constraints: list[tuple[d.Text, str]] = []
        groups: list[tuple[str, tuple[object, ...]]] = [
            ("primary key", (table.primary_key,) if table.primary_key else ()),
            ("unique constraint", table.uniques),
            ("foreign key", table.foreign_keys),
            ("check", table.checks),
            ("exclusion constraint", table.excludes),
        ]
        for what, group in groups:
            for constraint in group:
                name = ctx.constraint_names.get(constraint)
                label = getattr(constraint, "name", None)
                span = label.span if label is not None else constraint.span  # type: ignore[attr-defined]
                if name is not None:
                    constraints.append((d.Text(name, span), what))
        _unique(ctx, constraints, table.name.value)
        _unique(ctx, [(t.name, "trigger") for t in table.triggers], table.name.value)
        _unique(ctx, [(p.name, "policy") for p in table.policies], table.name.value)
    for view in ctx.views:
        _unique(ctx, [(t.name, "trigger") for t in view.triggers], view.name.value)
    for domain in ctx.domains:
        checks = [
            (d.Text(ctx.constraint_names[c], c.name.span if c.name else c.span), "check")
            for c in domain.checks
            if c in ctx.constraint_names
        ]
        _unique(ctx, checks, domain.name.value)
