"""The checker: `.schema` files to the IR, with every diagnostic found on the way.

Passes, in order; each writes to one diagnostics sink and none raises:

1. syntax      parse every file (syntax/); a broken item is dropped, the rest kept.
2. shape       blocks to declarations against the language's tables (shape.py,
               spec.py): unknown kinds and attributes, values of the wrong shape,
               missing attributes, misplaced blocks.
3. names       symbol tables per schema and the names of unnamed constraints
               (symbols.py), then the NAMES rules: duplicates, name lengths.
4. types       resolve every type (rules/known_types.py), then the TYPES rules.
5. references  resolve columns, tables, functions, schemas, sequences.
6. constraints the rules about what declarations mean together: foreign keys,
               generated and identity columns, partitions, triggers, renames;
               warnings for what works but surprises.
7. lowering    declarations and resolutions to the IR, when no error was found.

A rule skips declarations an earlier rule marked broken, so one mistake is reported
once; the run stops early only when the error cap is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from schemac.check import shape, symbols
from schemac.check.context import Context, Options
from schemac.check.lower import lower
from schemac.check.rules import RULES
from schemac.diagnostics import Diagnostic
from schemac.ir.model import Database
from schemac.source import SourceFile
from schemac.syntax import ast
from schemac.syntax.collector import collector_off
from schemac.syntax.parser import parse

__all__ = [
    "CheckResult",
    "Options",
    "Shaped",
    "analyze",
    "check_files",
    "check_sources",
    "collector_off",
    "shape_file",
]


@dataclass(frozen=True, slots=True)
class CheckResult:
    database: Database | None  # None when an error was found
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[ast.File, ...]
    truncated: bool  # more errors were found than the cap keeps

    @property
    def ok(self) -> bool:
        return self.database is not None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def check_sources(sources: Sequence[SourceFile], options: Options | None = None) -> CheckResult:
    """Parse and check files that together form one schema."""
    files = []
    diagnostics: list[Diagnostic] = []
    for source in sources:
        parsed = parse(source)
        files.append(parsed.file)
        diagnostics.extend(parsed.diagnostics)
    return check_files(files, diagnostics, options)


def check_files(
    files: Sequence[ast.File],
    syntax_diagnostics: Sequence[Diagnostic] = (),
    options: Options | None = None,
) -> CheckResult:
    """Check parsed files (with the diagnostics their parse gave) as one schema."""
    ctx = Context(options or Options())
    ctx.sink.extend(list(syntax_diagnostics))
    ctx.syntax_errors = _error_points(syntax_diagnostics)
    with collector_off():
        shape.run(ctx, list(files))
        database = _run(ctx, lower_ir=True)
    return _result(ctx, files, database)


@dataclass(frozen=True, slots=True)
class Shaped:
    """One file after the shape pass: its declarations and what its parse and shape reported.

    A file's shape does not depend on the other files, so an editor keeps this for
    every file it did not change and re-runs only the passes after it (`analyze`).
    """

    file: ast.File
    context: Context  # holds only this file's declarations and diagnostics
    syntax_diagnostics: tuple[Diagnostic, ...]


def shape_file(
    file: ast.File,
    syntax_diagnostics: Sequence[Diagnostic],
    options: Options | None = None,
    *,
    in_schema: str | None = None,
) -> Shaped:
    """Shape one file; with ``in_schema``, its items stand inside that `schema` block."""
    ctx = Context(options or Options())
    ctx.syntax_errors = _error_points(syntax_diagnostics)
    with collector_off():
        if in_schema is None:
            shape.run(ctx, [file])
        else:
            shape.run_in_schema(ctx, file, in_schema)
    return Shaped(file=file, context=ctx, syntax_diagnostics=tuple(syntax_diagnostics))


def analyze(
    shaped: Sequence[Shaped], options: Options | None = None, *, lower_ir: bool = False
) -> tuple[CheckResult, Context]:
    """The passes after shape over files shaped one by one; the context keeps what was resolved.

    Gives the diagnostics `check_files` gives for the same files. Without ``lower_ir``
    no IR is built (``database`` stays None): an editor needs the declarations and
    their resolutions, not the IR.
    """
    ctx = Context(options or Options())
    for one in shaped:
        ctx.sink.extend(one.syntax_diagnostics)
        ctx.syntax_errors.extend(one.context.syntax_errors)
    for one in shaped:
        ctx.take_declarations(one.context)
    with collector_off():
        database = _run(ctx, lower_ir=lower_ir)
    return _result(ctx, [one.file for one in shaped], database), ctx


def _error_points(diagnostics: Sequence[Diagnostic]) -> list[tuple[object, int]]:
    return [(d.primary.span.file, d.primary.span.start) for d in diagnostics if d.is_error]


def _result(ctx: Context, files: Sequence[ast.File], database: Database | None) -> CheckResult:
    return CheckResult(
        database=database,
        diagnostics=ctx.sink.sorted(),
        files=tuple(files),
        truncated=ctx.sink.truncated,
    )


def _run(ctx: Context, *, lower_ir: bool) -> Database | None:
    symbols.run(ctx)
    for rule in RULES:
        if ctx.sink.full:
            return None
        rule.check(ctx)
    if ctx.sink.has_errors or not lower_ir:
        return None
    return lower(ctx)
