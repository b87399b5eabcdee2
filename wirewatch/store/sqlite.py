"""The SQLite store: one file, WAL mode, versioned migrations, an FTS5 index over title and text."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from .. import dedup
from ..errors import StoreError
from ..models import Article, Failure, Stored, Summary
from ..nlp.records import Analysis
from . import ArticleFilter, SearchHit
from .sqlite_events import SQLiteEvents

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's lock: long enough for a concurrent ingest's
transaction (one article each, milliseconds), short enough that a stuck lock is reported."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@cache
def migrations(dialect: str = "sqlite") -> tuple[tuple[int, str, str], ...]:
    """The migration scripts shipped in the package for a database ("sqlite" or "postgres"), as
    (version, name, sql), in order. Read once per process: the web app opens a store per request."""
    folder = resources.files("wirewatch.store") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def article_id(article: Article) -> str:
    """The id an input gave, else one derived from the canonical URL or, lacking one, the text."""
    if article.record_id:
        return article.record_id
    basis = article.url or dedup.content_hash(article.text)
    return "art-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


class SQLiteStore(SQLiteEvents):
    """The default store. Every article is written in its own transaction, so an ingest killed at
    any moment leaves a consistent database and a re-run picks up where it stopped."""

    NO_LIMIT: int | None = -1
    """The LIMIT that means none (PostgreSQL's is NULL)."""
    _bad_query: type[Exception] = sqlite3.OperationalError
    """What the database raises for a search query it cannot parse."""

    def __init__(self, path: str, *, near_duplicate_threshold: float = 0.8) -> None:
        self.path = path
        self.near_duplicate_threshold = near_duplicate_threshold
        self._columns: dict[str, tuple[str, ...]] = {}
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: the web app opens a store per request in a worker thread and
            # may close it from another; one store is still never used by two threads at once.
            self.conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode (only an OS crash may
            # lose the last transactions), and several times faster than FULL.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open database {path}: {e}") from e
        except OSError as e:
            raise StoreError(f"cannot create database {path}: {e.strerror or e}") from e

    # -- schema -------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply, each in its own transaction, every migration newer than the database."""
        current = self.schema_version
        for version, name, sql in migrations():
            if version <= current:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                # Another process may have migrated while we waited for the lock.
                if version <= self.schema_version:
                    self.conn.execute("ROLLBACK")
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version}")
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed on {self.path}: {e}") from e

    # -- writing ------------------------------------------------------------------------------

    def add_article(self, article: Article) -> Stored:
        """Store the article, or say it is a duplicate, an update of a stored page, or a near copy."""
        digest = dedup.content_hash(article.text)
        aid = article_id(article)
        sig = dedup.signature(article.text)
        keys = dedup.band_keys(sig)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = self._add(article, aid, digest, sig, keys)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return stored

    def _add(self, article, aid, digest, sig, keys) -> Stored:  # type: ignore[no-untyped-def]
        conn = self.conn
        # The same text seen before: the same page again, unless it now comes under another URL, which
        # makes it one more syndicated copy of the first, linked as such.
        row = conn.execute(
            "SELECT id AS original, url FROM articles WHERE content_hash = ? "
            "UNION ALL SELECT duplicate_of, url FROM near_duplicates WHERE content_hash = ?",
            (digest, digest),
        ).fetchall()
        if row:
            original = row[0]["original"]
            if article.url is None or any(r["url"] in (None, article.url) for r in row):
                return Stored("duplicate", original)
            self._link_copy(article, original, 1.0, digest)
            return Stored("near_duplicate", original, duplicate_of=original)
        if article.url:
            row = conn.execute(
                "SELECT id, title, text, content_hash FROM articles WHERE url = ?", (article.url,)
            ).fetchone()
            if row:
                self._update(row, article, digest, sig, keys)
                return Stored("updated", row["id"])
        if article.record_id:
            row = conn.execute("SELECT id FROM articles WHERE id = ?", (aid,)).fetchone()
            if row:
                # The same id with other content and another URL: the input's ids are not unique.
                from ..errors import SourceError

                raise SourceError(f"id {aid!r} is already used by a different stored article")
        near = self._nearest(sig, keys)
        if near is not None:
            original, score = near
            self._link_copy(article, original, score, digest)
            return Stored("near_duplicate", original, duplicate_of=original)
        conn.execute(
            "INSERT INTO articles (id, url, source, feed, title, published, author, language, text, related, "
            "content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                article.url,
                article.source,
                article.feed,
                article.title,
                article.published,
                article.author,
                article.language,
                article.text,
                json.dumps([{"url": r.url, "title": r.title} for r in article.related], ensure_ascii=False),
                digest,
                _now(),
            ),
        )
        self._index(aid, sig, keys)
        self._link_story(aid, article.url, (r.url for r in article.related if r.url))
        return Stored("new", aid)

    def _link_copy(self, article: Article, original: str, similarity: float, digest: str) -> None:
        self.conn.execute(
            "INSERT INTO near_duplicates (duplicate_of, source, url, title, similarity, content_hash, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (original, article.source, article.url, article.title, similarity, digest, _now()),
        )
        self._link_copy_story(original, article.url)

    def _update(self, row: sqlite3.Row, article: Article, digest: str, sig, keys) -> None:  # type: ignore[no-untyped-def]
        """The page at a stored URL changed (e.g. a rising toll): keep the old text as a revision."""
        conn = self.conn
        conn.execute(
            "INSERT INTO article_revisions (article_id, title, text, content_hash, replaced_at) VALUES (?, ?, ?, ?, ?)",
            (row["id"], row["title"], row["text"], row["content_hash"], _now()),
        )
        conn.execute(
            "UPDATE articles SET title = ?, published = COALESCE(?, published), author = COALESCE(?, author), "
            "language = ?, text = ?, related = ?, content_hash = ?, updated_at = ? WHERE id = ?",
            (
                article.title,
                article.published,
                article.author,
                article.language,
                article.text,
                json.dumps([{"url": r.url, "title": r.title} for r in article.related], ensure_ascii=False),
                digest,
                _now(),
                row["id"],
            ),
        )
        conn.execute("DELETE FROM minhash_bands WHERE article_id = ?", (row["id"],))
        conn.execute("DELETE FROM minhashes WHERE article_id = ?", (row["id"],))
        self._index(row["id"], sig, keys)
        self._link_story(row["id"], article.url, (r.url for r in article.related if r.url))

    def _index(self, aid: str, sig, keys) -> None:  # type: ignore[no-untyped-def]
        self.conn.execute("INSERT INTO minhashes (article_id, signature) VALUES (?, ?)", (aid, dedup.to_blob(sig)))
        self.conn.executemany(
            "INSERT INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?)", [(b, k, aid) for b, k in keys]
        )

    def _nearest(self, sig, keys) -> tuple[str, float] | None:  # type: ignore[no-untyped-def]
        """The most similar stored article at or above the threshold, found through the LSH bands."""
        clauses = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        params = [v for pair in keys for v in pair]
        candidates = self.conn.execute(
            f"SELECT DISTINCT m.article_id, m.signature FROM minhash_bands b "
            f"JOIN minhashes m ON m.article_id = b.article_id WHERE {clauses}",
            params,
        ).fetchall()
        best: tuple[str, float] | None = None
        for aid, blob in candidates:
            score = dedup.similarity(sig, dedup.from_blob(blob))
            if score >= self.near_duplicate_threshold and (best is None or score > best[1]):
                best = (aid, score)
        return best

    def record_failure(self, failure: Failure, *, run_id: int | None = None) -> None:
        self.conn.execute(
            "INSERT INTO failures (run_id, source, stage, reason, at) VALUES (?, ?, ?, ?, ?)",
            (run_id, failure.source, failure.stage, failure.reason, _now()),
        )

    def start_run(self, command: str) -> int:
        row = self.conn.execute(
            "INSERT INTO runs (command, started_at) VALUES (?, ?) RETURNING id", (command, _now())
        ).fetchone()
        return int(row[0])

    def finish_run(self, run_id: int, summary: Summary) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, new = ?, updated = ?, duplicate = ?, near_duplicate = ?, failed = ? "
            "WHERE id = ?",
            (_now(), summary.new, summary.updated, summary.duplicate, summary.near_duplicate, summary.failed, run_id),
        )

    def seen_entry(self, feed: str, entry: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM feed_entries WHERE feed = ? AND entry = ?", (feed, entry)).fetchone()
            is not None
        )

    def mark_entry(self, feed: str, entry: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO feed_entries (feed, entry, seen_at) VALUES (?, ?, ?)", (feed, entry, _now())
        )

    # -- analysis -----------------------------------------------------------------------------

    def add_analysis(self, article_id: str, analysis: Analysis, *, version: str) -> None:
        """Replace the article's mentions with this analysis and merge its events into the events on
        record (taking its earlier sources off first), in one transaction."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table, records in (
                ("actor_mentions", analysis.actors),
                ("person_mentions", analysis.people),
                ("date_mentions", analysis.dates),
                ("quantity_mentions", analysis.quantities),
                ("quote_mentions", analysis.quotes),
                ("place_mentions", analysis.places),
                ("event_mentions", analysis.events),
                ("claim_mentions", analysis.claims),
            ):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
                columns = self._record_columns(table)
                names = ", ".join(f'"{c}"' for c in columns)
                conn.executemany(
                    f"INSERT INTO {table} (article_id, {names}) VALUES (?{', ?' * len(columns)})",
                    [(article_id, *(getattr(record, c) for c in columns)) for record in records],
                )
            self._merge_events(article_id, analysis)
            conn.execute(
                "INSERT OR REPLACE INTO analyses (article_id, version, analyzed_at) VALUES (?, ?, ?)",
                (article_id, version, _now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _record_columns(self, table: str) -> tuple[str, ...]:
        """A mention table's columns after article_id: each is the field of the same name of its record."""
        if table not in self._columns:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            # Not article_id (given apart) nor an INTEGER PRIMARY KEY (the table's own row key).
            self._columns[table] = tuple(
                r["name"] for r in rows if r["name"] != "article_id" and not (r["pk"] and r["type"] == "INTEGER")
            )
        return self._columns[table]

    def analysis_ids(self, *, stale_for: str | None = None) -> list[str]:
        """Ids of the articles to analyse, oldest first: all, or with ``stale_for`` only those not yet
        analysed by that version. A list (ids are small) so analysing can write while it works."""
        if stale_for is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
                "WHERE n.version IS NOT ? ORDER BY a.rowid",
                (stale_for,),
            )
        ]

    def article_text(self, article_id: str) -> tuple[str, str | None] | None:
        """(text, published) of one article, None when there is no such article."""
        row = self.conn.execute("SELECT text, published FROM articles WHERE id = ?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def places(
        self,
        *,
        article_id: str | None = None,
        country: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]:
        """Place mentions as place.schema.json records, by article then position. ``country``: the
        resolved country's name or ISO 3166-1 alpha-2 code, case-insensitive."""
        sql = "SELECT p.*, a.url FROM place_mentions p JOIN articles a ON a.id = p.article_id"
        where: list[str] = []
        params: list[object] = []
        if article_id is not None:
            where.append("p.article_id = ?")
            params.append(article_id)
        if country:
            where.append("(p.country = ? COLLATE NOCASE OR p.country_code = ? COLLATE NOCASE)")
            params += [country, country]
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.rowid, p.start"
        sql = self._paged(sql, params, limit, offset)
        for row in self.conn.execute(sql, params):
            yield {
                "article_id": row["article_id"],
                "url": row["url"],
                "name": row["text"],
                "start": row["start"],
                "end": row["end"],
                "resolved_name": row["resolved_name"],
                "country": row["country"],
                "admin1": row["admin1"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "feature": row["feature"],
                "gazetteer_id": row["gazetteer_id"],
            }

    def quotes(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        actor_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]:
        """Quotes as quote.schema.json records, by article then position; ids are stable per position.
        ``speaker``: part of the speaker's name or organisation, case-insensitive, or the actor id;
        ``actor_id``: only quotes the resolver credited to that actor (its people and spokespeople)."""
        sql = "SELECT q.*, a.url FROM quote_mentions q JOIN articles a ON a.id = q.article_id"
        where: list[str] = []
        params: list[object] = []
        if speaker:
            where.append("(q.speaker LIKE ? OR q.organization LIKE ? OR q.actor_id = ?)")
            params += [f"%{speaker}%", f"%{speaker}%", speaker]
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        if actor_id:
            where.append("q.actor_id = ?")
            params.append(actor_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.rowid, q.start"
        sql = self._paged(sql, params, limit, offset)
        for row in self.conn.execute(sql, params):
            yield {
                "id": f"{row['article_id']}:q{row['start']}",
                "article_id": row["article_id"],
                "url": row["url"],
                "speaker": row["speaker"],
                "speaker_role": row["speaker_role"],
                "organization": row["organization"],
                "quote": row["text"],
                "kind": row["kind"],
                "start": row["start"],
                "end": row["end"],
            }

    def mentions(self, table: str, article_id: str) -> list[dict[str, object]]:
        """One article's rows of a mention table, in text order."""
        if table not in _MENTION_TABLES:
            raise ValueError(f"no mention table {table!r}")
        return [
            dict(r)
            for r in self.conn.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY start", (article_id,))
        ]

    def new_actors(self, *, actor_id: str | None = None) -> list[dict[str, object]]:
        """Organisations found in articles that are not in the knowledge base ("new:" ids), with their
        names; ``actor_id``: only that one (an empty list when the store has no such actor)."""
        sql, params = "WHERE actor_id LIKE 'new:%'", []
        if actor_id is not None:
            sql, params = "WHERE actor_id = ? AND actor_id LIKE 'new:%'", [actor_id]
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT actor_id, min(name) AS name, min(type) AS type, count(*) AS mentions, "
                f"group_concat(DISTINCT text) AS written FROM actor_mentions {sql} "
                "GROUP BY actor_id ORDER BY actor_id",
                params,
            )
        ]

    # -- reading ------------------------------------------------------------------------------

    def articles(
        self, flt: ArticleFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, object]]:
        """Articles newest first (by publication date, then ingestion), as export records."""
        flt = flt or ArticleFilter()
        where: list[str] = []
        params: list[object] = []
        if flt.since:
            where.append("a.published >= ?")
            params.append(flt.since)
        if flt.until:
            # Inclusive of a whole month or year: '2025-03' keeps '2025-03-31' ('~' sorts after digits).
            where.append("a.published <= ?")
            params.append(flt.until if len(flt.until) >= 10 else flt.until + "~")
        if flt.language:
            where.append("a.language = ?")
            params.append(flt.language)
        if flt.source:
            where.append("(a.source LIKE ? OR a.feed LIKE ? OR a.url LIKE ?)")
            params += [f"%{flt.source}%"] * 3
        if flt.text:
            where.append(self._article_text_clause())
            params.append(self._article_text_param(flt.text))
        sql = "SELECT a.* FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published IS NULL, a.published DESC, a.rowid DESC"
        sql = self._paged(sql, params, limit, offset)
        try:
            cursor = self.conn.execute(sql, params)
        except self._bad_query as e:
            raise StoreError(f"bad search query {flt.text!r}: {e}") from e
        for row in cursor:
            yield _article_record(row)

    def _article_text_clause(self) -> str:
        """The condition on articles ``a`` that keeps those matching a search query (one parameter)."""
        return "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def _article_text_param(self, query: str) -> object:
        return query

    def article(self, article_id: str) -> dict[str, object] | None:
        """One article as its export record, None when there is no such article."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_record(row) if row else None

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over title and text, best match first, with a snippet of the text in which
        the matched words are between ``marks``."""
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title, a.url, a.published, "
                "snippet(articles_fts, 1, ?, ?, ' ... ', 16) AS snippet "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
                (*marks, query, limit, offset),
            ).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"bad search query {query!r}: {e} (quote phrases with double quotes)") from e
        return [SearchHit(r["id"], r["title"], r["url"], r["published"], r["snippet"]) for r in rows]

    def failures(self, *, limit: int | None = 50, run_id: int | None = None) -> list[dict[str, object]]:
        sql, params = "SELECT run_id, source, stage, reason, at FROM failures", []
        if run_id is not None:
            sql += " WHERE run_id = ?"
            params.append(run_id)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(r) for r in self.conn.execute(sql, params)]

    def stats(self) -> dict[str, object]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "near_duplicates": one("SELECT count(*) FROM near_duplicates"),
            "revisions": one("SELECT count(*) FROM article_revisions"),
            "failures": one("SELECT count(*) FROM failures"),
            "runs": one("SELECT count(*) FROM runs"),
            "earliest": one("SELECT min(published) FROM articles"),
            "latest": one("SELECT max(published) FROM articles"),
            "languages": dict(
                self.conn.execute(
                    "SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
                ).fetchall()
            ),
            "analysed": one("SELECT count(*) FROM analyses"),
            "actor_mentions": one("SELECT count(*) FROM actor_mentions"),
            "people_mentions": one("SELECT count(*) FROM person_mentions"),
            "date_mentions": one("SELECT count(*) FROM date_mentions"),
            "figures": one("SELECT count(*) FROM quantity_mentions"),
            "quotes": one("SELECT count(*) FROM quote_mentions"),
            "place_mentions": one("SELECT count(*) FROM place_mentions"),
            "event_mentions": one("SELECT count(*) FROM event_mentions"),
            "events": one("SELECT count(*) FROM events"),
            "multi_source_events": one(
                "SELECT count(*) FROM (SELECT 1 FROM event_sources GROUP BY event_id "
                "HAVING count(DISTINCT article_id) > 1) AS multi"
            ),
            "claims": one("SELECT count(*) FROM claim_mentions"),
            "stories": one("SELECT count(DISTINCT story_id) FROM article_stories"),
            "schema_version": self.schema_version,
        }

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- batch bookkeeping (wirewatch/batch.py) ------------------------------------------------

    def shard_done(self, input: str, shard: int, fingerprint: str) -> bool:  # noqa: A002 - the column's name
        """Whether a batch already stored this shard of ``input`` with this content."""
        row = self.conn.execute(
            "SELECT 1 FROM batch_shards WHERE input = ? AND shard = ? AND fingerprint = ?", (input, shard, fingerprint)
        ).fetchone()
        return row is not None

    def mark_shard(self, input: str, shard: int, fingerprint: str, *, documents: int, run_id: int | None) -> None:  # noqa: A002
        """Record a shard whose documents are all stored and analysed."""
        self.conn.execute(
            "INSERT OR IGNORE INTO batch_shards (input, shard, fingerprint, documents, run_id, done_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (input, shard, fingerprint, documents, run_id, _now()),
        )

    def batch_analysed(self, article_id: str) -> bool:
        """Whether the article has an analysis stored (of any version)."""
        return self.conn.execute("SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)).fetchone() is not None


_MENTION_TABLES = (
    "actor_mentions",
    "person_mentions",
    "date_mentions",
    "quantity_mentions",
    "quote_mentions",
    "place_mentions",
    "event_mentions",
    "claim_mentions",
)


def _article_record(row: sqlite3.Row) -> dict[str, object]:
    return {
        "id": row["id"],
        "url": row["url"],
        "source": row["source"],
        "title": row["title"],
        "published": row["published"],
        "author": row["author"],
        "language": row["language"],
        "text": row["text"],
        "related": json.loads(row["related"]),
    }


def _statements(sql: str) -> Iterator[str]:
    """Split a migration script into statements (sqlite3.complete_statement knows about triggers)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
