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


# ---------------------------------------------------------------------------- writing


class _Disk:
    """Makes writing fail as a full disk does: half the text reaches the file, then ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
        real = io.open
        self.code = code

        def fake_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
            handle = real(file, mode, *args, **kwargs)  # type: ignore[call-overload]
            if "w" not in mode:
                return handle
            write = handle.write

            def half(text: str) -> int:
                write(text[: len(text) // 2])
                handle.flush()
                raise OSError(code, os.strerror(code))

            handle.write = half
            return handle

        monkeypatch.setattr(io, "open", fake_open)


def _refuse(monkeypatch: pytest.MonkeyPatch, module: object, name: str, code: int) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(module, name, refuse)


def _fmt(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = fmt_command([str(path)], out=out, err=err, color="never")
    return code, out.getvalue(), err.getvalue()


def _full_disk(mp: pytest.MonkeyPatch) -> str:
    _Disk(mp)
    return "No space left on device"


def _io_error(mp: pytest.MonkeyPatch) -> str:
    _Disk(mp, errno.EIO)
    return "Input/output error"


def _refused_rename(mp: pytest.MonkeyPatch) -> str:
    _refuse(mp, os, "replace", errno.EACCES)
    return "Permission denied"


def _read_only_folder(mp: pytest.MonkeyPatch) -> str:
    _refuse(mp, os, "open", errno.EROFS)  # mkstemp makes the new file with os.open
    return "Read-only file system"


def _read_only_file(mp: pytest.MonkeyPatch) -> str:
    mp.setattr(os, "access", lambda *args, **kwargs: False)  # as for anyone but root
    return "Permission denied"


# How a write is made to fail, each returning the reason the user is to be told.
FAILURES: dict[str, Callable[[pytest.MonkeyPatch], str]] = {
    "a full disk": _full_disk,
    "an I/O error": _io_error,
    "a refused rename": _refused_rename,
    "a read-only folder": _read_only_folder,
    "a read-only file": _read_only_file,
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_fmt_leaves_the_file_whole_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    path = tmp_path / "a.schema"
    path.write_bytes(UGLY.encode())
    reason = FAILURES[failure](monkeypatch)
    code, out, err = _fmt(path)
    monkeypatch.undo()
    assert (code, err) == (1, f"error: cannot write {path}: {reason}\n")
    assert out == "0 files reformatted, 0 unchanged\n"
    assert path.read_bytes() == UGLY.encode()  # byte for byte
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.schema"]  # no temporary file


def test_fmt_goes_on_with_the_other_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.schema").write_text(UGLY)
    (tmp_path / "b.schema").write_text(UGLY)
    real = os.replace

    def replace(src: str, dst: object) -> None:
        if Path(str(dst)).name == "a.schema":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    out, err = io.StringIO(), io.StringIO()
    assert fmt_command([str(tmp_path)], out=out, err=err, color="never") == 1
    assert (
        err.getvalue() == f"error: cannot write {tmp_path / 'a.schema'}: No space left on device\n"
    )
    assert (
        out.getvalue() == f"reformatted {tmp_path / 'b.schema'}\n1 file reformatted, 0 unchanged\n"
    )
    assert (tmp_path / "a.schema").read_text() == UGLY
    assert (tmp_path / "b.schema").read_text() == PRETTY


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes a file whatever its mode")
def test_fmt_a_read_only_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "a.schema"
    path.write_text(UGLY)
    path.chmod(0o444)
    assert _fmt(path)[:3:2] == (1, f"error: cannot write {path}: Permission denied\n")
    path.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        assert _fmt(path)[:3:2] == (1, f"error: cannot write {path}: Permission denied\n")
    finally:
        tmp_path.chmod(0o755)
    assert path.read_text() == UGLY


def test_fmt_keeps_the_mode_and_follows_links(tmp_path: Path) -> None:
    real = tmp_path / "real.schema"
    real.write_text(UGLY)
    real.chmod(0o640)
    (tmp_path / "dir").mkdir()
    link = tmp_path / "dir" / "link.schema"
    link.symlink_to(real)
    assert _fmt(link)[0] == 0
    assert link.is_symlink()
    assert real.read_text() == PRETTY
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "real.schema"]


@pytest.mark.parametrize("failure", ["a full disk", "a read-only file", "a refused rename"])
def test_compile_output_is_written_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    (tmp_path / "a.schema").write_text(PRETTY)
    target = tmp_path / "out.sql"
    target.write_text("-- the old output\n")
    reason = FAILURES[failure](monkeypatch)
    out, err = io.StringIO(), io.StringIO()
    code = compile_command([str(tmp_path / "a.schema")], output=str(target), out=out, err=err)
    monkeypatch.undo()
    assert (code, out.getvalue()) == (1, "")
    assert err.getvalue() == f"error: cannot write {target}: {reason}\n"
    assert target.read_text() == "-- the old output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.schema", "out.sql"]
