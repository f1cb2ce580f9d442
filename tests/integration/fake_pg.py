"""A fake PostgreSQL server that asks for a password and refuses it: for testing how
connection failures are reported, against the real client library (libpq via psycopg)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _error(code: str, message: str) -> bytes:
    fields = (
        b"SFATAL\x00VFATAL\x00" + b"C" + code.encode() + b"\x00M" + message.encode() + b"\x00\x00"
    )
    return b"E" + struct.pack("!I", len(fields) + 4) + fields


def _serve(conn: socket.socket) -> None:
    with conn:
        while True:
            head = conn.recv(8)
            if len(head) < 8:
                return
            length, code = struct.unpack("!II", head)
            rest = conn.recv(length - 8) if length > 8 else b""
            if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not here
                conn.sendall(b"N")
                continue
            user = b"?"
            parts = rest.split(b"\x00")
            for key, value in zip(parts[::2], parts[1::2], strict=False):
                if key == b"user":
                    user = value
            conn.sendall(b"R" + struct.pack("!II", 8, 3))  # cleartext password, please
            reply = conn.recv(1024)
            if not reply:
                return  # the client gave up: it has no password to send
            name = user.decode(errors="replace")
            conn.sendall(_error("28P01", f'password authentication failed for user "{name}"'))
            return


@contextmanager
def refusing_server() -> Iterator[int]:
    """A server on 127.0.0.1 that refuses every password; yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=_serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(2)
        listener.close()
