"""Golden inspect cases, discovered from folders (a new case needs no Python), judged by PostgreSQL.

inspect/<case>/ under tests/golden holds `input.sql`, loaded with psql into a fresh
database (grants may name the role `schemac_reader`); `expected.schema`, what
`schemac inspect` prints of it; `expected.err`, its warnings; and optionally `to.schema`
with `expected.sql`, what `schemac diff` plans from the database to those files
(`pytest --update-goldens` rewrites the expected files). For each case:

- what inspect prints checks without a diagnostic, and compiles to SQL that loads into
  an empty database; and `apply` from the database to it has nothing to do (nothing
  the language cannot express is dropped or changed). Unless a warning names something
  kept that needs an object left out: then the text does not check, or its SQL does
  not load, as the warning says;
- with `to.schema`, the diff is the golden text (what it leaves alone and the hazards
  of what it takes along included).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from schemac.check import check_sources
from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects import get_dialect
from schemac.source import SourceFile
from tests.pg import LoadError

ROOT = Path(__file__).resolve().parents[1] / "golden" / "inspect"
_KEPT = "(kept: that SQL loads only where this exists)"


def _cases() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if (p / "input.sql").exists())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_inspect(case: Path, pg_server: Any, fresh_db: str, golden: Any, tmp_path: Path) -> None:
    pg_server.ensure_roles(["schemac_reader"])
    pg_server.load(fresh_db, (case / "input.sql").read_text(encoding="utf-8"))
    url = pg_server.url_for(fresh_db)
    out, err = io.StringIO(), io.StringIO()
    assert inspect_command(url, out=out, err=err) == 0, err.getvalue()
    text, warnings = out.getvalue(), err.getvalue()
    golden(case / "expected.schema", text)
    golden(case / "expected.err", warnings)

    if _KEPT in warnings:
        # Something kept needs what is left out: the text does not check (an unknown
        # type), or its SQL does not load, exactly as the warning says.
        assert not _loads(pg_server, text)
    else:
        assert _loads(pg_server, text)
        written = tmp_path / "inspected.schema"
        written.write_text(text, encoding="utf-8")
        applied, refused = io.StringIO(), io.StringIO()
        assert apply_command(url, str(written), dry_run=True, out=applied, err=refused) == 0
        assert applied.getvalue() == f"No changes: the database matches {written}.\n"

    target = case / "to.schema"
    if target.exists():
        planned, why = io.StringIO(), io.StringIO()
        assert diff_command(url, str(target), out=planned, err=why) == 0, why.getvalue()
        golden(case / "expected.sql", planned.getvalue())


def _loads(pg_server: Any, text: str) -> bool:
    """Whether the text checks cleanly and its SQL loads into an empty database."""
    checked = check_sources([SourceFile("inspected.schema", text)])
    if checked.database is None:
        return False
    assert not checked.diagnostics, [d.message for d in checked.diagnostics]
    compiled = get_dialect("postgres").compile(checked.database)
    assert compiled.sql is not None, compiled.diagnostics
    empty = pg_server.create_database()
    try:
        pg_server.load(empty, compiled.sql)
    except LoadError:
        return False
    finally:
        pg_server.drop_database(empty)
    return True
