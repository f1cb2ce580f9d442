"""Pausing the cycle collector while large acyclic structures are built.

Parsing and checking a big schema make hundreds of thousands of objects (trees,
declarations, the IR) that form no cycles: collecting while they grow only costs
time, so the collector is paused. But what was made meanwhile stays in the youngest
generation, and the first allocation after the collector is back would walk all of
it at once (a quarter of a second for a 2,000-table schema). So on the way out the
new objects are promoted to the oldest generation instead: `gc.freeze()` then
`gc.unfreeze()` splices the generations' lists, in constant time, and resets the
young count. They are still collected, at the next full collection, like any old
object.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_off"]


@contextmanager
def collector_off() -> Iterator[None]:
    """Pause the cycle collector; on the way out, age what was made meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Where objects are frozen already (the language server freezes what it
            # keeps), unfreezing would thaw those too: leave the generations alone.
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
