"""The Pygments lexer (schemac.highlight): found through its entry point by Pygments,
pygmentize and rich; and the colours it gives diagnostics' source lines on a terminal,
never in plain text or JSON.
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Keyword, String
from rich.console import Console
from rich.syntax import Syntax

from schemac.check import check_sources
from schemac.cli import check_command
from schemac.diagnostics.render import Style, render_text
from schemac.highlight import SchemaLexer, highlight_line
from schemac.source import SourceFile
from tests.editors.highlighters import ROOT

BIN = Path(sys.executable).parent
BLOG = ROOT / "examples" / "blog.schema"
CHECK_CASES = sorted((ROOT / "tests" / "golden" / "check").glob("*.schema"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_registered_as_a_pygments_plugin() -> None:
    (entry,) = [e for e in entry_points(group="pygments.lexers") if e.name == "schema"]
    assert entry.value == "schemac.highlight:SchemaLexer"
    assert isinstance(get_lexer_by_name("schema"), SchemaLexer)
    assert isinstance(get_lexer_for_filename("blog.schema"), SchemaLexer)


def test_pygmentize_finds_it() -> None:
    run = subprocess.run(
        [str(BIN / "pygmentize"), "-l", "schema", "-f", "html", str(BLOG)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert '<span class="kd">table</span>' in run.stdout  # Keyword.Declaration
    assert 'class="err"' not in run.stdout
    guessed = subprocess.run(
        [str(BIN / "pygmentize"), "-N", "blog.schema"], capture_output=True, text=True, check=True
    )
    assert guessed.stdout.strip() == "schema"


def test_rich_finds_it() -> None:
    syntax = Syntax(BLOG.read_text(encoding="utf-8"), "schema")
    assert isinstance(syntax.lexer, SchemaLexer)
    console = Console(record=True, force_terminal=True, color_system="truecolor", width=120)
    console.print(syntax)
    assert "\x1b[" in console.export_text(styles=True)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.schema")), ids=str)
def test_tokens_give_back_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "".join(value for _, value in SchemaLexer().get_tokens(text)) == text


def test_sql_heredocs_are_lexed_as_sql() -> None:
    text = 'view "v" {\n  as = <<-SQL\n    SELECT 1 FROM t\n  SQL\n}\n'
    tokens = list(SchemaLexer().get_tokens(text))
    assert (Keyword, "SELECT") in tokens
    assert (String.Delimiter, "SQL") in tokens


# ----------------------------------------------------------------------------- diagnostics


def _coloured_and_plain(sources: list[SourceFile]) -> tuple[str, str]:
    diagnostics = check_sources(sources).diagnostics
    coloured = "\n\n".join(render_text(d, Style(color=True)) for d in diagnostics)
    plain = "\n\n".join(render_text(d) for d in diagnostics)
    return coloured, plain


def test_source_lines_are_highlighted_in_colour() -> None:
    source = SourceFile("t.schema", 'table "t" {\n  column "a" text { default = 1x }\n}\n')
    coloured, plain = _coloured_and_plain([source])
    assert "\x1b[35mcolumn\x1b[0m" in coloured  # the block kind
    assert '\x1b[32m"a"\x1b[0m' in coloured  # the label
    assert "\x1b[34mtext\x1b[0m" in coloured  # the type
    assert "\x1b[36mdefault\x1b[0m" in coloured  # an attribute
    assert "\x1b[" not in plain
    assert ANSI.sub("", coloured) == plain


@pytest.mark.parametrize("case", CHECK_CASES, ids=lambda p: p.stem)
def test_colour_changes_no_text(case: Path) -> None:
    """Every check golden case: with its colours taken out, the coloured output is the golden."""
    coloured, plain = _coloured_and_plain([SourceFile(case.name, case.read_text("utf-8"))])
    assert ANSI.sub("", coloured) == plain


def test_no_colour_without_a_terminal_or_in_json(tmp_path: Path) -> None:
    case = ROOT / "tests" / "golden" / "check" / "E0101_unknown_block_kind_misspelt_table.schema"
    for options in (
        {"color": "auto"},
        {"color": "never"},
        {"color": "always", "output_format": "json"},
    ):
        out, err = io.StringIO(), io.StringIO()
        check_command([str(case)], out=out, err=err, **options)  # type: ignore[arg-type]
        assert out.getvalue()
        assert "\x1b[" not in out.getvalue() + err.getvalue(), options


def test_a_terminal_gets_highlighted_source_lines() -> None:
    """`schemac check` on a pseudo-terminal: the source line is coloured by the lexer."""
    case = ROOT / "tests" / "golden" / "check" / "E0101_unknown_block_kind_misspelt_table.schema"
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "TERM"}}
    with subprocess.Popen(
        [str(BIN / "schemac"), "check", str(case)], stdout=terminal, stderr=terminal, env=env
    ) as process:
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=60)
    os.close(controller)
    text = output.decode()
    assert "\x1b[35mtabel\x1b[0m" in text  # the misspelt kind, coloured as a kind
    assert '\x1b[32m"customers"\x1b[0m' in text


def test_large_files_are_lexed_around_the_line() -> None:
    table = 'table "t{}" {{\n  column "a" text {{ default = "x" }}\n}}\n'
    text = "".join(table.format(i) for i in range(6000))
    assert len(text) > 256 * 1024
    source = SourceFile("big.schema", text)
    line = 3 * 4000 + 2
    coloured = highlight_line(source, line)
    assert ANSI.sub("", coloured) == source.line_text(line)
    assert "\x1b[36mdefault\x1b[0m" in coloured
