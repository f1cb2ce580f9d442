"""`schemac lsp`: the language server, a thin layer over the checker and the formatter.

Speaks LSP over stdio (stdout carries nothing but JSON-RPC; logs go to stderr).
Diagnostics are `schemac check`'s, for every file of the schema a buffer belongs to;
navigation, hover, completion and rename read the checker's resolutions.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from schemac import __version__
from schemac.diagnostics import Diagnostic, Severity
from schemac.lsp import features
from schemac.lsp.positions import Codec
from schemac.lsp.rename import RenameError
from schemac.lsp.workspace import Analysis, Unit, Workspace, path_of
from schemac.redact import hide

__all__ = ["SchemaLanguageServer", "serve"]

log = logging.getLogger("schemac.lsp")

# Seconds without a change before a big file whose piece has syntax errors is parsed
# whole, for diagnostics exactly as `schemac check` gives them.
REFINE_AFTER = 0.5


class SchemaLanguageServer(LanguageServer):
    def __init__(self, schema_dirs: Sequence[Path] = ()) -> None:
        super().__init__("schemac", __version__)
        self.schema_dirs = list(schema_dirs)
        self.space = Workspace(self.schema_dirs)
        self.codec = Codec()
        self._published: dict[str, set[str]] = {}  # unit key -> URIs last given diagnostics
        self._pending: set[str] = set()
        self._refine: dict[str, asyncio.TimerHandle] = {}  # unit key -> a pending refine
        self._last: dict[str, list[types.Diagnostic]] = {}  # URI -> diagnostics last published
        self._flush_scheduled = False

    # ---------------------------------------------------------------- diagnostics

    def schedule(self, unit: Unit) -> None:
        """Publish the unit's diagnostics once the messages already read are handled."""
        timer = self._refine.pop(unit.key, None)
        if timer is not None:
            timer.cancel()  # a newer change: refine after it instead
        self._pending.add(unit.key)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self._flush_scheduled = False
        pending, self._pending = self._pending, set()
        for key in sorted(pending):
            unit = self.space.units.get(key)
            if unit is not None:
                try:
                    self.publish(unit)
                except Exception:
                    self.report_bug("publishing diagnostics")
                    continue
                if any(not e.document.exact for e in unit.entries.values()):
                    self._refine[key] = asyncio.get_running_loop().call_later(
                        REFINE_AFTER, self.refine, key
                    )

    def refine(self, key: str) -> None:
        """Idle after a change left a big file's piece broken: parse such files whole."""
        self._refine.pop(key, None)
        unit = self.space.units.get(key)
        if unit is None:
            return
        try:
            for entry in unit.entries.values():
                if not entry.document.exact:
                    entry.document.refine()
            unit.invalidate()
            self.publish(unit)
        except Exception:
            self.report_bug("refining diagnostics")

    def report_bug(self, what: str) -> None:
        """A bug must not take the server down: log it (stderr and the client's log), go on."""
        log.exception("internal error while %s", what)
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Error,
                message=hide(
                    f"schemac lsp: internal error while {what}:\n{traceback.format_exc()}"
                ),
            )
        )

    def publish(self, unit: Unit) -> None:
        analysis = unit.analysis(self.space.options)
        by_uri: dict[str, list[types.Diagnostic]] = {e.uri: [] for e in analysis.entries}
        uri_of_source = {id(s): e.uri for e in analysis.entries for s in e.sources}
        for diagnostic in analysis.result.diagnostics:
            uri = uri_of_source.get(id(diagnostic.primary.span.file))
            if uri is not None:
                by_uri[uri].append(self.to_lsp(diagnostic, uri_of_source))
        for uri in self._published.get(unit.key, set()) - set(by_uri):
            by_uri[uri] = []  # a file that left the schema: clear what it showed
        for uri, diagnostics in by_uri.items():
            entry = unit.entries.get(uri)
            is_open = entry is not None and entry.open and uri in self.workspace.text_documents
            if not is_open and self._last.get(uri) == diagnostics:
                continue  # a file in the background whose diagnostics did not change
            self._last[uri] = diagnostics
            version = self.workspace.text_documents[uri].version if is_open else None
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
            )
        self._published[unit.key] = {uri for uri, ds in by_uri.items() if ds}

    def to_lsp(self, diagnostic: Diagnostic, uris: dict[int, str]) -> types.Diagnostic:
        related = []
        for label in diagnostic.secondary:
            uri = uris.get(id(label.span.file))
            if uri is not None:
                related.append(
                    types.DiagnosticRelatedInformation(
                        location=types.Location(uri=uri, range=self.codec.range(label.span)),
                        message=label.message or "see here",
                    )
                )
        primary = diagnostic.primary
        if diagnostic.help is not None:
            uri = uris.get(id(primary.span.file))
            if uri is not None:
                related.append(
                    types.DiagnosticRelatedInformation(
                        location=types.Location(uri=uri, range=self.codec.range(primary.span)),
                        message=f"help: {diagnostic.help}",
                    )
                )
        data: dict[str, Any] = {}
        if primary.message:
            data["label"] = primary.message
        if diagnostic.help is not None:
            data["help"] = diagnostic.help
        fixes = [features.fix_data(fix, uris, self.codec) for fix in diagnostic.fixes]
        if any(fixes):
            data["fixes"] = [fix for fix in fixes if fix is not None]
        return types.Diagnostic(
            range=self.codec.range(primary.span),
            message=diagnostic.message,
            severity=(
                types.DiagnosticSeverity.Error
                if diagnostic.severity is Severity.ERROR
                else types.DiagnosticSeverity.Warning
            ),
            code=diagnostic.code,
            source="schemac",
            related_information=related or None,
            data=data or None,
        )

    # ---------------------------------------------------------------- lookups

    def located(
        self, uri: str, position: types.Position
    ) -> tuple[Analysis, features.Located] | None:
        unit = self.space.unit_for(uri)
        entry = unit.entries.get(uri)
        if entry is None:
            return None
        analysis = unit.analysis(self.space.options)
        return analysis, features.Located(entry, self.codec.offset(entry.source, position))


def _root(params: types.InitializeParams) -> Path | None:
    if params.workspace_folders:
        return path_of(params.workspace_folders[0].uri)
    if params.root_uri:
        return path_of(params.root_uri)
    return Path(params.root_path) if params.root_path else None


P = TypeVar("P")
R = TypeVar("R")


def _guarded(
    handler: Callable[[SchemaLanguageServer, P], R],
) -> Callable[[SchemaLanguageServer, P], R | None]:
    """A handler whose bug answers nothing (and is logged) instead of failing the request."""

    @functools.wraps(handler)
    def run(ls: SchemaLanguageServer, params: P) -> R | None:
        try:
            return handler(ls, params)
        except JsonRpcException:
            raise  # an answer for the client (a refused rename), not a bug
        except Exception:
            ls.report_bug(handler.__name__)
            return None

    return run


def make_server(schema_dirs: Sequence[Path] = ()) -> SchemaLanguageServer:
    server = SchemaLanguageServer(schema_dirs)

    @server.feature(types.INITIALIZE)
    @_guarded
    def initialize(ls: SchemaLanguageServer, params: types.InitializeParams) -> None:
        # `initializationOptions: {"schemaDirs": ["db/schema", ...]}`, relative to the
        # workspace root: folders whose files (and subfolders') form one schema.
        root = _root(params)
        options = params.initialization_options
        dirs = options.get("schemaDirs") if isinstance(options, dict) else None
        if isinstance(dirs, list):
            for raw in dirs:
                if isinstance(raw, str):
                    path = Path(raw)
                    ls.schema_dirs.append(
                        path if path.is_absolute() or root is None else root / path
                    )
            ls.space = Workspace(ls.schema_dirs)

    @server.feature(types.INITIALIZED)
    @_guarded
    def initialized(ls: SchemaLanguageServer, params: types.InitializedParams) -> None:
        encoding = ls.workspace.position_encoding
        value = getattr(encoding, "value", encoding)
        ls.codec = Codec(str(value) if value else "utf-16")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded
    def did_open(ls: SchemaLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        ls.schedule(ls.space.open(doc.uri, doc.text))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded
    def did_change(ls: SchemaLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        text = ls.workspace.get_text_document(uri).source
        ls.schedule(ls.space.change(uri, text))

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_guarded
    def did_save(ls: SchemaLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        unit = ls.space.unit_for(params.text_document.uri)
        ls.space.refresh(unit)
        ls.schedule(unit)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded
    def did_close(ls: SchemaLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.schedule(ls.space.close(params.text_document.uri))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guarded
    def watched(ls: SchemaLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        for unit in ls.space.refresh_all():
            ls.schedule(unit)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded
    def hover(ls: SchemaLanguageServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.located(params.text_document.uri, params.position)
        return features.hover(found[0], found[1], ls.codec) if found else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_guarded
    def definition(
        ls: SchemaLanguageServer, params: types.DefinitionParams
    ) -> list[types.Location] | None:
        found = ls.located(params.text_document.uri, params.position)
        return features.definition(found[0], found[1], ls.codec) if found else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_guarded
    def references(
        ls: SchemaLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        found = ls.located(params.text_document.uri, params.position)
        if not found:
            return None
        return features.references(
            found[0], found[1], ls.codec, include_declaration=params.context.include_declaration
        )

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[".", "=", "[", " ", '"', "("]),
    )
    @_guarded
    def completion(
        ls: SchemaLanguageServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        found = ls.located(params.text_document.uri, params.position)
        if not found:
            return None
        return types.CompletionList(is_incomplete=False, items=features.completion(*found))

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @_guarded
    def formatting(
        ls: SchemaLanguageServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        entry = ls.space.entry(params.text_document.uri)
        return features.formatting(entry, ls.codec) if entry is not None else None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_guarded
    def symbols(
        ls: SchemaLanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        entry = ls.space.entry(params.text_document.uri)
        return features.symbols(entry, ls.codec) if entry is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @_guarded
    def code_action(
        ls: SchemaLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        entry = ls.space.entry(params.text_document.uri)
        if entry is None:
            return None
        return features.code_actions(entry, params.context.diagnostics, ls.codec)

    @server.feature(types.WORKSPACE_SYMBOL)
    @_guarded
    def workspace_symbol(
        ls: SchemaLanguageServer, params: types.WorkspaceSymbolParams
    ) -> list[types.SymbolInformation] | None:
        analyses = [unit.analysis(ls.space.options) for unit in ls.space.units.values()]
        return features.workspace_symbols(analyses, params.query, ls.codec)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @_guarded
    def folding(
        ls: SchemaLanguageServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange] | None:
        entry = ls.space.entry(params.text_document.uri)
        return features.folding(entry) if entry is not None else None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @_guarded
    def prepare_rename(
        ls: SchemaLanguageServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenamePlaceholder | None:
        found = ls.located(params.text_document.uri, params.position)
        return features.prepare_rename(found[0], found[1], ls.codec) if found else None

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    @_guarded
    def rename(ls: SchemaLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = ls.located(params.text_document.uri, params.position)
        if not found:
            return None
        try:
            renamed = features.rename(found[0], found[1], params.new_name, ls.codec)
        except RenameError as error:
            raise JsonRpcInvalidParams(str(error)) from None
        if renamed is None:
            return None
        edit, warning = renamed
        if warning is not None:
            ls.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Warning, message=warning)
            )
        return edit

    return server


def serve(schema_dirs: Sequence[Path] = ()) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="schemac lsp: %(levelname)s %(message)s")
    make_server(schema_dirs).start_io()
