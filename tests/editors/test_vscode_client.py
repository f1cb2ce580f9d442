"""The VS Code extension's language client (editors/vscode/src/extension.ts).

It is type-checked with tsc (strict), bundled with esbuild, and run under plain Node
against a stand-in for the `vscode` module (editors/vscode/tests/fake-vscode.js): the
client activates, starts `schemac lsp`, opens documents and receives diagnostics, and a
server that cannot be started gives one warning, never an error or a failed activation.
The packaged .vsix is checked in test_vscode.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.editors.highlighters import VSCODE, need, need_node


def _json(name: str) -> Any:
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


MANIFEST = _json("package.json")
LOCK = _json("package-lock.json")
SOURCE = (VSCODE / "src" / "extension.ts").read_text(encoding="utf-8")
SETTINGS = MANIFEST["contributes"]["configuration"]["properties"]


def _version(spec: str) -> tuple[int, ...]:
    found = re.fullmatch(r"\^?(\d+)\.(\d+)\.(\d+)", spec)
    assert found, spec
    return tuple(int(part) for part in found.groups())


# ----------------------------------------------------------------------------- manifest


def test_manifest_declares_the_client() -> None:
    assert MANIFEST["main"] == "./out/extension.js"
    assert "onLanguage:schema" in MANIFEST["activationEvents"]
    (language,) = MANIFEST["contributes"]["languages"]
    assert language["id"] == "schema"
    assert SETTINGS["schemac.server.enabled"]["default"] is True
    assert SETTINGS["schemac.server.path"]["default"] == "schemac"
    assert SETTINGS["schemac.schemaDirs"]["default"] == []
    assert SETTINGS["schemac.schemaDirs"]["items"] == {"type": "string"}
    # A workspace must not choose the executable while it is untrusted.
    untrusted = MANIFEST["capabilities"]["untrustedWorkspaces"]
    assert untrusted["restrictedConfigurations"] == ["schemac.server.path"]
    commands = {c["command"] for c in MANIFEST["contributes"]["commands"]}
    assert "schemac.restartServer" in commands
    assert 'registerCommand("schemac.restartServer"' in SOURCE


def test_the_client_reads_only_declared_settings() -> None:
    read = set(re.findall(r'config\.get<[^>]+>\(\s*"([\w.]+)"', SOURCE))
    assert read == {"server.enabled", "server.path", "schemaDirs"}
    for key in read:
        assert f"schemac.{key}" in SETTINGS, key
    # The server is started as `schemac lsp`, for the language the extension declares.
    assert 'args: ["lsp"]' in SOURCE
    assert 'language: "schema"' in SOURCE
    assert 'createFileSystemWatcher("**/*.schema")' in SOURCE
    assert "initializationOptions: { schemaDirs }" in SOURCE


def test_engine_matches_the_client_and_the_api_types() -> None:
    engine = MANIFEST["engines"]["vscode"]
    client = LOCK["packages"]["node_modules/vscode-languageclient"]
    assert client["version"] == MANIFEST["dependencies"]["vscode-languageclient"]
    assert _version(engine) >= _version(client["engines"]["vscode"])
    # @types/vscode may not describe a newer API than the engines field promises.
    assert _version(MANIFEST["devDependencies"]["@types/vscode"]) <= _version(engine)
    # VS Code's extension host runs Node 20 from 1.90 on: the bundle targets it.
    assert "node20" in (VSCODE / "build.js").read_text(encoding="utf-8")


def test_strict_tsconfig() -> None:
    options = _json("tsconfig.json")["compilerOptions"]
    assert options["strict"] is True
    assert options["noEmit"] is True  # esbuild writes out/; tsc only checks


# ----------------------------------------------------------------------------- build


def _node(
    *args: str, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    need_node()
    node = shutil.which("node")
    assert node is not None
    return subprocess.run(
        [node, *args],
        cwd=VSCODE,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


@pytest.mark.editors
def test_typecheck() -> None:
    need_node()
    need((VSCODE / "node_modules" / "typescript").is_dir(), "run `make editors` first")
    run = _node("node_modules/typescript/bin/tsc", "--noEmit", "-p", ".")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""


@pytest.fixture(scope="module")
def bundle() -> Path:
    """out/extension.js, bundled now by build.js (as `vsce package` does)."""
    run = _node("build.js")
    assert run.returncode == 0, run.stdout + run.stderr
    entry = VSCODE / str(MANIFEST["main"])
    assert entry.is_file()
    return entry


@pytest.mark.editors
def test_the_bundle_needs_nothing_but_vscode_and_node(bundle: Path) -> None:
    text = bundle.read_text(encoding="utf-8")
    required = set(re.findall(r'\brequire\("([^"]+)"\)', text))
    builtins = json.loads(_node("-p", "JSON.stringify(require('module').builtinModules)").stdout)
    outside = {r for r in required if r != "vscode" and r.removeprefix("node:") not in builtins}
    assert not outside, sorted(outside)
    assert "vscode" in required
    notices = (bundle.parent / "THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8")
    assert "vscode-languageclient 11.0.0 (MIT)" in notices


# ----------------------------------------------------------------------------- running


def run_client(scenario: dict[str, Any], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """tests/client.js: activate the client in the stand-in, then deactivate; what it did."""
    run = _node("tests/client.js", json.dumps(scenario), env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    report: dict[str, Any] = json.loads(run.stdout.splitlines()[-1])
    assert report["activated"], report
    assert report["error"] is None, report["error"]
    assert report["unhandled"] == [], report["unhandled"]
    assert "schemac.restartServer" in report["commands"]
    # Never an error notification: at most the one warning.
    assert [m for m in report["shown"] if m["kind"] != "warning"] == [], report["shown"]
    return report


def _one_warning(report: dict[str, Any]) -> str:
    (shown,) = report["shown"]
    message: str = shown["message"]
    assert "`schemac.server.path`" in message
    assert "Highlighting and snippets still work" in message
    return message


@pytest.mark.editors
def test_a_missing_server_gives_one_warning(bundle: Path) -> None:
    del bundle
    report = run_client(
        {"waitFor": "message", "settings": {"schemac.server.path": "/nonexistent/schemac"}}
    )
    assert "could not find `/nonexistent/schemac`" in _one_warning(report)


@pytest.mark.editors
def test_schemac_not_on_path(bundle: Path, tmp_path: Path) -> None:
    del bundle
    report = run_client({"waitFor": "message"}, env={**os.environ, "PATH": str(tmp_path)})
    assert "could not find `schemac`" in _one_warning(report)


@pytest.mark.editors
def test_a_schemac_without_lsp_gives_one_warning(bundle: Path, tmp_path: Path) -> None:
    """An older schemac: `lsp` is no command of it, and it exits at once."""
    del bundle
    if os.name != "posix":
        pytest.skip("a shell script stands in for the old schemac")
    old = tmp_path / "schemac"
    old.write_text("#!/bin/sh\necho \"Error: No such command 'lsp'.\" >&2\nexit 2\n")
    old.chmod(0o755)
    report = run_client({"waitFor": "message", "settings": {"schemac.server.path": str(old)}})
    assert f"`{old} lsp` did not start" in _one_warning(report)
    assert any("No such command 'lsp'" in line for line in report["log"])  # its stderr


@pytest.mark.editors
def test_disabled(bundle: Path) -> None:
    del bundle
    settings = {"schemac.server.enabled": False, "schemac.server.path": "/nonexistent/schemac"}
    report = run_client({"settings": settings})
    assert report["shown"] == []
    assert report["log"] == []


# ----------------------------------------------------------------------------- end to end

SCHEMAC = Path(sys.executable).with_name("schemac")

USERS = 'table "users" {\n  column "id" bigint\n  primary_key = [id]\n}\n'
POSTS = (
    'table "posts" {\n'
    '  column "id"     bigint\n'
    '  column "author" bigint { references = users.id }\n'
    "  primary_key = [id]\n"
    "  colour = 1\n"
    "}\n"
)


@pytest.fixture(scope="module")
def server() -> Path:
    if not SCHEMAC.is_file():
        pytest.skip(f"{SCHEMAC} is not installed")
    run = subprocess.run([SCHEMAC, "lsp", "--help"], capture_output=True, timeout=60, check=False)
    if run.returncode != 0:
        pytest.skip("this schemac has no `lsp` command")
    return SCHEMAC


def _workspace(root: Path, server: Path) -> Path:
    """db/posts.schema and db/sub/users.schema, and bin/schemac (the server) in `root`."""
    (root / "db" / "sub").mkdir(parents=True)
    (root / "db" / "sub" / "users.schema").write_text(USERS)
    posts = root / "db" / "posts.schema"
    posts.write_text(POSTS)
    (root / "bin").mkdir()
    (root / "bin" / "schemac").symlink_to(server)
    return posts


@pytest.mark.editors
@pytest.mark.parametrize("schema_dirs", [["db"], []], ids=["schemaDirs", "no-schemaDirs"])
def test_diagnostics_from_schemac_lsp(
    bundle: Path, server: Path, tmp_path: Path, schema_dirs: list[str]
) -> None:
    """The client starts the server (a path relative to the workspace folder), opens the
    document and shows the server's diagnostics; `schemac.schemaDirs` reaches the server:
    with `db`, the files of db/ and its subfolders form one schema."""
    del bundle
    posts = _workspace(tmp_path, server)
    settings = {"schemac.server.path": "bin/schemac", "schemac.schemaDirs": schema_dirs}
    report = run_client(
        {
            "waitFor": "diagnostics",
            "timeout": 60000,
            "settings": settings,
            "folder": str(tmp_path),
            "documents": [{"path": str(posts), "text": POSTS}],
        }
    )
    assert report["shown"] == []
    codes = {d["code"]: d for d in report["diagnostics"][posts.as_uri()]}
    assert codes["E0102"]["line"] == 4  # `colour`, 0-based
    assert ("E0402" in codes) == (not schema_dirs), codes  # unknown table `users`


@pytest.mark.editors
def test_fixing_the_setting_starts_the_server(bundle: Path, server: Path, tmp_path: Path) -> None:
    """A wrong `schemac.server.path` warns once; corrected, the server starts (no reload)."""
    del bundle
    posts = _workspace(tmp_path, server)
    report = run_client(
        {
            "waitFor": "message",
            "timeout": 60000,
            "settings": {"schemac.server.path": "bin/no-schemac", "schemac.schemaDirs": ["db"]},
            "folder": str(tmp_path),
            "documents": [{"path": str(posts), "text": POSTS}],
            "change": {
                "settings": {"schemac.server.path": "bin/schemac"},
                "waitFor": "diagnostics",
            },
        }
    )
    assert "could not find" in _one_warning(report)
    assert str(tmp_path / "bin" / "no-schemac") in report["shown"][0]["message"]
    codes = [d["code"] for d in report["diagnostics"][posts.as_uri()]]
    assert codes == ["E0102"]
