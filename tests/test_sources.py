"""Reading sources: JSON Lines, WARC, HTML files and directories, feed files; each bad input a Failure."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import BODY, distinct_text, page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirewatch.errors import ExtractError
from wirewatch.ingest import iter_source, kind_of
from wirewatch.ingest.decode import decode_html
from wirewatch.ingest.feeds import looks_like_feed, parse_feed
from wirewatch.ingest.jsonl import iter_jsonl
from wirewatch.ingest.warc import iter_warc
from wirewatch.models import Failure, RawDocument
from wirewatch.settings import Settings


def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, gz: bool = True) -> None:
    """A WARC of (url, content type, body) responses, with a request record in between as real ones have."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, ctype, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            for record in (
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")),
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers),
            ):
                writer.write_record(record)
                record.raw_stream.close()  # warcio buffers each record in a temporary file


def html(n: int) -> bytes:
    return page(f"Story {n}", distinct_text(1000 + n)).encode()


def test_sources_jsonl_shapes_and_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "r1", "url": "https://a.example/1", "title": "T", "published": "2024-11-09", "text": BODY}),
        json.dumps(
            {
                "url": "https://a.example/2",
                "title": "NP",
                "date_publish": "2024-11-10 08:00:00",
                "maintext": BODY,
                "authors": ["A", "B"],
            }
        ),
        json.dumps({"url": "https://a.example/3", "html": "<html><body><p>x</p></body></html>"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://a.example/4", "title": "no body"}),
        "",
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(iter_jsonl(path))
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert docs[0].record_id == "r1" and docs[0].text == BODY and docs[0].html is None
    assert docs[1].published == "2024-11-10 08:00:00" and docs[1].author == "A, B" and docs[1].text == BODY
    assert docs[2].html and docs[2].text is None
    assert [(f.source, f.stage) for f in fails] == [
        (f"{path}:4", "parse"),
        (f"{path}:5", "parse"),
        (f"{path}:6", "parse"),
    ]
    assert fails[0].reason.startswith("invalid JSON:")
    assert "expected a JSON object" in fails[1].reason
    assert "neither 'text'" in fails[2].reason


def test_sources_jsonl_gzipped(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps({"url": "https://a.example/1", "text": BODY}) + "\n")
    assert kind_of(str(path)) == "jsonl"
    assert [type(i).__name__ for i in iter_jsonl(path)] == ["RawDocument"]


@pytest.mark.parametrize("gz", [True, False])
def test_sources_warc_html_responses_only(tmp_path, gz):
    path = tmp_path / ("c.warc.gz" if gz else "c.warc")
    write_warc(
        path,
        [
            ("https://a.example/1", "text/html; charset=utf-8", html(1)),
            ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0"),
            ("https://a.example/2", "text/html", html(2)),
        ],
        gz=gz,
    )
    items = list(iter_warc(path, max_bytes=10_000_000))
    assert [(type(i).__name__, i.url) for i in items] == [
        ("RawDocument", "https://a.example/1"),
        ("RawDocument", "https://a.example/2"),
    ]
    assert items[0].source.startswith(f"{path}#")


@pytest.mark.parametrize("gz", [True, False])
def test_sources_warc_truncated_record_is_failure_and_earlier_kept(tmp_path, gz):
    full = tmp_path / ("full.warc.gz" if gz else "full.warc")
    write_warc(full, [(f"https://a.example/{n}", "text/html", html(n)) for n in range(3)], gz=gz)
    data = full.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: len(data) - 300])
    items = list(iter_warc(cut, max_bytes=10_000_000))
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.url for d in docs] == ["https://a.example/0", "https://a.example/1"]
    assert len(fails) == 1 and fails[0].reason.startswith("truncated") and fails[0].stage == "read"


def test_sources_warc_not_gzip_is_failure(tmp_path):
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"definitely not gzip " * 20)
    [failure] = list(iter_warc(bad, max_bytes=1000))
    assert isinstance(failure, Failure) and "corrupt" in failure.reason


def test_sources_directory_recursive_sorted(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "2.html").write_bytes(html(2))
    (tmp_path / "1.htm").write_bytes(html(1))
    (tmp_path / "notes.txt").write_text("not a page")
    items = list(iter_source(str(tmp_path), fetcher=None, settings=Settings()))
    assert [Path(i.source).name for i in items] == ["1.htm", "2.html"]
    assert all(isinstance(i, RawDocument) for i in items)


def test_sources_missing_path_and_bad_scheme(tmp_path):
    [missing] = list(iter_source(str(tmp_path / "nope.html"), fetcher=None, settings=Settings()))
    assert missing.reason == "no such file or directory" and missing.stage == "source"
    [ftp] = list(iter_source("ftp://example.org/x", fetcher=None, settings=Settings()))
    assert "unsupported URL scheme 'ftp'" in ftp.reason


def test_sources_oversize_file_is_failure(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body>" + b"<p>word</p>" * 1000 + b"</body></html>")
    [item] = list(iter_source(str(big), fetcher=None, settings=Settings(max_bytes=1000)))
    assert isinstance(item, Failure) and "cap" in item.reason


def test_sources_feed_file_sniffed_and_parsed(tmp_path):
    rss = tmp_path / "feed"
    rss.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://a.example/1</link><guid>g1</guid>
<pubDate>Sat, 09 Nov 2024 08:00:00 GMT</pubDate></item>
<item><title>No link</title><guid>g2</guid></item></channel></rss>""")
    assert kind_of(str(rss)) == "feed"
    entries, failures = parse_feed(rss.read_bytes(), str(rss))
    assert [(e.key, e.link, e.published) for e in entries] == [("g1", "https://a.example/1", "2024-11-09")]
    assert failures[0].reason == "feed entry has no http(s) link"


def test_sources_malformed_feed_is_failure():
    entries, failures = parse_feed(b"<?xml version='1.0'?><rss><channel><item><title>broken", "f.xml")
    assert entries == [] and failures[0].reason.startswith("malformed feed")
    assert failures[0].source == "f.xml" and failures[0].stage == "feed"


def test_sources_feed_sniffing():
    assert looks_like_feed(b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b"", "application/rss+xml")
    assert not looks_like_feed(b"<!doctype html><html><body>", "text/html")


@pytest.mark.parametrize(
    ("content", "declared", "expected"),
    [
        ("<p>Café</p>".encode(), None, "<p>Café</p>"),
        ("<meta charset='windows-1252'><p>Café</p>".encode("cp1252"), None, "Café"),
        ("<p>Café</p>".encode("latin-1"), "iso-8859-1", "Café"),
        (b"\xef\xbb\xbf<p>bom</p>", None, "<p>bom</p>"),
    ],
)
def test_sources_decode(content, declared, expected):
    assert expected in decode_html(content, declared=declared)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty page"), (b"   \n ", "empty page"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary")],
)
def test_sources_decode_rejects(content, reason):
    with pytest.raises(ExtractError, match=reason):
        decode_html(content)
