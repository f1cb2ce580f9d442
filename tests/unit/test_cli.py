"""The command line: exit codes, output formats and errors for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from schemac.cli import check_command, fmt_command

GOOD = 'table "t" {\n  column "id" bigint { identity = always }\n  primary_key = [id]\n}\n'
BAD = 'table "t" {\n  column "id" bigint\n  primary_key = [idd]\n}\n'


def _run_check(*paths: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = check_command(paths, out=out, err=err, color="never", **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_check_ok(tmp_path: Path) -> None:
    (tmp_path / "a.schema").write_text(GOOD)
    code, out, _ = _run_check(str(tmp_path / "a.schema"))
    assert code == 0
    assert out == "1 schema checked: no problems\n"


def test_check_errors(tmp_path: Path) -> None:
    (tmp_path / "a.schema").write_text(BAD)
    code, out, _ = _run_check(str(tmp_path / "a.schema"))
    assert code == 1
    assert "error[E0401]: unknown column `idd` in `t`" in out
    assert f"--> {tmp_path / 'a.schema'}:3:18" in out
    assert "did you mean `id`?" in out
    assert out.endswith("error: found 1 error\n")
    assert "\x1b[" not in out


def test_check_json(tmp_path: Path) -> None:
    (tmp_path / "a.schema").write_text(BAD)
    code, out, _ = _run_check(str(tmp_path / "a.schema"), output_format="json")
    assert code == 1
    (item,) = json.loads(out)
    assert item["code"] == "E0401"
    assert item["severity"] == "error"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (3, 18, 3, 21)
    assert item["file"].endswith("a.schema")
    assert item["help"] == "did you mean `id`?"
    assert item["labels"][0]["primary"] is True


def test_directory_is_one_schema(tmp_path: Path) -> None:
    (tmp_path / "a.schema").write_text(
        'table "a" {\n  column "id" bigint\n  primary_key = [id]\n}\n'
    )
    (tmp_path / "b.schema").write_text(
        'table "b" {\n  column "a_id" bigint { references = a.id }\n  index { on = [a_id] }\n}\n'
    )
    code, out, _ = _run_check(str(tmp_path))
    assert (code, out) == (0, "1 schema checked: no problems\n")


def test_each_path_is_its_own_schema(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.schema").write_text(GOOD)
    code, out, _ = _run_check(str(tmp_path / "a.schema"), str(tmp_path / "b.schema"))
    assert (code, out) == (0, "2 schemas checked: no problems\n")


def test_bad_paths(tmp_path: Path) -> None:
    code, _, err = _run_check(str(tmp_path / "missing.schema"))
    assert code == 1
    assert err == f"error: {tmp_path / 'missing.schema'}: no such file or directory\n"
    (tmp_path / "empty").mkdir()
    code, _, err = _run_check(str(tmp_path / "empty"))
    assert code == 1
    assert "no .schema files in this directory" in err
    (tmp_path / "latin1.schema").write_bytes(b'comment = "caf\xe9"\n')
    code, _, err = _run_check(str(tmp_path / "latin1.schema"))
    assert code == 1
    assert "latin1.schema:1: not valid UTF-8" in err


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    (tmp_path / "w.schema").write_text(
        'table "a" {\n  column "id" bigint\n  primary_key = [id]\n}\n'
        'table "b" {\n  column "a_id" bigint { references = a.id }\n}\n'
    )
    code, out, _ = _run_check(str(tmp_path / "w.schema"))
    assert code == 0
    assert "warning[W0501]" in out
    code, out, _ = _run_check(str(tmp_path / "w.schema"), warnings=False)
    assert "warning" not in out


def test_fmt_check_diff_and_write(tmp_path: Path) -> None:
    path = tmp_path / "a.schema"
    path.write_text('table "t" {\ncolumn "id" bigint\n}\n')
    out, err = io.StringIO(), io.StringIO()
    assert fmt_command([str(path)], check=True, out=out, err=err, color="never") == 1
    assert f"would reformat {path}" in out.getvalue()
    out = io.StringIO()
    assert fmt_command([str(path)], diff=True, out=out, err=err, color="never") == 1
    assert '+  column "id" bigint' in out.getvalue()
    out = io.StringIO()
    assert fmt_command([str(path)], out=out, err=err, color="never") == 0
    assert path.read_text() == 'table "t" {\n  column "id" bigint\n}\n'
    out = io.StringIO()
    assert fmt_command([str(path)], check=True, out=out, err=err, color="never") == 0
    assert out.getvalue() == "1 file already formatted\n"


def test_fmt_refuses_broken_files(tmp_path: Path) -> None:
    path = tmp_path / "a.schema"
    path.write_text('table "t" {\n')
    out, err = io.StringIO(), io.StringIO()
    assert fmt_command([str(path)], out=out, err=err, color="never") == 1
    assert "error[E0002]" in err.getvalue()
    assert path.read_text() == 'table "t" {\n'


def test_fmt_stdin() -> None:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("a=1\n")
    assert fmt_command(["-"], stdin=stdin, out=out, err=err, color="never") == 0
    assert out.getvalue() == "a = 1\n"


def test_console_script_and_module() -> None:
    for command in (["schemac"], [sys.executable, "-m", "schemac"]):
        exe = Path(sys.executable).parent / command[0] if command == ["schemac"] else None
        argv = [str(exe), "--version"] if exe else [*command, "--version"]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        assert done.returncode == 0
        assert done.stdout.startswith("schemac, version")


def test_no_traceback_on_bad_usage(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schemac", "check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2  # click's usage error
    assert "Traceback" not in done.stderr
