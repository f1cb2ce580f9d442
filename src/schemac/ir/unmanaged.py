"""What a database holds that the language cannot express: unmanaged, never changed by a plan.

Inspect makes an `Unmanaged` record of each such object (dialects/postgres/
inspect/unmanaged.py), the writer of each it cannot write; the differ and the planner
leave them alone (diff/unmanaged.py). ``model`` re-exports both records.
"""

from __future__ import annotations

from schemac.records import record

__all__ = ["CANNOT_EXPRESS", "ObjectPath", "Unmanaged"]


@record
class ObjectPath:
    """Where an object of the model is: its kind, schema, table (or view) and name.

    The kind is as diff/changes.py names kinds; ``parent`` is the table or view an
    object inside one is in.
    """

    kind: str  # "table", "foreign key", "view", ...
    schema: str | None
    parent: str | None
    name: str

    def __str__(self) -> str:
        return ".".join(p for p in (self.schema, self.parent, self.name) if p is not None)


# Why an unmanaged object is, unless something more particular is said.
CANNOT_EXPRESS = "the language cannot express it"


@record
class Unmanaged:
    """Something a database holds that the language cannot express: no plan changes it.

    ``what`` names it for people (`aggregate public.array_accum`); ``reason`` says why
    it is not managed. ``path`` is the object of the model it is, when the model holds
    it but the language cannot say it (a plan then leaves that object alone); ``within``
    is the object of the model it belongs to (dropping that one drops it too).
    ``needed_by`` names what depends on it and is kept (the SQL of the state then loads
    only where it exists).
    """

    what: str
    reason: str = CANNOT_EXPRESS
    schema: str | None = None
    path: ObjectPath | None = None
    within: ObjectPath | None = None
    needed_by: tuple[str, ...] = ()
    detail: str = ""  # what two databases must agree on for it to be the same

    def __str__(self) -> str:
        text = f"{self.what}: {self.reason}"
        if self.needed_by:
            needed = ", ".join(self.needed_by)
            text += f"; needed by {needed} (kept: that SQL loads only where this exists)"
        return text
