"""A real HTTP server on 127.0.0.1 for fetch tests, and the ``http_server`` fixture that runs it.

Serves fixture pages (``server.pages``: path -> (status, headers, body), extendable per test), status
sequences (``server.sequences``: the n-th request to a path gets the n-th reply, the last one repeating),
404 for anything else, and these special paths:

/loop -> /loop2 -> /loop     a redirect loop
/chain/N                     N redirects: /chain/N -> /chain/N-1 ... -> /chain/0, a page
/slow                        answers after ``slow_seconds``
/big                         ``big_bytes`` of body without Content-Length, streamed in 64 kB writes
/big-declared                Content-Length ``big_bytes``, then a few bytes, then nothing for ``slow_seconds``

Every request is recorded (path, headers, monotonic time) in ``server.requests``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Page = tuple[int, dict[str, str], bytes]

HTML = {"Content-Type": "text/html; charset=utf-8"}
OK_BODY = b"<!doctype html><html><head><title>OK</title></head><body><p>All is well.</p></body></html>"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BINARY = bytes(range(0x80, 0x100)) * 4
"""Bytes no charset we try will take: invalid UTF-8, and 0x81/0x8d/0x8f/0x90/0x9d are not windows-1252."""
LATIN1_PAGE = "<html><body><p>Caf\u00e9 \u201cau lait\u201d \u2013 cr\u00e8me</p></body></html>".encode("cp1252")
META_PAGE = (
    '<html><head><meta charset="windows-1251"><title>t</title></head>'
    "<body><p>\u041d\u043e\u0432\u043e\u0441\u0442\u0438</p></body></html>"
).encode("cp1251")
CHUNK = 64 * 1024
STALL = 5.0
"""Socket timeout of the handler: a client that stops reading cannot hold a server thread for longer."""


def default_pages() -> dict[str, Page]:
    return {
        "/ok": (200, HTML, OK_BODY),
        "/500": (500, {"Content-Type": "text/plain"}, b"boom"),
        "/loop": (302, {"Location": "/loop2"}, b""),
        "/loop2": (302, {"Location": "/loop"}, b""),
        "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
        "/private/page": (200, HTML, OK_BODY),
        "/image.png": (200, {"Content-Type": "image/png"}, PNG),
        "/binary.html": (200, {"Content-Type": "text/html"}, BINARY),
        "/latin1.html": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, LATIN1_PAGE),
        "/meta.html": (200, {"Content-Type": "text/html"}, META_PAGE),
    }


def default_sequences() -> dict[str, list[Page]]:
    return {
        "/flaky": [(429, {"Content-Type": "text/plain"}, b"slow down"), (200, HTML, OK_BODY)],
        "/unavailable": [(503, {"Retry-After": "7"}, b"maintenance"), (200, HTML, OK_BODY)],
    }


@dataclass(frozen=True)
class Recorded:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    """Header names lower-cased."""
    time: float
    """time.monotonic() on arrival."""


class LocalServer:
    """The server's state; tests read and change it while it runs."""

    def __init__(self) -> None:
        self.pages = default_pages()
        self.sequences = default_sequences()
        self.requests: list[Recorded] = []
        self.slow_seconds = 2.0
        self.big_bytes = 2 * 1024 * 1024
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self.host = "127.0.0.1"
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def count(self, path: str) -> int:
        """How many requests came for ``path``."""
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def record(self, path: str, headers: dict[str, str]) -> int:
        """Log a request; how many requests for this path there now are."""
        with self._lock:
            self.requests.append(Recorded(path, headers, time.monotonic()))
            return sum(1 for r in self.requests if r.path == path)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers sleeping in /slow and /big-declared
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hung up (timeout, size cap) is what several tests do on purpose.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = STALL

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path
        nth = owner.record(path, {k.lower(): v for k, v in self.headers.items()})
        if path == "/slow":
            owner.stopping.wait(owner.slow_seconds)
            self._reply(200, HTML, OK_BODY)
        elif path == "/big":
            self._stream_big(owner)
        elif path == "/big-declared":
            self._declare_big(owner)
        elif path.startswith("/chain/") and path[len("/chain/") :].isdigit():
            n = int(path[len("/chain/") :])
            if n > 0:
                self._reply(302, {"Location": f"/chain/{n - 1}"}, b"")
            else:
                self._reply(200, HTML, OK_BODY)
        elif path in owner.sequences:
            replies = owner.sequences[path]
            self._reply(*replies[min(nth, len(replies)) - 1])
        elif path in owner.pages:
            self._reply(*owner.pages[path])
        else:
            self._reply(404, {"Content-Type": "text/plain"}, b"not found")

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_big(self, owner: LocalServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: HTTP/1.0, the body ends when the connection closes
        sent = 0
        while sent < owner.big_bytes and not owner.stopping.is_set():
            self.wfile.write(b"x" * CHUNK)
            sent += CHUNK

    def _declare_big(self, owner: LocalServer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(owner.big_bytes))
        self.end_headers()
        self.wfile.write(b"<html>")
        self.wfile.flush()
        owner.stopping.wait(owner.slow_seconds)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A fresh LocalServer on 127.0.0.1 for one test, stopped afterwards."""
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
