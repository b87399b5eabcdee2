"""Exports: one function per format, each writing records to an open text handle.

``export(store, kind, fmt, handle, flt=...)`` is the single entry point the CLI uses for every
kind and format: it reads the records once from the store and hands them to the format's writer.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..errors import UsageError
from ..store import ArticleFilter, EventFilter

KINDS: tuple[str, ...] = ("articles", "places", "quotes", "actors", "events", "claims", "all")
FORMATS: dict[str, tuple[str, ...]] = {
    "jsonl": ("articles", "places", "quotes", "actors", "events", "claims"),
    "stix": ("events", "all"),
    "geojson": ("events",),
    "csv": ("events",),
}
"""Each format and the kinds it can export."""

DATE_FILTERS = ("since", "until")


@dataclasses.dataclass(frozen=True)
class Exported:
    """What an export wrote: ``count`` records (objects for STIX), ``left_out`` skipped and why."""

    kind: str
    format: str
    count: int
    left_out: int = 0
    reason: str = ""


def write_jsonl(records: Iterable[dict[str, object]], handle: TextIO) -> int:
    """One JSON object per line, streamed; returns how many were written."""
    count = 0
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False))
        handle.write("\n")
        count += 1
    return count


def actor_records(store: object) -> Iterator[dict[str, object]]:
    """The knowledge base's actors, then the organisations the articles name that it lacks."""
    from ..nlp.kb import load_kb

    kb = load_kb()
    for actor_id in sorted(kb.actors):
        yield kb.to_record(actor_id)
    for row in store.new_actors():  # type: ignore[attr-defined]
        yield {
            "id": row["actor_id"],
            "name": row["name"],
            "type": row["type"] or "other",
            "aliases": sorted(set(str(row["written"]).split(","))) if row["written"] else [],
            "parent": None,
            "country": None,
        }


def check(kind: str, fmt: str, flt: EventFilter | None = None) -> None:
    """Raise UsageError for a kind/format pair that does not exist, or filters the kind cannot take."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    if kind not in FORMATS[fmt]:
        others = [f for f, kinds in FORMATS.items() if kind in kinds]
        raise UsageError(
            f"--format {fmt} exports {' or '.join(FORMATS[fmt])}, not {kind}"
            + (f"; {kind} exports as {' or '.join(others)}" if others else "")
        )
    used = [k for k, v in dataclasses.asdict(flt or EventFilter()).items() if v is not None]
    if kind in ("events", "all") or not used:
        return
    if kind == "actors":
        raise UsageError("actors take no filters (the knowledge base has no dates or places)")
    other = [k for k in used if k not in DATE_FILTERS]
    if other:
        names = ", ".join("--" + k.replace("_", "-").replace("event-type", "type") for k in other)
        verb = "selects" if len(other) == 1 else "select"
        raise UsageError(
            f"{names} {verb} events: use {'it' if len(other) == 1 else 'them'} with `export events` or `export all`"
        )


def _article_meta(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if k != "text"}


def _articles_in(store: Any, flt: EventFilter) -> dict[str, dict[str, object]]:
    """Articles published within the filter's dates (all when it has none), without their text."""
    window = ArticleFilter(since=flt.since, until=flt.until)
    return {str(a["id"]): _article_meta(a) for a in store.articles(window)}


def records(store: Any, kind: str, flt: EventFilter) -> Iterator[dict[str, Any]]:
    """The JSON Lines records of one kind, streamed; articles, places, quotes and claims follow the
    articles published within --since/--until."""
    if kind == "events":
        yield from store.events(flt)
    elif kind == "actors":
        yield from actor_records(store)
    elif kind == "articles":
        yield from store.articles(ArticleFilter(since=flt.since, until=flt.until))
    else:
        rows = {"places": store.places, "quotes": store.quotes, "claims": store.claims}[kind]()
        if flt.since is None and flt.until is None:
            yield from rows
        else:
            keep = set(_articles_in(store, flt))
            yield from (r for r in rows if r["article_id"] in keep)


def _stix_objects(store: Any, kind: str, flt: EventFilter) -> list[Any]:
    """The object set of a STIX bundle: the matching events with their sources, actors, places and
    claims; for ``all`` also every article in the date window (when no other filter narrows to
    events) with its claims, places and quotes."""
    from .stix import build_objects

    events = list(store.events(flt))
    narrowed = any(v is not None for k, v in dataclasses.asdict(flt).items() if k not in DATE_FILTERS)
    articles: dict[str, dict[str, object]] = {}
    if kind == "all" and not narrowed:
        articles = _articles_in(store, flt)
    for event in events:
        for source in event["sources"]:
            if source["article_id"] not in articles:
                found = store.article(source["article_id"])
                if found is not None:
                    articles[source["article_id"]] = _article_meta(found)
    event_ids = {e["id"] for e in events}
    claims = [
        c for c in store.claims() if c.get("event_id") in event_ids or (kind == "all" and c["article_id"] in articles)
    ]
    actors = {str(a["id"]): a for a in actor_records(store)}
    places: Iterable[dict[str, Any]] = store.places() if kind == "all" else ()
    quotes: Iterable[dict[str, Any]] = store.quotes() if kind == "all" else ()
    return build_objects(events, articles=articles, claims=claims, actors=actors, places=places, quotes=quotes)


def export(store: Any, kind: str, fmt: str, handle: TextIO, flt: EventFilter | None = None) -> Exported:
    """Write ``kind`` as ``fmt`` to ``handle``. Everything but STIX streams record by record."""
    flt = flt or EventFilter()
    check(kind, fmt, flt)
    if fmt == "jsonl":
        return Exported(kind, fmt, write_jsonl(records(store, kind, flt), handle))
    if fmt == "stix":
        from .stix import write_stix

        return Exported(kind, fmt, write_stix(_stix_objects(store, kind, flt), handle))
    if fmt == "geojson":
        from .geojson import write_geojson

        written, unlocated = write_geojson(store.events(flt), handle)
        return Exported(kind, fmt, written, unlocated, "without coordinates")
    from .acled_csv import write_acled_csv

    actors = {str(a["id"]): a for a in actor_records(store)}
    return Exported(kind, fmt, write_acled_csv(store.events(flt), handle, actors=actors))


__all__ = ["FORMATS", "KINDS", "Exported", "actor_records", "check", "export", "records", "write_jsonl"]
