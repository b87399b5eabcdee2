"""The events API and the events pages (overview, table, event page), through FastAPI's TestClient."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wirewatch.web.app import STATIC, create_app
from wirewatch.web.pages import estimate, highlight, type_slug

HTML = {"accept": "text/html"}
PESHAWAR = "Police Lines"
"""Evidence text of the demo's Peshawar mosque bombing: three sources, 59, 100 and 84 killed."""


@pytest.fixture(scope="module")
def client(demo_db: str) -> TestClient:
    return TestClient(create_app(demo_db))


@pytest.fixture(scope="module")
def peshawar(client: TestClient) -> dict:
    params = {"q": PESHAWAR, "type": "Explosions/Remote violence", "admin1": "Khyber Pakhtunkhwa"}
    found = [e for e in client.get("/api/events", params=params).json()["items"] if e["location"] == "Peshawar"]
    assert len(found) == 1
    return found[0]


class Assets(HTMLParser):
    """Every script src and stylesheet/icon href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        if tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))


def _assets(html: str) -> list[str]:
    parser = Assets()
    parser.feed(html)
    return parser.urls


# -- the API ------------------------------------------------------------------------------------------


def test_api_events_filters_narrow(client: TestClient):
    everything = client.get("/api/events").json()["total"]
    battles = client.get("/api/events", params={"type": "Battles"}).json()
    assert 0 < battles["total"] < everything
    assert {e["event_type"] for e in battles["items"]} == {"Battles"}
    deadly = client.get("/api/events", params={"min_fatalities": 50, "limit": 200}).json()
    assert 0 < deadly["total"] < everything
    assert all(max(e["fatalities"] or 0, e["fatalities_high"] or 0) >= 50 for e in deadly["items"])
    recent = client.get("/api/events", params={"since": "2025", "limit": 200}).json()
    assert 0 < recent["total"] < everything
    assert all(e["event_date"] >= "2025" for e in recent["items"])


def test_api_events_bbox(client: TestClient):
    # Khyber Pakhtunkhwa and around it, not Balochistan's south or Somalia.
    box = client.get("/api/events", params={"bbox": "33,70,35,73", "limit": 200}).json()
    assert box["total"] > 0
    assert all(33 <= e["latitude"] <= 35 and 70 <= e["longitude"] <= 73 for e in box["items"])
    assert box["total"] < client.get("/api/events").json()["total"]


def test_api_events_cursor_walks_everything_once(client: TestClient):
    total = client.get("/api/events").json()["total"]
    seen: list[str] = []
    url: str | None = "/api/events?limit=7"
    while url:
        page = client.get(url).json()
        assert len(page["items"]) <= 7
        seen += [e["id"] for e in page["items"]]
        url = page["next"]
        if url:
            assert page["next_cursor"] in url
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("limit=201", "limit"), ("since=2024-13", "since"), ("until=yesterday", "until"), ("cursor=zzz", "cursor")],
)
def test_api_events_bad_parameters_are_422_naming_them(client: TestClient, query: str, parameter: str):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert parameter in body["error"]
    assert parameter in [d["parameter"] for d in body["detail"]]


def test_api_unknown_event_is_404_json(client: TestClient):
    response = client.get("/api/events/evt-nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status"] == 404


def test_api_event_records_match_the_schema(client: TestClient, schema, peshawar: dict):
    validator = schema("event")
    for record in client.get("/api/events", params={"limit": 200}).json()["items"]:
        validator.validate(record)
    one = client.get(f"/api/events/{peshawar['id']}").json()
    # The schema lets records carry more keys (it says nothing of additionalProperties): claims included.
    validator.validate(one)
    assert {c["event_id"] for c in one["claims"]} == {peshawar["id"]}
    validator.validate({k: v for k, v in one.items() if k != "claims"})


def test_api_map_and_timeline_follow_the_filters(client: TestClient):
    everything = client.get("/api/events/map").json()
    battles = client.get("/api/events/map", params={"type": "Battles"}).json()
    assert 0 < len(battles["items"]) < len(everything["items"])
    assert all(p["latitude"] is not None for p in everything["items"])
    weeks = client.get("/api/events/timeline").json()["items"]
    assert sum(w["events"] for w in weeks) <= everything["total"]
    battle_weeks = client.get("/api/events/timeline", params={"type": "Battles"}).json()["items"]
    assert 0 < len(battle_weeks) < len(weeks)
    assert {w["event_type"] for w in battle_weeks} == {"Battles"}


# -- the pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/events", "/events?type=Battles"])
def test_pages_answer(client: TestClient, url: str):
    response = client.get(url, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_overview_has_the_hooks_and_no_events(client: TestClient):
    html = client.get("/", headers=HTML).text
    for hook in ('id="map"', 'id="timeline"', 'id="filters"', 'id="event-count"'):
        assert hook in html
    for name in ("since", "until", "type", "sub_type", "actor", "country", "admin1", "min_fatalities", "q"):
        assert f'name="{name}"' in html
    assert "evt-" not in html  # the events come from the API, not inside the page


def test_filters_round_trip_into_the_form(client: TestClient):
    query = {"since": "2023-01", "type": "Battles", "sub_type": "Armed clash", "country": "PK", "q": "<b>x</b>"}
    for url in ("/", "/events"):
        html = client.get(url, params=query, headers=HTML).text
        assert 'name="since" value="2023-01"' in html
        assert '<option value="Battles" selected>' in html
        assert '<option value="Armed clash" selected>' in html
        assert 'name="country" value="PK"' in html
        assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html  # escaped, never markup
        assert "<b>x</b>" not in html


def test_events_table_links_events_and_narrows(client: TestClient):
    all_rows = client.get("/events", params={"limit": 200}, headers=HTML).text
    battle_rows = client.get("/events", params={"type": "Battles", "limit": 200}, headers=HTML).text
    links = set(re.findall(r'href="/events/(evt-[0-9a-f]+)"', all_rows))
    battles = set(re.findall(r'href="/events/(evt-[0-9a-f]+)"', battle_rows))
    total = client.get("/api/events").json()["total"]
    assert len(links) == total
    assert battles and battles < links
    assert f">{len(battles)} event" in battle_rows


def test_events_table_pages_walk_everything_once(client: TestClient):
    seen: list[str] = []
    url: str | None = "/events?limit=25&type=Statements"
    while url:
        html = client.get(url, headers=HTML).text
        seen += re.findall(r'href="/events/(evt-[0-9a-f]+)"', html)
        found = re.search(r'href="([^"]+)" rel="next"', html)
        url = found.group(1).replace("&amp;", "&") if found else None
        if url:
            assert "type=Statements" in url
    assert len(seen) == len(set(seen)) == client.get("/api/events", params={"type": "Statements"}).json()["total"]


def test_events_table_bad_filter_is_422_page_with_the_form(client: TestClient):
    response = client.get("/events", params={"since": "soon"}, headers=HTML)
    assert response.status_code == 422
    assert 'id="filters"' in response.text
    assert "since" in response.text
    assert client.get("/events", params={"min_fatalities": "-3"}, headers=HTML).status_code == 422
    assert client.get("/events", params={"limit": "999"}, headers=HTML).status_code == 422


def test_event_page_shows_every_source_with_its_own_figures(client: TestClient, peshawar: dict):
    html = client.get(f"/events/{peshawar['id']}", headers=HTML).text
    assert "best estimate 84 (59–100), 3 sources" in html
    assert html.count('<article class="source') == 3
    for toll in ("59", "100", "84"):
        assert f"<mark>{toll}</mark>" in html
    assert 'data-kind="fatalities"' in html  # the disagreement is flagged
    assert html.count("differs") >= 2  # 59 and 100 differ from the best estimate
    for source in peshawar["sources"]:
        assert f'data-article="{source["article_id"]}"' in html


def test_event_page_for_an_unknown_event_is_a_404_page(client: TestClient):
    for headers in (HTML, {}):
        response = client.get("/events/evt-nope", headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "evt-nope" in response.text


def test_pages_load_only_local_assets(client: TestClient, peshawar: dict):
    for url in ("/", "/events", f"/events/{peshawar['id']}", "/api/docs"):
        assets = _assets(client.get(url, headers=HTML).text)
        assert assets, url
        for asset in assets:
            assert asset.startswith("/static/"), (url, asset)
            path = Path(STATIC, asset.removeprefix("/static/"))
            assert path.is_file(), asset
            assert client.get(asset).status_code == 200


def test_vendored_assets_keep_their_licences():
    vendor = Path(STATIC, "vendor")
    for package in ("leaflet", "world-atlas", "topojson-client", "swagger-ui"):
        assert (vendor / package / "LICENSE").is_file(), package
    readme = (vendor / "README.md").read_text()
    assert "1.9.4" in readme and "2.0.2" in readme
    assert "sourceMappingURL" not in (vendor / "leaflet" / "leaflet.js").read_text()


def test_static_scripts_never_write_html_from_data():
    for script in Path(STATIC).glob("*.js"):
        text = script.read_text()
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, script.name


# -- helpers ------------------------------------------------------------------------------------------


def test_type_slug_matches_the_stylesheet():
    css = Path(STATIC, "app.css").read_text()
    from wirewatch.web.pages import event_types

    for name in event_types():
        assert f".t-{type_slug(name)} " in css, name
    assert type_slug("Explosions/Remote violence") == "explosions-remote-violence"


@pytest.mark.parametrize(
    ("event", "sources", "expected"),
    [
        ({"fatalities": 84, "fatalities_low": 59, "fatalities_high": 100}, 3, "best estimate 84 (59–100), 3 sources"),
        ({"fatalities": 26, "fatalities_low": 26, "fatalities_high": 26}, 1, "best estimate 26, 1 source"),
        ({"fatalities": None, "fatalities_low": 3, "fatalities_high": 63}, 1, "between 3 and 63 killed"),
        ({"fatalities": None, "fatalities_low": None, "fatalities_high": None}, 2, "no toll given, 2 sources"),
    ],
)
def test_estimate_summary(event: dict, sources: int, expected: str):
    assert estimate(event, sources).startswith(expected)


def test_highlight_marks_only_the_figures():
    text = "At least twenty-six people, not 2, were killed and 1,200 fled; 26 died."
    parts = highlight(text, {26, 1200})
    assert "".join(p for p, _ in parts) == text
    assert [p for p, marked in parts if marked] == ["twenty-six", "1,200", "26"]
    assert highlight("", {3}) == []
    assert highlight("no figures", set()) == [("no figures", False)]
