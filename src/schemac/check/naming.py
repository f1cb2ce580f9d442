"""Names for unnamed constraints and indexes, chosen as PostgreSQL chooses them.

PostgreSQL names `unique (a, b)` on `t` as `t_a_b_key`, cutting long parts so the
whole fits in 63 bytes (makeObjectName in its source). Giving an object the name
PostgreSQL would give it means a database created from the schema reads back the
same. When PostgreSQL's choice collides with an existing name it appends a number;
that is not modelled here, so name such objects explicitly.
"""

from __future__ import annotations

import re

__all__ = ["MAX_NAME_BYTES", "choose_name", "expression_column_name", "join_columns"]

MAX_NAME_BYTES = 63
_CALL = re.compile(r"\s*\(*\s*(?:\w+\.)?(\w+)\s*\(")


def _clip(text: str, size: int) -> str:
    """The longest prefix of ``text`` within ``size`` UTF-8 bytes (no split characters)."""
    data = text.encode()
    if len(data) <= size:
        return text
    return data[:size].decode("utf-8", errors="ignore")


def choose_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's makeObjectName: `name1_name2_label`, shortened to fit."""
    overhead = len(label.encode()) + 1 + (1 if name2 else 0)
    available = MAX_NAME_BYTES - overhead
    n1 = len(name1.encode())
    n2 = len(name2.encode()) if name2 else 0
    while n1 + n2 > available:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    part1 = _clip(name1, n1)
    parts = [part1]
    if name2:
        parts.append(_clip(name2, n2))
    parts.append(label)
    return "_".join(parts)


def join_columns(columns: list[str]) -> str:
    """Column names joined by `_`, stopping once past 63 bytes (ChooseIndexNameAddition)."""
    out = ""
    for column in columns:
        if out:
            out += "_"
        out += column
        if len(out.encode()) >= MAX_NAME_BYTES + 1:
            break
    return _clip(out, MAX_NAME_BYTES)


def expression_column_name(sql: str) -> str:
    """What PostgreSQL calls an index expression column: the function's name, else `expr`."""
    match = _CALL.match(sql)
    return match.group(1).lower() if match else "expr"


def unique_names(names: list[str]) -> list[str]:
    """Make names distinct by appending numbers, as PostgreSQL does for index columns."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate = name
        n = 0
        while candidate in seen:
            n += 1
            candidate = f"{name}{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
