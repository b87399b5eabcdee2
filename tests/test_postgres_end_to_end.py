"""The commands, exports, report, watchlists and web app on a PostgreSQL store, held to what they give on
SQLite for the same input.

The demo corpus is ingested once per module into each backend through the real CLI; every command then
runs on both and must print the same (volatile timestamps aside): same counts, same event ids, same
records. Skips without a PostgreSQL server (tests/pg.py), as the other PostgreSQL tests do.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from wirewatch.cli import cli
from wirewatch.demo import corpus_dir

pytestmark = pytest.mark.slow

VOLATILE_KEYS = {"ingested_at", "updated_at", "analyzed_at", "seen_at", "at", "alerted_at", "changed_at", "sent_at"}
"""Record fields stamped with the time of writing: they differ between two ingests of the same input."""

ARTICLE_LINK = re.compile(r'href="/articles/([^"?#]+)"')

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def normal(value: Any) -> Any:
    """A JSON value with the time-of-writing fields taken out."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


def lines(output: str) -> list[Any]:
    return [normal(json.loads(line)) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def stores(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The demo corpus's pages and JSON Lines file ingested (with analysis) into a SQLite file and into a
    PostgreSQL schema of this module's own: {"sqlite": path, "postgres": url}."""
    import pg

    inputs = [str(corpus_dir() / "pages"), str(corpus_dir() / "extra.jsonl")]
    sqlite_db = str(tmp_path_factory.mktemp("pg_e2e") / "same.db")
    with pg.fresh_schema(postgres_url) as url:
        found = {"sqlite": sqlite_db, "postgres": url}
        outputs = []
        for db in found.values():
            result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", db, "-q"])
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
        assert outputs[0] == outputs[1]
        assert outputs[0].startswith("Ingested: ")
        yield found


def invoke(db: str, *args: str) -> tuple[str, str]:
    """(stdout, stderr) of a command that must succeed."""
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 0, (args, result.output)
    return result.stdout, result.stderr


def run(db: str, *args: str) -> str:
    return invoke(db, *args)[0]


def both(stores: dict[str, str], *args: str) -> tuple[str, str]:
    """The standard output of a command on each backend, whose messages must be the same."""
    (on_sqlite, said), (on_postgres, also_said) = invoke(stores["sqlite"], *args), invoke(stores["postgres"], *args)
    assert also_said == said
    return on_sqlite, on_postgres


@pytest.fixture(scope="module")
def event_ids(stores: dict[str, str]) -> list[str]:
    return [e["id"] for e in lines(run(stores["sqlite"], "events", "--json", "--limit", "1000"))]


def test_pg_e2e_stats_equal(stores):
    on_sqlite, on_postgres = (json.loads(out) for out in both(stores, "stats", "--json"))
    assert on_sqlite == on_postgres
    assert on_sqlite["events"] > 10 and on_sqlite["claims"] > 0 and on_sqlite["quotes"] > 0
    assert on_sqlite["near_duplicates"] == 2


def test_pg_e2e_same_event_ids(stores, event_ids):
    on_postgres = [e["id"] for e in lines(run(stores["postgres"], "events", "--json", "--limit", "1000"))]
    assert on_postgres == event_ids
    assert len(set(event_ids)) == len(event_ids) > 10


COMMANDS = [
    ("events", "--limit", "100"),
    ("events", "--json", "--limit", "100"),
    ("events", "--json", "--type", "Explosions/Remote violence"),
    ("events", "--json", "--sub-type", "Suicide bomb"),
    ("events", "--json", "--country", "PK"),
    ("events", "--json", "--country", "afghanistan"),
    ("events", "--json", "--admin1", "Balochistan"),
    ("events", "--json", "--actor", "TTP"),
    ("events", "--json", "--actor", "liberation"),
    ("events", "--json", "--min-fatalities", "20"),
    ("events", "--json", "--text", "mosque"),
    ("events", "--json", "--text", '"suicide bomber"'),
    ("events", "--json", "--text", "train OR railway"),
    ("events", "--json", "--since", "2023", "--until", "2024-06"),
    ("events", "--json", "--since", "2025-03-01", "--country", "Pakistan", "--limit", "3"),
    ("quotes", "--limit", "100"),
    ("quotes", "--json", "--limit", "100"),
    ("quotes", "--json", "--speaker", "police"),
    ("claims", "--limit", "100"),
    ("claims", "--json", "--limit", "100"),
    ("claims", "--json", "--stance", "denies"),
    ("claims", "--json", "--stance", "claims_responsibility"),
    ("claims", "--json", "--actor", "Liberation"),
    ("actor", "TTP"),
    ("actor", "BLA", "--json"),
    ("actor", "Islamic State", "--json"),
    ("conflicts",),
    ("conflicts", "--json"),
    ("stories", "--json"),
    ("articles", "--json", "--limit", "100"),
    ("articles", "--json", "--text", "ceasefire"),
    ("articles", "--json", "--source", "EXTRA"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_pg_e2e_command_same_output(stores, args):
    on_sqlite, on_postgres = both(stores, *args)
    if "--json" in args:
        found = lines(on_sqlite)
        assert lines(on_postgres) == found
    else:
        assert on_postgres == on_sqlite
    assert on_sqlite.strip() or args[0] == "conflicts", "the command found nothing: a weak comparison"


SEARCHES = ["bomb*", '"police lines" Peshawar', "Jaffar OR Bolan", "suicide NOT Quetta", "ceasefire"]


@pytest.mark.parametrize("query", SEARCHES)
def test_pg_e2e_search_same_hits(stores, clients, query):
    """The same articles match; the order is each engine's own ranking (bm25 against ts_rank) and the
    snippets each its own excerpt, so those are compared for what they must share."""
    on_sqlite, on_postgres = (lines(out) for out in both(stores, "search", query, "--json", "--limit", "100"))
    assert on_sqlite and sorted(h["id"] for h in on_postgres) == sorted(h["id"] for h in on_sqlite)
    assert all("[" in h["snippet"] and "]" in h["snippet"] for h in on_postgres)
    found = [get_both(clients, f"/api/search?q={quote(query)}&limit=100")[i].json() for i in (0, 1)]
    assert sorted(h["id"] for h in found[1]["items"]) == sorted(h["id"] for h in found[0]["items"])
    pages = get_both(clients, f"/search?q={quote(query)}")
    assert set(ARTICLE_LINK.findall(pages[1].text)) == set(ARTICLE_LINK.findall(pages[0].text))


def test_pg_e2e_every_event_same(stores, event_ids):
    for event_id in event_ids:
        on_sqlite, on_postgres = both(stores, "event", event_id, "--json")
        assert normal(json.loads(on_postgres)) == normal(json.loads(on_sqlite))
    on_sqlite, on_postgres = both(stores, "event", event_ids[0])
    assert on_postgres == on_sqlite


@pytest.mark.parametrize("kind", ["articles", "places", "quotes", "actors", "events", "claims"])
def test_pg_e2e_jsonl_exports_valid_and_equal(stores, kind, schema):
    on_sqlite, on_postgres = both(stores, "export", kind, "--format", "jsonl")
    validator = schema(kind.rstrip("s") if kind != "places" else "place")
    records = [json.loads(line) for line in on_postgres.splitlines()]
    assert records
    for record in records:
        validator.validate(record)
    assert lines(on_postgres) == lines(on_sqlite)


def test_pg_e2e_filtered_export_equal(stores):
    args = ("export", "events", "--country", "PK", "--since", "2024", "--text", "attack")
    on_sqlite, on_postgres = both(stores, *args)
    assert lines(on_postgres) == lines(on_sqlite)


def test_pg_e2e_stix_geojson_csv_equal(stores):
    sqlite_bundle, pg_bundle = (json.loads(out) for out in both(stores, "export", "all", "--format", "stix"))
    assert pg_bundle["type"] == "bundle" and len(pg_bundle["objects"]) > 20
    # The bundle's own id is new on every export; the objects' ids are stable.
    assert sorted(map(normal, pg_bundle["objects"]), key=json.dumps) == sorted(
        map(normal, sqlite_bundle["objects"]), key=json.dumps
    )
    sqlite_geo, pg_geo = (json.loads(out) for out in both(stores, "export", "events", "--format", "geojson"))
    assert pg_geo["type"] == "FeatureCollection" and pg_geo["features"]
    assert pg_geo == sqlite_geo
    sqlite_csv, pg_csv = both(stores, "export", "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(pg_csv)))
    assert rows and "event_date" in rows[0]
    assert pg_csv == sqlite_csv


def test_pg_e2e_report_same(stores, tmp_path):
    pages = []
    for name, db in stores.items():
        out = tmp_path / f"{name}.html"
        run(db, "report", "--since", "2015-01-01", "--as-of", "2025-12-31", "--country", "PK", "-o", str(out))
        pages.append(TIMESTAMP.sub("<time>", out.read_text(encoding="utf-8")))
    assert "<html" in pages[1] and "Situation report" in pages[1]
    assert pages[1] == pages[0]


WATCHLIST = """\
watchlists:
  - name: pk-deadly
    rules:
      - places: [Pakistan]
        min_fatalities: 10
      - actors: [BLA]
    targets:
      jsonl: alerts.jsonl
"""


def test_pg_e2e_watchlists_run_same_alerts(stores, tmp_path):
    alerts = []
    for name, db in stores.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "w.yaml").write_text(WATCHLIST, encoding="utf-8")
        run(db, "watchlists", "run", str(folder / "w.yaml"))
        sent = (folder / "alerts.jsonl").read_text(encoding="utf-8")
        run(db, "watchlists", "run", str(folder / "w.yaml"))  # the same figures: nothing sent again
        assert (folder / "alerts.jsonl").read_text(encoding="utf-8") == sent
        alerts.append(lines(sent))
    assert alerts[1] and alerts[1] == alerts[0]


# -- the web app ------------------------------------------------------------------------------------

API = [
    "/api/events?limit=100",
    "/api/events?country=PK&since=2024&limit=100",
    "/api/events?text=bomber&limit=100",
    "/api/events/map",
    "/api/events/timeline",
    "/api/articles?limit=100",
    "/api/actors",
    "/api/actors/ttp",
    "/api/quotes?limit=100",
    "/api/claims?limit=100",
    "/api/conflicts",
    "/api/stories",
    "/api/places?limit=100",
    "/api/stats",
]

PAGES = ["/", "/events", "/events?country=PK", "/actors", "/actors/ttp", "/claims", "/articles"]


@pytest.fixture(scope="module")
def clients(stores: dict[str, str]) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from wirewatch.web.app import create_app

    return {name: TestClient(create_app(db)) for name, db in stores.items()}


def get_both(clients: dict[str, Any], url: str) -> tuple[Any, Any]:
    responses = clients["sqlite"].get(url), clients["postgres"].get(url)
    assert [r.status_code for r in responses] == [200, 200], (url, responses[1].text[:300])
    return responses


@pytest.mark.parametrize("url", API)
def test_pg_e2e_api_same(clients, url):
    on_sqlite, on_postgres = get_both(clients, url)
    assert normal(on_postgres.json()) == normal(on_sqlite.json())


def test_pg_e2e_api_one_event_and_article(clients, event_ids):
    for event_id in event_ids[:5]:
        on_sqlite, on_postgres = get_both(clients, f"/api/events/{event_id}")
        assert normal(on_postgres.json()) == normal(on_sqlite.json())
    article_id = event_ids and get_both(clients, f"/api/events/{event_ids[0]}")[1].json()["sources"][0]["article_id"]
    on_sqlite, on_postgres = get_both(clients, f"/api/articles/{article_id}")
    assert normal(on_postgres.json()) == normal(on_sqlite.json())
    page_sqlite, page_postgres = get_both(clients, f"/articles/{article_id}")
    assert page_postgres.text == page_sqlite.text
    page_sqlite, page_postgres = get_both(clients, f"/events/{event_ids[0]}")
    assert page_postgres.text == page_sqlite.text


@pytest.mark.parametrize("url", PAGES)
def test_pg_e2e_pages_same(clients, url):
    on_sqlite, on_postgres = get_both(clients, url)
    assert TIMESTAMP.sub("<time>", on_postgres.text) == TIMESTAMP.sub("<time>", on_sqlite.text)


def test_pg_e2e_bad_query_is_422(clients):
    for client in clients.values():
        response = client.get("/api/search?q=%22unbalanced")
        assert response.status_code == 422
        assert response.json()["detail"][0]["parameter"] == "q"


def test_pg_e2e_create_app_unreachable_server_fails_early():
    from wirewatch.errors import StoreError
    from wirewatch.web.app import create_app

    with pytest.raises(StoreError, match="cannot connect"):
        create_app("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_pg_e2e_web_app_reuses_pooled_connections(clients):
    pool = clients["postgres"].app.state.pool
    assert pool is not None and clients["sqlite"].app.state.pool is None
    before = pool.stats()
    for _ in range(30):
        assert clients["postgres"].get("/api/stats").status_code == 200
    after = pool.stats()
    assert after["requests_num"] - before.get("requests_num", 0) == 30
    assert after.get("connections_num", 0) - before.get("connections_num", 0) <= 1  # not one per request
