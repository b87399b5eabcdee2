"""A situation report's content, gathered from the store into typed records: headline figures against
the previous period, the events to show with their sources, statements, claims and contradictions.

Nothing here draws or formats HTML; charts.py turns the records into shapes and render.py into a page.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..errors import UsageError
from ..events.merge import date_range, killed_estimate
from ..links import outlet, safe_url
from ..store import EventFilter, Store

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
    "Statements",
    "Disasters",
    "Crime",
    "Diplomacy",
)
"""event.schema.json's event_type enum, in its order: the order of legends, stacks and tables."""

TOP_REGIONS = 10
TOP_EVENTS = 10
MAX_STATEMENTS = 10
MAX_QUOTES = 12
MAX_CLAIMS = 20
QUOTES_PER_ARTICLE = 2
"""So that a long period's quotes come from several stories, not all from its last, most quoted article."""
MIN_QUOTE_CHARS = 40
"""Shorter quotations are mostly fragments ("a cowardly act") that say little out of context."""
FOLLOW_UP_DAYS = 7
"""Quotes come from articles published in the period or up to a week after it: reporting on an event
goes on for days, while an article from years later that mentions it as background is about something else."""
EVIDENCE_CHARS = 320

_RELATIVE = re.compile(r"^\s*(\d+)\s*([a-z]+)\s*$")
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7}


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def event_filter(self, base: EventFilter | None = None) -> EventFilter:
        return replace(base or EventFilter(), since=self.start.isoformat(), until=self.end.isoformat())

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def parse_period(since: str, *, as_of: date | None = None) -> Period:
    """``7d``, ``4w`` (counted back from ``as_of``, today by default, that day included) or a first day
    YYYY-MM-DD, up to ``as_of``."""
    end = as_of or date.today()
    relative = _RELATIVE.match(since.lower())
    if relative:
        number, unit = int(relative.group(1)), relative.group(2)
        if unit in ("h", "hour", "hours"):
            raise UsageError(f"--since {since!r}: events are dated to the day; write days (7d) or weeks (4w)")
        if unit not in _UNITS:
            raise UsageError(f"--since {since!r}: write days (7d), weeks (4w) or a first day YYYY-MM-DD")
        if number < 1:
            raise UsageError(f"--since {since!r}: the period must be at least one day")
        return Period(end - timedelta(days=number * _UNITS[unit] - 1), end)
    try:
        if len(since.strip()) != 10:
            raise ValueError
        start = date.fromisoformat(since.strip())
    except ValueError:
        raise UsageError(f"--since {since!r}: write days (7d), weeks (4w) or a first day YYYY-MM-DD") from None
    if start > end:
        raise UsageError(f"--since {since} is after the report's last day {end.isoformat()} (see --as-of)")
    return Period(start, end)


# -- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One figure in this period and the one before."""

    label: str
    current: int
    previous: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> int | None:
        """The change in percent, rounded; None when the previous period had none."""
        return round(100 * self.delta / self.previous) if self.previous else None


@dataclass(frozen=True)
class SourceLink:
    """One article a fact comes from: its outlet, date, its own figure, and a link to it."""

    article_id: str
    host: str
    url: str | None
    """Only http(s) addresses; anything else (javascript:, data:) is dropped."""
    published: str | None
    title: str | None
    toll: str | None
    note: str | None = None
    """What this source says, when the side it is on needs it (a claim's words)."""


@dataclass(frozen=True)
class EventItem:
    id: str
    event_date: str | None
    event_type: str
    sub_event_type: str | None
    place: str
    actor1: str | None
    actor2: str | None
    killed: int
    toll: str
    evidence: str
    sources: tuple[SourceLink, ...]

    @property
    def headline(self) -> str:
        return f"{self.sub_event_type or self.event_type} in {self.place}"


@dataclass(frozen=True)
class Statement:
    who: str
    text: str
    source: SourceLink | None
    event_date: str | None = None
    kind: str = "statement"
    """"statement" (an event of type Statements), or the quote's kind ("direct", "indirect")."""


@dataclass(frozen=True)
class ClaimItem:
    claimant: str
    stance: str
    hedged: bool
    via: str | None
    text: str
    event: str | None
    """The headline of the event the claim is about."""
    source: SourceLink


@dataclass(frozen=True)
class Side:
    value: str
    sources: tuple[SourceLink, ...]


@dataclass(frozen=True)
class Contradiction:
    event_id: str
    kind: str
    headline: str
    event_date: str | None
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class MapPoint:
    id: str
    latitude: float
    longitude: float
    event_type: str
    killed: int
    label: str


@dataclass(frozen=True)
class Bin:
    """One bar of the timeline: events per type from ``start`` for ``unit``."""

    start: date
    counts: tuple[tuple[str, int], ...]
    fatalities: int

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class Report:
    title: str
    period: Period
    previous: Period
    filters: tuple[tuple[str, str], ...]
    generated: str
    events: Change
    fatalities: Change
    by_type: tuple[Change, ...]
    by_region: tuple[Change, ...]
    regions: int
    """How many regions had events in either period (by_region shows the top ones)."""
    deadliest: tuple[EventItem, ...]
    newest: tuple[EventItem, ...]
    statements: tuple[Statement, ...]
    quotes: tuple[Statement, ...]
    claims: tuple[ClaimItem, ...]
    contradictions: tuple[Contradiction, ...]
    points: tuple[MapPoint, ...]
    unplaced: int
    timeline: tuple[Bin, ...]
    unit: str
    """The timeline's bin: "day", "week" or "month"."""
    types: tuple[str, ...]
    """The event types present in the period, in EVENT_TYPES order."""


# -- helpers -------------------------------------------------------------------------------------


def killed(record: dict[str, Any]) -> int:
    """The best estimate of people killed, else the top of the range, else 0 (as the store sums them)."""
    return killed_estimate(record) or 0


def toll(record: dict[str, Any]) -> str | None:
    """Killed and injured as short text ("24 killed (20-24), 40 injured"); None when no figure is given."""
    value, low, high = record.get("fatalities"), record.get("fatalities_low"), record.get("fatalities_high")
    if value is None and low is None and high is None:
        text = None
    elif value is None:
        text = f"{low}-{high} killed" if low != high else f"{high} killed"
    else:
        text = f"{value} killed" + (f" ({low}-{high})" if low is not None and high is not None and low != high else "")
    if record.get("injured") is not None:
        text = (text + ", " if text else "") + f"{record['injured']} injured"
    return text


def place(record: dict[str, Any]) -> str:
    parts = [record.get("location"), record.get("admin1"), record.get("country")]
    names = list(dict.fromkeys(str(p) for p in parts if p))
    return ", ".join(names) or "an unknown place"


def region(record: dict[str, Any]) -> str:
    if record.get("admin1"):
        return f"{record['admin1']}, {record['country']}" if record.get("country") else str(record["admin1"])
    return f"{record['country']} (no province)" if record.get("country") else "Not placed"


def shorten(text: object, limit: int = EVIDENCE_CHARS) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1].rsplit(" ", 1)[0] + "…"


def event_day(record: dict[str, Any], period: Period) -> date:
    """The day an event counts on in the timeline: the first day its date covers (else its first
    source's publication), kept inside the period."""
    found = date_range(record.get("event_date"), record.get("date_precision"))
    day: date | None = date.fromordinal(found[0]) if found else None
    if day is None:
        published = sorted(str(s["published"])[:10] for s in record.get("sources", []) if s.get("published"))
        try:
            day = date.fromisoformat(published[0]) if published else None
        except ValueError:
            day = None
    if day is None:
        return period.start
    return min(max(day, period.start), period.end)


def _changes(current: Counter[str], previous: Counter[str], order: Iterable[str]) -> tuple[Change, ...]:
    return tuple(Change(name, current[name], previous[name]) for name in order)


# -- building ------------------------------------------------------------------------------------


class _Links:
    """SourceLinks for source and claim records, with each article's title read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles: dict[str, dict[str, object] | None] = {}

    def article(self, article_id: str) -> dict[str, object] | None:
        if article_id not in self.articles:
            self.articles[article_id] = self.store.article(article_id)
        return self.articles[article_id]

    def link(self, record: dict[str, Any], *, with_toll: bool = True, note: str | None = None) -> SourceLink:
        article_id = str(record.get("article_id") or "")
        article = self.article(article_id) or {}
        url = record.get("url") or article.get("url")
        published = record.get("published") or article.get("published")
        return SourceLink(
            article_id=article_id,
            host=outlet(url) or article_id,
            url=safe_url(url),
            published=str(published)[:10] if published else None,
            title=str(article["title"]) if article.get("title") else None,
            toll=toll(record) if with_toll else None,
            note=note,
        )


def _event_item(record: dict[str, Any], links: _Links) -> EventItem:
    sources: dict[str, SourceLink] = {}
    for s in record["sources"]:
        # An article reporting the event twice (lead and recap) is one source; its first mention speaks.
        sources.setdefault(str(s["article_id"]), links.link(s))
    return EventItem(
        id=str(record["id"]),
        event_date=record.get("event_date"),
        event_type=str(record["event_type"]),
        sub_event_type=record.get("sub_event_type"),
        place=place(record),
        actor1=record.get("actor1"),
        actor2=record.get("actor2"),
        killed=killed(record),
        toll=toll(record) or "no toll reported",
        evidence=shorten(record["sources"][0]["evidence"]) if record["sources"] else "",
        sources=tuple(sources.values()),
    )


def _timeline(records: list[dict[str, Any]], period: Period) -> tuple[tuple[Bin, ...], str]:
    """Events per day (periods up to 45 days), week (up to two years, weeks start on Monday) or month."""
    if period.days <= 45:
        unit = "day"

        def key(day: date) -> date:
            return day

    elif period.days <= 731:
        unit = "week"

        def key(day: date) -> date:
            return day - timedelta(days=day.weekday())

    else:
        unit = "month"

        def key(day: date) -> date:
            return day.replace(day=1)

    counts: dict[date, Counter[str]] = defaultdict(Counter)
    dead: Counter[date] = Counter()
    for record in records:
        bin_start = key(event_day(record, period))
        counts[bin_start][str(record["event_type"])] += 1
        dead[bin_start] += killed(record)
    bins: list[Bin] = []
    day = key(period.start)
    while day <= period.end:
        found = counts.get(day, Counter())
        ordered = [t for t in EVENT_TYPES if t in found] + sorted(t for t in found if t not in EVENT_TYPES)
        bins.append(Bin(day, tuple((t, found[t]) for t in ordered), dead[day]))
        if unit == "day":
            day += timedelta(days=1)
        elif unit == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return tuple(bins), unit


def _quotes(store: Store, records: list[dict[str, Any]], period: Period, links: _Links) -> tuple[Statement, ...]:
    """Quotations from the period's reporting: attributed ones of some length, direct speech first."""
    last = (period.end + timedelta(days=FOLLOW_UP_DAYS)).isoformat()
    articles = {str(s["article_id"]): s.get("published") for r in records for s in r["sources"]}
    wanted = [
        a
        for a, published in articles.items()
        if not published or period.start.isoformat() <= str(published)[:10] <= last
    ]
    found: list[tuple[tuple[int, str], Statement]] = []
    seen: set[str] = set()
    for article_id in wanted:
        taken = 0
        for q in store.quotes(article_id=article_id):
            who = q.get("speaker") or q.get("organization")
            text = " ".join(str(q["quote"]).split())
            if not who or len(text) < MIN_QUOTE_CHARS or text.casefold() in seen or taken >= QUOTES_PER_ARTICLE:
                continue
            taken += 1
            seen.add(text.casefold())
            if q.get("speaker") and q.get("speaker_role"):
                who = f"{q['speaker']} ({q['speaker_role']})"
            link = links.link(q, with_toll=False)
            rank = (0 if q.get("kind") == "direct" else 1, "" if not link.published else link.published)
            found.append((rank, Statement(str(who), shorten(text, 400), link, kind=str(q.get("kind")))))
    # Direct speech first; within each kind the newest articles first.
    found.sort(key=lambda item: item[0][1], reverse=True)
    found.sort(key=lambda item: item[0][0])
    return tuple(s for _, s in found[:MAX_QUOTES])


def _claims(store: Store, records: list[dict[str, Any]], links: _Links) -> tuple[ClaimItem, ...]:
    """Claims of responsibility and denials about the period's events."""
    headlines = {str(r["id"]): f"{_event_item_headline(r)}, {r.get('event_date') or 'undated'}" for r in records}
    items: list[ClaimItem] = []
    for stance in ("claims_responsibility", "denies"):
        for c in store.claims(stance=stance):
            event_id = c.get("event_id")
            if event_id is None or str(event_id) not in headlines:
                continue
            items.append(
                ClaimItem(
                    claimant=str(c.get("claimant") or "unnamed claimant"),
                    stance=stance,
                    hedged=bool(c.get("hedged")),
                    via=c.get("via"),  # type: ignore[arg-type]
                    text=shorten(c["claim"], 400),
                    event=headlines[str(event_id)],
                    source=links.link(c, with_toll=False),
                )
            )
    return tuple(items[:MAX_CLAIMS])


def _event_item_headline(record: dict[str, Any]) -> str:
    return f"{record.get('sub_event_type') or record['event_type']} in {place(record)}"


def _contradictions(store: Store, records: list[dict[str, Any]], links: _Links) -> tuple[Contradiction, ...]:
    """What store.conflicts() lists for the period's events: sources of one event disagreeing (only
    when several articles report it) and a claim contradicted by a denial."""
    found: list[Contradiction] = []
    for record in records:
        several = len({s["article_id"] for s in record["sources"]}) > 1
        for conflict in store.conflicts_of(str(record["id"])):
            if conflict["kind"] != "claims" and not several:
                continue
            sides: list[Side] = []
            for side in conflict["sides"]:  # type: ignore[attr-defined]
                sources: dict[str, SourceLink] = {}
                for s in side["sources"]:
                    note = f"{s.get('claimant') or 'unnamed'}: {shorten(s['claim'], 200)}" if "claim" in s else None
                    key = str(s.get("id") or s["article_id"])
                    sources.setdefault(key, links.link(s, with_toll=conflict["kind"] == "fatalities", note=note))
                sides.append(Side(str(side["value"]).replace("_", " "), tuple(sources.values())))
            found.append(
                Contradiction(
                    event_id=str(record["id"]),
                    kind=str(conflict["kind"]),
                    headline=_event_item_headline(record),
                    event_date=record.get("event_date"),
                    sides=tuple(sides),
                )
            )
    return tuple(found)


def build_report(
    store: Store,
    period: Period,
    *,
    flt: EventFilter | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> Report:
    """Everything a situation report shows for ``period``, with the other filters of ``flt`` (its
    since/until are replaced by the period's)."""
    base = flt or EventFilter()
    previous = period.previous()
    current_flt, previous_flt = period.event_filter(base), previous.event_filter(base)
    records: list[dict[str, Any]] = list(store.events(current_flt))
    earlier: list[dict[str, Any]] = list(store.events(previous_flt))
    links = _Links(store)

    types_now = Counter(str(r["event_type"]) for r in records)
    types_before = Counter(str(r["event_type"]) for r in earlier)
    present = [t for t in EVENT_TYPES if types_now[t] or types_before[t]]
    present += sorted(t for t in {*types_now, *types_before} if t not in EVENT_TYPES)
    regions_now = Counter(region(r) for r in records)
    regions_before = Counter(region(r) for r in earlier)
    ranked = sorted({*regions_now, *regions_before}, key=lambda n: (-regions_now[n], -regions_before[n], n))

    deadliest = sorted((r for r in records if killed(r) > 0), key=lambda r: -killed(r))[:TOP_EVENTS]
    statements = [
        Statement(
            who=str(r.get("actor1") or "unattributed"),
            text=shorten(r["sources"][0]["evidence"] if r["sources"] else "", 400),
            source=links.link(r["sources"][0], with_toll=False) if r["sources"] else None,
            event_date=r.get("event_date"),
        )
        for r in records
        if r["event_type"] == "Statements"
    ][:MAX_STATEMENTS]
    points = tuple(
        MapPoint(
            id=str(r["id"]),
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            event_type=str(r["event_type"]),
            killed=killed(r),
            label=f"{_event_item_headline(r)}, {r.get('event_date') or 'undated'}: {toll(r) or 'no toll reported'}",
        )
        for r in records
        if r.get("latitude") is not None and r.get("longitude") is not None
    )
    timeline, unit = _timeline(records, period)
    shown = [
        (label, str(value))
        for label, value in (
            ("Country", base.country),
            ("Province", base.admin1),
            ("Actor", base.actor),
            ("Type", base.event_type),
            ("Sub-type", base.sub_event_type),
            ("At least killed", base.min_fatalities),
            ("Words", base.text),
        )
        if value is not None
    ]
    return Report(
        title=title or "Situation report",
        period=period,
        previous=previous,
        filters=tuple(shown),
        generated=(now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        events=Change("Events", len(records), len(earlier)),
        fatalities=Change("Killed", sum(killed(r) for r in records), sum(killed(r) for r in earlier)),
        by_type=_changes(types_now, types_before, present),
        by_region=_changes(regions_now, regions_before, ranked[:TOP_REGIONS]),
        regions=len(ranked),
        deadliest=tuple(_event_item(r, links) for r in deadliest),
        newest=tuple(_event_item(r, links) for r in records[:TOP_EVENTS]),
        statements=tuple(statements),
        quotes=_quotes(store, records, period, links),
        claims=_claims(store, records, links),
        contradictions=_contradictions(store, records, links),
        points=points,
        unplaced=len(records) - len(points),
        timeline=timeline,
        unit=unit,
        types=tuple(t for t in present if types_now[t]),
    )
