"""What commands share: writing results to a file atomically, and reporting diagnostics."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.render import Style, render_text

__all__ = ["report", "write_output"]


def report(diagnostics: Sequence[Diagnostic], err: TextIO, style: Style, warnings: bool) -> int:
    """Print diagnostics (warnings only if asked); the number of errors among them."""
    errors = 0
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            errors += 1
        elif not warnings:
            continue
        err.write(render_text(diagnostic, style) + "\n\n")
    return errors


def write_output(text: str, path: str | None, out: TextIO) -> None:
    """Write ``text`` to ``path`` (replacing it whole, never half-written), or to ``out``.

    Raises OSError when the file cannot be written.
    """
    if path is None or path == "-":
        out.write(text)
        return
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        # mkstemp makes the file private; give it the mode a new file (or the one it
        # replaces) would have.
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
