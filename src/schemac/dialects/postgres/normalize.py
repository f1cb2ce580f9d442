"""Canonical forms of what PostgreSQL stores in more than one way, for compile and inspect.

Both sides of a comparison go through these, so a value written out in full
(`start = 1`, `asc nulls last`, `numeric(5)`) equals PostgreSQL's default or spelling.
SQL expressions are not here: only PostgreSQL can bring those to canonical text.
"""

from __future__ import annotations

import dataclasses

from schemac.dialects.postgres.tables import INTEGER_RANGES
from schemac.ir.model import (
    Collation,
    CollationProvider,
    Default,
    IndexElement,
    Literal,
    NullsOrder,
    ObjectName,
    SequenceOptions,
)
from schemac.ir.types import TypeRef

__all__ = [
    "LIST_SETTINGS",
    "canonical_collation",
    "canonical_collation_settings",
    "canonical_comment",
    "canonical_config",
    "canonical_cost",
    "canonical_default",
    "canonical_element",
    "canonical_rows",
    "canonical_sequence_options",
    "canonical_type",
    "number_text",
    "setting_items",
]


def canonical_type(ref: TypeRef) -> TypeRef:
    """`numeric(p)` is `numeric(p, 0)`."""
    if ref.name == "numeric" and len(ref.modifiers) == 1:
        return dataclasses.replace(ref, modifiers=(ref.modifiers[0], 0))
    return ref


def canonical_sequence_options(options: SequenceOptions, type_name: str) -> SequenceOptions:
    """Options with each value that is PostgreSQL's default for the type left out (None)."""
    low, high = INTEGER_RANGES.get(type_name, INTEGER_RANGES["int8"])
    increment = options.increment if options.increment is not None else 1
    ascending = increment > 0
    min_value = options.min_value if options.min_value is not None else (1 if ascending else low)
    max_value = options.max_value if options.max_value is not None else (high if ascending else -1)
    start = options.start if options.start is not None else (min_value if ascending else max_value)
    return SequenceOptions(
        start=None if start == (min_value if ascending else max_value) else start,
        increment=None if increment == 1 else increment,
        min_value=None if min_value == (1 if ascending else low) else min_value,
        max_value=None if max_value == (high if ascending else -1) else max_value,
        cache=None if options.cache in (None, 1) else options.cache,
        cycle=options.cycle,
    )


def canonical_element(element: IndexElement) -> IndexElement:
    """NULLS FIRST is the default of a descending element, NULLS LAST of an ascending one."""
    default = NullsOrder.FIRST if element.descending else NullsOrder.LAST
    if element.nulls is default:
        return dataclasses.replace(element, nulls=None)
    return element


def number_text(value: float | str) -> str:
    """A number as the language writes it: `1`, not `1.0`."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def canonical_cost(cost: float | str | None, language: str) -> str | None:
    """None for PostgreSQL's default cost (1 for C and internal functions, else 100)."""
    if cost is None:
        return None
    default = 1.0 if language in ("c", "internal") else 100.0
    return None if float(cost) == default else number_text(cost)


def canonical_rows(rows: float | str | None, returns_set: bool) -> str | None:
    """None for PostgreSQL's default row estimate (1000 for set-returning functions)."""
    if rows is None:
        return None
    default = 1000.0 if returns_set else 0.0
    return None if float(rows) == default else number_text(rows)


def canonical_default(default: Default | None) -> Default | None:
    """`DEFAULT NULL` is no default: PostgreSQL does not store it."""
    if isinstance(default, Literal) and default.kind == "null":
        return None
    return default


def canonical_comment(comment: str | None) -> str | None:
    """An empty comment is no comment (COMMENT ... IS '' removes one)."""
    return comment or None


def canonical_collation(collation: ObjectName | None) -> ObjectName | None:
    """`COLLATE "default"` is the type's own collation: none."""
    if collation is not None and collation.schema == "pg_catalog" and collation.name == "default":
        return None
    return collation


def canonical_collation_settings(collation: Collation) -> Collation:
    """A libc collation's `lc_collate` and `lc_ctype`, when equal, are its `locale`."""
    c = collation
    if (
        c.provider is CollationProvider.LIBC
        and c.lc_collate is not None
        and c.lc_collate == c.lc_ctype
    ):
        return dataclasses.replace(c, locale=c.lc_collate, lc_collate=None, lc_ctype=None)
    return c


# Settings whose value is a list (PostgreSQL's GUC_LIST_QUOTE): kept in lists' canonical form.
LIST_SETTINGS = frozenset(
    (
        "search_path",
        "temp_tablespaces",
        "session_preload_libraries",
        "shared_preload_libraries",
        "local_preload_libraries",
    )
)


def setting_items(value: str) -> list[str]:
    """The names of a list setting: `"$user", public` -> ['$user', 'public']."""
    items = []
    for raw in value.split(","):
        item = raw.strip()
        if len(item) > 1 and item[0] == item[-1] == '"':
            item = item[1:-1].replace('""', '"')
        items.append(item)
    return [] if items == [""] else items


def canonical_config(config: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Settings by lower-case name (PostgreSQL's are case-insensitive), lists as lists."""
    out = []
    for name, value in config:
        key = name.lower()
        out.append((key, ", ".join(setting_items(value)) if key in LIST_SETTINGS else value))
    return tuple(sorted(out))
