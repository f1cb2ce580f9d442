"""`--select` and `--ignore`: which diagnostics a command reports, by code, name or prefix.

A selector is a code (`E0401`, any case), a name (`unknown-column`) or a prefix of
codes (`E04`, `W`); an option may be repeated, and a value may hold several, separated
by commas (`--ignore W0501,W0502`). A code is reported when the most specific selector
matching it (the longest prefix; a code or name is the most specific) is one of
`--select`'s; when none matches, when there is no `--select`. At equal specificity
`--ignore` wins. So `--select E04 --ignore E0401` reports the reference errors except
unknown columns, and nothing else; `--ignore W05` everything but the constraint
warnings; `--select E,W0501` the errors and one warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.registry import entries, find
from schemac.diagnostics.suggest import did_you_mean
from schemac.records import record

__all__ = ["Selection", "SelectionError", "selection"]

_PREFIX = re.compile(r"[EWH]\d{0,3}")


class SelectionError(ValueError):
    """A selector that names no code, or codes the command cannot select."""


@record
class Selection:
    """Normalised selectors: codes and code prefixes, upper case."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.select or self.ignore)

    def keeps(self, code: str) -> bool:
        """Whether diagnostics with ``code`` are reported."""
        best: tuple[int, bool] | None = None  # (specificity, ignored)
        for prefixes, ignored in ((self.select, False), (self.ignore, True)):
            for prefix in prefixes:
                if code.startswith(prefix) and (best is None or (len(prefix), ignored) > best):
                    best = (len(prefix), ignored)
        if best is None:
            return not self.select
        return not best[1]

    def shown(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if self.keeps(d.code)]

    def shown_or_errors(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """What `compile` prints: every error, and the warnings selected."""
        return [d for d in diagnostics if d.is_error or self.keeps(d.code)]


def _selectors(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _resolve(text: str, option: str, command: str, warnings_only: bool) -> str:
    entry = find(text)
    codes = [e.code for e in entries()]
    if entry is not None:
        wanted, matched = entry.code, [entry.code]
    elif _PREFIX.fullmatch(text.upper()):
        wanted = text.upper()
        matched = [code for code in codes if code.startswith(wanted)]
        if not matched:
            raise SelectionError(f"{option}: no code starts with `{text}`")
    else:
        close = did_you_mean(text, [*codes, *(e.name for e in entries())])
        hint = close or "`schemac explain --list` lists the codes"
        raise SelectionError(f"{option}: no code, name or prefix `{text}`; {hint}")
    if any(code.startswith("H") for code in matched):
        raise SelectionError(
            f"{option}: `{text}` names plan hazards, which `{command}` does not report"
        )
    if warnings_only and not all(code.startswith("W") for code in matched):
        raise SelectionError(
            f"{option}: `{text}` names errors; `{command}` reports every error (a schema with"
            " errors is not compiled), so only warnings can be selected or ignored"
        )
    return wanted


def selection(
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    command: str = "check",
    warnings_only: bool = False,
) -> Selection:
    """The selection the options ask for; SelectionError names a selector that is wrong."""
    return Selection(
        select=tuple(_resolve(s, "--select", command, warnings_only) for s in _selectors(select)),
        ignore=tuple(_resolve(s, "--ignore", command, warnings_only) for s in _selectors(ignore)),
    )
