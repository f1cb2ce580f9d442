"""`schemac check`: check schemas and print every diagnostic found."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from schemac.commands.output import EXIT_ERROR, EXIT_OK, fail, plural
from schemac.diagnostics import Diagnostic
from schemac.diagnostics.render import render_json, render_text, style_for
from schemac.diagnostics.select import SelectionError, selection
from schemac.inputs import InputError, read_file, schema_files

__all__ = ["check_command"]


def check_command(
    paths: Sequence[str],
    *,
    output_format: str = "text",
    color: str = "auto",
    warnings: bool = True,
    max_errors: int = 100,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Check each path as one schema; print diagnostics; 0 when no errors were found.

    ``select`` and ``ignore`` choose the codes reported (diagnostics/select.py); errors
    not reported do not fail the check.
    """
    # The checker is imported here, not at the top: `fmt` and `--version` need none of it.
    from schemac.check import Options, check_sources  # noqa: PLC0415

    style = style_for(color, out)
    try:
        chosen = selection(select, ignore)
    except SelectionError as error:
        return fail(str(error), err, style_for(color, err))
    options = Options(max_errors=max_errors, warnings=warnings)
    diagnostics: list[Diagnostic] = []
    checked = hidden = 0
    truncated = False
    for raw in paths:
        try:
            sources = [read_file(p) for p in schema_files(Path(raw))]
        except InputError as error:
            return fail(str(error), err, style_for(color, err))
        result = check_sources(sources, options)
        shown = chosen.shown(result.diagnostics)
        diagnostics.extend(shown)
        hidden += len(result.diagnostics) - len(shown)
        truncated = truncated or result.truncated
        checked += 1
    errors = sum(1 for d in diagnostics if d.is_error)
    warning_count = len(diagnostics) - errors
    if output_format == "json":
        out.write(render_json(diagnostics) + "\n")
        return EXIT_ERROR if errors else EXIT_OK
    for diagnostic in diagnostics:
        out.write(render_text(diagnostic, style) + "\n\n")
    if truncated:
        out.write(f"stopped after {max_errors} errors; fix these and run again\n")
    unshown = f" ({hidden} hidden by --select/--ignore)" if hidden else ""
    if errors:
        summary = plural(errors, "error")
        if warning_count:
            summary += f" and {plural(warning_count, 'warning')}"
        out.write(f"{style.error('error')}: found {summary}{unshown}\n")
        return EXIT_ERROR
    what = plural(checked, "schema")
    if warning_count:
        out.write(f"{what} checked: no errors, {plural(warning_count, 'warning')}{unshown}\n")
    else:
        out.write(f"{what} checked: no problems{unshown}\n")
    return EXIT_OK
