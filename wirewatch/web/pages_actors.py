"""Pages about actors and what they say: the actors list, one actor's page and the claims board."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from ..nlp.kb import ACTOR_TYPES, load_kb
from .api import Paging, PagingDep, StoreDep, _invalid
from .api_actors import STANCES, _check_type, actor_detail, list_actors

router = APIRouter(include_in_schema=False)

MENTIONS_PER_PAGE = 25
BOARD_CAP = 500
"""Claims the board groups at most; filters narrow it further. A page of more is unreadable anyway."""
CONFLICT_CAP = 100
CHART_HEIGHT = 80
"""Pixel height of the tallest bar in an actor's events-per-month chart."""
BAR = 6
"""Pixel width of one bar; a month has two (as perpetrator, as target) and a gap."""


def _render(request: Request, name: str, context: dict[str, Any]) -> Any:
    return request.app.state.templates.TemplateResponse(request, name, context)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[str | None, Query()] = None,
    type: Annotated[str | None, Query()] = None,  # noqa: A002 - the public parameter's name
    sort: Annotated[str, Query(pattern="^(id|mentions)$")] = "mentions",
) -> Any:
    found = list_actors(store, q=q, actor_type=_check_type(type), sort=sort)
    body = paging.page(request, found[paging.offset : paging.offset + paging.limit + 1], total=len(found))
    kb = load_kb()
    parents = {a["parent"]: kb[a["parent"]].name for a in body["items"] if a["parent"] and kb.get(a["parent"])}
    return _render(
        request,
        "actors.html",
        {
            "page": "actors",
            "actors": body["items"],
            "total": body["total"],
            "next": body["next"],
            "previous": paging.previous_url(request),
            "first": paging.offset + 1,
            "q": q or "",
            "type": type or "",
            "sort": sort,
            "types": ACTOR_TYPES,
            "parents": parents,
        },
    )


def month_chart(months: list[dict[str, Any]]) -> dict[str, Any]:
    """Bar positions of the events-per-month chart: for each month a bar as actor1 and one as actor2,
    scaled so the busiest month is CHART_HEIGHT pixels tall."""
    top = max([int(m["as_actor1"] or 0) for m in months] + [int(m["as_actor2"] or 0) for m in months] + [1])
    bars = []
    for i, m in enumerate(months):
        x = i * (2 * BAR + 4)
        one, two = int(m["as_actor1"] or 0), int(m["as_actor2"] or 0)
        h1, h2 = round(one * CHART_HEIGHT / top), round(two * CHART_HEIGHT / top)
        bars.append(
            {
                "month": m["month"],
                "x": x,
                "one": one,
                "two": two,
                "h1": h1,
                "y1": CHART_HEIGHT - h1,
                "h2": h2,
                "y2": CHART_HEIGHT - h2,
            }
        )
    return {"bars": bars, "width": max(len(months) * (2 * BAR + 4), 1), "height": CHART_HEIGHT, "bar": BAR, "top": top}


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(
    request: Request,
    actor_id: str,
    store: StoreDep,
    cursor: Annotated[str | None, Query()] = None,
) -> Any:
    paging = Paging(limit=MENTIONS_PER_PAGE, cursor=cursor)
    detail = actor_detail(store, actor_id, mentions_limit=paging.limit, mentions_offset=paging.offset)
    if detail is None:
        raise HTTPException(404, f"no actor {actor_id!r} in the knowledge base or the store")
    mentions = paging.page(request, detail["mentions"])
    return _render(
        request,
        "actor.html",
        {
            "page": "actors",
            "actor": detail,
            "mentions": mentions["items"],
            "mentions_next": mentions["next"],
            "mentions_previous": paging.previous_url(request),
            "mentions_first": paging.offset + 1,
            "chart": month_chart(detail["events_by_month"]),
        },
    )


def claims_board(store: Any, *, actor: str | None, stance: str | None) -> dict[str, Any]:
    """The claims board's data: contradictions, then the claims grouped by event and by claimant."""
    claims = list(store.claims(actor=actor, stance=stance, limit=BOARD_CAP + 1))
    capped = len(claims) > BOARD_CAP
    claims = claims[:BOARD_CAP]
    details = store.claim_details(c["id"] for c in claims)
    for c in claims:
        c.update(details.get(str(c["id"]), {}))
    events = store.claim_events(str(c["event_id"]) for c in claims if c["event_id"])
    by_event: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    by_claimant: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ids: dict[str, str | None] = {}
    for c in claims:
        by_event[c["event_id"]].append(c)
        name = str(c["claimant"] or c["via"] or "unnamed")
        by_claimant[name].append(c)
        ids.setdefault(name, c.get("claimant_id"))
    event_groups: list[dict[str, Any]] = [
        {"event_id": event_id, "event": events.get(event_id) if event_id else None, "claims": group}
        for event_id, group in by_event.items()
    ]
    # Events with the most claims first; the claims tied to no single event last.
    event_groups.sort(key=lambda g: (g["event_id"] is None, -len(g["claims"])))
    claimant_groups: list[dict[str, Any]] = sorted(
        ({"claimant": name, "actor_id": ids[name], "claims": group} for name, group in by_claimant.items()),
        key=lambda g: (-len(g["claims"]), g["claimant"].casefold()),
    )
    # Contradicting claims first, then events whose sources disagree; with a filter, only the
    # contradictions about the events of the claims shown.
    contradictions = store.conflicts(kind="claims", limit=CONFLICT_CAP)
    disagreements = store.conflicts(exclude=("claims",), limit=CONFLICT_CAP)
    if actor or stance:
        shown = {c["event_id"] for c in claims if c["event_id"]}
        contradictions = [c for c in contradictions if c["event_id"] in shown]
        disagreements = [c for c in disagreements if c["event_id"] in shown]
    return {
        "count": len(claims),
        "capped": capped,
        "by_event": event_groups,
        "by_claimant": claimant_groups,
        "contradictions": contradictions,
        "disagreements": disagreements,
    }


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    store: StoreDep,
    actor: Annotated[str | None, Query()] = None,
    stance: Annotated[str | None, Query()] = None,
) -> Any:
    if stance and stance not in STANCES:
        raise _invalid("stance", f"{stance!r} is not a stance: one of {', '.join(STANCES)}")
    board = claims_board(store, actor=actor or None, stance=stance or None)
    return _render(
        request,
        "claims.html",
        {
            "page": "claims",
            **board,
            "actor": actor or "",
            "stance": stance or "",
            "stances": STANCES,
            "cap": BOARD_CAP,
        },
    )
