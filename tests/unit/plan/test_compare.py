"""The attributes changes name, the comparer a dialect may refine, and the helpers' style."""

from __future__ import annotations

import dataclasses

import pytest

from schemac.dialects.postgres.plan.planner import plan_changes
from schemac.diff import ChangeKind, ObjectKind, diff_databases
from schemac.diff.compare import COMPARER, IGNORED, Comparer, differing, same
from schemac.ir import model as m
from schemac.ir.types import TypeKind, TypeRef
from tests.unit.plan.cases import FOLDER, _parse, _text, load_cases
from tests.unit.plan.helpers import POSTGRES, assert_changes, assert_plan, changes, plan, state

INT = TypeRef(name="int4", kind=TypeKind.BUILTIN)
BIG = TypeRef(name="int8", kind=TypeKind.BUILTIN)


def _table(*columns: str) -> str:
    return 'table "t" {\n' + "".join(f"  {c}\n" for c in columns) + "}\n"


# ---------------------------------------------------------------------------- the comparer


def test_differing_names_the_fields_that_differ() -> None:
    old = m.Column(name="a", type=INT)
    new = m.Column(name="a", type=BIG, nullable=True, comment="x")
    assert differing(old, new) == {"type", "nullable", "comment"}
    assert differing(old, new, parts=["comment"]) == {"type", "nullable"}
    assert not same(old, new)
    assert same(old, old)


def test_what_takes_no_part_is_never_an_attribute() -> None:
    old = m.Column(name="a", type=INT)
    new = dataclasses.replace(old, renamed_from="b")
    assert differing(old, new) == frozenset()
    assert {"renamed_from", "origin"} <= IGNORED


def test_a_tables_attributes_leave_out_what_is_in_it() -> None:
    old = m.Table(name="t", columns=(m.Column(name="a", type=INT),))
    new = dataclasses.replace(old, columns=(), comment="c", unlogged=True)
    assert COMPARER.attributes(ObjectKind.TABLE, old, new) == {"comment", "unlogged"}


def test_a_partitions_own_indexes_are_not_its_attributes() -> None:
    index = m.Index(name="i", elements=(m.IndexElement(column="a"),))
    old = m.Partition(name="p", bound=m.PartitionBound(is_default=True))
    new = dataclasses.replace(old, indexes=(index,))
    assert COMPARER.attributes(ObjectKind.PARTITION, old, new) == frozenset()


def test_postgresql_compares_the_models_fields() -> None:
    assert POSTGRES.comparer() is COMPARER


def test_a_refined_comparer_changes_what_differs() -> None:
    def without_comment(old: m.Column, new: m.Column) -> frozenset[str]:
        return differing(old, new, parts=["comment"])

    old = _table('column "a" integer')
    new = _table('column "a" integer { comment = "x" }')
    refined = COMPARER.refined(ObjectKind.COLUMN, without_comment)
    assert [c.attributes for c in changes(old, new)] == [{"comment"}]
    assert changes(old, new, comparer=refined) == []
    assert COMPARER.attributes(ObjectKind.COLUMN, *_columns(old, new)) == {"comment"}


def _columns(old: str, new: str) -> tuple[m.Column, m.Column]:
    a, b = state(old), state(new)
    return a.schemas[0].tables[0].columns[0], b.schemas[0].tables[0].columns[0]


def test_a_refined_comparer_pairs_equivalent_constraints_by_its_rule() -> None:
    # A comparer that sees no difference in a check's expression pairs two checks that
    # differ in name only by its rule: renamed, not dropped and added.
    def expression_blind(old: m.CheckConstraint, new: m.CheckConstraint) -> frozenset[str]:
        return differing(old, new, parts=["expression"])

    old = _table('column "a" integer', 'check "c1" { expr = sql("a > 0") }')
    new = _table('column "a" integer', 'check "c2" { expr = sql("a >= 1") }')
    blind = Comparer().refined(ObjectKind.CHECK, expression_blind)
    assert [c.kind for c in changes(old, new)] == [ChangeKind.DROP, ChangeKind.ADD]
    assert [c.kind for c in changes(old, new, comparer=blind)] == [ChangeKind.RENAME]


def test_the_planner_renders_what_a_change_names() -> None:
    old, new = state(_table('column "a" integer')), state(_table('column "a" bigint?'))
    [change] = diff_databases(old, new)
    assert change.attributes == {"nullable", "type"}
    narrowed = dataclasses.replace(change, attributes=frozenset({"nullable"}))
    statements = plan_changes([narrowed], old, new).statements
    assert [s.sql for s in statements] == ["ALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;"]


def test_changes_say_what_they_are() -> None:
    """In every case: ADD and DROP name no attribute, ALTER one but the name, RENAME the name."""
    for case in load_cases():
        old, new = case.states()
        try:
            found = changes(old, new, schema=case.option("schema") or None)
        except AttributeError:  # a view's column names (see those cases)
            assert case.xfail is not None, case.id
            continue
        for change in found:
            attributes = change.attributes
            if change.kind in (ChangeKind.ADD, ChangeKind.DROP):
                assert attributes == frozenset(), (case.id, change)
            elif change.kind is ChangeKind.ALTER:
                assert attributes - {"name"}, (case.id, change)
            elif change.object is not ObjectKind.FUNCTION:  # an overload keeps its name
                assert "name" in attributes, (case.id, change)
            assert not attributes & IGNORED, (case.id, change)


# ---------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("integer", "bigint", "type"),
        ("integer", "integer?", "nullable"),
        ("integer", "bigint?", "nullable, type"),
        ("integer", "integer { default = 1 }", "default"),
        ("integer", "integer { identity = always }", "identity"),
        ("integer", 'integer { comment = "x" }', "comment"),
        ("text", 'text { collation = "C" }', "collation"),
        ("integer", 'integer { generated = sql("1") }', "generated"),
        ("integer?", 'bigint { default = 0, comment = "x" }', "comment, default, nullable, type"),
    ],
)
def test_a_column_change_names_its_attributes(old: str, new: str, expected: str) -> None:
    before, after = _table(f'column "a" {old}'), _table(f'column "a" {new}')
    assert_changes(before, after, [f"~ column public.t.a: {expected}"])


def test_a_rename_names_the_name() -> None:
    old, new = _table('column "a" text'), _table('column "b" text { renamed_from = "a" }')
    assert_changes(old, new, ["> column public.t.a -> b: name"])


def test_a_new_name_without_renamed_from_is_a_drop_and_an_add() -> None:
    old, new = _table('column "a" text'), _table('column "b" text')
    assert_changes(old, new, ["- column public.t.a", "+ column public.t.b"])


_ALTER = "ALTER TABLE public.t ALTER COLUMN a"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("text?", "text?", ""),
        ("text", "text?", f"{_ALTER} DROP NOT NULL;"),
        ("text", 'text { default = "x" }', f"{_ALTER} SET DEFAULT 'x';"),
        ('text { comment = "x" }', "text", "COMMENT ON COLUMN public.t.a IS NULL;"),
    ],
)
def test_assert_plan(old: str, new: str, expected: str) -> None:
    assert_plan(_table(f'column "a" {old}'), _table(f'column "a" {new}'), expected)


def test_plan_for_another_schema() -> None:
    text = plan(_table('column "a" text'), _table('column "a" text?'), schema="tenant")
    assert text == "ALTER TABLE tenant.t ALTER COLUMN a DROP NOT NULL;\n"


def test_case_files_read_back_as_written() -> None:
    """What --update-goldens writes is what the files hold: nothing is lost in between."""
    for path in sorted(FOLDER.glob("*.cases")):
        header, cases = _parse(path)
        text = (f"{header}\n\n" if header else "") + "\n\n".join(_text(c) for c in cases) + "\n"
        assert text == path.read_text(encoding="utf-8"), path.name
