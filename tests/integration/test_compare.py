"""The catalog comparison finds each kind of difference (so a passing load test means something)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemac.dialects.postgres.inspect.reader import inspect
from schemac.ir import model as ir
from schemac.ir.types import TypeRef
from tests.integration.compare import differences
from tests.integration.normalizer import Normalizer
from tests.integration.test_compile_pg import _roles, compile_path

BLOG = Path(__file__).resolve().parents[2] / "examples" / "blog.schema"


def _table(db: ir.Database, name: str) -> ir.Table:
    schema = db.schema("blog")
    assert schema is not None
    return next(t for t in schema.tables if t.name == name)


def _with_table(db: ir.Database, name: str, change: Callable[[ir.Table], ir.Table]) -> ir.Database:
    schema = db.schema("blog")
    assert schema is not None
    tables = tuple(change(t) if t.name == name else t for t in schema.tables)
    schemas = tuple(dataclasses.replace(s, tables=tables) if s is schema else s for s in db.schemas)
    return dataclasses.replace(db, schemas=schemas)


def _column(table: ir.Table, name: str, **changes: Any) -> ir.Table:
    columns = tuple(
        dataclasses.replace(c, **changes) if c.name == name else c for c in table.columns
    )
    return dataclasses.replace(table, columns=columns)


MUTATIONS: dict[str, tuple[Callable[[ir.Database], ir.Database], str]] = {
    "column type": (
        lambda db: _with_table(
            db,
            "posts",
            lambda t: _column(t, "title", type=TypeRef(name="varchar", modifiers=(10,))),
        ),
        "tables[posts].columns[title].type",
    ),
    "nullability": (
        lambda db: _with_table(db, "posts", lambda t: _column(t, "title", nullable=True)),
        "columns[title].nullable",
    ),
    "default": (
        lambda db: _with_table(
            db,
            "comments",
            lambda t: _column(t, "approved", default=ir.Literal(kind="bool", value=True)),
        ),
        "columns[approved].default",
    ),
    "check": (
        lambda db: _with_table(
            db,
            "comments",
            lambda t: dataclasses.replace(
                t,
                checks=tuple(
                    dataclasses.replace(c, expression=ir.SqlExpr(text="length(body) < 5"))
                    for c in t.checks
                ),
            ),
        ),
        "checks[comments_body_check]",
    ),
    "index predicate": (
        lambda db: _with_table(
            db,
            "comments",
            lambda t: dataclasses.replace(
                t, indexes=tuple(dataclasses.replace(i, where=None) for i in t.indexes)
            ),
        ),
        "indexes[comments_parent_idx].where",
    ),
    "foreign key option": (
        lambda db: _with_table(
            db,
            "comments",
            lambda t: dataclasses.replace(
                t,
                foreign_keys=tuple(dataclasses.replace(f, deferrable=True) for f in t.foreign_keys),
            ),
        ),
        ".deferrable",
    ),
    "trigger when": (
        lambda db: _with_table(
            db,
            "posts",
            lambda t: dataclasses.replace(
                t,
                triggers=tuple(
                    dataclasses.replace(tr, when=ir.SqlExpr(text="OLD.title <> NEW.title"))
                    if tr.when
                    else tr
                    for tr in t.triggers
                ),
            ),
        ),
        "triggers[posts_touch].when",
    ),
    "comment": (
        lambda db: _with_table(
            db, "posts", lambda t: dataclasses.replace(t, comment="something else")
        ),
        "tables[posts].comment",
    ),
    "missing table": (
        lambda db: _with_table(db, "tags", lambda t: dataclasses.replace(t, name="labels")),
        "tables[labels]: declared, missing",
    ),
    "grant": (
        lambda db: dataclasses.replace(
            db, grants=(*db.grants[:-1], dataclasses.replace(db.grants[-1], with_grant_option=True))
        ),
        "grants",
    ),
}


@pytest.fixture(scope="module")
def blog_db(pg_server):  # type: ignore[no-untyped-def]
    declared, sql = compile_path(BLOG, None)
    if {e.name for e in declared.extensions} - pg_server.extensions:
        pytest.skip("this server lacks the blog's extensions")
    name = pg_server.create_database()
    pg_server.ensure_roles(_roles(declared))
    pg_server.load(name, sql)
    yield declared, name
    pg_server.drop_database(name)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_difference_is_reported(mutation: str, blog_db, pg_server) -> None:  # type: ignore[no-untyped-def]
    declared, name = blog_db
    change, expected = MUTATIONS[mutation]
    with pg_server.connect(name) as conn:
        found = inspect(conn).database
        normalizer = Normalizer(conn, "public", [])
        try:
            assert differences(declared, found, normalizer) == []
            problems = differences(change(declared), found, normalizer)
        finally:
            normalizer.close()
    assert problems, f"{mutation}: no difference found"
    assert any(expected in p for p in problems), problems
