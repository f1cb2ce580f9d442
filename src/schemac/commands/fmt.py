"""`schemac fmt`: files in the canonical layout, in place, or only reported or shown."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from schemac.commands.output import EXIT_ERROR, EXIT_OK, fail, plural, write_output
from schemac.diagnostics import Diagnostic
from schemac.diagnostics.render import render_text, style_for
from schemac.inputs import InputError, read_file, schema_files
from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file

__all__ = ["fmt_command"]


def _format_source(source: SourceFile) -> tuple[str | None, tuple[Diagnostic, ...]]:
    parsed = parse(source)
    if not parsed.ok:
        return None, parsed.diagnostics
    return format_file(parsed.file), ()


def fmt_command(
    paths: Sequence[str],
    *,
    check: bool = False,
    diff: bool = False,
    color: str = "auto",
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Print files in canonical form: in place, or only report (--check) or show (--diff)."""
    style = style_for(color, err)
    if list(paths) == ["-"]:
        formatted, diagnostics = _format_source(SourceFile("<stdin>", stdin.read()))
        if formatted is None:
            for diagnostic in diagnostics:
                err.write(render_text(diagnostic, style) + "\n\n")
            return EXIT_ERROR
        out.write(formatted)
        return EXIT_OK
    files: list[Path] = []
    for raw in paths:
        try:
            files.extend(schema_files(Path(raw)))
        except InputError as error:
            return fail(str(error), err, style)
    changed = 0
    failed = 0
    for path in files:
        try:
            source = read_file(path)
        except InputError as error:
            fail(str(error), err, style)
            failed += 1
            continue
        formatted, diagnostics = _format_source(source)
        if formatted is None:
            for diagnostic in diagnostics:
                err.write(render_text(diagnostic, style) + "\n\n")
            err.write(f"{style.error('error')}: cannot format {path}: it has syntax errors\n")
            failed += 1
            continue
        if formatted == source.text:
            continue
        changed += 1
        if diff:
            import difflib  # noqa: PLC0415 (only --diff needs it)

            lines = difflib.unified_diff(
                source.text.splitlines(keepends=True),
                formatted.splitlines(keepends=True),
                f"{path} (original)",
                f"{path} (formatted)",
            )
            out.write("".join(lines))
        elif check:
            out.write(f"would reformat {path}\n")
        else:
            try:
                write_output(formatted, path, out)
            except OSError as error:
                fail(f"cannot write {path}: {error.strerror or error}", err, style)
                changed -= 1
                failed += 1
                continue
            out.write(f"reformatted {path}\n")
    unchanged = len(files) - changed - failed
    if check or diff:
        if changed:
            out.write(
                f"{plural(changed, 'file')} would be reformatted, {unchanged} already formatted\n"
            )
        else:
            out.write(f"{plural(unchanged, 'file')} already formatted\n")
    else:
        out.write(f"{plural(changed, 'file')} reformatted, {unchanged} unchanged\n")
    if failed or ((check or diff) and changed):
        return EXIT_ERROR
    return EXIT_OK
