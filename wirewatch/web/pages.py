"""Pages about events: the overview (map and timeline), the events table and one event's page.

The overview page holds no events: its script asks /api/events/map and /api/events/timeline, so the
page stays small and fast whatever the store holds. The table and the event page are rendered here.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response

from ..links import outlet, safe_url
from ..store import EventFilter
from .api import MAX_PAGE, StoreDep, _invalid, decode_cursor, encode_cursor, event_filter

router = APIRouter(include_in_schema=False)

FILTERS = ("since", "until", "type", "sub_type", "actor", "country", "admin1", "min_fatalities", "q")
"""The filter form's fields, named as the API's query parameters."""
TABLE_PAGE = 50

STANCES = {
    "claims_responsibility": "claims responsibility",
    "denies": "denies",
    "asserts": "asserts",
}
HEDGED = {"alleged", "purported", "denied", "claimed"}
"""reported_as values that say the source does not vouch for the event itself."""
CONFLICT_LABELS = {
    "fatalities": "the death toll",
    "date": "the date",
    "place": "the place",
    "perpetrator": "who did it",
    "claims": "who was responsible (claims contradict)",
}


# -- filters ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def event_types() -> dict[str, list[str]]:
    """Event type -> its sub-event types, in the order of event.schema.json (the public contract)."""
    path = resources.files("wirewatch.data") / "schema" / "event.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    groups = {**schema.get("x-acled-types", {}), **schema.get("x-extra-types", {})}
    return {name: list(groups.get(name, [])) for name in schema["properties"]["event_type"]["enum"]}


def type_slug(event_type: object) -> str:
    """The CSS class suffix of an event type ("Explosions/Remote violence" -> explosions-remote-violence);
    overview.js makes the same one, so map, timeline and tables share the colours of app.css."""
    return re.sub(r"[^a-z0-9]+", "-", str(event_type or "").lower()).strip("-") or "none"


def _filter_values(request: Request) -> dict[str, str]:
    """The filter fields given in the query string, stripped, empty ones left out."""
    values = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    return {name: value for name, value in values.items() if value}


def _event_filter(values: dict[str, str]) -> EventFilter:
    """The store filter of the form's values, checked as the API checks them (RequestValidationError)."""
    minimum: int | None = None
    if "min_fatalities" in values:
        raw = values["min_fatalities"]
        if not raw.isdigit():
            raise _invalid("min_fatalities", f"{raw!r} is not a whole number of at least 0")
        minimum = int(raw)
    return event_filter(
        since=values.get("since"),
        until=values.get("until"),
        type=values.get("type"),
        sub_type=values.get("sub_type"),
        actor=values.get("actor"),
        country=values.get("country"),
        admin1=values.get("admin1"),
        bbox=None,
        min_fatalities=minimum,
        q=values.get("q"),
    )


def _problem(exc: RequestValidationError) -> str:
    return "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()) or "invalid filter"


def _context(request: Request, page: str, values: dict[str, str], **more: Any) -> dict[str, Any]:
    return {
        "page": page,
        "values": values,
        "types": event_types(),
        "slug": type_slug,
        "query": urlencode(values),
        **more,
    }


# -- pages ------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> Response:
    """The map and the timeline; both are drawn in the browser from the API."""
    values = _filter_values(request)
    context = _context(request, "overview", values)
    return request.app.state.templates.TemplateResponse(request, "overview.html", context)


@router.get("/events", response_class=HTMLResponse)
def events_table(request: Request, store: StoreDep) -> Response:
    """Events matching the filters, latest first, a page at a time (the API's cursor scheme)."""
    values = _filter_values(request)
    templates = request.app.state.templates
    try:
        flt = _event_filter(values)
        limit = _page_size(request.query_params.get("limit"))
        offset = decode_cursor(request.query_params.get("cursor") or None)
    except RequestValidationError as exc:
        context = _context(request, "events", values, error=_problem(exc), rows=[], total=0)
        return templates.TemplateResponse(request, "events.html", context, status_code=422)
    records = list(store.events(flt, limit=limit + 1, offset=offset))
    rows = [_row(r) for r in records[:limit]]
    total = store.count_events(flt)
    keep = {**values, **({"limit": str(limit)} if limit != TABLE_PAGE else {})}
    pages: dict[str, str] = {}
    if len(records) > limit:
        pages["next"] = "/events?" + urlencode({**keep, "cursor": encode_cursor(offset + limit)})
    if offset > 0:
        back = max(0, offset - limit)
        pages["previous"] = "/events?" + urlencode({**keep, **({"cursor": encode_cursor(back)} if back else {})})
        pages["first"] = "/events?" + urlencode(keep)
    context = _context(
        request,
        "events",
        values,
        rows=rows,
        total=total,
        first=offset + 1,
        last=offset + len(rows),
        pages=pages,
    )
    return templates.TemplateResponse(request, "events.html", context)


def _page_size(raw: str | None) -> int:
    if not raw:
        return TABLE_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise _invalid("limit", f"rows per page: a whole number from 1 to {MAX_PAGE}")
    return int(raw)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, store: StoreDep) -> Response:
    """One event: its best estimate, every source side by side, the disagreements and the claims."""
    templates = request.app.state.templates
    record = store.event(event_id)
    if record is None:
        return templates.TemplateResponse(
            request, "error.html", {"status": 404, "message": f"no event {event_id!r}"}, status_code=404
        )
    conflicts = store.conflicts_of(event_id)
    disputed = {str(c["kind"]) for c in conflicts}
    best = record.get("fatalities")
    sources = [_source(s, best=best, disputed=disputed) for s in cast(list[dict[str, Any]], record["sources"])]
    claims = [
        {**c, "stance_label": STANCES.get(str(c["stance"]), str(c["stance"]).replace("_", " "))}
        for c in store.claims(event_id=event_id)
    ]
    context = {
        "page": "events",
        "event": record,
        "slug": type_slug,
        "summary": estimate(record, len({s["article_id"] for s in sources})),
        "sources": sources,
        "conflicts": [_conflict(c) for c in conflicts],
        "claims": claims,
    }
    return templates.TemplateResponse(request, "event.html", context)


# -- what the templates show ------------------------------------------------------------------------


def figures(value: object, low: object = None, high: object = None) -> str:
    """A toll as written for a reader: "84", "59–100", or "not given"."""
    if value is not None:
        return str(value)
    if low is not None and high is not None and low != high:
        return f"{low}–{high}"
    if low is not None or high is not None:
        return str(low if low is not None else high)
    return "not given"


def estimate(event: dict[str, Any], sources: int) -> str:
    """The one-line summary of an event's toll: "best estimate 84 (59–100), 3 sources"."""
    best, low, high = event.get("fatalities"), event.get("fatalities_low"), event.get("fatalities_high")
    counted = f"{sources} source" + ("" if sources == 1 else "s")
    spread = low is not None and high is not None and low != high
    if best is not None:
        return f"best estimate {best} ({low}–{high}), {counted}" if spread else f"best estimate {best}, {counted}"
    if spread:
        return f"between {low} and {high} killed (no single best estimate), {counted}"
    if low is not None or high is not None:
        return f"best estimate {low if low is not None else high}, {counted}"
    return f"no toll given, {counted}"


def _row(record: dict[str, Any]) -> dict[str, Any]:
    names: list[str] = []
    for name in (record.get("location"), record.get("admin1"), record.get("country")):
        if name and str(name).casefold() not in {n.casefold() for n in names}:  # not "Paktika, Paktika"
            names.append(str(name))
    place = ", ".join(names)
    return {
        **record,
        "place": place,
        "toll": figures(record.get("fatalities"), record.get("fatalities_low"), record.get("fatalities_high")),
        "source_count": len({s["article_id"] for s in record.get("sources", [])}),
    }


def _source(source: dict[str, Any], *, best: object, disputed: set[str]) -> dict[str, Any]:
    own = source.get("fatalities")
    shown = figures(own, source.get("fatalities_low"), source.get("fatalities_high"))
    numbers = {
        n
        for n in (own, source.get("fatalities_low"), source.get("fatalities_high"), source.get("injured"))
        if isinstance(n, int) and n > 0
    }
    return {
        **source,
        "host": outlet(source.get("url")) or str(source.get("article_id")),
        "link": safe_url(source.get("url")),
        "toll": shown,
        "toll_differs": "fatalities" in disputed and best is not None and own != best,
        "hedged": str(source.get("reported_as") or "") in HEDGED,
        "segments": highlight(str(source.get("evidence") or ""), numbers),
    }


def _conflict(conflict: dict[str, Any]) -> dict[str, Any]:
    sides = [
        {
            "value": STANCES.get(str(side["value"]), str(side["value"])),
            "hosts": [outlet(s.get("url")) or s.get("article_id") for s in side["sources"]],
        }
        for side in conflict.get("sides", [])
    ]
    return {
        "kind": conflict["kind"],
        "label": CONFLICT_LABELS.get(str(conflict["kind"]), conflict["kind"]),
        "sides": sides,
    }


_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b|\b[A-Za-z]+(?:-[A-Za-z]+)?\b")


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    """Number words ("twenty-six") and their values, from the quantities lexicon."""
    from ..nlp.quantities import load_numbers

    units = dict(load_numbers().units)
    words = dict(units)
    for tens, tens_value in units.items():
        if tens_value in (20, 30, 40, 50, 60, 70, 80, 90):
            for one, one_value in units.items():
                if 1 <= one_value <= 9:
                    words[f"{tens}-{one}"] = tens_value + one_value
    return words


def highlight(text: str, numbers: set[int]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) parts, the pieces that write one of ``numbers`` marked (digits,
    "1,200" or a number word). The template escapes every piece."""
    if not numbers:
        return [(text, False)] if text else []
    words = _number_words()
    parts: list[tuple[str, bool]] = []
    done = 0
    for found in _NUMBER.finditer(text):
        token = found.group()
        value = int(token.replace(",", "")) if token[0].isdigit() else words.get(token.lower())
        if value is None or value not in numbers:
            continue
        if found.start() > done:
            parts.append((text[done : found.start()], False))
        parts.append((token, True))
        done = found.end()
    if done < len(text):
        parts.append((text[done:], False))
    return parts
