"""The articles API, the article, list and search pages, the ingest endpoint, and escaping of hostile text.

``build_hostile_db`` makes a store holding an article whose title and text carry markup and script; it
is importable (``from test_web_articles import build_hostile_db``) for the real-browser check.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import httpfixture
import pytest
from conftest import BODY, page
from fastapi.testclient import TestClient
from httpfixture import HTML, LocalServer

from wirewatch.pipeline import ingest
from wirewatch.settings import Settings
from wirewatch.store import open_store
from wirewatch.web.api_articles import article_mentions
from wirewatch.web.app import create_app
from wirewatch.web.pages_articles import Mark, Span, highlight, mention_spans, safe_url, split_snippet

http_server = httpfixture.http_server  # the fixture, imported as a name

DOHA = "Pakistan, Afghanistan agree ceasefire in Doha after week of deadly clashes"
HTML_ACCEPT = {"accept": "text/html"}

SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><b>bold</b>'
HOSTILE = (SCRIPT, IMG, BREAKOUT)
HOSTILE_TITLE = f"Hostile {SCRIPT} {IMG} {BREAKOUT} report"
HOSTILE_TEXT = (
    f"PESHAWAR - Police said a bomb {SCRIPT} exploded near a checkpoint in Peshawar on Monday, killing three "
    f"people, officials said. The Pakistan Army {IMG} said it had sealed the area.\n"
    f"The Tehrik-i-Taliban Pakistan said it carried out the attack {BREAKOUT} and warned of more, according "
    "to a statement sent to reporters. Security forces launched a search operation in the district, and "
    "the provincial government announced compensation for the families of those killed."
)
HOSTILE_URL = "javascript:alert(document.domain)//hostile"


def build_hostile_db(directory: Path, *, analyze: bool = True) -> tuple[str, str]:
    """A store at ``directory``/hostile.db holding one article (ingested through the real pipeline from a
    JSON Lines record) whose title, text and URL are hostile; returns (db path, article id)."""
    record = {"url": HOSTILE_URL, "title": HOSTILE_TITLE, "published": "2025-06-02", "text": HOSTILE_TEXT}
    source = directory / "hostile.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(directory / "hostile.db")
    store = open_store(db)
    try:
        summary = ingest([str(source)], store=store, settings=Settings(db=db, analyze=analyze))
        if summary.new != 1:
            raise RuntimeError(f"the hostile article was not stored: {summary}")
        (article,) = store.articles()
    finally:
        store.close()
    return db, str(article["id"])


# -- helpers ----------------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and whether anchors or marks nest badly."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.nested_anchor = False
        self.mismatched = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("a", "mark", "p", "sup"):
            if tag == "a" and "a" in self.open:
                self.nested_anchor = True
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "mark", "p", "sup"):
            if not self.open or self.open[-1] != tag:
                self.mismatched = True
            else:
                self.open.pop()


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def client(demo_db: str) -> TestClient:
    return TestClient(create_app(demo_db))


@pytest.fixture(scope="module")
def doha_id(client: TestClient) -> str:
    items = client.get("/api/articles", params={"q": "Doha ceasefire", "limit": 200}).json()["items"]
    return next(a["id"] for a in items if a["title"] == DOHA)


# -- API: articles ----------------------------------------------------------------------------------


def test_api_articles_records_match_the_schema(client: TestClient, schema) -> None:
    body = client.get("/api/articles", params={"limit": 200}).json()
    validator = schema("article")
    assert len(body["items"]) == 39 and body["next_cursor"] is None
    for record in body["items"]:
        validator.validate(record)
    dates = [a["published"] for a in body["items"] if a["published"]]
    assert dates == sorted(dates, reverse=True)


def test_api_articles_pages_cover_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    url: str | None = "/api/articles?limit=7"
    pages = 0
    while url:
        body = client.get(url).json()
        assert len(body["items"]) <= 7
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 6 and len(seen) == 39 and len(set(seen)) == 39


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"limit": 201}, "limit"),
        ({"limit": 0}, "limit"),
        ({"since": "2025-13"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_api_articles_bad_parameters_are_422_naming_it(client: TestClient, query: dict, parameter: str) -> None:
    response = client.get("/api/articles", params=query)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and parameter in body["error"]
    assert [d["parameter"] for d in body["detail"]] == [parameter]


def test_api_articles_filters(client: TestClient) -> None:
    month = client.get("/api/articles", params={"since": "2025-10", "until": "2025-10", "limit": 200}).json()["items"]
    assert month and all(a["published"].startswith("2025-10") for a in month)
    assert DOHA in {a["title"] for a in month}  # published 2025-10-19: 'until 2025-10' keeps the whole month
    assert client.get("/api/articles", params={"language": "xx"}).json()["items"] == []
    sourced = client.get("/api/articles", params={"source": "khybercourier", "limit": 200}).json()["items"]
    assert sourced and all("khybercourier" in (a["url"] or a["source"]) for a in sourced)
    found = client.get("/api/articles", params={"q": "ceasefire Doha"}).json()["items"]
    assert DOHA in {a["title"] for a in found}


def test_api_article_has_its_mentions(client: TestClient, doha_id: str, schema) -> None:
    body = client.get(f"/api/articles/{doha_id}").json()
    mentions = body.pop("mentions")
    schema("article").validate(body)
    assert set(mentions) == {"actors", "people", "dates", "quantities", "places", "quotes", "events", "claims"}
    text = body["text"]
    for kind, rows in mentions.items():
        assert rows, kind
        for row in rows:
            assert 0 <= row["start"] < row["end"] <= len(text) and "article_id" not in row
            if kind not in ("people", "quantities"):  # these two record what they resolved to, not how
                assert row["how"]
    doha = next(p for p in mentions["places"] if p["text"] == "Doha")
    assert doha["resolved_name"] == "Doha" and doha["country"] == "Qatar" and round(doha["latitude"]) == 25
    assert any(a["actor_id"] == "government-of-pakistan" for a in mentions["actors"])
    event_ids = {e["event_id"] for e in mentions["events"]}
    assert None not in event_ids and len(event_ids) == len(mentions["events"])
    for event_id in event_ids:
        assert client.get(f"/api/events/{event_id}").status_code == 200


def test_api_article_missing_is_404_json(client: TestClient) -> None:
    response = client.get("/api/articles/art-0000000000000000")
    assert response.status_code == 404
    assert response.json() == {"error": "no article 'art-0000000000000000'", "status": 404}


# -- API: search and places -------------------------------------------------------------------------


def test_api_search_snippets_and_pages(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "ceasefire", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    assert all("[ceasefire]" in hit["snippet"].lower() for hit in first["items"])
    second = client.get(first["next"]).json()
    assert second["items"] and not {h["id"] for h in first["items"]} & {h["id"] for h in second["items"]}


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "title:"])
def test_api_search_bad_query_is_422_naming_q_with_the_reason(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and "bad search query" in body["error"]
    assert body["detail"][0]["parameter"] == "q"


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}])
def test_api_search_needs_a_query(client: TestClient, query: dict) -> None:
    response = client.get("/api/search", params=query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["parameter"] == "q"


def test_api_places_match_the_schema_and_filter(client: TestClient, doha_id: str, schema) -> None:
    validator = schema("place")
    body = client.get("/api/places", params={"limit": 200}).json()
    assert len(body["items"]) == 200 and body["next_cursor"]
    for record in body["items"]:
        validator.validate(record)
    mine = client.get("/api/places", params={"article_id": doha_id, "limit": 200}).json()["items"]
    assert mine and {p["article_id"] for p in mine} == {doha_id}
    assert [p["start"] for p in mine] == sorted(p["start"] for p in mine)
    by_code = client.get("/api/places", params={"country": "qa", "limit": 200}).json()["items"]
    by_name = client.get("/api/places", params={"country": "Qatar", "limit": 200}).json()["items"]
    assert by_code and by_code == by_name and all(p["country"] == "Qatar" for p in by_code)


# -- highlighting -----------------------------------------------------------------------------------


def flatten(nodes: list[Mark | str]) -> str:
    return "".join(n if isinstance(n, str) else flatten(n.children) for n in nodes)


def test_highlight_keeps_the_text_and_splits_crossing_spans() -> None:
    text = "alpha beta gamma delta\nsecond line"
    quote = Span(0, 16, "quote", "q")  # alpha beta gamma
    claim = Span(6, 22, "claim", "c")  # beta gamma delta: crosses the quote's end
    actor = Span(6, 10, "actor", "a", href="/actors/x")
    place = Span(6, 10, "place", "p")
    paragraphs = highlight(text, [claim, place, quote, actor])
    assert [flatten(p) for p in paragraphs] == ["alpha beta gamma delta", "second line"]
    (outer,) = [n for n in paragraphs[0] if isinstance(n, Mark) and n.span is quote]
    # The quote holds the first piece of the claim, which holds the actor, which holds the place.
    claim_piece = outer.children[1]
    assert isinstance(claim_piece, Mark) and claim_piece.span is claim and not claim_piece.last
    actor_mark = claim_piece.children[0]
    assert isinstance(actor_mark, Mark) and actor_mark.span is actor and actor_mark.link
    assert isinstance(actor_mark.children[0], Mark) and actor_mark.children[0].span is place
    rest = paragraphs[0][-1]
    assert isinstance(rest, Mark) and rest.span is claim and rest.last and flatten([rest]) == " delta"


def test_highlight_never_nests_links() -> None:
    spans = [Span(0, 11, "actor", "outer", href="/actors/a"), Span(0, 5, "actor", "inner", href="/actors/b")]
    (paragraph,) = highlight("Pakistan Army", spans)
    outer = paragraph[0]
    assert isinstance(outer, Mark) and outer.link
    inner = outer.children[0]
    assert isinstance(inner, Mark) and not inner.link and inner.in_link


def test_highlight_drops_spans_outside_the_text() -> None:
    (paragraph,) = highlight("short", [Span(2, 99, "date", "x"), Span(3, 3, "date", "y")])
    assert paragraph == ["short"]


def test_split_snippet_and_safe_url() -> None:
    assert split_snippet(" ... a \ue000b\ue001 [c] ") == [(" ... a ", False), ("b", True), (" [c] ", False)]
    assert split_snippet("") == []
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/relative", None, 3):
        assert safe_url(bad) is None


# -- pages ------------------------------------------------------------------------------------------


def test_article_page_highlights_and_links(client: TestClient, doha_id: str) -> None:
    response = client.get(f"/articles/{doha_id}", headers=HTML_ACCEPT)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    html = response.text
    tags = parse(html)
    assert not tags.nested_anchor and not tags.mismatched and not tags.open
    marks = [(attrs.get("class"), attrs.get("title") or "") for tag, attrs in tags.tags if tag == "mark"]
    classes = {c for c, _ in marks}
    assert {f"m-{k}" for k in ("actor", "person", "date", "quantity", "place", "quote", "event", "claim")} <= classes
    assert '<a href="/actors/government-of-pakistan">' in html
    assert any(c == "m-place" and "Doha, Ad Dawhah, Qatar (25.28" in t for c, t in marks)
    assert '<mark class="m-date" title="2025-10-19 (day) — year from publication 2025-10-19">Oct. 19</mark>' in html
    event_links = {a["href"] for tag, a in tags.tags if tag == "a" and (a.get("href") or "").startswith("/events/")}
    api = client.get(f"/api/articles/{doha_id}").json()
    merged = {e["event_id"] for e in api["mentions"]["events"] + api["mentions"]["claims"] if e["event_id"]}
    assert event_links == {f"/events/{event_id}" for event_id in merged}
    assert 'href="https://www.khybercourier.example/2025/10/19/pakistan-afghanistan-doha-ceasefire"' in html


def test_every_demo_article_keeps_its_text_and_renders_well_formed(client: TestClient, demo_db: str) -> None:
    store = open_store(demo_db)
    try:
        ids = [str(a["id"]) for a in store.articles()]
        for article_id in ids:
            text = str(store.article(article_id)["text"])  # type: ignore[index]
            paragraphs = highlight(text, mention_spans(article_mentions(store, article_id)))
            assert [flatten(p) for p in paragraphs] == [line for line in text.split("\n") if line.strip()]
    finally:
        store.close()
    for article_id in ids:
        tags = parse(client.get(f"/articles/{article_id}", headers=HTML_ACCEPT).text)
        assert not tags.nested_anchor and not tags.mismatched and not tags.open, article_id


def test_article_page_missing_is_404_page(client: TestClient) -> None:
    response = client.get("/articles/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", headers=HTML_ACCEPT)
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert IMG not in response.text and "no article &#39;&lt;img src=x onerror=alert(1)&gt;&#39;" in response.text


def test_articles_page_lists_and_pages(client: TestClient) -> None:
    html = client.get("/articles", params={"limit": 10}, headers=HTML_ACCEPT).text
    links = [a["href"] for tag, a in parse(html).tags if tag == "a" and (a.get("href") or "").startswith("/articles/")]
    assert len(links) == 10 and 'rel="next"' in html and 'rel="prev"' not in html
    (following,) = [a["href"] for tag, a in parse(html).tags if tag == "a" and a.get("rel") == "next"]
    second = client.get(following, headers=HTML_ACCEPT).text
    assert 'rel="prev"' in second and '<ol class="article-list" start="11">' in second
    assert not set(links) & {a["href"] for tag, a in parse(second).tags if tag == "a"}
    filtered = client.get("/articles", params={"q": "Doha", "since": "2025"}, headers=HTML_ACCEPT).text
    assert DOHA in filtered and 'value="Doha"' in filtered
    assert client.get("/articles", params={"since": "soon"}, headers=HTML_ACCEPT).status_code == 422


def test_search_page_marks_matches(client: TestClient) -> None:
    html = client.get("/search", params={"q": "ceasefire"}, headers=HTML_ACCEPT).text
    assert "<mark>ceasefire</mark>" in html and DOHA in html and "\ue000" not in html
    empty = client.get("/search", headers=HTML_ACCEPT)
    assert empty.status_code == 200 and '<ol class="hits"' not in empty.text
    bad = client.get("/search", params={"q": '"open'}, headers=HTML_ACCEPT)
    assert bad.status_code == 422 and "bad search query" in bad.text


# -- safety -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[TestClient, str]:
    db, article_id = build_hostile_db(tmp_path_factory.mktemp("hostile"))
    return TestClient(create_app(db)), article_id


def assert_inert(html: str) -> None:
    """None of the hostile markup is live: it is shown as text, and no tag or handler came from it."""
    for raw in HOSTILE:
        assert raw not in html
    assert "&lt;script&gt;window.__" in html
    tags = parse(html)
    assert not any(tag in ("script", "img", "b") for tag, _ in tags.tags)
    assert not any(name.startswith("on") for _, attrs in tags.tags for name in attrs)
    assert not any((attrs.get("href") or "").lower().startswith("javascript:") for _, attrs in tags.tags)


def test_hostile_article_page_is_escaped(hostile: tuple[TestClient, str]) -> None:
    client, article_id = hostile
    response = client.get(f"/articles/{article_id}", headers=HTML_ACCEPT)
    assert response.status_code == 200
    html = response.text
    assert_inert(html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&#34;&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<title>Hostile &lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert f'<span class="source">{HOSTILE_URL}</span>' in html  # shown, not linked
    tags = parse(html)
    assert "<mark" in html and not tags.mismatched and not tags.nested_anchor  # highlighted, and still inert


def test_hostile_article_in_list_and_search_is_escaped(hostile: tuple[TestClient, str]) -> None:
    client, _ = hostile
    listing = client.get("/articles", headers=HTML_ACCEPT).text
    assert_inert(listing)
    assert "Hostile &lt;script&gt;window.__pwned=1&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in listing
    results = client.get("/search", params={"q": "pwned"}, headers=HTML_ACCEPT).text
    assert_inert(results)
    assert "&lt;script&gt;window.__<mark>pwned</mark>=1&lt;/script&gt;" in results
    bold = client.get("/search", params={"q": "bold"}, headers=HTML_ACCEPT).text
    assert_inert(bold)
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in bold


def test_hostile_article_json_keeps_the_text_as_is(hostile: tuple[TestClient, str]) -> None:
    client, article_id = hostile
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["title"] == HOSTILE_TITLE and body["text"] == HOSTILE_TEXT
    assert client.get(f"/api/articles/{article_id}").headers["content-type"] == "application/json"


# -- the ingest endpoint ----------------------------------------------------------------------------


def fresh_db(directory: Path) -> str:
    db = str(directory / "ingest.db")
    open_store(db).close()
    return db


def fetch_settings(db: str, *, analyze: bool = False) -> Settings:
    """Settings that may fetch from the local test server at once, with no retries."""
    return Settings(db=db, allow_private=True, per_host_delay=0.0, retries=0, analyze=analyze)


def test_ingest_is_off_without_a_server_token(tmp_path: Path, http_server: LocalServer) -> None:
    db = fresh_db(tmp_path)
    client = TestClient(create_app(db, settings=fetch_settings(db)))
    response = client.post(
        "/api/ingest", json={"url": http_server.url("/ok")}, headers={"authorization": "Bearer anything"}
    )
    assert response.status_code == 403 and "writing is off" in response.json()["error"]
    assert http_server.paths() == []


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "s3cret", "Bearer "])
def test_ingest_needs_the_right_token(tmp_path: Path, http_server: LocalServer, header: str | None) -> None:
    db = fresh_db(tmp_path)
    client = TestClient(create_app(db, token="s3cret", settings=fetch_settings(db)))
    headers = {"authorization": header} if header is not None else {}
    response = client.post("/api/ingest", json={"url": http_server.url("/ok")}, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401
    assert http_server.paths() == []


@pytest.mark.parametrize(
    "body", [{}, {"url": ""}, {"url": 3}, {"url": "/etc/passwd"}, {"url": "file:///etc/passwd"}, {"url": "http://"}]
)
def test_ingest_takes_only_http_urls(tmp_path: Path, body: dict) -> None:
    db = fresh_db(tmp_path)
    client = TestClient(create_app(db, token="s3cret", settings=fetch_settings(db)))
    response = client.post("/api/ingest", json=body, headers={"authorization": "Bearer s3cret"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["parameter"] == "url"


def test_ingest_stores_the_page_with_the_right_token(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.pages["/news/quetta.html"] = (
        200,
        HTML,
        page("Suicide bombing at Quetta railway station", BODY).encode(),
    )
    db = fresh_db(tmp_path)
    client = TestClient(create_app(db, token="s3cret", settings=fetch_settings(db, analyze=True)))
    url = http_server.url("/news/quetta.html")
    response = client.post("/api/ingest", json={"url": url}, headers={"authorization": "Bearer s3cret"})
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["new"] == 1 and summary["failed"] == 0 and summary["failures"] == []
    (stored,) = summary["articles"]
    assert stored["outcome"] == "new"
    article = client.get(f"/api/articles/{stored['id']}").json()
    assert article["title"] == "Suicide bombing at Quetta railway station" and article["url"] == url
    assert "Quetta" in {p["text"] for p in article["mentions"]["places"]}  # analysed with the server's settings
    again = client.post("/api/ingest", json={"url": url}, headers={"authorization": "Bearer s3cret"}).json()
    assert again["new"] == 0 and again["duplicate"] == 1
    assert http_server.count("/news/quetta.html") == 2


def test_ingest_reports_a_failed_fetch(tmp_path: Path, http_server: LocalServer) -> None:
    db = fresh_db(tmp_path)
    client = TestClient(create_app(db, token="s3cret", settings=fetch_settings(db)))
    response = client.post(
        "/api/ingest", json={"url": http_server.url("/500")}, headers={"authorization": "Bearer s3cret"}
    )
    assert response.status_code == 200
    summary = response.json()
    assert summary["failed"] == 1 and summary["failures"][0]["stage"] == "fetch" and summary["articles"] == []


def test_hostile_fixture_copies_cleanly(tmp_path: Path) -> None:
    """The helper's store is a plain file: the browser check can copy it and serve it."""
    db, article_id = build_hostile_db(tmp_path, analyze=False)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    assert TestClient(create_app(str(copy))).get(f"/api/articles/{article_id}").json()["title"] == HOSTILE_TITLE
