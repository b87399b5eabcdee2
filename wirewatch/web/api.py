"""The JSON API under /api. Records have the shape of the JSON Lines exports (shared/schema); lists are
paginated with an opaque cursor and a hard cap on the page size."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

from ..store import EventFilter, Store, filter_date
from .app import get_store

MAX_PAGE = 200
"""The largest page any list endpoint returns, whatever is asked."""
DEFAULT_PAGE = 50
MAX_POINTS = 5000
"""Events drawn on the map at most (deadliest first); the rest are counted, not sent."""

router = APIRouter(prefix="/api", tags=["api"])

StoreDep = Annotated[Store, Depends(get_store)]


# -- pagination -------------------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; a cursor this server did not make is a 422 on ``cursor``."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "o" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _invalid("cursor", "not a cursor this server gave out; use the next_cursor of a previous page") from None


class Paging:
    """FastAPI dependency: ``limit`` (1..MAX_PAGE) and ``cursor`` of a list endpoint."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Records per page, at most {MAX_PAGE}.")] = (
            DEFAULT_PAGE
        ),
        cursor: Annotated[str | None, Query(description="The next_cursor of the previous page.")] = None,
    ) -> None:
        self.limit = limit
        self.offset = decode_cursor(cursor)

    def page(self, request: Request, items: list[Any], *, total: int | None = None) -> dict[str, Any]:
        """The page envelope. ``items`` holds up to limit + 1 records: the extra one says there is more."""
        more = len(items) > self.limit
        items = items[: self.limit]
        body: dict[str, Any] = {"items": items, "next_cursor": None, "next": None}
        if total is not None:
            body["total"] = total
        if more:
            body["next_cursor"] = encode_cursor(self.offset + self.limit)
            body["next"] = self.next_url(request)
        return body

    def next_url(self, request: Request) -> str:
        """This request's URL with the cursor of the page after this one."""
        return str(request.url.include_query_params(cursor=encode_cursor(self.offset + self.limit)))

    def previous_url(self, request: Request) -> str | None:
        """This request's URL for the page before this one (the first page's has no cursor); None on the
        first page."""
        if self.offset <= 0:
            return None
        back = max(0, self.offset - self.limit)
        url = request.url.remove_query_params("cursor")
        return str(url.include_query_params(cursor=encode_cursor(back)) if back else url)


PagingDep = Annotated[Paging, Depends()]


def _invalid(parameter: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", parameter), "msg": message, "type": "value_error"}])


# -- filters ----------------------------------------------------------------------------------------


def _date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real date; the same rule as the CLI's --since/--until."""
    try:
        return None if value is None else filter_date(value)
    except ValueError as e:
        raise _invalid(name, str(e)) from None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        raise _invalid("bbox", "write four numbers: south,west,north,east (degrees)") from None
    if not (-90 <= south <= north <= 90) or not (-180 <= west <= 180 and -180 <= east <= 180):
        raise _invalid("bbox", "south <= north within -90..90, west and east within -180..180")
    return south, west, north, east


def event_filter(
    since: Annotated[str | None, Query(description="Events on or after: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Events on or before: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    type: Annotated[  # noqa: A002 - the public parameter's name
        str | None, Query(description="ACLED event type, e.g. 'Explosions/Remote violence'.")
    ] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. 'Suicide bomb'.")] = None,
    actor: Annotated[str | None, Query(description="Actor id, or part of actor1's or actor2's name.")] = None,
    country: Annotated[str | None, Query(description="Country name or ISO 3166-1 alpha-2 code.")] = None,
    admin1: Annotated[str | None, Query(description="First-level region, e.g. 'Khyber Pakhtunkhwa'.")] = None,
    bbox: Annotated[str | None, Query(description="south,west,north,east in degrees.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, description="At least this many killed.")] = None,
    q: Annotated[
        str | None, Query(description='Words in any source\'s evidence: each a prefix, "a phrase", or FTS5 syntax.')
    ] = None,
) -> EventFilter:
    """FastAPI dependency: the event filters shared by the events endpoints, the map and the timeline."""
    return EventFilter(
        since=_date("since", since),
        until=_date("until", until),
        event_type=type or None,
        sub_event_type=sub_type or None,
        actor=actor or None,
        country=country or None,
        admin1=admin1 or None,
        min_fatalities=min_fatalities,
        text=q or None,
        bbox=_bbox(bbox),
    )


FilterDep = Annotated[EventFilter, Depends(event_filter)]


# -- events -----------------------------------------------------------------------------------------


@router.get("/events", summary="Merged events, latest first")
def list_events(request: Request, store: StoreDep, flt: FilterDep, paging: PagingDep) -> dict[str, Any]:
    """Events as event.schema.json records, each with all its sources, in pages."""
    items = list(store.events(flt, limit=paging.limit + 1, offset=paging.offset))
    return paging.page(request, items, total=store.count_events(flt))


@router.get("/events/map", summary="Placed events for a map")
def event_map(
    store: StoreDep,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description=f"Points at most, up to {MAX_POINTS}.")] = 2000,
) -> dict[str, Any]:
    """Light records (no sources) of the placed events the filters select, deadliest first, and how many
    events the filters select in all (placed or not)."""
    return {"items": store.event_points(flt, limit=limit), "total": store.count_events(flt)}


@router.get("/events/timeline", summary="Events per week and type")
def event_timeline(store: StoreDep, flt: FilterDep) -> dict[str, Any]:
    """Events and fatalities per week (starting Monday) and event type."""
    return {"items": store.event_timeline(flt)}


@router.get("/events/{event_id}", summary="One event with all its sources")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    record = store.event(event_id)
    if record is None:
        raise HTTPException(404, f"no event {event_id!r}")
    record["claims"] = list(store.claims(event_id=event_id))
    return record


@router.get("/stats", summary="What the store holds")
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats()
