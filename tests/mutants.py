"""Broken inputs for fuzzing: the examples and golden inputs, mutated, truncated and spliced.

Deterministic for a seed, so any failure can be replayed; also used to drive editors'
tests (the language server must survive every one of them).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Fragments the grammar cares about, to splice in.
TOKENS = [
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "=",
    ",",
    ".",
    "?",
    "[]",
    '"',
    "'",
    "`",
    "\n",
    "  ",
    "#",
    "//",
    "/*",
    "*/",
    "<<-SQL\n",
    "\nSQL\n",
    "<<EOT",
    "table",
    "column",
    "schema",
    "index",
    "true",
    "null",
    "sql(",
    "\\",
    "-",
    "1.5e3",
    "\t",
    "\u00e9",
    "\u4e2d",
    "\U0001f600",
    "\ufeff",
    "\r\n",
    "\x00",
    ";",
    ":",
    "@",
    "$",
    "desc",
    "references = ",
    "x.y.z",
]


def seeds() -> list[str]:
    """The texts mutants are made from: every example and golden input."""
    paths = sorted((ROOT / "examples").rglob("*.schema"))
    paths += sorted((ROOT / "tests" / "golden").rglob("*.schema"))
    return [p.read_text(encoding="utf-8") for p in paths]


def mutate(text: str, rng: random.Random) -> str:
    """One to four random edits: delete, insert, duplicate, swap, truncate."""
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        kind = rng.randrange(6)
        at = rng.randint(0, n)
        if kind == 0 and n:
            end = min(n, at + rng.randint(1, 40))
            text = text[:at] + text[end:]
        elif kind == 1:
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        elif kind == 2 and n:
            end = min(n, at + rng.randint(1, 80))
            text = text[:at] + text[at:end] * 2 + text[end:]
        elif kind == 3 and n > 2:
            b = rng.randint(0, n - 1)
            chars = list(text)
            chars[min(at, n - 1)], chars[b] = chars[b], chars[min(at, n - 1)]
            text = "".join(chars)
        elif kind == 4:
            text = text[:at]
        else:
            text = text[:at] + chr(rng.randint(1, 0x10FFFF) & 0x10FFFF) + text[at:]
    return text.replace("\ud800", "")


def mutants(count: int, seed: int = 0) -> Iterator[str]:
    """``count`` mutants, the same ones for the same seed."""
    rng = random.Random(seed)
    base = seeds()
    for _ in range(count):
        yield mutate(rng.choice(base), rng)
