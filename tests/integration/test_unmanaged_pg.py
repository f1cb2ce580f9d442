"""What the language cannot express, against a real PostgreSQL: never changed, never silent.

Whatever `inspect` leaves out is unmanaged: no plan drops or alters it, the plan says
what it left alone, a statement that would take it along carries a hazard, and a
difference between two databases there is a warning. What depends on something left
out is named; a view that needs it is left out too, so the SQL compiled from what
`inspect` writes loads into an empty database.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects.postgres.normalizer.run import Normalizer
from schemac.diff.renames import carry_renames
from schemac.ir import model as ir
from schemac.ir.filter import only
from schemac.ir.types import TypeKind, TypeRef
from tests.pg import LoadError

AGGREGATE = """
CREATE TABLE public.events (id bigint PRIMARY KEY, project_id bigint);
CREATE AGGREGATE public.array_accum (anycompatiblearray) (
    sfunc = array_cat, stype = anycompatiblearray, initcond = '{}'
);
CREATE VIEW public.event_projects AS
    SELECT public.array_accum(ARRAY[project_id]) AS projects FROM public.events;
CREATE VIEW public.event_project_count AS
    SELECT cardinality(projects) AS n FROM public.event_projects;
GRANT SELECT ON public.event_projects TO schemac_reader;
GRANT EXECUTE ON FUNCTION public.array_accum(anycompatiblearray) TO schemac_reader;
"""

RANGE = """
CREATE TYPE public.floatrange AS RANGE (subtype = float8);
CREATE TABLE public.slots (id bigint PRIMARY KEY, span public.floatrange);
"""

RULE = """
CREATE TABLE public.people (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW public.people_names AS SELECT id, name FROM public.people;
CREATE RULE people_names_insert AS ON INSERT TO public.people_names
    DO INSTEAD INSERT INTO public.people (id, name) VALUES (NEW.id, NEW.name);
CREATE TABLE public.teams (id bigint PRIMARY KEY);
CREATE TABLE public.members (id bigint PRIMARY KEY, team_id bigint NOT NULL);
ALTER TABLE public.members
    ADD CONSTRAINT members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams (id)
    NOT VALID;
CREATE INDEX ON public.members (team_id);
"""


@pytest.fixture
def url(pg_server: Any, fresh_db: str) -> str:
    pg_server.ensure_roles(["schemac_reader"])
    return str(pg_server.url_for(fresh_db))


def _inspect(url: str, **options: Any) -> tuple[str, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command(url, out=out, err=err, **options)
    assert code == 0, err.getvalue()
    return out.getvalue(), err.getvalue().splitlines()


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _dry_run(url: str, target: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, target, dry_run=True, out=out, err=err)
    assert code == 0, err.getvalue()
    return out.getvalue()


# ---------------------------------------------------------------------------- item 3


def test_a_view_that_needs_what_is_left_out_goes_with_it(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, AGGREGATE)
    sql, warnings = _inspect(url, output_format="sql")
    assert warnings == [
        "warning: aggregate public.array_accum: the language cannot express it; left out",
        "warning: grant of execute on function public.array_accum to schemac_reader:"
        " it is on an object not written; left out",
        "warning: grant of select on table public.event_projects to schemac_reader:"
        " it is on an object not written; left out",
        "warning: view public.event_project_count: it needs view public.event_projects,"
        " not written either; left out",
        "warning: view public.event_projects: it needs aggregate public.array_accum,"
        " which the language cannot express; left out",
    ]
    # What inspect wrote loads into an empty database (it used not to: the view needs
    # the aggregate, which the files lack).
    empty = pg_server.create_database()
    try:
        pg_server.load(empty, sql)
    finally:
        pg_server.drop_database(empty)


def test_what_else_needs_it_is_named(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, RANGE)
    sql, warnings = _inspect(url, output_format="sql")
    assert warnings[0] == (
        "warning: range type public.floatrange: the language cannot express it; needed by"
        " column span of table public.slots (kept: that SQL loads only where this exists);"
        " left out"
    )
    assert "floatrange(" not in sql  # its constructors are its own, not functions to write
    empty = pg_server.create_database()
    try:
        with pytest.raises(LoadError, match="floatrange"):  # exactly what the warning said
            pg_server.load(empty, sql)
    finally:
        pg_server.drop_database(empty)


# ---------------------------------------------------------------------------- item 1


def test_the_files_inspect_writes_plan_nothing(pg_server, fresh_db, url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The aggregate, the views that need it and the grants on them are left out of the
    # files; applying the files leaves them all alone.
    pg_server.load(fresh_db, AGGREGATE)
    text, _ = _inspect(url)
    out, err = io.StringIO(), io.StringIO()
    target = _write(tmp_path / "db.schema", text)
    code = apply_command(url, target, auto_approve=True, out=out, err=err)
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue() == f"No changes: the database matches {target}.\n"


def test_a_declared_view_the_database_has_unmanaged_is_left_alone(  # type: ignore[no-untyped-def]
    pg_server, fresh_db, url, tmp_path
) -> None:
    pg_server.load(fresh_db, AGGREGATE)
    text, _ = _inspect(url)
    declared = text.replace(
        'column "project_id" bigint?',
        'column "project_id" bigint?\n    column "note" text?',
    )
    declared += """
schema "public" {
  view "event_projects" {
    as = "SELECT public.array_accum(ARRAY[events.project_id]) AS projects FROM public.events"
  }
}
"""
    target = _write(tmp_path / "db.schema", declared)
    summary = _dry_run(url, target)
    assert "  left alone: add view public.event_projects (view public.event_projects: it needs" in (
        summary
    )
    assert "CREATE VIEW" not in summary
    assert "ALTER TABLE public.events ADD COLUMN note text;" in summary
    out, err = io.StringIO(), io.StringIO()
    assert diff_command(url, target, out=out, err=err) == 0, err.getvalue()
    assert out.getvalue().startswith("-- left alone: add view public.event_projects (")


def test_what_goes_with_a_dropped_object_is_a_hazard(pg_server, fresh_db, url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, RULE)
    text, _ = _inspect(url)
    changed = text.replace("    people.name\n", "    upper(people.name) AS name\n")
    changed = changed.replace("references = teams.id", "references = teams.id, on_delete = cascade")
    assert changed != text
    target = _write(tmp_path / "db.schema", changed)
    summary = _dry_run(url, target)
    assert (
        "! data loss: rule public.people_names.people_names_insert goes with it, not made"
        " again: the language cannot express it" in summary
    )
    assert (
        "! data loss: the NOT VALID state of constraint public.members.members_team_id_fkey"
        " goes with it, not made again: the language cannot express it" in summary
    )
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, target, auto_approve=True, out=out, err=err)
    assert code == 1
    assert "pass --allow-destructive" in err.getvalue()


def test_a_difference_between_databases_there_is_a_warning(pg_server, fresh_db, url) -> None:  # type: ignore[no-untyped-def]
    pg_server.load(fresh_db, AGGREGATE)
    other = pg_server.create_database()
    try:
        pg_server.load(other, AGGREGATE.split("CREATE AGGREGATE", maxsplit=1)[0])
        out, err = io.StringIO(), io.StringIO()
        code = diff_command(url, pg_server.url_for(other), out=out, err=err, exit_code=True)
        assert (code, out.getvalue()) == (0, "")  # nothing the plan can do
        assert (
            "warning: left alone: aggregate public.array_accum: only in the first state"
            " (the language cannot express it)" in err.getvalue().splitlines()
        )
    finally:
        pg_server.drop_database(other)


def test_unmanaged_records_survive_normalizing_filtering_and_renames(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    # Files hold none, but a state is put through the normalizer, `only` (--schema) and
    # carry_renames on its way to the planner: none of them may drop what it has.
    agg_s = ir.Unmanaged(what="aggregate s.agg", schema="s")
    agg_t = ir.Unmanaged(what="aggregate t.agg", schema="t")
    column = ir.Column(name="a", type=TypeRef(name="text", kind=TypeKind.BUILTIN))
    declared = ir.Database(
        schemas=(
            ir.Schema(name="s", tables=(ir.Table(name="items", columns=(column,)),)),
            ir.Schema(name="t"),
        ),
        unmanaged=(agg_s, agg_t),
    )
    with pg_server.connect(fresh_db) as conn:
        normalized = Normalizer(conn).normalize(declared, "s")
    assert normalized.unmanaged == (agg_s, agg_t)
    assert carry_renames(normalized, declared).unmanaged == (agg_s, agg_t)
    assert only(normalized, {"s"}).unmanaged == (agg_s,)
