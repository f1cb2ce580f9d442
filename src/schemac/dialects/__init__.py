"""Dialects: an explicit registry of the databases schemac compiles for.

Each dialect is a package with the same module names (dialect, types, quoting,
generate, validate, ...); its `Dialect` subclass is the only entry point. Dialects are
imported when asked for, so commands that need none stay quick to start.
"""

from __future__ import annotations

from collections.abc import Callable

from schemac.dialects.base import CompileResult, Dialect

__all__ = ["DIALECTS", "CompileResult", "Dialect", "get_dialect"]


def _postgres() -> Dialect:
    from schemac.dialects.postgres.dialect import PostgresDialect  # noqa: PLC0415

    return PostgresDialect()


DIALECTS: dict[str, Callable[[], Dialect]] = {"postgres": _postgres}


def get_dialect(name: str) -> Dialect:
    """The dialect called ``name``; KeyError if there is none."""
    return DIALECTS[name]()
