"""Finding and reading `.schema` files: a file stands alone, a directory is one schema."""

from __future__ import annotations

import os
from pathlib import Path

from schemac.source import SourceFile

__all__ = ["InputError", "read_file", "schema_files"]

SUFFIX = ".schema"


class InputError(Exception):
    """A path that cannot be read as schema input; the message is for the user."""


def schema_files(path: Path) -> list[Path]:
    """The `.schema` files a path stands for, in a stable order."""
    if path.is_dir():
        found = sorted(_walk(path))
        if not found:
            raise InputError(f"{path}: no {SUFFIX} files in this directory")
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise InputError(f"{path}: not a file or a directory")
    raise InputError(f"{path}: no such file or directory")


def _walk(root: Path) -> list[Path]:
    """Every `.schema` file under ``root``; InputError for a folder that cannot be read.

    A folder left out silently would make the schema look smaller than it is (and a plan
    drop what it holds), so an unreadable one is an error. Links to folders are not
    followed (a loop would never end), links to files are.
    """
    found: list[Path] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = folder / entry.name
                    if _is_dir(entry):
                        folders.append(path)
                    elif entry.name.endswith(SUFFIX) and path.is_file():
                        found.append(path)
        except OSError as error:
            raise InputError(
                f"{folder}: cannot read this directory: {error.strerror or error}"
            ) from None
    return found


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


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
