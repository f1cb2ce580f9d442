"""`schemac explain`: a code's entry by code or name, the list, and unknown codes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from schemac.commands.explain import explain_command
from schemac.diagnostics import registry


def _explain(query: str | None, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = explain_command(query, out=out, err=err, color="never", **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("query", ["E0401", "e0401", "unknown-column", "Unknown-Column"])
def test_a_code_or_a_name(query: str) -> None:
    code, out, err = _explain(query)
    assert (code, err) == (0, "")
    assert out.startswith(
        "code:     E0401\n"
        "name:     unknown-column\n"
        "severity: error\n"
        "owner:    check/rules/known_columns.py\n"
        "summary:  an unknown column\n"
        "\n"
        "A column named in a key"
    )


def test_a_warning_and_a_hazard() -> None:
    _, out, _ = _explain("fk-without-index")
    assert "code:     W0501\n" in out
    assert "severity: warning\n" in out
    _, out, _ = _explain("h0100")
    assert "name:     data-loss\n" in out
    assert "severity: hazard\n" in out
    assert "--allow-destructive" in out


def test_unknown_codes_fail_with_a_suggestion() -> None:
    assert _explain("unknown-colum") == (
        1,
        "",
        "error: no code or name `unknown-colum`; did you mean `unknown-column`?\n",
    )
    code, _, err = _explain("E401")
    assert code == 1
    assert "did you mean `E0401`?" in err
    assert _explain("zzzz") == (
        1,
        "",
        "error: no code or name `zzzz` (`schemac explain --list` lists them)\n",
    )


def test_the_list() -> None:
    code, out, _ = _explain(None, list_all=True)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(registry.entries())
    assert lines[0].split()[:3] == ["E0001", "unexpected-token", "error"]
    assert any(line.split()[:3] == ["H0100", "data-loss", "hazard"] for line in lines)
    widths = {line.index(line.split()[1]) for line in lines}
    assert widths == {7}, "names line up"


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["E0401"], 0, ""),
        (["nothing-like-it"], 1, "error: no code or name"),
        ([], 2, "give a CODE"),
        (["E0401", "--list"], 2, "not both"),
    ],
)
def test_the_command_line(args: list[str], status: int, message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schemac", "explain", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == status
    assert message in done.stderr
    assert "Traceback" not in done.stderr
