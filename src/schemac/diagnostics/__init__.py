"""Diagnostics as data: a code, a severity, a message, labelled spans, help and fixes."""

from __future__ import annotations

from enum import Enum

from schemac.records import record
from schemac.source import Span

__all__ = ["Diagnostic", "DiagnosticSink", "Edit", "Fix", "Label", "Severity"]


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@record
class Label:
    """A span with what to say about it (the message may be empty)."""

    span: Span
    message: str = ""


@record
class Edit:
    """Replace the text of ``span`` with ``replacement`` (an empty span inserts it)."""

    span: Span
    replacement: str


@record
class Fix:
    """A change that resolves a diagnostic, for a tool to apply: `Change to `id``.

    Its edits do not overlap. A diagnostic's first fix is the likeliest.
    """

    title: str
    edits: tuple[Edit, ...]


@record
class Diagnostic:
    """One finding. Build them with the factories in ``catalog``, never by hand."""

    code: str
    severity: Severity
    message: str
    primary: Label
    secondary: tuple[Label, ...] = ()
    help: str | None = None
    fixes: tuple[Fix, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        span = self.primary.span
        return (span.file.name, span.start, span.end, self.code)


class DiagnosticSink:
    """Collects diagnostics for one run; stops keeping errors past ``max_errors``."""

    __slots__ = (
        "_errors",
        "_items",
        "_seen",
        "error_count",
        "max_errors",
        "truncated",
        "warning_count",
    )

    def __init__(self, max_errors: int = 100) -> None:
        self.max_errors = max_errors
        self._items: list[Diagnostic] = []
        self._errors: list[Diagnostic] = []  # at most max_errors: errors_within looks here
        # By file object, not name: an editor checks pieces of one file as files of their own.
        self._seen: set[tuple[int, int, int, str, str]] = set()
        self.error_count = 0
        self.warning_count = 0
        self.truncated = False

    def emit(self, diagnostic: Diagnostic) -> None:
        span = diagnostic.primary.span
        key = (id(span.file), span.start, span.end, diagnostic.code, diagnostic.message)
        if key in self._seen:
            return
        if diagnostic.is_error:
            if self.error_count >= self.max_errors:
                self.truncated = True
                return
            self.error_count += 1
        else:
            self.warning_count += 1
        self._seen.add(key)
        self._items.append(diagnostic)
        if diagnostic.is_error:
            self._errors.append(diagnostic)

    @property
    def items(self) -> tuple[Diagnostic, ...]:
        """Everything kept so far, in the order it was reported."""
        return tuple(self._items)

    def extend(self, diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.emit(diagnostic)

    def errors_within(self, span: Span) -> bool:
        """Whether an error was reported inside ``span`` (in its file)."""
        file = span.file
        return any(
            d.primary.span.file is file and span.start <= d.primary.span.start < span.end
            for d in self._errors
        )

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def full(self) -> bool:
        return self.error_count >= self.max_errors

    def sorted(self) -> tuple[Diagnostic, ...]:
        """Everything collected, in file and position order."""
        return tuple(sorted(self._items, key=Diagnostic.sort_key))

    def __len__(self) -> int:
        return len(self._items)
