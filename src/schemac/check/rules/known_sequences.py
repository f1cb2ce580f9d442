"""A default `sql("nextval('seq')")` names a sequence the schema declares.

SQL fragments are PostgreSQL's to read, but `nextval('name')` in a column default is
the one reference to another object common enough to check: a misspelt sequence
there fails only on the first insert.
"""

from __future__ import annotations

import re

from schemac.check import decls as d
from schemac.check.context import Context
from schemac.check.passes import Pass
from schemac.check.scope import namespaces_for
from schemac.diagnostics import catalog as cat
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["PASS", "check"]

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


def check(ctx: Context) -> None:
    for table in ctx.tables:
        for column in table.columns:
            default = column.default
            if not isinstance(default, d.Sql):
                continue
            match = _NEXTVAL.match(default.text)
            if match is None:
                continue
            parts = _parts(match.group(1))
            if len(parts) == 2:
                symbols = ctx.schemas.get(parts[0])
                if symbols is None:
                    continue  # a schema this file does not manage
                scopes = [symbols.namespace]
            elif len(parts) == 1:
                scopes = [ns for _, ns in namespaces_for(ctx, table.schema)]
            else:
                continue
            if any(parts[-1] in ns.sequences for ns in scopes):
                continue
            candidates = [name for ns in scopes for name in ns.sequences]
            ctx.emit(
                cat.unknown_object(
                    default.span, "sequence", ".".join(parts), did_you_mean(parts[-1], candidates)
                )
            )
