"""Statement order: a dependency sort of the objects to create, phase by phase.

Every object becomes an item with a phase (schemas, extensions, collations, types,
sequences, functions, tables, indexes, ..., in the order PostgreSQL usually needs
them), the keys it provides, and the keys it requires. Items are emitted in
topological order, always taking the ready item of the lowest (phase, name), so the
output is the same for the same input and reads phase by phase; a function that
returns a table's row type simply waits for the table. A cycle is broken by taking the
lowest remaining item anyway (foreign keys, the usual cycle, are then added with ALTER
TABLE).

References inside SQL fragments (view queries, defaults, checks, policies) are found
by a scan for names: over-approximate, which costs at most an extra edge.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum

__all__ = ["SQL_TOKEN", "Item", "Key", "NameIndex", "Phase", "sort_items", "token_name"]

# A key names what an item provides: (namespace, schema, name), the namespace one of
# relation, type, collation, function, schema or index.
Key = tuple[str, str, str]


class Phase(IntEnum):
    SCHEMAS = 0
    EXTENSIONS = 1
    COLLATIONS = 2
    TYPES = 3
    SEQUENCES = 4
    FUNCTIONS = 5
    TABLES = 6
    INDEXES = 7
    FOREIGN_KEYS = 8
    VIEWS = 9
    TRIGGERS = 10
    POLICIES = 11
    OWNERSHIP = 12


@dataclass(slots=True)
class Item:
    phase: Phase
    schema: str
    name: str
    render: Callable[[], None]
    provides: tuple[Key, ...] = ()
    requires: set[Key] = field(default_factory=set)
    soft: set[Key] = field(default_factory=set)  # wanted first, but a cycle may break it
    order: int = 0  # among items of one name: the order they were made

    def sort_key(self) -> tuple[int, str, str, int]:
        return (self.phase, self.schema, self.name, self.order)


def sort_items(items: list[Item]) -> Iterator[Item]:
    """The items in dependency order (see the module docstring)."""
    providers: dict[Key, list[int]] = {}
    for i, item in enumerate(items):
        for key in item.provides:
            providers.setdefault(key, []).append(i)
    hard = [0] * len(items)
    soft = [0] * len(items)
    dependents: list[list[tuple[int, bool]]] = [[] for _ in items]
    for i, item in enumerate(items):
        for keys, is_hard in ((item.requires, True), (item.soft - item.requires, False)):
            for key in keys:
                for j in providers.get(key, ()):
                    if j != i:
                        if is_hard:
                            hard[i] += 1
                        else:
                            soft[i] += 1
                        dependents[j].append((i, is_hard))
    ready = [(item.sort_key(), i) for i, item in enumerate(items) if not hard[i] + soft[i]]
    heapq.heapify(ready)
    done = [False] * len(items)
    remaining = len(items)
    while remaining:
        if not ready:
            # A cycle: take the lowest item that waits only for soft dependencies, or
            # failing that the lowest of all.
            left = [k for k in range(len(items)) if not done[k]]
            candidates = [k for k in left if not hard[k]] or left
            _, i = min((items[k].sort_key(), k) for k in candidates)
            heapq.heappush(ready, (items[i].sort_key(), i))
        _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        remaining -= 1
        yield items[i]
        for j, is_hard in dependents[i]:
            if is_hard:
                hard[j] -= 1
            else:
                soft[j] -= 1
            if not hard[j] + soft[j] and not done[j]:
                heapq.heappush(ready, (items[j].sort_key(), j))


# SQL text as tokens: every character falls in one, so the text can be rebuilt from them.
SQL_TOKEN = re.compile(
    r"""
      "(?P<quoted>(?:[^"]|"")*)"          # a quoted identifier
    | '(?P<string>(?:[^']|'')*)'          # a string: nextval('seq'), 'tbl'::regclass
    | (?P<word>[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*)
    | (?P<dot>\.)
    | --[^\n]*
    | \s+
    | .
    """,
    re.VERBOSE | re.DOTALL,
)


def token_name(match: re.Match[str]) -> str | None:
    """The name a SQL_TOKEN match spells (a word folded to lower case), or None."""
    if match.lastgroup == "quoted":
        return match.group("quoted").replace('""', '"')
    if match.lastgroup == "word":
        return match.group().lower()
    return None


def _chains(text: str) -> Iterator[tuple[str, ...]]:
    """Dotted name chains in SQL text (`a`, `s.t`, `"S"."T"`), and names inside strings."""
    chain: list[str] = []
    after_dot = False
    for m in SQL_TOKEN.finditer(text):
        kind = m.lastgroup
        part = token_name(m)
        if part is not None:
            if chain and not after_dot:
                yield tuple(chain)
                chain = []
            chain.append(part)
            after_dot = False
        elif kind == "dot" and chain:
            after_dot = True
        else:
            if chain:
                yield tuple(chain)
                chain = []
            after_dot = False
            if kind == "string":
                inner = m.group("string").replace("''", "'")
                yield from _chains(inner) if len(inner) < 200 else ()
    if chain:
        yield tuple(chain)


class NameIndex:
    """Which declared objects a SQL fragment may refer to."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], list[Key]] = {}
        self._cache: dict[tuple[str, tuple[str, ...]], frozenset[Key]] = {}

    def add(self, key: Key) -> None:
        self._keys.setdefault((key[1], key[2]), []).append(key)

    def scan(self, text: str, path: tuple[str, ...]) -> frozenset[Key]:
        """The keys of objects named in ``text``, resolving plain names along ``path``."""
        cached = self._cache.get((text, path))
        if cached is not None:
            return cached
        found: set[Key] = set()
        for chain in _chains(text):
            found.update(self._resolve(chain, path))
        result = frozenset(found)
        self._cache[(text, path)] = result
        return result

    def _resolve(self, chain: tuple[str, ...], path: tuple[str, ...]) -> Iterable[Key]:
        # `s.t.c` may be a column of s.t, `t.c` a column of t: try each prefix pair.
        for i in range(len(chain) - 1):
            keys = self._keys.get((chain[i], chain[i + 1]))
            if keys:
                return keys
        for part in chain[:2]:
            for schema in path:
                keys = self._keys.get((schema, part))
                if keys:
                    return keys
        return ()
