"""Passwords never leave the process: every form of connection string libpq accepts (and
some it refuses), through the real commands, on success and on every kind of failure.

Each password holds `S3cret`; no output may. Two layers are tested apart: the commands'
own masking (called as functions, writing to buffers), and the CLI as a user runs it,
which also filters what it writes.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from psycopg.conninfo import conninfo_to_dict

from schemac import cli
from schemac.commands.apply import apply_command
from schemac.commands.diff import diff_command
from schemac.commands.inspect import inspect_command
from schemac.dialects.postgres.connect import mask_url, url_secrets
from schemac.redact import RedactingStream, redact
from tests.integration.fake_pg import refusing_server

MARK = "S3cret"

Where = tuple[str, str, str, str]  # host, port, database, user


def _url(where: Where, password: str, *, scheme: str = "postgresql") -> str:
    host, port, dbname, user = where
    return f"{scheme}://{quote(user, safe='')}:{password}@{quote(host, safe='')}:{port}/{dbname}"


def _keywords(where: Where, password_part: str) -> str:
    host, port, dbname, user = where
    return f"host={host} port={port} {password_part} user={user} dbname={dbname}"


# Each form of connection string, built for a server, and whether libpq can use it.
FORMS: dict[str, tuple[Callable[[Where], str], bool]] = {
    "url with #": (lambda w: _url(w, f"{MARK}#1"), True),
    "url with :": (lambda w: _url(w, f"{MARK}:1"), True),
    "url with ?": (lambda w: _url(w, f"{MARK}?1"), True),
    "url with percent-escapes": (lambda w: _url(w, f"{MARK}%2F%40%23%25"), True),
    "url with /": (lambda w: _url(w, f"{MARK}/1"), False),
    "url with @": (lambda w: _url(w, f"p@{MARK}"), False),
    "url with / and @": (lambda w: _url(w, f"a/{MARK}@b"), False),
    "upper-case scheme": (lambda w: _url(w, MARK, scheme="POSTGRESQL"), True),
    "mixed-case scheme": (lambda w: _url(w, MARK, scheme="Postgres"), True),
    "query password": (
        lambda w: (
            f"postgresql://{quote(w[0], safe='')}:{w[1]}/{w[2]}"
            f"?user={w[3]}&password={MARK}%231&sslmode=disable"
        ),
        True,
    ),
    "query password misspelt": (
        lambda w: f"postgresql://{quote(w[0], safe='')}:{w[1]}/{w[2]}?pasword={MARK}",
        False,
    ),
    "key=value": (lambda w: _keywords(w, f"password={MARK}#1"), True),
    "key = value": (lambda w: _keywords(w, f"password = {MARK}"), True),
    "key=value quoted": (lambda w: _keywords(w, f"password='{MARK} x\\' y'"), True),
    "key=value without =": (lambda w: _keywords(w, f"password {MARK}"), False),
    "key=value misspelt": (lambda w: _keywords(w, f"pasword={MARK}"), False),
    "key=value passwd": (lambda w: _keywords(w, f"passwd='{MARK} 2'"), False),
}


def _where(url: str) -> Where:
    params = conninfo_to_dict(url)
    user = str(params.get("user") or "postgres")
    return str(params.get("host") or "127.0.0.1"), str(params.get("port") or 5432), "x", user


@pytest.fixture(scope="module")
def server(pg_server) -> Iterator[Where]:  # type: ignore[no-untyped-def]
    name = pg_server.create_database()
    host, port, _, user = _where(pg_server.url_for(name))
    if "user" not in conninfo_to_dict(pg_server.url_for(name)):
        with pg_server.connect() as conn:
            user = conn.info.user
    yield host, port, name, user
    pg_server.drop_database(name)


def _no_secret(out: str, err: str) -> None:
    assert MARK not in out
    assert MARK not in err
    assert "Traceback" not in err


def _schema(tmp_path: Path) -> str:
    path = tmp_path / "s.schema"
    path.write_text('table "t" {\n  column "id" bigint\n}\n')
    return str(path)


# ---------------------------------------------------------------------------- the commands


def _inspect(url: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return inspect_command(url, out=out, err=err), out.getvalue(), err.getvalue()


def _diff(source: str, target: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return diff_command(source, target, out=out, err=err), out.getvalue(), err.getvalue()


def _apply(url: str, target: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = apply_command(url, target, auto_approve=True, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_reachable_server(server: Where, form: str) -> None:
    build, usable = FORMS[form]
    url = build(server)
    code, out, err = _inspect(url)
    _no_secret(out, err)
    assert code == (0 if usable else 1), err
    code, out, err = _diff(url, url)
    _no_secret(out, err)
    assert (code, out) == ((0, "") if usable else (1, ""))
    code, out, err = _apply(url, url)
    _no_secret(out, err)
    if usable:  # the success message names the state
        assert (code, out) == (0, f"No changes: the database matches {mask_url(url)}.\n")
        assert "***" in out
    else:
        assert code == 1
        assert err.startswith("error: cannot read the URL ")
        assert err.count("\n") == 1


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_wrong_password(server: Where, form: str, tmp_path: Path) -> None:
    build, usable = FORMS[form]
    with refusing_server() as port:
        url = build(("127.0.0.1", str(port), "app", "alice"))
        results = [_inspect(url), _apply(url, _schema(tmp_path)), _diff(build(server), url)]
    for code, out, err in results:
        _no_secret(out, err)
        assert (code, out) == (1, "")
        if usable:
            assert "authentication failed for user alice (wrong password?)" in err


@pytest.mark.parametrize("form", sorted(FORMS))
def test_an_unreachable_server(form: str, tmp_path: Path) -> None:
    build, usable = FORMS[form]
    url = build(("127.0.0.1", "1", "app", "bob"))
    for code, out, err in (_diff(url, _schema(tmp_path)), _apply(url, url)):
        _no_secret(out, err)
        assert (code, out) == (1, "")
        if usable:
            assert "connection refused" in err


def test_a_url_that_is_not_one_is_masked_too(server: Where) -> None:
    # Not a URL to diff (no dbname=), so read as a path that does not exist.
    code, out, err = _diff(f"host=127.0.0.1 password={MARK}", FORMS["url with #"][0](server))
    assert (code, out) == (1, "")
    assert err == (
        "error: host=127.0.0.1 password=***: no such file or directory,"
        " and not a postgresql:// URL\n"
    )
    code, out, err = _apply(f"host=x password={MARK}", "s.schema")
    assert (code, out, err) == (
        1,
        "",
        "error: --url must be a postgresql:// URL, not host=x password=***\n",
    )


# ---------------------------------------------------------------------------- the CLI


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run `schemac ARGS` in this process, through click, as a user does."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.StringIO())

    def leave(code: int) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        raise SystemExit(code)

    monkeypatch.setattr(cli, "_exit", leave)
    with pytest.raises(SystemExit) as done:
        cli.main.main(list(args), prog_name="schemac")
    sys.stdout.flush()
    sys.stderr.flush()
    code = done.value.code
    return (code if isinstance(code, int) else 1), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_cli(server: Where, form: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build, usable = FORMS[form]
    url = build(server)
    with refusing_server() as port:
        refused = build(("127.0.0.1", str(port), "app", "alice"))
        runs = [
            ("inspect", "--url", url),
            ("inspect", f"--url={url}", "--format", "sql"),
            ("diff", "--from", url, "--to", url),
            ("diff", "--from", refused, "--to", _schema(tmp_path)),
            ("apply", "--url", url, "--to", url, "--auto-approve"),
            ("apply", "--url", refused, "--to", url, "--dry-run"),
            ("apply", "--url", url, "--to", url, "--lock-timeout", "soon"),  # a usage error
        ]
        for args in runs:
            code, out, err = _cli(monkeypatch, *args)
            monkeypatch.undo()
            _no_secret(out, err)
            assert code in (0, 1, 2)
    code, out, _ = _cli(monkeypatch, "apply", "--url", url, "--to", url, "--auto-approve")
    monkeypatch.undo()
    if usable:
        assert (code, out) == (0, f"No changes: the database matches {mask_url(url)}.\n")


def _schemac(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemac", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
    )


def test_the_real_process(server: Where) -> None:
    for command, form in (
        ("apply", "url with #"),  # the success message
        ("apply", "upper-case scheme"),
        ("inspect", "url with /"),
        ("inspect", "key=value without ="),
    ):
        build, usable = FORMS[form]
        url = build(server)
        target = ("--to", url) if command == "apply" else ()
        done = _schemac(command, "--url", url, *target)
        _no_secret(done.stdout, done.stderr)
        assert done.returncode == (0 if usable else 1)


# ---------------------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://u:S3cret#1@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:S3cret/1@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:p@S3cret@h/db?sslmode=disable", "postgresql://u:***@h/db?sslmode=disable"),
        ("POSTGRESQL://u:S3cret@h/db", "POSTGRESQL://u:***@h/db"),
        ("postgres://h/db?password=S3cret&user=u", "postgres://h/db?password=***&user=u"),
        ("postgres://h/db?user=u&PassWord=S3cret", "postgres://h/db?user=u&PassWord=***"),
        (
            "postgresql://u:pw@h/db?application_name=a@b",
            "postgresql://u:***@h/db?application_name=a@b",
        ),
        ("host=h password S3cret user=u", "host=h password *** user=u"),
        ("host=h pasword=S3cret", "host=h pasword=***"),
        ("host=h password='S3 cret' user=u", "host=h password=*** user=u"),
        ("password=S3cret host=h", "password=*** host=h"),
        ("schema/dir", "schema/dir"),
        ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_url_secrets_cover_what_libpq_misreads() -> None:
    # libpq reads host `u`, port `S3cret`, database `1@h/db`: its error would say `S3cret`.
    assert {"S3cret/1", "S3cret"} <= url_secrets("postgresql://u:S3cret/1@h/db")
    assert {"p@S3cret", "S3cret"} <= url_secrets("postgresql://u:p@S3cret@h/db")
    assert "S3/cr@t" in url_secrets("postgresql://u:S3%2Fcr%40t@h/db")
    assert "S3 c'x" in url_secrets("host=h password='S3 c\\'x'")


def test_the_filter_holds_a_line_until_it_is_whole() -> None:
    inner = io.StringIO()
    stream = RedactingStream(inner, {"S3cret#1"})
    stream.write("cannot connect to u:S3c")
    stream.write("ret#1@h\nnext ")
    assert inner.getvalue() == "cannot connect to u:***@h\n"
    stream.write("S3cret#1")
    stream.flush()
    assert inner.getvalue() == "cannot connect to u:***@h\nnext ***"
    assert redact("ab and abc", {"ab"}) == "ab and abc"  # too short to hide anything


def test_pgpassword_is_filtered(server: Where) -> None:
    import os

    env = {**os.environ, "PGPASSWORD": f"{MARK}-env"}
    host, port, _, user = server
    # A misspelt key: libpq quotes nothing of it, but schemac's message would show it.
    done = _schemac(
        "inspect", "--url", f"host={host} port={port} user={user} x={MARK}-env", env=env
    )
    assert done.returncode == 1
    _no_secret(done.stdout, done.stderr)


def test_install_filters_standard_error_and_the_servers_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from schemac import redact as module

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(module, "_installed", ())
    # As for `schemac lsp`: its standard output carries the protocol and is left alone.
    module.install({f"{MARK}-pw", "ab"}, {"postgresql"}, stdout=False)
    assert sys.stdout is out
    sys.stderr.write(f"schemac lsp: ERROR connection {MARK}-pw refused\n")
    assert err.getvalue() == "schemac lsp: ERROR connection *** refused\n"
    assert module.hide(f"a traceback quoting {MARK}-pw, ab") == "a traceback quoting ***, ab"
