"""What PostgreSQL 15 cannot take, though the language can say it: found before any SQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.ir.model import Database, Table
from schemac.source import Span

__all__ = ["validate"]

TARGET_VERSION = "15"


def _table(table: Table) -> Iterator[Diagnostic]:
    if table.partitioning is None:
        return
    span = table.origin
    for exclusion in table.exclusions:
        at = exclusion.origin or span
        if at is not None:
            yield cat.partitioned_exclusion(at, table.name, TARGET_VERSION)
    if table.unlogged and span is not None:
        yield cat.partitioned_unlogged(span, table.name)


def _nul(value: object, origin: Span | None, field: str) -> Iterator[Diagnostic]:
    """Every string of the model that holds a NUL, reported at its object's origin."""
    if isinstance(value, str):
        if "\x00" in value and origin is not None:
            yield cat.nul_character(origin, f"the {field.replace('_', ' ')}")
    elif isinstance(value, tuple):
        for item in value:
            yield from _nul(item, origin, field)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        here = getattr(value, "origin", None) or origin
        for f in dataclasses.fields(value):
            if f.name != "origin":
                yield from _nul(getattr(value, f.name), here, f.name)


def validate(database: Database) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for schema in database.schemas:
        for table in schema.tables:
            problems.extend(_table(table))
    problems.extend(_nul(database, None, "name"))
    return problems
