"""`schemac compile`: checked schema files to the DDL (or the IR as JSON) of one dialect."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from schemac.commands.output import report, write_output
from schemac.diagnostics.render import Style
from schemac.dialects import dialect_names, get_dialect, is_dialect
from schemac.inputs import InputError, read_file, schema_files
from schemac.source import SourceFile

__all__ = ["compile_command"]

EXIT_OK = 0
EXIT_ERROR = 1


def _schema_name_problem(name: str) -> str | None:
    if not name:
        return "--schema needs a name"
    if "\x00" in name:
        return "--schema cannot hold a NUL character"
    if len(name.encode("utf-8")) > 63:
        return f"--schema `{name}` is longer than PostgreSQL's 63 bytes"
    return None


def compile_command(
    paths: Sequence[str],
    *,
    dialect: str = "postgres",
    schema: str | None = None,
    output_format: str = "sql",
    output: str | None = None,
    warnings: bool = True,
    style: Style | None = None,
    err_style: Style | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Compile all PATHs together as one schema; print diagnostics to ``err``."""
    from schemac.check import Options, check_sources  # noqa: PLC0415

    err_style = err_style or Style(color=False)

    def fail(message: str) -> int:
        err.write(f"{err_style.error('error')}: {message}\n")
        return EXIT_ERROR

    if not is_dialect(dialect):
        return fail(f"unknown dialect `{dialect}`; schemac knows: {', '.join(dialect_names())}")
    if schema is not None and (problem := _schema_name_problem(schema)) is not None:
        return fail(problem)
    sources: list[SourceFile] = []
    try:
        for raw in paths:
            sources.extend(read_file(p) for p in schema_files(Path(raw)))
    except InputError as error:
        return fail(str(error))
    # The process ends after this command: collecting garbage among the trees and
    # models of a large schema would only cost time.
    gc.disable()
    target = get_dialect(dialect)
    # The checker reads the target's own tables: its types, name limit, index methods, ...
    checked = check_sources(sources, Options(target=target.tables))
    errors = report(checked.diagnostics, err, err_style, warnings)
    if checked.database is None:
        return fail(f"found {errors} error{'s' if errors != 1 else ''}; nothing compiled")
    result = target.compile(checked.database, schema)
    errors = report(result.diagnostics, err, err_style, warnings)
    if result.sql is None or result.database is None:
        return fail(
            f"found {errors} error{'s' if errors != 1 else ''} compiling for {target.title};"
            " nothing compiled"
        )
    if output_format == "json":
        from schemac.ir.serialize import database_data  # noqa: PLC0415

        data = database_data(
            result.database,
            dialect=target.name,
            default_schema=schema or target.default_schema,
        )
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = result.sql
    try:
        write_output(text, output, out)
    except OSError as error:
        return fail(f"cannot write {output}: {error.strerror or error}")
    return EXIT_OK
