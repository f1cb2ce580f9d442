"""Finding and reading `.schema` files: a file stands alone, a directory is one schema."""

from __future__ import annotations

from pathlib import Path

from schemac.source import SourceFile

__all__ = ["InputError", "read_file", "schema_files"]

SUFFIX = ".schema"


class InputError(Exception):
    """A path that cannot be read as schema input; the message is for the user."""


def schema_files(path: Path) -> list[Path]:
    """The `.schema` files a path stands for, in a stable order."""
    if path.is_dir():
        found = sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
        if not found:
            raise InputError(f"{path}: no {SUFFIX} files in this directory")
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise InputError(f"{path}: not a file or a directory")
    raise InputError(f"{path}: no such file or directory")


def read_file(path: Path, display: str | None = None) -> SourceFile:
    """Read a file as UTF-8; a byte-order mark is dropped."""
    name = display if display is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{name}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{name}:{line}: not valid UTF-8 (byte {error.start}); schema files are UTF-8"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(name, text)
