"""Every code schemac reports, in one registry: diagnostics (E, W) and plan hazards (H).

Each code has an entry: a stable kebab-case name, a one-line summary, the module that
reports it (its owner, relative to ``src/schemac``) and documentation (markdown). The
severity is the code's letter: ``E`` error, ``W`` warning, ``H`` plan hazard.

Entries are made where their codes are used: a catalog module registers each diagnostic
code beside the factories that build its messages (``code(...)`` in catalog/_base.py),
and diagnostics/hazards.py registers a code for each kind of plan hazard. This module
answers questions about all of them (`entries`, `get`, `find`); docs/diagnostics.md and
`schemac explain` are made from it.

To add a diagnostic code: in the catalog module of its group, register it beside the
factory that builds its message::

    E_SOMETHING = code(
        "E05NN",  # the next free number of the group
        "kebab-name",
        "a one-line summary",
        owner="check/rules/the_rule.py",  # the module that emits it
        docs="(a triple-quoted paragraph or a few, in markdown, with an example)",
    )

then remake the docs page (`make docs`) and add a golden case that reports it
(tests/golden/check). tests/unit/test_registry.py checks the entry, and that its owner
reports it.

Diagnostic codes are a letter, a two-digit group and a two-digit number (``E0401``:
group 04, references). Hazard codes follow the same form: ``H`` and a two-digit family,
one per kind of hazard (``H01`` data loss), then ``00`` for the kind itself; finer codes
within a family (``H0101``, ...) are left for later lint rules, so selecting ``H01``
keeps meaning every data-loss hazard.
"""

from __future__ import annotations

import inspect
import re

from schemac.records import record

__all__ = [
    "GROUPS",
    "Entry",
    "Group",
    "entries",
    "find",
    "get",
    "group_of",
    "hazard_entry",
    "register",
]

CODE = re.compile(r"[EWH]\d{4}")
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

_SEVERITIES = {"E": "error", "W": "warning", "H": "hazard"}


@record
class Entry:
    """One code: what it is called, what it means, who reports it, and its documentation."""

    code: str  # "E0401"
    name: str  # "unknown-column"
    summary: str  # one line, no final full stop
    owner: str  # the module reporting it, relative to src/schemac: "check/rules/known_columns.py"
    docs: str  # markdown: a paragraph or a few, with an example where one helps

    @property
    def severity(self) -> str:
        """`error`, `warning`, or `hazard` (a plan hazard), from the code's letter."""
        return _SEVERITIES[self.code[0]]

    @property
    def is_hazard(self) -> bool:
        return self.code.startswith("H")


@record
class Group:
    """A section of docs/diagnostics.md: the codes starting with one of ``prefixes``."""

    title: str
    prefixes: tuple[str, ...]
    intro: str = ""  # markdown, indented as in source (`inspect.cleandoc` reads it)


GROUPS: tuple[Group, ...] = (
    Group(
        title="Syntax",
        prefixes=("E00",),
        intro="""
        A syntax error drops the broken item (the attribute or block it is in) and the parser
        carries on with the next one, so independent mistakes are all reported.
        """,
    ),
    Group(
        title="Shape",
        prefixes=("E01",),
        intro="""
        Each block kind takes certain attributes and child blocks, and each attribute a value
        of one shape; `docs/language.md` lists them all.
        """,
    ),
    Group(title="Names", prefixes=("E02", "W02")),
    Group(title="Types", prefixes=("E03", "W03")),
    Group(
        title="References",
        prefixes=("E04", "W04"),
        intro="""
        Names resolve in the enclosing schema first, then in the default schema (objects
        outside any `schema` block); `schema.name` names another schema.
        """,
    ),
    Group(title="Constraints", prefixes=("E05", "W05")),
    Group(
        title="Compiling for a dialect",
        prefixes=("E06", "W06"),
        intro="""
        `schemac compile` (and `diff` and `apply`, for `.schema` states) report these after
        the checker has found the files sound: they come from binding the default schema to
        a name, or from what the target database cannot do.
        """,
    ),
    Group(
        title="Plan hazards",
        prefixes=("H",),
        intro="""
        `schemac diff` and `schemac apply` mark each statement of a plan with the hazards a
        reviewer must see; they come from the kind of change, never from reading the SQL. A
        hazard's code is `H`, a two-digit family (one per kind of hazard) and a two-digit
        number: `00` is the kind itself, the only code reported today. Finer codes will take
        the next numbers of their kind's family (`H0101` for one way of losing data, say),
        so `H01` keeps meaning every data-loss hazard. The text and JSON output of `diff`
        and `apply` name hazards by kind (`data loss`); the codes and names are for `schemac
        explain` and for tools.
        """,
    ),
)

_ENTRIES: dict[str, Entry] = {}
_BY_NAME: dict[str, Entry] = {}


def register(code: str, name: str, summary: str, *, owner: str, docs: str) -> Entry:
    """Add a code to the registry (at import time); its code and name must be new."""
    if not CODE.fullmatch(code):
        raise ValueError(f"{code!r} is not a code: a letter E, W or H and four digits")
    if not NAME.fullmatch(name):
        raise ValueError(f"{code}: {name!r} is not a kebab-case name")
    if code in _ENTRIES or name in _BY_NAME:
        raise ValueError(f"{code} {name}: registered twice")
    entry = Entry(code=code, name=name, summary=summary, owner=owner, docs=inspect.cleandoc(docs))
    _ENTRIES[code] = entry
    _BY_NAME[name] = entry
    return entry


def _load() -> None:
    # The modules that register entries import this one; importing them here, not at the
    # top, lets either be imported first.
    from schemac.diagnostics import catalog, hazards  # noqa: F401, PLC0415


def entries() -> tuple[Entry, ...]:
    """Every entry, in code order (E before W within a group, hazards last)."""
    _load()
    return tuple(sorted(_ENTRIES.values(), key=_order))


def _order(entry: Entry) -> tuple[int, str]:
    return (_group_index(entry.code), entry.code)


def _group_index(code: str) -> int:
    for i, group in enumerate(GROUPS):
        if code.startswith(group.prefixes):
            return i
    return len(GROUPS)


def group_of(entry: Entry) -> Group | None:
    index = _group_index(entry.code)
    return GROUPS[index] if index < len(GROUPS) else None


def get(code: str) -> Entry | None:
    """The entry of a code exactly as written (`E0401`)."""
    _load()
    return _ENTRIES.get(code)


def find(text: str) -> Entry | None:
    """The entry a user means: a code in any case (`e0401`) or a name (`unknown-column`)."""
    _load()
    wanted = text.strip()
    return _ENTRIES.get(wanted.upper()) or _BY_NAME.get(wanted.lower().replace("_", "-"))


def hazard_entry(kind: str) -> Entry:
    """The entry of a kind of plan hazard, by the kind's words: `data loss` is `data-loss`."""
    _load()
    return _BY_NAME[kind.replace(" ", "-")]
