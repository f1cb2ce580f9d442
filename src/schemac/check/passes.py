"""The checker's passes, in order; every rule belongs to one."""

from __future__ import annotations

from enum import Enum

__all__ = ["Pass"]


class Pass(Enum):
    NAMES = 1
    TYPES = 2
    REFERENCES = 3
    CONSTRAINTS = 4
