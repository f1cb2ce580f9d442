"""Connecting to PostgreSQL: URLs with their password masked, one-line errors, bounded waits.

Every command that talks to a server connects here, so a password never reaches
output or logs, a failed connection is one clear line, every wait is bounded
(connecting by `CONNECT_TIMEOUT`, every lock by the command's `--lock-timeout`, set with
`bounded_waits`), and an interrupt cancels whatever runs on every connection. Where the
password is, is libpq's own reading of the string (psycopg's conninfo functions), and,
for a string libpq misreads or refuses (a `/` or `@` left unescaped in a URL's password,
a misspelt key), the reading a person would give it: whatever might be a password is
masked, never shown.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from schemac import interrupt
from schemac.dialects.driver import ConnectError  # one line for people, the password masked
from schemac.redact import redact

# Seconds to wait for a server to accept a connection (libpq's connect_timeout).
CONNECT_TIMEOUT = 10

# The longest a statement waits for a lock, in milliseconds (0: no limit): the command's
# --lock-timeout. A context variable, so that commands run side by side (in threads, in
# tests) each keep their own; `interrupt.Workers` carries it into worker threads.
_LOCK_TIMEOUT: ContextVar[int] = ContextVar("lock_timeout_ms", default=5000)

# psycopg logs a warning when a cancelled query leaves a connection in a bad state; the
# command reports the interrupt itself, in one line.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False


@contextmanager
def bounded_waits(lock_timeout_ms: int) -> Iterator[None]:
    """Connections opened in this block wait at most ``lock_timeout_ms`` for any lock."""
    token = _LOCK_TIMEOUT.set(lock_timeout_ms)
    try:
        yield
    finally:
        _LOCK_TIMEOUT.reset(token)


# Every connection open, so that an interrupt can cancel what each one runs. A plain
# dict: copying its values is one step the signal handler cannot see half-done.
_OPEN: dict[int, psycopg.Connection[Any]] = {}


def _cancel_all() -> None:
    for conn in list(_OPEN.values()):
        if not conn.closed and conn.pgconn.transaction_status == TransactionStatus.ACTIVE:
            with suppress(Exception):  # the process is ending: cancel the others
                conn.cancel_safe(timeout=2)


interrupt.on_interrupt(_cancel_all)


def _track(conn: psycopg.Connection[Any]) -> None:
    for key, other in list(_OPEN.items()):
        if other.closed:
            _OPEN.pop(key, None)
    _OPEN[id(conn)] = conn


__all__ = [
    "CONNECT_TIMEOUT",
    "ConnectError",
    "bounded_waits",
    "connect",
    "connect_second",
    "libpq_form",
    "mask_url",
    "url_secrets",
    "url_shown",
]

MASK = "***"
_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_LIBPQ_SCHEMES = ("postgresql", "postgres")
# The start of a key=value connection string: a key, then `=` or a blank.
_KEY = re.compile(r"\s*(?P<key>[^\s=]+)\s*(?:=|\s|$)")


def libpq_form(url: str) -> str:
    """The string as libpq reads it: a `POSTGRESQL://` scheme written in small letters.

    Schemes are case-insensitive (RFC 3986), but libpq only knows them in lower case
    and would read `POSTGRESQL://u:pw@h` as a key=value string, quoting it whole in
    its error.
    """
    match = _SCHEME.match(url)
    if match is not None and match["scheme"].lower() in _LIBPQ_SCHEMES:
        return match["scheme"].lower() + url[match.end("scheme") :]
    return url


def mask_url(url: str) -> str:
    """The URL (or key=value connection string) with any password replaced by `***`.

    Other text comes back as it was.
    """
    spans = _secret_spans(url)
    masked = url
    for start, end in sorted(_merged(spans), reverse=True):
        masked = masked[:start] + MASK + masked[end:]
    # libpq's own reading is the last word: what it takes for the password never shows.
    return redact(masked, _libpq_secrets(url))


def url_secrets(url: str) -> frozenset[str]:
    """Every text in a connection string that is, or may be part of, its password.

    As written and decoded, and the pieces libpq puts in other fields when it misreads
    a URL (`postgresql://u:pw/x@h` has host `u`, port `pw`, database `x@h`).
    """
    found = set(_libpq_secrets(url))
    is_url = _SCHEME.match(url) is not None
    for start, end in _secret_spans(url):
        raw = url[start:end]
        found.add(raw)
        if is_url:
            found.add(unquote(raw))
            found.update(re.split(r"[/@?#:&]", raw))
        else:
            found.add(_unquoted(raw))
    return frozenset(s for s in found if s)


def url_shown(url: str) -> frozenset[str]:
    """What a connection string shows on purpose: its scheme, user, host, database, ...

    A password equal to one of them (`postgres:postgres`) is shown by them anyway.
    What may be part of the password (libpq's port when it misreads a URL) is not.
    """
    try:
        params = conninfo_to_dict(libpq_form(url))
    except (psycopg.Error, ValueError, TypeError):
        params = {}
    secrets = url_secrets(url)
    shown = {str(v) for k, v in params.items() if k not in _secret_keys() and v is not None}
    match = _SCHEME.match(url)
    if match is not None:
        shown.add(match["scheme"])
    return frozenset(s for s in shown if s and s not in secrets)


def _libpq_secrets(url: str) -> tuple[str, ...]:
    try:
        params = conninfo_to_dict(libpq_form(url))
    except (psycopg.Error, ValueError, TypeError):
        return ()
    return tuple(str(params[k]) for k in _secret_keys() if params.get(k))


@functools.cache
def _secret_keys() -> frozenset[str]:
    """The keys libpq itself hides (a `*` display character): password, sslpassword, ..."""
    try:
        options = psycopg.pq.Conninfo.get_defaults()
    except psycopg.Error:  # pragma: no cover - libpq always answers
        return frozenset(("password", "sslpassword"))
    return frozenset(o.keyword.decode() for o in options if o.dispchar == b"*")


def _secret_key(key: str) -> bool:
    """A key that names a secret, or is a misspelling of one (`pasword`, `passwd`)."""
    key = key.strip().lower()
    if any(word in key for word in ("pass", "pwd", "secret")):
        return True
    return any(_distance(key, known) <= 2 for known in _secret_keys())


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings only)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _secret_spans(text: str) -> list[tuple[int, int]]:
    """Where the password (or what may be one) is written in a connection string."""
    if _SCHEME.match(text) is not None:
        return _url_spans(text)
    if _looks_like_conninfo(text):
        return list(_keyword_spans(text))
    return []


# ---------------------------------------------------------------------------- URLs


def _password_at(url: str) -> tuple[int, int, int]:
    """Where a URL's password starts, where libpq ends it, and where a person would.

    libpq ends the user information at the first `@`, or sees none when a `/` comes
    first; a person reads the password up to the last `@`. -1 where there is none.
    """
    match = _SCHEME.match(url)
    assert match is not None
    begin = match.end()
    first_at = url.find("@", begin)
    slash = url.find("/", begin)
    if first_at < 0:
        return -1, -1, -1
    colon = url.find(":", begin, first_at if slash < 0 else min(first_at, slash))
    if colon < 0:
        return -1, -1, -1
    libpq_end = first_at if slash < 0 or first_at < slash else -1
    return colon + 1, libpq_end, url.rfind("@")


def _url_spans(url: str) -> list[tuple[int, int]]:
    start, libpq_end, person_end = _password_at(url)
    spans: list[tuple[int, int]] = []
    end = max(libpq_end, 0)
    if libpq_end >= 0:
        spans.append((start, libpq_end))
    if start >= 0 and person_end > libpq_end and _misread(url, strict=False):
        spans.append((start, person_end))
        end = person_end
    query = url.find("?", end)
    if query >= 0:
        spans.extend(_query_spans(url, query + 1))
    return spans


def _query_spans(url: str, start: int) -> Iterator[tuple[int, int]]:
    position = start
    for part in url[start:].split("&"):
        key, equals, _ = part.partition("=")
        if equals and _secret_key(unquote(key)):
            yield position + len(key) + 1, position + len(part)
        position += len(part) + 1


def _misread(url: str, *, strict: bool) -> bool:
    """Whether libpq's reading shows it took part of a password for other fields.

    It refuses the URL, or reads a host holding `@` or a port that is not a number;
    unless ``strict``, also a database holding `@` (which may be a real name).
    """
    try:
        params = conninfo_to_dict(libpq_form(url))
    except (psycopg.Error, ValueError, TypeError):
        return True
    if "@" in str(params.get("host") or ""):
        return True
    if not re.fullmatch(r"[\d,]*", str(params.get("port") or "")):
        return True
    return not strict and "@" in str(params.get("dbname") or "")


def _unescaped_password(url: str) -> bool:
    """A URL whose password holds a `/` or `@` that libpq cannot read past."""
    if _SCHEME.match(url) is None:
        return False
    start, libpq_end, person_end = _password_at(url)
    return start >= 0 and person_end > libpq_end and _misread(url, strict=True)


# ---------------------------------------------------------------------------- key=value


def _looks_like_conninfo(text: str) -> bool:
    """A key=value connection string: its first word is a libpq key, or a secret's."""
    match = _KEY.match(text)
    return match is not None and (match["key"] in _known_keys() or _secret_key(match["key"]))


@functools.cache
def _known_keys() -> frozenset[str]:
    try:
        return frozenset(o.keyword.decode() for o in psycopg.pq.Conninfo.get_defaults())
    except psycopg.Error:  # pragma: no cover - libpq always answers
        return frozenset()


def _keyword_spans(text: str) -> Iterator[tuple[int, int]]:
    """The values of secret keys, read as libpq reads key=value strings.

    A key without `=` (`password S3cret`) is refused by libpq; the word after it is
    taken for its value all the same.
    """
    i, n = 0, len(text)
    secret_next = False
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        start = i
        if text[i] == "'":
            i = _quoted_end(text, i)
            if secret_next:
                yield start, i
            secret_next = False
            continue
        while i < n and not text[i].isspace() and text[i] != "=":
            i += 1 + (text[i] == "\\")
        key = text[start:i]
        j = i
        while j < n and text[j].isspace():
            j += 1
        if j >= n or text[j] != "=":  # a word without `=`
            if secret_next:
                yield start, i
            secret_next = _secret_key(key)
            continue
        secret_next = False
        i = j + 1
        while i < n and text[i].isspace():
            i += 1
        value = i
        if i < n and text[i] == "'":
            i = _quoted_end(text, i)
        else:
            while i < n and not text[i].isspace():
                i += 1 + (text[i] == "\\")
        if _secret_key(key) and i > value:
            yield value, min(i, n)


def _quoted_end(text: str, i: int) -> int:
    """The offset after the quoted value that starts at ``i`` (or the end of the text)."""
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "'":
            return i + 1
        else:
            i += 1
    return len(text)


def _unquoted(raw: str) -> str:
    if raw.startswith("'"):
        raw = raw[1:-1] if raw.endswith("'") and len(raw) > 1 else raw[1:]
    return re.sub(r"\\(.)", r"\1", raw)


def _reason(error: psycopg.Error) -> str:
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "password authentication failed" in lowered:
        user = re.search(r'for user "([^"]*)"', text)
        who = f" for user {user.group(1)}" if user else ""
        return f"authentication failed{who} (wrong password?)"
    if "no password supplied" in lowered or "fe_sendauth" in lowered:
        return "the server asks for a password, and the URL gives none"
    if "does not exist" in lowered and "database" in lowered:
        name = re.search(r'database "([^"]*)" does not exist', text)
        return f"database {name.group(1) if name else ''} does not exist".replace("  ", " ")
    if "role" in lowered and "does not exist" in lowered:
        name = re.search(r'role "([^"]*)" does not exist', text)
        return f"role {name.group(1) if name else ''} does not exist".replace("  ", " ")
    if "connection refused" in lowered:
        return "connection refused (is the server running, and on that host and port?)"
    if "ssl" in lowered or "tls" in lowered or "certificate" in lowered:
        return "TLS failed: " + _short(text)
    if "timeout" in lowered or "timed out" in lowered:
        return "the server did not answer in time"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return "unknown host"
    if "no pg_hba.conf entry" in lowered:
        return "the server does not allow this connection (pg_hba.conf)"
    return _short(text)


def _short(text: str) -> str:
    # psycopg prefixes the attempt ("connection failed: connection to server at ... failed:").
    parts = [p.strip() for p in re.split(r"\bfailed:", text) if p.strip()]
    return parts[-1] if parts else text


def connect(
    url: str, *, autocommit: bool = True, timeout: int = CONNECT_TIMEOUT
) -> psycopg.Connection[Any]:
    """Open a connection, or raise ConnectError with a one-line, password-free reason.

    The session waits for a lock at most what `bounded_waits` set (5s unless told).
    """
    secrets = url_secrets(url)
    if _unescaped_password(url):
        raise ConnectError(
            f"cannot read the URL {mask_url(url)}: its password holds a character a URL"
            " reserves; percent-escape it (`/` as %2F, `@` as %40, `?` as %3F, `%` as %25)"
        )
    try:
        conn = psycopg.connect(libpq_form(url), autocommit=True, connect_timeout=timeout)
    except psycopg.ProgrammingError as error:  # a malformed URL or connection string
        reason = redact(_short(str(error)), secrets)
        raise ConnectError(f"cannot read the URL {mask_url(url)}: {reason}") from None
    except psycopg.Error as error:
        reason = redact(_reason(error), secrets)
        raise ConnectError(f"cannot connect to {mask_url(url)}: {reason}") from None
    _track(conn)
    try:
        _settle(conn)
    except psycopg.Error as error:
        conn.close()
        reason = redact(_reason(error), secrets)
        raise ConnectError(f"cannot connect to {mask_url(url)}: {reason}") from None
    except BaseException:
        conn.close()
        raise
    conn.autocommit = autocommit
    return conn


def _settle(conn: psycopg.Connection[Any]) -> None:
    """The session's lock timeout; and the server ends the session if this process ends.

    A query the process started and could not cancel (it was killed, or the query began
    as it was interrupted) is otherwise left running, or waiting for a lock, until it
    would next write to the client. PostgreSQL 14 and newer check every second.
    """
    timeout = f"{_LOCK_TIMEOUT.get()}ms"
    if conn.info.server_version >= 140000:
        conn.execute(
            "SELECT pg_catalog.set_config('lock_timeout', %s, false),"
            " pg_catalog.set_config('client_connection_check_interval', '1s', false)",
            [timeout],
        )
    else:
        conn.execute("SELECT pg_catalog.set_config('lock_timeout', %s, false)", [timeout])


def connect_second(url: str) -> psycopg.Connection[Any] | None:
    """A second connection, for the catalog queries that run beside the first's.

    None when the server will not give one (a connection limit reached): then one
    connection does it all.
    """
    try:
        return connect(url)
    except ConnectError:
        return None
