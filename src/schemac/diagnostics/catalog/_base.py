"""What every catalog module shares: registering codes, and the diagnostic builders."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Label, Severity
from schemac.diagnostics.registry import register
from schemac.source import Span

__all__ = ["CODES", "article", "code", "earlier", "error", "plural", "warning"]

# Diagnostic code -> its one-line summary (the registry holds the rest of each entry).
CODES: dict[str, str] = {}


def code(code: str, name: str, summary: str, *, owner: str, docs: str) -> str:
    """Register a diagnostic code (diagnostics/registry.py) and give it back, for a constant.

    ``name`` is the code's stable kebab-case name, ``owner`` the module that reports it
    (relative to src/schemac), ``docs`` its documentation in markdown.
    """
    register(code, name, summary, owner=owner, docs=docs)
    CODES[code] = summary
    return code


def plural(word: str) -> str:
    """`policy` -> `policies`, `index` -> `indexes`, `check` -> `checks`."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def article(word: str) -> str:
    """`a table`, `an index`."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _make(
    severity: Severity,
    code: str,
    message: str,
    primary: Label,
    *,
    secondary: tuple[Label, ...],
    help: str | None,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        primary=primary,
        secondary=secondary,
        help=help,
    )


def error(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
) -> Diagnostic:
    primary = Label(span=span, message=label)
    return _make(Severity.ERROR, code, message, primary, secondary=secondary, help=help)


def warning(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
) -> Diagnostic:
    primary = Label(span=span, message=label)
    return _make(Severity.WARNING, code, message, primary, secondary=secondary, help=help)


def earlier(span: Span, message: str = "first declared here") -> tuple[Label, ...]:
    return (Label(span=span, message=message),)
