"""Deep nesting: a diagnostic at the limit (E0013), never a RecursionError, in any command.

Every stage after the parser recurses over the tree; MAX_NESTING bounds its depth. At
the limit, each stage must fit in BUDGET frames, well under Python's default of 1000,
leaving the rest to its callers (click, pygls and asyncio for the language server).
"""

from __future__ import annotations

import inspect
import io
import json
import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemac.check import check_sources
from schemac.cli import check_command, fmt_command
from schemac.commands.compile import compile_command
from schemac.diagnostics import Diagnostic
from schemac.dialects import get_dialect
from schemac.ir.serialize import database_data
from schemac.lsp import features
from schemac.lsp.positions import Codec
from schemac.lsp.workspace import Workspace
from schemac.source import SourceFile
from schemac.syntax.parser import MAX_NESTING, parse
from schemac.syntax.printer import format_file
from schemac.writer import write_database

BUDGET = 600  # frames a stage may use at the limit

OPEN = {"list": "[", "object": "{a = ", "call": "f(", "phrase": "[b ", "paren": "g(x, "}
CLOSE = {"list": "]", "object": "}", "call": ")", "phrase": "]", "paren": ")"}
DEEPEST = "\x00"  # marks the token that opens the deepest level, in the shapes below


def _value(kinds: list[str]) -> str:
    opened = [OPEN[k] for k in kinds]
    if opened:  # the mark goes before the bracket of the last opener
        last = opened[-1]
        at = min(last.index(c) for c in "[{(" if c in last)
        opened[-1] = last[:at] + DEEPEST + last[at:]
    return "".join(opened) + "1" + "".join(CLOSE[k] for k in reversed(kinds))


def _indent(level: int) -> str:
    return "  " * min(level, 8)  # capped, so that a file 5,000 deep is not 50 MB


def _shapes(depth: int) -> Iterator[tuple[str, str]]:
    """Files nested ``depth`` levels deep, each in its own way (the deepest token marked)."""
    for kind in OPEN:
        yield kind, "x = " + _value([kind] * depth) + "\n"
    kinds = list(OPEN)
    yield "mixed", "x = " + _value([kinds[i % len(kinds)] for i in range(depth)]) + "\n"
    yield (
        "default",  # the schema block, the table, the column's body, then calls
        'schema "s" {\n  table "t" {\n    column "c" int { default = '
        + _value(["call"] * (depth - 3))
        + " }\n  }\n}\n",
    )
    yield (
        "array default",  # a table, the column's body, then lists; its type as deep
        'table "t" {\n  column "c" int'
        + "[]" * (depth - 2)
        + " { default = "
        + _value(["list"] * (depth - 2))
        + " }\n}\n",
    )
    yield "suffixes", 'table "t" {\n  column "c" int' + "[]" * (depth - 2) + DEEPEST + "?\n}\n"
    yield (
        "blocks",
        "".join(
            _indent(i) + ("b " if i < depth - 1 else "b " + DEEPEST) + "{\n" for i in range(depth)
        )
        + "".join(_indent(depth - 1 - i) + "}\n" for i in range(depth)),
    )
    yield (
        "index",
        'table "t" {\n  column "c" int\n  index "i" { on = ['
        + _value(["call"] * (depth - 3))
        + "] }\n}\n",
    )


def shapes(depth: int) -> list[tuple[str, str]]:
    return [(name, text.replace(DEEPEST, "")) for name, text in _shapes(depth)]


def _cases(depth: int) -> list[object]:
    return [pytest.param(text, id=name) for name, text in _shapes(depth)]


@contextmanager
def _budget(frames: int) -> Iterator[None]:
    """Run with only ``frames`` more frames than there are now."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _lsp(text: str, points: int = 50) -> None:
    space = Workspace()
    uri = "file:///deep/deep.schema"
    unit = space.open(uri, text)
    analysis = unit.analysis(space.options)
    entry = unit.entries[uri]
    codec = Codec()
    features.symbols(entry, codec)
    features.folding(entry)
    features.formatting(entry, codec)
    features.workspace_symbols([analysis], "", codec)
    for offset in range(0, len(text) + 1, max(1, len(text) // points)):
        at = features.Located(entry, offset)
        features.hover(analysis, at, codec)
        features.definition(analysis, at, codec)
        features.references(analysis, at, codec, include_declaration=True)
        features.completion(analysis, at)
        features.prepare_rename(analysis, at, codec)
    changed = space.change(uri, text.replace("1", "2"))  # an edit re-parses the piece
    changed.analysis(space.options)


def _stages(text: str) -> dict[str, Callable[[], object]]:
    source = SourceFile("deep.schema", text)

    def fmt() -> None:
        parsed = parse(source)
        if parsed.ok:
            assert parse(SourceFile("again.schema", format_file(parsed.file))).ok

    def compile_and_write() -> None:
        checked = check_sources([source])
        if checked.database is None:
            return
        result = get_dialect("postgres").compile(checked.database)
        assert result.database is not None, result.diagnostics
        write_database(result.database)
        json.dumps(database_data(result.database, dialect="postgres", default_schema=None))

    return {
        "check": lambda: check_sources([source]),
        "fmt": fmt,
        "compile, writer, json": compile_and_write,
        "lsp": lambda: _lsp(text),
    }


@pytest.mark.parametrize("marked", _cases(MAX_NESTING))
def test_every_stage_fits_its_budget_at_the_limit(marked: str) -> None:
    text = marked.replace(DEEPEST, "")
    parsed = parse(SourceFile("deep.schema", text))
    assert not [d for d in parsed.diagnostics if d.code == "E0013"]
    for stage, run in _stages(text).items():
        with _budget(BUDGET):
            try:
                run()
            except RecursionError:  # pragma: no cover - the failure this test is for
                pytest.fail(f"{stage} needs more than {BUDGET} frames")


@pytest.mark.parametrize("marked", _cases(MAX_NESTING + 1))
def test_one_level_more_is_an_error_at_its_token(marked: str) -> None:
    text = marked.replace(DEEPEST, "")
    parsed = parse(SourceFile("deep.schema", text))
    (error,) = [d for d in parsed.diagnostics if d.code == "E0013"]
    assert error.message == f"nested more than {MAX_NESTING} levels deep"
    assert error.primary.message == f"level {MAX_NESTING + 1} starts here"
    assert error.help is not None
    assert "sql(" in error.help
    assert error.primary.span.start == marked.index(DEEPEST)
    assert error.primary.span.text in ("[", "{", "(", "?")


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 300, 5000])
def test_the_commands_report_it(tmp_path: Path, depth: int) -> None:
    for name, text in shapes(depth):
        path = tmp_path / f"{name.replace(' ', '_')}.schema"
        path.write_text(text)
        for run in (
            lambda p: check_command([str(p)], out=io.StringIO(), err=io.StringIO()),
            lambda p: fmt_command([str(p)], out=io.StringIO(), err=io.StringIO()),
            lambda p: compile_command([str(p)], out=io.StringIO(), err=io.StringIO()),
        ):
            assert run(path) == 1
        out = io.StringIO()
        check_command([str(path)], out=out, err=io.StringIO(), color="never")
        assert "error[E0013]: nested more than 64 levels deep" in out.getvalue()
        assert path.read_text() == text  # fmt left it alone
        _lsp(text, points=3)


def _where(d: Diagnostic) -> tuple[str, int, int]:
    line, column = d.primary.span.start_line_col()
    return d.code, d.primary.span.file.first_line + line, column  # pieces start on a line


def test_in_a_schema_the_editor_counts_as_check_does() -> None:
    # An item of a schema block is parsed alone in the editor: one level is already open.
    def in_schema(value: str) -> str:
        return ('schema "s" {\n  table "t" {\n    x = ' + value + "\n  }\n}\n").replace(DEEPEST, "")

    at_limit = in_schema(_value(["list"] * (MAX_NESTING - 2)))
    past = in_schema(_value(["list"] * (MAX_NESTING - 1)))
    for text, errors in ((at_limit, 0), (past, 1)):
        space = Workspace()
        unit = space.open("file:///s/a.schema", text)
        found = unit.analysis(space.options).result.diagnostics
        assert sum(d.code == "E0013" for d in found) == errors
        expected = check_sources([SourceFile("a.schema", text)]).diagnostics
        assert [_where(d) for d in found] == [_where(d) for d in expected]


# ---------------------------------------------------------------------------- random nesting

_PIECES = ["[", "]", "{", "}", "(", ")", "f(", "a = ", "b {", "[]", "?", ",", "\n", " x ", "1"]


@st.composite
def _nested(draw: st.DrawFn) -> str:
    """Random text that nests: runs of openers (sometimes thousands), random closers."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    parts = ["x = "] if rng.random() < 0.5 else ['schema "s" {\n  table "t" {\n  column "c" int']
    for _ in range(draw(st.integers(1, 6))):
        kind = rng.choice(list(OPEN))
        depth = rng.choice([rng.randint(0, 80), rng.randint(0, 400), rng.randint(1000, 3000)])
        parts.append(OPEN[kind] * depth)
        parts.extend(rng.choice(_PIECES) for _ in range(rng.randint(0, 20)))
        if rng.random() < 0.7:
            parts.append(CLOSE[kind] * rng.randint(0, depth))
    return "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_nested(), st.lists(st.sampled_from(_PIECES), max_size=600).map("".join)))
def test_random_nesting_never_raises(text: str) -> None:
    source = SourceFile("random.schema", text)
    check_sources([source])
    parsed = parse(source)
    if parsed.ok:
        format_file(parsed.file)
    _lsp(text)
