"""The grammar ships inside the wheel and is loaded from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_carries_and_loads_the_grammar(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("schemac-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "schemac/grammar/schema.lark" in names
        packaged = archive.read("schemac/grammar/schema.lark")
        archive.extractall(tmp_path / "site")
    assert packaged == (ROOT / "grammar" / "schema.lark").read_bytes()
    probe = (
        "from schemac.syntax import tables\n"
        "path = tables.grammar_path()\n"
        "import schemac\n"
        "assert str(path).startswith(schemac.__path__[0]), path\n"
        "from schemac.syntax.parser import parse_text\n"
        "assert parse_text('table \"t\" {}').ok\n"
        "print(path)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "site"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("site/schemac/grammar/schema.lark")
