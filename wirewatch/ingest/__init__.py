"""Where documents come from: URLs, feeds, HTML files and directories, JSON Lines, WARC.

``iter_documents`` turns each SOURCE of the command line into a stream of RawDocument, or of
Failure for what cannot be read, and never raises for a bad source: the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import SourceError
from ..models import Failure, RawDocument
from ..settings import Settings
from .decode import decode_html
from .feeds import Entry, iter_entries, looks_like_feed

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

SkipEntry = Callable[[str, Entry], bool]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def kind_of(source: str) -> str:
    """url, directory, jsonl, warc, feed or html: how a source will be read (files by their suffix,
    feeds and HTML files also by sniffing the first bytes)."""
    if is_url(source):
        return "url"
    path = Path(source)
    name = path.name.lower()
    if path.is_dir():
        return "directory"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return "html"
    return "feed" if looks_like_feed(head) else "html"


def iter_documents(
    sources: Iterable[str], *, fetcher: object, settings: Settings, skip_entry: SkipEntry | None = None
) -> Iterator[RawDocument | Failure]:
    """Every document of every source, streamed in order; a failure never stops the others."""
    for source in sources:
        yield from iter_source(source, fetcher=fetcher, settings=settings, skip_entry=skip_entry)


def iter_source(
    source: str, *, fetcher: object, settings: Settings, skip_entry: SkipEntry | None = None
) -> Iterator[RawDocument | Failure]:
    """The documents of one source."""
    from .files import iter_html_files, read_html_file
    from .jsonl import iter_jsonl
    from .warc import iter_warc

    if not is_url(source) and "://" in source:
        yield Failure(
            source, "source", f"unsupported URL scheme {source.split('://', 1)[0]!r}; use http(s) or a file path"
        )
        return
    if not is_url(source) and not Path(source).exists():
        yield Failure(source, "source", "no such file or directory")
        return
    kind = kind_of(source)
    path = Path(source)
    if kind == "url":
        yield from _iter_url(source, fetcher=fetcher, skip_entry=skip_entry)
    elif kind == "directory":
        yield from iter_html_files(path, max_bytes=settings.max_bytes)
    elif kind == "jsonl":
        yield from iter_jsonl(path)
    elif kind == "warc":
        yield from iter_warc(path, max_bytes=settings.max_bytes)
    elif kind == "feed":
        try:
            content = path.read_bytes()
        except OSError as e:
            yield Failure(source, "read", f"cannot read file: {e.strerror or e}")
            return
        yield from _iter_feed(content, source, fetcher=fetcher, skip_entry=skip_entry)
    else:
        yield read_html_file(path, max_bytes=settings.max_bytes)


def _iter_url(source: str, *, fetcher, skip_entry: SkipEntry | None) -> Iterator[RawDocument | Failure]:  # type: ignore[no-untyped-def]
    """A URL: a feed when it serves one, else an article page."""
    try:
        response = fetcher.get(source, accept=f"text/html, {FEED_ACCEPT}")
    except SourceError as e:
        yield Failure(source, "fetch", str(e))
        return
    if looks_like_feed(response.content, response.content_type):
        yield from _iter_feed(response.content, source, fetcher=fetcher, skip_entry=skip_entry)
        return
    yield _page(response, source)


def _page(response, source: str, *, entry: Entry | None = None, feed: str | None = None) -> RawDocument | Failure:  # type: ignore[no-untyped-def]
    """A fetched response as an HTML document, or why it is not one."""
    key = entry.key if entry else None
    content_type = (response.content_type or "").lower()
    if content_type and not any(t in content_type for t in ("html", "xml", "text/plain")):
        return Failure(source, "fetch", f"not HTML: content type {content_type}", feed=feed, entry=key)
    try:
        html = decode_html(response.content, declared=response.encoding)
    except SourceError as e:
        return Failure(source, "fetch", str(e), feed=feed, entry=key)
    return RawDocument(
        source=source,
        url=response.url,
        html=html,
        title=entry.title if entry else None,
        published=entry.published if entry else None,
        feed=feed,
        entry=key,
    )


def _iter_feed(content: bytes, feed: str, *, fetcher, skip_entry: SkipEntry | None) -> Iterator[RawDocument | Failure]:  # type: ignore[no-untyped-def]
    """Fetch every entry's page of a feed (less those already seen, when watching)."""
    skip = (lambda entry: skip_entry(feed, entry)) if skip_entry else (lambda _entry: False)
    for item in iter_entries(content, feed, skip=skip):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            response = fetcher.get(item.link)
        except SourceError as e:
            yield Failure(item.link, "fetch", str(e), feed=feed, entry=item.key)
            continue
        yield _page(response, item.link, entry=item, feed=feed)
