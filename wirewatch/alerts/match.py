"""Whether an event record (event.schema.json) meets a watchlist rule, and why: pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..events.merge import killed_estimate
from .watchlist import ActorRef, Rule, Watchlist, fold, keyword_pattern

PLACE_FIELDS = ("location", "admin2", "admin1", "country", "country_code")


@dataclass(frozen=True)
class Match:
    """The first rule of a watchlist that an event meets (1-based), and what in the event met each of
    its conditions."""

    rule: int
    reasons: tuple[str, ...]

    def explain(self) -> list[str]:
        return [f"rule {self.rule}: {reason}" for reason in self.reasons]


def match_watchlist(watchlist: Watchlist, event: Mapping[str, Any]) -> Match | None:
    """The first of the watchlist's rules that the event meets, None when it meets none."""
    for n, rule in enumerate(watchlist.rules, start=1):
        reasons = match_rule(rule, event)
        if reasons is not None:
            return Match(n, reasons)
    return None


def match_rule(rule: Rule, event: Mapping[str, Any]) -> tuple[str, ...] | None:
    """One reason per condition of the rule when the event meets them all, else None."""
    reasons: list[str] = []
    checks = (
        (bool(rule.actors), lambda: _actors(rule.actors, event)),
        (bool(rule.event_types), lambda: _one_of("event_type", rule.event_types, event)),
        (bool(rule.sub_event_types), lambda: _one_of("sub_event_type", rule.sub_event_types, event)),
        (bool(rule.places), lambda: _places(rule.places, event)),
        (rule.bbox is not None, lambda: _bbox(rule.bbox, event)),  # type: ignore[arg-type]
        (rule.min_fatalities is not None, lambda: _fatalities(rule.min_fatalities, event)),  # type: ignore[arg-type]
        (bool(rule.keywords), lambda: _keywords(rule.keywords, event)),
    )
    for given, check in checks:
        if not given:
            continue
        reason = check()
        if reason is None:
            return None
        reasons.append(reason)
    return tuple(reasons)


def _actors(refs: tuple[ActorRef, ...], event: Mapping[str, Any]) -> str | None:
    from ..nlp.kb import normalise

    for ref in refs:
        for side in ("actor1", "actor2"):
            actor_id, name = event.get(f"{side}_id"), event.get(side)
            if actor_id and actor_id in ref.ids:
                how = "" if actor_id in ref.actor_ids else f", under {ref.written}"
                return f"actors: {side} {name or actor_id} ({actor_id}{how}) is {ref.written!r}"
            if not actor_id and name and normalise(str(name)) in ref.names:
                return f"actors: {side} {name} is {ref.written!r} by name"
    return None


def _one_of(field: str, wanted: tuple[str, ...], event: Mapping[str, Any]) -> str | None:
    value = event.get(field)
    if value is not None and str(value).casefold() in {w.casefold() for w in wanted}:
        return f"{field}: {value}"
    return None


def _places(places: tuple[str, ...], event: Mapping[str, Any]) -> str | None:
    wanted = {fold(p): p for p in places}
    for field in PLACE_FIELDS:
        value = event.get(field)
        if value and fold(str(value)) in wanted:
            return f"places: {field} {value} is {wanted[fold(str(value))]!r}"
    return None


def _bbox(box: tuple[float, float, float, float], event: Mapping[str, Any]) -> str | None:
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is None or lon is None:
        return None
    south, west, north, east = box
    inside_lon = west <= lon <= east if west <= east else (lon >= west or lon <= east)
    if south <= lat <= north and inside_lon:
        coarse = " (placed by its region only)" if event.get("geo_precision") == 3 else ""
        return f"bbox: {lat:.4f}, {lon:.4f} is inside [{south:g}, {west:g}, {north:g}, {east:g}]{coarse}"
    return None


def _fatalities(least: int, event: Mapping[str, Any]) -> str | None:
    value = killed_estimate(event)
    if value is not None and value >= least:
        return f"min_fatalities: {value} killed, at least {least}"
    return None


@lru_cache(maxsize=1024)
def _pattern(keyword: str) -> re.Pattern[str]:
    return keyword_pattern(keyword)


def _keywords(keywords: tuple[str, ...], event: Mapping[str, Any]) -> str | None:
    for keyword in keywords:
        pattern = _pattern(keyword)
        for source in event.get("sources") or ():
            found = pattern.search(str(source.get("evidence") or ""))
            if found:
                return f"keywords: {found.group(0)!r} in the evidence of {source.get('article_id')}"
    return None
