"""The inverse of the checker: an IR database written back as `.schema` text."""

from __future__ import annotations

from schemac.writer.database import (
    Draft,
    unwritable,
    unwritable_objects,
    write_database,
    write_schemas,
)

__all__ = ["Draft", "unwritable", "unwritable_objects", "write_database", "write_schemas"]
