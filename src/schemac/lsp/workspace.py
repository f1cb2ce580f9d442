"""The files an editor works on, grouped into schemas, each checked as `schemac check` would.

A schema is the `.schema` files of one folder: a folder named in the `schemaDirs`
setting with everything below it (as `schemac check DIR` reads it), or else the
folder a file stands in. An open buffer's text takes precedence over the file on
disk. A change re-parses and re-shapes only the piece of the changed file it falls in
(document.py); the passes after shape run again over the whole schema, and only when
something asks for the result.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from schemac.check import CheckResult, Options, analyze, collector_off
from schemac.check.context import Context
from schemac.inputs import SUFFIX
from schemac.lsp.document import Document
from schemac.lsp.index import Index, build_index
from schemac.source import SourceFile

__all__ = ["Analysis", "FileEntry", "Unit", "Workspace", "path_of", "uri_of"]


def path_of(uri: str) -> Path | None:
    """The file a `file:` URI names; None for any other scheme (an unsaved buffer)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def uri_of(path: Path) -> str:
    return path.absolute().as_uri()


class FileEntry:
    """One file of a schema: its text (a buffer's or the disk's), in pieces, parsed and shaped."""

    __slots__ = ("disk_key", "document", "open", "uri")

    def __init__(self, uri: str, name: str, text: str, options: Options) -> None:
        self.uri = uri
        self.open = False
        self.disk_key: tuple[int, int] | None = None
        self.document = Document(name, text, options)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def source(self) -> SourceFile:
        """The whole text, for positions in it (the pieces have their own)."""
        return self.document.source

    @property
    def sources(self) -> list[SourceFile]:
        return [piece.source for piece in self.document.pieces]


class Analysis:
    """One schema, checked: the diagnostics, the checker's context and the name index.

    The index is built on the first request that needs it: diagnostics do not wait for it.
    """

    __slots__ = ("_by_source", "_index", "context", "entries", "result")

    def __init__(
        self, result: CheckResult, context: Context, entries: tuple[FileEntry, ...]
    ) -> None:
        self.result = result
        self.context = context
        self.entries = entries
        self._index: Index | None = None
        self._by_source = {id(s): e for e in entries for s in (e.source, *e.sources)}

    @property
    def index(self) -> Index:
        if self._index is None:
            with collector_off():
                self._index = build_index(self.context)
        return self._index

    def entry_for(self, source: SourceFile) -> FileEntry | None:
        """The file a piece (or a whole text) belongs to."""
        return self._by_source.get(id(source))


class Unit:
    """The files that form one schema, and the last analysis of them."""

    __slots__ = ("_analysis", "entries", "key", "recursive", "root")

    def __init__(self, key: str, root: Path | None, *, recursive: bool) -> None:
        self.key = key
        self.root = root
        self.recursive = recursive
        self.entries: dict[str, FileEntry] = {}  # by URI
        self._analysis: Analysis | None = None

    def invalidate(self) -> None:
        self._analysis = None

    def disk_files(self) -> list[Path]:
        if self.root is None or not self.root.is_dir():
            return []
        pattern = f"*{SUFFIX}"
        found = self.root.rglob(pattern) if self.recursive else self.root.glob(pattern)
        return sorted(p for p in found if p.is_file())

    def analysis(self, options: Options) -> Analysis:
        if self._analysis is None:
            entries = tuple(self.entries[uri] for uri in sorted(self.entries))
            result, ctx = analyze([s for e in entries for s in e.document.shaped], options)
            self._analysis = Analysis(result, ctx, entries)
        return self._analysis


class Workspace:
    """Every schema the editor has touched, by the folder that defines it."""

    def __init__(self, schema_dirs: Iterable[Path] = (), options: Options | None = None) -> None:
        self.schema_dirs = sorted({p.absolute() for p in schema_dirs}, key=lambda p: -len(p.parts))
        self.options = options or Options()
        self.units: dict[str, Unit] = {}

    # ------------------------------------------------------------------ which schema

    def unit_for(self, uri: str) -> Unit:
        path = path_of(uri)
        if path is None:
            key, root, recursive = uri, None, False
        else:
            path = path.absolute()
            root = next((d for d in self.schema_dirs if path.is_relative_to(d)), None)
            recursive = root is not None
            if root is None:
                root = path.parent
            key = str(root)
        unit = self.units.get(key)
        if unit is None:
            unit = self.units[key] = Unit(key, root, recursive=recursive)
            self.refresh(unit)
            # What was just read lives as long as the server: keep the cycle collector
            # from walking it again and again (a full collection of a 2,000-table schema
            # takes longer than checking it).
            gc.freeze()
        return unit

    # ------------------------------------------------------------------ buffers

    def open(self, uri: str, text: str) -> Unit:
        unit = self.unit_for(uri)
        entry = unit.entries.get(uri)
        if entry is None or entry.text != text:  # usually the text on disk, read already
            entry = self._set_text(unit, uri, text)
        entry.open = True
        return unit

    def change(self, uri: str, text: str) -> Unit:
        unit = self.unit_for(uri)
        entry = unit.entries.get(uri)
        if entry is None:
            entry = self._set_text(unit, uri, text)
        elif entry.text != text:
            entry.document.update(text)  # only the piece the change is in is parsed again
            unit.invalidate()
        entry.open = True
        return unit

    def close(self, uri: str) -> Unit:
        """The buffer is gone: the file on disk counts again (or nothing, if there is none)."""
        unit = self.unit_for(uri)
        entry = unit.entries.get(uri)
        if entry is not None:
            entry.open = False
            entry.disk_key = None
        self.refresh(unit)
        return unit

    def refresh(self, unit: Unit) -> bool:
        """Read what changed on disk (files added, edited, removed) for files not open."""
        changed = False
        on_disk = {uri_of(p): p for p in unit.disk_files()}
        for uri in list(unit.entries):
            if uri not in on_disk and not unit.entries[uri].open:
                del unit.entries[uri]
                changed = True
        for uri, path in on_disk.items():
            entry = unit.entries.get(uri)
            if entry is not None and entry.open:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (stat.st_mtime_ns, stat.st_size)
            if entry is not None and entry.disk_key == key:
                continue
            text = _read(path)
            if text is None:
                continue
            if entry is None or entry.text != text:
                entry = self._set_text(unit, uri, text)
            entry.disk_key = key
            changed = True
        if changed:
            unit.invalidate()
        return changed

    def refresh_all(self) -> list[Unit]:
        return [unit for unit in self.units.values() if self.refresh(unit)]

    def _set_text(self, unit: Unit, uri: str, text: str) -> FileEntry:
        path = path_of(uri)
        name = str(path) if path is not None else uri
        entry = FileEntry(uri, name, text, self.options)
        old = unit.entries.get(uri)
        if old is not None:
            entry.open = old.open
        unit.entries[uri] = entry
        unit.invalidate()
        return entry

    # ------------------------------------------------------------------ queries

    def analysis(self, uri: str) -> Analysis:
        return self.unit_for(uri).analysis(self.options)

    def entry(self, uri: str) -> FileEntry | None:
        return self.unit_for(uri).entries.get(uri)


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
