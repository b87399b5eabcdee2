"""The store's behaviour on both backends: SQLite always, PostgreSQL when a server can be had (tests/pg.py).

The key behaviours are the store tests of test_store.py and test_events_store.py themselves, run again
against each backend, so the two backends are held to the same assertions; the tests that look at
SQLite's own machinery (query plans, PRAGMAs, migration files, the sqlite3 module) stay SQLite-only.
"""

from __future__ import annotations

import inspect
import json
import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest
import test_events_store
import test_store
from conftest import ROOT, distinct_text

from wirewatch.models import Article
from wirewatch.nlp.records import Analysis
from wirewatch.store import EventFilter, open_store
from wirewatch.store.tsquery import tsquery


def _shared_cases() -> list[Callable[..., None]]:
    """The store tests that take only a store and use nothing SQLite's own."""
    cases = []
    for module in (test_store, test_events_store):
        for name, function in sorted(vars(module).items()):
            if not name.startswith("test_") or not callable(function):
                continue
            source = inspect.getsource(function)
            if list(inspect.signature(function).parameters) != ["store"]:
                continue
            if any(word in source for word in ("EXPLAIN", "PRAGMA", "sqlite", "SQLiteStore", "migrations(")):
                continue
            cases.append(function)
    return cases


CASES = _shared_cases()


def test_backends_share_most_store_tests():
    assert len(CASES) >= 35  # 37 when written: a filter that dropped most of them would go unnoticed


@pytest.mark.parametrize("case", CASES, ids=lambda f: f.__name__)
def test_backend_behaviour(both_stores, case):
    case(both_stores)


def test_backend_export_records_valid(both_stores, schema):
    test_events_store.test_events_export_records_valid_against_schema(both_stores, schema)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bomb", "'bomb'"),
        ('"bomb"*', "'bomb':*"),
        ('"al-Qaeda"* "bomb"*', "(('al' <-> 'qaeda':*) & 'bomb':*)"),
        ("mosque OR convoy", "('mosque' | 'convoy')"),
        ("a AND b NOT c", "('a' & ('b' & !'c'))"),
        ("(a OR b) c", "(('a' | 'b') & 'c')"),
        ("NEAR(quetta blast, 5)", "('quetta' & 'blast')"),
        ("title:quetta", "'quetta'"),
        ('"it\'s"', "('it' <-> 's')"),
    ],
)
def test_backend_tsquery_translation(query, expected):
    assert tsquery(query) == expected


@pytest.mark.parametrize("query", ['"unbalanced', "(a OR b", "a OR", "NOT", "!!!", "NEAR(a"])
def test_backend_tsquery_rejects_unreadable(query):
    with pytest.raises(ValueError):
        tsquery(query)


def test_backend_open_store_picks_postgres(pg_store_url):
    from wirewatch.store.postgres import PostgresStore

    store = open_store(pg_store_url)
    try:
        assert isinstance(store, PostgresStore)
        shipped = len(list((ROOT / "wirewatch" / "store" / "migrations" / "sqlite").glob("*.sql")))
        assert store.stats()["schema_version"] == shipped
    finally:
        store.close()
    again = open_store(pg_store_url)  # migrations already applied: nothing to do
    again.close()


def test_backend_postgres_unreachable_is_store_error():
    from wirewatch.errors import StoreError

    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


# -- several writers at once ----------------------------------------------------------------------


def _records(worker: int) -> list[dict[str, object]]:
    """JSON Lines records for one worker: 12 stories, of which 8 every worker also has (same URL and text),
    each reporting the same bombing so that events from different workers must merge."""
    shared = [dict(url=f"https://wire.example/{n}", title=f"Story {n}", text=distinct_text(n)) for n in range(8)]
    own = [
        dict(url=f"https://w{worker}.example/{n}", title=f"Own {n}", text=distinct_text(1000 * (worker + 1) + n))
        for n in range(4)
    ]
    return shared + own


def _ingest_worker(url: str, path: str) -> None:
    store = open_store(url)
    try:
        for line in Path(path).read_text().splitlines():
            record = json.loads(line)
            stored = store.add_article(
                Article(
                    source=path,
                    url=record["url"],
                    title=record["title"],
                    published="2024-11-09",
                    author=None,
                    language="en",
                    text=record["text"],
                )
            )
            if stored.outcome in ("new", "updated"):
                mention = test_events_store.ev(text=f"{record['title']}: a bomber struck the Quetta station.")
                store.add_analysis(stored.article_id, Analysis(events=(mention,)), version="test")
    finally:
        store.close()


@pytest.mark.slow
def test_backend_postgres_concurrent_ingests_do_not_duplicate(pg_store_url, tmp_path):
    workers = 4
    paths = []
    for worker in range(workers):
        path = tmp_path / f"part{worker}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in _records(worker)) + "\n")
        paths.append(str(path))
    open_store(pg_store_url).close()  # migrated once before the race, as `wirewatch` would on first use
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_ingest_worker, args=(pg_store_url, p)) for p in paths]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0] * workers
    store = open_store(pg_store_url)
    try:
        urls = [a["url"] for a in store.articles()]
        assert len(urls) == len(set(urls)) == 8 + 4 * workers
        events = list(store.events(EventFilter()))
        # Every article reported the same bombing: one event, one source per article.
        assert len(events) == 1
        sources = [s["article_id"] for s in events[0]["sources"]]
        assert len(sources) == len(set(sources)) == 8 + 4 * workers
    finally:
        store.close()


def test_backend_failed_write_rolls_back_and_store_goes_on(both_stores):
    """A statement that fails inside a write transaction (on PostgreSQL, possibly one sent in a pipeline
    without waiting) fails the call, leaves nothing of it behind, and the next write works."""
    import sqlite3

    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg

        errors.append(psycopg.IntegrityError)
    except ImportError:
        pass
    store = both_stores
    with pytest.raises(tuple(errors), match=r"(?i)foreign key"):
        store.add_analysis("no-such-article", Analysis(events=(test_events_store.ev(),)), version="test")
    stats = store.stats()
    assert (stats["event_mentions"], stats["events"], stats["analysed"]) == (0, 0, 0)
    stored = store.add_article(
        Article(
            source="t",
            url="https://x.example/1",
            title="T",
            published="2024-11-09",
            author=None,
            language="en",
            text=distinct_text(7),
        )
    )
    assert stored.outcome == "new"
    store.add_analysis(stored.article_id, Analysis(events=(test_events_store.ev(),)), version="test")
    assert store.stats()["events"] == 1
