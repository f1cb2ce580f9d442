"""`schemac` and `python -m schemac`: signals handled before anything else, then the CLI."""

from __future__ import annotations

import gc
import sys


def run() -> None:
    """The entry point: Ctrl-C and SIGTERM end the process with one line from the start."""
    from schemac import interrupt  # noqa: PLC0415 (first, and light: see interrupt.py)

    interrupt.install()
    if sys.argv[1:2] == ["check"]:
        # `check` ends the process when done (cli._exit) and builds nothing cyclic: the
        # cycle collector is off from here, through the imports (some 200 modules,
        # whose objects it would otherwise walk again and again), as in the command.
        gc.disable()
    from schemac.cli import main  # noqa: PLC0415 (after the handlers: importing takes time)

    main()


if __name__ == "__main__":
    run()
