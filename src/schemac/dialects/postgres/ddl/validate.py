"""What PostgreSQL 15 cannot take, though the language can say it: found before any SQL."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from schemac.diagnostics import Diagnostic
from schemac.diagnostics import catalog as cat
from schemac.ir.model import SCHEMA_OBJECT_FIELDS, Database, ForEach, Schema, Table, TriggerTiming
from schemac.source import Span

__all__ = ["validate"]

TARGET_VERSION = "15"


_NEW = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\bnew\b(\s*\.\s*(?:\*|"((?:[^"]|"")*)"|([a-z_][a-z0-9_$]*)))?""",
    re.IGNORECASE,
)


def _new_generated(table: Table, when: str) -> str | None:
    """What of NEW a trigger condition reads that is generated: `NEW.*`, a column, or None."""
    generated = {c.name for c in table.columns if c.generated is not None}
    if not generated:
        return None
    for m in _NEW.finditer(when):
        if not m.group(0)[:1].isalpha():
            continue  # a string or a quoted name
        if m.group(1) is None or m.group(1).strip().endswith("*"):
            return "the whole row `NEW`"
        name = m.group(2).replace('""', '"') if m.group(2) is not None else m.group(3).lower()
        if name in generated:
            return f"the generated column `{name}` of `NEW`"
    return None


def _table(table: Table) -> Iterator[Diagnostic]:
    for trigger in table.triggers:
        if trigger.timing is TriggerTiming.BEFORE and trigger.when is not None:
            what = _new_generated(table, trigger.when.text)
            if what is not None and trigger.origin is not None:
                yield cat.before_when_generated(trigger.origin, trigger.name, what)
    if table.partitioning is None:
        return
    span = table.origin
    for exclusion in table.exclusions:
        at = exclusion.origin or span
        if at is not None:
            yield cat.partitioned_exclusion(at, table.name, TARGET_VERSION)
    if table.unlogged and span is not None:
        yield cat.partitioned_unlogged(
            span,
            table.name,
            "`unlogged = true`",
            "a partitioned table holds no rows of its own",
            "remove `unlogged = true`",
        )
    for check in table.checks:
        at = check.origin or span
        if check.no_inherit and at is not None:
            yield cat.partitioned_unlogged(
                at,
                table.name,
                f"the NO INHERIT check `{check.name}`",
                "the check would not reach the partitions, which hold the rows",
                "remove `no_inherit = true`",
            )
    for trigger in table.triggers:
        at = trigger.origin or span
        transition = trigger.old_table is not None or trigger.new_table is not None
        if transition and trigger.for_each is ForEach.ROW and at is not None:
            yield cat.partitioned_unlogged(
                at,
                table.name,
                f"the row-level trigger `{trigger.name}` with a transition table",
                "PostgreSQL takes transition tables here only per statement",
                "fire it per statement (`each = statement`), or drop `old_table`/`new_table`",
            )


_FIELDS = {
    "name": "a name",
    "values": "an enum value",
    "comment": "a comment",
    "value": "a string",
    "text": "SQL text",
    "body": "a function body",
    "columns": "a column name",
}


def _nul(value: object, origin: Span | None, field: str) -> Iterator[Diagnostic]:
    """Every string of the model that holds a NUL, reported at its object's origin."""
    if isinstance(value, str):
        if "\x00" in value and origin is not None:
            yield cat.nul_character(origin, _FIELDS.get(field, f"the {field.replace('_', ' ')}"))
    elif isinstance(value, tuple):
        for item in value:
            yield from _nul(item, origin, field)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        here = getattr(value, "origin", None) or origin
        for f in dataclasses.fields(value):
            if f.name != "origin":
                yield from _nul(getattr(value, f.name), here, f.name)


def _may_hold_nul(database: Database) -> bool:
    """Whether any file the database was declared in could have given a string a NUL.

    A NUL comes only from a NUL in the file or from the escape `\u0000`; a model read
    from a database has none (PostgreSQL cannot store one).
    """
    origins = [o for s in database.schemas for o in _origins(s)]
    origins += [e.origin for e in database.extensions] + [g.origin for g in database.grants]
    files = {id(o.file): o.file for o in origins if o is not None}
    return any("\x00" in f.text or "u0000" in f.text.lower() for f in files.values())


def _origins(schema: Schema) -> Iterator[Span | None]:
    yield schema.origin
    for kind in SCHEMA_OBJECT_FIELDS:
        for obj in getattr(schema, kind):
            yield obj.origin


def validate(database: Database) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for schema in database.schemas:
        for table in schema.tables:
            problems.extend(_table(table))
    if _may_hold_nul(database):
        problems.extend(_nul(database, None, "name"))
    return problems
