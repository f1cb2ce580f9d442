"""Durations on the command line (`--lock-timeout 5s`): parsed to milliseconds, and printed."""

from __future__ import annotations

import re

__all__ = ["format_duration", "parse_duration"]

_MAX_TIMEOUT_MS = 2**31 - 1  # PostgreSQL's limit for lock_timeout
_DURATION = re.compile(r"(?P<value>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>ms|s|min|h)?")
_UNIT_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000}


def parse_duration(text: str) -> int:
    """``5s``, ``500ms``, ``2min``, ``1h`` or ``0`` (no limit) in milliseconds, or ValueError."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(f"{text!r} is not a duration: give a number and a unit (500ms, 5s, 2min)")
    value = float(match["value"])
    if match["unit"] is None and value != 0:
        raise ValueError(f"{text!r} needs a unit: 500ms, 5s, 2min or 1h (0 for no limit)")
    ms = round(value * _UNIT_MS[match["unit"] or "ms"])
    if value and ms < 1:
        raise ValueError(f"{text!r} is shorter than a millisecond")
    if ms > _MAX_TIMEOUT_MS:
        raise ValueError(f"{text!r} is longer than PostgreSQL allows (about 24 days)")
    return ms


def format_duration(ms: int) -> str:
    """Milliseconds as the shortest exact unit: ``200ms``, ``5s``, ``2min``."""
    for unit, size in (("h", 3_600_000), ("min", 60_000), ("s", 1000)):
        if ms and ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"
