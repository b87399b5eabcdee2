"""Whether an article's event mention is an event already on record: pure decisions, no database.

The store finds candidates with an index query (a day range and a box around the place) and asks
``best_match`` which of them, if any, the mention joins; ``best_estimate`` then recomputes the merged
event from all its sources. Both work on ``EventKey`` / ``SourceFigures`` records, so the same code
serves any backend.
"""

from __future__ import annotations

import calendar
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

DATE_WINDOW_DAYS = 3
"""Two reports of one event may date it a day or two apart (\"late on Sunday\" against Monday's
wire, relative dates resolved against a later publication date); three days absorbs that while
keeping apart the repeated attacks of a campaign, which ACLED codes one per day."""

UNDATED_LOOKBACK_DAYS = 7
"""A mention without a date is taken to have happened in the week before its article was published:
news reports events within days, and a background event usually carries its own date."""

MERGE_KM = 50.0
"""Farthest apart two precisely placed reports of one event may be: a town and \"near\" it, or the
district seat against the village, fit within 50 km; ACLED's own geo_precision 2 is about that."""

CONFLICT_KM = 50.0
"""Sources of one event placed farther apart than this disagree on where it happened."""

COUNTRY_ONLY_MIN_SIMILARITY = 0.7
"""When one side is placed only by country, the evidence must read alike: a nationwide boycott and a
protest in one city on the same day are different events (evaluation article 03)."""

MASS_CASUALTY = 10
"""A toll from which two reports of a similar figure (within a factor of two), in one country within
the date window, are taken to be one event even when one of them names no province: the Solhan
massacre reported as "at least 100" in Yagha and "132 to 160" in Burkina Faso (evaluation 26/27)."""

UNPLACED_MIN_SIMILARITY = 0.6
"""When either side has no place at all, only similar evidence can say it is the same event."""

MIN_SCORE = 0.45
"""Below this combined score a compatible candidate is still not taken. By the weights of
``match_score``: the same day in the same province passes on that alone (0.61), while a candidate at
the edge of both windows (three days and 50 km apart, or three days in one province) passes only with
evidence that reads alike."""

LOOSE_MIN_SIMILARITY = 0.6
"""A year-precision date overlaps every event of its year: such a mention joins only similar evidence."""

UNIDENTIFIED = "unidentified armed group"

COMPATIBLE_SUBTYPES = frozenset(
    {
        frozenset({"Suicide bomb", "Remote explosive/landmine/IED"}),
        frozenset({"Attack", "Abduction/forced disappearance"}),
    }
)
"""Sub-event types one report may give while another gives the other: the first reports of a blast
often do not know yet that the bomber died in it; gunmen who storm a school and carry off its pupils
are an attack to a report that tells the assault and an abduction to one that tells who was taken."""

COMPLEX_ATTACK = frozenset({"Attack", "Armed clash", "Suicide bomb", "Remote explosive/landmine/IED", "Grenade"})
"""Sub-event types of one assault told differently, across event types: gunmen and a suicide bomber
storming a hotel are an `Attack` to one report, a `Suicide bomb` to another, an `Armed clash` to a third
once the forces fight back. Such reports merge only when both name the same perpetrator and their tolls
or their words agree (``_crossed_types``)."""

COMPLEX_ATTACK_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
"""The event types of ``COMPLEX_ATTACK``'s sub-types."""

CORROBORATING_SIMILARITY = 0.5
"""Evidence sharing about half its words: too weak alone to tie a mention placed only by country to an
event (unrelated reports of one country read 0.3-0.5 alike), one of two signals that can
(``_corroborated``)."""

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


class Fields(Protocol):
    """Event fields read by name: a dict, a ``sqlite3.Row``."""

    def __getitem__(self, name: str, /) -> Any: ...


@dataclass(frozen=True)
class EventKey:
    """What merging compares: an event mention, or the best estimate of a stored event."""

    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor1_id: str | None
    event_date: str | None
    date_precision: str | None
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    evidence: str
    published: str | None = None
    """The article's publication date: dates an undated mention."""
    killed: int | None = None
    """The fatality figure (the top of the range when there is only a range)."""

    @classmethod
    def from_fields(cls, fields: Fields, *, evidence: str = "", published: str | None = None) -> EventKey:
        """The key of anything whose event fields read by name: a stored event or mention row, a best
        estimate, a mention's ``vars()``."""
        killed = fields["fatalities"]
        return cls(
            event_type=fields["event_type"],
            sub_event_type=fields["sub_event_type"],
            actor1=fields["actor1"],
            actor1_id=fields["actor1_id"],
            event_date=fields["event_date"],
            date_precision=fields["date_precision"],
            country=fields["country"],
            admin1=fields["admin1"],
            latitude=fields["latitude"],
            longitude=fields["longitude"],
            geo_precision=fields["geo_precision"],
            evidence=evidence,
            published=published,
            killed=killed if killed is not None else fields["fatalities_high"],
        )


@dataclass(frozen=True)
class Candidate:
    """A stored event that a mention may join."""

    id: str
    key: EventKey
    articles: frozenset[str]
    """Articles already among its sources: a mention never joins an event of its own article."""
    evidence: tuple[str, ...] = ()
    """Every source's evidence, for the text similarity."""


@dataclass(frozen=True)
class SourceFigures:
    """One source of a merged event, as the event's best estimate needs it."""

    article_id: str
    order: tuple[str, int]
    """(article published date or '', article insertion order): later sorts last."""
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor1_id: str | None
    actor2: str | None
    actor2_id: str | None
    event_date: str | None
    date_precision: str | None
    location: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None


# -- dates ------------------------------------------------------------------------------------------


def toll_text(record: Mapping[str, Any]) -> str:
    """Killed (and injured) as one short text: "32 killed (26-32)", "132-160 killed", "? killed"."""
    killed = record.get("fatalities")
    low, high = record.get("fatalities_low"), record.get("fatalities_high")
    text = f"{killed if killed is not None else '?'} killed"
    if killed is None and low is not None:
        text = f"{low}-{high} killed"
    elif low is not None and high is not None and low != high:
        text += f" ({low}-{high})"
    if record.get("injured") is not None:
        text += f", {record['injured']} injured"
    return text


def killed_estimate(record: Mapping[str, Any]) -> int | None:
    """How many an event record says were killed: the best estimate, else the top of the range (the rule
    of `wirewatch events --min-fatalities`, the watchlists' min_fatalities and the reports' sums)."""
    value = record.get("fatalities")
    return value if value is not None else record.get("fatalities_high")


def day_number(value: str) -> int:
    """The proleptic ordinal of an ISO day (YYYY-MM-DD, or a longer timestamp)."""
    return date.fromisoformat(value[:10]).toordinal()


def date_range(value: str | None, precision: str | None) -> tuple[int, int] | None:
    """First and last day an ISO date of this precision covers; None when there is no usable date."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1).toordinal(), date(parts[0], 12, 31).toordinal()
        if len(parts) == 2 or precision == "month":
            year, month = parts[0], parts[1]
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        first = date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
    if precision == "week":
        return first.toordinal(), (first + timedelta(days=6)).toordinal()
    if precision == "year":
        return date(first.year, 1, 1).toordinal(), date(first.year, 12, 31).toordinal()
    return first.toordinal(), first.toordinal()


def key_range(key: EventKey) -> tuple[int, int] | None:
    """The days a mention or event may have happened on: its date, else the week before publication."""
    found = date_range(key.event_date, key.date_precision)
    if found is not None:
        return found
    if key.published:
        try:
            day = day_number(key.published)
        except ValueError:
            return None
        return day - UNDATED_LOOKBACK_DAYS, day
    return None


def search_range(key: EventKey) -> tuple[int, int] | None:
    """The day range a candidate's own range must overlap: the key's range widened by the window."""
    found = key_range(key)
    return None if found is None else (found[0] - DATE_WINDOW_DAYS, found[1] + DATE_WINDOW_DAYS)


def date_gap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """Days between two ranges (0 when they overlap); None when either is unknown."""
    if a is None or b is None:
        return None
    return max(0, a[0] - b[1], b[0] - a[1])


# -- places -----------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, km: float = MERGE_KM) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of a box holding every point within ``km`` of (lat, lon)."""
    dlat = km / 111.0
    cos = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(180.0, km / (111.0 * cos))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def precise(key: EventKey) -> bool:
    """Whether the coordinates place the event itself (geo_precision 1 or 2), not only its region."""
    return key.latitude is not None and key.longitude is not None and key.geo_precision in (1, 2, None)


def _same(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return a.casefold() == b.casefold()


def place_score(a: EventKey, b: EventKey) -> tuple[float, str] | None:
    """How well two places agree (1 the same spot) and at what level; None when they cannot be one."""
    if _same(a.country, b.country) is False:
        return None
    if precise(a) and precise(b):
        km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if km > MERGE_KM:
            return None
        return 1.0 - 0.5 * km / MERGE_KM, "point"
    same_admin1 = _same(a.admin1, b.admin1)
    if same_admin1 is False:
        return None
    if same_admin1:
        return 0.75, "admin1"
    if _same(a.country, b.country):
        return 0.4, "country"
    return 0.2, "none"


# -- types and actors -------------------------------------------------------------------------------


def types_compatible(a: EventKey, b: EventKey) -> bool:
    """Same event type, and sub-types that are equal, unknown on one side, or known to be confused."""
    if a.event_type != b.event_type:
        return False
    if a.event_type == "Statements":
        return a.sub_event_type == b.sub_event_type and actor_token(a) == actor_token(b)
    if a.sub_event_type is None or b.sub_event_type is None or a.sub_event_type == b.sub_event_type:
        return True
    return frozenset({a.sub_event_type, b.sub_event_type}) in COMPATIBLE_SUBTYPES


def actor_token(key: EventKey | SourceFigures) -> str | None:
    """The perpetrator as a comparable token: its knowledge base id, else its folded name; None for
    none or the Unidentified Armed Group, which is compatible with anyone."""
    if key.actor1 and key.actor1.casefold() == UNIDENTIFIED:
        return None
    if key.actor1_id:
        return key.actor1_id
    return key.actor1.casefold() if key.actor1 else None


def actors_compatible(a: EventKey, b: EventKey) -> bool:
    """Two different named perpetrators are two events; an unnamed one fits any."""
    ta, tb = actor_token(a), actor_token(b)
    return ta is None or tb is None or ta == tb


def text_similarity(a: str, b: str) -> float:
    """How alike two evidence texts read, 0-1 (rapidfuzz's token set ratio: word order and extra
    words in a longer report do not count against it)."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a, b, processor=str.lower) / 100.0


# -- the decision -----------------------------------------------------------------------------------


def figures_agree(a: EventKey, b: EventKey) -> bool:
    """Both report a mass-casualty toll, within a factor of two of each other."""
    if a.killed is None or b.killed is None or min(a.killed, b.killed) < MASS_CASUALTY:
        return False
    return max(a.killed, b.killed) <= 2 * min(a.killed, b.killed)


def candidate_types(key: EventKey) -> tuple[str, ...]:
    """The event types a stored event may have to be a candidate for this mention: its own, and for a
    named perpetrator's assault (``COMPLEX_ATTACK``) the other types the same assault may be given."""
    if key.sub_event_type in COMPLEX_ATTACK and actor_token(key) is not None:
        return (key.event_type, *(t for t in COMPLEX_ATTACK_TYPES if t != key.event_type))
    return (key.event_type,)


def _crossed_types(a: EventKey, b: EventKey, similarity: float) -> bool:
    """Two event types for one assault (``COMPLEX_ATTACK``): the same named perpetrator, and tolls that
    agree or evidence that reads alike."""
    if a.sub_event_type not in COMPLEX_ATTACK or b.sub_event_type not in COMPLEX_ATTACK:
        return False
    token = actor_token(a)
    if token is None or token != actor_token(b):
        return False
    return figures_agree(a, b) or similarity >= COUNTRY_ONLY_MIN_SIMILARITY


def _corroborated(a: EventKey, b: EventKey, gap: int, similarity: float) -> bool:
    """Whether a mention placed only by country agrees with an event in two other ways: the same day
    (one side dated to the day, the other's range holding it), the same named perpetrator, evidence
    that shares about half its words, or a similar mass-casualty toll."""
    same_day = (
        gap == 0
        and "day" in (a.date_precision or "day", b.date_precision or "day")
        and bool(a.event_date and b.event_date)
    )
    token = actor_token(a)
    signals = (
        same_day,
        token is not None and token == actor_token(b),
        similarity >= CORROBORATING_SIMILARITY,
        figures_agree(a, b),
    )
    return sum(signals) >= 2


def _assess(mention: EventKey, candidate: Candidate) -> tuple[float, bool] | None:
    """The match score (0-1) and whether the match rests on corroboration of a country-level place
    alone; None when the mention cannot report the candidate."""
    key = candidate.key
    if not actors_compatible(mention, key):
        return None
    crossed = mention.event_type != key.event_type
    if not crossed and not types_compatible(mention, key):
        return None
    gap = date_gap(key_range(mention), key_range(key))
    if gap is None or gap > DATE_WINDOW_DAYS:
        return None
    place = place_score(mention, key)
    if place is None:
        return None
    texts = candidate.evidence or (key.evidence,)
    similarity = max(text_similarity(mention.evidence, t) for t in texts)
    level = place[1]
    if crossed and (level not in ("point", "admin1") or not _crossed_types(mention, key, similarity)):
        return None
    vague = False
    if level == "country" and similarity < COUNTRY_ONLY_MIN_SIMILARITY and not figures_agree(mention, key):
        if not _corroborated(mention, key, gap, similarity):
            return None
        vague = True
    if level == "none" and similarity < UNPLACED_MIN_SIMILARITY:
        return None
    if "year" in (mention.date_precision, key.date_precision) and similarity < LOOSE_MIN_SIMILARITY:
        return None
    date_score = 1.0 - gap / (DATE_WINDOW_DAYS + 1)
    named = actor_token(mention) is not None and actor_token(mention) == actor_token(key)
    score = 0.35 * date_score + 0.35 * place[0] + 0.2 * similarity + (0.1 if named else 0.0)
    return (score, vague) if score >= MIN_SCORE else None


def match_score(mention: EventKey, candidate: Candidate) -> float | None:
    """How likely the mention reports the candidate event (0-1), None when it cannot."""
    found = _assess(mention, candidate)
    return None if found is None else found[0]


def best_match(mention: EventKey, article_id: str, candidates: Iterable[Candidate]) -> Candidate | None:
    """The candidate the mention joins, the best scoring, or None. A match that rests on corroboration
    of a country-level place (``_corroborated``) is taken only when no other candidate fits: a vague
    mention that could be either of two events is neither."""
    found: list[tuple[float, bool, Candidate]] = []
    for candidate in candidates:
        if article_id in candidate.articles:
            continue
        assessed = _assess(mention, candidate)
        if assessed is not None:
            found.append((assessed[0], assessed[1], candidate))
    if not found:
        return None
    _, vague, best = max(found, key=lambda f: f[0])
    if vague and len(found) > 1:
        return None
    return best


# -- the merged record ------------------------------------------------------------------------------


def _most_common(values: Sequence[object], *, latest: bool = False) -> object:
    """The most frequent non-empty value, the earliest of those tied (the latest with ``latest``); None
    when there is none."""
    present = [v for v in values if v not in (None, "")]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in (reversed(present) if latest else present) if counts[v] == top)


def best_estimate(sources: Sequence[SourceFigures]) -> dict[str, object]:
    """The merged event's fields from its sources (in any order).

    Figures come from the latest-published source that gives one (a later report that the toll rose
    supersedes the first count), with fatalities_low/high the range over all sources when they differ;
    the date and place from the most precise sources; the perpetrator the one most sources name.
    """
    ordered = sorted(sources, key=lambda s: s.order)
    if not ordered:
        raise ValueError("an event needs at least one source")
    # sources of one assault may give different types (COMPLEX_ATTACK): the one most give, else the latest
    # report's, which knows more (that gunmen came with the bomber); the sub-type is one of that type
    event_type = _most_common([s.event_type for s in ordered], latest=True)
    subtypes = [s.sub_event_type for s in ordered if s.event_type == event_type]
    sub = "Suicide bomb" if "Suicide bomb" in subtypes else _most_common(subtypes)
    named = [s for s in ordered if actor_token(s) is not None]
    actor_from = None
    if named:
        token = _most_common([actor_token(s) for s in named])
        actor_from = next(s for s in named if actor_token(s) == token)
    elif any(s.actor1 for s in ordered):
        actor_from = next(s for s in ordered if s.actor1)
    dated = [s for s in ordered if s.event_date]
    date_from = None
    if dated:
        rank = min(PRECISION_RANK.get(s.date_precision or "day", 0) for s in dated)
        tied = [s for s in dated if PRECISION_RANK.get(s.date_precision or "day", 0) == rank]
        value = _most_common([s.event_date for s in tied])
        date_from = next(s for s in tied if s.event_date == value)
    placed = [s for s in ordered if s.location or s.admin1 or s.country]
    place_from = None
    if placed:
        rank = min(s.geo_precision or 4 for s in placed)
        tied = [s for s in placed if (s.geo_precision or 4) == rank]
        location = _most_common([(s.location, s.admin1, s.country) for s in tied])
        place_from = next(s for s in tied if (s.location, s.admin1, s.country) == location)
    fatalities = next((s.fatalities for s in reversed(ordered) if s.fatalities is not None), None)
    injured = next((s.injured for s in reversed(ordered) if s.injured is not None), None)
    figures = [f for s in ordered for f in (s.fatalities, s.fatalities_low, s.fatalities_high) if f is not None]
    low = high = None
    if figures and (len(set(figures)) > 1 or fatalities is None):
        low, high = min(figures), max(figures)
    return {
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor_from.actor1 if actor_from else None,
        "actor1_id": actor_from.actor1_id if actor_from else None,
        "actor2": _most_common([s.actor2 for s in ordered]),
        "actor2_id": _most_common([s.actor2_id for s in ordered]),
        "event_date": date_from.event_date if date_from else None,
        "date_precision": date_from.date_precision if date_from else None,
        "location": place_from.location if place_from else None,
        "admin2": place_from.admin2 if place_from else None,
        "admin1": place_from.admin1 if place_from else None,
        "country": place_from.country if place_from else None,
        "country_code": place_from.country_code if place_from else None,
        "latitude": place_from.latitude if place_from else None,
        "longitude": place_from.longitude if place_from else None,
        "geo_precision": place_from.geo_precision if place_from else None,
        "fatalities": fatalities,
        "fatalities_low": low,
        "fatalities_high": high,
        "injured": injured,
    }


__all__ = [
    "DATE_WINDOW_DAYS",
    "MERGE_KM",
    "Candidate",
    "EventKey",
    "SourceFigures",
    "actors_compatible",
    "best_estimate",
    "best_match",
    "bounding_box",
    "candidate_types",
    "date_range",
    "haversine_km",
    "match_score",
    "place_score",
    "text_similarity",
    "types_compatible",
]
