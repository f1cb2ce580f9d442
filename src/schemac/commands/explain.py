"""`schemac explain CODE|NAME`: a code's entry in the registry, or a table of them all."""

from __future__ import annotations

import sys
from typing import TextIO

from schemac.commands.output import EXIT_OK, fail
from schemac.diagnostics.registry import Entry, entries, find
from schemac.diagnostics.render import style_for
from schemac.diagnostics.suggest import did_you_mean

__all__ = ["explain_command", "list_codes", "unknown_code"]


def _explain(entry: Entry) -> str:
    rows = [
        ("code", entry.code),
        ("name", entry.name),
        ("severity", entry.severity),
        ("owner", entry.owner),
        ("summary", entry.summary),
    ]
    width = max(len(key) for key, _ in rows) + 2
    head = "".join(f"{key + ':':<{width}}{value}\n" for key, value in rows)
    return f"{head}\n{entry.docs}\n"


def list_codes() -> str:
    """Every code, one line each: code, name, severity and summary, in columns."""
    listed = entries()
    name_width = max(len(e.name) for e in listed)
    severity_width = max(len(e.severity) for e in listed)
    return "".join(
        f"{e.code}  {e.name:<{name_width}}  {e.severity:<{severity_width}}  {e.summary}\n"
        for e in listed
    )


def unknown_code(text: str) -> str:
    """Why ``text`` names no code, with the closest codes or names."""
    listed = entries()
    candidates = [e.code for e in listed] + [e.name for e in listed]
    wanted = text.strip()
    close = did_you_mean(wanted.replace("_", "-"), candidates)  # compared in any case
    message = f"no code or name `{wanted}`"
    return f"{message}; {close}" if close else f"{message} (`schemac explain --list` lists them)"


def explain_command(
    query: str | None,
    *,
    list_all: bool = False,
    color: str = "auto",
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print the entry of a code or name (any case), or with ``list_all`` every code."""
    if list_all:
        out.write(list_codes())
        return EXIT_OK
    entry = find(query or "")
    if entry is None:
        return fail(unknown_code(query or ""), err, style_for(color, err))
    out.write(_explain(entry))
    return EXIT_OK
