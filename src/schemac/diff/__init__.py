"""Differences between two states, as dialect-neutral changes (see changes.py and differ.py)."""

from __future__ import annotations

from schemac.diff.changes import Change, ChangeKind, ObjectKind
from schemac.diff.differ import diff_databases

__all__ = ["Change", "ChangeKind", "ObjectKind", "diff_databases"]
