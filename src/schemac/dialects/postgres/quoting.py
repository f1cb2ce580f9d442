"""Identifiers and literals as PostgreSQL reads them: the only way names and strings enter SQL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from schemac.dialects.postgres.keywords import QUOTED_KEYWORDS

if TYPE_CHECKING:
    from schemac.ir.model import ObjectName

__all__ = [
    "collation",
    "dollar_quote",
    "ident",
    "idents",
    "literal",
    "qualified",
    "qualified_text",
    "role",
]

_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
_QUALIFIED_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?\Z")


_IDENTS: dict[str, str] = {}


def ident(name: str) -> str:
    """An identifier, quoted unless PostgreSQL would read it back unchanged (as quote_ident)."""
    quoted = _IDENTS.get(name)
    if quoted is None:
        if _PLAIN.match(name) and name not in QUOTED_KEYWORDS:
            quoted = name
        else:
            quoted = '"' + name.replace('"', '""') + '"'
        if len(_IDENTS) < 100_000:
            _IDENTS[name] = quoted
    return quoted


def idents(names: Iterable[str]) -> str:
    """A comma-separated identifier list: `a, "B", c`."""
    return ", ".join(ident(n) for n in names)


def qualified(schema: str | None, name: str) -> str:
    """`schema.name`, each part quoted as needed; no schema gives the bare name."""
    return f"{ident(schema)}.{ident(name)}" if schema is not None else ident(name)


def collation(name: ObjectName) -> str:
    """A collation as COLLATE names it: qualified, but for one of pg_catalog (`"C"`).

    pg_catalog is searched first whatever the search_path, so its collations need no
    schema; a collation the files do not declare is written so too, and PostgreSQL
    finds it.
    """
    if name.schema is None or name.schema == "pg_catalog":
        return ident(name.name)
    return qualified(name.schema, name.name)


def qualified_text(name: str) -> str:
    """A name written as text that may hold one dot (`jsonb_path_ops`, `pg_catalog.C`).

    Plain lower-case words keep their dot; anything else is one quoted identifier.
    """
    if _QUALIFIED_PLAIN.match(name) and not any(
        part in QUOTED_KEYWORDS for part in name.split(".")
    ):
        return name
    return ident(name)


# Role names PostgreSQL reads as keywords, not as roles of that name.
_ROLE_WORDS = {
    "public": "PUBLIC",
    "current_user": "CURRENT_USER",
    "session_user": "SESSION_USER",
    "current_role": "CURRENT_ROLE",
}


def role(name: str) -> str:
    """A role in GRANT and CREATE POLICY: `public` and the current-user words are keywords."""
    word = _ROLE_WORDS.get(name)
    return word if word is not None else ident(name)


def literal(text: str) -> str:
    """A string constant: single quotes doubled (standard_conforming_strings is on)."""
    return "'" + text.replace("'", "''") + "'"


def dollar_quote(body: str) -> str:
    """A function body between dollar quotes whose tag does not occur in the body."""
    for tag in ("$$", "$function$", "$body$"):
        if tag not in body and not body.endswith(tag[:-1]):
            return f"{tag}{body}{tag}"
    n = 1
    while f"$q{n}$" in body or body.endswith(f"$q{n}"):
        n += 1
    return f"$q{n}${body}$q{n}$"
