"""PostgreSQL: the dialect class, its driver, DDL, inspection, normalization and plans.

Kept light: importing a module of the package (its tables, say) imports nothing else;
`PostgresDialect` is imported from dialect.py when it is first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemac.dialects.postgres.dialect import PostgresDialect

__all__ = ["PostgresDialect"]


def __getattr__(name: str) -> object:
    if name == "PostgresDialect":
        from schemac.dialects.postgres.dialect import PostgresDialect  # noqa: PLC0415

        return PostgresDialect
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
