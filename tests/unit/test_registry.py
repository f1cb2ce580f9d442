"""The registry of codes: every code has a name, an owner and docs, and the docs page is
made from it; every code the source uses is registered, and reported by its owner."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from schemac.diagnostics import catalog, registry
from schemac.diagnostics.docs import REGENERATE, page
from schemac.plan import Hazard, HazardKind

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "schemac"
CATALOG = SRC / "diagnostics" / "catalog"
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
CODE = re.compile(r"[EWH]\d{4}")


def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


@functools.cache
def _catalog_constants() -> dict[str, str]:
    """Every `E_...`/`W_...` constant of the catalog, with its code."""
    return {
        name: value
        for name in dir(catalog)
        if re.fullmatch(r"[EW]_[A-Z_]+", name) and isinstance(value := getattr(catalog, name), str)
    }


@functools.cache
def _factories() -> dict[str, set[str]]:
    """Each catalog factory, with the codes it builds diagnostics of."""
    constants = _catalog_constants()
    found: dict[str, set[str]] = {}
    for path in CATALOG.glob("*.py"):
        for node in _parsed(path).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                found[node.name] = {constants[n] for n in used if n in constants}
    return found


def test_the_docs_page_is_made_from_the_registry() -> None:
    written = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert written == page(), f"docs/diagnostics.md is out of date: run `{REGENERATE}`"


def test_every_code_has_a_name_a_summary_an_owner_and_docs() -> None:
    listed = registry.entries()
    assert len(listed) > 90
    for entry in listed:
        assert CODE.fullmatch(entry.code), entry
        assert KEBAB.fullmatch(entry.name), entry.code
        assert entry.summary, entry.code
        assert not entry.summary.endswith("."), entry.code
        assert len(entry.docs) > 40, f"{entry.code} needs documentation"
        assert (SRC / entry.owner).is_file(), f"{entry.code}: no module {entry.owner}"
        assert registry.group_of(entry) is not None, entry.code
    names = [e.name for e in listed]
    assert len(names) == len(set(names)), "names must be unique"
    assert not set(names) & {e.code.lower() for e in listed}


def test_catalog_codes_are_the_diagnostic_entries() -> None:
    diagnostic = {e.code: e.summary for e in registry.entries() if not e.is_hazard}
    assert diagnostic == catalog.CODES
    for name, value in _catalog_constants().items():
        assert name[0] == value[0], f"{name} = {value}: the letter gives the severity"


def test_builders_match_the_severity_of_their_code() -> None:
    constants = _catalog_constants()
    for path in CATALOG.glob("*.py"):
        for node in ast.walk(_parsed(path)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in ("error", "warning") and isinstance(node.args[0], ast.Name):
                entry = registry.get(constants[node.args[0].id])
                assert entry is not None
                expected = "error" if node.func.id == "error" else "warning"
                assert entry.severity == expected, f"{path.name}: {entry.code}"


def test_every_code_used_in_the_source_is_registered() -> None:
    constants = _catalog_constants()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for code in re.findall(r"[\"']([EWH]\d{4})[\"']", text):
            assert registry.get(code), f"{path}: {code} is not registered"
        for name in re.findall(r"\bcat(?:alog)?\.([EW]_[A-Z_]+)\b", text):
            assert name in constants, f"{path}: the catalog has no {name}"


_DIAGNOSTICS = [e for e in registry.entries() if not e.is_hazard]


@pytest.mark.parametrize("entry", _DIAGNOSTICS, ids=lambda e: e.code)
def test_the_owner_reports_the_code(entry: registry.Entry) -> None:
    text = (SRC / entry.owner).read_text(encoding="utf-8")
    builders = [name for name, codes in _factories().items() if entry.code in codes]
    constants = [name for name, code in _catalog_constants().items() if code == entry.code]
    used = [n for n in builders + constants if re.search(rf"\bcat(alog)?\.{n}\b", text)]
    assert used, f"{entry.owner} reports no {entry.code} (its builders: {builders})"


def test_every_hazard_kind_has_a_code() -> None:
    hazards = [e for e in registry.entries() if e.is_hazard]
    codes = []
    for kind in HazardKind:
        hazard = Hazard(kind=kind, message="m")
        assert hazard.entry in hazards
        assert hazard.name == kind.value.replace(" ", "-")
        assert hazard.code.endswith("00"), "a kind's code is its family's 00"
        codes.append(hazard.code)
    assert len(set(codes)) == len(HazardKind)
    assert {e.code for e in hazards if e.code.endswith("00")} == set(codes)
    for entry in hazards:
        assert entry.owner == "plan.py"
        assert entry.code[:3] in {c[:3] for c in codes}, f"{entry.code}: no such family"


def test_find_takes_a_code_in_any_case_or_a_name() -> None:
    entry = registry.find("E0401")
    assert entry is not None
    assert entry.name == "unknown-column"
    assert registry.find("e0401") is entry
    assert registry.find("unknown-column") is entry
    assert registry.find(" Unknown_Column ") is entry
    assert registry.find("h0100") is registry.find("data-loss")
    assert registry.find("E9999") is None
    assert registry.find("nothing-like-it") is None


def test_registering_twice_or_badly_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("E0401", "other-name", "s", owner="x.py", docs="d")
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("E9998", "unknown-column", "s", owner="x.py", docs="d")
    with pytest.raises(ValueError, match="kebab-case"):
        registry.register("E9997", "Not_Kebab", "s", owner="x.py", docs="d")
    with pytest.raises(ValueError, match="not a code"):
        registry.register("X0001", "x", "s", owner="x.py", docs="d")
