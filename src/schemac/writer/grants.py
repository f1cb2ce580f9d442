"""Grants as blocks, each in the schema block of the object it is on.

The IR holds one grant per object, role, column list and grant option; the checker
takes a block's every privilege, object and role together. So grants that differ only
in their roles share a block, and then blocks that differ only in their objects.
"""

from __future__ import annotations

from schemac.dialects.postgres.tables import BUILTIN_SCHEMAS, COLUMN_PRIVILEGES, PRIVILEGES
from schemac.ir.model import SCHEMA_OBJECT_FIELDS, Grant, GrantTarget, GrantTargetKind
from schemac.writer.layout import Attr, Block, Node, Seq
from schemac.writer.scope import DEPENDENCIES, FUNCTIONS, RELATIONS, TYPES, Scope
from schemac.writer.tables import flag
from schemac.writer.values import name_list

__all__ = ["grant_blocks"]

# (schema block, object, columns, grant option, privileges) -> roles
_RoleKey = tuple[str | None, str, tuple[str, ...], bool, tuple[str, ...]]
# (schema block, privileges, grant option, roles, the one object of a column grant)
_BlockKey = tuple[str | None, tuple[str, ...], bool, tuple[str, ...], str | None]

_ROUTINES = {
    GrantTargetKind.FUNCTION: "function",
    GrantTargetKind.PROCEDURE: "procedure",
}


def _describe(grant: Grant) -> str:
    target = grant.target
    name = target.name.name if target.kind is GrantTargetKind.SCHEMA else str(target.name)
    return (
        f"grant of {', '.join(grant.privileges)} on {target.kind.value} {name} to {grant.grantee}"
    )


def _relation(scope: Scope, home: str | None, target: GrantTarget) -> str | None:
    """A table, view, materialized view or sequence, by its bare name."""
    schema = scope.schemas.get(target.name.schema)
    if schema is None:
        return None
    if target.kind is GrantTargetKind.SEQUENCE:
        found = any(s.name == target.name.name for s in schema.sequences)
    else:
        found = scope.has(target.name, DEPENDENCIES)  # tables, views, materialized views
    return scope.reference(home, target.name, RELATIONS) if found else None


def _routine(scope: Scope, home: str | None, target: GrantTarget) -> str | None:
    """`function(f)`: the language names a function only when it has one overload."""
    word = _ROUTINES[target.kind]
    overloads = [f for f in scope.functions(target.name) if f.kind.value == word]
    if len(overloads) != 1 or overloads[0].signature != target.signature:
        return None
    ref = scope.reference(home, target.name, FUNCTIONS)
    return f"{word}({ref})" if ref is not None else None


def _target(scope: Scope, home: str | None, target: GrantTarget) -> str | None:
    kind = target.kind
    if kind is GrantTargetKind.SCHEMA:
        name = target.name.name
        if name not in scope.schemas and name not in BUILTIN_SCHEMAS:
            return None
        return f"schema({scope.name(name)})"
    if kind in _ROUTINES:
        return _routine(scope, home, target)
    if kind is GrantTargetKind.TYPE:
        if not scope.has(target.name, TYPES):
            return None
        ref = scope.reference(home, target.name, TYPES)
        return f"type({ref})" if ref is not None else None
    return _relation(scope, home, target)


def _privileges(scope: Scope, grant: Grant) -> tuple[str, ...]:
    """The privileges as written; those the language lacks for the object are noted."""
    every = PRIVILEGES[grant.target.kind]
    if grant.columns and grant.target.kind is not GrantTargetKind.TABLE:
        scope.note(f"{_describe(grant)}: column privileges are only on tables")
        return ()
    allowed = every if not grant.columns else COLUMN_PRIVILEGES
    lacking = [p for p in grant.privileges if p not in allowed]
    if lacking:
        scope.note(f"{_describe(grant)}: the language has no {', '.join(lacking)} here")
    # In PostgreSQL's order (`select, insert, update`), which reads better than sorted.
    privileges = tuple(p for p in every if p in grant.privileges and p in allowed)
    if not grant.columns:
        if len(every) > 1 and privileges == every:
            return ("all",)
        return privileges
    columns = "(" + ", ".join(scope.name(c) for c in grant.columns) + ")"
    return tuple(p + columns for p in privileges)


class _Homes:
    """Which schema block each grant stands in."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        default = scope.schemas.get(None)
        # An empty default schema exists only through grants written outside any schema.
        self.all_at_top = default is not None and not any(
            getattr(default, f) for f in SCHEMA_OBJECT_FIELDS
        )
        schemas = scope.database.schemas
        self.fallback = None if default is not None or not schemas else schemas[0].name
        self.any = bool(schemas)

    def home(self, grant: Grant) -> tuple[bool, str | None]:
        """(found, the schema block); a grant on a schema goes in that schema's block."""
        target = grant.target
        if not self.any:
            return False, None
        if self.all_at_top:
            return True, None
        if target.kind is GrantTargetKind.SCHEMA:
            name = target.name.name
            return True, name if name in self.scope.schemas else self.fallback
        return target.name.schema in self.scope.schemas, target.name.schema


def grant_blocks(scope: Scope) -> dict[str | None, list[Node]]:
    """The grant blocks of each schema block (None: outside any schema block)."""
    homes = _Homes(scope)
    roles: dict[_RoleKey, list[str]] = {}
    for grant in scope.database.grants:
        found, home = homes.home(grant)
        target = _target(scope, home, grant.target) if found else None
        if target is None:
            scope.about(
                grant.path,
                scope.note,
                f"{_describe(grant)}: the language cannot name what it is on",
            )
            continue
        privileges = scope.about(grant.path, _privileges, scope, grant)
        if not privileges:
            continue
        role_key = (home, target, grant.columns, grant.with_grant_option, privileges)
        roles.setdefault(role_key, []).append(grant.grantee)
    blocks: dict[_BlockKey, list[str]] = {}
    for (home, target, columns, option, privileges), grantees in roles.items():
        # Column grants keep one object per block: the columns are that table's.
        alone = target if columns else None
        blocks.setdefault((home, privileges, option, tuple(grantees), alone), []).append(target)
    out: dict[str | None, list[Node]] = {}
    for (home, privileges, option, names, _), targets in blocks.items():
        items: list[Node] = [
            Attr("privileges", Seq("[", privileges, "]")),
            Attr("on", Seq("[", tuple(targets), "]")),
            Attr("to", name_list(names)),
            *flag("with_grant_option", option),
        ]
        out.setdefault(home, []).append(Block("grant", tuple(items)))
    return out
