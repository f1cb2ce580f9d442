"""Names for unnamed constraints and indexes, chosen as PostgreSQL chooses them.

PostgreSQL names `unique (a, b)` on `t` as `t_a_b_key`, cutting long parts so the
whole fits in 63 bytes (makeObjectName in its source). Giving an object the name
PostgreSQL would give it means a database created from the schema reads back the
same. When PostgreSQL's choice collides with an existing name it appends a number;
that is not modelled here, so name such objects explicitly.
"""

from __future__ import annotations

import re

from schemac.dialects.postgres.tables import MAX_NAME_BYTES

__all__ = ["choose_name", "expression_column_name", "join_columns"]


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


_NAME = r'(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")*")'
_REF = re.compile(rf"{_NAME}(?:\s*\.\s*{_NAME})*\Z")
_CALL_HEAD = re.compile(rf"({_NAME}(?:\s*\.\s*{_NAME})*)\s*\(")
_KEYWORD_CALLS = {"array": "array", "row": "row", "exists": "exists"}
_CONSTANTS = frozenset(("true", "false", "null"))


def _top_level(text: str) -> list[tuple[int, str]]:
    """(index, character) of the characters outside brackets and quotes."""
    out = []
    depth, quote = 0, ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            out.append((i, ch))
    return out


def _strip_parens(text: str) -> str:
    while text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip()
        if any(depth < 0 for depth in _depths(inner)):
            break  # `(a) + (b)`: the parentheses do not enclose the whole
        text = inner
    return text


def _depths(text: str) -> list[int]:
    depth, out, quote = 0, [], ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        out.append(depth)
    return out


def _last_name(dotted: str) -> str:
    part = re.split(r"\s*\.\s*", dotted.strip())[-1]
    if part.startswith('"'):
        return part[1:-1].replace('""', '"')
    return part.lower()


def _figure(text: str) -> str | None:
    """PostgreSQL's FigureColname, on SQL text: the name a result column would get."""
    text = _strip_parens(text.strip())
    top = _top_level(text)
    flat = "".join(ch for _, ch in top)
    cast = flat.rfind("::")
    if cast >= 0:
        at = top[cast][0]
        inner = _figure(text[:at])
        if inner is not None:
            return inner
        type_text = re.sub(r"\[\s*\d*\s*\]", "", text[at + 2 :]).strip()
        type_text = type_text.split("(")[0].strip()
        return _last_name(type_text.split()[-1]) if type_text else None
    upper = flat.upper()
    collate = upper.rfind(" COLLATE ")
    if collate >= 0:
        return _figure(text[: top[collate][0]])
    if " AT TIME ZONE " in upper:
        return "timezone"
    if re.match(r"CASE\s", upper):
        return "case"
    if re.search(r"\s", flat.strip()):
        return None  # an operator expression: PostgreSQL gives it no name of its own
    call = _CALL_HEAD.match(text)
    if call is not None:
        name = _last_name(call.group(1))
        return _KEYWORD_CALLS.get(name, name)
    if re.match(r"ARRAY\s*\[", text, re.IGNORECASE):
        return "array"
    if _REF.match(text) and text.lower() not in _CONSTANTS:
        return _last_name(text)
    return None


def expression_column_name(sql: str) -> str:
    """What PostgreSQL calls an index expression column (`lower(email)` -> `lower`).

    Function calls give their name, casts what they cast (or the type), `CASE` gives
    `case`, `AT TIME ZONE` `timezone`; operator expressions and constants `expr`.
    """
    return _figure(sql) or "expr"


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
