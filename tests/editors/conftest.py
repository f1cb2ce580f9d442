"""The editor tests: `need()` (tests/editors/highlighters.py) checks the `editors` mark."""

from __future__ import annotations

import pytest

from tests.editors import highlighters


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures, which may run a tool too
def pytest_runtest_setup(item: pytest.Item) -> None:
    highlighters.marked_editors = item.get_closest_marker("editors") is not None
