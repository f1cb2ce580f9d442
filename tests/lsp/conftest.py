"""`schemac lsp` run as a subprocess over stdio, driven by pytest-lsp's client."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

WORKSPACE = Path(__file__).resolve().parent / "workspace"
SERVER = [sys.executable, "-m", "schemac", "lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    root: Path = request.getfixturevalue("tmp_path") / "ws"
    shutil.copytree(WORKSPACE, root)
    lsp_client.root = root  # type: ignore[attr-defined]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        )
    )
    yield
    await lsp_client.shutdown_session()


class Doc:
    """A file of the test workspace: its URI, its text, and positions found by searching it."""

    def __init__(self, root: Path, name: str, text: str | None = None) -> None:
        self.path = root / name
        self.uri = self.path.as_uri()
        self.text = text if text is not None else self.path.read_text(encoding="utf-8")

    def pos(self, needle: str, shift: int = 0, nth: int = 0) -> types.Position:
        """Where ``needle`` starts (its ``nth`` occurrence), plus ``shift`` characters."""
        at = -1
        for _ in range(nth + 1):
            at = self.text.index(needle, at + 1)
        at += shift
        line = self.text.count("\n", 0, at)
        col = at - (self.text.rfind("\n", 0, at) + 1)
        return types.Position(line=line, character=col)

    def end(self, needle: str, nth: int = 0) -> types.Position:
        return self.pos(needle, len(needle), nth)

    @property
    def id(self) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri)

    def item(self, version: int = 1) -> types.TextDocumentItem:
        return types.TextDocumentItem(
            uri=self.uri, language_id="schema", version=version, text=self.text
        )


async def open_doc(client: LanguageClient, doc: Doc) -> tuple[types.Diagnostic, ...]:
    """Open a document and wait for its diagnostics."""
    client.diagnostics.pop(doc.uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=doc.item()))
    return await diagnostics_for(client, doc.uri)


async def diagnostics_for(client: LanguageClient, uri: str) -> tuple[types.Diagnostic, ...]:
    """The next diagnostics published for ``uri`` (fails after 30 s without them)."""

    async def wait() -> None:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout=30)
    return tuple(client.diagnostics[uri])


def internal_errors(client: LanguageClient) -> list[str]:
    """What the server logged as its own bugs."""
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


async def change_doc(
    client: LanguageClient,
    doc: Doc,
    text: str,
    version: int,
    change: types.TextDocumentContentChangeEvent | None = None,
) -> None:
    """Send an edit (by default, the whole new text) and forget the diagnostics seen so far."""
    client.diagnostics.pop(doc.uri, None)
    doc.text = text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc.uri, version=version),
            content_changes=[change or types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
