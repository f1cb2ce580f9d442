"""The Vim runtime files (editors/vim), headless: filetype detection, the filetype
plugin's options, and indentation (`=` leaves `schemac fmt`'s layout as it is, and puts
back indentation that was taken away). The syntax file is tested with the other
highlighters (test_corpus.py, test_drift.py, test_scopes.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.editors.highlighters import ROOT, doc_examples, run_vim

pytestmark = pytest.mark.editors  # every test here runs Vim

# Text in canonical form, as `schemac fmt` writes it: the examples, the fmt goldens'
# output, the language reference's examples.
CANONICAL = [
    *sorted((ROOT / "examples").rglob("*.schema")),
    *sorted((ROOT / "tests" / "golden" / "fmt").glob("*.formatted")),
]
TEXTS = [p.read_text(encoding="utf-8") for p in CANONICAL] + doc_examples()
NAMES = [str(p.relative_to(ROOT)) for p in CANONICAL] + [
    f"docs/language.md example {i + 1}" for i in range(len(doc_examples()))
]


def _vim(tmp_path: Path, script: str) -> None:
    source = tmp_path / "script.vim"
    source.write_text(script, encoding="utf-8")
    run = run_vim("-S", str(source), "-c", "qa!")
    assert run.returncode == 0, f"vim failed: {run.stdout}{run.stderr}"


def test_filetype_and_options(tmp_path: Path) -> None:
    case = tmp_path / "a.schema"
    case.write_text('# starts like a conf file\ntable "t" {}\n', encoding="utf-8")
    out = tmp_path / "out.json"
    _vim(
        tmp_path,
        f"""
        edit {case}
        call writefile([json_encode({{
              \\ 'filetype': &filetype, 'syntax': get(b:, 'current_syntax', ''),
              \\ 'commentstring': &commentstring, 'comments': &comments,
              \\ 'shiftwidth': &shiftwidth, 'expandtab': &expandtab,
              \\ 'indentexpr': &indentexpr, 'undo': get(b:, 'undo_ftplugin', '')}})],
              \\ '{out}')
        """,
    )
    options = json.loads(out.read_text())
    assert options["filetype"] == "schema"  # not Vim's `conf` guess
    assert options["syntax"] == "schema"
    assert options["commentstring"] == "# %s"
    assert {"://", ":#"} <= set(options["comments"].split(","))
    assert options["shiftwidth"] == 2
    assert options["expandtab"] == 1
    assert options["indentexpr"].startswith("GetSchemaIndent")
    assert "commentstring<" in options["undo"]


def _reindent(tmp_path: Path, texts: list[str]) -> list[str]:
    """Each text after `gg=G`."""
    files = []
    for i, text in enumerate(texts):
        path = tmp_path / f"in{i}.schema"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    listing = tmp_path / "files.txt"
    listing.write_text("".join(f"{p}\n" for p in files), encoding="utf-8")
    _vim(
        tmp_path,
        f"""
        for s:file in readfile('{listing}')
          execute 'silent edit!' fnameescape(s:file)
          silent normal! gg=G
          silent write
          silent bwipeout!
        endfor
        """,
    )
    return [path.read_text(encoding="utf-8") for path in files]


def test_indenting_keeps_the_canonical_layout(tmp_path: Path) -> None:
    for name, before, after in zip(NAMES, TEXTS, _reindent(tmp_path, TEXTS), strict=True):
        assert after == before, f"`=` changed {name}"


def _verbatim_lines(text: str) -> set[int]:
    """Lines whose indentation is their own: heredoc text, block comments' insides."""
    out: set[int] = set()
    lines = text.split("\n")
    tag = None
    in_comment = False
    for n, line in enumerate(lines):
        if tag is not None:
            out.add(n)
            if re.fullmatch(rf"\s*{tag}\s*[,)\]}}]*\s*", line):
                tag = None
        elif in_comment:
            out.add(n)
        opened = re.search(r"<<-?(\w+)\s*$", line)
        if opened and tag is None and n not in out:
            tag = opened.group(1)
        if "/*" in line and "*/" not in line.split("/*", 1)[1]:
            in_comment = True
        elif in_comment and "*/" in line:
            in_comment = False
    return out


def test_indenting_restores_indentation(tmp_path: Path) -> None:
    flattened = []
    for text in TEXTS:
        verbatim = _verbatim_lines(text)
        lines = text.split("\n")
        flattened.append(
            "\n".join(line if n in verbatim else line.lstrip() for n, line in enumerate(lines))
        )
    assert flattened != TEXTS
    for name, before, after in zip(NAMES, TEXTS, _reindent(tmp_path, flattened), strict=True):
        assert after == before, f"`=` did not restore {name}"
