"""What the language cannot express is left alone: the changes a plan must not make.

A state read from a database holds, besides its model, the objects the language cannot
express (`Database.unmanaged`): some the model lacks altogether (an aggregate, a rule),
some it holds but the language cannot write (a trigger whose function cannot be named).
No plan changes them: a change the differ finds to an object of the second kind, on
either side, is dropped from the changes and said instead ("left alone: ..."); so is an
unmanaged object one state has and the other lacks, or has otherwise, when both states
are databases (a difference the model cannot represent is said, never silent).
"""

from __future__ import annotations

from collections.abc import Sequence

from schemac.diff.changes import Change, ObjectKind
from schemac.ir import model as m

__all__ = ["change_paths", "leave_alone", "unmanaged_differences"]


def change_paths(change: Change) -> list[m.ObjectPath]:
    """Where the changed object is, as unmanaged objects name places: before and after."""
    out = []
    for obj in (change.old, change.new):
        if obj is None:
            continue
        if change.object is ObjectKind.GRANT:
            out.append(obj.path)
        else:
            name = str(getattr(obj, "name", ""))
            out.append(
                m.ObjectPath(
                    kind=change.object.value, schema=change.schema, parent=change.parent, name=name
                )
            )
    return out


def _describe(change: Change) -> str:
    """The changed object for people: `view app.v`, `grant on table app.t to role`."""
    if change.object is ObjectKind.GRANT:
        grant = change.new if change.new is not None else change.old
        target = grant.target
        return f"grant on {target.kind.value} {target.name} to {grant.grantee}"
    return f"{change.object.value} {change_paths(change)[-1]}"


def leave_alone(
    changes: Sequence[Change], old: m.Database, new: m.Database
) -> tuple[list[Change], list[str]]:
    """The changes but those to an unmanaged object of either state, and a line for each."""
    unmanaged: dict[m.ObjectPath, m.Unmanaged] = {}
    for state in (new, old):
        for u in state.unmanaged:
            if u.path is not None:
                unmanaged[u.path] = u
    if not unmanaged:
        return list(changes), []
    kept: list[Change] = []
    lines: list[str] = []
    for change in changes:
        found = next((unmanaged[p] for p in change_paths(change) if p in unmanaged), None)
        if found is None:
            kept.append(change)
            continue
        why = found.what if found.reason == m.CANNOT_EXPRESS else f"{found.what}: {found.reason}"
        lines.append(f"{change.kind.value} {_describe(change)} ({why})")
    return kept, list(dict.fromkeys(lines))


def unmanaged_differences(old: m.Database, new: m.Database) -> list[str]:
    """The unmanaged objects one state has and the other has not (or not so), one line each.

    For two states that both can hold them (databases, or SQL read back), as inspect
    read them: the model lacks these, so the differ cannot see them differ.
    """
    before = {u.what: u for u in old.unmanaged}
    after = {u.what: u for u in new.unmanaged}
    lines = []
    for what in dict.fromkeys([*before, *after]):
        a, b = before.get(what), after.get(what)
        if b is None and a is not None:
            lines.append(f"{what}: only in the first state ({a.reason})")
        elif a is None and b is not None:
            lines.append(f"{what}: only in the second state ({b.reason})")
        elif a is not None and b is not None and a.detail != b.detail:
            lines.append(f"{what}: differs between the two states ({a.reason})")
    return lines
