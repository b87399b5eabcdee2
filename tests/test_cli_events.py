"""The event, claim, quote, actor, conflict and story commands, and their exports against the schemas."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_events_store import PESHAWAR, analyse, article, claim, ev

from wirewatch.cli import cli
from wirewatch.nlp.records import ActorMention, Analysis, QuoteMention
from wirewatch.store.sqlite import SQLiteStore


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    """Three articles: two report the Quetta bombing (26, then 32 killed, and the BLA's claim and a
    denial), one the Peshawar mosque bombing by the TTP, with a quote and an actor mention."""
    path = str(tmp_path / "w.db")
    with SQLiteStore(path) as store:
        a, b = article(store, 1), article(store, 2, published="2024-11-10")
        c = article(store, 3, published="2023-01-31")
        analyse(store, a, ev(), claims=(claim(0),))
        analyse(store, b, ev(fatalities=32), claims=(claim(0, stance="denies", claimant="Police", claimant_id=None),))
        store.add_analysis(
            c,
            Analysis(
                events=(
                    ev(
                        **PESHAWAR,
                        event_date="2023-01-30",
                        fatalities=84,
                        actor1="Tehrik-i-Taliban Pakistan",
                        actor1_id="ttp",
                        text="A bomber blew himself up in the Police Lines mosque in Peshawar.",
                    ),
                ),
                actors=(ActorMention("TTP", 10, 13, "ttp", "Tehrik-i-Taliban Pakistan", "militant group", "alias"),),
                quotes=(
                    QuoteMention(
                        "We will find them", 50, 67, "direct", "Ghulam Ali", "governor", None, None, None, "say"
                    ),
                ),
            ),
            version="test",
        )
    return path


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_events_lists_and_filters(runner, db):
    result = runner.invoke(cli, ["events", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Quetta, Balochistan, Pakistan" in result.output and "32 killed (26-32)" in result.output
    assert "2 sources" in result.output
    found = lines(runner.invoke(cli, ["events", "--db", db, "--json", "--min-fatalities", "50"]).output)
    assert [e["location"] for e in found] == ["Peshawar"]
    found = lines(runner.invoke(cli, ["events", "--db", db, "--json", "--actor", "TTP"]).output)
    assert [e["location"] for e in found] == ["Peshawar"]
    found = lines(
        runner.invoke(cli, ["events", "--db", db, "--json", "--since", "2024-01-01", "--country", "PK"]).output
    )
    assert [e["location"] for e in found] == ["Quetta"]
    found = lines(
        runner.invoke(
            cli, ["events", "--db", db, "--json", "--text", "mosque", "--admin1", "Khyber Pakhtunkhwa"]
        ).output
    )
    assert len(found) == 1
    assert len(lines(runner.invoke(cli, ["events", "--db", db, "--json", "--limit", "1"]).output)) == 1
    empty = runner.invoke(cli, ["events", "--db", db, "--type", "Battles"])
    assert empty.exit_code == 0 and "No events" in empty.output


def test_cli_event_shows_sources_side_by_side(runner, db):
    (quetta,) = lines(runner.invoke(cli, ["events", "--db", db, "--json", "--admin1", "Balochistan"]).output)
    result = runner.invoke(cli, ["event", quetta["id"], "--db", db])
    assert result.exit_code == 0, result.output
    assert "[1] " in result.output and "[2] " in result.output
    assert "26 killed" in result.output and "32 killed" in result.output
    assert "reported as asserted" in result.output and "railway station in Quetta" in result.output
    assert json.loads(runner.invoke(cli, ["event", quetta["id"], "--db", db, "--json"]).output)["id"] == quetta["id"]
    missing = runner.invoke(cli, ["event", "evt-000000000000", "--db", db])
    assert missing.exit_code == 2 and "no event" in missing.output


def test_cli_claims_quotes(runner, db):
    result = runner.invoke(cli, ["claims", "--db", db])
    assert "Balochistan Liberation Army claims_responsibility" in result.output and "Police denies" in result.output
    denied = lines(runner.invoke(cli, ["claims", "--db", db, "--json", "--stance", "denies"]).output)
    assert [c["claimant"] for c in denied] == ["Police"] and denied[0]["event_id"].startswith("evt-")
    about = lines(runner.invoke(cli, ["claims", "--db", db, "--json", "--event", denied[0]["event_id"]]).output)
    assert len(about) == 2
    quotes = runner.invoke(cli, ["quotes", "--db", db])
    assert "Ghulam Ali (governor)" in quotes.output and "We will find them" in quotes.output
    assert lines(runner.invoke(cli, ["quotes", "--db", db, "--json", "--speaker", "nobody"]).output) == []


def test_cli_actor_from_knowledge_base_with_store_activity(runner, db):
    result = runner.invoke(cli, ["actor", "TTP", "--db", db])
    assert result.exit_code == 0, result.output
    assert "ttp  Tehrik-i-Taliban Pakistan  [militant group]" in result.output
    assert "aliases:" in result.output and "'TTP'" in result.output and "Peshawar" in result.output
    (record,) = lines(runner.invoke(cli, ["actor", "ttp", "--db", db, "--json"]).output)
    assert record["id"] == "ttp" and len(record["events"]) == 1 and len(record["mentions"]) == 1
    unknown = runner.invoke(cli, ["actor", "No Such Group Anywhere", "--db", db])
    assert unknown.exit_code == 2 and "no actor named" in unknown.output


def test_cli_conflicts_and_stories(runner, db):
    result = runner.invoke(cli, ["conflicts", "--db", db])
    assert result.exit_code == 0, result.output
    assert "fatalities" in result.output and "claims" in result.output
    kinds = {c["kind"] for c in lines(runner.invoke(cli, ["conflicts", "--db", db, "--json"]).output)}
    assert kinds == {"fatalities", "claims"}
    stories = lines(runner.invoke(cli, ["stories", "--db", db, "--json"]).output)
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2
    assert "2 article(s)" in runner.invoke(cli, ["stories", "--db", db]).output
    assert len(lines(runner.invoke(cli, ["stories", "--db", db, "--json", "--min-size", "1"]).output)) == 2


def test_cli_no_events_messages(runner, tmp_path):
    db = str(tmp_path / "empty.db")
    for command in ("events", "claims", "quotes", "conflicts", "stories"):
        result = runner.invoke(cli, [command, "--db", db])
        assert result.exit_code == 0 and result.output.startswith("No "), (command, result.output)


@pytest.mark.parametrize(("kind", "count"), [("events", 2), ("claims", 2), ("quotes", 1)])
def test_cli_export_valid_against_schema(runner, db, schema, tmp_path, kind, count):
    out = tmp_path / f"{kind}.jsonl"
    result = runner.invoke(cli, ["export", kind, "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    records = lines(out.read_text())
    assert len(records) == count
    validator = schema(kind[:-1])
    for record in records:
        validator.validate(record)


def test_cli_export_events_since(runner, db):
    records = lines(runner.invoke(cli, ["export", "events", "--since", "2024-01-01", "--db", db]).output)
    assert [r["location"] for r in records] == ["Quetta"]


@pytest.mark.parametrize("command", [["events"], ["articles"], ["export", "events", "--format", "jsonl"]])
@pytest.mark.parametrize("value", ["yesterday", "2025-13", "2025-02-30", "25-01-01"])
def test_cli_bad_dates_are_refused_with_a_clear_error(runner, db, command, value):
    result = runner.invoke(cli, [*command, "--db", db, "--since", value])
    assert result.exit_code == 2
    assert f"{value!r} is not a date" in result.output


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["search", "quetta AND"], "'QUERY'"),
        (["search", '"unclosed'], "'QUERY'"),
        (["articles", "--text", "quetta AND"], "'--text'"),
        (["events", "--text", '"unclosed'], "'--text'"),
        (["events", "--text", "quetta OR"], "'--text'"),
        (["export", "events", "--format", "jsonl", "--text", '"unclosed'], "'--text'"),
    ],
)
def test_cli_bad_full_text_query_is_a_usage_error(runner, db, command, name):
    result = runner.invoke(cli, [*command, "--db", db])
    assert result.exit_code == 2, result.output
    (message,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert message.startswith(f"Error: Invalid value for {name}: ") and "Traceback" not in result.output


def test_cli_good_full_text_query_and_unopenable_database(runner, db, tmp_path):
    found = lines(runner.invoke(cli, ["events", "--db", db, "--json", "--text", '"police lines"']).output)
    assert [r["location"] for r in found] == ["Peshawar"]
    result = runner.invoke(cli, ["events", "--db", str(tmp_path), "--text", "quetta AND"])
    assert result.exit_code == 1 and "cannot open database" in result.output
