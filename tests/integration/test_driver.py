"""PostgreSQL's driver as commands see it: sessions with bounded waits, an advisory lock with a
timeout, and the server's refusals as driver-neutral errors."""

from __future__ import annotations

import pytest

from schemac.dialects import get_dialect
from schemac.dialects.driver import ConnectError, LockNotAvailable, NoSuchSchema, ServerError
from schemac.dialects.postgres.driver import PostgresSession


def _session(url: str) -> PostgresSession:
    session = get_dialect("postgres").driver().connect(url)
    assert isinstance(session, PostgresSession)
    return session


def _show(session: PostgresSession, setting: str) -> str:
    row = session.conn.execute(f"SHOW {setting}").fetchone()  # type: ignore[arg-type]
    assert row is not None
    return str(row[0])


def test_timeouts_for_the_session_and_for_a_transaction(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    with _session(pg_server.url_for(fresh_db)) as session:
        session.bound_lock_waits(1500)
        session.bound_statement_time(2000)
        assert (_show(session, "lock_timeout"), _show(session, "statement_timeout")) == (
            "1500ms",
            "2s",
        )
        with session.conn.transaction():
            session.bound_lock_waits(100, local=True)
            session.bound_statement_time(0, local=True)
            assert _show(session, "lock_timeout") == "100ms"
            assert _show(session, "statement_timeout") == "0"
        assert _show(session, "lock_timeout") == "1500ms"  # the transaction's ended with it


def test_an_advisory_lock_waits_at_most_the_lock_timeout(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url_for(fresh_db)
    waited: list[str] = []
    with _session(url) as first, _session(url) as second:
        with first.advisory_lock("schemac test"):
            second.bound_lock_waits(100)
            with pytest.raises(LockNotAvailable):
                second.advisory_lock("schemac test", lambda: waited.append("waiting"))
            assert waited == ["waiting"]
        with second.advisory_lock("schemac test", lambda: waited.append("again")):
            assert waited == ["waiting"]  # free: taken at once


def test_errors_are_driver_neutral(pg_server, fresh_db) -> None:  # type: ignore[no-untyped-def]
    driver = get_dialect("postgres").driver()
    url = pg_server.url_for(fresh_db)
    with pytest.raises(NoSuchSchema) as missing:
        driver.inspect(url, ["nowhere"])
    assert missing.value.missing == ("nowhere",)
    assert "public" in missing.value.known
    with pytest.raises(ConnectError) as refused:
        driver.connect(pg_server.url_for("schemac_no_such_database"))
    assert "database schemac_no_such_database does not exist" in str(refused.value)
    with _session(url) as session, pytest.raises(ServerError) as failed:
        session.bound_lock_waits(-1)
    assert "lock_timeout" in str(failed.value)
