"""Which files form a schema, buffers over disk, and what a change re-does (in process)."""

from __future__ import annotations

from pathlib import Path

from schemac.lsp.workspace import Workspace, uri_of

USERS = 'table "users" {\n  column "id" bigint\n  primary_key = [id]\n}\n'
POSTS = 'table "posts" {\n  column "author" bigint { references = users.id }\n}\n'


def _codes(ws: Workspace, path: Path) -> list[str]:
    """The errors (the foreign key's missing index is only a warning)."""
    return [d.code for d in ws.analysis(uri_of(path)).result.errors]


def test_a_folder_is_a_schema(tmp_path: Path) -> None:
    (tmp_path / "users.schema").write_text(USERS)
    (tmp_path / "posts.schema").write_text(POSTS)
    (tmp_path / "notes.txt").write_text("not a schema")
    other = tmp_path / "other"
    other.mkdir()
    (other / "posts.schema").write_text(POSTS)
    ws = Workspace()
    assert _codes(ws, tmp_path / "posts.schema") == []
    # Another folder is another schema: there `users` is unknown.
    assert _codes(ws, other / "posts.schema") == ["E0402"]
    names = sorted(
        Path(e.source.name).name for e in ws.analysis(uri_of(tmp_path / "posts.schema")).entries
    )
    assert names == ["posts.schema", "users.schema"]


def test_schema_dirs_take_subfolders(tmp_path: Path) -> None:
    (tmp_path / "db" / "accounts").mkdir(parents=True)
    (tmp_path / "db" / "content").mkdir()
    (tmp_path / "db" / "accounts" / "users.schema").write_text(USERS)
    (tmp_path / "db" / "content" / "posts.schema").write_text(POSTS)
    assert _codes(Workspace(), tmp_path / "db" / "content" / "posts.schema") == ["E0402"]
    ws = Workspace([tmp_path / "db"])
    assert _codes(ws, tmp_path / "db" / "content" / "posts.schema") == []
    assert len(ws.units) == 1


def test_buffers_take_precedence_and_disk_changes_are_read(tmp_path: Path) -> None:
    users = tmp_path / "users.schema"
    posts = tmp_path / "posts.schema"
    users.write_text(USERS)
    posts.write_text(POSTS)
    ws = Workspace()
    unit = ws.open(uri_of(posts), POSTS)
    assert _codes(ws, posts) == []
    ws.change(uri_of(users), USERS.replace('"users"', '"people"'))  # unsaved
    assert _codes(ws, posts) == ["E0402"]
    ws.close(uri_of(users))
    assert _codes(ws, posts) == []
    # A file removed on disk leaves the schema; one added joins it.
    users.unlink()
    assert ws.refresh(unit)
    assert _codes(ws, posts) == ["E0402"]
    (tmp_path / "people.schema").write_text(USERS)
    assert ws.refresh(unit)
    assert _codes(ws, posts) == []
    assert not ws.refresh(unit)  # nothing changed


def test_a_buffer_never_saved_joins_its_folder(tmp_path: Path) -> None:
    (tmp_path / "users.schema").write_text(USERS)
    new = tmp_path / "new.schema"
    ws = Workspace()
    ws.open(uri_of(new), POSTS)
    assert _codes(ws, new) == []
    untitled = "untitled:Untitled-1"
    ws.open(untitled, POSTS)
    assert [d.code for d in ws.analysis(untitled).result.errors] == ["E0402"]


def test_a_change_reparses_only_its_file(tmp_path: Path) -> None:
    (tmp_path / "users.schema").write_text(USERS)
    (tmp_path / "posts.schema").write_text(POSTS)
    ws = Workspace()
    unit = ws.unit_for(uri_of(tmp_path / "posts.schema"))
    before = {uri: entry.document.shaped for uri, entry in unit.entries.items()}
    ws.change(uri_of(tmp_path / "posts.schema"), POSTS + "\n")
    after = {uri: entry.document.shaped for uri, entry in unit.entries.items()}
    users_uri = uri_of(tmp_path / "users.schema")
    assert after[users_uri] == before[users_uri]  # the very same shaped pieces
    assert after[uri_of(tmp_path / "posts.schema")] != before[uri_of(tmp_path / "posts.schema")]
    first = unit.analysis(ws.options)
    assert unit.analysis(ws.options) is first  # nothing changed: the same analysis
