"""The IR as plain data (dicts, lists, strings, numbers) for JSON: what `--format json` prints.

Every record becomes an object with one member per field, in declaration order; enums
become their values, tuples lists, and an `origin` the place it was declared
(`{"file", "line", "column"}`), or is left out when the object came from elsewhere.
docs/ir.md describes the shape.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from schemac.ir.model import Database
from schemac.source import Span

__all__ = ["FORMAT_VERSION", "database_data", "to_data"]

FORMAT_VERSION = 2  # 2: `collation` is an object, {schema, name}, no longer a string


def to_data(value: object) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, Span):
        line, column = value.file.line_col(value.start)
        return {"file": value.file.name, "line": line, "column": column}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name == "origin" and item is None:
                continue
            out[f.name] = to_data(item)
        return out
    raise TypeError(f"cannot serialise {type(value).__name__}")


def database_data(
    database: Database, *, dialect: str, default_schema: str | None
) -> dict[str, Any]:
    return {
        "format": "schemac-ir",
        "version": FORMAT_VERSION,
        "dialect": dialect,
        "default_schema": default_schema,
        "database": to_data(database),
    }
