"""Whatever the dependencies between objects, the compiled DDL loads: a property test.

Random schemas: tables with foreign keys in any direction (cycles, self references,
references to unique constraints), enums and domains over them, views over tables and
over other views, functions returning a table's row type and defaults calling them,
declared in a random order. Each compiles, and PostgreSQL takes the SQL as it is.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemac.check import check_sources
from schemac.dialects import get_dialect
from schemac.source import SourceFile


@st.composite
def schemas(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 5))
    blocks: list[str] = []
    blocks.append('enum "mood" { values = ["ok", "meh"] }')
    blocks.append('domain "small" {\n  type  = integer\n  check = sql("VALUE < 1000")\n}')
    blocks.append('domain "feeling" { type = mood }')
    for i in range(n):
        lines = [f'table "t{i}" {{', '  column "id" bigint', '  column "code" text']
        lines.append('  column "m" feeling?')
        lines.append('  column "s" small? { default = sql("f_size()") }')
        refs = draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))
        for r in refs:
            lines.append(f'  column "r{r}" bigint? {{ references = t{r}.id }}')
            lines.append(f"  index {{ on = [r{r}] }}")
        if draw(st.booleans()) and n > 1:
            target = draw(st.integers(0, n - 1))
            lines.append(f'  column "c{target}" text?')
            lines.append(
                f"  foreign_key {{\n    columns    = [c{target}]\n"
                f"    references = t{target}(code)\n  }}"
            )
            lines.append(f"  index {{ on = [c{target}] }}")
        lines += ["  primary_key = [id]", "  unique { columns = [code] }", "}"]
        blocks.append("\n".join(lines))
    views = draw(st.integers(0, 3))
    for j in range(views):
        sources = [f"t{i}" for i in range(n)] + [f"v{k}" for k in range(j)]
        source = draw(st.sampled_from(sources))
        blocks.append(f'view "v{j}" {{\n  as = "SELECT * FROM {source}"\n}}')
    blocks.append(
        'function "f_size" {\n  returns  = integer\n  language = sql\n  body     = "SELECT 1"\n}'
    )
    if draw(st.booleans()):
        blocks.append(
            'function "f_rows" {\n  returns  = setof t0\n  language = sql\n'
            '  body     = "SELECT * FROM t0"\n}'
        )
    order = draw(st.permutations(blocks))
    return "\n\n".join(order) + "\n"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=schemas())
def test_random_dependencies_load(text: str, pg_server) -> None:  # type: ignore[no-untyped-def]
    result = check_sources([SourceFile("random.schema", text)])
    errors = [d.message for d in result.diagnostics if d.is_error]
    assert result.database is not None, (errors, text)
    compiled = get_dialect("postgres").compile(result.database)
    assert compiled.sql is not None, compiled.diagnostics
    name = pg_server.create_database()
    try:
        pg_server.load(name, compiled.sql)
    finally:
        pg_server.drop_database(name)
