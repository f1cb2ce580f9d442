"""What commands share: exit codes, writing results to a file atomically, reporting."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from schemac.diagnostics import Diagnostic
from schemac.diagnostics.render import Style, render_text
from schemac.redact import unfiltered

__all__ = ["EXIT_ERROR", "EXIT_OK", "fail", "plural", "report", "write_output"]

EXIT_OK = 0
EXIT_ERROR = 1  # errors found, or bad input; usage errors (click's) exit 2


def fail(message: str, err: TextIO, style: Style) -> int:
    """Print `error: message` and give the exit code for it."""
    err.write(f"{style.error('error')}: {message}\n")
    return EXIT_ERROR


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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


def write_output(text: str, path: str | Path | None, out: TextIO) -> None:
    """Write ``text`` to ``path`` (replacing it whole, never half-written), or to ``out``.

    Every file schemac writes for a user (`fmt`, `compile -o`, `inspect -o`) is written
    here: into a new file beside it, then renamed over it, so a full disk or a refused
    write leaves the old file as it was and no stray file behind. The file keeps its
    mode (and owner, where allowed); a link is followed, so the file it points to is
    replaced, not the link. Raises OSError when the file cannot be written.
    """
    if path is None or path == "-":
        unfiltered(out).write(text)
        return
    target = Path(os.path.realpath(path))
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        status = None
    # A rename would replace a file its permissions do not let us write: refuse as
    # writing it in place would (os.access answers as the kernel would, root included).
    if status is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    # Imported here: `check` imports this module, and writes no file.
    import tempfile  # noqa: PLC0415

    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it the file
        if status is not None:
            os.chmod(temp, stat.S_IMODE(status.st_mode))
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(temp, status.st_uid, status.st_gid)
        else:  # mkstemp makes the file private; give it the mode a new file would have
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
