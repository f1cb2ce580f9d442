"""The desired state in PostgreSQL's canonical form, read back from the live server itself.

To compare `.schema` files with a live database, every expression in the files must be
in the text PostgreSQL prints for it (`between 1 and 9` is stored as `x >= 1 AND x <=
9`). So the files are built on the live server, inside a transaction that is always
rolled back: each declared schema under a scratch name (`schemac_<token>_<n>`), so
nothing the database holds is touched, then read back with the inspector in that same
transaction and renamed back. The objects built are new, so the only locks taken on
existing objects are the ACCESS SHARE locks of views and defaults that read them; a
`lock_timeout` bounds even those.

Names are moved to the scratch schemas in the model (schemas, references, user types)
and in SQL text: a qualified reference `blog.posts` to an object the files declare
becomes `schemac_<token>_1.posts`; references to anything else (an extension's type in
`public`, say) stay as written. PostgreSQL's output is renamed back token by token, so
bodies it stores verbatim come back exactly as written.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Callable
from typing import Any

import psycopg
import psycopg.sql

from schemac.dialects.postgres.order import SQL_TOKEN, token_name
from schemac.dialects.postgres.quoting import ident
from schemac.ir import model as m
from schemac.ir.partitions import partition_schemas
from schemac.ir.types import TypeKind, TypeRef

__all__ = ["ScratchError", "normalize_on_server"]

_USER_TYPES = (TypeKind.ENUM, TypeKind.DOMAIN, TypeKind.COMPOSITE)


class ScratchError(Exception):
    """The files could not be built on the server (the message says why)."""


class _Renamer:
    """Moves references between real and scratch schema names, in the model and in text."""

    def __init__(self, mapping: dict[str, str], declared: set[tuple[str, str]]) -> None:
        self.mapping = mapping  # real -> scratch (or scratch -> real, going back)
        self.declared = declared  # (schema, name) of what the state declares, lower case too
        self.back = False
        self._fields: dict[type, tuple[str, ...]] = {}

    # ------------------------------------------------------------------ text

    def text(self, text: str) -> str:
        if not any(s in text for s in self.mapping):
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
        if target is None:
            return match.group()
        if not self.back:
            nxt = tokens[i + 2] if i + 2 < len(tokens) else None
            followed = i + 1 < len(tokens) and tokens[i + 1].lastgroup == "dot"
            member = token_name(nxt) if nxt is not None and followed else None
            if member is None or (name, member) not in self.declared:
                return match.group()
            return f'"{target}"' if match.lastgroup == "quoted" else target
        return ident(target)

    # ------------------------------------------------------------------ model

    def value(self, value: Any) -> Any:
        if isinstance(value, tuple):
            items = tuple(self.value(v) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, TypeRef):
            if value.kind in _USER_TYPES and value.schema in self.mapping:
                return dataclasses.replace(value, schema=self.mapping[value.schema])
            return value
        if isinstance(value, m.ObjectName):
            known = self.back or (value.schema, value.name) in self.declared
            if value.schema in self.mapping and known:
                return m.ObjectName(schema=self.mapping[value.schema], name=value.name)
            return value
        if isinstance(value, m.SqlExpr):
            return m.SqlExpr(text=self.text(value.text))
        if isinstance(value, m.GrantTarget) and value.kind is m.GrantTargetKind.SCHEMA:
            name = self.mapping.get(value.name.name, value.name.name)
            return dataclasses.replace(value, name=m.ObjectName(schema=None, name=name))
        if isinstance(value, m.Extension):
            return value  # extensions stay where they are
        if isinstance(value, m.Schema):
            renamed = self._record(value)
            return dataclasses.replace(renamed, name=self.mapping.get(value.name or "", value.name))
        if isinstance(value, m.Function):
            renamed = self._record(value)
            return dataclasses.replace(renamed, body=self.text(value.body))
        if isinstance(value, m.Partition) and value.schema in self.mapping:
            renamed = self._record(value)  # a partition in a schema of its own moves too
            return dataclasses.replace(renamed, schema=self.mapping[value.schema])
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


def _declared(database: m.Database) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for s in database.schemas:
        schema = s.name or ""
        names: list[str] = []
        for field in m.SCHEMA_OBJECT_FIELDS:
            names += [obj.name for obj in getattr(s, field)]
        for t in s.tables:
            names += [i.name for i in t.indexes]
            for p, own in partition_schemas(t.partitions, s.name):
                out |= {(own or "", p.name), (own or "", p.name.lower())}
        for name in names:
            out.add((schema, name))
            out.add((schema, name.lower()))
    return out


def normalize_on_server(
    conn: psycopg.Connection[Any],
    database: m.Database,
    compile_sql: Callable[[m.Database], str],
    read: Callable[[psycopg.Connection[Any], list[str]], m.Database],
    *,
    lock_timeout: str = "5s",
) -> m.Database:
    """``database`` (bound) as PostgreSQL prints it.

    Built and read back on ``conn``'s server, in a transaction that is rolled back.
    """
    token = secrets.token_hex(4)
    real = [s.name or "" for s in database.schemas]
    forth = {name: f"schemac_{token}_{i}" for i, name in enumerate(real, 1)}
    declared = _declared(database)
    scratch = _Renamer(forth, declared).value(database)
    sql = compile_sql(scratch)
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT pg_catalog.set_config('lock_timeout', %s, true)", [lock_timeout])
        # An extension the files put in a schema they declare goes into that real schema
        # (made here if the database lacks it, and rolled back with the rest): its types
        # and functions are referred to by that name.
        for extension in database.extensions:
            if extension.schema is not None and extension.schema in forth:
                conn.execute(
                    psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                        psycopg.sql.Identifier(extension.schema)
                    )
                )
        try:
            conn.execute(sql.encode())
        except psycopg.Error as error:
            message = " ".join(str(error).split())
            for name, temp in forth.items():
                message = message.replace(temp, name)
            raise ScratchError(message) from None
        found = read(conn, list(forth.values()))
    finally:
        conn.execute("ROLLBACK")
    back = _Renamer({v: k for k, v in forth.items()}, set())
    back.back = True
    restored: m.Database = back.value(found)
    wanted = {e.name for e in database.extensions}
    grants = tuple(
        g
        for g in restored.grants
        if (
            g.target.name.name
            if g.target.kind is m.GrantTargetKind.SCHEMA
            else g.target.name.schema
        )
        in forth
    )
    return m.Database(
        schemas=tuple(s for s in restored.schemas if s.name in forth),
        extensions=tuple(e for e in restored.extensions if e.name in wanted),
        grants=grants,
    )
