"""Secrets kept out of what the process writes: the last line of defence behind masking.

Messages mask a URL's password where they show the URL (`mask_url`); this catches
what slips past that: a library's error that quotes part of a connection string, a
message not written with masking in mind. The CLI collects the secrets of its URL
arguments and of PGPASSWORD when it starts, and filters standard output and error
through `RedactingStream`.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

__all__ = [
    "MASK",
    "MIN_LENGTH",
    "RedactingStream",
    "hide",
    "install",
    "install_for_arguments",
    "redact",
    "unfiltered",
]

MASK = "***"
# Shorter text is in every message: hiding it would garble them all, and a password
# that short protects nothing.
MIN_LENGTH = 3

# What `install` filters, for messages that leave by another way (the language
# server's log messages to its client).
_installed: tuple[str, ...] = ()


def redact(text: str, secrets: Iterable[str], *, minimum: int = MIN_LENGTH) -> str:
    """``text`` with every secret (longest first) replaced by `***`."""
    for secret in sorted({s for s in secrets if len(s) >= minimum}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingStream(io.TextIOBase):
    """A text stream that writes through another with the secrets taken out.

    A line is held until it is complete (or flushed), so a secret written in two
    pieces is still found.
    """

    def __init__(self, inner: TextIO, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = tuple(sorted(set(secrets), key=len, reverse=True))
        self._pending = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8") or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        pending = self._pending + text
        cut = pending.rfind("\n") + 1
        if cut:
            self.inner.write(redact(pending[:cut], self.secrets))
        self._pending = pending[cut:]
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self.inner.write(redact(self._pending, self.secrets))
            self._pending = ""
        self.inner.flush()


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under the filter, for a command's result (schema text, SQL, JSON).

    A result comes from the database or the files, never from a URL; filtering it
    could only corrupt it (a column named like the password would lose its name).
    """
    if isinstance(stream, RedactingStream):
        stream.flush()
        return stream.inner
    return stream


def install(secrets: Iterable[str], shown: Iterable[str] = (), *, stdout: bool = True) -> None:
    """Filter the secrets out of standard error (and standard output) from now on.

    A secret that is part of what a URL shows on purpose (``shown``: its user name,
    host, database, scheme) is not filtered: hiding it would garble every message
    and hide nothing.
    """
    visible = tuple(shown)
    kept = {s for s in secrets if len(s) >= MIN_LENGTH and not any(s in v for v in visible)}
    if not kept:
        return
    global _installed
    _installed = tuple(sorted(kept | set(_installed), key=len, reverse=True))
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr, kept)
    if stdout and not isinstance(sys.stdout, RedactingStream):
        sys.stdout = RedactingStream(sys.stdout, kept)


def hide(text: str) -> str:
    """``text`` without the secrets `install` was given."""
    return redact(text, _installed) if _installed else text


# Options whose value is a connection string.
URL_OPTIONS = frozenset(("--url", "--from", "--to", "--dev-url"))


def install_for_arguments(args: Sequence[str]) -> None:
    """Filter the passwords of a command line's URLs (and PGPASSWORD) out of all output.

    A URL is the value of a URL option, or any argument with `://` or `=` in it.
    """
    urls = []
    for i, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if equals and option in URL_OPTIONS:
            urls.append(value)
        elif (i > 0 and args[i - 1] in URL_OPTIONS) or "://" in arg or "=" in arg:
            urls.append(arg)
    password = os.environ.get("PGPASSWORD")
    if not urls and not password:
        return
    secrets = {password} if password else set()
    shown: list[str] = []
    if urls:  # only now: reading a URL takes the driver of its dialect (libpq)
        from schemac.dialects import dialect_for_url  # noqa: PLC0415

        for url in urls:
            driver = dialect_for_url(url).driver()
            secrets |= driver.url_secrets(url)
            shown.extend(driver.url_shown(url))
    # The language server's standard output carries its protocol, nothing else.
    install(secrets, shown, stdout=args[:1] != ["lsp"])
