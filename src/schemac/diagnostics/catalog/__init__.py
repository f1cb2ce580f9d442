"""Every diagnostic schemac can emit: one factory per message, each with a stable code.

Codes: E00xx syntax, E01xx shape (kinds, attributes, values), E02xx names, E03xx
types, E04xx references, E05xx constraints (partitions.py holds those of partitions and
inheritance), E06xx compiling for a dialect; W-codes are warnings. Every wording lives
in this package, one module per group. Each code is registered beside its factories,
with its name, summary, owner and documentation (``code(...)``, diagnostics/registry.py);
docs/diagnostics.md is made from those entries (diagnostics/docs.py). Use the factories
as `catalog.<name>`.
"""

from __future__ import annotations

from schemac.diagnostics.catalog._base import CODES
from schemac.diagnostics.catalog.compile import *  # noqa: F403
from schemac.diagnostics.catalog.constraints import *  # noqa: F403
from schemac.diagnostics.catalog.names import *  # noqa: F403
from schemac.diagnostics.catalog.partitions import *  # noqa: F403
from schemac.diagnostics.catalog.references import *  # noqa: F403
from schemac.diagnostics.catalog.shape import *  # noqa: F403
from schemac.diagnostics.catalog.syntax import *  # noqa: F403
from schemac.diagnostics.catalog.types import *  # noqa: F403

__all__ = ["CODES"]
