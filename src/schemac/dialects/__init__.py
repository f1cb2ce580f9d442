"""Dialects: a lazy registry of the databases schemac compiles for, inspects and migrates.

A dialect is a `Dialect` subclass (base.py): class-level data a subclass may replace,
and methods for compiling, planning and rendering, with a `Driver` (driver.py) for
what needs a live server. The class is the only door: commands ask the registry for
one by name, or by the scheme of a URL, and never import a dialect's modules.

The registry maps a name to where its class is, ``"module:Class"`` (or a function that
returns the class); the module is imported on first use, so that commands that need
no dialect stay quick to start. Plugins add theirs with `register_dialect`, or as an
entry point of the group ``schemac.dialects`` (``toy = "schemac_toy:Toy"``), read the
first time a name or scheme is not found among those registered.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable

from schemac.dialects.base import CompileResult, Dialect

__all__ = [
    "DEFAULT_DIALECT",
    "DIALECTS",
    "CompileResult",
    "Dialect",
    "DialectError",
    "choose_dialect",
    "dialect_for_url",
    "dialect_names",
    "get_dialect",
    "is_dialect",
    "register_dialect",
    "url_scheme",
]

Loader = str | Callable[[], type[Dialect]]

DEFAULT_DIALECT = "postgres"  # for files alone, and for URLs no dialect claims

# Name → where the class is. Built-in dialects first; `register_dialect` adds more.
DIALECTS: dict[str, Loader] = {
    "postgres": "schemac.dialects.postgres.dialect:PostgresDialect",
}

ENTRY_POINT_GROUP = "schemac.dialects"

_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")


class _Scan:
    done = False  # whether the entry points were read into DIALECTS


class DialectError(Exception):
    """A dialect that cannot be chosen: unknown, or at odds with a URL (for people)."""


def register_dialect(name: str, loader: Loader) -> None:
    """Make ``name`` a dialect: ``loader`` is ``"module:Class"`` or returns the class."""
    DIALECTS[name] = loader


def _read_entry_points() -> None:
    """Add the dialects installed packages declare; those registered already keep theirs."""
    if _Scan.done:
        return
    _Scan.done = True
    from importlib.metadata import entry_points  # noqa: PLC0415 (only when a name is missing)

    for point in entry_points(group=ENTRY_POINT_GROUP):
        DIALECTS.setdefault(point.name, point.value)


def dialect_names() -> list[str]:
    """Every dialect's name, sorted (those of entry points included)."""
    _read_entry_points()
    return sorted(DIALECTS)


def is_dialect(name: str) -> bool:
    """Whether ``name`` is a dialect (entry points are read only when it is not registered)."""
    return name in DIALECTS or name in dialect_names()


def _load(name: str) -> type[Dialect]:
    loader = DIALECTS[name]
    if callable(loader):
        return loader()
    module, _, attribute = loader.partition(":")
    cls: type[Dialect] = getattr(importlib.import_module(module), attribute)
    return cls


def get_dialect(name: str) -> Dialect:
    """The dialect called ``name``; KeyError if there is none."""
    if name not in DIALECTS:
        _read_entry_points()
    return _load(name)()


def url_scheme(text: str) -> str | None:
    """The scheme of a URL (`postgresql` of `postgresql://...`), small letters; None if none."""
    match = _SCHEME.match(text)
    return match["scheme"].lower() if match else None


def _claimed(scheme: str) -> str | None:
    return next((n for n in list(DIALECTS) if scheme in _load(n).url_schemes), None)


def _owner(scheme: str) -> str | None:
    """The name of the dialect whose URLs have ``scheme``: the first registered wins."""
    found = _claimed(scheme)
    if found is None and not _Scan.done:
        _read_entry_points()
        found = _claimed(scheme)
    return found


def dialect_for_url(url: str) -> Dialect:
    """The dialect that reads ``url``: by its scheme, else the default (libpq's key=value)."""
    scheme = url_scheme(url)
    owner = _owner(scheme) if scheme else None
    return get_dialect(owner or DEFAULT_DIALECT)


def choose_dialect(explicit: str | None, urls: Iterable[str | None]) -> Dialect:
    """The dialect of a command: ``explicit`` (`--dialect`), else the one its URLs are for.

    Texts without a scheme (paths, key=value strings) say nothing. A DialectError when
    ``explicit`` does not read one of the URLs, or when they are for different dialects.
    """
    schemes = sorted({s for s in (url_scheme(u) for u in urls if u) if s is not None})
    if explicit is not None:
        chosen = get_dialect(explicit)
        for scheme in schemes:
            if scheme in chosen.url_schemes:
                continue
            owner = _owner(scheme)
            whose = f"URLs of dialect {owner}" if owner else "URLs of no dialect schemac knows"
            reads = ", ".join(f"{s}://" for s in chosen.url_schemes) or "no URLs"
            raise DialectError(
                f"--dialect {explicit} does not read {scheme}:// URLs (those are {whose});"
                f" it reads {reads}"
            )
        return chosen
    owners = {o: s for s in schemes if (o := _owner(s)) is not None}
    if len(owners) > 1:
        both = " and ".join(f"{s}:// ({o})" for o, s in sorted(owners.items()))
        raise DialectError(f"the URLs are for different dialects: {both}; give one dialect's")
    return get_dialect(next(iter(owners), DEFAULT_DIALECT))
