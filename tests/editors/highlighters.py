"""The three highlighters run headlessly, and what the editor tests ask of their output.

- TextMate (VS Code): editors/vscode/tests/tokenize.js runs the grammar in vscode-textmate,
  VS Code's own engine, under Node.
- Vim: vim_dump.vim has Vim report the syntax group of every byte.
- Pygments: schemac.highlight.SchemaLexer, in process.

Each is reduced to the same thing: the highlighter's name for the text at each position
(a TextMate scope stack, a Vim group, a Pygments token type), so that one list of
expectations (CATEGORIES) can be checked against all three.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    String,
    Text,
    Token,
    _TokenType,
)

from schemac.highlight import SchemaLexer
from schemac.inputs import read_file
from schemac.syntax.parser import parse

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "editors" / "vscode"
VIM_RUNTIME = ROOT / "editors" / "vim"
VIM_DUMP = Path(__file__).with_name("vim_dump.vim")

# `make test` sets this: there, a missing tool is a failure, not a reason to skip.
REQUIRED = os.environ.get("SCHEMAC_EDITOR_TESTS") == "require"

WORD = re.compile(r"\w+")


# Whether the running test is marked `editors` (set by tests/editors/conftest.py): a test
# that runs Node.js or Vim unmarked would run (or skip) under `make test-fast`, which
# promises neither.
marked_editors = True


def need(ok: bool, what: str) -> None:
    """Skip (or, under `make test`, fail) when a tool the test needs is missing."""
    if not marked_editors:
        pytest.fail("this test runs an editor's tools: mark it @pytest.mark.editors")
    if ok:
        return
    if REQUIRED:
        pytest.fail(f"{what}; `make editors` installs the Node tools, .ci/run installs vim")
    pytest.skip(what)


def need_node() -> None:
    need(shutil.which("node") is not None, "node is not installed")
    need((VSCODE / "node_modules" / "vscode-textmate").is_dir(), "run `make editors` first")


def need_vim() -> None:
    need(shutil.which("vim") is not None, "vim is not installed")


# ----------------------------------------------------------------------------- corpus


def corpus() -> list[Path]:
    """Every example and every golden input."""
    examples = sorted((ROOT / "examples").rglob("*.schema"))
    goldens = sorted((ROOT / "tests" / "golden").rglob("*.schema"))
    return examples + goldens


def doc_examples() -> list[str]:
    """The examples of the language reference (each a whole file, checked by test_docs)."""
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    return re.findall(r"```schema\n(.*?)```", text, re.DOTALL)


def has_syntax_errors(path: Path) -> bool:
    """Inputs written to be broken (E00xx diagnostics): the only ones left out."""
    return any(d.code.startswith("E00") for d in parse(read_file(path)).diagnostics)


def label(path: Path) -> str:
    return str(path.relative_to(ROOT))


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one line, in characters, and what a highlighter calls it."""

    line: int  # 0-based
    start: int
    end: int
    name: str  # TextMate: the scope stack; Vim: the group ('' for none); Pygments: the type
    error: bool  # shown as an error
    scoped: bool  # has a scope of its own (not only the file's, or a meta one)


@dataclass(frozen=True, slots=True)
class Highlighted:
    text: str
    spans: tuple[Span, ...]

    def at(self, line: int, column: int) -> Span:
        for span in self.spans:
            if span.line == line and span.start <= column < span.end:
                return span
        raise LookupError(f"nothing at {line + 1}:{column + 1}")

    def problems(self) -> list[str]:
        """Error tokens, and words with no scope of their own, as `line:col: text (name)`."""
        lines = self.text.split("\n")
        out = []
        for span in self.spans:
            piece = lines[span.line][span.start : span.end]
            if span.error:
                out.append(f"{span.line + 1}:{span.start + 1}: error {piece!r} ({span.name})")
            elif not span.scoped and WORD.search(piece):
                out.append(f"{span.line + 1}:{span.start + 1}: unscoped {piece!r} ({span.name})")
        return out


def _textmate_scoped(scopes: list[str]) -> bool:
    return any(s != "source.schema" and not s.startswith("meta.") for s in scopes)


def textmate(texts: Sequence[str]) -> list[Highlighted]:
    """Each text as the TextMate grammar tokenizes it (one Node process for all)."""
    need_node()
    run = subprocess.run(
        ["node", "tests/tokenize.js", "-"],
        cwd=VSCODE,
        input=json.dumps(list(texts)),
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(run.stdout)
    scopes = [s.split(" ") for s in data["scopes"]]
    out = []
    for text, lines in zip(texts, data["files"], strict=True):
        spans = [
            Span(
                line=n,
                start=start,
                end=end,
                name=" ".join(scopes[index]),
                error=any(s.startswith("invalid") for s in scopes[index]),
                scoped=_textmate_scoped(scopes[index]),
            )
            for n, tokens in enumerate(lines)
            for start, end, index in tokens
        ]
        out.append(Highlighted(text, tuple(spans)))
    return out


def run_vim(*args: str) -> subprocess.CompletedProcess[str]:
    """Vim without a user's setup, with editors/vim first on its runtime path."""
    need_vim()
    command = ["vim", "-Nu", "NONE", "-i", "NONE", "-es", "--cmd", f"set rtp^={VIM_RUNTIME}"]
    command += ["-c", "filetype plugin indent on", "-c", "syntax on", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def vim_files(paths: Sequence[Path]) -> list[tuple[str, Highlighted]]:
    """Each file's filetype and syntax groups, as Vim sees them (one Vim for all)."""
    need_vim()
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "files.txt"
        out = Path(tmp) / "out.jsonl"
        listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        run = run_vim(
            "-S", str(VIM_DUMP), "-c", f"call g:SchemaDump('{listing}', '{out}')", "-c", "qa!"
        )
        assert run.returncode == 0, f"vim failed: {run.stdout}{run.stderr}"
        dumps = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    results = []
    for path, dump in zip(paths, dumps, strict=True):
        text = path.read_text(encoding="utf-8")
        spans = []
        for n, (line, runs) in enumerate(zip(text.split("\n"), dump["lines"], strict=False)):
            # Vim counts bytes; the spans count characters.
            chars = _byte_to_char(line)
            for start, end, group, linked in runs:
                spans.append(
                    Span(
                        line=n,
                        start=chars[start],
                        end=chars[end],
                        name=group,
                        error=linked == "Error" or "Error" in group,
                        # A group with no colour of its own (a block's body, a value's
                        # region) leaves its words plain.
                        scoped=group not in ("", linked),
                    )
                )
        results.append((dump["filetype"], Highlighted(text, tuple(spans))))
    return results


def vim(texts: Sequence[str]) -> list[Highlighted]:
    """Each text as Vim highlights it, from a .schema file of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"t{i}.schema" for i in range(len(texts))]
        for path, text in zip(paths, texts, strict=True):
            path.write_text(text, encoding="utf-8")
        return [highlighted for _, highlighted in vim_files(paths)]


def _byte_to_char(line: str) -> list[int]:
    """For each byte offset of a line (and its end), the character offset."""
    out = []
    for i, char in enumerate(line):
        out.extend([i] * len(char.encode("utf-8")))
    out.append(len(line))
    return out


def pygments(texts: Sequence[str]) -> list[Highlighted]:
    """Each text as the Pygments lexer tokenizes it."""
    out = []
    for text in texts:
        spans = []
        line, column = 0, 0
        for _, token, value in SchemaLexer(stripnl=False).get_tokens_unprocessed(text):
            for i, piece in enumerate(value.split("\n")):
                if i:
                    line, column = line + 1, 0
                if piece:
                    spans.append(
                        Span(
                            line=line,
                            start=column,
                            end=column + len(piece),
                            name=str(token),
                            error=token in Error,
                            scoped=token is not Text and token is not Token,
                        )
                    )
                    column += len(piece)
        out.append(Highlighted(text, tuple(spans)))
    return out


HIGHLIGHTERS = {"textmate": textmate, "vim": vim, "pygments": pygments}
# Pygments runs in process; the others run Node.js or Vim.
IN_PROCESS = frozenset({"pygments"})


def highlighter_params() -> list[object]:
    """HIGHLIGHTERS' names as parameters, those that run an editor's tools marked so."""
    return [
        pytest.param(name, marks=() if name in IN_PROCESS else pytest.mark.editors)
        for name in sorted(HIGHLIGHTERS)
    ]


# ----------------------------------------------------------------------------- expectations

# What each highlighter calls a kind of word: the TextMate scope it must carry, the
# Pygments token type it must have, the Vim group it must be in. Known kinds and
# attributes are told from others (`kind?`, `attribute?`): that is how the drift test
# sees that a highlighter lists them.
CATEGORIES: dict[str, tuple[str, _TokenType, str]] = {
    "kind": ("keyword.other.block.schema", Keyword.Declaration, "schemaKind"),
    "kind?": ("keyword.other.block.unknown.schema", Keyword, "schemaBlockKind"),
    "attribute": ("variable.other.property.schema", Name.Attribute, "schemaAttribute"),
    "attribute?": ("variable.other.property.unknown.schema", Name.Property, "schemaAttrName"),
    "key": ("support.type.property-name.schema", Name.Property, "schemaObjectKey"),
    "label": ("string.quoted.double.label.schema", String.Double, "schemaLabel"),
    "type": ("support.type.builtin.schema", Keyword.Type, "schemaBuiltinType"),
    "type?": ("entity.name.type.schema", Name.Class, "schemaTypeName"),
    "setof": ("storage.modifier.setof.schema", Keyword, "schemaSetof"),
    "string": ("string.quoted.double.schema", String.Double, "schemaString"),
    "escape": ("constant.character.escape.schema", String.Escape, "schemaEscape"),
    "heredoc": ("string.unquoted.heredoc.schema", String.Heredoc, "schemaHeredoc"),
    "tag": ("keyword.control.heredoc.schema", String.Delimiter, "schemaHeredocDelim"),
    "integer": ("constant.numeric.integer.schema", Number.Integer, "schemaNumber"),
    "float": ("constant.numeric.float.schema", Number.Float, "schemaFloat"),
    "boolean": ("constant.language.boolean.schema", Keyword.Constant, "schemaBoolean"),
    "null": ("constant.language.null.schema", Keyword.Constant, "schemaNull"),
    "word": ("support.constant.schema", Name.Constant, "schemaValueWord"),
    "name": ("variable.other.schema", Name.Variable, "schemaName"),
    "member": ("variable.other.member.schema", Name.Variable, "schemaName"),
    "namespace": ("entity.name.namespace.schema", Name.Namespace, "schemaQualifier"),
    "function-namespace": ("entity.name.namespace.schema", Name.Namespace, "schemaCallQualifier"),
    "call": ("entity.name.function.schema", Name.Function, "schemaCallName"),
    "sql": ("support.function.builtin.schema", Name.Builtin, "schemaBuiltinCall"),
    "#": ("comment.line.number-sign.schema", Comment.Single, "schemaComment"),
    "//": ("comment.line.double-slash.schema", Comment.Single, "schemaComment"),
    "/*": ("comment.block.schema", Comment.Multiline, "schemaComment"),
}


def matches(highlighter: str, span: Span, category: str) -> bool:
    scope, token, group = CATEGORIES[category]
    if highlighter == "textmate":
        return scope in span.name.split(" ")
    if highlighter == "vim":
        return span.name == group
    return span.name == str(token)
