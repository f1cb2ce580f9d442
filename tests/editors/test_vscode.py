"""The VS Code extension (editors/vscode): its manifest and JSON files, the grammar's own
test suites (vscode-tmgrammar-test: unit assertion files and snapshots), the snippets
(each expands to valid schema language), and the .vsix `make vsix` builds (with the
language client in it; the client itself: test_vscode_client.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from schemac.check import check_sources
from schemac.check.spec import BLOCKS, FILE
from schemac.source import SourceFile
from tests.editors.highlighters import ROOT, VSCODE, need_node
from tests.editors.test_vscode_client import run_client


def _json(name: str) -> Any:
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


MANIFEST = _json("package.json")
GRAMMAR = _json("syntaxes/schema.tmLanguage.json")
CONFIGURATION = _json("language-configuration.json")
SNIPPETS = _json("snippets/schema.code-snippets")


def test_manifest_contributes_the_language() -> None:
    contributes = MANIFEST["contributes"]
    (language,) = contributes["languages"]
    assert language["id"] == "schema"
    assert language["extensions"] == [".schema"]
    assert (VSCODE / language["configuration"]).is_file()
    (grammar,) = contributes["grammars"]
    assert grammar["language"] == "schema"
    assert grammar["scopeName"] == GRAMMAR["scopeName"] == "source.schema"
    assert (VSCODE / grammar["path"]).is_file()
    (snippets,) = contributes["snippets"]
    assert (VSCODE / snippets["path"]).is_file()
    assert contributes["configurationDefaults"]["[schema]"]["editor.tabSize"] == 2
    # The one piece of code is the language client (test_vscode_client.py), for the
    # desktop only: the server is a local process.
    assert MANIFEST["main"] == "./out/extension.js"
    assert "browser" not in MANIFEST
    assert MANIFEST["engines"]["vscode"]
    assert MANIFEST["publisher"]


def test_node_packages_are_pinned() -> None:
    lock = _json("package-lock.json")
    for group in ("devDependencies", "dependencies"):
        for name, version in MANIFEST[group].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin {name}: npm ci reads the lock"
        assert lock["packages"][""][group] == MANIFEST[group]


def test_language_configuration() -> None:
    assert CONFIGURATION["comments"] == {"lineComment": "#", "blockComment": ["/*", "*/"]}
    assert ["{", "}"] in CONFIGURATION["brackets"]
    closing = {pair["open"]: pair["close"] for pair in CONFIGURATION["autoClosingPairs"]}
    assert (closing['"'], closing["{"], closing["["]) == ('"', "}", "]")
    assert CONFIGURATION["folding"]["markers"]["start"]
    rules = CONFIGURATION["indentationRules"]
    increase = re.compile(rules["increaseIndentPattern"])
    decrease = re.compile(rules["decreaseIndentPattern"])
    for opens in ['table "t" {', "  on = [", "  body = sql(", 'schema "s" { # a comment']:
        assert increase.search(opens), opens
    for stays in ['column "a" text', "x = [a, b]", 'a = "{"', "# {", "t {}"]:
        assert not increase.search(stays), stays
    for closes in ["}", "  ]", ")"]:
        assert decrease.search(closes)
    word = re.compile(CONFIGURATION["wordPattern"])
    for one_word in ("renamed_from", "`order id`", "1.5", "größe"):
        assert word.fullmatch(one_word), one_word


def _includes(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["include"][1:]} if str(node.get("include", "")).startswith("#") else set()
        for value in node.values():
            found |= _includes(value)
        return found
    if isinstance(node, list):
        return set().union(*map(_includes, node)) if node else set()
    return set()


def test_grammar_rules_are_all_defined_and_used() -> None:
    used = _includes(GRAMMAR)
    defined = set(GRAMMAR["repository"])
    assert used <= defined, f"included but not defined: {sorted(used - defined)}"
    assert defined <= used, f"defined but never included: {sorted(defined - used)}"


def _npx(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    need_node()
    return subprocess.run(
        [str(VSCODE / "node_modules" / ".bin" / tool), *args],
        cwd=VSCODE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# The SQL grammar that heredocs embed is VS Code's own; a stand-in takes its place here.
SQL_STAND_IN = ("-g", "tests/grammars/source.sql.json")


@pytest.mark.editors
def test_grammar_unit_assertions() -> None:
    """tests/unit/*.schema: `# ^^^ scope` lines assert the scopes of the line above."""
    files = sorted((VSCODE / "tests" / "unit").glob("*.schema"))
    assert len(files) >= 4
    run = _npx("vscode-tmgrammar-test", *SQL_STAND_IN, "tests/unit/*.schema")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("run successfuly") == len(files)


@pytest.mark.editors
def test_grammar_snapshots() -> None:
    """tests/snap/*.schema.snap: every token's scopes (update: npm test -- -u, then review)."""
    files = sorted((VSCODE / "tests" / "snap").glob("*.schema"))
    assert files
    for file in files:
        assert file.with_name(file.name + ".snap").is_file()
    run = _npx("vscode-tmgrammar-snap", *SQL_STAND_IN, "tests/snap/*.schema")
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.editors
def test_a_wrong_assertion_fails(tmp_path: Path) -> None:
    """The unit test tool really checks: a wrong scope is reported, with exit code 255."""
    case = tmp_path / "wrong.schema"
    case.write_text('# SYNTAX TEST "source.schema"\ntable "t" {}\n# <----- string\n')
    run = _npx("vscode-tmgrammar-test", *SQL_STAND_IN, str(case))
    assert run.returncode != 0
    assert "missing required scopes: string" in run.stdout


# ----------------------------------------------------------------------------- snippets

_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|]*)[^}]*\|\}|\$\d+")


def _expand(body: list[str]) -> str:
    """A snippet as inserted when every placeholder keeps its default (or first choice)."""
    text = "\n".join(body).replace("\t", "  ")
    return _PLACEHOLDER.sub(lambda m: m.group(1) or m.group(2) or "", text)


def _parent(kind: str) -> str | None:
    """A block kind the given kind may stand in (None: the top level)."""
    if kind in FILE.blocks:
        return None
    return next(spec.kind for spec in BLOCKS.values() if kind in spec.blocks)


def _in_context(text: str) -> str:
    """The snippet inside the blocks it needs around it, as a whole file."""
    first = re.match(r"\w+", text)
    if first is None or first.group() not in BLOCKS:  # an attribute, or a value
        if re.match(r"\w+\s*=", text):
            return f'table "t" {{\n{text}\n}}\n'
        return f'table "t" {{\n  check "c" {{ expr = {text} }}\n}}\n'
    kind = first.group()
    while (parent := _parent(kind)) is not None:
        label = "" if BLOCKS[parent].label.value == "none" else '"p" '
        text = f"{parent} {label}{{\n{text}\n}}"
        kind = parent
    return text + "\n"


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_is_valid_language(name: str) -> None:
    snippet = SNIPPETS[name]
    assert snippet["prefix"]
    assert snippet["description"]
    text = _in_context(_expand(snippet["body"]))
    result = check_sources([SourceFile(f"{name}.schema", text)])
    # Syntax (E00xx) and shape (E01xx: kinds, attributes, values, placement) must be
    # right; references to tables the snippet cannot know are the user's to fill in.
    wrong = [f"{d.code} {d.message}" for d in result.diagnostics if d.code[:3] in {"E00", "E01"}]
    assert not wrong, f"{text}\n{wrong}"


def test_snippets_cover_the_common_blocks() -> None:
    prefixes = {
        p
        for s in SNIPPETS.values()
        for p in ([s["prefix"]] if isinstance(s["prefix"], str) else s["prefix"])
    }
    for kind in (
        "schema",
        "table",
        "column",
        "index",
        "unique",
        "foreign_key",
        "check",
        "view",
        "materialized_view",
        "enum",
        "domain",
        "type",
        "function",
        "trigger",
        "policy",
        "grant",
        "extension",
        "sequence",
        "partition",
        "procedure",
    ):
        assert kind in prefixes, kind


# ----------------------------------------------------------------------------- .vsix


@pytest.mark.editors
def test_make_vsix_builds_the_extension(tmp_path: Path) -> None:
    need_node()
    vsix = tmp_path / "schemac-schema.vsix"
    run = subprocess.run(
        ["make", "-s", "vsix", f"VSIX={vsix}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("extension/package.json"))
        archive.extractall(tmp_path / "unpacked")
    main = "extension/" + manifest["main"].removeprefix("./")
    assert {
        "extension/package.json",
        "extension/language-configuration.json",
        "extension/syntaxes/schema.tmLanguage.json",
        "extension/snippets/schema.code-snippets",
        "extension.vsixmanifest",
        # The client, bundled with vscode-languageclient, and the bundled packages' licences.
        main,
        "extension/out/THIRD_PARTY_NOTICES.txt",
    } <= names
    assert main == "extension/out/extension.js"
    left_out = ("node_modules", "/tests/", "/src/", ".ts", ".map", "tsconfig", "build.js")
    assert not any(part in n for n in names for part in left_out), sorted(names)
    assert manifest["contributes"]["languages"][0]["id"] == "schema"
    assert vsix.stat().st_size < 192 * 1024
    # The packaged client runs on its own (no node_modules beside it): with no server to
    # start, it activates and warns once.
    report = run_client(
        {
            "entry": str(tmp_path / "unpacked" / main),
            "waitFor": "message",
            "settings": {"schemac.server.path": str(tmp_path / "no-schemac")},
        }
    )
    assert [m["kind"] for m in report["shown"]] == ["warning"], report["shown"]
