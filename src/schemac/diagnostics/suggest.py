"""Suggestions for misspelt names: "did you mean `x`?"."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Suggestion", "did_you_mean", "suggestions"]


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


class Suggestion(str):
    """A "did you mean" help sentence that keeps the names it offers, closest first.

    It is the help text wherever a string goes; a catalog factory given one as its help
    makes each name a fix (catalog/_base.py `rename_fixes`), so no one reads names back
    out of the sentence. Text built from it (`f"{help} ..."`) is a plain string again.
    """

    names: tuple[str, ...]

    def __new__(cls, names: tuple[str, ...]) -> Suggestion:
        quoted = [f"`{c}`" for c in names]
        if len(quoted) == 1:
            text = f"did you mean {quoted[0]}?"
        else:
            text = f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
        made = super().__new__(cls, text)
        made.names = names
        return made

    def __getnewargs__(self) -> tuple[tuple[str, ...]]:  # type: ignore[override]
        return (self.names,)  # copied or pickled, it is made from its names again


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A help sentence naming the closest candidates, or None when nothing is close.

    The sentence is a `Suggestion` (typed as the string it is, for the callers that
    put another sentence in its place).
    """
    found = suggestions(name, candidates)
    return Suggestion(found) if found else None
