"""The store: where articles, failures and runs are kept. SQLite by default, behind one interface."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..models import Article, Failure, Stored, Summary
from ..nlp.records import Analysis

DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def filter_date(value: str) -> str:
    """A since/until value as the filters take it: YYYY, YYYY-MM or YYYY-MM-DD, and a real date.
    Raises ValueError with a message a person can act on."""
    from datetime import datetime

    try:
        if len(value) not in DATE_FORMATS:
            raise ValueError
        datetime.strptime(value, DATE_FORMATS[len(value)])
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


@dataclass(frozen=True)
class ArticleFilter:
    """Filters for listing and exporting articles; None means no filter."""

    since: str | None = None
    until: str | None = None
    language: str | None = None
    source: str | None = None
    """Substring of the source (URL, feed or file path)."""
    text: str | None = None
    """FTS5 query over title and text."""


@dataclass(frozen=True)
class EventFilter:
    """Filters for listing and exporting merged events; None means no filter."""

    since: str | None = None
    """Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); a month-precision event counts
    when any of its days does."""
    until: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    """A knowledge base id (exact) or part of a name, of actor1 or actor2, case-insensitive."""
    country: str | None = None
    admin1: str | None = None
    min_fatalities: int | None = None
    """At least this many killed: the best estimate, else the top of the range."""
    text: str | None = None
    """Words in the evidence of any source (see match_query): each word as a prefix, "a phrase" in
    double quotes, or any FTS5 query."""
    bbox: tuple[float, float, float, float] | None = None
    """(south, west, north, east) in degrees; west > east is a box across the antimeridian."""


FTS5_SYNTAX = re.compile(r'["*():^]|\b(?:AND|OR|NOT|NEAR)\b')


def match_query(text: str) -> str:
    """An FTS5 query for what a person typed: left as it is when it uses FTS5's syntax (quotes, *, AND,
    OR, NOT, NEAR, parentheses, column filters); otherwise every word becomes a prefix that must appear,
    so "al-Qaeda bomb" finds "al-Qaeda bombing" (a bare hyphen is an FTS5 syntax error)."""
    if FTS5_SYNTAX.search(text):
        return text
    return " ".join(f'"{word}"*' for word in text.split())


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    url: str | None
    published: str | None
    snippet: str


class Store(Protocol):
    """What the pipeline, the CLI and the exports need from a database."""

    def add_article(self, article: Article) -> Stored: ...
    def record_failure(self, failure: Failure, *, run_id: int | None = None) -> None: ...
    def start_run(self, command: str) -> int: ...
    def finish_run(self, run_id: int, summary: Summary) -> None: ...
    def seen_entry(self, feed: str, entry: str) -> bool: ...
    def mark_entry(self, feed: str, entry: str) -> None: ...
    def articles(
        self, flt: ArticleFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, object]]: ...
    def article(self, article_id: str) -> dict[str, object] | None: ...
    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]: ...
    def failures(self, *, limit: int | None = 50, run_id: int | None = None) -> list[dict[str, object]]: ...
    def stats(self) -> dict[str, object]: ...
    def add_analysis(self, article_id: str, analysis: Analysis, *, version: str) -> None: ...
    def analysis_ids(self, *, stale_for: str | None = None) -> list[str]: ...
    def article_text(self, article_id: str) -> tuple[str, str | None] | None: ...
    def places(
        self,
        *,
        article_id: str | None = None,
        country: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]: ...
    def mentions(self, table: str, article_id: str) -> list[dict[str, object]]: ...
    def article_events(self, article_id: str) -> dict[int, str]: ...
    def quotes(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        actor_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]: ...
    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, object]]: ...
    def count_events(self, flt: EventFilter | None = None) -> int: ...
    def event_points(self, flt: EventFilter | None = None, *, limit: int = 5000) -> list[dict[str, object]]: ...
    def event_timeline(self, flt: EventFilter | None = None) -> list[dict[str, object]]: ...
    def event(self, event_id: str) -> dict[str, object] | None: ...
    def claims(
        self,
        *,
        actor: str | None = None,
        stance: str | None = None,
        event_id: str | None = None,
        hedged: bool | None = None,
        claimant_id: str | None = None,
        about: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]: ...
    def claim_events(self, event_ids: Iterable[str]) -> dict[str, dict[str, object]]: ...
    def claim_details(self, claim_ids: Iterable[str]) -> dict[str, dict[str, object]]: ...
    def conflicts(
        self, *, kind: str | None = None, exclude: Collection[str] = (), limit: int | None = None, offset: int = 0
    ) -> list[dict[str, object]]: ...
    def conflicts_of(self, event_id: str) -> list[dict[str, object]]: ...
    def stories(
        self, *, min_size: int = 2, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, object]]: ...
    def story_of(self, article_id: str) -> str | None: ...
    def actor_mentions(
        self, actor_id: str, *, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, object]]: ...
    def actor_mention_counts(self) -> dict[str, int]: ...
    def actor_written(self, actor_id: str) -> list[dict[str, object]]: ...
    def actor_event_months(self, actor_id: str) -> list[dict[str, object]]: ...
    def co_actors(self, actor_id: str, *, limit: int = 20) -> list[dict[str, object]]: ...
    def new_actors(self, *, actor_id: str | None = None) -> list[dict[str, object]]: ...
    def event_change_mark(self) -> int: ...
    def changed_events(self, *, after: int | None = None, since: str | None = None) -> Iterator[dict[str, object]]: ...
    def claim_alert(self, watchlist: str, event_id: str, fingerprint: str) -> tuple[int, str, str | None] | None: ...
    def alert_delivered(self, alert_id: int, *, delivered: Iterable[str], failed: Iterable[str]) -> None: ...
    def alerts(
        self, *, watchlist: str | None = None, event_id: str | None = None, limit: int | None = None
    ) -> list[dict[str, object]]: ...
    def close(self) -> None: ...
    def shard_done(self, input: str, shard: int, fingerprint: str) -> bool: ...  # noqa: A002
    def mark_shard(self, input: str, shard: int, fingerprint: str, *, documents: int, run_id: int | None) -> None: ...  # noqa: A002
    def batch_analysed(self, article_id: str) -> bool: ...


def open_store(db: str, *, near_duplicate_threshold: float = 0.8) -> Store:
    """Open (creating and migrating as needed) the store at ``db``: a file path, ``:memory:``, or a
    postgresql:// URL (docs/postgres.md)."""
    if db.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(db, near_duplicate_threshold=near_duplicate_threshold)
    from .sqlite import SQLiteStore

    return SQLiteStore(db, near_duplicate_threshold=near_duplicate_threshold)


__all__ = ["ArticleFilter", "EventFilter", "SearchHit", "Store", "filter_date", "open_store"]
