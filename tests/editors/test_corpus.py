"""Every example and every golden input (and every example of docs/language.md), in all
three highlighters: no error token, and no word left without a scope of its own.

Left out: the golden inputs that are broken on purpose with syntax errors (E00xx: an
invalid character, an unclosed string, a missing `=`, ...); there an error token is what
a highlighter should show. They are found by parsing, not listed, and they still must
tokenize. Inputs that are only wrong for the checker (an unknown kind or attribute, a
bad reference) are kept: they are valid syntax, and must highlight cleanly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.editors.highlighters import (
    corpus,
    doc_examples,
    has_syntax_errors,
    label,
    pygments,
    textmate,
    vim_files,
)

FILES = corpus()
BROKEN = frozenset(p for p in FILES if has_syntax_errors(p))
CLEAN = [p for p in FILES if p not in BROKEN]
DOCS = doc_examples()


@pytest.fixture(scope="module")
def doc_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("language-md")
    paths = [folder / f"example{i + 1}.schema" for i in range(len(DOCS))]
    for path, text in zip(paths, DOCS, strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def textmate_results(doc_paths: list[Path]) -> dict[Path, list[str]]:
    paths = FILES + doc_paths
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return {p: h.problems() for p, h in zip(paths, textmate(texts), strict=True)}


@pytest.fixture(scope="module")
def vim_results(doc_paths: list[Path]) -> dict[Path, tuple[str, list[str]]]:
    paths = FILES + doc_paths
    return {p: (ft, h.problems()) for p, (ft, h) in zip(paths, vim_files(paths), strict=True)}


def test_the_corpus_is_the_examples_and_goldens() -> None:
    examples = [p for p in FILES if label(p).startswith("examples/")]
    assert len(examples) >= 3
    assert set(examples) <= set(CLEAN)
    assert len(CLEAN) > 4 * len(BROKEN)
    assert len(DOCS) > 30
    # Only golden check cases are broken on purpose, and only those named for it.
    for path in BROKEN:
        assert label(path).startswith("tests/golden/check/"), label(path)
        assert "syntax" in path.name or "mistakes" in path.name or "syntax" in path.parent.name


@pytest.mark.editors
@pytest.mark.parametrize("path", CLEAN, ids=label)
def test_textmate(path: Path, textmate_results: dict[Path, list[str]]) -> None:
    assert textmate_results[path] == []


@pytest.mark.editors
@pytest.mark.parametrize("path", CLEAN, ids=label)
def test_vim(path: Path, vim_results: dict[Path, tuple[str, list[str]]]) -> None:
    filetype, problems = vim_results[path]
    assert filetype == "schema"
    assert problems == []


@pytest.mark.parametrize("path", CLEAN, ids=label)
def test_pygments(path: Path) -> None:
    assert pygments([path.read_text(encoding="utf-8")])[0].problems() == []


@pytest.mark.editors
@pytest.mark.parametrize("index", range(len(DOCS)), ids=lambda i: f"language.md-{i + 1}")
def test_language_reference_examples(
    index: int,
    doc_paths: list[Path],
    textmate_results: dict[Path, list[str]],
    vim_results: dict[Path, tuple[str, list[str]]],
) -> None:
    path = doc_paths[index]
    assert textmate_results[path] == []
    assert vim_results[path] == ("schema", [])
    assert pygments([DOCS[index]])[0].problems() == []


@pytest.mark.editors
@pytest.mark.parametrize("path", sorted(BROKEN), ids=label)
def test_broken_inputs_still_tokenize(
    path: Path,
    textmate_results: dict[Path, list[str]],
    vim_results: dict[Path, tuple[str, list[str]]],
) -> None:
    text = path.read_text(encoding="utf-8")
    covered = pygments([text])[0].spans
    assert sum(s.end - s.start for s in covered) == len(text) - text.count("\n")
    assert path in textmate_results
    assert vim_results[path][0] == "schema"
