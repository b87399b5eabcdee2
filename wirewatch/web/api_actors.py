"""The JSON API about actors and what they say: actors (with aliases and how each mention was resolved),
quotes, claims, conflicts and stories. Records have the shape of the JSON Lines exports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..exports import actor_records
from ..nlp.kb import ACTOR_TYPES, ActorKB, load_kb, normalise
from ..store import Store
from .api import PagingDep, StoreDep, _invalid

router = APIRouter(prefix="/api", tags=["actors"])

STANCES = ("asserts", "alleges", "denies", "claims_responsibility")
"""The stance enum of claim.schema.json."""
CONFLICT_KINDS = ("fatalities", "date", "place", "perpetrator", "claims")
SECTION_CAP = 50
"""Items per section of one actor's record (quotes, claims, co-actors): enough for a page; the list
endpoints page through the rest."""


# -- actors -----------------------------------------------------------------------------------------


def _matches(record: dict[str, Any], needle: str, folded: str) -> bool:
    """Whether ``needle`` (casefolded) or its normalised form is part of the actor's id, name or an alias."""
    names = [str(record["id"]), str(record["name"]), *map(str, record["aliases"])]
    return any(needle in n.casefold() for n in names) or bool(folded and any(folded in normalise(n) for n in names))


def list_actors(
    store: Store,
    *,
    q: str | None = None,
    actor_type: str | None = None,
    country: str | None = None,
    sort: str = "id",
) -> list[dict[str, Any]]:
    """Actor records (the knowledge base's, then the store's new ones) with their mention counts,
    filtered; ``sort`` "mentions" puts the most named first."""
    counts = store.actor_mention_counts()
    needle = (q or "").strip().casefold()
    folded = normalise(needle) if needle else ""
    found: list[dict[str, Any]] = []
    for record in actor_records(store):
        if actor_type and record["type"] != actor_type:
            continue
        if country and str(record.get("country") or "").casefold() != country.casefold():
            continue
        if needle and not _matches(record, needle, folded):
            continue
        found.append({**record, "mentions": counts.get(str(record["id"]), 0)})
    if sort == "mentions":
        found.sort(key=lambda r: -int(r["mentions"]))  # stable: ties keep the export order
    return found


def _check_type(actor_type: str | None) -> str | None:
    if actor_type and actor_type not in ACTOR_TYPES:
        raise _invalid("type", f"{actor_type!r} is not an actor type: one of {', '.join(ACTOR_TYPES)}")
    return actor_type or None


def actor_record(store: Store, kb: ActorKB, actor_id: str) -> dict[str, Any] | None:
    """The actor.schema.json record of a knowledge-base actor or a new one found in the articles."""
    if kb.get(actor_id):
        return kb.to_record(actor_id)
    rows = store.new_actors(actor_id=actor_id)
    if not rows:
        return None
    row = rows[0]
    return {
        "id": actor_id,
        "name": row["name"],
        "type": row["type"] or "other",
        "aliases": sorted(set(str(row["written"]).split(","))) if row["written"] else [],
        "parent": None,
        "country": None,
    }


def _brief(kb: ActorKB, actor_id: str) -> dict[str, Any]:
    actor = kb.get(actor_id)
    return {"id": actor_id, "name": actor.name if actor else actor_id, "type": actor.type if actor else None}


def actor_detail(store: Store, actor_id: str, *, mentions_limit: int, mentions_offset: int) -> dict[str, Any] | None:
    """Everything known about one actor: its record, who uses which alias, parent and factions, how
    the articles name it (each mention with how it was resolved), its events per month as actor1 and
    actor2, quotes by its people, claims it made and claims about it, and the actors it appears with.
    None when there is no such actor."""
    kb = load_kb()
    record = actor_record(store, kb, actor_id)
    if record is None:
        return None
    actor = kb.get(actor_id)
    alias_uses = (
        [{"alias": a.text, "used_by": a.used_by, "note": a.note} for a in actor.aliases if not a.is_name]
        if actor
        else [{"alias": a, "used_by": None, "note": None} for a in record["aliases"]]
    )
    months: list[dict[str, Any]] = store.actor_event_months(actor_id)
    quotes = list(store.quotes(actor_id=actor_id, limit=SECTION_CAP + 1))
    made = list(store.claims(claimant_id=actor_id, limit=SECTION_CAP + 1))
    about = list(store.claims(about=actor_id, limit=SECTION_CAP + 1))
    mentions = store.actor_mentions(actor_id, limit=mentions_limit + 1, offset=mentions_offset)
    return {
        **record,
        "note": actor.note if actor else None,
        "mention_count": store.actor_mention_counts().get(actor_id, 0),
        "alias_uses": alias_uses,
        "written": store.actor_written(actor_id),
        "parent_actor": _brief(kb, record["parent"]) if record.get("parent") else None,
        "ancestors": [_brief(kb, a) for a in kb.ancestors(actor_id)] if actor else [],
        "factions": [_brief(kb, c) for c in kb.children(actor_id)] if actor else [],
        "mentions": mentions,
        "events_by_month": months,
        "events_as_actor1": sum(int(m["as_actor1"] or 0) for m in months),
        "events_as_actor2": sum(int(m["as_actor2"] or 0) for m in months),
        "quotes": _section(quotes),
        "claims_made": _section(made),
        "claims_about": _section(about),
        "co_actors": store.co_actors(actor_id, limit=SECTION_CAP),
    }


def _section(items: list[dict[str, Any]]) -> dict[str, Any]:
    """A capped section: its first SECTION_CAP items and whether there are more."""
    return {"items": items[:SECTION_CAP], "more": len(items) > SECTION_CAP}


@router.get("/actors", summary="Actors: the knowledge base's and the new ones the articles name")
def get_actors(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(description="Part of the name, an alias or the id, case-insensitive.")] = None,
    type: Annotated[  # noqa: A002 - the public parameter's name
        str | None, Query(description=f"Actor type: one of {', '.join(ACTOR_TYPES)}.")
    ] = None,
    country: Annotated[str | None, Query(description="Country name, e.g. 'Pakistan'.")] = None,
    sort: Annotated[str, Query(pattern="^(id|mentions)$", description="'id' (export order) or 'mentions'.")] = "id",
) -> dict[str, Any]:
    """actor.schema.json records, each with ``mentions``: how often the store's articles name it."""
    found = list_actors(store, q=q, actor_type=_check_type(type), country=country, sort=sort)
    window = found[paging.offset : paging.offset + paging.limit + 1]
    return paging.page(request, window, total=len(found))


@router.get("/actors/{actor_id:path}", summary="One actor with its aliases, mentions, events and claims")
def get_actor(request: Request, actor_id: str, store: StoreDep, paging: PagingDep) -> dict[str, Any]:
    """The actor's record and what the store knows about it; ``limit`` and ``cursor`` page its mentions."""
    detail = actor_detail(store, actor_id, mentions_limit=paging.limit, mentions_offset=paging.offset)
    if detail is None:
        raise HTTPException(404, f"no actor {actor_id!r} in the knowledge base or the store")
    detail["mentions"] = paging.page(request, detail["mentions"])
    return detail


# -- quotes, claims, conflicts, stories -------------------------------------------------------------


@router.get("/quotes", summary="Quotes, by article then position")
def get_quotes(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name or organisation, or an actor id.")] = (
        None
    ),
    article_id: Annotated[str | None, Query(description="Only this article's quotes.")] = None,
) -> dict[str, Any]:
    """quote.schema.json records."""
    items = list(
        store.quotes(
            speaker=speaker or None, article_id=article_id or None, limit=paging.limit + 1, offset=paging.offset
        )
    )
    return paging.page(request, items)


@router.get("/claims", summary="Claims, by article then position")
def get_claims(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    actor: Annotated[str | None, Query(description="Claimant: an actor id, or part of the claimant's name.")] = None,
    stance: Annotated[str | None, Query(description=f"One of {', '.join(STANCES)}.")] = None,
    event_id: Annotated[str | None, Query(description="Only claims about this merged event.")] = None,
    hedged: Annotated[bool | None, Query(description="true: only hedged claims; false: only unhedged.")] = None,
) -> dict[str, Any]:
    """claim.schema.json records."""
    if stance and stance not in STANCES:
        raise _invalid("stance", f"{stance!r} is not a stance: one of {', '.join(STANCES)}")
    items = list(
        store.claims(
            actor=actor or None,
            stance=stance or None,
            event_id=event_id or None,
            hedged=hedged,
            limit=paging.limit + 1,
            offset=paging.offset,
        )
    )
    return paging.page(request, items)


@router.get("/conflicts", summary="Events whose sources disagree, and contradicting claims")
def get_conflicts(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    kind: Annotated[str | None, Query(description=f"Only one kind: {', '.join(CONFLICT_KINDS)}.")] = None,
) -> dict[str, Any]:
    """Each conflict names its event and kind and lists its sides, each side with its sources."""
    if kind and kind not in CONFLICT_KINDS:
        raise _invalid("kind", f"{kind!r} is not a kind of conflict: one of {', '.join(CONFLICT_KINDS)}")
    items = store.conflicts(kind=kind or None, limit=paging.limit + 1, offset=paging.offset)
    return paging.page(request, items)


@router.get("/stories", summary="Stories: articles grouped by copies, shared events and related links")
def get_stories(
    request: Request,
    store: StoreDep,
    paging: PagingDep,
    min_size: Annotated[int, Query(ge=1, description="At least this many reports (articles plus copies).")] = 2,
) -> dict[str, Any]:
    """Stories, latest first, each with its articles, syndicated copies and events."""
    items = list(store.stories(min_size=min_size, limit=paging.limit + 1, offset=paging.offset))
    return paging.page(request, items)
