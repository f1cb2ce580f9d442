"""Suggestions for misspelt names: "did you mean `x`?"."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["did_you_mean", "suggested_names", "suggestions"]


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (returning ``limit + 1``) past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def suggestions(name: str, candidates: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """Candidates close to ``name``, closest first (at most ``limit``)."""
    lowered = name.lower()
    threshold = max(1, len(name) // 3)
    scored: list[tuple[int, str]] = []
    for candidate in set(candidates):
        if candidate == name:
            continue
        if candidate.lower() == lowered:
            scored.append((0, candidate))
            continue
        distance = _distance(lowered, candidate.lower(), threshold)
        if distance <= threshold:
            scored.append((distance, candidate))
        elif len(name) >= 3 and (
            candidate.lower().startswith(lowered) or lowered.startswith(candidate.lower())
        ):
            scored.append((threshold + 1, candidate))
    scored.sort()
    return tuple(candidate for _, candidate in scored[:limit])


_SUGGESTED = re.compile(r"`((?:[^`]|``)+)`")


def suggested_names(help: str) -> list[str]:
    """The names a `did_you_mean` sentence offers (for an editor's quick fix); else none."""
    if not (help.startswith("did you mean ") and help.endswith("?")):
        return []
    return [m.group(1) for m in _SUGGESTED.finditer(help)]


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A help sentence naming the closest candidates, or None when nothing is close."""
    found = suggestions(name, candidates)
    if not found:
        return None
    quoted = [f"`{c}`" for c in found]
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
