"""Situation reports: periods, figures that agree with the store, a page that loads nothing and keeps
article markup inert, and the map and timeline really drawn by a browser (Debian's Chromium)."""

from __future__ import annotations

import re
import sqlite3
import struct
import zlib
from collections import Counter
from contextlib import closing
from datetime import date

import pytest
from click.testing import CliRunner

from wirewatch.cli import cli
from wirewatch.errors import UsageError
from wirewatch.report import Period, build_report, parse_period, render_html
from wirewatch.report.build import killed
from wirewatch.store import EventFilter
from wirewatch.store.sqlite import SQLiteStore

AS_OF = date(2025, 10, 31)
YEAR = parse_period("52w", as_of=AS_OF)
"""The demo corpus's last year: 41 events, every section of the report has something in it."""
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture(scope="module")
def year_report(demo_db):
    with SQLiteStore(demo_db) as store:
        report = build_report(store, YEAR)
    return report, render_html(report)


@pytest.mark.parametrize(
    ("since", "start", "end"),
    [
        ("7d", date(2025, 10, 25), AS_OF),
        ("1d", AS_OF, AS_OF),
        ("4w", date(2025, 10, 4), AS_OF),
        ("2 weeks", date(2025, 10, 18), AS_OF),
        ("2025-10-01", date(2025, 10, 1), AS_OF),
    ],
)
def test_report_period_parsing(since, start, end):
    period = parse_period(since, as_of=AS_OF)
    assert (period.start, period.end) == (start, end)
    before = period.previous()
    assert before.days == period.days and (period.start - before.end).days == 1


@pytest.mark.parametrize("since", ["12h", "0d", "3y", "soon", "2025-11-05", "2025-10"])
def test_report_period_rejects(since):
    with pytest.raises(UsageError, match="--since"):
        parse_period(since, as_of=AS_OF)


def test_report_period_defaults_to_today():
    assert parse_period("7d").end == date.today()


@pytest.mark.parametrize("flt", [EventFilter(), EventFilter(country="PK"), EventFilter(actor="BLA")])
def test_report_counts_match_the_store(demo_db, flt):
    with SQLiteStore(demo_db) as store:
        report = build_report(store, YEAR, flt=flt)
        now = store.count_events(YEAR.event_filter(flt))
        before = store.count_events(YEAR.previous().event_filter(flt))
        records = list(store.events(YEAR.event_filter(flt)))
    assert now > 0
    assert (report.events.current, report.events.previous) == (now, before)
    assert report.fatalities.current == sum(killed(r) for r in records)
    assert sum(c.current for c in report.by_type) == now
    assert sum(c.previous for c in report.by_type) == before
    assert sum(b.total for b in report.timeline) == now
    assert len(report.points) + report.unplaced == now
    assert all(YEAR.start <= b.start <= YEAR.end or b.start < YEAR.start for b in report.timeline)


def test_report_sections_for_the_demo_year(demo_db, year_report):
    report, _ = year_report
    assert report.unit == "week" and len(report.timeline) == 53  # 364 days from a Saturday touch 53 weeks
    tolls = [e.killed for e in report.deadliest]
    assert tolls == sorted(tolls, reverse=True) and tolls[0] >= 200  # the Jaffar Express siege, 214
    by_region = {c.label: c for c in report.by_region}
    assert by_region["Balochistan, Pakistan"].current == max(c.current for c in report.by_region)
    with SQLiteStore(demo_db) as store:
        newest = [r["id"] for r in store.events(YEAR.event_filter(), limit=10)]
        period_ids = {r["id"] for r in store.events(YEAR.event_filter())}
        conflicts = {(c["event_id"], c["kind"]) for c in store.conflicts() if c["event_id"] in period_ids}
    assert [e.id for e in report.newest] == newest
    assert {(c.event_id, c.kind) for c in report.contradictions} == conflicts and conflicts
    assert report.claims and {c.stance for c in report.claims} == {"claims_responsibility", "denies"}
    assert report.quotes and all(len(q.text) >= 40 and q.who for q in report.quotes)
    assert report.statements and all(s.source is not None for s in report.statements)
    assert all(s.host and "/" not in s.host for e in report.deadliest for s in e.sources)


def test_report_empty_period(demo_db):
    with SQLiteStore(demo_db) as store:
        report = build_report(store, Period(date(1990, 1, 1), date(1990, 1, 7)))
    html = render_html(report)
    assert report.events.current == 0 and report.points == ()
    assert "No event of this period has coordinates." in html
    assert "<svg" in html  # the (empty) timeline is still drawn


def test_report_html_is_self_contained(year_report):
    _, html = year_report
    assert html.startswith("<!doctype html>")
    for loader in ("<script", "<link", "<iframe", "<img", "@import", "url(", "src="):
        assert loader not in html.lower(), loader
    hrefs = re.findall(r'<(\w+)[^>]*\shref="([^"]*)"', html)
    assert hrefs and all(tag == "a" and href.startswith(("https://", "http://")) for tag, href in hrefs)
    # The only http address outside the article links is SVG's namespace, which is a name, not a request.
    others = set(re.findall(r"https?://[^\s\"'<)]+", html)) - {h for _, h in hrefs}
    assert others == {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in html


def _hostile_copy(demo_db: str, target) -> str:
    """A copy of the demo store whose article titles, evidence, quotes and URLs carry markup and script."""
    path = str(target / "hostile.db")
    with closing(sqlite3.connect(demo_db)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE articles SET title = ?", (HOSTILE,))
        conn.execute("UPDATE event_mentions SET text = ? || text", (HOSTILE,))
        conn.execute("UPDATE quote_mentions SET text = text || ?", (HOSTILE,))
        conn.execute("UPDATE articles SET url = 'javascript:window.__pwned=3//' || id")
    return path


def test_report_escapes_article_markup(demo_db, tmp_path):
    db = _hostile_copy(demo_db, tmp_path)
    with SQLiteStore(db) as store:
        html = render_html(build_report(store, YEAR))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "href=" not in html  # every article URL is a javascript: one, and none becomes a link
    assert "javascript:" not in html


def test_report_cli_writes_html(demo_db, tmp_path):
    out = tmp_path / "sitrep.html"
    result = CliRunner().invoke(
        cli, ["report", "--db", demo_db, "--since", "30d", "--as-of", "2025-03-31", "--country", "PK", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "2025-03-02 to 2025-03-31" in result.output
    html = out.read_text(encoding="utf-8")
    assert "<span>Country: PK</span>" in html and 'id="map"' in html
    shown = CliRunner().invoke(cli, ["report", "--db", demo_db, "--since", "7d", "--as-of", "2025-03-13", "-o", "-"])
    assert shown.exit_code == 0 and shown.stdout.startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "12h"], "dated to the day"),
        (["--since", "7d", "--as-of", "2025-02-30"], "--as-of"),
        (["--since", "7d", "--format", "pdf", "-o", "-"], "cannot go to stdout"),
    ],
)
def test_report_cli_usage_errors(demo_db, args, message):
    result = CliRunner().invoke(cli, ["report", "--db", demo_db, *args])
    assert result.exit_code == 2 and message in result.output


# -- in a browser --------------------------------------------------------------------------------


def png_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG (no Pillow here)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    previous, colours = bytearray(stride), set()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        colours.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp * 2))
        previous = line
    return width, height, len(colours)


def test_report_png_decoder_counts_colours():
    rows = b"".join(b"\x00" + bytes([x * 60, 0, 0] * 2) for x in range(3))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 3, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )
    assert png_colours(png) == (2, 3, 3)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@pytest.mark.slow
def test_report_draws_map_and_timeline_in_chromium(year_report, tmp_path):
    from test_web_browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip("no chromium on this machine (./dev.sh test installs Debian's package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    report, html = year_report
    page_file = tmp_path / "sitrep.html"
    page_file.write_text(html, encoding="utf-8")
    stacked = sum(len(b.counts) for b in report.timeline)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            assert page.locator("#map circle.marker").count() == len(report.points) > 10
            assert page.locator("#map path.land").count() > 5
            assert page.locator("#timeline rect.bar").count() == stacked > 10
            battles = page.locator("#map circle.t-battles").first
            assert battles.evaluate("e => getComputedStyle(e).fill") == "rgb(214, 39, 40)"
            box = page.locator("#map svg").bounding_box()
            assert box is not None and box["width"] > 600 and box["height"] > 300
            width, height, colours = png_colours(page.locator("#map svg").screenshot())
            assert width > 600 and height > 300 and colours > 50  # land, sea, borders, markers, labels
            chart = png_colours(page.locator("#timeline svg").screenshot())
            assert chart[2] > 10
            page.set_content("<!doctype html><svg id=blank width=300 height=200></svg>")
            assert png_colours(page.locator("#blank").screenshot())[2] <= 2
        finally:
            browser.close()
    assert requests == [page_file.as_uri()]  # the page loads nothing


@pytest.mark.slow
def test_report_pdf(demo_db, tmp_path):
    from wirewatch.report.pdf import chromium_path

    if chromium_path() is None:
        pytest.skip("no chromium on this machine (./dev.sh test installs Debian's package)")
    out = tmp_path / "sitrep.pdf"
    result = CliRunner().invoke(
        cli, ["report", "--db", demo_db, "--since", "52w", "--as-of", "2025-10-31", "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 3, pages  # figures, lists and contradictions each start a sheet


def test_report_pdf_without_chromium(monkeypatch, tmp_path):
    from wirewatch.errors import WirewatchError
    from wirewatch.report import html_to_pdf

    monkeypatch.delenv("WIREWATCH_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(WirewatchError, match="apt-get install chromium"):
        html_to_pdf("<p>x</p>", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_report_type_tables_are_in_schema_order(year_report):
    report, _ = year_report
    from wirewatch.report.build import EVENT_TYPES

    order = [c.label for c in report.by_type]
    assert order == sorted(order, key=EVENT_TYPES.index)
    assert Counter(order).most_common(1)[0][1] == 1
