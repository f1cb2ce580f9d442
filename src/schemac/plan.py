"""A migration plan: ordered statements, each with its reverse and the hazards a reviewer must see.

Plans are data. A dialect's planner (`dialects/<name>/plan/`) renders changes into
statements; `schemac diff` prints them and `schemac apply` runs them. Hazards are
derived from the kind of change, never found by reading SQL.
"""

from __future__ import annotations

from enum import Enum

from schemac.diagnostics.registry import Entry, hazard_entry
from schemac.records import record

__all__ = ["Hazard", "HazardKind", "Plan", "Statement"]


class HazardKind(Enum):
    DATA_LOSS = "data loss"  # rows, columns or values that cannot come back
    TABLE_REWRITE = "table rewrite"  # the table and its indexes are rewritten
    LONG_LOCK = "long lock"  # an ACCESS EXCLUSIVE or SHARE lock held while work is done
    DATA_DEPENDENT = "data dependent"  # fails if existing rows break the new rule
    BACKWARD_INCOMPATIBLE = "backward incompatible"  # running code may break (renames)


@record
class Hazard:
    kind: HazardKind
    message: str

    @property
    def entry(self) -> Entry:
        """The kind's entry in the registry of codes (diagnostics/hazards.py)."""
        return hazard_entry(self.kind.value)

    @property
    def code(self) -> str:
        """`H0100` for data loss, ...: the code `schemac explain` documents."""
        return self.entry.code

    @property
    def name(self) -> str:
        """`data-loss`, ...: the kind as a registry name."""
        return self.entry.name


@record
class Statement:
    """One statement, with what undoes it and what a reviewer must know.

    ``reverse`` undoes it where that is possible without lost data (None: it cannot be
    undone). ``transactional`` is False for statements PostgreSQL refuses inside a
    transaction block (CREATE INDEX CONCURRENTLY, ...). ``early`` statements are
    committed before the transaction of the others begins.
    """

    sql: str
    reverse: str | None = None
    hazards: tuple[Hazard, ...] = ()
    transactional: bool = True
    # Committed before the others run: PostgreSQL lets no transaction use an enum value
    # that it added itself, so a plan that adds one and uses it needs that value first.
    early: bool = False
    summary: str = ""  # "+ table app.users", "~ column app.users.email", ...
    # Why it is in the plan, where the changes declared do not say: "it is invalid" for
    # an index rebuilt, "it reads app.t.c, which changes type" for a view.
    note: str = ""


@record
class Plan:
    statements: tuple[Statement, ...] = ()
    # Where unqualified names in the statements are found: the schemas extensions were
    # put in (their types are written unqualified, as PostgreSQL prints them). Empty
    # when the server's default does.
    search_path: tuple[str, ...] = ()
    # What the plan does not change because the language cannot express it, though the
    # states differ there (diff/unmanaged.py): one line each, for people.
    left_alone: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.statements

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        return tuple(h for s in self.statements for h in s.hazards)

    def has(self, kind: HazardKind) -> bool:
        return any(h.kind is kind for h in self.hazards)
