"""A default `sql("nextval('seq')")` names a sequence the schema declares.

SQL fragments are PostgreSQL's to read, but `nextval('name')` in a column default is
the one reference to another object common enough to check: a misspelt sequence
there fails only on the first insert.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemac.check import decls as d
from schemac.check.context import Context, Namespace
from schemac.check.passes import Pass
from schemac.check.scope import namespaces_for
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check", "nextval_defaults", "nextval_scopes"]

PASS = Pass.REFERENCES

_NEXTVAL = re.compile(
    r"""^\s*nextval\s*\(\s*'((?:[^'"]|"(?:[^"]|"")*")+)'\s*(?:::\s*regclass\s*)?\)\s*$""",
    re.IGNORECASE,
)
_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def _parts(name: str) -> list[str]:
    parts = []
    for match in _PART.finditer(name):
        if match.group(1) is not None:
            parts.append(match.group(1).replace('""', '"'))
        else:
            parts.append(match.group(2).strip().lower())
    return parts


def nextval_name(default: str) -> list[str] | None:
    """The parts of the sequence a default `nextval('name')` names; None for any other SQL."""
    match = _NEXTVAL.match(default)
    return _parts(match.group(1)) if match is not None else None


def nextval_scopes(ctx: Context, schema: str | None, parts: list[str]) -> list[Namespace] | None:
    """Where a sequence named in `nextval` is looked up; None: in a schema not managed here."""
    if len(parts) == 2:
        symbols = ctx.schemas.get(parts[0])
        return [symbols.namespace] if symbols is not None else None
    if len(parts) == 1:
        return [ns for _, ns in namespaces_for(ctx, schema)]
    return None


def nextval_defaults(ctx: Context) -> Iterator[tuple[d.TableDecl, d.Sql, list[str]]]:
    """Every column default `nextval('name')`: the table, the default, the name's parts."""
    for table in ctx.tables:
        for column in table.columns:
            default = column.default
            if isinstance(default, d.Sql):
                parts = nextval_name(default.text)
                if parts is not None:
                    yield table, default, parts


def check(ctx: Context) -> None:
    for table, default, parts in nextval_defaults(ctx):
        scopes = nextval_scopes(ctx, table.schema, parts)
        if scopes is None:
            continue
        if any(parts[-1] in ns.sequences for ns in scopes):
            continue
        candidates = [name for ns in scopes for name in ns.sequences]
        ctx.emit(
            cat.unknown_object(
                default.span, "sequence", ".".join(parts), did_you_mean(parts[-1], candidates)
            )
        )
