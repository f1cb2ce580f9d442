"""Pairing the objects of two states: by key, then by the new object's ``renamed_from``."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

__all__ = ["match"]


def match(
    olds: Sequence[Any], news: Sequence[Any], key: Callable[[Any], Hashable]
) -> tuple[list[tuple[Any, Any, bool]], list[Any], list[Any]]:
    """(pairs (old, new, renamed), dropped, added): by key, then by ``renamed_from``."""
    by_key = {key(o): o for o in olds}
    taken: set[Hashable] = set()
    pairs: list[tuple[Any, Any, bool]] = []
    added: list[Any] = []
    waiting: list[Any] = []
    for new in news:
        k = key(new)
        if k in by_key:
            pairs.append((by_key[k], new, False))
            taken.add(k)
        else:
            waiting.append(new)
    names = {getattr(o, "name", None): key(o) for o in olds if key(o) not in taken}
    for new in waiting:
        previous = getattr(new, "renamed_from", None)
        k = names.get(previous) if previous is not None else None
        if k is not None and k not in taken:
            pairs.append((by_key[k], new, True))
            taken.add(k)
        else:
            added.append(new)
    dropped = [o for o in olds if key(o) not in taken]
    return pairs, dropped, added
