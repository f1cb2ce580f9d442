"""docs/diagnostics.md, made from the registry of codes.

    python -m schemac.diagnostics.docs docs/diagnostics.md   # write the page (make docs)
    python -m schemac.diagnostics.docs                       # print it

Edit a code's entry (its ``code(...)`` in diagnostics/catalog/, or diagnostics/hazards.py)
or the text below, never the page: tests/unit/test_registry.py fails when the page
differs from what this module makes.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from schemac.diagnostics.registry import GROUPS, Entry, Group, entries

__all__ = ["REGENERATE", "entry_line", "main", "page"]

REGENERATE = "python -m schemac.diagnostics.docs docs/diagnostics.md"

_INTRO = """
# Diagnostics

<!-- Made from the registry of codes in src/schemac/diagnostics/: edit the entries there,
then run `{regenerate}`. -->

`schemac check` reports every problem it finds in one run (up to `--max-errors`, 100 by
default). Each diagnostic has a stable code: `E` codes are errors (the schema is
rejected, exit code 1), `W` codes are warnings (it works, but surprises; exit code 0).

```text
error[E0401]: unknown column `auther_id` in `posts`
  --> blog.schema:12:18
   |
12 |   primary_key = [auther_id]
   |                  ^^^^^^^^^ `posts` has no such column
   |
   = help: did you mean `author_id`?
```

The first line gives the code and the message; `-->` the file, line and column (both
1-based, columns counted in characters); then the source lines with `^^^` under the
exact token, `---` under related places (the first declaration of a duplicate, say;
`:::` when that place is in another file), and a `help:` line. Colour is used only on a
terminal (`--color always|never` to choose, `NO_COLOR` to turn it off).

`schemac check --format json` prints the same data as a JSON list, for editors and CI:

```json
[
  {{
    "file": "blog.schema",
    "line": 12,
    "column": 18,
    "end_line": 12,
    "end_column": 27,
    "code": "E0401",
    "severity": "error",
    "message": "unknown column `auther_id` in `posts`",
    "help": "did you mean `author_id`?",
    "labels": [
      {{"file": "blog.schema", "line": 12, "column": 18, "end_line": 12, "end_column": 27,
       "message": "`posts` has no such column", "primary": true}}
    ],
    "fixes": [
      {{"title": "Change to `author_id`", "edits": [
        {{"file": "blog.schema", "line": 12, "column": 18, "end_line": 12, "end_column": 27,
         "replacement": "author_id"}}
      ]}}
    ]
  }}
]
```

Ends (`end_line`, `end_column`) are exclusive. `fixes` lists the changes that resolve
the diagnostic, for a tool to apply, likeliest first (empty when there is no obvious
one): each name a did-you-mean help offers for an unknown name, kind, attribute, choice
or enum value; removing a stray comma or a `?` that has no place; moving a `?` after
an array's `[]`; `unlogged = true` for `unlogged true`; double quotes for single. The
editor's quick fixes (`schemac lsp`) are these fixes.

Every code has a stable kebab-case name as well (`E0401` is `unknown-column`), and one
entry in the registry of codes: its name, a one-line summary, its owner (the module
that reports it) and the documentation on this page. Under each heading below are the
code's name, its severity and its owner (under `src/schemac/`; for plan hazards,
`plan.py`, which defines their kinds). `schemac explain E0401` (or `schemac explain
unknown-column`) prints an entry; `schemac explain --list` lists them all. `schemac
check --select` and `--ignore` choose the codes reported, by code, name or prefix
(`E04`, `W`): see [cli.md](cli.md#choosing-the-codes-reported-select-and-ignore). The
wordings of the messages live in `src/schemac/diagnostics/catalog/`, one module per
group of codes, each beside the entries of its codes; plan hazards have codes too (last
on this page).
"""


def entry_line(entry: Entry) -> str:
    """`unknown-column` · error · `check/rules/known_columns.py`."""
    return f"`{entry.name}` · {entry.severity} · `{entry.owner}`"


def _heading(group: Group, members: list[Entry]) -> str:
    ranges = []
    for prefix in group.prefixes:
        if any(e.code.startswith(prefix) for e in members):
            ranges.append(prefix + "x" * (5 - len(prefix)))
    return f"## {group.title} ({', '.join(ranges)})"


def page() -> str:
    """The whole of docs/diagnostics.md."""
    parts = [inspect.cleandoc(_INTRO.format(regenerate=REGENERATE))]
    listed = entries()
    for group in GROUPS:
        members = [e for e in listed if e.code.startswith(group.prefixes)]
        if not members:
            continue
        parts.append(_heading(group, members))
        if group.intro:
            parts.append(inspect.cleandoc(group.intro))
        for entry in members:
            parts.append(f"### {entry.code} {entry.summary}")
            parts.append(entry_line(entry))
            parts.append(entry.docs)
    return "\n\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    text = page()
    if not argv:
        sys.stdout.write(text)
        return 0
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write(f"usage: {REGENERATE.replace('docs/diagnostics.md', '[PATH]')}\n")
        return 2
    Path(argv[0]).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
