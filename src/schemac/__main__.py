"""`schemac` and `python -m schemac`: signals handled before anything else, then the CLI."""

from __future__ import annotations


def run() -> None:
    """The entry point: Ctrl-C and SIGTERM end the process with one line from the start."""
    from schemac import interrupt  # noqa: PLC0415 (first, and light: see interrupt.py)

    interrupt.install()
    from schemac.cli import main  # noqa: PLC0415 (after the handlers: importing takes time)

    main()


if __name__ == "__main__":
    run()
