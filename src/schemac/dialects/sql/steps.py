"""What the parts of the PostgreSQL planner share: the steps of a plan and its statements so far."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum

from schemac.ir import model as m
from schemac.plan import Hazard, HazardKind, Statement

__all__ = ["Context", "Step", "alter_table", "hazard", "lost", "renamed", "rewrite"]


def hazard(kind: HazardKind, message: str) -> Hazard:
    return Hazard(kind=kind, message=message)


def lost(message: str) -> Hazard:
    return hazard(HazardKind.DATA_LOSS, message)


def renamed(what: str) -> Hazard:
    return hazard(
        HazardKind.BACKWARD_INCOMPATIBLE, f"{what} is renamed: code that uses the old name breaks"
    )


def rewrite(what: str) -> tuple[Hazard, Hazard]:
    return (
        hazard(HazardKind.TABLE_REWRITE, f"{what}: the table and its indexes are rewritten"),
        hazard(
            HazardKind.LONG_LOCK,
            "ACCESS EXCLUSIVE lock while the table is rewritten: reads and writes wait",
        ),
    )


def alter_table(name: str, clauses: Sequence[str]) -> str:
    """One ALTER TABLE of ``clauses``: on one line, or one clause a line."""
    if len(clauses) == 1:
        return f"ALTER TABLE {name} {clauses[0]};"
    return f"ALTER TABLE {name}\n" + ",\n".join(f"    {c}" for c in clauses) + ";"


class Step(IntEnum):
    RENAMES = -1  # first, so everything after names objects by their new names
    DROP_DEPENDENTS = 0  # views, triggers, policies, foreign keys, constraints, indexes
    SCHEMAS = 1
    EXTENSIONS = 2
    TYPES = 3
    SEQUENCES = 4
    FUNCTIONS = 5
    TABLES = 6
    COLUMNS = 7
    CONSTRAINTS = 8
    INDEXES = 9
    FOREIGN_KEYS = 10
    VIEWS = 11
    TRIGGERS = 12
    POLICIES = 13
    OWNERSHIP = 14
    DROP_OBJECTS = 15
    COMMENTS = 16
    GRANTS = 17


@dataclass(slots=True)
class _Entry:
    step: Step
    rank: int
    order: int
    statement: Statement


@dataclass
class Context:
    """What every part of the planner shares: both states and the statements so far."""

    old: m.Database
    new: m.Database
    concurrent_indexes: bool = False
    # The old state once the renames are made (diff/follow.py): what later statements see.
    renamed: m.Database = field(default_factory=m.Database)
    entries: list[_Entry] = field(default_factory=list)
    # Relations and types this plan creates: one dropped under such a name goes first.
    added: set[tuple[str, str]] = field(default_factory=set)
    recreated: set[str] = field(default_factory=set)  # comment targets made anew
    regranted: set[tuple[m.GrantTargetKind, str | None, str]] = field(default_factory=set)
    note: str = ""  # the note of the statements emitted meanwhile (see noting)

    @contextmanager
    def noting(self, note: str) -> Iterator[None]:
        """Every statement emitted meanwhile says why it is in the plan: ``note``."""
        before, self.note = self.note, note
        try:
            yield
        finally:
            self.note = before

    def emit(
        self,
        step: Step,
        sql: str,
        *,
        reverse: str | None = None,
        hazards: Sequence[Hazard] = (),
        summary: str = "",
        rank: int = 0,
        transactional: bool = True,
        early: bool = False,
        note: str = "",
    ) -> None:
        statement = Statement(
            sql=sql,
            reverse=reverse,
            hazards=tuple(hazards),
            transactional=transactional,
            early=early,
            summary=summary,
            note=note or self.note,
        )
        self.entries.append(_Entry(step, rank, len(self.entries), statement))

    def made(self, target: str) -> None:
        """An object created (or created again): its comment must be set."""
        self.recreated.add(target)

    def granted(self, kind: m.GrantTargetKind, schema: str | None, name: str) -> None:
        """An object created (or created again): its grants must be given."""
        self.regranted.add((kind, schema, name))
