"""Pages about articles: the list, one article with every mention highlighted, and full-text search.

Highlighting is done here, in Python, as a tree of plain strings and ``Mark`` nodes that the template
renders with autoescaping on; no markup is ever built by joining strings from an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import StoreError
from ..links import safe_url
from .api import Paging, PagingDep, StoreDep
from .api_articles import ArticleFilterDep, article_mentions

router = APIRouter(include_in_schema=False)

KINDS = ("quote", "event", "claim", "actor", "person", "place", "date", "quantity")
"""Mention kinds, outermost first when two spans cover the same characters: long spans (quotes,
events, claims) hold the short ones, and an actor's link holds a place of the same name."""
_RANK = {kind: i for i, kind in enumerate(KINDS)}

SNIPPET_MARKS = ("\ue000", "\ue001")
"""Private-use characters around the matched words of a search snippet: unlike '[' and ']' they do not
occur in article text, so splitting on them cannot be fooled by the text."""


# -- highlighting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One mention to highlight: characters [start, end) of the text."""

    start: int
    end: int
    kind: str
    title: str
    """How it was resolved, shown on hover."""
    href: str | None = None
    """Where the highlighted words link to (actors)."""
    ref: tuple[str, str] | None = None
    """(label, href) of a small link after the span (events and claims: their merged event)."""


@dataclass
class Mark:
    """A highlighted piece of text; a span that crosses another's end is split into several pieces."""

    span: Span
    children: list[Mark | str] = field(default_factory=list)
    link: bool = False
    """Wrap the children in the span's link (never inside another link: nested anchors are invalid)."""
    last: bool = False
    """The span's final piece: the ref link goes after it."""
    in_link: bool = False


def highlight(text: str, spans: Iterable[Span]) -> list[list[Mark | str]]:
    """The text as paragraphs (one per line), each a list of strings and nested Marks covering every
    span. Spans may nest or cross; crossing ones are split so that the marks nest properly."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    paragraphs: list[list[Mark | str]] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if line.strip():
            paragraphs.append(_paragraph(text, start, end, [s for s in spans if s.start < end and s.end > start]))
    return paragraphs


def _paragraph(text: str, start: int, end: int, spans: Sequence[Span]) -> list[Mark | str]:
    clipped = [(s, max(s.start, start), min(s.end, end)) for s in spans]
    bounds = sorted({start, end, *(b for _, a, z in clipped for b in (a, z))})
    root: list[Mark | str] = []
    stack: list[Mark] = []
    for left, right in pairwise(bounds):
        active = [(s, z) for s, a, z in clipped if a <= left and z >= right]
        ids = {id(s) for s, _ in active}
        keep = 0
        while keep < len(stack) and id(stack[keep].span) in ids:
            keep += 1
        del stack[keep:]  # a span still active above a closed one is reopened below: split
        opened = {id(m.span) for m in stack}
        # Latest end outermost: it is split least; at equal ends the longer, then the outer kind.
        for span, _ in sorted(
            (p for p in active if id(p[0]) not in opened), key=lambda p: (-p[1], p[0].start, _RANK[p[0].kind])
        ):
            in_link = bool(stack) and (stack[-1].link or stack[-1].in_link)
            mark = Mark(span, link=span.href is not None and not in_link, in_link=in_link)
            (stack[-1].children if stack else root).append(mark)
            stack.append(mark)
        (stack[-1].children if stack else root).append(text[left:right])
        for mark in stack:
            mark.last = right == mark.span.end
    return root


# -- mentions as spans ------------------------------------------------------------------------------


def _join(*parts: object, sep: str = ", ") -> str:
    return sep.join(str(p) for p in parts if p not in (None, ""))


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def mention_spans(mentions: dict[str, list[dict[str, Any]]]) -> list[Span]:
    """Every mention of an article as a Span whose title says how it was resolved."""
    spans: list[Span] = []
    for m in mentions["actors"]:
        who = _join(m["name"], m["type"]) if m["name"] else None
        href = f"/actors/{quote(m['actor_id'], safe=':')}" if m["actor_id"] else None
        spans.append(Span(m["start"], m["end"], "actor", _join(who, m["how"], sep=" — "), href))
    for m in mentions["people"]:
        title = _join(m["name"] or m["person"], m["role"], m["organisation"])
        spans.append(Span(m["start"], m["end"], "person", f"person: {title}"))
    for m in mentions["dates"]:
        value = _join(m["value"], f"({m['precision']})" if m["precision"] else None, sep=" ")
        spans.append(Span(m["start"], m["end"], "date", _join(value or "unresolved date", m["how"], sep=" — ")))
    for m in mentions["quantities"]:
        if m["value"] is not None:
            amount = _number(m["value"])
        elif m["low"] is not None or m["high"] is not None:
            low, high = (_number(v) if v is not None else "?" for v in (m["low"], m["high"]))
            amount = f"{low}–{high}"
        else:
            amount = "?"
        title = f"{m['category']}: {_join(m['qualifier'], amount, m['noun'], sep=' ')}"
        spans.append(Span(m["start"], m["end"], "quantity", title))
    for m in mentions["places"]:
        spans.append(Span(m["start"], m["end"], "place", _place_title(m)))
    for m in mentions["quotes"]:
        speaker = _join(m["speaker"], m["speaker_role"], m["organization"]) or "speaker unknown"
        spans.append(Span(m["start"], m["end"], "quote", _join(f"{m['kind']} quote: {speaker}", m["how"], sep=" — ")))
    for m in mentions["events"]:
        ref = (f"E{m['index'] + 1}", f"/events/{quote(m['event_id'], safe='')}") if m.get("event_id") else None
        spans.append(Span(m["start"], m["end"], "event", m["how"], ref=ref))
    for m in mentions["claims"]:
        claimant = m["claimant"] or "claimant unknown"
        hedge = f", hedged ({m['hedge']})" if m["hedged"] else ""
        ref = (f"E{m['event_index'] + 1}", f"/events/{quote(m['event_id'], safe='')}") if m.get("event_id") else None
        title = _join(f"claim {m['stance']} by {claimant}{hedge}", m["how"], sep=" — ")
        spans.append(Span(m["start"], m["end"], "claim", title, ref=ref))
    return spans


def _place_title(m: dict[str, Any]) -> str:
    if m["resolved_name"]:
        where = _join(m["resolved_name"], m["admin1"], m["country"])
        if m["latitude"] is not None and m["longitude"] is not None:
            where += f" ({m['latitude']:.4f}, {m['longitude']:.4f})"
        return _join(where, m["how"], sep=" — ")
    return _join("unresolved place", m["note"], m["how"], sep=" — ")


def split_snippet(snippet: str, marks: tuple[str, str] = SNIPPET_MARKS) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces, from the markers the store put around matches."""
    opening, closing = marks
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        before, found, after = rest.partition(opening)
        if before:
            pieces.append((before.replace(closing, ""), False))
        if not found:
            break
        inside, _, rest = after.partition(closing)
        if inside:
            pieces.append((inside.replace(opening, ""), True))
    return pieces


# -- pages ------------------------------------------------------------------------------------------


def _render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


def _pages(request: Request, paging: Paging, more: bool) -> dict[str, str | None]:
    """Links to the previous and next pages of a list."""
    return {"previous": paging.previous_url(request), "next": paging.next_url(request) if more else None}


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, store: StoreDep, flt: ArticleFilterDep, paging: PagingDep) -> Any:
    items = list(store.articles(flt, limit=paging.limit + 1, offset=paging.offset))
    more = len(items) > paging.limit
    rows = [{**a, "link": safe_url(a["url"]), "host": _host(a["url"])} for a in items[: paging.limit]]
    context = {
        "page": "articles",
        "articles": rows,
        "filters": flt,
        "offset": paging.offset,
        **_pages(request, paging, more),
    }
    return _render(request, "articles.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, store: StoreDep) -> Any:
    record = store.article(article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    mentions = article_mentions(store, article_id)
    related = [
        {"title": link.get("title"), "url": link.get("url"), "link": safe_url(link.get("url"))}
        for link in record.get("related") or []  # type: ignore[attr-defined]
        if isinstance(link, dict)
    ]
    places: dict[tuple[object, ...], dict[str, Any]] = {}
    for m in mentions["places"]:
        if m["resolved_name"]:
            key = (m["resolved_name"], m["admin1"], m["country"], m["latitude"], m["longitude"])
            places.setdefault(key, {**m, "count": 0})["count"] += 1
    context = {
        "page": "articles",
        "article": record,
        "link": safe_url(record["url"]),
        "paragraphs": highlight(str(record["text"]), mention_spans(mentions)),
        "mentions": mentions,
        "counts": {kind: len(rows) for kind, rows in mentions.items()},
        "places": sorted(places.values(), key=lambda p: -p["count"]),
        "related": related,
        "kinds": KINDS,
    }
    return _render(request, "article.html", context)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
) -> Any:
    query = (q or "").strip()
    context: dict[str, Any] = {"page": "search", "q": query, "hits": [], "error": None, "previous": None, "next": None}
    if not query:
        return _render(request, "search.html", context)
    try:
        hits = store.search(query, limit=paging.limit + 1, offset=paging.offset, marks=SNIPPET_MARKS)
    except StoreError as e:
        context["error"] = str(e)
        return _render(request, "search.html", context, status_code=422)
    context["hits"] = [
        {"id": h.id, "title": h.title, "url": h.url, "published": h.published, "snippet": split_snippet(h.snippet)}
        for h in hits[: paging.limit]
    ]
    context["offset"] = paging.offset
    context.update(_pages(request, paging, len(hits) > paging.limit))
    return _render(request, "search.html", context)


def _host(url: object) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
