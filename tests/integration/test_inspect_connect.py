"""`schemac inspect` on connections that fail: one line each, exit 1, the password masked."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from schemac.commands.inspect import inspect_command
from schemac.dialects.postgres.connect import mask_url
from tests.integration.fake_pg import refusing_server

SECRET = "s3cr3t-Pa55"


def _run(url: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = inspect_command(url, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 1
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1, err
    assert SECRET not in err
    return err


def test_wrong_password() -> None:
    with refusing_server() as port:
        err = _one_line_error(*_run(f"postgresql://alice:{SECRET}@127.0.0.1:{port}/app"))
    assert err == (
        f"error: cannot connect to postgresql://alice:***@127.0.0.1:{port}/app:"
        " authentication failed for user alice (wrong password?)\n"
    )


def test_no_password() -> None:
    with refusing_server() as port:
        err = _one_line_error(*_run(f"postgresql://alice@127.0.0.1:{port}/app"))
    assert "the server asks for a password, and the URL gives none" in err


def test_refused() -> None:
    err = _one_line_error(*_run(f"postgresql://bob:{SECRET}@127.0.0.1:1/app"))
    assert err == (
        "error: cannot connect to postgresql://bob:***@127.0.0.1:1/app: connection refused"
        " (is the server running, and on that host and port?)\n"
    )


def test_unknown_database(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url_for("schemac_no_such_database")
    err = _one_line_error(*_run(url))
    assert "database schemac_no_such_database does not exist" in err


def test_unknown_role(pg_server) -> None:  # type: ignore[no-untyped-def]
    if pg_server.embedded is not None:
        pytest.skip("the embedded server connects through a socket as its own user")
    err = _one_line_error(*_run(f"postgresql://no_such_role_x:{SECRET}@127.0.0.1:5432/postgres"))
    assert "role no_such_role_x does not exist" in err


def test_tls_required_but_not_offered(pg_server) -> None:  # type: ignore[no-untyped-def]
    if pg_server.embedded is not None:
        pytest.skip("TLS is about TCP connections; the embedded server listens on a socket")
    with pg_server.connect() as conn:
        if conn.execute("SHOW ssl").fetchone() == ("on",):
            pytest.skip("this server offers TLS")
    err = _one_line_error(*_run(f"postgresql://x:{SECRET}@127.0.0.1:5432/postgres?sslmode=require"))
    assert "TLS failed: server does not support SSL, but SSL was required" in err


def test_unreadable_url() -> None:
    err = _one_line_error(*_run(f"host=x password={SECRET} not-a-pair"))
    assert err.startswith("error: cannot read the URL host=x password=*** not-a-pair:")


def test_unknown_schema(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _run(pg_server.url_for(fresh_db), schemas=["nope"])
    assert (code, out) == (1, "")
    assert err.startswith("error: no schema nope in ")
    assert err.endswith("(its schemas: public)\n")


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://bob:pw@db:5432/app", "postgresql://bob:***@db:5432/app"),
        (
            "postgres://bob:p%40w@db/app?sslmode=require",
            "postgres://bob:***@db/app?sslmode=require",
        ),
        ("postgresql://u:p@w@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://db/app?password=pw&sslmode=require",
            "postgresql://db/app?password=***&sslmode=require",
        ),
        ("host=db password=pw user=bob", "host=db password=*** user=bob"),
        ("host=db password='p w' user=bob", "host=db password=*** user=bob"),
        ("postgresql://bob@db/app", "postgresql://bob@db/app"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_the_real_command_never_shows_a_traceback() -> None:
    with refusing_server() as port:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemac",
                "inspect",
                "--url",
                f"postgresql://a:{SECRET}@127.0.0.1:{port}/x",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert SECRET not in done.stderr
    assert "authentication failed for user a" in done.stderr
