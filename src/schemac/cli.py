"""The command line: a thin click layer; each command is a function returning an exit code."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from schemac import __version__
from schemac.commands.check import check_command
from schemac.commands.fmt import fmt_command
from schemac.diagnostics.render import style_for

__all__ = ["check_command", "fmt_command", "main"]

F = TypeVar("F", bound=Callable[..., Any])


def _exit(code: int) -> None:
    """Leave now: flush the output, then skip the interpreter's teardown.

    Freeing a large schema's trees object by object takes longer than the process
    exit that frees them at once; there is nothing else to clean up.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# ---------------------------------------------------------------------------- click

_COLOR = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output (auto: only on a terminal, and not with NO_COLOR set).",
)


def _selection(what: str) -> Callable[[F], F]:
    """`--select` and `--ignore` (diagnostics/select.py), choosing among ``what``."""
    select = click.option(
        "--select",
        multiple=True,
        metavar="CODES",
        help=f"Report only these {what}: codes, names or prefixes (E04, W, unknown-column);"
        " repeatable, comma-separated.",
    )
    ignore = click.option(
        "--ignore",
        multiple=True,
        metavar="CODES",
        help=f"Do not report these {what} (the more specific of --select and --ignore wins).",
    )

    def apply(function: F) -> F:
        return select(ignore(function))

    return apply


class _Main(click.Group):
    """The group: a command interrupted (Ctrl-C, SIGTERM) ends with one line (interrupt.py)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Before anything is parsed: click's own errors may quote an argument.
        from schemac.redact import install_for_arguments  # noqa: PLC0415

        install_for_arguments(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        from schemac import interrupt  # noqa: PLC0415

        try:
            with interrupt.armed():
                done = super().invoke(ctx)
        except KeyboardInterrupt as error:
            interrupt.exit_interrupted(getattr(error, "signum", None))
        if interrupt.received() is not None:  # a command that caught the interrupt itself
            interrupt.exit_interrupted()
        return done


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="schemac")
def main() -> None:
    """schemac: database schema as code.

    Describe a database in .schema files; check and format them.
    """


class _Duration(click.ParamType):  # type: ignore[type-arg]
    """A lock timeout: `5s`, `500ms`, `2min`, `1h`, or 0 for none; in milliseconds."""

    name = "duration"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        from schemac.durations import parse_duration  # noqa: PLC0415

        try:
            return parse_duration(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


_LOCK_TIMEOUT = click.option(
    "--lock-timeout",
    type=_Duration(),
    default="5s",
    show_default=True,
    metavar="DURATION",
    help="The longest wait for any lock another session holds; 0 waits forever.",
)


@main.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Diagnostics as text for people, or JSON for tools.",
)
@click.option("--no-warnings", is_flag=True, help="Report errors only.")
@click.option(
    "--max-errors",
    type=click.IntRange(1),
    default=100,
    show_default=True,
    help="Stop after this many.",
)
@_selection("diagnostics")
@_COLOR
def _check(  # noqa: PLR0917 (click passes each option as an argument)
    paths: tuple[str, ...],
    output_format: str,
    no_warnings: bool,
    max_errors: int,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    color: str,
) -> None:
    """Check schemas: each PATH is one schema (a file, or a directory of .schema files)."""
    # The process ends after the command (see _exit): collecting garbage among the
    # trees and declarations of a large schema would only cost time.
    gc.disable()
    _exit(
        check_command(
            paths,
            output_format=output_format,
            color=color,
            warnings=not no_warnings,
            max_errors=max_errors,
            select=select,
            ignore=ignore,
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Only report files that need formatting.")
@click.option("--diff", is_flag=True, help="Show the changes instead of writing them.")
@_COLOR
def _fmt(paths: tuple[str, ...], check_only: bool, diff: bool, color: str) -> None:
    """Format .schema files in place (PATH `-` reads stdin and writes stdout)."""
    _exit(
        fmt_command(
            paths,
            check=check_only,
            diff=diff,
            color=color,
            stdin=sys.stdin,
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("explain")
@click.argument("code", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every code instead.")
def _explain(code: str | None, list_all: bool) -> None:
    """Explain a diagnostic or hazard: CODE is a code (`E0401`, any case) or a name."""
    from schemac.commands.explain import explain_command  # noqa: PLC0415

    if code is None and not list_all:
        raise click.UsageError("give a CODE (or a name), or --list")
    if code is not None and list_all:
        raise click.UsageError("give a CODE or --list, not both")
    _exit(explain_command(code, list_all=list_all, out=sys.stdout, err=sys.stderr))


class _DialectName(click.ParamType):  # type: ignore[type-arg]
    """A dialect of the registry; checked here, so a wrong one is a usage error (exit 2).

    Not a click.Choice: that would import the registry when the CLI loads, which `fmt`
    and `check` do not need.
    """

    name = "dialect"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        from schemac.dialects import dialect_names, is_dialect  # noqa: PLC0415

        if is_dialect(str(value)):
            return str(value)
        known = ", ".join(dialect_names())
        self.fail(f"unknown dialect {value!r}; schemac knows: {known}", param, ctx)


# For commands that read a database: the dialect its URL is for, unless told.
_DIALECT_OF_URL = click.option(
    "--dialect", type=_DialectName(), help="The database's dialect [default: the URL's]."
)


@main.command("compile")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--dialect",
    type=_DialectName(),
    default="postgres",
    show_default=True,
    help="The database to compile for (postgres: PostgreSQL 15 and newer).",
)
@click.option(
    "--schema",
    "schema",
    metavar="NAME",
    default=None,
    help="The schema that objects outside any schema block go into [default: public].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["sql", "json"]),
    default="sql",
    show_default=True,
    help="DDL, or the checked model as JSON for tools (docs/ir.md).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--no-warnings", is_flag=True, help="Report errors only.")
@_selection("warnings")
@_COLOR
def _compile(  # noqa: PLR0917 (click passes each option as an argument)
    paths: tuple[str, ...],
    dialect: str,
    schema: str | None,
    output_format: str,
    output: str | None,
    no_warnings: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    color: str,
) -> None:
    """Compile schema files to DDL: all PATHs (files and directories) form one schema."""
    from schemac.commands.compile import compile_command  # noqa: PLC0415

    _exit(
        compile_command(
            paths,
            dialect=dialect,
            schema=schema,
            output_format=output_format,
            output=output,
            warnings=not no_warnings,
            select=select,
            ignore=ignore,
            err_style=style_for(color, sys.stderr),
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("inspect")
@click.option("--url", required=True, metavar="URL", help="The database: postgresql://...")
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="NAME",
    help="Inspect only this schema (repeat for several) [default: every user schema].",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Leave out schemas (`audit`) or objects (`public.tmp_*`) matching a glob.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["schema", "sql", "json"]),
    default="schema",
    show_default=True,
    help=".schema text, the DDL that recreates it, or the model as JSON.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE|DIR",
    help="Write to FILE, or one .schema file per schema into DIR (a directory, or ending in /).",
)
@click.option("--strict", is_flag=True, help="Fail on objects the language cannot express.")
@_DIALECT_OF_URL
@_LOCK_TIMEOUT
@_COLOR
def _inspect(  # noqa: PLR0917 (click passes each option as an argument)
    url: str,
    schemas: tuple[str, ...],
    exclude: tuple[str, ...],
    output_format: str,
    output: str | None,
    strict: bool,
    dialect: str | None,
    lock_timeout: int,
    color: str,
) -> None:
    """Read a live database into the schema language (or SQL, or JSON)."""
    from schemac.commands.inspect import inspect_command  # noqa: PLC0415

    _exit(
        inspect_command(
            url,
            dialect=dialect,
            schemas=schemas,
            exclude=exclude,
            output_format=output_format,
            output=output,
            strict=strict,
            lock_ms=lock_timeout,
            err_style=style_for(color, sys.stderr),
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("diff")
@click.option("--from", "source", required=True, metavar="STATE", help="The current state.")
@click.option("--to", "target", required=True, metavar="STATE", help="The desired state.")
@click.option(
    "--dev-url",
    metavar="URL",
    help="A server for throwaway databases, to load .sql and .schema states into.",
)
@click.option(
    "--schema",
    metavar="NAME",
    help="Where objects outside any schema block go, for .schema states (default public).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["sql", "json"]),
    default="sql",
    show_default=True,
    help="The migration as SQL (hazards as comments), or as JSON.",
)
@click.option("--exit-code", is_flag=True, help="Exit 2 when there are changes.")
@_DIALECT_OF_URL
@_LOCK_TIMEOUT
@_COLOR
def _diff(  # noqa: PLR0917 (click passes each option as an argument)
    source: str,
    target: str,
    dev_url: str | None,
    schema: str | None,
    output_format: str,
    exit_code: bool,
    dialect: str | None,
    lock_timeout: int,
    color: str,
) -> None:
    """Print the migration from one state to another (a URL, a .sql file or .schema files)."""
    from schemac.commands.diff import diff_command  # noqa: PLC0415

    _exit(
        diff_command(
            source,
            target,
            dialect=dialect,
            dev_url=dev_url,
            output_format=output_format,
            exit_code=exit_code,
            schema=schema,
            lock_ms=lock_timeout,
            err_style=style_for(color, sys.stderr),
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("apply")
@click.option(
    "--url", required=True, metavar="URL", help="The database to change: postgresql://..."
)
@click.option("--to", "target", required=True, metavar="STATE", help="The desired state.")
@click.option(
    "--dev-url",
    metavar="URL",
    help="A server for throwaway databases, to load .sql and .schema states into"
    " [default: the server of --url].",
)
@click.option(
    "--schema",
    metavar="NAME",
    help="Where objects outside any schema block go, for .schema states (default public).",
)
@click.option("--dry-run", is_flag=True, help="Show the plan and its SQL; change nothing.")
@click.option("--auto-approve", is_flag=True, help="Apply without asking.")
@click.option("--allow-destructive", is_flag=True, help="Apply a plan that loses data.")
@_DIALECT_OF_URL
@_LOCK_TIMEOUT
@click.option(
    "--concurrent-indexes",
    is_flag=True,
    help="Build and drop indexes CONCURRENTLY, outside the transaction (writes go on).",
)
@_COLOR
def _apply(  # noqa: PLR0917 (click passes each option as an argument)
    url: str,
    target: str,
    dev_url: str | None,
    schema: str | None,
    dry_run: bool,
    auto_approve: bool,
    allow_destructive: bool,
    dialect: str | None,
    lock_timeout: int,
    concurrent_indexes: bool,
    color: str,
) -> None:
    """Change a database to match a state: show the plan, ask, apply it in one transaction.

    A plan that needs more locks than one transaction may hold on the server runs in
    several, each within the lock budget (docs/cli.md).
    """
    from schemac.commands.apply import apply_command  # noqa: PLC0415

    _exit(
        apply_command(
            url,
            target,
            dialect=dialect,
            dev_url=dev_url,
            schema=schema,
            dry_run=dry_run,
            auto_approve=auto_approve,
            allow_destructive=allow_destructive,
            lock_ms=lock_timeout,
            concurrent_indexes=concurrent_indexes,
            out_style=style_for(color, sys.stdout),
            err_style=style_for(color, sys.stderr),
            stdin=sys.stdin,
            out=sys.stdout,
            err=sys.stderr,
        )
    )


@main.command("lsp")
@click.option(
    "--schema-dir",
    "schema_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder whose .schema files, subfolders included, form one schema (repeatable)."
    " Without it, each folder's files form one.",
)
@click.option(
    "--stdio",
    is_flag=True,
    help="Speak over stdin and stdout (the default; accepted for editors that pass it).",
)
def _lsp(schema_dirs: tuple[Path, ...], stdio: bool) -> None:
    """Run the language server over stdio: diagnostics, hover, navigation, completion, rename."""
    from schemac import interrupt  # noqa: PLC0415
    from schemac.lsp.server import serve  # noqa: PLC0415

    del stdio
    with interrupt.armed(on=False):  # nothing to clean up: a signal ends it at once
        serve(schema_dirs)
