"""What the language cannot express is left alone by plans, on hand-built models.

(tests/integration/test_unmanaged_pg.py does the same against PostgreSQL; here the
cases a PostgreSQL 15 cannot make: a privilege it lacks.)
"""

from __future__ import annotations

from schemac.commands.diff import make_plan
from schemac.commands.states import State
from schemac.dialects.postgres.plan.unmanaged import unmanaged_hazards
from schemac.ir import model as ir
from schemac.ir.types import TypeKind, TypeRef
from schemac.plan import HazardKind, Statement
from schemac.writer import unwritable_objects

TEXT = TypeRef(name="text", kind=TypeKind.BUILTIN)
TABLE = ir.Table(name="t", columns=(ir.Column(name="a", type=TEXT),))
TARGET = ir.GrantTarget(kind=ir.GrantTargetKind.TABLE, name=ir.ObjectName(schema="s", name="t"))
# PostgreSQL 17's MAINTAIN: the language has no word for it, so the files say `select`.
MAINTAIN = ir.Grant(target=TARGET, grantee="r", privileges=("maintain", "select"))
SELECT = ir.Grant(target=TARGET, grantee="r", privileges=("select",))


def _database(*grants: ir.Grant) -> ir.Database:
    return ir.Database(schemas=(ir.Schema(name="s", tables=(TABLE,)),), grants=grants)


def test_what_the_text_cannot_say_is_about_its_object() -> None:
    (found,) = unwritable_objects(_database(MAINTAIN))
    assert found.path == MAINTAIN.path
    assert (
        found.what
        == "grant of maintain, select on table s.t to r: the language has no maintain here"
    )


def test_a_plan_leaves_it_alone_and_says_so() -> None:
    live = State(text="postgresql:///db", url="postgresql:///db", database=_database(MAINTAIN))
    files = State(text="db.schema", url=None, database=_database(SELECT))
    plan = make_plan(live, files)
    assert plan.empty  # no REVOKE MAINTAIN: the files could not say it
    assert plan.left_alone == (
        "alter grant on table s.t to r (grant of maintain, select on table s.t to r:"
        " the language has no maintain here)",
    )
    # Files are what they say: against them, nothing is left alone.
    assert make_plan(files, files).left_alone == ()


def test_dropping_what_it_belongs_to_is_a_hazard() -> None:
    rule = ir.Unmanaged(
        what="rule s.v.r",
        schema="s",
        within=ir.ObjectPath(kind="view", schema="s", parent=None, name="v"),
    )
    aggregate = ir.Unmanaged(what="aggregate s.agg", schema="s")
    statements = [
        Statement(sql="DROP VIEW s.v;", summary="- view s.v"),
        Statement(sql="DROP SCHEMA s;", summary="- schema s"),
        Statement(sql="DROP VIEW s.w;", summary="- view s.w"),
    ]
    view, schema, other = unmanaged_hazards(statements, [rule, aggregate])
    assert [(h.kind, h.message) for h in view.hazards] == [
        (
            HazardKind.DATA_LOSS,
            "rule s.v.r goes with it, not made again: the language cannot express it",
        )
    ]
    assert [(h.kind, h.message) for h in schema.hazards] == [
        (
            HazardKind.DATA_DEPENDENT,
            "fails while the schema holds aggregate s.agg, which schemac leaves alone",
        )
    ]
    assert other == statements[2]
