"""Toponym resolution: which place each mention in one article means, and why.

Plain typed records in and out (no spaCy objects), so a pipeline component can wrap it:

    places = resolve(mentions, gazetteer=gazetteer, context=GeoContext(dateline="PESHAWAR"))

Each mention's candidates (from :class:`~wirewatch.geo.gazetteer.Gazetteer`) are scored in two passes.
The first uses what a candidate is (feature type, population, how the name reached it) and the article's
country focus; the second adds support from the other mentions' first-pass choices (a city whose admin1
or admin2 is also mentioned, or an admin1 whose cities are). A mention that matches nothing gets a place
with nulls; it never stops the others from resolving.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Candidate, Feature, GazetteerLike, MatchKind
from .normalize import normalize

FEATURE_PRIOR: dict[str, float] = {
    "country": 3.0,
    "admin1": 1.5,
    "other": 1.5,
    "city": 1.0,
    "admin2": 0.0,
    "locality": 0.0,
}
"""Score, in powers of ten of population, for what a candidate is. News names countries and provinces far
more often than the villages that share their names, and a city more often than the district named after
it ("Peshawar" is the city): +3 lets Georgia the country beat Georgia the US state (which has ~3x its
listed population) unless the article is about the US; admin1 +1.5 over admin2 0 and city +1 makes the
province beat its namesake capital district and the city beat its district. A region ("other": a
continent, a former province, an island) counts like an admin1: continents still win on population, and
"Midlands" in a Zimbabwe article stays Zimbabwe's province rather than England's region."""

MATCH_PRIOR: dict[str, float] = {
    "name": 0.0,
    "historic": 0.0,
    "abbreviation": 0.0,
    "demonym": 0.0,
    "alias": -0.3,
    "code": -2.0,
}
"""An alternate name is slightly weaker evidence than the place's own name; a bare ISO code ("CA", "PK")
is weak evidence that yields to any real name."""

POPULATION_WEIGHT = 1.0
"""Score per power of ten of population (of the city, or of the listed cities inside an admin unit)."""

FOCUS_WEIGHT = 3.0
"""Score for a candidate in the article's focus country, times that country's share of the focus. An
article whose mentions are all in Pakistan moves Hyderabad from India (7.0M) to Sindh (1.9M), which
needs more than log10(7.0/1.9) = 0.57; a half share (1.5) still does."""

SUPPORT_WEIGHT = 1.5
"""Score for each other mention (at most two counted) that is this candidate's admin1 or admin2, or lies
inside it: "Hyderabad, Sindh" and "Quetta ... Balochistan" pick the namesake in the named province."""

DATELINE_WEIGHT = 2.0
"""The dateline counts as this many mentions towards the country focus: reports are mostly about the
country they are filed from."""

CONTEXT_COUNTRY_WEIGHT = 3.0
"""A country focus the caller gives (a national outlet's country) counts as this many mentions."""

SOFTMAX_SCALE = 2.0
"""Turns score differences into probabilities (a 1-point lead is e^2, ~7x more likely), used to count a
mention's weight towards country focus and hierarchy support without trusting an ambiguous name fully."""

_STRIP_SUFFIXES = frozenset(
    {"province", "district", "agency", "region", "county", "governorate", "state", "city", "valley", "division"}
)
"""Trailing words tried off a name the gazetteer does not know ("Rift Valley Province" -> "Rift Valley")."""
_STRIP_PREFIXES = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "north western",
        "north eastern",
        "south western",
        "south eastern",
        "upper",
        "lower",
        "greater",
        "rural",
        "downtown",
        "suburban",
        "coastal",
        "mainland",
    }
)
"""Leading words tried off a name the gazetteer does not know ("eastern China" -> "China"); names that
start with one ("South Sudan", "North Waziristan") are found whole first."""
_UNIT_OF = re.compile(
    r"^(?:the\s+)?(?:city|town|village|state|province|county|district|region|island|isle|port)\s+of\s+(.+)$",
    re.IGNORECASE,
)
"""A place written with its kind before it ("the City of Santa Ana", "the State of Texas")."""
_PARTS = re.compile(r"\s*(?:,|;|/|\s-\s|–|—|\band\b|-)\s*")
"""Separators of a span that holds several places ("Camborne, Cornwall", "Asia-Pacific")."""


NO_COORDINATES_PENALTY = 5.0
"""A candidate without coordinates (a few admin2 units with no listed city) is useless on a map: it only
wins when nothing else matches."""

_PLAIN_WORD = re.compile(r"^[A-Z]?[a-z]+$")
"""A plain word ("Act", "gb"): never an abbreviation, whatever the data files say."""


class _Major(str):
    """A spelling that only counts if it finds a major place ("eastern China", not "Central Plateau")."""


class _Wide(str):
    """A spelling that only counts if it finds a country or a world region by name ("South Asia" of "South
    Asia Earthquake"): shorter pieces of a name would otherwise find provinces called "West" or "Bay"."""


MAJOR_CITY_POPULATION = 100_000
"""A city this big is a "major place": safe to find inside a longer span, or behind a NORP label."""


@dataclass(frozen=True)
class Toponym:
    """A place mention in an article: its text, character span and NER label (GPE, LOC, FAC, NORP...)."""

    text: str
    start: int
    end: int
    label: str = "GPE"


@dataclass(frozen=True)
class GeoContext:
    """What the article says about where it is: the dateline place, and a country focus if known."""

    dateline: str | None = None
    """The dateline's place as written ("PESHAWAR"), if the article has one."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes the caller knows the article is about (e.g. a national outlet's country)."""


@dataclass(frozen=True)
class ResolvedPlace:
    """A mention and the place it was resolved to (every place field None when nothing matched)."""

    text: str
    start: int
    end: int
    label: str
    gazetteer_id: str | None
    resolved_name: str | None
    feature: Feature | None
    country: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    match: MatchKind | None
    """How the text reached the place: its name, an alias, an abbreviation, a historic name, a demonym."""
    note: str | None
    """The data file's note for an abbreviation, historic name or demonym ("renamed ... in 2010")."""
    confidence: float | None
    """The chosen candidate's share of probability among the mention's candidates (0-1)."""
    how: str
    """How the resolution was made, for an analyst: "exact name; country focus PK; population 1.9M"."""

    @property
    def resolved(self) -> bool:
        return self.gazetteer_id is not None

    def to_record(self, article_id: str, url: str | None = None) -> dict[str, object]:
        """The export shape of shared/schema/place.schema.json."""
        return {
            "article_id": article_id,
            "url": url,
            "name": self.text,
            "start": self.start,
            "end": self.end,
            "resolved_name": self.resolved_name,
            "country": self.country,
            "admin1": self.admin1,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "feature": self.feature,
            "gazetteer_id": self.gazetteer_id,
        }


@dataclass(frozen=True)
class _Scored:
    candidate: Candidate
    base: float
    focus: float = 0.0
    support: float = 0.0
    supporters: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        return self.base + self.focus + self.support


def candidates_for(text: str, label: str, gazetteer: GazetteerLike) -> list[Candidate]:
    """The gazetteer's candidates for a mention, trying the spellings news use before giving up."""
    return _candidates(text, label, gazetteer)[0]


def _candidates(text: str, label: str, gazetteer: GazetteerLike) -> tuple[list[Candidate], str]:
    """Candidates and the spelling that found them: the text, then cleaned, shortened or split."""
    tried: set[str] = set()
    for spelling in _spellings(text):
        key = normalize(spelling)
        if not key or key in tried:
            continue
        tried.add(key)
        found = _usable(gazetteer.lookup(spelling), spelling, label)
        if isinstance(spelling, _Major):
            found = [c for c in found if _is_major(c)]
        elif isinstance(spelling, _Wide):
            found = [c for c in found if c.feature in ("country", "other") and c.match in ("name", "alias")]
        if found:
            return found, spelling
    return [], text


def _spellings(text: str):  # type: ignore[no-untyped-def]
    yield text
    clean = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.IGNORECASE)
    clean = re.sub(r"(?:'s|’s|'|’)$", "", clean).strip(" .,;:")
    yield clean
    words = clean.split()
    if len(words) > 1 and words[-1].lower() in _STRIP_SUFFIXES:
        yield " ".join(words[:-1])
    for n in (2, 1):
        if len(words) > n and normalize(" ".join(words[:n])) in _STRIP_PREFIXES:
            yield _Major(" ".join(words[n:]))
            break
    unit = _UNIT_OF.match(clean)
    if unit:
        yield unit.group(1)
    parts = [p for p in _PARTS.split(clean) if p]
    if len(parts) > 1 and all(len(p) >= 4 for p in parts):
        for part in parts:
            yield from _spellings(part) if part != clean else ()
    if len(words) > 1:  # a country or region before a trailing noun: "South Asia Earthquake", "Sudan Tribune"
        yield _Wide(" ".join(words[:-1]))


def _is_major(c: Candidate) -> bool:
    return c.feature in ("country", "admin1", "other") or (
        c.feature == "city" and c.population >= MAJOR_CITY_POPULATION
    )


def _usable(candidates: list[Candidate], text: str, label: str) -> list[Candidate]:
    if label == "NORP":  # a demonym, or a place NER took for one ("Bulacan", "Toruń")
        demonyms = [c for c in candidates if c.match == "demonym"]
        if demonyms or normalize(text) in _STRIP_PREFIXES:
            return demonyms
        return [c for c in candidates if c.match == "name" and (_is_major(c) or c.feature == "admin2")]
    letters = text.replace(".", "").strip()
    if not (letters.isupper() and letters.isalpha() and len(letters) <= 3):
        candidates = [c for c in candidates if c.match != "code"]
    if _PLAIN_WORD.match(text.strip()):  # "Act" is not the ACT, "gb" not GB
        candidates = [c for c in candidates if c.match != "abbreviation"]
    return candidates


def _base_score(candidate: Candidate) -> float:
    score = FEATURE_PRIOR[candidate.feature] + MATCH_PRIOR[candidate.match]
    score += POPULATION_WEIGHT * math.log10(1 + candidate.population)
    if candidate.latitude is None:
        score -= NO_COORDINATES_PENALTY
    return score


def _probabilities(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(SOFTMAX_SCALE * (s - top)) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def country_focus(
    mentions: Sequence[Toponym], *, gazetteer: GazetteerLike, context: GeoContext | None = None
) -> dict[str, float]:
    """Each country's share (0-1) of the article's place mentions, demonyms, dateline and given focus."""
    focus, _ = _focus(_candidate_lists(mentions, gazetteer), gazetteer, context or GeoContext())
    return focus


def _candidate_lists(mentions: Sequence[Toponym], gazetteer: GazetteerLike) -> list[list[Candidate]]:
    return [candidates_for(m.text, m.label, gazetteer) for m in mentions]


def _spelling_used(mention: Toponym, gazetteer: GazetteerLike) -> str:
    return _candidates(mention.text, mention.label, gazetteer)[1]


def _country_mass(candidates: Sequence[Candidate]) -> dict[str, float]:
    mass: dict[str, float] = defaultdict(float)
    if not candidates:
        return mass
    for candidate, p in zip(candidates, _probabilities([_base_score(c) for c in candidates]), strict=True):
        if candidate.country_code:
            mass[candidate.country_code] += p
    return mass


def _focus(
    lists: Sequence[Sequence[Candidate]], gazetteer: GazetteerLike, context: GeoContext
) -> tuple[dict[str, float], list[Candidate]]:
    counts: dict[str, float] = defaultdict(float)
    seen: set[str] = set()
    total = 0.0
    for candidates in lists:
        if not candidates:
            continue
        key = candidates[0].gazetteer_id if len(candidates) == 1 else repr(sorted(c.gazetteer_id for c in candidates))
        if key in seen:
            continue  # a place repeated ten times is one piece of evidence, not ten
        seen.add(key)
        total += 1
        for cc, p in _country_mass(candidates).items():
            counts[cc] += p
    dateline: list[Candidate] = []
    if context.dateline:
        dateline = candidates_for(context.dateline, "GPE", gazetteer)
        if dateline:
            total += DATELINE_WEIGHT
            for cc, p in _country_mass(dateline).items():
                counts[cc] += DATELINE_WEIGHT * p
    for cc in context.countries:
        total += CONTEXT_COUNTRY_WEIGHT
        counts[cc.upper()] += CONTEXT_COUNTRY_WEIGHT
    if not total:
        return {}, dateline
    return {cc: n / total for cc, n in sorted(counts.items(), key=lambda item: -item[1])}, dateline


def resolve(
    mentions: Sequence[Toponym],
    *,
    gazetteer: GazetteerLike,
    context: GeoContext | None = None,
) -> list[ResolvedPlace]:
    """One ResolvedPlace per mention, in order; unknown names come back with null place fields."""
    context = context or GeoContext()
    lists = _candidate_lists(mentions, gazetteer)
    focus, dateline = _focus(lists, gazetteer, context)

    first: list[list[_Scored]] = []
    for candidates in lists:
        first.append(
            [_Scored(c, _base_score(c), FOCUS_WEIGHT * focus.get(c.country_code or "", 0.0)) for c in candidates]
        )

    # What each mention probably is after the first pass, for hierarchy support in the second.
    evidence: list[tuple[str, dict[str, float]]] = []
    for mention, scored in zip(mentions, first, strict=True):
        if scored:
            probs = _probabilities([s.total for s in scored])
            evidence.append((normalize(mention.text), _place_mass(scored, probs)))
    if dateline:
        scored = [_Scored(c, _base_score(c), FOCUS_WEIGHT * focus.get(c.country_code or "", 0.0)) for c in dateline]
        evidence.append(
            (normalize(context.dateline or ""), _place_mass(scored, _probabilities([s.total for s in scored])))
        )

    results = []
    for mention, scored in zip(mentions, first, strict=True):
        if not scored:
            results.append(_unresolved(mention))
            continue
        key = normalize(mention.text)
        rescored = [_with_support(s, key, evidence) for s in scored]
        probs = _probabilities([s.total for s in rescored])
        best_index = max(range(len(rescored)), key=lambda i: (rescored[i].total, rescored[i].candidate.population))
        spelling = _spelling_used(mention, gazetteer)
        results.append(_resolved(mention, spelling, rescored, best_index, probs[best_index], focus))
    return results


def _place_mass(scored: Sequence[_Scored], probs: Sequence[float]) -> dict[str, float]:
    """Probability that the mention is, or lies inside, each admin1/admin2 id."""
    mass: dict[str, float] = defaultdict(float)
    for s, p in zip(scored, probs, strict=True):
        c = s.candidate
        if c.feature in ("admin1", "admin2"):
            mass[c.gazetteer_id] += p
        for ancestor in (c.admin1_id, c.admin2_id):
            if ancestor:
                mass["in:" + ancestor] += p
    return mass


def _with_support(scored: _Scored, key: str, evidence: Sequence[tuple[str, dict[str, float]]]) -> _Scored:
    c = scored.candidate
    total = 0.0
    supporters = []
    for other_key, mass in evidence:
        if other_key == key:
            continue
        strength = 0.0
        # an admin unit of this candidate is mentioned
        for ancestor in (c.admin1_id, c.admin2_id):
            if ancestor:
                strength = max(strength, mass.get(ancestor, 0.0))
        # this candidate is an admin unit that another mention lies in
        if c.feature in ("admin1", "admin2"):
            strength = max(strength, mass.get("in:" + c.gazetteer_id, 0.0))
        if strength > 0.05:
            total += strength
            supporters.append(other_key)
    total = min(total, 2.0)
    if not total:
        return scored
    return _Scored(c, scored.base, scored.focus, SUPPORT_WEIGHT * total, tuple(supporters))


def _unresolved(mention: Toponym) -> ResolvedPlace:
    return ResolvedPlace(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        label=mention.label,
        gazetteer_id=None,
        resolved_name=None,
        feature=None,
        country=None,
        country_code=None,
        admin1=None,
        admin2=None,
        latitude=None,
        longitude=None,
        population=None,
        match=None,
        note=None,
        confidence=None,
        how="no gazetteer entry for this name",
    )


_MATCH_WORDS = {
    "name": "exact name",
    "alias": "alternate name",
    "code": "ISO code",
    "abbreviation": "abbreviation",
    "historic": "historical name",
    "demonym": "demonym",
}


def _population(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M"
    if n >= 1_000:
        return f"{n / 1_000:.0f}k"
    return str(n)


def _resolved(
    mention: Toponym,
    spelling: str,
    scored: Sequence[_Scored],
    best: int,
    confidence: float,
    focus: dict[str, float],
) -> ResolvedPlace:
    winner = scored[best]
    c = winner.candidate
    parts = [_MATCH_WORDS[c.match]]
    if normalize(spelling) != normalize(mention.text):
        parts[0] += f" of {spelling!r}"
    if c.note:
        parts[0] += f" ({c.note})"
    parts.append("only candidate" if len(scored) == 1 else f"best of {len(scored)} candidates")
    if winner.support:
        parts.append("with " + ", ".join(winner.supporters[:3]) + " also mentioned")
    if winner.focus >= 0.3 and len({s.candidate.country_code for s in scored}) > 1:
        parts.append(f"country focus {c.country_code} ({focus.get(c.country_code or '', 0.0):.0%})")
    if len(scored) > 1:
        runner_up = max((s for i, s in enumerate(scored) if i != best), key=lambda s: s.total)
        if (
            runner_up.candidate.feature != c.feature
            and FEATURE_PRIOR[c.feature] > FEATURE_PRIOR[runner_up.candidate.feature]
        ):
            parts.append(f"{c.feature} preferred to {runner_up.candidate.feature}")
        if c.population > runner_up.candidate.population:
            parts.append(f"population {_population(c.population)}")
    return ResolvedPlace(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        label=mention.label,
        gazetteer_id=c.gazetteer_id,
        resolved_name=c.name,
        feature=c.feature,
        country=c.country,
        country_code=c.country_code,
        admin1=c.name if c.feature == "admin1" else c.admin1,
        admin2=c.name if c.feature == "admin2" else c.admin2,
        latitude=c.latitude,
        longitude=c.longitude,
        population=c.population,
        match=c.match,
        note=c.note,
        confidence=round(confidence, 3),
        how="; ".join(parts),
    )
