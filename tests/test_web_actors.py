"""The actors, quotes, claims, conflicts and stories API, the actor pages and the claims board, over the demo corpus."""

from __future__ import annotations

import shutil
import sqlite3
from typing import Any

import pytest
from fastapi.testclient import TestClient

from wirewatch.nlp.kb import load_kb
from wirewatch.store import open_store
from wirewatch.web.app import create_app
from wirewatch.web.pages_actors import CONFLICT_CAP, claims_board

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(demo_db: str) -> TestClient:
    return TestClient(create_app(demo_db))


def walk(client: TestClient, url: str, *, limit: int, **filters: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following next_cursor."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit, **filters}
    for _ in range(1000):
        response = client.get(url, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        if body["next_cursor"] is None:
            assert body["next"] is None
            return items
        params["cursor"] = body["next_cursor"]
    raise AssertionError("pagination did not end")


def invalid(response: Any, parameter: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["status"] == 422 and parameter in body["error"]
    assert [p["parameter"] for p in body["detail"]] == [parameter]


# -- actors -----------------------------------------------------------------------------------------


def test_api_actors_records_validate_and_walk_without_repeats(client: TestClient, demo_db: str, schema) -> None:
    validator = schema("actor")
    first = client.get("/api/actors", params={"limit": 5}).json()
    items = walk(client, "/api/actors", limit=40)
    ids = [a["id"] for a in items]
    assert len(ids) == len(set(ids)) == first["total"]
    with open_store(demo_db) as store:
        new = store.new_actors()
        counts = store.actor_mention_counts()
    assert len(ids) == len(load_kb()) + len(new) and new
    for record in items:
        validator.validate(record)
        assert record["mentions"] == counts.get(record["id"], 0)


def test_api_actors_sorted_by_mentions(client: TestClient) -> None:
    items = client.get("/api/actors", params={"sort": "mentions", "limit": 10}).json()["items"]
    counts = [a["mentions"] for a in items]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "fitna al-khawarij"}, "ttp"),  # an alias, another case
        ({"q": "Tehreek e Taliban Pakistan"}, "ttp"),  # a spelling the aliases fold to
        ({"q": "BLA", "type": "militant group"}, "bla"),
    ],
)
def test_api_actors_search(client: TestClient, params: dict[str, str], expected: str) -> None:
    items = client.get("/api/actors", params=params).json()["items"]
    assert expected in [a["id"] for a in items]


def test_api_actors_type_and_country_filters(client: TestClient) -> None:
    items = walk(client, "/api/actors", limit=200, type="militant group", country="pakistan")
    assert items and all(a["type"] == "militant group" and a["country"] == "Pakistan" for a in items)
    assert {"ttp", "bla"} <= {a["id"] for a in items}


def test_api_actors_bad_parameters_are_422(client: TestClient) -> None:
    invalid(client.get("/api/actors", params={"type": "rebels"}), "type")
    invalid(client.get("/api/actors", params={"limit": 201}), "limit")
    invalid(client.get("/api/actors", params={"cursor": "not-a-cursor"}), "cursor")
    invalid(client.get("/api/actors", params={"sort": "name"}), "sort")


def test_api_actor_detail_ttp(client: TestClient, demo_db: str, schema) -> None:
    response = client.get("/api/actors/ttp", params={"limit": 200})
    assert response.status_code == 200
    actor = response.json()
    schema("actor").validate(actor)
    assert actor["name"] == "Tehrik-i-Taliban Pakistan"
    uses = {a["alias"]: a["used_by"] for a in actor["alias_uses"]}
    assert uses["Fitna al-Khawarij"] == "Government of Pakistan" and uses["TTP"] is None
    assert "jamaat-ul-ahrar" in {f["id"] for f in actor["factions"]}
    assert actor["parent_actor"] is None
    written = {w["text"]: w["mentions"] for w in actor["written"]}
    assert written["TTP"] > 0 and sum(written.values()) == actor["mention_count"]
    mentions = actor["mentions"]["items"]
    assert len(mentions) == actor["mention_count"] and all(m["method"] and m["how"] for m in mentions)
    with sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True) as conn:
        as1, as2 = conn.execute(
            "SELECT sum(actor1_id = 'ttp'), sum(actor2_id = 'ttp') FROM events WHERE event_date IS NOT NULL"
        ).fetchone()
    assert (actor["events_as_actor1"], actor["events_as_actor2"]) == (as1, as2 or 0) and as1 > 0
    months = [m["month"] for m in actor["events_by_month"]]
    assert months == sorted(months)
    claims = schema("claim")
    assert actor["claims_made"]["items"]
    for claim in actor["claims_made"]["items"]:
        claims.validate(claim)
    for claim in actor["claims_about"]["items"]:
        claims.validate(claim)
        assert claim not in actor["claims_made"]["items"]
    for quote in actor["quotes"]["items"]:
        schema("quote").validate(quote)
    others = [o["actor_id"] for o in actor["co_actors"]]
    assert others and "ttp" not in others


def test_api_actor_faction_names_its_parent(client: TestClient) -> None:
    actor = client.get("/api/actors/jamaat-ul-ahrar").json()
    assert actor["parent"] == "ttp" and actor["parent_actor"]["name"] == "Tehrik-i-Taliban Pakistan"
    assert next(a["id"] for a in actor["ancestors"]) == "ttp"


def test_api_actor_mentions_paginate_without_repeats(client: TestClient) -> None:
    total = client.get("/api/actors/bla").json()["mention_count"]
    seen: list[tuple[str, int]] = []
    params: dict[str, Any] = {"limit": 7}
    while True:
        page = client.get("/api/actors/bla", params=params).json()["mentions"]
        seen += [(m["article_id"], m["start"]) for m in page["items"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == total > 7


def test_api_new_actor_with_colon_in_id(client: TestClient, demo_db: str, schema) -> None:
    with open_store(demo_db) as store:
        new_id = str(store.new_actors()[0]["actor_id"])
    assert new_id.startswith("new:")
    for path in (f"/api/actors/{new_id}", f"/api/actors/{new_id.replace(':', '%3A')}"):
        actor = client.get(path).json()
        schema("actor").validate(actor)
        assert actor["id"] == new_id and actor["mention_count"] > 0 and actor["factions"] == []


@pytest.mark.parametrize("actor_id", ["no-such-actor", "new:no-such-actor"])
def test_api_unknown_actor_is_404_json(client: TestClient, actor_id: str) -> None:
    response = client.get(f"/api/actors/{actor_id}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status"] == 404 and actor_id in response.json()["error"]


# -- quotes, claims, conflicts, stories -------------------------------------------------------------


def test_api_quotes_validate_walk_and_filter(client: TestClient, demo_db: str, schema) -> None:
    validator = schema("quote")
    items = walk(client, "/api/quotes", limit=30)
    ids = [q["id"] for q in items]
    with open_store(demo_db) as store:
        assert ids == [q["id"] for q in store.quotes()]
    assert len(ids) == len(set(ids)) > 30
    for quote in items:
        validator.validate(quote)
    article = items[0]["article_id"]
    mine = client.get("/api/quotes", params={"article_id": article, "limit": 200}).json()["items"]
    assert mine and all(q["article_id"] == article for q in mine)
    assert len(mine) == sum(q["article_id"] == article for q in items)
    spoke = client.get("/api/quotes", params={"speaker": "mujahid"}).json()["items"]
    assert spoke and all("mujahid" in (q["speaker"] or "").casefold() for q in spoke)


def test_api_claims_validate_walk_and_filter(client: TestClient, schema) -> None:
    validator = schema("claim")
    items = walk(client, "/api/claims", limit=25)
    ids = [c["id"] for c in items]
    assert len(ids) == len(set(ids)) > 25
    for claim in items:
        validator.validate(claim)
    hedged = walk(client, "/api/claims", limit=200, hedged="true")
    plain = walk(client, "/api/claims", limit=200, hedged="false")
    assert hedged and all(c["hedged"] for c in hedged) and not any(c["hedged"] for c in plain)
    assert len(hedged) + len(plain) == len(items)
    denials = walk(client, "/api/claims", limit=200, stance="denies")
    assert denials and {c["stance"] for c in denials} == {"denies"}
    event = next(c["event_id"] for c in items if c["event_id"])
    about = client.get("/api/claims", params={"event_id": event}).json()["items"]
    assert about and {c["event_id"] for c in about} == {event}
    by_bla = client.get("/api/claims", params={"actor": "bla"}).json()["items"]
    assert by_bla and all(c["claimant"] == "Balochistan Liberation Army" for c in by_bla)


def test_api_claims_bad_parameters_are_422(client: TestClient) -> None:
    invalid(client.get("/api/claims", params={"stance": "confirms"}), "stance")
    invalid(client.get("/api/claims", params={"hedged": "perhaps"}), "hedged")
    invalid(client.get("/api/claims", params={"limit": 0}), "limit")


def test_api_conflicts_walk_and_kind(client: TestClient, demo_db: str) -> None:
    with open_store(demo_db) as store:
        everything = store.conflicts()
    items = walk(client, "/api/conflicts", limit=3)
    assert items == everything and len(items) > 3
    claims = walk(client, "/api/conflicts", limit=2, kind="claims")
    assert claims == [c for c in everything if c["kind"] == "claims"] and claims
    invalid(client.get("/api/conflicts", params={"kind": "opinions"}), "kind")


def test_api_stories_walk_and_min_size(client: TestClient, demo_db: str) -> None:
    with open_store(demo_db) as store:
        singles = [s["id"] for s in store.stories(min_size=1)]
    items = walk(client, "/api/stories", limit=4, min_size=1)
    assert [s["id"] for s in items] == singles and len(singles) > 4
    big = client.get("/api/stories", params={"min_size": 3, "limit": 200}).json()["items"]
    assert all(len(s["articles"]) + len(s["copies"]) >= 3 for s in big)
    invalid(client.get("/api/stories", params={"min_size": 0}), "min_size")


# -- pages ------------------------------------------------------------------------------------------


def test_actors_page_lists_searches_and_pages(client: TestClient) -> None:
    page = client.get("/actors", headers=HTML)
    assert page.status_code == 200 and 'name="q"' in page.text and 'name="type"' in page.text
    assert "people.css" in page.text and 'href="/actors/ttp"' in page.text and 'rel="next"' in page.text
    found = client.get("/actors", params={"q": "Fitna al-Hindustan"}, headers=HTML).text
    assert 'href="/actors/bla"' in found and 'href="/actors/ttp"' not in found
    second = client.get(page.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&"))
    assert second.status_code == 200 and 'rel="prev"' in second.text
    assert client.get("/actors", params={"type": "rebels"}, headers=HTML).status_code == 422


def test_actor_page_ttp(client: TestClient) -> None:
    page = client.get("/actors/ttp", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Tehrik-i-Taliban Pakistan</h1>" in text
    assert "<td>Fitna al-Khawarij</td><td>Government of Pakistan</td>" in text  # alias and who uses it
    assert 'href="/actors/jamaat-ul-ahrar"' in text  # a faction
    assert "<svg" in text and "as perpetrator" in text and 'href="/events?actor=ttp"' in text
    assert "Claims it made" in text and "stance-denies" in text
    assert "Appears with" in text and 'href="/actors/military-forces-of-pakistan"' in text
    assert "how each was resolved" in text and "acronym" in text


def test_actor_page_bla_and_a_faction(client: TestClient) -> None:
    text = client.get("/actors/bla", headers=HTML).text
    assert "Fitna al-Hindustan" in text and 'href="/actors/majeed-brigade"' in text
    assert "claims responsibility" in text
    faction = client.get("/actors/majeed-brigade", headers=HTML).text
    assert 'href="/actors/bla"' in faction.split('id="family"')[1].split("</section>")[0]


def test_actor_page_new_actor_and_unknown(client: TestClient, demo_db: str) -> None:
    with open_store(demo_db) as store:
        row = store.new_actors()[0]
    page = client.get(f"/actors/{row['actor_id']}", headers=HTML)
    assert page.status_code == 200 and "not in the knowledge base" in page.text
    missing = client.get("/actors/no-such-actor", headers=HTML)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")


def test_claims_board_shows_contradictions_side_by_side(client: TestClient, demo_db: str) -> None:
    with open_store(demo_db) as store:
        (conflict, *_) = store.conflicts(kind="claims")
    page = client.get("/claims", headers=HTML)
    assert page.status_code == 200
    text = page.text
    top = text.split('id="by-event"')[0]
    block = top.split(f'href="/events/{conflict["event_id"]}"')[1].split('class="people-conflict"')[0]
    assert block.count('class="people-side"') == len(conflict["sides"]) >= 2
    for side in conflict["sides"]:
        assert side["value"].replace("_", " ") in block
    assert "sources disagree on fatalities" in top
    by_event, by_claimant = text.split('id="by-event"')[1].split('id="by-claimant"')
    assert 'href="/events/evt-' in by_event and "Not tied to one event" in by_event
    assert 'href="/actors/ttp"' in by_claimant


def test_claims_board_lists_both_kinds_of_conflict(demo_db: str) -> None:
    with open_store(demo_db) as store:
        everything = store.conflicts()
        board = claims_board(store, actor=None, stance=None)
    assert board["contradictions"] == [c for c in everything if c["kind"] == "claims"][:CONFLICT_CAP]
    assert board["disagreements"] == [c for c in everything if c["kind"] != "claims"][:CONFLICT_CAP]
    assert board["contradictions"] and board["disagreements"]


def test_claims_board_filters(client: TestClient) -> None:
    text = client.get("/claims", params={"stance": "denies"}, headers=HTML).text
    by_event = text.split('id="by-event"')[1]
    assert "stance-denies" in by_event and "stance-asserts" not in by_event
    assert client.get("/claims", params={"stance": "confirms"}, headers=HTML).status_code == 422


# -- escaping ---------------------------------------------------------------------------------------

EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def evil_client(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The demo with markup in a mention, a quote and a claim, as a hostile article would put there."""
    db = str(tmp_path_factory.mktemp("evil") / "evil.db")
    shutil.copy(demo_db, db)
    with sqlite3.connect(db) as conn:
        article, event_index = conn.execute(
            "SELECT c.article_id, c.event_index FROM claim_mentions c WHERE c.event_index IS NOT NULL LIMIT 1"
        ).fetchone()
        conn.execute(
            'INSERT INTO actor_mentions (article_id, start, "end", text, actor_id, name, type, method, score, how) '
            "VALUES (?, 1, 2, ?, 'new:evil', ?, 'other', 'new', 1.0, ?)",
            (article, EVIL, f"Evil {EVIL}", f"how {EVIL}"),
        )
        conn.execute(
            'INSERT INTO actor_mentions (article_id, start, "end", text, actor_id, name, type, method, score, how) '
            "VALUES (?, 3, 4, ?, 'ttp', 'Tehrik-i-Taliban Pakistan', 'militant group', 'alias', 1.0, ?)",
            (article, f"TTP{EVIL}", f"how {EVIL}"),
        )
        conn.execute(
            'INSERT INTO quote_mentions (article_id, start, "end", text, kind, speaker, actor_id, how) '
            "VALUES (?, 5, 6, ?, 'direct', ?, 'ttp', 'test')",
            (article, f"quote {EVIL}", f"speaker {EVIL}"),
        )
        conn.execute(
            'INSERT INTO claim_mentions (article_id, start, "end", text, claimant, claimant_id, stance, hedged, '
            "hedge, via, event_index, how) VALUES (?, 7, 8, ?, ?, 'ttp', 'denies', 1, ?, ?, ?, 'test')",
            (article, f"claim {EVIL}", f"claimant {EVIL}", f"hedge {EVIL}", f"via {EVIL}", event_index),
        )
    return TestClient(create_app(db))


@pytest.mark.parametrize("url", ["/actors?q=evil", "/actors/new:evil", "/actors/ttp", "/claims"])
def test_article_text_is_escaped(evil_client: TestClient, url: str) -> None:
    page = evil_client.get(url, headers=HTML)
    assert page.status_code == 200
    assert EVIL not in page.text and "<script>" not in page.text
    assert "&lt;script&gt;" in page.text
