"""The JSON API about articles: the list, one article with everything found in it, full-text search,
place mentions, and the one writing endpoint (ingest a URL, behind the server's token)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request

from ..models import Failure, RawDocument, Stored
from ..store import ArticleFilter, Store
from .api import PagingDep, StoreDep, _date, _invalid
from .app import check_token

router = APIRouter(prefix="/api", tags=["articles"])

MENTION_KINDS = (
    ("actors", "actor_mentions"),
    ("people", "person_mentions"),
    ("dates", "date_mentions"),
    ("quantities", "quantity_mentions"),
    ("places", "place_mentions"),
    ("quotes", "quote_mentions"),
    ("events", "event_mentions"),
    ("claims", "claim_mentions"),
)
"""Key in an article's ``mentions`` -> the store's table."""

MAX_URL = 2048
"""Longest URL the ingest endpoint takes: browsers and most servers stop near 2 kB as well."""


def article_filter(
    since: Annotated[str | None, Query(description="Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Published on or before: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    language: Annotated[str | None, Query(description="Language code, e.g. 'en'.")] = None,
    source: Annotated[str | None, Query(description="Part of the source: URL, feed or file path.")] = None,
    q: Annotated[str | None, Query(description="Full-text query (SQLite FTS5) over title and text.")] = None,
) -> ArticleFilter:
    """FastAPI dependency: the article filters shared by the list endpoint and the articles page."""
    return ArticleFilter(
        since=_date("since", since),
        until=_date("until", until),
        language=language or None,
        source=source or None,
        text=(q or "").strip() or None,
    )


ArticleFilterDep = Annotated[ArticleFilter, Depends(article_filter)]


def article_mentions(store: Store, article_id: str) -> dict[str, list[dict[str, Any]]]:
    """Everything the analysis found in one article, by kind, in text order; each mention has its
    start/end offsets into the text and how it was resolved. Event mentions carry the id of the merged
    event they went into (None when they were not merged, e.g. before analysis finished)."""
    events = store.article_events(article_id)
    found: dict[str, list[dict[str, Any]]] = {}
    for key, table in MENTION_KINDS:
        rows = []
        for row in store.mentions(table, article_id):
            row.pop("article_id", None)
            if table == "event_mentions":
                row["event_id"] = events.get(int(row["index"]))  # type: ignore[call-overload]
            if table == "claim_mentions":
                index = row.get("event_index")
                row["event_id"] = events.get(int(index)) if index is not None else None  # type: ignore[call-overload]
            rows.append(row)
        found[key] = rows
    return found


@router.get("/articles", summary="Articles, newest first")
def list_articles(request: Request, store: StoreDep, flt: ArticleFilterDep, paging: PagingDep) -> dict[str, Any]:
    """Articles as article.schema.json records, newest publication first, in pages."""
    items = list(store.articles(flt, limit=paging.limit + 1, offset=paging.offset))
    return paging.page(request, items)


@router.get("/articles/{article_id}", summary="One article with its mentions")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """The article record plus ``mentions``: actors, people, dates, quantities, places, quotes, events
    and claims, each with its offsets into the text and how it was resolved."""
    record = store.article(article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return {**record, "mentions": article_mentions(store, article_id)}


@router.get("/search", summary="Full-text search over articles")
def search(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[str, Query(min_length=1, description="SQLite FTS5 query; quote phrases with double quotes.")],
) -> dict[str, Any]:
    """Articles matching ``q``, best match first, each with a snippet of its text in which the matched
    words are between '[' and ']'. A query FTS5 cannot parse is a 400 with the reason."""
    if not q.strip():
        raise _invalid("q", "empty query: give one or more words")
    hits = store.search(q, limit=paging.limit + 1, offset=paging.offset)
    items = [{"id": h.id, "title": h.title, "url": h.url, "published": h.published, "snippet": h.snippet} for h in hits]
    return paging.page(request, items)


@router.get("/places", summary="Place mentions with their resolved place")
def list_places(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    article_id: Annotated[str | None, Query(description="Only this article's place mentions.")] = None,
    country: Annotated[str | None, Query(description="Resolved country: name or ISO 3166-1 alpha-2 code.")] = None,
) -> dict[str, Any]:
    """Place mentions as place.schema.json records, by article then position, in pages."""
    items = list(
        store.places(article_id=article_id, country=country or None, limit=paging.limit + 1, offset=paging.offset)
    )
    return paging.page(request, items)


def _ingest_url(url: object) -> str:
    """The URL to ingest: only http(s) with a host; anything else could make the server read its files."""
    if not isinstance(url, str) or not url.strip():
        raise _body_invalid('give the page or feed to ingest as a string, e.g. {"url": "https://..."}')
    url = url.strip()
    if len(url) > MAX_URL:
        raise _body_invalid(f"longer than {MAX_URL} characters")
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise _body_invalid(f"not a URL: {e}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _body_invalid("only http:// and https:// URLs with a host can be ingested")
    return url


def _body_invalid(message: str) -> Exception:
    from fastapi.exceptions import RequestValidationError

    return RequestValidationError([{"loc": ("body", "url"), "msg": message, "type": "value_error"}])


@router.post("/ingest", summary="Ingest one URL (needs the server's token)", dependencies=[Depends(check_token)])
def ingest(
    request: Request,
    store: StoreDep,
    body: Annotated[dict[str, Any], Body(examples=[{"url": "https://example.org/news/article.html"}])],
) -> dict[str, Any]:
    """Fetch the page (or every entry of the feed) at ``url`` and run it through the pipeline into the
    store with the server's settings, as `wirewatch ingest URL` does; the run's summary is returned.
    Off (403) unless the server was started with a token; 401 without ``Authorization: Bearer TOKEN``."""
    from ..pipeline import ingest as run_ingest

    url = _ingest_url(body.get("url"))
    stored: list[dict[str, Any]] = []

    def on_result(_item: RawDocument | Failure, result: Stored | Failure) -> None:
        if isinstance(result, Stored):
            stored.append({"id": result.article_id, "outcome": result.outcome, "duplicate_of": result.duplicate_of})

    summary = run_ingest(
        [url], store=store, settings=request.app.state.settings, command="serve ingest", on_result=on_result
    )
    return {
        "url": url,
        "new": summary.new,
        "updated": summary.updated,
        "duplicate": summary.duplicate,
        "near_duplicate": summary.near_duplicate,
        "failed": summary.failed,
        "articles": stored,
        "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason} for f in summary.failures],
    }
