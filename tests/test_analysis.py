"""The analysis stage wired into ingest: mentions stored with offsets, `analyze`, place and actor exports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import distinct_text, page

from wirewatch.cli import cli

SEED_LIKE = (
    "PESHAWAR, Jan 31 (Test Wire) - Pakistan's Foreign Office spokesperson Mumtaz Zahra Baloch said on Monday "
    "that at least 28 people were killed when a suicide bomber struck a mosque in Peshawar. Tehreek-e-Taliban "
    "Pakistan (TTP) denied involvement, while a faction of the TTP claimed the attack. Officials in Khyber "
    "Pakhtunkhwa said dozens were injured.\n\n"
    "The bombing came a week after militants attacked a police station in Bannu, officials said."
)


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analysis")
    (folder / "a.html").write_text(
        page("Mosque blast in Peshawar", SEED_LIKE, canonical="https://t.example/a", published="2023-01-31")
    )
    db = str(folder / "w.db")
    result = CliRunner().invoke(cli, ["ingest", str(folder / "a.html"), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def rows(db: str, sql: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_analysis_runs_on_ingest_with_exact_offsets(analysed_db):
    text = rows(analysed_db, "SELECT text FROM articles")[0][0]
    for table in ("actor_mentions", "person_mentions", "date_mentions", "quantity_mentions", "place_mentions"):
        found = rows(analysed_db, f'SELECT start, "end", text FROM {table}')
        assert found, table
        for start, end, written in found:
            assert text[start:end] == written, (table, written)
    actors = {r[0]: r[1] for r in rows(analysed_db, "SELECT text, actor_id FROM actor_mentions")}
    assert actors["TTP"] == "ttp" and actors["Tehreek-e-Taliban Pakistan"] == "ttp"
    dates = {r[0]: r[1] for r in rows(analysed_db, "SELECT text, value FROM date_mentions")}
    assert "2023-01-30" in dates.values()  # "on Monday" before a Tuesday publication
    killed = rows(analysed_db, "SELECT low FROM quantity_mentions WHERE category = 'killed'")
    assert (28.0,) in killed
    places = {r[0]: r[1] for r in rows(analysed_db, "SELECT text, admin1 FROM place_mentions")}
    assert places["Peshawar"] == "Khyber Pakhtunkhwa" and places["Bannu"] == "Khyber Pakhtunkhwa"
    people = rows(analysed_db, "SELECT name, role FROM person_mentions WHERE name IS NOT NULL")
    assert ("Mumtaz Zahra Baloch", "spokesperson") in people


def test_analysis_no_analyze_then_analyze_stale(tmp_path):
    (tmp_path / "a.html").write_text(page("Mosque blast", SEED_LIKE, canonical="https://t.example/b"))
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(tmp_path / "a.html"), "--db", db, "--no-analyze"]).exit_code == 0
    assert rows(db, "SELECT count(*) FROM analyses") == [(0,)]
    first = runner.invoke(cli, ["analyze", "--stale", "--db", db])
    assert first.exit_code == 0 and "Analysed 1 of 1 articles, 0 failed" in first.output
    mentions = rows(db, "SELECT count(*) FROM actor_mentions")
    again = runner.invoke(cli, ["analyze", "--stale", "--db", db])
    assert "Analysed 0 of 0 articles" in again.output
    everything = runner.invoke(cli, ["analyze", "--db", db])
    assert "Analysed 1 of 1 articles" in everything.output
    assert rows(db, "SELECT count(*) FROM actor_mentions") == mentions  # replaced, not added


def test_analysis_export_places_and_actors_valid(analysed_db, tmp_path, schema):
    runner = CliRunner()
    for kind in ("places", "actors"):
        out = tmp_path / f"{kind}.jsonl"
        result = runner.invoke(cli, ["export", kind, "-o", str(out), "--db", analysed_db])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in out.read_text().splitlines()]
        validator = schema(kind[:-1])
        assert records
        for record in records:
            assert not list(validator.iter_errors(record)), record
    places = [json.loads(line) for line in (tmp_path / "places.jsonl").read_text().splitlines()]
    assert any(p["name"] == "Peshawar" and p["country"] == "Pakistan" for p in places)
    actors = {a["id"]: a for a in map(json.loads, (tmp_path / "actors.jsonl").read_text().splitlines())}
    assert len([a for a in actors if not a.startswith("new:")]) >= 150
    assert "TTP" in actors["ttp"]["aliases"]


def test_analysis_failure_of_one_article_is_recorded(tmp_path, monkeypatch):
    """A component that breaks on one article fails that article only; the others are analysed."""
    from wirewatch.nlp import analyze as analyze_module
    from wirewatch.pipeline import ingest
    from wirewatch.settings import Settings
    from wirewatch.store.sqlite import SQLiteStore

    (tmp_path / "0.html").write_text(page("Story 0", SEED_LIKE, canonical="https://t.example/0"))
    (tmp_path / "1.html").write_text(page("Story 1", "EXPLODE " + distinct_text(9), canonical="https://t.example/1"))
    real = analyze_module.doc_to_analysis

    def fragile(doc):
        if "EXPLODE" in doc.text:
            raise RuntimeError("component broke")
        return real(doc)

    monkeypatch.setattr(analyze_module, "doc_to_analysis", fragile)
    with SQLiteStore(str(tmp_path / "w.db")) as store:
        summary = ingest([str(tmp_path)], store=store, settings=Settings(per_host_delay=0))
        assert summary.new == 2
        assert [f.reason for f in summary.failures] == ["analysis failed: RuntimeError: component broke"]
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 1


@pytest.mark.slow
def test_analysis_two_processes_same_as_one():
    """n_process 2 sends batches to worker processes and gets the same records back, in order."""
    from wirewatch.nlp import DocContext, NLPSettings
    from wirewatch.nlp.analyze import analyses

    items = [(SEED_LIKE.replace("28", str(n)), DocContext(published="2023-01-31", article_id=str(n))) for n in range(6)]
    one = list(analyses(items, settings=NLPSettings(batch_size=2, n_process=1)))
    two = list(analyses(items, settings=NLPSettings(batch_size=2, n_process=2)))
    assert [c.article_id for c, _ in two] == [str(n) for n in range(6)]
    assert [a for _, a in two] == [a for _, a in one]
    assert any(q.low == 5 for q in two[5][1].quantities)


def test_analysis_quotes_stored_and_exported(tmp_path, schema):
    text = (
        "PESHAWAR, Jan 31 (Test Wire) - “We will not let the attackers go unpunished,” the provincial police "
        "chief Moazzam Jah Ansari told reporters on Tuesday. He added that the bomber had entered the compound "
        "in a police uniform.\n\nAccording to the Counter Terrorism Department, the attack was planned for weeks."
    )
    (tmp_path / "q.html").write_text(
        page("Police vow action", text + "\n\n" + distinct_text(77), canonical="https://t.example/q")
    )
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(tmp_path / "q.html"), "--db", db]).exit_code == 0
    out = tmp_path / "quotes.jsonl"
    assert runner.invoke(cli, ["export", "quotes", "-o", str(out), "--db", db]).exit_code == 0
    quotes = [json.loads(line) for line in out.read_text().splitlines()]
    validator = schema("quote")
    for record in quotes:
        assert not list(validator.iter_errors(record)), record
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert direct and direct[0]["quote"].startswith("We will not let the attackers go unpunished")
    assert direct[0]["speaker"] == "Moazzam Jah Ansari"
    assert any(q["kind"] == "indirect" and q["organization"] for q in quotes)
