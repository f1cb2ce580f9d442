"""What README.md, CONTRIBUTING.md and CHANGELOG.md say of the Makefile and pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
PYTEST = PYPROJECT["tool"]["pytest"]["ini_options"]
DECLARED = {line.split(":", 1)[0] for line in PYTEST["markers"]}


def _targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", MAKEFILE, re.MULTILINE))


def _recipe(target: str) -> str:
    found = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert found, f"no recipe for {target}"
    return found.group(1)


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "editors/README.md"])
def test_every_make_target_named_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = set(re.findall(r"(?:`|^)make\s+([a-z][\w-]*)", text, re.MULTILINE))
    assert named, doc
    assert named <= _targets(), f"{doc} names targets the Makefile lacks"


def test_the_markers_are_strict_and_declared() -> None:
    assert "--strict-markers" in PYTEST["addopts"].split()
    assert {"postgres", "editors", "slow"} <= DECLARED


def test_test_fast_leaves_out_the_server_and_the_editors() -> None:
    recipe = _recipe("test-fast")
    assert '-m "not postgres and not editors"' in recipe
    assert "-n auto" in recipe
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    assert any(d.startswith("pytest-xdist") for d in dev)
    # No npm: test-fast does not depend on `make editors`.
    assert re.search(r"^test-fast: setup$", MAKEFILE, re.MULTILINE)


def test_every_marker_used_is_declared() -> None:
    used: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        used |= set(re.findall(r"pytest\.mark\.([a-z_]+)", path.read_text(encoding="utf-8")))
    builtin = {"parametrize", "skip", "skipif", "xfail", "usefixtures", "filterwarnings"}
    assert used - builtin <= DECLARED


def test_the_changelog_releases_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert releases[0] == "Unreleased"
    assert releases[1] == PYPROJECT["project"]["version"]
