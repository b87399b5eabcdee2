"""The SQLite store: identity, near-duplicates, revisions, FTS, failures, migrations."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import BODY

from wirewatch.errors import SourceError
from wirewatch.models import Article, Failure, RelatedLink, Summary
from wirewatch.store import ArticleFilter
from wirewatch.store.sqlite import SQLiteStore, migrations


def art(text: str = BODY, *, url: str | None = "https://news.example/quetta", **kw) -> Article:
    fields = dict(
        source=url or "file.jsonl:1",
        url=url,
        title="Blast at Quetta station",
        published="2024-11-09",
        author=None,
        language="en",
        text=text,
    )
    fields.update(kw)
    return Article(**fields)


def test_store_new_then_duplicate(store):
    first = store.add_article(art())
    again = store.add_article(art())
    assert first.outcome == "new"
    assert again.outcome == "duplicate" and again.article_id == first.article_id
    assert store.stats()["articles"] == 1


def test_store_same_text_other_url_is_linked_copy(store):
    first = store.add_article(art())
    copy = store.add_article(art(url="https://mirror.example/quetta"))
    assert copy.outcome == "near_duplicate" and copy.duplicate_of == first.article_id
    assert store.conn.execute("SELECT similarity FROM near_duplicates").fetchone()[0] == 1.0
    assert store.add_article(art(url="https://mirror.example/quetta")).outcome == "duplicate"
    assert store.add_article(art(url=None)).outcome == "duplicate"
    third = store.add_article(art(url="https://third.example/quetta"))
    assert third.outcome == "near_duplicate" and third.duplicate_of == first.article_id


def test_store_changed_page_is_updated_with_revision(store):
    first = store.add_article(art())
    changed = store.add_article(art(BODY.replace("at least 26", "at least 32")))
    assert changed.outcome == "updated" and changed.article_id == first.article_id
    record = next(store.articles())
    assert "at least 32" in record["text"]
    old = store.conn.execute("SELECT text FROM article_revisions").fetchone()[0]
    assert "at least 26" in old


def test_store_syndicated_copy_is_linked_not_stored(store):
    original = store.add_article(art())
    copy_text = "QUETTA (Wire) - " + BODY + "\n\nReporting by the wire service; editing by the desk."
    copy = store.add_article(art(copy_text, url="https://other.example/story/123", title="26 dead in Quetta"))
    assert copy.outcome == "near_duplicate" and copy.duplicate_of == original.article_id
    assert store.stats()["articles"] == 1
    row = store.conn.execute("SELECT duplicate_of, url, similarity FROM near_duplicates").fetchone()
    assert row[0] == original.article_id and row[1] == "https://other.example/story/123" and row[2] >= 0.8
    # Seen again, the copy is a plain duplicate.
    assert store.add_article(art(copy_text, url="https://other.example/story/123")).outcome == "duplicate"


def test_store_distinct_report_of_same_event_is_new(store):
    store.add_article(art())
    other = (
        "Officials in Balochistan raised the toll of the weekend bombing at Quetta's main railway station to 32, "
        "saying several of the wounded had died overnight in hospital. The separatist BLA claimed the blast, "
        "which hit a platform where off-duty soldiers were boarding the Jaffar Express."
    )
    assert store.add_article(art(other, url="https://third.example/quetta-toll")).outcome == "new"


def test_store_keeps_given_id_and_rejects_reused_one(store):
    stored = store.add_article(art(url=None, record_id="rec-1"))
    assert stored.article_id == "rec-1"
    with pytest.raises(SourceError, match="already used"):
        store.add_article(
            art("An entirely different report about floods in Sindh province." * 5, url=None, record_id="rec-1")
        )


def test_store_search_finds_with_snippet(store):
    store.add_article(art())
    hits = store.search("railway")
    assert len(hits) == 1 and "[railway]" in hits[0].snippet.lower()
    assert store.search("nonexistentword") == []


def test_store_search_bad_query_is_clear_error(store):
    from wirewatch.errors import StoreError

    with pytest.raises(StoreError, match="bad search query"):
        store.search('"unbalanced')


def test_store_fts_follows_updates(store):
    store.add_article(art())
    store.add_article(art(BODY + "\n\nThe interior minister visited the wounded."))
    assert len(store.search("minister")) == 1


def test_store_articles_filters(store):
    store.add_article(art())
    store.add_article(
        art(
            "Floods in Sindh displaced thousands of families after record rains. " * 5,
            url="https://news.example/floods",
            published="2022-08-30",
            title="Floods",
        )
    )
    assert [r["title"] for r in store.articles(ArticleFilter(since="2023-01-01"))] == ["Blast at Quetta station"]
    assert [r["title"] for r in store.articles(ArticleFilter(until="2023-01-01"))] == ["Floods"]
    assert [r["title"] for r in store.articles(ArticleFilter(text="floods"))] == ["Floods"]
    assert len(list(store.articles(limit=1))) == 1


def test_store_related_links_round_trip(store):
    store.add_article(art(related=(RelatedLink("https://news.example/other", "Other story"),)))
    assert next(store.articles())["related"] == [{"url": "https://news.example/other", "title": "Other story"}]


def test_store_failures_and_runs(store):
    run = store.start_run("ingest")
    store.record_failure(Failure("https://x.example/a", "fetch", "HTTP 404 Not Found"), run_id=run)
    store.finish_run(run, Summary(new=2, failures=[Failure("x", "fetch", "y")]))
    assert store.failures()[0]["reason"] == "HTTP 404 Not Found"
    row = store.conn.execute("SELECT new, failed, finished_at FROM runs").fetchone()
    assert row[0] == 2 and row[1] == 1 and row[2]


def test_store_feed_entries_remembered(store):
    assert not store.seen_entry("feed", "guid-1")
    store.mark_entry("feed", "guid-1")
    store.mark_entry("feed", "guid-1")
    assert store.seen_entry("feed", "guid-1") and not store.seen_entry("other", "guid-1")


def test_store_migrations_versioned_and_idempotent(tmp_path):
    path = str(tmp_path / "w.db")
    latest = migrations()[-1][0]
    with SQLiteStore(path) as s:
        assert s.schema_version == latest
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        s.add_article(art())
    with SQLiteStore(path) as s:  # reopening applies nothing twice and keeps the data
        assert s.schema_version == latest and s.stats()["articles"] == 1


def test_store_unreadable_file_is_clear_error(tmp_path):
    from wirewatch.errors import StoreError

    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database, just text " * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        SQLiteStore(str(bad))


def test_store_uncreatable_path_is_clear_error(tmp_path):
    from wirewatch.errors import StoreError

    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="cannot create database"):
        SQLiteStore(str(blocker / "sub" / "w.db"))


def test_store_integrity_after_many_writes(tmp_path):
    with SQLiteStore(str(tmp_path / "w.db")) as s:
        for i in range(30):
            s.add_article(
                art(f"Report number {i} about a distinct incident in district {i}. " * 8, url=f"https://n.example/{i}")
            )
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')") is not None
    assert sqlite3.connect(str(tmp_path / "w.db")).execute("SELECT count(*) FROM articles").fetchone()[0] == 30
