"""Reading and writing the user's files: unreadable folders, and writes that fail halfway.

The tests run as root in CI, where permission bits stop no read or write: the failures
are made by os functions that raise, as a full disk or a refused folder would.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from schemac.cli import check_command, fmt_command
from schemac.commands.compile import compile_command

UGLY = 'table "t" {\ncolumn "id" bigint\n}\n'
PRETTY = 'table "t" {\n  column "id" bigint\n}\n'


def _refuse_scandir(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


Command = Callable[[Path, io.StringIO, io.StringIO], int]
COMMANDS: dict[str, Command] = {
    "check": lambda p, out, err: check_command([str(p)], out=out, err=err, color="never"),
    "fmt": lambda p, out, err: fmt_command([str(p)], check=True, out=out, err=err, color="never"),
    "compile": lambda p, out, err: compile_command([str(p)], out=out, err=err),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unreadable_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    (tmp_path / "top.schema").write_text(PRETTY)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "b.schema").write_text('table "u" {\n  column "id" bigint\n}\n')
    _refuse_scandir(monkeypatch, tmp_path / "more")
    out, err = io.StringIO(), io.StringIO()
    assert COMMANDS[command](tmp_path, out, err) == 1
    assert err.getvalue() == (
        f"error: {tmp_path / 'more'}: cannot read this directory: Permission denied\n"
    )


def test_an_unreadable_top_folder_is_not_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_scandir(monkeypatch, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert check_command([str(tmp_path)], out=out, err=err, color="never") == 1
    assert "cannot read this directory: Permission denied" in err.getvalue()
    assert "no .schema files" not in err.getvalue()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_a_folder_without_read_permission(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.schema").write_text(PRETTY)
    folder.chmod(0)
    try:
        out, err = io.StringIO(), io.StringIO()
        assert check_command([str(tmp_path)], out=out, err=err, color="never") == 1
    finally:
        folder.chmod(0o755)
    assert "cannot read this directory: Permission denied" in err.getvalue()


def test_links_to_files_count_and_links_to_folders_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.schema").write_text(PRETTY)
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    (tmp_path / "b.schema").symlink_to(tmp_path / "real" / "a.schema")
    out, err = io.StringIO(), io.StringIO()
    # a.schema is seen twice (itself and through the link): one duplicate table, no loop.
    assert check_command([str(tmp_path)], out=out, err=err, color="never") == 1
    assert out.getvalue().count("error[E0201]") == 1
