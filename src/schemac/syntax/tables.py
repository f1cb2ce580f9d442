"""The grammar, compiled: Lark reads grammar/schema.lark and builds the LALR(1) tables.

Lark is used as the parser generator; the tables it computes are copied into plain
dicts that schemac's own driver (parser.py) runs, with error recovery and spans, at
several times the speed of Lark's general-purpose runtime. The compiled tables are
cached on disk, keyed by the grammar's hash, so a warm start does not import Lark.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RulePlan", "Tables", "grammar_path", "grammar_text", "load_tables"]

_CACHE_FORMAT = 5
_FREQUENCY_ORDER = (
    "NAME",
    "_NL",
    "STRING",
    "LBRACE",
    "RBRACE",
    "_EQ",
    "ARRAY_SUFFIX",
    "LSQB",
    "RSQB",
    "_COMMA",
    "LPAR",
    "RPAR",
    "NUMBER",  # before "." so that `.5` is a number
    "_DOT",
    "QMARK",
    "COMMENT",
    "HEREDOC",
)


def grammar_path() -> Path:
    """Where the grammar is read from: the installed package, else the source tree."""
    # Looked for on disk first, without importlib.resources (and the zipfile and
    # tempfile modules it imports), which only a zipped install needs.
    here = Path(__file__).resolve()
    for candidate in (
        here.parents[1] / "grammar" / "schema.lark",  # installed: schemac/grammar/
        here.parents[3] / "grammar" / "schema.lark",  # the source tree: grammar/
    ):
        if candidate.is_file():
            return candidate
    from importlib import resources  # noqa: PLC0415

    return Path(str(resources.files("schemac").joinpath("grammar/schema.lark")))


def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class RulePlan:
    """How to reduce one grammar rule.

    ``keep`` lists the children passed on, as (index, splice): splice is true for the
    lists produced by inlined rules (names starting with ``_``). ``callback`` names the
    builder method (the rule's alias or name); inlined rules have none and yield lists.
    """

    size: int
    origin: str
    callback: str | None
    keep: tuple[tuple[int, bool], ...]
    expand1: bool
    left_recursive: bool


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything the lexer and the parser driver need, as plain data."""

    pattern: str  # optional blanks, then one named group per terminal
    blank_pattern: str
    terminal_names: tuple[str, ...]
    actions: dict[int, dict[str, int]]  # >= 0: shift to state; < 0: reduce rule ~n
    gotos: dict[int, dict[str, int]]
    rules: tuple[RulePlan, ...]
    start_state: int
    end_state: int
    item_start_states: frozenset[int]


def _cache_file(text: str) -> Path:
    # The tables are plain data that depend on the grammar alone (not on the Lark
    # version that computed them), so the grammar's hash is the whole key.
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\0{text}".encode()).hexdigest()[:24]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "schemac" / f"grammar-{digest}.pickle"


def _compile(text: str) -> Tables:
    # Lark is imported here, not at the top: a warm cache needs no Lark at all.
    from lark import Lark  # noqa: PLC0415
    from lark.parsers.lalr_analysis import Shift  # noqa: PLC0415

    lark = Lark(text, parser="lalr", lexer="contextual")
    # The LALR table Lark computed, reached through its public interactive parser
    # (its state's parse configuration holds the table) rather than the private
    # `_parse_table` of its frontend, which may move between releases.
    table = lark.parse_interactive("").parser_state.parse_conf.parse_table
    # The regex tries alternatives in order: frequent terminals first. Order only
    # matters where two terminals overlap; the one such pair, ARRAY_SUFFIX and LSQB,
    # is listed longest first. Keywords are recognised by the lexer (NAME comes first).
    rank = {name: i for i, name in enumerate(_FREQUENCY_ORDER)}
    terminals = sorted(lark.terminals, key=lambda t: (rank.get(t.name, len(rank)), t.name))
    # Every token match first skips blanks (the WS terminal), so one regex call reads
    # one token.
    blank = next(t for t in terminals if t.name == "WS").pattern.to_regexp()
    alternatives = "|".join(
        f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals if t.name != "WS"
    )
    pattern = f"(?:{blank})?(?:{alternatives})"
    terminal_names = tuple(str(t.name) for t in terminals)

    rule_ids: dict[int, int] = {}
    rule_objects: list[object] = []
    for actions in table.states.values():
        for action, arg in actions.values():
            if action is not Shift and id(arg) not in rule_ids:
                rule_ids[id(arg)] = len(rule_objects)
                rule_objects.append(arg)
    nonterminals = {str(rule.origin.name) for rule in rule_objects}  # type: ignore[attr-defined]

    plans: list[RulePlan] = []
    for rule in rule_objects:
        name = str(rule.alias or rule.origin.name)  # type: ignore[attr-defined]
        keep: list[tuple[int, bool]] = []
        for index, symbol in enumerate(rule.expansion):  # type: ignore[attr-defined]
            if symbol.is_term:
                if not symbol.filter_out:
                    keep.append((index, False))
            else:
                keep.append((index, str(symbol.name).startswith("_")))
        inline = name.startswith("_")
        plans.append(
            RulePlan(
                size=len(rule.expansion),  # type: ignore[attr-defined]
                origin=str(rule.origin.name),  # type: ignore[attr-defined]
                callback=None if inline else name,
                keep=tuple(keep),
                expand1=bool(rule.options.expand1),  # type: ignore[attr-defined]
                left_recursive=bool(keep) and keep[0] == (0, True),
            )
        )

    actions_out: dict[int, dict[str, int]] = {}
    gotos_out: dict[int, dict[str, int]] = {}
    for state, actions in table.states.items():
        shift_reduce: dict[str, int] = {}
        goto: dict[str, int] = {}
        for raw_symbol, (action, arg) in actions.items():
            symbol = str(raw_symbol)
            if symbol in nonterminals:
                goto[symbol] = arg
            elif action is Shift:
                shift_reduce[symbol] = arg
            else:
                shift_reduce[symbol] = ~rule_ids[id(arg)]
        actions_out[state] = shift_reduce
        gotos_out[state] = goto

    item_starts = frozenset(s for s, goto in gotos_out.items() if "attribute" in goto)
    return Tables(
        pattern=pattern,
        blank_pattern=blank,
        terminal_names=terminal_names,
        actions=actions_out,
        gotos=gotos_out,
        rules=tuple(plans),
        start_state=table.start_states["start"],
        end_state=table.end_states["start"],
        item_start_states=item_starts,
    )


_TABLES: Tables | None = None


def load_tables() -> Tables:
    """The compiled grammar, from the on-disk cache when it is current."""
    global _TABLES
    if _TABLES is not None:
        return _TABLES
    text = grammar_text()
    cache = _cache_file(text)
    if cache.is_file():
        try:
            with cache.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, Tables):
                re.compile(loaded.pattern)
                _TABLES = loaded
                return loaded
        except Exception:  # a stale or damaged cache is rebuilt
            pass
    tables = _compile(text)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:  # an unwritable cache only costs time
        pass
    _TABLES = tables
    return tables
