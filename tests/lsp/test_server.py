"""The language server end to end, over stdio, on a two-file workspace whose references cross files.

accounts.schema declares schema `app` with `users`, enum `role`, sequence `ticket_seq`
and function `touch`; posts.schema's `posts` references `users.id`, uses the sequence
in a default and the function in a trigger.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from schemac.check import check_sources
from schemac.source import SourceFile
from schemac.syntax.parser import parse_text
from schemac.syntax.printer import format_file
from tests.lsp.conftest import Doc, change_doc, diagnostics_for, open_doc


def _docs(client: LanguageClient) -> tuple[Doc, Doc]:
    root: Path = client.root  # type: ignore[attr-defined]
    return Doc(root, "accounts.schema"), Doc(root, "posts.schema")


def _offset(text: str, pos: types.Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: pos.line]) + pos.character


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    spans = sorted(
        ((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


# ---------------------------------------------------------------------------- diagnostics


async def test_open_publishes_for_every_file_of_the_schema(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    assert await open_doc(client, posts) == ()
    # accounts.schema is not open, but it is part of the schema: it gets (no) diagnostics too.
    assert await diagnostics_for(client, accounts.uri) == ()


async def test_change_gives_the_diagnostics_check_gives(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    broken = posts.text.replace("references = users.id", "references = users.idd")
    await change_doc(client, posts, broken, 2)
    got = await diagnostics_for(client, posts.uri)
    expected = check_sources(
        [SourceFile(str(accounts.path), accounts.text), SourceFile(str(posts.path), broken)]
    ).diagnostics
    assert [(d.code, d.message) for d in got] == [(d.code, d.message) for d in expected]
    (diagnostic,) = got
    assert diagnostic.code == "E0401"
    assert diagnostic.message == "unknown column `idd` in `users`"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "schemac"
    assert diagnostic.range == types.Range(start=posts.pos("idd,"), end=posts.end("idd"))
    help_lines = [r.message for r in diagnostic.related_information or ()]
    assert help_lines == ["help: did you mean `id`?"]
    # Fixed again: the diagnostics are cleared.
    await change_doc(client, posts, broken.replace("users.idd", "users.id"), 3)
    assert await diagnostics_for(client, posts.uri) == ()


async def test_unsaved_buffer_takes_precedence_over_the_disk(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    # Rename the table in an unsaved accounts.schema buffer: posts.schema now points nowhere.
    renamed = Doc(
        accounts.path.parent, "accounts.schema", accounts.text.replace('"users"', '"user"')
    )
    client.diagnostics.pop(posts.uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=renamed.item()))
    got = await diagnostics_for(client, posts.uri)
    assert [(d.code, d.message) for d in got] == [("E0402", "unknown table `users`")]
    assert got[0].related_information is not None
    assert got[0].related_information[0].message == "help: did you mean `user`?"
    # Closing the buffer without saving: the file on disk counts again.
    client.diagnostics.pop(posts.uri, None)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=renamed.id))
    assert await diagnostics_for(client, posts.uri) == ()


async def test_related_locations_cross_files(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, accounts)
    await diagnostics_for(client, posts.uri)  # the same run publishes for posts.schema next
    twice = posts.text.replace('table "posts"', 'table "users"')
    await open_doc(client, Doc(posts.path.parent, "posts.schema", twice))
    got = await diagnostics_for(client, posts.uri)
    duplicate = next(d for d in got if "declared twice" in d.message or "already" in d.message)
    locations = [r.location.uri for r in duplicate.related_information or ()]
    assert accounts.uri in locations


# ---------------------------------------------------------------------------- hover


async def _hover(client: LanguageClient, doc: Doc, pos: types.Position) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=doc.id, position=pos)
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    table = await _hover(client, posts, posts.pos("users.id", 2))
    assert table.startswith("**table** `app.users`")
    assert "- `email` `text` not null" in table
    assert "primary key (`id`)" in table
    assert table.endswith("People who can sign in")
    column = await _hover(client, posts, posts.pos("users.id", 7))
    assert column.startswith("**column** `app.users.id`")
    assert "`bigint` not null" in column
    assert "identity always" in column
    own = await _hover(client, posts, posts.pos("[author_id]", 3))
    assert own.startswith("**column** `app.posts.author_id`")
    assert "references `users.id`" in own
    function = await _hover(client, posts, posts.pos("touch()", 1))
    assert function.startswith("**function** `app.touch`")
    assert "app.touch() returns trigger" in function
    sequence = await _hover(client, posts, posts.pos("ticket_seq", 3))
    assert sequence.startswith("**sequence** `app.ticket_seq`")
    assert "start 1000" in sequence
    await open_doc(client, accounts)
    enum = await _hover(client, accounts, accounts.pos("role        {", 1))
    assert enum.startswith("**enum** `app.role`")
    assert 'values: `"owner"`, `"member"`, `"guest"`' in enum
    default = await _hover(client, accounts, accounts.pos('"email"', 2))
    assert "`text` not null" in default
    assert default.endswith("Where we write to them")
    schema = await _hover(client, accounts, accounts.pos('"app"', 1))
    assert schema.startswith("**schema** `app`")
    assert "2 tables" in schema
    assert schema.endswith("The application's own tables")
    builtin = await _hover(client, accounts, accounts.pos("timestamptz", 2))
    assert builtin.startswith("**built-in type** `timestamptz`")
    assert "datetime; PostgreSQL's name `timestamptz`" in builtin
    assert "`timestamp with time zone`" in builtin
    value = await _hover(client, accounts, accounts.pos('"member" }', 3))
    assert value == '**enum value** of `app.role`\n\n`"owner"`, **`"member"`**, `"guest"`'
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=accounts.id, position=accounts.pos("# People"))
    )
    assert nothing is None


# ---------------------------------------------------------------------------- navigation


async def _definition(client: LanguageClient, doc: Doc, pos: types.Position) -> types.Location:
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc.id, position=pos)
    )
    assert isinstance(result, list)
    assert len(result) == 1
    location = result[0]
    assert isinstance(location, types.Location)
    return location


async def test_definition_across_files(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    cases = [
        (posts.pos("users.id", 1), accounts, '"users"'),  # a table, in the other file
        (posts.pos("users.id", 6), accounts, '"id"'),  # its column
        (posts.pos("touch()", 2), accounts, '"touch"'),  # a function
        (posts.pos("ticket_seq"), accounts, '"ticket_seq"'),  # a sequence in nextval()
        (posts.pos("[author_id]", 1), posts, '"author_id"'),  # a column of the same table
    ]
    for pos, doc, needle in cases:
        location = await _definition(client, posts, pos)
        assert location.uri == doc.uri, needle
        assert location.range == types.Range(start=doc.pos(needle), end=doc.end(needle)), needle
    await open_doc(client, accounts)
    location = await _definition(client, accounts, accounts.pos("role        {"))
    assert location.range.start == accounts.pos('"role"')  # a type: the enum
    # A schema is declared by every `schema` block with its name: here, one in each file.
    both = await client.text_document_definition_async(
        types.DefinitionParams(text_document=posts.id, position=posts.pos('"app"', 2))
    )
    assert isinstance(both, list)
    assert sorted((loc.uri, loc.range.start.line) for loc in both) == sorted(
        [(accounts.uri, accounts.pos('"app"').line), (posts.uri, posts.pos('"app"').line)]
    )


async def test_references_across_files(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, accounts)
    result = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=accounts.id,
            position=accounts.pos('"id"', 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None
    found = sorted((loc.uri, loc.range.start.line, loc.range.start.character) for loc in result)
    expected = sorted(
        (doc.uri, p.line, p.character)
        for doc, p in [
            (accounts, accounts.pos('"id"')),  # the declaration
            (accounts, accounts.pos("[id]", 1)),  # primary_key = [id]
            (posts, posts.pos("users.id", 6)),  # references = users.id
        ]
    )
    assert found == expected
    without = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=accounts.id,
            position=accounts.pos('"users"', 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert without is not None
    assert [(loc.uri, loc.range.start) for loc in without] == [(posts.uri, posts.pos("users.id"))]


# ---------------------------------------------------------------------------- completion


async def _labels(client: LanguageClient, doc: Doc, text: str, pos: types.Position) -> set[str]:
    await change_doc(client, doc, text, 10 + len(text))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc.id, position=pos)
    )
    assert isinstance(result, types.CompletionList)
    return {item.label for item in result.items}


async def test_completion_in_context(client: LanguageClient) -> None:
    _, posts = _docs(client)
    await open_doc(client, posts)
    original = posts.text

    def insert(after: str, what: str) -> tuple[str, types.Position]:
        at = original.index(after) + len(after)
        text = original[:at] + what + original[at:]
        end = at + len(what)
        line = text.count("\n", 0, end)
        return text, types.Position(line=line, character=end - (text.rfind("\n", 0, end) + 1))

    # 1. Where a block may start in a table: block kinds and the table's attributes.
    text, pos = insert("primary_key = [id]\n", "    ")
    labels = await _labels(client, posts, text, pos)
    assert {"column", "index", "foreign_key", "trigger", "comment", "partition_by"} <= labels
    assert "values" not in labels
    assert "table" not in labels
    # 2. At the top of a file: schema-level blocks.
    text, pos = insert("declares.\n", "\nta")
    labels = await _labels(client, posts, text, pos)
    assert {"schema", "table", "enum", "function", "extension"} <= labels
    assert "column" not in labels
    # 3. A table's columns inside its key.
    text, pos = insert("primary_key = [id", ", ")
    labels = await _labels(client, posts, text, pos)
    assert {"id", "author_id", "title", "updated_at"} <= labels
    # 4. After `table.`: that table's columns, from the other file.
    text, pos = insert('column "title"      text', " { references = users.")
    labels = await _labels(client, posts, text, pos)
    assert labels == {"id", "email", "role", "created_at"}
    # 5. Types in type position: built-ins and the schema's own.
    text, pos = insert("primary_key = [id]\n", '    column "extra" ')
    labels = await _labels(client, posts, text, pos)
    assert {"bigint", "text", "timestamptz", "double precision", "role"} <= labels
    # 6. Enum values in a column's default.
    text, pos = insert("primary_key = [id]\n", '    column "r" role { default = ')
    labels = await _labels(client, posts, text, pos)
    assert {'"owner"', '"member"', '"guest"'} <= labels
    # 7. Tables after `references =`.
    text, pos = insert('column "title"      text', " { references = ")
    labels = await _labels(client, posts, text, pos)
    assert {"users", "posts"} <= labels
    # 8. The words an attribute takes.
    text, pos = insert("each    = row\n", "      for_each = ")
    labels = await _labels(client, posts, text.replace("for_each = ", "each = "), pos)
    # (`each` given twice is an error, but completion still knows its words)
    assert {"row", "statement"} <= labels
    # 9. Columns a foreign key block references: `references = users(`.
    text, pos = insert(
        "primary_key = [id]\n",
        '    foreign_key "fk" {\n      columns    = [author_id]\n      references = users(',
    )
    labels = await _labels(client, posts, text, pos)
    assert labels == {"id", "email", "role", "created_at"}


# ---------------------------------------------------------------------------- formatting, outline


async def test_formatting_is_schemac_fmt(client: LanguageClient) -> None:
    _, posts = _docs(client)
    await open_doc(client, posts)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=posts.id, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert edits is not None
    formatted = _apply(posts.text, list(edits))
    assert formatted == format_file(parse_text(posts.text).file)
    assert formatted != posts.text
    assert 'column "id"         bigint { identity = always }' in formatted
    # Formatted already: nothing to do.
    await change_doc(client, posts, formatted, 2)
    again = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=posts.id, options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert again is not None
    assert list(again) == []


async def test_document_symbols(client: LanguageClient) -> None:
    _, posts = _docs(client)
    await open_doc(client, posts)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=posts.id)
    )
    assert result is not None
    (schema,) = result
    assert isinstance(schema, types.DocumentSymbol)
    assert (schema.name, schema.kind) == ("app", types.SymbolKind.Namespace)
    (table,) = schema.children or []
    assert (table.name, table.kind) == ("posts", types.SymbolKind.Class)
    children = [(c.name, c.kind, c.detail) for c in table.children or []]
    assert children == [
        ("id", types.SymbolKind.Field, "bigint"),
        ("author_id", types.SymbolKind.Field, "bigint"),
        ("ticket", types.SymbolKind.Field, "bigint"),
        ("title", types.SymbolKind.Field, "text"),
        ("updated_at", types.SymbolKind.Field, "timestamptz?"),
        ("posts_author_idx", types.SymbolKind.Key, "index"),
        ("posts_touch", types.SymbolKind.Event, "trigger"),
    ]
    assert table.selection_range == types.Range(
        start=posts.pos('"posts"'), end=posts.end('"posts"')
    )


async def test_folding_ranges(client: LanguageClient) -> None:
    accounts, _ = _docs(client)
    await open_doc(client, accounts)
    result = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=accounts.id)
    )
    assert result is not None
    ranges = {(r.start_line, r.end_line, r.kind) for r in result}
    line = lambda needle: accounts.pos(needle).line  # noqa: E731
    assert (line('schema "app"'), line("SQL\n  }\n}") + 1, None) in ranges  # up to before `}`
    assert (line('table "users"'), line("primary_key = [id]"), None) in ranges
    assert (line('function "touch"'), line("    SQL\n  }"), None) in ranges
    heredoc = (line("<<-SQL"), line("    SQL\n  }"), types.FoldingRangeKind.Region)
    assert heredoc in ranges


# ---------------------------------------------------------------------------- rename


async def test_rename_table_across_files(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, accounts)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=accounts.id, position=accounts.pos('"users"', 3))
    )
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "users"
    assert prepared.range == types.Range(start=accounts.pos("users"), end=accounts.end("users"))
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=accounts.id, position=accounts.pos('"users"', 3), new_name="people"
        )
    )
    assert edit is not None
    assert edit.changes is not None
    assert set(edit.changes) == {accounts.uri, posts.uri}
    new_accounts = _apply(accounts.text, list(edit.changes[accounts.uri]))
    new_posts = _apply(posts.text, list(edit.changes[posts.uri]))
    assert 'table "people" {' in new_accounts
    assert 'renamed_from = "users"' in new_accounts
    assert "references = people.id" in new_posts
    result = check_sources(
        [SourceFile("accounts.schema", new_accounts), SourceFile("posts.schema", new_posts)]
    )
    assert result.ok, result.diagnostics
    assert result.database is not None
    table = next(t for s in result.database.schemas for t in s.tables if t.name == "people")
    assert table.renamed_from == "users"


async def test_rename_column_from_a_reference(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=posts.id, position=posts.pos("users.id", 6), new_name="user id"
        )
    )
    assert edit is not None
    assert edit.changes is not None
    new_accounts = _apply(accounts.text, list(edit.changes[accounts.uri]))
    new_posts = _apply(posts.text, list(edit.changes[posts.uri]))
    assert 'column "user id"         bigint      { identity = always, renamed_from = "id" }' in (
        new_accounts
    )
    assert "primary_key = [`user id`]" in new_accounts
    assert "references = users.`user id`" in new_posts
    result = check_sources(
        [SourceFile("accounts.schema", new_accounts), SourceFile("posts.schema", new_posts)]
    )
    assert result.ok, result.diagnostics


async def test_rename_to_a_taken_name_is_refused(client: LanguageClient) -> None:
    accounts, _ = _docs(client)
    await open_doc(client, accounts)
    # The client raises the server's JSON-RPC error.
    with pytest.raises(Exception, match="already has `role`"):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=accounts.id, position=accounts.pos('"email"', 1), new_name="role"
            )
        )


async def test_rename_warns_about_sql_text(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=posts.id, position=posts.pos('"updated_at"', 1), new_name="touched_at"
        )
    )
    assert edit is not None
    assert edit.changes is not None
    assert list(edit.changes) == [posts.uri]
    # The trigger function's body sets NEW.updated_at: SQL text, not renamed, but named
    # (by the line its fragment starts on).
    line = accounts.pos("body     = <<-SQL").line + 1
    assert [m.message for m in client.messages] == [
        "`updated_at` also appears in SQL text, which a rename does not change:"
        f" accounts.schema:{line}"
    ]


async def test_workspace_symbols(client: LanguageClient) -> None:
    accounts, posts = _docs(client)
    await open_doc(client, posts)
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="usr"))
    assert result is not None
    found = [(s.name, s.kind, s.container_name, s.location.uri) for s in result]  # type: ignore[union-attr]
    assert found[0] == ("users", types.SymbolKind.Class, "app", accounts.uri)
    columns = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="author"))
    assert columns is not None
    assert [(s.name, s.container_name) for s in columns] == [("author_id", "app.posts")]


async def test_quick_fix_from_did_you_mean(client: LanguageClient) -> None:
    _, posts = _docs(client)
    await open_doc(client, posts)
    broken = posts.text.replace("references = users.id", "references = users.idd")
    await change_doc(client, posts, broken, 2)
    (diagnostic,) = await diagnostics_for(client, posts.uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=posts.id,
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert actions is not None
    (action,) = actions
    assert isinstance(action, types.CodeAction)
    assert (action.title, action.kind, action.is_preferred) == (
        "Change to `id`",
        types.CodeActionKind.QuickFix,
        True,
    )
    assert action.edit is not None
    assert action.edit.changes is not None
    fixed = _apply(broken, list(action.edit.changes[posts.uri]))
    assert fixed == posts.text.replace("users.idd", "users.id")


async def test_quick_fixes_are_the_diagnostics_fixes(client: LanguageClient) -> None:
    """Not only names: a fix removes the `?` of an identity column; a name in backticks is
    written as it needs to be. The actions come from the fixes in the diagnostic's data."""
    _, posts = _docs(client)
    await open_doc(client, posts)
    broken = posts.text.replace(
        'column "id"         bigint      {', 'column "id"         bigint?     {'
    ).replace("on = [author_id]", "on = [`author_idd`]")
    await change_doc(client, posts, broken, 2)
    diagnostics = await diagnostics_for(client, posts.uri)
    assert sorted(d.code for d in diagnostics) == ["E0401", "E0507"]
    for diagnostic in diagnostics:
        assert isinstance(diagnostic.data, dict)
        assert diagnostic.data["fixes"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=posts.id,
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=list(diagnostics)),
        )
    )
    assert actions is not None
    titles = sorted(a.title for a in actions)
    assert titles == ["Change to `author_id`", "Remove the `?`"]
    edits = [e for a in actions for e in a.edit.changes[posts.uri]]  # type: ignore[union-attr]
    fixed = broken.replace("bigint?", "bigint").replace("`author_idd`", "author_id")
    assert _apply(broken, edits) == fixed
    # Data not of our making (another server's, or a client's) gives no action.
    stranger = types.Diagnostic(
        range=diagnostics[0].range, message="m", source="schemac", data={"fixes": [{"x": 1}]}
    )
    none = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=posts.id,
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=[stranger]),
        )
    )
    assert not none


async def test_a_big_broken_file_is_refined_when_idle(client: LanguageClient) -> None:
    """Over 64 KB, a broken piece is checked alone first, then the file whole, exactly."""
    from tests.lsp.test_pieces import BIG

    root: Path = client.root  # type: ignore[attr-defined]
    (root / "big").mkdir()
    big = Doc(root / "big", "big.schema", BIG)
    assert await open_doc(client, big) == ()
    broken = BIG.replace('column "name" text\n', 'column "name" text =\n', 1)  # one piece
    await change_doc(client, big, broken, 2)
    first = await diagnostics_for(client, big.uri)  # at once, from the piece
    assert first
    client.diagnostics.pop(big.uri, None)
    refined = await diagnostics_for(client, big.uri)  # half a second later, from the file
    expected = check_sources([SourceFile(str(big.path), broken)]).diagnostics
    assert [(d.code, d.message, d.range.start.line) for d in refined] == [
        (d.code, d.message, d.primary.span.start_line_col()[0] - 1) for d in expected
    ]
