"""Scratch schema names: declared schemas moved aside in the model and in SQL text, and back.

To read PostgreSQL's canonical text of what the files declare, schemac builds it on a
live server (normalizer/run.py) under scratch schema names (`schemac_<token>_<n>`), so
nothing the database holds is touched, and renames what it reads back. A `Renamer`
moves names one way: a qualified reference `blog.posts` to an object the files declare
becomes `schemac_<token>_1.posts`; references to anything else (an extension's type in
`public`, say) stay as written. Going back, every scratch name is renamed, token by
token, so text PostgreSQL stores verbatim comes back exactly as written.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from schemac.dialects.postgres.quoting import ident
from schemac.dialects.sql.order import SQL_TOKEN, token_name
from schemac.ir import model as m
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import TypeKind, TypeRef

__all__ = ["Renamer", "ScratchError", "declared_names"]

_USER_TYPES = (TypeKind.ENUM, TypeKind.DOMAIN, TypeKind.COMPOSITE)


class ScratchError(Exception):
    """The files could not be built on the server (the message says why)."""


class Renamer:
    """Moves references between real and scratch schema names, in the model and in text.

    Forth (``back`` False): ``mapping`` is real -> scratch, and only references to what
    ``declared`` holds move; ``used`` collects the real schemas a reference was moved
    from. Back: ``mapping`` is scratch -> real, and every scratch name moves.
    """

    def __init__(
        self,
        mapping: dict[str, str],
        declared: set[tuple[str, str]],
        *,
        back: bool = False,
        needles: tuple[str, ...] | None = None,
    ) -> None:
        self.mapping = mapping
        self.declared = declared
        self.back = back
        self.used: set[str] = set()
        self._fields: dict[type, tuple[str, ...]] = {}
        # Text that holds none of these holds no name to move: a qualified reference
        # has a dot; a scratch name its common prefix.
        if needles is None:
            needles = tuple(sorted({_prefix(s) for s in mapping})) if back else (".",)
        self._needles = needles

    # ------------------------------------------------------------------ text

    def text(self, text: str) -> str:
        if not any(n in text for n in self._needles):
            return text
        tokens = list(SQL_TOKEN.finditer(text))
        out: list[str] = []
        for i, match in enumerate(tokens):
            out.append(self._token(match, tokens, i))
        return "".join(out)

    def _token(self, match: re.Match[str], tokens: list[re.Match[str]], i: int) -> str:
        if match.lastgroup == "string":
            inner = match.group("string").replace("''", "'")
            renamed = self.text(inner) if len(inner) < 500 else inner
            return match.group() if renamed == inner else "'" + renamed.replace("'", "''") + "'"
        name = token_name(match)
        target = self.mapping.get(name) if name is not None else None
        if target is None or name is None:
            return match.group()
        if not self.back:
            nxt = tokens[i + 2] if i + 2 < len(tokens) else None
            followed = i + 1 < len(tokens) and tokens[i + 1].lastgroup == "dot"
            member = token_name(nxt) if nxt is not None and followed else None
            if member is None or (name, member) not in self.declared:
                return match.group()
            self.used.add(name)
            return ident(target)
        return ident(target)

    # ------------------------------------------------------------------ model

    def schema(self, name: str | None) -> str | None:
        """A schema's name moved (a name the mapping lacks stays)."""
        if name is None:
            return None
        target = self.mapping.get(name)
        if target is None:
            return name
        if not self.back:
            self.used.add(name)
        return target

    def value(self, value: Any) -> Any:
        if isinstance(value, tuple):
            items = tuple(self.value(v) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, TypeRef):
            if value.kind in _USER_TYPES and value.schema in self.mapping:
                return dataclasses.replace(value, schema=self.schema(value.schema))
            return value
        if isinstance(value, m.ObjectName):
            known = self.back or (value.schema, value.name) in self.declared
            if value.schema in self.mapping and known:
                return m.ObjectName(schema=self.schema(value.schema), name=value.name)
            return value
        if isinstance(value, m.SqlExpr):
            text = self.text(value.text)
            return value if text == value.text else m.SqlExpr(text=text)
        if isinstance(value, m.GrantTarget) and value.kind is m.GrantTargetKind.SCHEMA:
            name = self.schema(value.name.name) or value.name.name
            return dataclasses.replace(value, name=m.ObjectName(schema=None, name=name))
        if isinstance(value, m.Extension):
            return value  # extensions stay where they are
        if isinstance(value, m.Schema):
            renamed = self._record(value)
            return dataclasses.replace(renamed, name=self.schema(value.name))
        if isinstance(value, m.Function):
            renamed = self._record(value)
            body = self.text(value.body)
            return renamed if body == value.body else dataclasses.replace(renamed, body=body)
        if isinstance(value, m.Partition) and value.schema in self.mapping:
            renamed = self._record(value)  # a partition in a schema of its own moves too
            return dataclasses.replace(renamed, schema=self.schema(value.schema))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._record(value)
        return value

    def _record(self, value: Any) -> Any:
        cls = type(value)
        names = self._fields.get(cls)
        if names is None:
            names = self._fields[cls] = tuple(
                f.name for f in dataclasses.fields(cls) if f.name != "origin"
            )
        changes = {}
        for name in names:
            old = getattr(value, name)
            if old is None or isinstance(old, str | int | bool):
                continue
            new = self.value(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value

    def message(self, text: str) -> str:
        """A server's message with scratch names put back (going back only)."""
        for scratch, real in self.mapping.items():
            text = text.replace(ident(scratch), ident(real)).replace(scratch, real)
        return text


def _prefix(scratch: str) -> str:
    """The part scratch names share (`schemac_<token>_`)."""
    return scratch.rsplit("_", 1)[0] + "_" if scratch.startswith("schemac_") else scratch


def declared_names(database: m.Database) -> set[tuple[str, str]]:
    """(schema, name) of every object ``database`` declares, in lower case too."""
    out: set[tuple[str, str]] = set()
    for s in database.schemas:
        schema = s.name or ""
        names: list[str] = []
        for field in m.SCHEMA_OBJECT_FIELDS:
            names += [obj.name for obj in getattr(s, field)]
        for t in s.tables:
            names += [i.name for i in t.indexes]
            # A partition, its indexes and its copies of indexes above are in its own
            # schema when it names one, else in its parent's.
            for p, own in partition_schemas(t.partitions, s.name):
                mine = [p.name, *(i.name for i in p.indexes), *(c.name for c in p.copies)]
                out |= {(own or "", n) for n in mine} | {(own or "", n.lower()) for n in mine}
        for name in names:
            out.add((schema, name))
            out.add((schema, name.lower()))
    return out
