"""The web app in a real headless Chromium (Debian's `chromium`, driven by Playwright for Python):
the overview's map and timeline, filtering, an event's sources side by side, and markup from an article
staying inert text."""

from __future__ import annotations

import os

import pytest

from wirewatch.report.pdf import CHROMIUM_FLAGS, chromium_path

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = list(CHROMIUM_FLAGS)

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"><b>bold</b>'


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: ./dev.sh test installs it")
        pytest.skip("no chromium on this machine (./dev.sh test installs Debian's package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo_site(demo_db):
    from wirewatch.web import create_app
    from wirewatch.web.live import running

    with running(create_app(demo_db)) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.errors = errors  # type: ignore[attr-defined]
    yield opened
    context.close()


def wait_ready(page) -> None:
    page.wait_for_selector("body[data-ready='1'], #map[data-ready='1']", timeout=15_000)


def test_overview_draws_markers_and_timeline_bars(page, demo_site):
    page.goto(demo_site + "/")
    wait_ready(page)
    markers = page.locator("#map .ww-marker").count()
    bars = page.locator("#timeline rect.ww-bar").count()
    assert markers > 10
    assert bars > 5
    # The basemap is the vendored country outlines, drawn without any tile server.
    assert page.locator("#map path").count() > markers
    assert page.errors == []  # type: ignore[attr-defined]


def test_filtering_narrows_map_timeline_and_url(page, demo_site):
    page.goto(demo_site + "/")
    wait_ready(page)
    before_markers = page.locator("#map .ww-marker").count()
    before_bars = page.locator("#timeline rect.ww-bar").count()
    before_count = page.inner_text("#event-count")
    page.evaluate("document.body.removeAttribute('data-ready')")
    page.evaluate("document.querySelector('#map')?.removeAttribute('data-ready')")
    if page.locator("#filters select[name=type]").count():
        page.select_option("#filters [name=type]", "Explosions/Remote violence")
    else:
        page.fill("#filters [name=type]", "Explosions/Remote violence")
    page.fill("#filters [name=country]", "Pakistan")
    page.locator("#filters [name=country]").press("Enter")
    wait_ready(page)
    after_markers = page.locator("#map .ww-marker").count()
    after_bars = page.locator("#timeline rect.ww-bar").count()
    assert 0 < after_markers < before_markers
    assert 0 < after_bars < before_bars
    assert page.inner_text("#event-count") != before_count
    assert "country=Pakistan" in page.url and "type=Explosions" in page.url
    # The URL carries the filters: opening it again shows the same narrowed view.
    page.goto(page.url)
    wait_ready(page)
    assert page.locator("#map .ww-marker").count() == after_markers


def test_event_page_shows_sources_with_different_tolls(page, demo_site):
    import httpx

    found = httpx.get(demo_site + "/api/events", params={"q": "Police Lines", "limit": 50}).json()["items"]
    event = max(found, key=lambda e: len({s["fatalities"] for s in e["sources"]}))
    tolls = {s["fatalities"] for s in event["sources"] if s["fatalities"] is not None}
    assert len(tolls) >= 2
    page.goto(f"{demo_site}/events/{event['id']}")
    text = page.inner_text("main")
    for toll in tolls:
        assert str(toll) in text
    assert page.locator(".source").count() >= 2
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A store holding one article whose title and text carry markup and script, ingested as a page."""
    from wirewatch.pipeline import ingest
    from wirewatch.settings import Settings
    from wirewatch.store import open_store
    from wirewatch.web import create_app
    from wirewatch.web.live import running

    folder = tmp_path_factory.mktemp("hostile")
    body = " ".join(
        [
            f"Police in Peshawar said on Monday that a note reading {HOSTILE} was left at the gate.",
            "A bomb exploded near the gate of the district court in Peshawar, killing three people.",
            "Officials said the note was handed to investigators. " * 3,
        ]
    )
    html = (
        f"<!doctype html><html><head><title>Court note {HOSTILE}</title>"
        '<meta property="article:published_time" content="2024-05-06"></head>'
        f"<body><article><h1>Court note {HOSTILE}</h1><p>{_escape(body)}</p><p>{_escape(body)}</p>"
        "</article></body></html>"
    )
    (folder / "hostile.html").write_text(html, encoding="utf-8")
    db = str(folder / "hostile.db")
    store = open_store(db)
    try:
        summary = ingest([str(folder / "hostile.html")], store=store, settings=Settings.from_env(db=db))
        assert summary.failed == 0 and summary.new == 1
        article_id = next(iter(store.articles()))["id"]
    finally:
        store.close()
    with running(create_app(db)) as base:
        yield base, article_id


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@pytest.mark.parametrize("path", ["/articles/{id}", "/articles", "/search?q=note", "/", "/events", "/claims"])
def test_markup_from_an_article_stays_inert_text(page, hostile_site, path):
    base, article_id = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    response = page.goto(base + path.format(id=article_id))
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("main script, main img[src=x], main b").count() == 0
    if path.startswith("/articles/"):
        assert "<script>window.__pwned=1</script>" in page.inner_text("main")
