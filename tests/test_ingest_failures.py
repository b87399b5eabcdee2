"""Every bad input of an ingest is a failures row with a clear reason, and the other sources still go in."""

from __future__ import annotations

import gzip
import json

import httpfixture
import pytest
from conftest import BODY, distinct_text, page
from httpfixture import HTML
from test_sources import html, write_warc

from wirewatch.pipeline import ingest
from wirewatch.settings import Settings

http_server = httpfixture.http_server

GOOD_PAGE = page("Blast at Quetta station", BODY, canonical="https://news.example/quetta").encode()
NAV_ONLY = b"""<!doctype html><html><head><title>Home</title></head><body><nav><a href="/">Home</a>
<a href="/world">World</a></nav><div class="cookie">We use cookies. <button>Accept</button></div>
<footer>Copyright</footer></body></html>"""


def settings(**kw) -> Settings:
    base = dict(allow_private=True, per_host_delay=0.0, retries=0, read_timeout=1.0, connect_timeout=1.0)
    base.update(kw)
    return Settings(**base)


def run(store, sources, **kw):
    summary = ingest(sources, store=store, settings=settings(**kw))
    rows = store.failures(limit=None)
    return summary, rows


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "good.html"
    path.write_bytes(
        page(
            "Floods in Sindh",
            "Record monsoon rains flooded much of Sindh province. " * 12,
            canonical="https://news.example/floods",
        ).encode()
    )
    return str(path)


def stored_titles(store) -> set[str]:
    return {r["title"] for r in store.articles()}


def add_pages(server) -> None:
    server.pages.update(
        {
            "/good": (200, HTML, GOOD_PAGE),
            "/empty": (200, HTML, b""),
            "/nav-only": (200, HTML, NAV_ONLY),
            "/feed-bad.xml": (
                200,
                {"Content-Type": "application/rss+xml"},
                b"<?xml version='1.0'?><rss><channel><item><title>x",
            ),
        }
    )


@pytest.mark.parametrize(
    ("path", "stage", "reason"),
    [
        ("/missing", "fetch", "HTTP 404 Not Found"),
        ("/500", "fetch", "HTTP 500 Internal Server Error"),
        ("/loop", "fetch", "redirect loop"),
        ("/image.png", "fetch", "not HTML"),
        ("/binary.html", "fetch", "undecodable bytes"),
        ("/empty", "fetch", "empty page"),
        ("/nav-only", "extract", "no article text"),
        ("/big", "fetch", "larger than"),
        ("/slow", "fetch", "timed out"),
        ("/feed-bad.xml", "feed", "malformed feed"),
    ],
)
def test_ingest_bad_url_recorded_and_others_stored(store, http_server, good_file, path, stage, reason):
    add_pages(http_server)
    http_server.slow_seconds = 3.0
    summary, rows = run(store, [http_server.url("/good"), http_server.url(path), good_file], max_bytes=1024 * 1024)
    assert summary.new == 2, summary.failures
    assert stored_titles(store) == {"Blast at Quetta station", "Floods in Sindh"}
    assert summary.failed == len(rows) >= 1
    assert rows[-1]["stage"] == stage and reason in rows[-1]["reason"], rows
    assert rows[-1]["source"] == http_server.url(path)
    assert "\n" not in rows[-1]["reason"]


def test_ingest_refused_address_without_allow_private(store, http_server, good_file):
    summary, rows = run(store, [http_server.url("/good"), good_file], allow_private=False)
    assert summary.new == 1 and stored_titles(store) == {"Floods in Sindh"}
    assert rows[0]["stage"] == "fetch" and "refused address 127.0.0.1 (loopback)" in rows[0]["reason"]
    assert http_server.count("/good") == 0


def test_ingest_unreachable_host(store, good_file):
    # A loopback port nobody listens on: connection refused, quickly and without leaving the machine.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    summary, rows = run(store, [f"http://127.0.0.1:{port}/x", good_file])
    assert summary.new == 1 and "could not connect" in rows[0]["reason"]


def test_ingest_feed_url_fetches_every_entry(store, http_server, good_file):
    add_pages(http_server)
    http_server.pages["/other"] = (200, HTML, page("Other story", distinct_text(3000)).encode())
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Good</title><link>{http_server.url("/good")}</link><guid>g1</guid></item>
<item><title>Gone</title><link>{http_server.url("/gone")}</link><guid>g2</guid></item>
<item><title>Other</title><link>{http_server.url("/other")}</link><guid>g3</guid></item>
</channel></rss>""".encode()
    http_server.pages["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed)
    summary, rows = run(store, [http_server.url("/feed.xml"), good_file])
    assert summary.new == 3 and summary.failed == 1
    assert rows[0]["source"] == http_server.url("/gone") and rows[0]["reason"] == "HTTP 404 Not Found"
    feeds = {r["source"]: r for r in store.articles()}
    assert (
        store.conn.execute("SELECT count(*) FROM articles WHERE feed = ?", (http_server.url("/feed.xml"),)).fetchone()[
            0
        ]
        == 2
    )
    assert http_server.url("/good") in feeds


def test_ingest_bad_files_recorded_and_others_stored(store, tmp_path, good_file):
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(json.dumps({"url": "https://n.example/j1", "title": "From JSONL", "text": BODY}) + "\n{broken\n")
    full = tmp_path / "full.warc.gz"
    write_warc(full, [(f"https://a.example/{n}", "text/html", html(n)) for n in range(3)])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full.read_bytes()[:-300])
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    badfeed = tmp_path / "bad.rss"
    badfeed.write_text("<?xml version='1.0'?><rss><channel><item><title>broken")
    empty = tmp_path / "empty.html"
    empty.write_text("")
    boiler = tmp_path / "nav.html"
    boiler.write_bytes(NAV_ONLY)
    sources = [str(p) for p in (jsonl, cut, binary, badfeed, empty, boiler)] + [good_file]
    summary, rows = run(store, sources)
    assert summary.new == 1 + 2 + 1  # the JSONL record, the two whole WARC records, the good file
    reasons = {(r["source"], r["stage"]): r["reason"] for r in rows}
    assert reasons[(f"{jsonl}:2", "parse")].startswith("invalid JSON")
    assert any(s.startswith(str(cut)) and r.startswith("truncated") for (s, _), r in reasons.items())
    assert reasons[(str(binary), "read")] == "not HTML: binary content"
    assert reasons[(str(badfeed), "feed")].startswith("malformed feed")
    assert reasons[(str(empty), "read")] == "empty page"
    assert "no article text" in reasons[(str(boiler), "extract")]
    assert summary.failed == len(rows) == 6, "\n".join(f"{r['source']} {r['reason']}" for r in rows)


def test_ingest_jsonl_html_records_and_reingest_adds_nothing(store, tmp_path):
    path = tmp_path / "r.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps({"id": "x1", "url": "https://n.example/q", "html": GOOD_PAGE.decode()}) + "\n")
        handle.write(
            json.dumps(
                {"url": "https://n.example/t", "title": "T", "published": "2024-11-10", "text": distinct_text(3001)}
            )
            + "\n"
        )
    first, _ = run(store, [str(path)])
    again, _ = run(store, [str(path)])
    assert (first.new, again.new, again.duplicate) == (2, 0, 2)
    ids = {r["id"] for r in store.articles()}
    assert "x1" in ids
