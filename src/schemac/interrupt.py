"""Stopping on Ctrl-C and SIGTERM: promptly, with one line, leaving nothing behind.

`install` (called first thing by the `schemac` entry point) makes SIGINT and SIGTERM
alike. Until a command is running (`armed`), a signal ends the process at once: nothing
has been made yet. While one runs, the first signal cancels what is running on the
servers (each dialect registers how with `on_interrupt`) and raises `Interrupted` in the
main thread, so the command unwinds through its `finally` blocks, which drop what it
made; code that must not be cut short (a drop, a cleanup) runs in `deferred()`, which
holds the signal until the block ends. A second signal ends the process at once (what
the first run left is swept by the next one: dialects/postgres/devdb.py).

Either way the process prints one line, `interrupted`, and exits 128 + the signal's
number: 130 for Ctrl-C, 143 for SIGTERM.
"""

from __future__ import annotations

# Only what handling a signal needs is imported here: `schemac` installs the handlers
# before it imports anything else, so that a Ctrl-C during start-up is handled too.
import os
import signal
import sys
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from concurrent.futures import Future
    from types import FrameType, TracebackType
    from typing import Any, TypeVar

    T = TypeVar("T")

__all__ = [
    "Interrupted",
    "Workers",
    "armed",
    "deferred",
    "exit_interrupted",
    "install",
    "on_interrupt",
    "received",
]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised in the main thread while a command runs.

    A KeyboardInterrupt, so that libraries clean up as they do for Ctrl-C (psycopg
    cancels the query it waits for).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class _State:
    armed = False
    received: int | None = None  # the first signal's number
    deferring = 0  # depth of deferred() blocks
    pending = False  # a signal came in a deferred() block
    cancellers: list[Callable[[], None]] = []  # noqa: RUF012 (one per process, by design)


def install() -> None:
    """Handle SIGINT and SIGTERM as this module says (main thread only).

    A signal the process was started ignoring stays ignored (a shell starts background
    jobs ignoring SIGINT, so that Ctrl-C at the terminal leaves them alone).
    """
    for signum in _SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _handle)


def on_interrupt(cancel: Callable[[], None]) -> None:
    """Call ``cancel`` on the first signal, before `Interrupted` is raised (it must be quick)."""
    if cancel not in _State.cancellers:
        _State.cancellers.append(cancel)


def received() -> int | None:
    """The number of the signal that interrupted this process, if one did."""
    return _State.received


def exit_interrupted(signum: int | None = None) -> None:
    """Print the one line, and end the process with 128 + the signal's number.

    What runs on the servers is cancelled again first: a thread may have started a
    query after the signal came.
    """
    for cancel in _State.cancellers:
        with suppress(Exception):
            cancel()
    number = signum or _State.received or signal.SIGINT
    with suppress(Exception):
        sys.stdout.flush()
    with suppress(Exception):
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
    os._exit(128 + number)


@contextmanager
def armed(on: bool = True) -> Iterator[None]:
    """While a command runs: a signal raises `Interrupted` rather than ending the process.

    ``on`` False: a signal ends it at once (a command with nothing to clean up).
    """
    before = _State.armed
    _State.armed = on
    try:
        yield
    finally:
        _State.armed = before


@contextmanager
def deferred() -> Iterator[None]:
    """Run the block to its end: a signal that comes meanwhile takes effect after it."""
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    if _State.deferring == 0 and _State.pending:
        _State.pending = False
        _interrupt()


def _handle(signum: int, frame: FrameType | None) -> None:
    del frame
    if _State.received is not None or not _State.armed:
        exit_interrupted(signum)  # a second signal, or nothing to clean up yet
    _State.received = signum
    if _State.deferring:
        _State.pending = True
        return
    _interrupt()


def _interrupt() -> None:
    for cancel in _State.cancellers:
        with suppress(Exception):
            cancel()
    raise Interrupted(_State.received or signal.SIGINT)


class Workers:
    """Threads for work done side by side, in the caller's context (its settings).

    A block left by an interrupt does not wait for the threads (their queries have been
    cancelled; the process ends without them); any other way out waits for them.
    """

    def __init__(self, count: int) -> None:
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

        self._pool = ThreadPoolExecutor(count)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        import contextvars  # noqa: PLC0415

        context = contextvars.copy_context()
        return self._pool.submit(context.run, fn, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        interrupted = isinstance(error, KeyboardInterrupt)
        self._pool.shutdown(wait=not interrupted, cancel_futures=interrupted)
