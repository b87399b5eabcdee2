"""RSS and Atom feeds (feedparser): every entry's page is fetched and ingested."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import feedparser

from ..models import Failure

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(content: bytes, content_type: str | None = None) -> bool:
    """Whether bytes are a feed rather than a page: by media type, else by the root element."""
    if content_type and any(t in content_type for t in ("rss", "atom", "/xml", "+xml")) and "xhtml" not in content_type:
        return True
    head = content[:2048].lstrip().lower()
    return any(marker in head for marker in FEED_MARKERS) and b"<html" not in head


@dataclass(frozen=True)
class Entry:
    """One feed entry: where its page is, and what the feed says of it."""

    key: str
    """The entry's guid, else its link: what `watch` remembers to skip it next time."""
    link: str
    title: str | None
    published: str | None


def _published(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""feedparser's "bozo" warnings that do not make a feed malformed: a charset the server got wrong,
or a feed served as text/html, both common and both parsed correctly."""


def parse_feed(content: bytes, source: str) -> tuple[list[Entry], list[Failure]]:
    """The entries of a feed, and a Failure for each that cannot be used and for a malformed feed.

    A malformed feed (not well-formed XML) is recorded as a failure, and whatever entries feedparser
    could still recover from it are used, so one broken item does not lose the rest.
    """
    parsed = feedparser.parse(content)
    entries: list[Entry] = []
    failures: list[Failure] = []
    error = parsed.get("bozo_exception")
    if parsed.bozo and not isinstance(error, BENIGN):
        reason = str(error).splitlines()[0] if error else "not a feed"
        failures.append(Failure(source, "feed", f"malformed feed: {reason}"))
    elif not parsed.entries and not parsed.feed:
        return [], [Failure(source, "feed", "malformed feed: no channel and no entries")]
    for index, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or ""
        if not link.lower().startswith(("http://", "https://")):
            if not failures:  # in a malformed feed, the "malformed" failure says it already
                failures.append(Failure(f"{source}#{index}", "feed", "feed entry has no http(s) link"))
            continue
        entries.append(Entry(entry.get("id") or link, link, entry.get("title"), _published(entry)))
    return entries, failures


def iter_entries(
    content: bytes, source: str, *, skip: Callable[[Entry], bool] = lambda _: False
) -> Iterator[Entry | Failure]:
    """The feed's usable entries (less those ``skip`` rejects) and its failures."""
    entries, failures = parse_feed(content, source)
    yield from failures
    for entry in entries:
        if not skip(entry):
            yield entry
