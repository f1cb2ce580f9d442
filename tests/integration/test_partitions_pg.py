"""Partitions kept as GitLab keeps them, against a real PostgreSQL.

GitLab's structure.sql (what pg_dump writes) puts its partitions in the schema
`gitlab_partitions_static`, attaches them with indexes of their own (under names
PostgreSQL would not give them), and references some partitions by foreign keys. Read
back, compiled and loaded, such a database must give the same `pg_dump --schema-only`;
the files `inspect` writes must plan nothing against it; and `diff` must see two
databases that differ only there as different.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from schemac.check import check_sources
from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects import get_dialect
from schemac.inputs import read_file, schema_files

# As pg_dump writes it (GitLab's db/structure.sql is such a dump): the partitioned
# table, then each partition made apart and attached, its keys and indexes attached to
# the table's under the names they had. The inspect golden of the same name reads it too.
_GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "inspect" / "gitlab_partitions_static"
GITLAB = (_GOLDEN / "input.sql").read_text(encoding="utf-8")

# The same tables made the plain way: partitions of their table's schema, and copies
# of its indexes under the names PostgreSQL gives them.
_TABLE = GITLAB.split("CREATE TABLE gitlab_partitions_static.", maxsplit=1)[0]
PLAIN = (
    _TABLE
    + """
CREATE TABLE public.audit_events_000000 PARTITION OF public.audit_events
    FOR VALUES FROM (MINVALUE) TO ('2026-01-01 00:00:00+00');
CREATE TABLE public.audit_events_202601 PARTITION OF public.audit_events
    FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
ALTER TABLE public.audit_events ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id, created_at);
CREATE INDEX idx_audit_events_part_on_entity_id_desc_author_id_created_at
    ON public.audit_events USING btree (entity_id, entity_type, id DESC, author_id, created_at);
CREATE TABLE public.audit_event_reviews (
    id bigint NOT NULL PRIMARY KEY,
    audit_event_id bigint NOT NULL,
    audit_event_created_at timestamp with time zone NOT NULL
);
CREATE INDEX index_audit_event_reviews_on_audit_event
    ON public.audit_event_reviews (audit_event_id, audit_event_created_at);
ALTER TABLE ONLY public.audit_event_reviews
    ADD CONSTRAINT fk_rails_audit_events_202601 FOREIGN KEY (audit_event_id, audit_event_created_at)
    REFERENCES public.audit_events_202601(id, created_at) ON DELETE CASCADE;
"""
)


def _inspect_to(url: str, out: Path) -> str:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = inspect_command(url, output=f"{out}/", strict=True, out=stdout, err=stderr)
    assert code == 0, stderr.getvalue()
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("*.schema")))


def test_inspect_compile_load_gives_the_same_dump(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, GITLAB)
    text = _inspect_to(pg_server.url_for(fresh_db), tmp_path / "schema")
    # What it says: the partitions' schema, the copies' names, the foreign key.
    assert "schema = gitlab_partitions_static" in text
    assert 'index "audit_events_part_5fc467ac26_pkey" { of = audit_events_pkey }' in text
    assert "of = idx_audit_events_part_on_entity_id_desc_author_id_created_at" in text
    assert "references = gitlab_partitions_static.audit_events_202601(" in text

    checked = check_sources([read_file(p) for p in schema_files(tmp_path / "schema")])
    assert not checked.diagnostics, [d.message for d in checked.diagnostics]
    assert checked.database is not None
    compiled = get_dialect("postgres").compile(checked.database)
    assert compiled.sql is not None, compiled.diagnostics
    again = pg_server.create_database()
    try:
        pg_server.load(again, compiled.sql)
        before, after = pg_server.schema_lines(fresh_db), pg_server.schema_lines(again)
        assert before == after, "\n".join(difflib.unified_diff(before, after, lineterm=""))
    finally:
        pg_server.drop_database(again)


def test_apply_of_what_inspect_wrote_changes_nothing(pg_server, fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # It used to drop the foreign key to the partition: the text had left it out.
    pg_server.load(fresh_db, GITLAB)
    url = pg_server.url_for(fresh_db)
    _inspect_to(url, tmp_path / "schema")
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, str(tmp_path / "schema"), auto_approve=True, out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("No changes"), out.getvalue()


def test_diff_sees_where_partitions_are_and_what_copies_are_called(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    # Two databases that differ only there used to diff as the same.
    pg_server.load(fresh_db, GITLAB)
    plain = pg_server.create_database()
    try:
        pg_server.load(plain, PLAIN)
        ours, theirs = pg_server.url_for(plain), pg_server.url_for(fresh_db)
        out, err = io.StringIO(), io.StringIO()
        assert diff_command(ours, theirs, out=out, err=err) == 0, err.getvalue()
        sql = out.getvalue()
        assert "ALTER TABLE public.audit_events_202601 SET SCHEMA gitlab_partitions_static;" in sql
        assert (
            "ALTER INDEX gitlab_partitions_static.audit_events_202601_pkey"
            " RENAME TO audit_events_part_5fc467ac26_pkey;" in sql
        )
        assert "DROP" not in sql  # moved and renamed in place: nothing lost

        applied = io.StringIO()
        code = apply_command(ours, theirs, auto_approve=True, out=applied, err=err)
        assert code == 0, err.getvalue()
        again = io.StringIO()
        assert diff_command(ours, theirs, out=again, err=err) == 0
        assert again.getvalue() == ""
        before, after = pg_server.schema_lines(fresh_db), pg_server.schema_lines(plain)
        assert before == after, "\n".join(difflib.unified_diff(before, after, lineterm=""))
    finally:
        pg_server.drop_database(plain)


def test_partitions_of_a_schema_left_out_are_named_not_moved(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    # Written without their schema, they would be partitions of the table's.
    pg_server.load(fresh_db, GITLAB)
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command(
        pg_server.url_for(fresh_db), exclude=["gitlab_partitions_static"], out=out, err=err
    )
    assert code == 0
    assert "audit_events_202601" not in out.getvalue()
    assert (
        "warning: partition gitlab_partitions_static.audit_events_202601: its schema is not"
        " written: the language cannot express it; left out"
    ) in err.getvalue().splitlines()
