"""Types as PostgreSQL spells them: the one place where a TypeRef becomes SQL text.

The spellings are `format_type()`'s, so compiled DDL reads like pg_dump's, and the
inspector (which reads `format_type()` back) meets the same text.
"""

from __future__ import annotations

import re

from schemac.dialects.postgres.quoting import ident, qualified
from schemac.dialects.postgres.tables import INTERVAL_FIELDS, canonical_name
from schemac.ir.types import TypeKind, TypeRef

__all__ = [
    "FORMAT_NAMES",
    "format_type",
    "parse_builtin",
    "parse_modifiers",
    "type_name",
]

# Canonical name -> format_type()'s spelling, where the two differ.
FORMAT_NAMES: dict[str, str] = {
    "int2": "smallint",
    "int4": "integer",
    "int8": "bigint",
    "float4": "real",
    "float8": "double precision",
    "bool": "boolean",
    "varchar": "character varying",
    "bpchar": "character",
    "varbit": "bit varying",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
    "time": "time without time zone",
    "timetz": "time with time zone",
}

# Types whose precision goes between the name and "with/without time zone".
_ZONED = {
    "timestamp": ("timestamp", "without time zone"),
    "timestamptz": ("timestamp", "with time zone"),
    "time": ("time", "without time zone"),
    "timetz": ("time", "with time zone"),
}


def _modifier(value: int | str) -> str:
    if isinstance(value, int):
        return str(value)
    # Extension type modifiers (geometry(Point, 4326)) are read as identifiers or strings.
    return value if value.replace("_", "a").isalnum() and value.isascii() else ident(value)


def type_name(ref: TypeRef) -> str:
    """The type without array brackets."""
    if ref.kind is TypeKind.BUILTIN:
        mods = ref.modifiers
        if ref.name in _ZONED:
            base, zone = _ZONED[ref.name]
            precision = f"({mods[0]})" if mods else ""
            return f"{base}{precision} {zone}"
        if ref.name == "interval":
            text = "interval"
            if ref.interval_fields:
                text += f" {ref.interval_fields}"
            return text + (f"({mods[0]})" if mods else "")
        if ref.name == "bpchar" and not mods:
            return "bpchar"  # unbounded; `character` alone would mean character(1)
        name = FORMAT_NAMES.get(ref.name, ref.name)
        if mods:
            return f"{name}({','.join(_modifier(m) for m in mods)})"
        return name
    if ref.kind is TypeKind.EXTENSION:
        # Found through search_path, as the extension's own objects are.
        name = ident(ref.name) if ref.schema is None else qualified(ref.schema, ref.name)
        if ref.modifiers:
            return f"{name}({','.join(_modifier(m) for m in ref.modifiers)})"
        return name
    return qualified(ref.schema, ref.name)


def format_type(ref: TypeRef) -> str:
    """The full type: `character varying(255)[]`, `app.status`, `timestamp(3) with time zone`."""
    return type_name(ref) + "[]" * ref.array_dims


_ZONED_TEXT = re.compile(r"(timestamp|time)(?:\((\d+)\))? (with|without) time zone\Z")
_INTERVAL_TEXT = re.compile(r"interval(?: ([a-z ]+?))?(?:\((\d+)\))?\Z")
_GENERIC_TEXT = re.compile(r"(.+?)(?:\((.*)\))?\Z", re.DOTALL)


def _modifier_value(text: str) -> int | str:
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if len(text) > 1 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def parse_builtin(text: str) -> TypeRef | None:
    """A built-in type from `format_type()`'s text, without `[]`; None if it is not one.

    `character varying(255)` -> varchar (255); `timestamp(3) with time zone` ->
    timestamptz (3); `interval day to second(3)` -> interval, fields, (3).
    """
    m = _ZONED_TEXT.match(text)
    if m:
        name = m.group(1) + ("tz" if m.group(3) == "with" else "")
        return TypeRef(name=name, modifiers=(int(m.group(2)),) if m.group(2) else ())
    m = _INTERVAL_TEXT.match(text)
    if m:
        fields = m.group(1)
        if fields is not None and fields not in INTERVAL_FIELDS:
            return None
        mods = (int(m.group(2)),) if m.group(2) else ()
        return TypeRef(name="interval", modifiers=mods, interval_fields=fields)
    if text == '"char"':
        return None  # the one-byte internal type, which the language does not have
    m = _GENERIC_TEXT.match(text)
    if m is None:
        return None
    name = canonical_name(m.group(1))
    if name is None:
        return None
    return TypeRef(name=name, modifiers=parse_modifiers(text))


def parse_modifiers(text: str) -> tuple[int | str, ...]:
    """The modifiers at the end of a type's text: `vector(1536)` -> (1536,)."""
    m = _GENERIC_TEXT.match(text)
    if m is None or not m.group(2):
        return ()
    return tuple(_modifier_value(v) for v in m.group(2).split(","))
