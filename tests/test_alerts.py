"""Watchlists and alerts: validation messages, matching on event records, and whole runs that alert a real
webhook receiver on 127.0.0.1 and a JSON Lines file (new, update, nothing twice, retries, dead endpoints)."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpfixture
import pytest
from click.testing import CliRunner
from conftest import BODY, ROOT, page
from httpfixture import HTML

from wirewatch.alerts import Rule, WatchlistError, load_file, match_rule, match_watchlist
from wirewatch.alerts.watchlist import load_watchlists
from wirewatch.cli import cli
from wirewatch.store import EventFilter
from wirewatch.store.sqlite import SQLiteStore

http_server = httpfixture.http_server
EXAMPLE = ROOT / "docs" / "examples" / "watchlist.yaml"


# -- a webhook receiver ---------------------------------------------------------------------------


class Receiver:
    """A real HTTP server on 127.0.0.1 that records every POST (path, headers, JSON body) and answers with
    the statuses of ``replies`` in turn (the last one repeating)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, str], dict[str, object]]] = []
        self.replies: list[int] = [200]
        self.tries = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = owner.replies[min(owner.tries, len(owner.replies) - 1)]
                owner.tries += 1
                if status == 200:
                    owner.posts.append((self.path, dict(self.headers), json.loads(body)))
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def bodies(self) -> list[dict[str, object]]:
        return [body for _, _, body in self.posts]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    found.thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


# -- articles about invented incidents in real places ---------------------------------------------


def record(url: str, title: str, published: str, text: str) -> str:
    return json.dumps({"url": url, "title": title, "published": published, "text": text})


KOHAT = record(
    "https://example.org/news/kohat-blast",
    "Roadside bomb kills four in Kohat",
    "2024-05-14",
    "A roadside bomb struck a police van in Kohat on Tuesday morning, killing four policemen and wounding two "
    "others, officials said.\n\nTehrik-i-Taliban Pakistan said it carried out the attack in a message to "
    "reporters. The district police chief said the van was on its way to a checkpoint near the market when the "
    "device went off.\n\nRescue teams took the wounded to the district hospital, where doctors said their "
    "condition was stable.",
)
LAHORE = record(
    "https://example.org/news/lahore-protest",
    "Traders protest power cuts in Lahore",
    "2024-05-14",
    "Hundreds of traders protested peacefully in Lahore on Tuesday against long power cuts, blocking a main road "
    "for two hours before dispersing.\n\nThe traders' association said shops had lost business for weeks because "
    "of outages lasting up to ten hours a day. Police said the protest ended without incident.",
)
KOHAT_TOLL = record(
    "https://example.org/news/kohat-blast-toll",
    "Kohat bomb toll rises to seven",
    "2024-05-15",
    "The death toll from Tuesday's roadside bombing of a police van in Kohat rose to seven on Wednesday after "
    "three wounded policemen died in hospital, officials said.\n\nTehrik-i-Taliban Pakistan had said it carried "
    "out the attack. The district police chief said an inquiry had been ordered into how the device was planted "
    "near the checkpoint.",
)


def write(path: Path, *lines: str) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def watchlist_file(tmp_path: Path, webhook: str, *, retries: int = 2) -> str:
    """One watchlist on TTP bombings in Khyber Pakhtunkhwa, to the webhook and a JSON Lines file."""
    text = f"""
watchlists:
  - name: kp-bombings
    rules:
      - actors: [TTP]
        event_types: [Explosions/Remote violence]
        places: [Khyber Pakhtunkhwa]
    targets:
      webhook: {{url: "{webhook}", timeout: 2, retries: {retries}, backoff: 0, headers: {{X-Token: s3cret}}}}
      jsonl: alerts.jsonl
"""
    path = tmp_path / "watch.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def ingest(db: str, *args: str):
    return CliRunner().invoke(cli, ["ingest", *args, "--db", db, "-q"])


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


# -- validation -------------------------------------------------------------------------------------


def check_file(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "lists.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WatchlistError) as caught:
        load_file(str(path))
    return caught.value.problems


RULE = "rules: [{event_types: [Battles]}]"
TARGETS = "targets: {stdout: true}"


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        (f"rules: [{{actors: [Tehrik-i-Talibn Pakistan]}}]\n    {TARGETS}", "rules[1].actors", "did you mean"),
        (f"rules: [{{actors: [Nobody At All Front]}}]\n    {TARGETS}", "rules[1].actors", "unknown actor"),
        (f"rules: [{{event_types: [Explosion]}}]\n    {TARGETS}", "rules[1].event_types[1]", "unknown event type"),
        (f"rules: [{{event_types: [Suicide bomb]}}]\n    {TARGETS}", "rules[1].event_types[1]", "sub_event_types"),
        (f"rules: [{{sub_event_types: [Battles]}}]\n    {TARGETS}", "rules[1].sub_event_types[1]", "event_types"),
        (f"rules: [{{bbox: [30, 60, 40]}}]\n    {TARGETS}", "rules[1].bbox", "four numbers"),
        (f"rules: [{{bbox: [40, 60, 30, 70]}}]\n    {TARGETS}", "rules[1].bbox", "north of north"),
        (f"rules: [{{bbox: [10, 200, 20, 30]}}]\n    {TARGETS}", "rules[1].bbox", "out of range"),
        (f"rules: [{{min_fatalities: -1}}]\n    {TARGETS}", "rules[1].min_fatalities", "0 or more"),
        (f"rules: [{{min_fatalities: many}}]\n    {TARGETS}", "rules[1].min_fatalities", "whole number"),
        (f"rules: [{{keywrds: [bomb]}}]\n    {TARGETS}", "rules[1].keywrds", "did you mean 'keywords'"),
        (f"rules: [{{keywords: [[a]]}}]\n    {TARGETS}", "rules[1].keywords[1]", "non-empty text"),
        (f"rules: [{{}}]\n    {TARGETS}", "rules[1]", "no condition"),
        (f"rules: []\n    {TARGETS}", "rules", "at least one rule"),
        (f"{RULE}\n    targets: {{}}", "targets", "at least one of"),
        (f"{RULE}", "targets", "missing"),
        (f"{RULE}\n    targets: {{stdout: maybe}}", "targets.stdout", "true or false"),
        (f"{RULE}\n    targets: {{webhook: {{url: 'ftp://x'}}}}", "targets.webhook.url", "http"),
        (f"{RULE}\n    targets: {{webhook: {{timeout: 5}}}}", "targets.webhook.url", "missing"),
        (f"{RULE}\n    targets: {{webhook: {{url: 'http://h/', timeout: 100}}}}", "targets.webhook.timeout", "60"),
        (f"{RULE}\n    targets: {{webhook: {{url: 'http://h/', retries: 50}}}}", "targets.webhook.retries", "0 to 10"),
        (f"{RULE}\n    targets: {{webhook: {{url: 'http://h/', headers: {{'A B': x}}}}}}", "targets.webhook.headers",
         "header name"),
        (f"{RULE}\n    targets: {{jsonl: 3, smtp: x}}", "targets.smtp", "unknown field"),
        (f"{RULE}\n    targets: {{jsonl: [a]}}", "targets.jsonl", "file path"),
    ],
)  # fmt: skip
def test_watchlist_validation_names_file_watchlist_and_field(tmp_path, body, field, says):
    problems = check_file(tmp_path, f"watchlists:\n  - name: mine\n    {body}\n")
    wanted = f"{tmp_path / 'lists.yaml'}: watchlist 'mine': {field}: "
    assert any(p.startswith(wanted) and says in p for p in problems), problems
    assert all("\n" not in p for p in problems)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the file is empty"),
        ("lists: []", "missing"),
        ("watchlists: {}", "non-empty list"),
        ("watchlists:\n  - name: [\n", "not valid YAML at line"),
        (f"watchlists:\n  - {{{RULE}, {TARGETS}}}\n", "watchlist #1: name: missing"),
        (f"watchlists:\n  - name: a\n    {RULE}\n    {TARGETS}\n  - name: a\n    {RULE}\n    {TARGETS}\n", "unique"),
    ],
)
def test_watchlist_validation_of_the_file_shape(tmp_path, text, says):
    problems = check_file(tmp_path, text)
    assert any(p.startswith(str(tmp_path / "lists.yaml") + ": ") and says in p for p in problems), problems


def test_watchlist_validation_reports_every_mistake_at_once(tmp_path):
    problems = check_file(
        tmp_path,
        "watchlists:\n  - name: a\n    rules: [{event_types: [Explosion]}, {min_fatalities: -2}]\n    targets: {}\n",
    )
    assert len(problems) == 3, problems


def test_watchlist_names_unique_across_files(tmp_path):
    one = tmp_path / "one.yaml"
    two = tmp_path / "two.yaml"
    for path in (one, two):
        path.write_text(f"watchlists:\n  - name: same\n    {RULE}\n    {TARGETS}\n", encoding="utf-8")
    with pytest.raises(WatchlistError) as caught:
        load_watchlists([str(one), str(two)])
    assert caught.value.problems == [f"{two}: watchlist 'same': name: already used in {one}; names must be unique"]


def test_watchlist_example_file_is_valid_and_resolves_factions():
    found = load_file(str(EXAMPLE))
    assert [w.name for w in found] == ["ttp-attacks", "balochistan-mass-casualty"]
    ttp = found[0].rules[0].actors[0]
    assert ttp.actor_ids == ("ttp",) and {"jamaat-ul-ahrar", "hizb-ul-ahrar"} <= ttp.ids
    assert found[0].targets.jsonl == EXAMPLE.parent / "alerts" / "ttp-attacks.jsonl"
    hook = found[1].targets.webhook
    assert hook is not None and hook.retries == 3 and dict(hook.headers)["Authorization"].startswith("Bearer")


def test_cli_watchlists_check(tmp_path):
    result = CliRunner().invoke(cli, ["watchlists", "check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "ttp-attacks" in result.output and "rule 1: actor TTP (ttp and 7 actor(s) under it)" in result.output
    assert "sends to: webhook https://alerts.example.org/hooks/wirewatch" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("watchlists:\n  - name: x\n    rules: [{event_types: [Explosion]}]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["watchlists", "check", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: watchlist 'x': rules[1].event_types[1]: unknown event type 'Explosion'" in result.output
    assert f"{bad}: watchlist 'x': targets: missing" in result.output


# -- matching ------------------------------------------------------------------------------------


def event(**fields: object) -> dict[str, object]:
    """An event record (event.schema.json): an IED in Peshawar killing 5, unless told otherwise."""
    base: dict[str, object] = dict(
        id="evt-000000000001", event_date="2024-05-14", date_precision="day",
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        actor1=None, actor1_id=None, actor2=None, actor2_id=None, country="Pakistan", country_code="PK",
        admin1="Khyber Pakhtunkhwa", admin2="Peshawar", location="Peshawar", latitude=34.008, longitude=71.5785,
        geo_precision=1, fatalities=5, fatalities_low=None, fatalities_high=None, injured=None,
        sources=[{"article_id": "art-1", "url": None, "evidence": "A bomb hit a train near Peshawar.",
                  "start": 0, "end": 33}],
    )  # fmt: skip
    base.update(fields)
    return base


def rule(tmp_path: Path, conditions: str) -> Rule:
    path = tmp_path / "r.yaml"
    path.write_text(f"watchlists:\n  - name: r\n    rules: [{conditions}]\n    {TARGETS}\n", encoding="utf-8")
    return load_file(str(path))[0].rules[0]


@pytest.mark.parametrize(
    ("conditions", "fields", "matches"),
    [
        ("{actors: [TTP]}", {"actor1": "Tehrik-i-Taliban Pakistan", "actor1_id": "ttp"}, True),
        ("{actors: [TTP]}", {"actor1": "Jamaat-ul-Ahrar", "actor1_id": "jamaat-ul-ahrar"}, True),  # a faction
        ("{actors: [Pakistani Taliban]}", {"actor2": "Hizb-ul-Ahrar", "actor2_id": "hizb-ul-ahrar"}, True),
        ("{actors: [jamaat-ul-ahrar]}", {"actor1": "Tehrik-i-Taliban Pakistan", "actor1_id": "ttp"}, False),  # not up
        ("{actors: [TTP]}", {"actor1": "Balochistan Liberation Army", "actor1_id": "bla"}, False),
        ("{actors: [TTP]}", {"actor1": "Tehreek-e-Taliban Pakistan", "actor1_id": None}, True),  # by name
        ("{actors: [TTP]}", {}, False),
        ("{event_types: [explosions/remote violence]}", {}, True),
        ("{event_types: [Battles]}", {}, False),
        ("{sub_event_types: [Suicide bomb, Remote explosive/landmine/IED]}", {}, True),
        ("{sub_event_types: [Suicide bomb]}", {}, False),
        ("{places: [PK]}", {}, True),
        ("{places: [khyber pakhtunkhwa]}", {}, True),
        ("{places: [Peshawar]}", {"admin2": None}, True),
        ("{places: [Balochistan, Sindh]}", {}, False),
        ("{bbox: [33.5, 71.0, 34.5, 72.0]}", {}, True),
        ("{bbox: [24.5, 60.8, 32.1, 70.3]}", {}, False),
        ("{bbox: [33.5, 71.0, 34.5, 72.0]}", {"latitude": None, "longitude": None}, False),
        ("{bbox: [-20, 170, -10, -170]}", {"latitude": -15.0, "longitude": 179.5}, True),  # across 180
        ("{bbox: [-20, 170, -10, -170]}", {"latitude": -15.0, "longitude": 0.0}, False),
        ("{min_fatalities: 5}", {}, True),
        ("{min_fatalities: 6}", {}, False),
        ("{min_fatalities: 6}", {"fatalities": None, "fatalities_low": 4, "fatalities_high": 8}, True),
        ("{min_fatalities: 1}", {"fatalities": None}, False),
        ("{keywords: [TRAIN]}", {}, True),
        ("{keywords: [rain]}", {}, False),  # whole words only
        ("{keywords: [bomb hit]}", {}, True),
        ("{keywords: [bombing]}", {}, False),
        ("{actors: [TTP], min_fatalities: 3}", {"actor1_id": "ttp", "actor1": "TTP", "fatalities": 2}, False),
        ("{actors: [TTP], min_fatalities: 3, keywords: [train]}", {"actor1_id": "ttp", "actor1": "TTP"}, True),
    ],
)
def test_match_rule_on_event_records(tmp_path, conditions, fields, matches):
    reasons = match_rule(rule(tmp_path, conditions), event(**fields))
    assert (reasons is not None) == matches, reasons


def test_match_reasons_say_what_matched(tmp_path):
    reasons = match_rule(
        rule(tmp_path, "{actors: [TTP], places: [Peshawar], keywords: [train], min_fatalities: 1}"),
        event(actor1="Jamaat-ul-Ahrar", actor1_id="jamaat-ul-ahrar"),
    )
    assert reasons == (
        "actors: actor1 Jamaat-ul-Ahrar (jamaat-ul-ahrar, under TTP) is 'TTP'",
        "places: location Peshawar is 'Peshawar'",
        "min_fatalities: 5 killed, at least 1",
        "keywords: 'train' in the evidence of art-1",
    )


def test_match_watchlist_takes_any_rule(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(
        f"watchlists:\n  - name: w\n    rules: [{{places: [Sindh]}}, {{min_fatalities: 5}}]\n    {TARGETS}\n",
        encoding="utf-8",
    )
    found = match_watchlist(load_file(str(path))[0], event())
    assert found is not None and found.rule == 2 and found.explain() == ["rule 2: min_fatalities: 5 killed, at least 5"]


# -- the store's side ------------------------------------------------------------------------------


def test_store_changed_events_and_claimed_alerts(tmp_path):
    db = str(tmp_path / "s.db")
    assert ingest(db, write(tmp_path / "a.jsonl", KOHAT)).exit_code == 0
    with SQLiteStore(db) as store:
        mark = store.event_change_mark()
        assert mark > 0 and list(store.changed_events(after=mark)) == []
        everything = list(store.changed_events())
        assert everything and all(e["sources"] for e in everything)
        first = everything[0]["id"]
        assert store.claim_alert("w", first, "A") == (1, "new", None)
        assert store.claim_alert("w", first, "A") is None
        assert store.claim_alert("w", first, "B") == (2, "update", "A")
        assert store.claim_alert("other", first, "B") == (3, "new", None)
    # A reanalysis touches the article's events again: they count as changed after the mark.
    assert CliRunner().invoke(cli, ["analyze", "--db", db, "-q"]).exit_code == 0
    with SQLiteStore(db) as store:
        assert {e["id"] for e in store.changed_events(after=mark)} == {e["id"] for e in everything}


# -- whole runs ------------------------------------------------------------------------------------


def test_ingest_alerts_new_then_update_then_nothing(tmp_path, receiver, schema):
    db = str(tmp_path / "a.db")
    lists = watchlist_file(tmp_path, receiver.url)
    out = tmp_path / "alerts.jsonl"

    first = ingest(db, write(tmp_path / "1.jsonl", KOHAT, LAHORE), "--watchlist", lists)
    assert first.exit_code == 0, first.output
    assert "Alerts: 1 new, 0 update(s)" in first.output
    [alert] = receiver.bodies()
    assert alert["kind"] == "new" and alert["watchlist"] == "kp-bombings" and alert["previous"] is None
    assert alert["event"]["location"] == "Kohat" and alert["event"]["fatalities"] == 4
    schema("event").validate(alert["event"])
    assert any("actors: actor1 Tehrik-i-Taliban Pakistan (ttp)" in m for m in alert["matched"])
    assert receiver.posts[0][1]["X-Token"] == "s3cret" and receiver.posts[0][1]["Content-Type"] == "application/json"
    assert lines(out) == [alert]

    second = ingest(db, write(tmp_path / "2.jsonl", KOHAT_TOLL), "--watchlist", lists)
    assert second.exit_code == 0, second.output
    assert "Alerts: 0 new, 1 update(s)" in second.output
    update = receiver.bodies()[-1]
    assert update["kind"] == "update" and update["event"]["id"] == alert["event"]["id"]
    assert update["previous"] == {"fatalities": 4, "fatalities_low": None, "fatalities_high": None, "injured": 2,
                                  "sources": 1}  # fmt: skip
    assert update["figures"]["fatalities"] == 7 and update["figures"]["sources"] == 2
    assert len(lines(out)) == 2

    again = ingest(db, write(tmp_path / "2.jsonl", KOHAT_TOLL), "--watchlist", lists)
    assert again.exit_code == 0 and "Alerts: 0 new, 0 update(s)" in again.output
    assert len(receiver.bodies()) == 2 and len(lines(out)) == 2
    with SQLiteStore(db) as store:
        kinds = [(a["kind"], a["delivered"]) for a in store.alerts()]
        assert kinds == [("new", "jsonl webhook"), ("update", "jsonl webhook")]


def test_ingest_alerts_to_stdout(tmp_path):
    db = str(tmp_path / "o.db")
    path = tmp_path / "w.yaml"
    path.write_text(
        "watchlists:\n  - name: power\n    rules: [{keywords: [power cuts]}]\n    targets: {stdout: true}\n"
    )
    result = ingest(db, write(tmp_path / "l.jsonl", LAHORE, KOHAT), "--watchlist", str(path))
    assert result.exit_code == 0, result.output
    alerts = [line for line in result.output.splitlines() if line.startswith("ALERT")]
    assert len(alerts) == 1 and alerts[0].startswith("ALERT new [power] evt-") and "Lahore" in alerts[0]


def test_webhook_500_then_200_is_retried(tmp_path, receiver):
    db = str(tmp_path / "r.db")
    receiver.replies = [500, 503, 200]
    result = ingest(db, write(tmp_path / "1.jsonl", KOHAT), "--watchlist", watchlist_file(tmp_path, receiver.url))
    assert result.exit_code == 0, result.output
    assert receiver.tries == 3 and len(receiver.bodies()) == 1


def test_webhook_redirect_is_not_followed(tmp_path, receiver):
    db = str(tmp_path / "r.db")
    receiver.replies = [302]
    result = ingest(db, write(tmp_path / "1.jsonl", KOHAT), "--watchlist", watchlist_file(tmp_path, receiver.url))
    assert result.exit_code == 1
    assert receiver.tries == 1 and "HTTP 302 (a redirect, not followed)" in result.output


def test_webhook_gives_up_after_retries(tmp_path, receiver):
    db = str(tmp_path / "r.db")
    receiver.replies = [500]
    result = ingest(db, write(tmp_path / "1.jsonl", KOHAT), "--watchlist", watchlist_file(tmp_path, receiver.url))
    assert result.exit_code == 1 and receiver.tries == 3
    assert "answered HTTP 500 (3 tries)" in result.output


def test_dead_webhook_is_recorded_and_ingest_still_succeeds(tmp_path):
    db = str(tmp_path / "d.db")
    url = closed_port_url()
    lists = watchlist_file(tmp_path, url + "?token=secret", retries=1)
    started = time.monotonic()
    result = ingest(db, write(tmp_path / "1.jsonl", KOHAT, LAHORE), "--watchlist", lists)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output  # documented: an alert not delivered makes the run exit 1
    assert "Ingested: 2 new" in result.output and "1 delivery failure(s)" in result.output
    with SQLiteStore(db) as store:
        assert store.stats()["articles"] == 2 and store.stats()["events"] >= 2
        [failure] = store.failures()
        assert failure["stage"] == "alert" and failure["source"] == url  # the query (a secret) is left out
        assert "kp-bombings" in str(failure["reason"]) and "(2 tries)" in str(failure["reason"])
        [sent] = store.alerts()
        assert sent["delivered"] == "jsonl" and sent["failed"] == url
    assert len(lines(tmp_path / "alerts.jsonl")) == 1  # the other target still got it
    shown = CliRunner().invoke(cli, ["failures", "--db", db])
    assert "[alert]" in shown.output


def test_dead_webhook_is_tried_once_per_run(tmp_path):
    """Two matching events and a dead endpoint: the second alert fails at once instead of retrying again."""
    from wirewatch.alerts import evaluate

    db = str(tmp_path / "two.db")
    assert ingest(db, write(tmp_path / "1.jsonl", KOHAT, LAHORE)).exit_code == 0
    lists = tmp_path / "w.yaml"
    lists.write_text(
        f"watchlists:\n  - name: any\n    rules: [{{places: [Pakistan]}}]\n"
        f"    targets: {{webhook: {{url: '{closed_port_url()}', retries: 3, backoff: 0.2}}}}\n",
        encoding="utf-8",
    )
    waits: list[float] = []
    with SQLiteStore(db) as store:
        report = evaluate(store, load_file(str(lists)), echo=lambda line: None, sleep=waits.append)
    assert report.sent >= 2 and len(report.failures) == report.sent
    assert waits == [0.2, 0.4, 0.8]  # doubling waits, for the first alert only
    assert all("failed earlier in this run" in f.reason for f in report.failures[1:])


def test_watchlists_run_since(tmp_path, receiver):
    db = str(tmp_path / "w.db")
    assert ingest(db, write(tmp_path / "1.jsonl", KOHAT)).exit_code == 0  # no watchlist yet
    lists = watchlist_file(tmp_path, receiver.url)
    later = CliRunner().invoke(cli, ["watchlists", "run", lists, "--db", db, "--since", "2999-01-01"])
    assert later.exit_code == 0 and "0 changed event(s)" in later.output and receiver.posts == []
    result = CliRunner().invoke(cli, ["watchlists", "run", lists, "--db", db, "--since", "2000"])
    assert result.exit_code == 0, result.output
    assert "Alerts: 1 new" in result.output and len(receiver.bodies()) == 1
    again = CliRunner().invoke(cli, ["watchlists", "run", lists, "--db", db])
    assert "Alerts: 0 new, 0 update(s)" in again.output and len(receiver.bodies()) == 1


def test_watchlists_run_on_a_copy_of_the_demo(tmp_path, demo_db):
    db = str(tmp_path / "demo.db")
    with sqlite3.connect(demo_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    lists = tmp_path / "w.yaml"
    lists.write_text(
        "watchlists:\n  - name: big\n    rules: [{min_fatalities: 20, places: [Pakistan]}]\n"
        "    targets: {jsonl: big.jsonl}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["watchlists", "run", str(lists), "--db", db])
    assert result.exit_code == 0, result.output
    found = lines(tmp_path / "big.jsonl")
    with SQLiteStore(db) as store:
        # The same selection made by the store's own filter (SQL), as `wirewatch events` does.
        expected = {e["id"] for e in store.events(EventFilter(min_fatalities=20, country="Pakistan"))}
    assert found and {a["event"]["id"] for a in found} == expected


def test_bad_watchlist_stops_ingest_before_it_starts(tmp_path):
    db = tmp_path / "never.db"
    bad = tmp_path / "bad.yaml"
    bad.write_text("watchlists:\n  - name: x\n    rules: [{event_types: [Explosion]}]\n    targets: {stdout: true}\n")
    result = ingest(str(db), write(tmp_path / "1.jsonl", KOHAT), "--watchlist", str(bad))
    assert result.exit_code == 2 and "unknown event type 'Explosion'" in result.output
    assert not db.exists()


def test_watch_alerts_after_each_poll(http_server, tmp_path):
    db = str(tmp_path / "w.db")
    http_server.pages["/quetta"] = (200, HTML, page("Station bombing in Quetta", BODY).encode())
    items = f"<item><title>Q</title><link>{http_server.url('/quetta')}</link><guid>q</guid></item>"
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    http_server.pages["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss.encode())
    lists = tmp_path / "w.yaml"
    lists.write_text(
        "watchlists:\n  - name: bla\n    rules: [{actors: [Balochistan Liberation Army]}]\n"
        "    targets: {stdout: true, jsonl: bla.jsonl}\n",
        encoding="utf-8",
    )
    args = ["watch", http_server.url("/feed.xml"), "--db", db, "--every", "0.1s", "--allow-private", "--delay", "0"]
    result = CliRunner().invoke(cli, [*args, "-q", "--polls", "2", "--watchlist", str(lists)])
    assert result.exit_code == 0, result.output
    assert result.output.count("Alerts:") == 2
    found = lines(tmp_path / "bla.jsonl")
    assert found and all(a["kind"] == "new" for a in found)
    assert len({a["event"]["id"] for a in found}) == len(found)  # one alert per event, across both polls


def test_jsonl_target_unwritable_is_a_failure(tmp_path):
    db = str(tmp_path / "j.db")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    lists = tmp_path / "w.yaml"
    lists.write_text(
        "watchlists:\n  - name: j\n    rules: [{places: [Pakistan]}]\n"
        "    targets: {stdout: true, jsonl: file/a.jsonl}\n",
        encoding="utf-8",
    )
    result = ingest(db, write(tmp_path / "1.jsonl", KOHAT), "--watchlist", str(lists))
    assert result.exit_code == 1 and "cannot append to the file" in result.output
    assert "ALERT new [j]" in result.output


def test_docs_describe_every_watchlist_field():
    from wirewatch.alerts import watchlist

    text = (ROOT / "docs" / "alerts.md").read_text(encoding="utf-8")
    assert "docs/examples/watchlist.yaml" in text
    for key in (*watchlist.WATCHLIST_KEYS, *watchlist.RULE_KEYS, *watchlist.TARGET_KEYS, *watchlist.WEBHOOK_KEYS):
        assert f"`{key}`" in text, key
