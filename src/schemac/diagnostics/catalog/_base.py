"""What every catalog module shares: registering codes, and the diagnostic builders."""

from __future__ import annotations

from schemac.diagnostics import Diagnostic, Edit, Fix, Label, Severity
from schemac.diagnostics.registry import register
from schemac.diagnostics.suggest import Suggestion
from schemac.source import Span
from schemac.syntax.printer import quote_name, quote_string

__all__ = [
    "CODES",
    "article",
    "code",
    "earlier",
    "error",
    "plural",
    "remove_mark",
    "rename_fixes",
    "replace",
    "warning",
]

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


def replace(title: str, span: Span, replacement: str) -> tuple[Fix, ...]:
    """One fix: the text of ``span`` becomes ``replacement`` (empty: it is removed)."""
    return (Fix(title=title, edits=(Edit(span=span, replacement=replacement),)),)


def remove_mark(span: Span, mark: str) -> tuple[Fix, ...]:
    """A fix removing ``span`` when it is exactly ``mark`` (a stray `,`, a `?`)."""
    return replace(f"Remove the `{mark}`", span, "") if span.text == mark else ()


def rename_fixes(span: Span, help: str | None) -> tuple[Fix, ...]:
    """`Change to `x`` for each name a did-you-mean help offers, written as ``span`` was.

    Only a span holding one name is replaced (`app.userz` keeps its schema): quoted as
    a string when it was one (`"userz"`), else as a name (backticks when needed).
    """
    if not isinstance(help, Suggestion):
        return ()
    written = span.text
    if not written or "." in written.strip('"`') or "\n" in written:
        return ()
    quote = quote_string if written.startswith('"') else quote_name
    return tuple(
        Fix(title=f"Change to `{name}`", edits=(Edit(span=span, replacement=quote(name)),))
        for name in help.names
    )


def _make(
    severity: Severity,
    code: str,
    message: str,
    primary: Label,
    *,
    secondary: tuple[Label, ...],
    help: str | None,
    fixes: tuple[Fix, ...],
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        primary=primary,
        secondary=secondary,
        help=help,
        fixes=fixes,
    )


def error(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
    fixes: tuple[Fix, ...] = (),
) -> Diagnostic:
    primary = Label(span=span, message=label)
    return _make(
        Severity.ERROR, code, message, primary, secondary=secondary, help=help, fixes=fixes
    )


def warning(
    code: str,
    message: str,
    span: Span,
    label: str = "",
    *,
    secondary: tuple[Label, ...] = (),
    help: str | None = None,
    fixes: tuple[Fix, ...] = (),
) -> Diagnostic:
    primary = Label(span=span, message=label)
    return _make(
        Severity.WARNING, code, message, primary, secondary=secondary, help=help, fixes=fixes
    )


def earlier(span: Span, message: str = "first declared here") -> tuple[Label, ...]:
    return (Label(span=span, message=message),)
