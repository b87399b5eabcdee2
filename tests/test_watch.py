"""`wirewatch watch`: polls feeds, ingests only new entries, retries transient failures, stops cleanly."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import httpfixture
import pytest
from click.testing import CliRunner
from conftest import BODY, distinct_text, page
from httpfixture import HTML

from wirewatch.cli import cli

http_server = httpfixture.http_server


def feed(server, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link><guid>{p}</guid></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()


def serve(server, paths: list[str]) -> None:
    for n, path in enumerate(paths):
        server.pages[path] = (200, HTML, page(f"Story {path}", distinct_text(2000 + n)).encode())
    server.pages["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed(server, paths))


def watch(db: str, server, *extra: str):
    args = ["watch", server.url("/feed.xml"), "--db", db, "--every", "0.1s", "--allow-private", "--delay", "0", "-q"]
    return CliRunner().invoke(cli, [*args, *extra])


def test_watch_ingests_only_new_entries(http_server, tmp_path):
    db = str(tmp_path / "w.db")
    serve(http_server, ["/a", "/b"])
    first = watch(db, http_server, "--polls", "2")
    assert first.exit_code == 0, first.output
    assert "Poll 1" in first.output and "2 new" in first.output
    assert "Poll 2" in first.output and "Watched 2 poll(s): 2 new" in first.output
    assert http_server.count("/a") == 1 and http_server.count("/b") == 1
    serve(http_server, ["/a", "/b", "/c"])
    second = watch(db, http_server, "--polls", "1")
    assert "1 new" in second.output
    assert http_server.count("/a") == 1 and http_server.count("/c") == 1


def test_watch_retries_transient_failure_next_poll(http_server, tmp_path):
    db = str(tmp_path / "w.db")
    serve(http_server, ["/a"])
    http_server.sequences["/a"] = [(500, {}, b"down"), (200, HTML, page("Back up", BODY).encode())]
    result = watch(db, http_server, "--polls", "2", "--retries", "0")
    assert "HTTP 500" in result.output
    assert "Watched 2 poll(s): 1 new" in result.output and http_server.count("/a") == 2


def stored(db: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_watch_stops_cleanly_on_sigint(http_server, tmp_path):
    db = str(tmp_path / "w.db")
    serve(http_server, ["/a"])
    command = [
        sys.executable,
        "-m",
        "wirewatch.cli",
        "watch",
        http_server.url("/feed.xml"),
        "--db",
        db,
        "--every",
        "1h",
        "--allow-private",
        "--delay",
        "0",
        "-q",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not stored(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped." in err and "Watched 1 poll(s): 1 new" in out
    assert "Traceback" not in err
