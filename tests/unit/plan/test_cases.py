"""The differ and the planner on the cases of cases/*.cases (see cases.py): no server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.plan.cases import Case, load_cases, write_cases
from tests.unit.plan.helpers import changes, describe, plan

CASES = load_cases()


@pytest.fixture(scope="module")
def found(request: pytest.FixtureRequest) -> Iterator[dict[str, tuple[str, str]]]:
    """What each case gave, written to its file at the end under --update-goldens."""
    results: dict[str, tuple[str, str]] = {}
    yield results
    if request.config.getoption("--update-goldens") and results:
        write_cases(results)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(
    case: Case, found: dict[str, tuple[str, str]], request: pytest.FixtureRequest
) -> None:
    if case.xfail is not None:
        request.applymarker(pytest.mark.xfail(reason=case.xfail, strict=True))
    old, new = case.states()
    schema = case.option("schema") or None
    concurrent = case.option("concurrent_indexes") is not None
    lines = "\n".join(describe(c) for c in changes(old, new, schema=schema))
    text = plan(old, new, schema=schema, concurrent_indexes=concurrent).strip("\n")
    if request.config.getoption("--update-goldens") and case.xfail is None:
        found[case.id] = (lines, text)
        return
    assert case.plan is not None, f"{case.id} has no plan: run pytest --update-goldens"
    if case.changes is not None:
        assert lines == case.changes
    assert text == case.plan
