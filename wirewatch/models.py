"""Typed records passed between the pipeline's stages.

source -> ingest -> RawDocument -> extract -> Article -> store

Every record is a frozen dataclass: a stage takes one and returns the next, so a
field that one code path forgets cannot go unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Stage = Literal["source", "fetch", "feed", "read", "parse", "extract", "store", "analyze", "alert"]


@dataclass(frozen=True)
class RelatedLink:
    """A link the page itself offers as a related story ("ALSO SEE", "Related Articles")."""

    url: str | None
    title: str | None


@dataclass(frozen=True)
class RawDocument:
    """One document as a source yields it, before extraction.

    Either ``html`` is set (a page to extract), or ``text`` is (already extracted,
    e.g. a JSON Lines record), never neither.
    """

    source: str
    """Where it was read from: URL, file path, or FILE:LINE for JSON Lines."""
    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    record_id: str | None = None
    """An id the input gave (JSON Lines ``id``), kept as the article id."""
    feed: str | None = None
    """The feed this document was listed in, if any."""
    entry: str | None = None
    """The feed entry's key (guid or link), which `watch` remembers once handled."""


@dataclass(frozen=True)
class Article:
    """One article after extraction: the record stored and exported."""

    source: str
    url: str | None
    title: str | None
    published: str | None
    """ISO date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    author: str | None
    language: str | None
    text: str
    related: tuple[RelatedLink, ...] = ()
    record_id: str | None = None
    feed: str | None = None

    def to_record(self, article_id: str) -> dict[str, object]:
        """The export shape of shared/schema/article.schema.json."""
        return {
            "id": article_id,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "language": self.language,
            "text": self.text,
            "related": [{"url": r.url, "title": r.title} for r in self.related],
        }


@dataclass(frozen=True)
class Failure:
    """A source, or one item inside it, that could not be ingested, and why (one line)."""

    source: str
    stage: Stage
    reason: str
    feed: str | None = None
    entry: str | None = None
    """For a feed entry that failed: the feed and the entry's key, so `watch` can retry it."""


Outcome = Literal["new", "updated", "duplicate", "near_duplicate"]


@dataclass(frozen=True)
class Stored:
    """What the store did with one article."""

    outcome: Outcome
    article_id: str
    duplicate_of: str | None = None


@dataclass
class Summary:
    """Counts for one ingest run, and every failure's reason."""

    new: int = 0
    updated: int = 0
    """Pages stored before whose text changed since (the old text is kept as a revision)."""
    duplicate: int = 0
    near_duplicate: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def merge(self, other: Summary) -> None:
        """Add another run's counts and failures to these."""
        self.new += other.new
        self.updated += other.updated
        self.duplicate += other.duplicate
        self.near_duplicate += other.near_duplicate
        self.failures += other.failures

    def add(self, stored: Stored) -> None:
        if stored.outcome == "new":
            self.new += 1
        elif stored.outcome == "updated":
            self.updated += 1
        elif stored.outcome == "duplicate":
            self.duplicate += 1
        else:
            self.near_duplicate += 1
