"""The parser and checker survive anything: no exception, every diagnostic inside the file."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemac.check import check_sources
from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file
from tests.mutants import TOKENS, mutants, mutate, seeds

_SEEDS = seeds()


def _assert_sound(text: str) -> None:
    source = SourceFile("fuzz.schema", text)
    result = check_sources([source])
    n = len(text)
    for diagnostic in result.diagnostics:
        for label in (diagnostic.primary, *diagnostic.secondary):
            span = label.span
            assert 0 <= span.start <= span.end <= n, (diagnostic, text)
        assert diagnostic.message
        # Rendering must not fail either.
        span.start_line_col()
    if result.ok:
        assert result.database is not None


def _assert_formats(text: str) -> None:
    """A parse without errors prints, and the print parses to the same tree."""
    parsed = parse(SourceFile("fuzz.schema", text))
    if not parsed.ok:
        return
    printed = format_file(parsed.file)
    again = parse(SourceFile("fuzz.schema", printed))
    assert again.ok, (text, printed, again.diagnostics)
    assert again.file == parsed.file, (text, printed)
    assert format_file(again.file) == printed


_settings = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(st.randoms(use_true_random=False))
def test_mutated_examples(rng: random.Random) -> None:
    text = mutate(rng.choice(_SEEDS), rng)
    _assert_sound(text)
    _assert_formats(text)


@_settings
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map("".join))
def test_token_soup(text: str) -> None:
    _assert_sound(text)
    _assert_formats(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=200))
def test_random_unicode(text: str) -> None:
    _assert_sound(text)


def test_truncated_at_every_offset() -> None:
    text = _SEEDS[0]
    for end in range(0, len(text), max(1, len(text) // 400)):
        _assert_sound(text[:end])


def test_fixed_mutant_corpus() -> None:
    for text in mutants(300, seed=7):
        _assert_sound(text)
