"""`schemac inspect`: a live database read back into the language (or SQL, or JSON)."""

from __future__ import annotations

import gc
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from schemac.commands.output import EXIT_ERROR, EXIT_OK, write_output
from schemac.diagnostics import Severity
from schemac.diagnostics.render import Style
from schemac.dialects import Dialect, DialectError, choose_dialect
from schemac.dialects.driver import ConnectError, DriverError, NoSuchSchema
from schemac.ir.model import Database, Grant, GrantTargetKind, Schema

if TYPE_CHECKING:
    from schemac.writer import Draft

__all__ = ["inspect_command", "without_empty_public"]


def _empty_public(schema: Schema, grants: Sequence[Grant] = ()) -> bool:
    """`public` as every new database has it: left out unless something is in it or on it."""
    return (
        schema.name == "public"
        and schema.comment is None
        and not any(
            g.target.kind is GrantTargetKind.SCHEMA and g.target.name.name == "public"
            for g in grants
        )
        and not any(
            (
                schema.tables,
                schema.views,
                schema.materialized_views,
                schema.collations,
                schema.enums,
                schema.domains,
                schema.composite_types,
                schema.sequences,
                schema.functions,
            )
        )
    )


def without_empty_public(database: Database) -> Database:
    """The database as `inspect` prints it when no schema is named."""
    return Database(
        schemas=tuple(s for s in database.schemas if not _empty_public(s, database.grants)),
        extensions=database.extensions,
        grants=database.grants,
        unmanaged=database.unmanaged,
    )


def _file_name(schema: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", schema) or "schema"
    name, n = f"{stem}.schema", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}_{n}.schema"
    taken.add(name.lower())
    return name


def inspect_command(
    url: str,
    *,
    dialect: str | None = None,
    schemas: Sequence[str] = (),
    exclude: Sequence[str] = (),
    output_format: str = "schema",
    output: str | None = None,
    strict: bool = False,
    lock_ms: int = 5000,
    err_style: Style | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Inspect the database at ``url`` and print it; 1 when that cannot be done.

    ``dialect`` None: the one the URL is for. No read waits longer than ``lock_ms``
    (0: no limit) for a lock.
    """
    from schemac.ir.filter import exclude as leave_out  # noqa: PLC0415

    style = err_style or Style(color=False)

    def fail(message: str) -> int:
        err.write(f"{style.error('error')}: {message}\n")
        return EXIT_ERROR

    try:
        chosen = choose_dialect(dialect, (url,))
    except DialectError as error:
        return fail(str(error))
    to_dir = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())
    if to_dir and output_format != "schema":
        return fail("-o DIR writes one .schema file per schema; use -o FILE with --format sql|json")
    driver = chosen.driver()
    gc.disable()  # the catalog rows and the model form no cycles
    try:
        with driver.bounded_waits(lock_ms):
            database = driver.inspect(url, schemas)
    except ConnectError as error:
        return fail(str(error))
    except NoSuchSchema as error:
        listed = ", ".join(error.known) or "none"
        missing = ", ".join(error.missing)
        return fail(f"no schema {missing} in {driver.mask_url(url)} (its schemas: {listed})")
    except DriverError as error:
        return fail(f"cannot read {driver.mask_url(url)}: {error}")
    database = leave_out(database, exclude)
    if not schemas:
        database = without_empty_public(database)
    problems = list(database.unmanaged)  # of what --exclude left in
    draft = None
    if output_format == "schema":
        from schemac.writer import Draft  # noqa: PLC0415

        draft = Draft(database)  # laid out once: for what it cannot say, and for the text
        problems += draft.unwritable_objects()
    word = style.error("error") if strict else style.severity(Severity.WARNING, "warning")
    tail = "" if strict else "; left out"
    for problem in problems:
        err.write(f"{word}: {problem}{tail}\n")
    for warning in chosen.inspected_warnings(database):
        err.write(f"{style.severity(Severity.WARNING, 'warning')}: {warning}\n")
    if strict and problems:
        return fail(
            f"{len(problems)} object(s) the language cannot express; nothing written (--strict)"
        )
    try:
        return _write(chosen, database, output_format, output, to_dir, out, err, draft=draft)
    except OSError as error:
        return fail(f"cannot write {output}: {error.strerror or error}")


def _write(  # noqa: PLR0917 (one caller, each argument a setting of it)
    dialect: Dialect,
    database: Database,
    output_format: str,
    output: str | None,
    to_dir: bool,
    out: TextIO,
    err: TextIO,
    *,
    draft: Draft | None = None,
) -> int:
    if output_format == "json":
        from schemac.ir.serialize import database_data  # noqa: PLC0415

        data = database_data(database, dialect=dialect.name, default_schema=None)
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output, out)
        return EXIT_OK
    if output_format == "sql":
        result = dialect.compile(database)
        if result.sql is None:  # a database PostgreSQL holds compiles; this is a bug
            raise AssertionError([d.message for d in result.diagnostics])
        write_output(result.sql, output, out)
        return EXIT_OK
    from schemac.writer import Draft  # noqa: PLC0415

    draft = draft or Draft(database)
    if not to_dir or output is None:
        write_output(draft.text(), output, out)
        return EXIT_OK
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for schema, text in draft.texts().items():
        path = folder / _file_name(schema or "default", taken)
        write_output(text, str(path), out)
        err.write(f"wrote {path}\n")
    return EXIT_OK
