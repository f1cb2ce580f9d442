"""Case files of differ and planner checks: discovered from cases/, rewritten on request.

A file holds cases one after the other, after a header of `#` lines::

    === a column becomes nullable
    --- old
    table "t" { column "a" integer }
    --- new
    table "t" { column "a" integer? }
    --- changes
    ~ column public.t.a: nullable
    --- plan
    ALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;

Sections: ``both`` (text of both states, before their own), ``old``, ``new``,
``options`` (``schema = NAME``, ``concurrent_indexes``), ``changes`` (helpers.describe,
a line a change), ``plan`` (as `schemac diff` prints it, hazards as comments; empty: no
statements) and ``xfail`` (why the plan is wrong: ``plan`` then holds the right one).
`pytest --update-goldens` rewrites ``changes`` and ``plan`` from what the code gives,
but for cases marked xfail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["Case", "load_cases", "write_cases"]

FOLDER = Path(__file__).parent / "cases"

_SECTIONS = ("xfail", "options", "both", "old", "new", "changes", "plan")


@dataclass(frozen=True, slots=True)
class Case:
    file: Path
    name: str
    xfail: str | None = None
    options: str = ""
    both: str = ""
    old: str = ""
    new: str = ""
    changes: str | None = None
    plan: str | None = None

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")
        return f"{self.file.stem}/{slug}"

    def states(self) -> tuple[str, str]:
        return (
            "\n".join(t for t in (self.both, self.old) if t) + "\n",
            "\n".join(t for t in (self.both, self.new) if t) + "\n",
        )

    def option(self, name: str) -> str | None:
        """An option's value: ``""`` for one given without a value, None if not given."""
        for line in self.options.splitlines():
            key, _, value = line.partition("=")
            if key.strip() == name:
                return value.strip()
        return None


def _parse(path: Path) -> tuple[str, list[Case]]:
    header: list[str] = []
    cases: list[Case] = []
    fields: dict[str, str] = {}
    name: str | None = None
    section: str | None = None
    lines: list[str] = []

    def close_section() -> None:
        if section is not None:
            fields[section] = "\n".join(lines).strip("\n")

    def close_case() -> None:
        if name is not None:
            cases.append(Case(file=path, name=name, **fields))  # type: ignore[arg-type]

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            close_section()
            close_case()
            name, section, lines, fields = line[4:].strip(), None, [], {}
        elif line.startswith("--- ") and name is not None:
            close_section()
            section, lines = line[4:].strip(), []
            if section not in _SECTIONS:
                raise ValueError(f"{path.name}: unknown section `{section}` in case `{name}`")
        elif name is None:
            header.append(line)
        elif section is not None:
            lines.append(line)
    close_section()
    close_case()
    return "\n".join(header).strip("\n"), cases


def load_cases() -> list[Case]:
    out: list[Case] = []
    for path in sorted(FOLDER.glob("*.cases")):
        _, cases = _parse(path)
        out.extend(cases)
    ids = [c.id for c in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"case names repeat: {', '.join(repeated)}")
    return out


def _text(case: Case) -> str:
    parts = [f"=== {case.name}"]
    for section in _SECTIONS:
        value = getattr(case, section)
        if value is None or (value == "" and section not in ("changes", "plan")):
            continue
        parts.append(f"--- {section}")
        if value:
            parts.append(value)
    return "\n".join(parts)


def write_cases(found: dict[str, tuple[str, str]]) -> None:
    """Rewrite the files with ``found`` (case id -> changes, plan), but xfail cases."""
    for path in sorted(FOLDER.glob("*.cases")):
        header, cases = _parse(path)
        updated = [
            replace(c, changes=found[c.id][0], plan=found[c.id][1])
            if c.id in found and c.xfail is None
            else c
            for c in cases
        ]
        body = "\n\n".join(_text(c) for c in updated)
        path.write_text((f"{header}\n\n" if header else "") + body + "\n", encoding="utf-8")
