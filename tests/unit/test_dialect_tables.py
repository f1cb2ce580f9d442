"""The checker asks the target dialect: a dialect that changes one table changes the report."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from schemac.check import CheckResult, Options, check_sources
from schemac.check.spec import BLOCKS
from schemac.commands.compile import compile_command
from schemac.dialects import DIALECTS, Dialect
from schemac.dialects.postgres.dialect import PostgresDialect
from schemac.dialects.postgres.tables import (
    BUILTINS,
    INDEX_METHODS,
    POSTGRES_TABLES,
    PRIVILEGES,
)
from schemac.dialects.tables import DialectTables
from schemac.ir.enums import GrantTargetKind
from schemac.ir.types import BuiltinType, Category
from schemac.source import SourceFile

LONG = "a" * 40  # within PostgreSQL's 63 bytes, past the toy dialects' 30


class ShortNames(PostgresDialect):
    """A PostgreSQL whose names are at most 30 bytes (as Oracle's were)."""

    name = "short_names"
    tables = replace(PostgresDialect.tables, max_name_bytes=30)


class WideIntegers(PostgresDialect):
    """A PostgreSQL with one more built-in integer type."""

    name = "wide_integers"
    tables = replace(
        PostgresDialect.tables,
        builtin_types={**BUILTINS, "int16": BuiltinType(name="int16", category=Category.INTEGER)},
        type_aliases={**POSTGRES_TABLES.type_aliases, "int16": "int16", "hugeint": "int16"},
        type_spellings={**POSTGRES_TABLES.type_spellings, "int16": "hugeint"},
        integer_ranges={**POSTGRES_TABLES.integer_ranges, "int16": (-(2**127), 2**127 - 1)},
    )


class FewerMethods(PostgresDialect):
    """A PostgreSQL without hash indexes, where gist indexes may be unique."""

    name = "fewer_methods"
    tables = replace(
        PostgresDialect.tables,
        index_methods={
            **{m: t for m, t in INDEX_METHODS.items() if m != "hash"},
            "gist": replace(INDEX_METHODS["gist"], unique=True),
        },
    )


class Maintain(PostgresDialect):
    """PostgreSQL 17's MAINTAIN privilege on tables."""

    name = "maintain"
    tables = replace(
        PostgresDialect.tables,
        privileges={
            **PRIVILEGES,
            GrantTargetKind.TABLE: (*PRIVILEGES[GrantTargetKind.TABLE], "maintain"),
        },
    )


def _check(text: str, dialect: type[Dialect] | None = None) -> CheckResult:
    options = Options() if dialect is None else Options(target=dialect.tables)
    return check_sources([SourceFile("t.schema", text)], options)


def _codes(result: CheckResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_the_default_target_is_postgresql() -> None:
    assert Options().target is POSTGRES_TABLES
    assert PostgresDialect.tables is POSTGRES_TABLES
    assert PostgresDialect().tables is POSTGRES_TABLES


def test_postgresql_tables_are_todays() -> None:
    # The words the language documented and accepted before the tables moved.
    assert BLOCKS["index"].attrs["using"].choices == (
        "btree",
        "hash",
        "gin",
        "gist",
        "brin",
        "spgist",
    )
    assert POSTGRES_TABLES.grant_privileges == (
        "all",
        "select",
        "insert",
        "update",
        "delete",
        "truncate",
        "references",
        "trigger",
        "usage",
        "execute",
        "create",
    )
    assert BLOCKS["grant"].attrs["privileges"].choices == POSTGRES_TABLES.grant_privileges
    assert POSTGRES_TABLES.max_name_bytes == 63
    assert "citext" not in POSTGRES_TABLES.builtin_types  # an extension's, not built in
    assert POSTGRES_TABLES.canonical_name("Double  Precision") == "float8"


def test_a_shorter_name_limit_reports_names_postgresql_keeps() -> None:
    text = f'table "{LONG}" {{\n  column "id" bigint\n}}\n'
    assert _check(text).ok
    result = _check(text, ShortNames)
    assert _codes(result) == ["E0207"]
    assert result.diagnostics[0].message.endswith("keeps only 30")


def test_a_shorter_name_limit_applies_to_enum_values() -> None:
    text = f'enum "status" {{ values = ["{LONG}"] }}\n'
    assert _check(text).ok
    assert _codes(_check(text, ShortNames)) == ["E0207"]


def test_an_extra_builtin_type_is_known_in_every_spelling() -> None:
    text = (
        'table "t" {\n'
        '  column "id" int16 { identity = always }\n'
        '  column "n"  hugeint?\n'
        '  column "m"  bigint?\n'
        "  primary_key = [id]\n"
        '  foreign_key { columns = [m], references = t(id) }\n'
        "}\n"
    )
    assert _codes(_check(text)) == ["E0301", "E0301"]
    result = _check(text, WideIntegers)
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.database is not None
    assert result.database.schemas[0].tables[0].columns[0].type.name == "int16"


def test_an_extra_builtin_type_has_the_dialects_range_and_spelling() -> None:
    fits = f'table "t" {{\n  column "id" int16 {{ default = {2**100} }}\n}}\n'
    assert _check(fits, WideIntegers).ok
    text = 'table "t" {\n  column "id" int16 { default = "x" }\n}\n'
    result = _check(text, WideIntegers)
    assert [d.message for d in result.diagnostics] == [
        'the default of `id` is the string "x", which does not fit `hugeint`'
    ]


def test_the_targets_index_methods_are_the_choices() -> None:
    hashed = 'table "t" {\n  column "id" bigint\n  index { on = [id], using = hash }\n}\n'
    assert _check(hashed).ok
    result = _check(hashed, FewerMethods)
    assert _codes(result) == ["E0109"]
    assert "`hash`" not in (result.diagnostics[0].help or "")
    assert "`gist`" in (result.diagnostics[0].help or "")


def test_the_targets_index_methods_say_what_may_be_unique() -> None:
    text = (
        'table "t" {\n  column "id" bigint\n'
        "  index { on = [id], using = gist, unique = true }\n}\n"
    )
    result = _check(text)
    assert _codes(result) == ["E0519"]
    assert result.diagnostics[0].help == "unique indexes use `btree`"
    assert _check(text, FewerMethods).ok


def test_the_targets_privileges_are_accepted_and_expanded() -> None:
    text = (
        'table "t" {\n  column "id" bigint\n}\n'
        'grant "g" { privileges = [maintain], on = [t], to = [app] }\n'
        'grant "h" { privileges = [all], on = [t], to = [ops] }\n'
    )
    assert _codes(_check(text)) == ["E0109"]
    result = _check(text, Maintain)
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.database is not None
    grants = {g.grantee: g.privileges for g in result.database.grants}
    assert grants["app"] == ("maintain",)
    assert "maintain" in grants["ops"]


def test_compile_checks_with_the_target_dialects_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "long.schema"
    path.write_text(f'table "{LONG}" {{\n  column "id" bigint\n}}\n', encoding="utf-8")
    monkeypatch.setitem(DIALECTS, "short_names", lambda: ShortNames)
    out, err = io.StringIO(), io.StringIO()
    assert compile_command([str(path)], out=out, err=err) == 0
    out, err = io.StringIO(), io.StringIO()
    assert compile_command([str(path)], dialect="short_names", out=out, err=err) == 1
    assert "E0207" in err.getvalue()
    assert out.getvalue() == ""


def test_tables_are_compared_by_identity() -> None:
    # A dialect's tables hold dicts: equal by value would need hashing them.
    assert isinstance(POSTGRES_TABLES, DialectTables)
    assert replace(POSTGRES_TABLES) != POSTGRES_TABLES
    assert hash(POSTGRES_TABLES) == hash(POSTGRES_TABLES)


def test_importing_the_tables_is_cheap() -> None:
    # Every check run reads them: no driver, no planner, no parser on the way.
    code = (
        "import sys\n"
        "import schemac.dialects.postgres.tables\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('psycopg', 'lark')\n"
        "         or m.startswith(('schemac.dialects.postgres.plan', 'schemac.syntax',\n"
        "                          'schemac.check', 'schemac.dialects.postgres.ddl'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
