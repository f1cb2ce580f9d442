"""The writer is the checker's inverse: checking what it writes gives the same IR back.

Round trips over every example, every golden compile input and every example of the
language reference, unbound (the default schema unnamed) and bound to `public`; then
hand-built IR with awkward names and text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from schemac.check import check_sources
from schemac.diagnostics.render import render_text
from schemac.inputs import read_file, schema_files
from schemac.ir import model as ir
from schemac.ir.bind import bind_default_schema
from schemac.ir.types import TypeKind, TypeRef
from schemac.source import SourceFile
from schemac.syntax.parser import parse
from schemac.syntax.printer import format_file
from schemac.writer import unwritable, write_database, write_schemas

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "compile" / "postgres"


def _golden_inputs() -> list[Path]:
    out = []
    for case in sorted(p for p in GOLDEN.iterdir() if (p / "expected.sql").exists()):
        folder = case / "input"
        out.append(folder if folder.is_dir() else case / "input.schema")
    return out


def _clean_goldens() -> list[Path]:
    """The check and fmt golden inputs that check without errors (some draw warnings)."""
    golden = ROOT / "tests" / "golden"
    paths = sorted([*golden.glob("check/*.schema"), *golden.glob("fmt/*.schema")])
    return [p for p in paths if check_sources([read_file(p)]).database is not None]


def _doc_examples() -> list[str]:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    return re.findall(r"```schema\n(.*?)```", text, re.DOTALL)


# IR shapes no example has: a default schema made only by a grant, grants on schemas
# no block declares, extensions alone or in a schema block, references from a schema
# block to the default schema, extension trigger functions, a collation of pg_catalog
# whose name a declared collation has.
EDGE_CASES = {
    "grant-only": """
grant {
  privileges = [usage]
  on         = [schema(public)]
  to         = [someone]
}
""",
    "grants-beside-a-schema": """
schema "app" {
  table "t" { column "a" integer }
}
grant {
  privileges = [usage]
  on         = [schema(public), schema(app)]
  to         = [someone]
}
grant {
  privileges = [select]
  on         = [app.t]
  to         = [someone]
}
""",
    "extension-only": 'extension "citext" {}\n',
    "extension-in-a-schema": """
schema "app" {
  extension "citext" {}
  table "t" { column "a" citext }
}
""",
    "default-schema-from-a-block": """
table "t" { column "id" integer { primary_key = true } }
enum "e" { values = ["a"] }
function "f" {
  returns  = trigger
  language = plpgsql
  body     = "BEGIN RETURN NEW; END"
}
schema "app" {
  table "u" {
    column "t_id" integer { references = t.id }
    column "e"    e
    trigger "x" {
      before  = [insert]
      each    = row
      execute = f()
    }
  }
  view "v" {
    as         = "SELECT 1"
    depends_on = [t]
  }
  grant {
    privileges = [select]
    on         = [t, table(v)]
    to         = [r]
  }
}
""",
    "collations-shadowing-pg-catalog": """
collation "C" { locale = "C" }
schema "app" {
  table "t" {
    column "a" text { collation = pg_catalog.C }
    column "b" text { collation = "C.utf8" }
    column "c" text { collation = C }
    index { on = [a collate(pg_catalog.POSIX)] }
  }
}
""",
    "extension-trigger-function": """
extension "moddatetime" {}
table "t" {
  column "at" timestamptz
  trigger "m" {
    before  = [update]
    each    = row
    execute = moddatetime("at")
  }
}
""",
}


def _files(path: Path) -> Callable[[], list[SourceFile]]:
    return lambda: [read_file(p) for p in schema_files(path)]


def _cases() -> list[tuple[str, Callable[[], list[SourceFile]]]]:
    cases = [(f"examples/{p.name}", _files(p)) for p in sorted((ROOT / "examples").iterdir())]
    cases += [(f"golden/{p.parent.name}", _files(p)) for p in _golden_inputs()]
    cases += [(f"golden/{p.parent.name}/{p.stem}", _files(p)) for p in _clean_goldens()]
    cases += [
        (f"docs/{i + 1}", lambda text=text, i=i: [SourceFile(f"example {i + 1}", text)])
        for i, text in enumerate(_doc_examples())
    ]
    cases += [
        (f"edge/{name}", lambda name=name, text=text: [SourceFile(f"{name}.schema", text)])
        for name, text in EDGE_CASES.items()
    ]
    return cases


CASES = _cases()
IDS = [name for name, _ in CASES]


def _check(sources: list[SourceFile]) -> ir.Database:
    result = check_sources(sources)
    errors = [render_text(d) for d in result.errors]
    assert not errors, "\n\n".join(errors) + "\n\n" + "\n".join(s.text for s in sources)
    assert result.database is not None
    return result.database


def _written(database: ir.Database) -> ir.Database:
    """Write the database, check the properties of the text, and check it again."""
    text = write_database(database)
    assert format_file(parse(SourceFile("written.schema", text)).file) == text
    assert write_database(database) == text  # the same bytes every time
    return _check([SourceFile("written.schema", text)])


def _bound(database: ir.Database) -> ir.Database:
    bound = bind_default_schema(database, "public").database
    assert bound is not None
    return bound


def _case_database(name: str) -> ir.Database:
    return _check(dict(CASES)[name]())


def test_every_input_is_a_case() -> None:
    assert len(_golden_inputs()) >= 80
    assert len(_clean_goldens()) >= 15
    inputs = [_golden_inputs(), _clean_goldens(), _doc_examples(), EDGE_CASES]
    assert len(CASES) == 3 + sum(len(group) for group in inputs)


@pytest.mark.parametrize("name", IDS)
def test_round_trip(name: str) -> None:
    database = _case_database(name)
    assert unwritable(database) == []
    assert _written(database) == database


@pytest.mark.parametrize("name", IDS)
def test_round_trip_bound(name: str) -> None:
    result = bind_default_schema(_case_database(name), "public")
    if result.database is None:
        pytest.skip("the default schema clashes with schema `public`")
    bound = result.database
    assert unwritable(bound) == []
    assert all(s.name is not None for s in bound.schemas)
    assert _bound(_written(bound)) == bound


@pytest.mark.parametrize("name", IDS)
def test_schemas_read_together(name: str) -> None:
    database = _case_database(name)
    for state in (database, bind_default_schema(database, "public").database):
        if state is None:
            continue
        texts = write_schemas(state)
        assert list(texts) == [s.name for s in state.schemas] or not state.schemas
        for text in texts.values():
            assert format_file(parse(SourceFile("part.schema", text)).file) == text
        sources = [SourceFile(f"{key or 'default'}.schema", text) for key, text in texts.items()]
        assert _check(sources) == state


# ---------------------------------------------------------------------------- hand-built IR

INT8 = TypeRef(name="int8")
TEXT = TypeRef(name="text")
TRIGGER = TypeRef(name="trigger")

# Text that only an exact heredoc, or an escaped string, reads back as it was.
AWKWARD_TEXTS = [
    "",
    "x",
    "SELECT 1",
    "\nBEGIN\n  RETURN NEW;\nEND;\n",
    "  indented first line\n  and the second",
    "  all\n  lines\n  indented\n",
    "\tBEGIN\n\t\tRETURN 1;\n\tEND",
    "mixed\n\t tab\n  space",
    "SELECT $$ a $$, $b$ x $b$",
    "trailing spaces   \nand here  \n",
    "a line\nSQL\nequal to the tag",
    "SQL",
    "  SQL)\n  SQL,\nSQL ]\nSQL_TEXT\nSQL_END}",
    "windows\r\nline ends\r\n",
    "a \r in the middle",
    "blank\n\n\nlines\n\n",
    "whitespace only\n   \nline",
    "no-break space\n\u00a0\nline",
    "form feed \x0c and nul \x00 and bell \x07",
    'quotes " and backslashes \\ and \\n',
    "unicode: größe, naïve, 日本語, emoji 🎉",
    "\u2028 line separator",
    "x" * 150,
    "  " + "y" * 150,
    "EOT\nEOT_TEXT",
    "}\n",
    "<<-SQL\nnested\nSQL",
]


def _function(name: str, body: str, comment: str | None = None) -> ir.Function:
    return ir.Function(
        name=name,
        kind=ir.FunctionKind.FUNCTION,
        arguments=(),
        returns=ir.Returns(type=TRIGGER),
        language="plpgsql",
        body=body,
        comment=comment,
    )


@pytest.mark.parametrize("index", range(len(AWKWARD_TEXTS)))
def test_awkward_text_reads_back_exactly(index: int) -> None:
    value = AWKWARD_TEXTS[index]
    sql = ir.SqlExpr(text=value or "true")
    table = ir.Table(
        name="t",
        columns=(
            ir.Column(name="a", type=TEXT, default=ir.Literal(kind="string", value=value)),
            ir.Column(name="b", type=TEXT, comment=value or None, generated=sql),
        ),
        checks=(ir.CheckConstraint(name="t_rule", expression=sql, comment=value or None),),
        indexes=(ir.Index(name="t_idx", elements=(ir.IndexElement(expression=sql),), where=sql),),
        policies=(ir.Policy(name="p", using=sql, with_check=sql, comment=value or None),),
        row_security=ir.RowSecurity.ENABLED,
        comment=value or None,
    )
    view = ir.View(name="v", query=ir.SqlExpr(text=value), comment=value or None)
    schema = ir.Schema(
        name=None,
        tables=(table,),
        views=(view,),
        functions=(_function("f", value, comment=value or None),),
    )
    database = ir.Database(schemas=(schema,))
    assert unwritable(database) == []
    assert _written(database) == database


def _awkward_database() -> ir.Database:
    """Names that need quoting everywhere, user types shadowed by built-ins, every shorthand."""
    weird = 'Sales "Dept" `x`'
    app_text = TypeRef(name="text", kind=TypeKind.ENUM, schema="app")
    status = TypeRef(name="Order Status", kind=TypeKind.ENUM, schema=weird)
    default_type = TypeRef(name="Text", kind=TypeKind.ENUM)
    orders = ir.Table(
        name="Order Items",
        columns=(
            ir.Column(name="order id", type=INT8, identity=ir.Identity(always=True)),
            ir.Column(name="select", type=TEXT, default=ir.Literal(kind="string", value='a"b\\')),
            ir.Column(name="true", type=TypeRef(name="bool"), nullable=True),
            ir.Column(name="größe", type=TypeRef(name="numeric", modifiers=(12, 2))),
            ir.Column(
                name="back`tick", type=status, default=ir.Literal(kind="string", value="new")
            ),
            ir.Column(name="app text", type=app_text, nullable=True),
            ir.Column(name="default text", type=default_type, nullable=True),
            ir.Column(
                name="tags",
                type=TypeRef(name="text", array_dims=2),
                default=ir.Literal(
                    kind="array",
                    value=(
                        ir.Literal(kind="array", value=(ir.Literal(kind="string", value="a"),)),
                        ir.Literal(kind="array", value=(ir.Literal(kind="null", value=None),)),
                    ),
                ),
            ),
            ir.Column(
                name="n", type=TypeRef(name="int4"), default=ir.Literal(kind="number", value="-15")
            ),
            ir.Column(name="char", type=TypeRef(name="bpchar")),
            ir.Column(
                name="when",
                type=TypeRef(name="interval", interval_fields="day to second", modifiers=(3,)),
            ),
            ir.Column(name="bits", type=TypeRef(name="varbit", modifiers=(8,)), nullable=True),
        ),
        primary_key=ir.PrimaryKey(name="Order Items_pkey", columns=("order id",)),
        uniques=(
            ir.UniqueConstraint(name="Order Items_select_key", columns=("select",)),
            ir.UniqueConstraint(name="u2", columns=("größe", "true"), nulls_distinct=False),
        ),
        indexes=(
            ir.Index(
                name="Order Items_lower_größe_idx",
                elements=(
                    ir.IndexElement(
                        expression=ir.SqlExpr(text='lower("select")'),
                        collation=ir.ObjectName(schema="pg_catalog", name="C"),
                        opclass="text_pattern_ops",
                    ),
                    ir.IndexElement(column="größe", descending=True, nulls=ir.NullsOrder.FIRST),
                ),
            ),
        ),
        checks=(
            ir.CheckConstraint(name="Order Items_check", expression=ir.SqlExpr(text="true")),
            ir.CheckConstraint(name="Order Items_n_check", expression=ir.SqlExpr(text="n > 0")),
        ),
        triggers=(
            ir.Trigger(
                name="dedupe",
                timing=ir.TriggerTiming.BEFORE,
                events=(ir.TriggerEvent(kind=ir.TriggerEventKind.UPDATE),),
                for_each=ir.ForEach.ROW,
                function=ir.ObjectName(
                    schema="pg_catalog", name="suppress_redundant_updates_trigger"
                ),
            ),
            ir.Trigger(
                name="touch it",
                timing=ir.TriggerTiming.AFTER,
                events=(
                    ir.TriggerEvent(kind=ir.TriggerEventKind.INSERT),
                    ir.TriggerEvent(kind=ir.TriggerEventKind.UPDATE, columns=("select", "true")),
                ),
                for_each=ir.ForEach.ROW,
                function=ir.ObjectName(schema=None, name="touch"),
                arguments=('a "quoted" arg', "42"),
                when=ir.SqlExpr(text="OLD.* IS DISTINCT FROM NEW.*"),
            ),
        ),
        foreign_keys=(
            ir.ForeignKey(
                name="Order Items_n_fkey",
                columns=("n",),
                references=ir.ObjectName(schema="app", name="text holder"),
                ref_columns=("id",),
                on_delete=ir.ReferentialAction.SET_NULL,
            ),
        ),
    )
    holder = ir.Table(
        name="text holder",
        columns=(ir.Column(name="id", type=TypeRef(name="int4")),),
        primary_key=ir.PrimaryKey(name="text holder_pkey", columns=("id",)),
    )
    return ir.Database(
        schemas=(
            ir.Schema(
                name=None,
                enums=(ir.EnumType(name="Text", values=("x",)),),
                functions=(_function("touch", "BEGIN RETURN NEW; END"),),
            ),
            ir.Schema(
                name=weird,
                tables=(orders,),
                enums=(ir.EnumType(name="Order Status", values=("new", 'say "hi"')),),
                comment="Unicode: größe",
            ),
            ir.Schema(
                name="app",
                tables=(holder,),
                enums=(ir.EnumType(name="text", values=("plain", "it's")),),
            ),
        ),
        extensions=(ir.Extension(name="pg_trgm", schema="app", version="1.6"),),
        grants=(
            ir.Grant(
                target=ir.GrantTarget(
                    kind=ir.GrantTargetKind.SCHEMA, name=ir.ObjectName(schema=None, name=weird)
                ),
                grantee="public",
                privileges=("create", "usage"),
                with_grant_option=True,
            ),
            ir.Grant(
                target=ir.GrantTarget(
                    kind=ir.GrantTargetKind.TABLE,
                    name=ir.ObjectName(schema=weird, name="Order Items"),
                ),
                grantee="Report Readers",
                privileges=("select", "update"),
                columns=("select", "true"),
            ),
        ),
    )


def test_awkward_names_read_back() -> None:
    database = _awkward_database()
    assert unwritable(database) == []
    assert _written(database) == database
    text = write_database(database)
    assert "app.text" in text  # a built-in spelling is reached only qualified
    assert "primary_key = [`order id`]" in text  # the name the checker would choose
    assert 'check "Order Items_check"' in text  # a name it might not


def test_what_cannot_be_written_is_listed_and_left_out() -> None:
    arg = ir.FunctionArg(name="x", type=TypeRef(name="int4"))
    overloads = tuple(
        ir.Function(
            name="f",
            kind=ir.FunctionKind.FUNCTION,
            arguments=args,
            returns=ir.Returns(type=TypeRef(name="int4")),
            language="sql",
            body="SELECT 1",
        )
        for args in ((), (arg,))
    )
    grant = ir.Grant(
        target=ir.GrantTarget(
            kind=ir.GrantTargetKind.FUNCTION,
            name=ir.ObjectName(schema="app", name="f"),
            signature=(TypeRef(name="int4"),),
        ),
        grantee="app",
        privileges=("execute",),
    )
    kept = ir.Database(schemas=(ir.Schema(name="app", functions=overloads),))
    database = ir.Database(schemas=kept.schemas, grants=(grant,))
    notes = unwritable(database)
    assert len(notes) == 1
    assert "execute on function app.f to app" in notes[0]
    assert _written(database) == kept


def test_a_length_less_bit_is_listed() -> None:
    arg = ir.FunctionArg(name="b", type=TypeRef(name="bit"))
    function = ir.Function(
        name="f",
        kind=ir.FunctionKind.FUNCTION,
        arguments=(arg,),
        returns=ir.Returns(type=TypeRef(name="void")),
        language="sql",
        body="SELECT",
    )
    database = ir.Database(schemas=(ir.Schema(name="app", functions=(function,)),))
    assert any("bit" in note for note in unwritable(database))


def test_an_empty_database_is_an_empty_file() -> None:
    assert write_database(ir.Database()) == ""
    assert write_schemas(ir.Database()) == {}


def test_a_default_type_named_like_a_built_in_is_listed() -> None:
    enum = TypeRef(name="text", kind=TypeKind.ENUM)
    table = ir.Table(name="t", columns=(ir.Column(name="a", type=enum),))
    schema = ir.Schema(name=None, tables=(table,), enums=(ir.EnumType(name="text", values=("x",)),))
    notes = unwritable(ir.Database(schemas=(schema,)))
    assert any("the type text of the default schema" in note for note in notes)


def test_a_privilege_the_language_lacks_is_listed() -> None:
    table = ir.Table(name="t", columns=(ir.Column(name="a", type=TEXT),))
    target = ir.GrantTarget(kind=ir.GrantTargetKind.TABLE, name=ir.ObjectName(schema="s", name="t"))
    kept = ir.Grant(target=target, grantee="r", privileges=("select",))
    database = ir.Database(
        schemas=(ir.Schema(name="s", tables=(table,)),),
        grants=(ir.Grant(target=target, grantee="r", privileges=("maintain", "select")),),
    )
    assert unwritable(database) == [
        "grant of maintain, select on table s.t to r: the language has no maintain here"
    ]
    assert _written(database) == ir.Database(schemas=database.schemas, grants=(kept,))


def test_binding_keeps_grants_in_the_checkers_order() -> None:
    # Unbound, a grant on a default-schema object sorts before `platform` ("" first);
    # bound to `public`, after it, as the checker and the inspector sort it.
    def key(g: ir.Grant) -> tuple[str, str, str, str, tuple[str, ...], bool]:
        t = g.target
        return (
            t.kind.value,
            t.name.schema or "",
            t.name.name,
            g.grantee,
            g.columns,
            g.with_grant_option,
        )

    bound = _bound(_case_database("examples/saas"))
    assert {g.target.name.schema for g in bound.grants} >= {"platform", "public"}
    assert list(bound.grants) == sorted(bound.grants, key=key)
