"""Broken buffers never crash the server or stop it answering.

Every mutant of the parser's fuzz corpus (tests/mutants.py, seed 7, as
tests/unit/test_fuzz.py uses it) is sent as an edit of an open file, some as
incremental edits; every request the server serves is asked for at random places on
the way; then the file is restored, and a hover must answer correctly.
"""

from __future__ import annotations

import random
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import Doc, change_doc, diagnostics_for, internal_errors, open_doc
from tests.mutants import mutants

EDITS = 300


def _position(text: str, rng: random.Random) -> types.Position:
    lines = text.split("\n")
    line = rng.randrange(len(lines) + 1)  # sometimes past the end
    width = len(lines[line]) if line < len(lines) else 0
    return types.Position(line=line, character=rng.randint(0, width + 2))


def _at(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


async def _ask_everything(client: LanguageClient, doc: Doc, rng: random.Random) -> None:
    pos = _position(doc.text, rng)
    await client.text_document_hover_async(types.HoverParams(text_document=doc.id, position=pos))
    await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc.id, position=pos)
    )
    await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc.id,
            position=pos,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    await client.text_document_completion_async(
        types.CompletionParams(text_document=doc.id, position=pos)
    )
    await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc.id, position=pos)
    )
    await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc.id)
    )
    await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc.id))
    await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc.id, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )


async def test_hundreds_of_broken_edits_then_a_correct_hover(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    posts = Doc(root, "posts.schema")
    original = posts.text
    await open_doc(client, posts)
    rng = random.Random(11)
    version = 1
    for i, text in enumerate(mutants(EDITS, seed=7)):
        version += 1
        # (An empty document has no range to replace: a mutant may have emptied it.)
        if i % 3 == 0 and posts.text and posts.text.isascii() and text[:40].isascii():
            # An incremental edit: a piece of the mutant replaces a random range.
            a, b = sorted(rng.sample(range(len(posts.text) + 1), 2))
            start, end = _at(posts.text, a), _at(posts.text, b)
            change: types.TextDocumentContentChangeEvent = types.TextDocumentContentChangePartial(
                range=types.Range(start=start, end=end), text=text[:40]
            )
            posts.text = posts.text[:a] + text[:40] + posts.text[b:]
        else:
            change = types.TextDocumentContentChangeWholeDocument(text=text)
            posts.text = text
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=posts.uri, version=version),
                content_changes=[change],
            )
        )
        if i % 10 == 9:
            await _ask_everything(client, posts, rng)
    # Back to the file as it was: everything answers as before.
    await change_doc(client, posts, original, version + 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=posts.id, position=posts.pos("users.id", 2))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**table** `app.users`")
    assert await diagnostics_for(client, posts.uri) == ()
    assert internal_errors(client) == []
