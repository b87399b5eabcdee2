"""Finding place mentions: the NER's place entities, plus known places it missed (gap filling).

Takes plain entity records, not spaCy objects, so the spaCy component and the GeoVirus evaluation
share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import GazetteerLike
from .normalize import normalize
from .resolve import Toponym


@dataclass(frozen=True)
class Entity:
    """A named entity as the NER found it: text, character span, label (GPE, LOC, PERSON, ...)."""

    text: str
    start: int
    end: int
    label: str


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

GAP_MIN_POPULATION = 50_000
"""A capitalised word that NER missed is taken as a city only above this population: smaller namesakes of
common words and surnames ("Man", "Police", "Bell") are too many below it. Countries, admin1 units and
world regions are taken at any size."""
LOCATIVE_MIN_POPULATION = 15_000
"""After a locative word ("near Jilib") a town NER missed is taken from this size (GeoNames' cities15000)."""
GAP_MAJOR_POPULATION = 100_000
"""A one-word city name NER missed is taken anywhere but at a sentence start above this population;
between GAP_MIN_POPULATION and this it needs a locative word before it ("in Malakal")."""
GAP_MAX_WORDS = 4
_WORD = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of|de|la|del|al|el|and|the)?\s*[A-Z][\w'’.-]*)*")


def toponyms(
    text: str, entities: Sequence[Entity], gazetteer: GazetteerLike, *, gap_fill: bool = True
) -> list[Toponym]:
    """Place entities of the NER (and NORP for demonyms), plus known places the NER missed or mislabelled."""
    found = [_extended(text, e, gazetteer) for e in entities if e.label in PLACE_LABELS]
    found += [Toponym(e.text, e.start, e.end, "NORP") for e in entities if e.label == "NORP"]
    if gap_fill:
        stretched = [t for t in (_stretched_back(text, e, gazetteer) for e in entities) if t is not None]
        found += [t for t in (_facility_city(e, gazetteer) for e in entities) if t is not None]
        found += stretched
        inside = {(t.start, t.end) for t in stretched}
        entities = [e for e in entities if not any(s <= e.start and e.end <= end for s, end in inside)]
        for e in entities:
            if e.label in ("PERSON", "ORG") and (
                _is_big_place(e.text, gazetteer)
                or (
                    (_after_locative(text, e.start) or _before_comma_place(text, e.end, gazetteer))
                    and _is_big_city(e.text, gazetteer)
                )
                or (_after_locative(text, e.start) and _is_town_or_district(e.text, gazetteer))
            ):
                found.append(Toponym(e.text, e.start, e.end, "GAZ"))
        taken = [(t.start, t.end) for t in found]
        taken += [(e.start, e.end) for e in entities if e.label == "PERSON"]
        found += gap_toponyms(text, gazetteer, taken)
    return sorted(found, key=lambda t: t.start)


def _is_big_place(text: str, gazetteer: GazetteerLike) -> bool:
    """Wholly a country, admin1 or world region by name ("Niger", "Angola's", "NSW")."""
    text = re.sub(r"^the\s+|(?:'s|’s)$", "", text.strip(), flags=re.IGNORECASE)
    return any(
        c.feature in ("country", "admin1", "other")
        and (c.match in ("name", "abbreviation", "historic") or (c.match == "alias" and c.feature == "country"))
        for c in gazetteer.lookup(text)
    )


def _city_population(text: str, gazetteer: GazetteerLike) -> int:
    """The largest population of a city this is the name (or historic name) of; 0 if none."""
    return max(
        (c.population for c in gazetteer.lookup(text) if c.feature == "city" and c.match in ("name", "historic")),
        default=0,
    )


def _is_big_city(text: str, gazetteer: GazetteerLike) -> bool:
    return _city_population(text, gazetteer) >= GAP_MIN_POPULATION


def _is_town_or_district(text: str, gazetteer: GazetteerLike) -> bool:
    """A town of LOCATIVE_MIN_POPULATION or more, or a district by its name or former name, whatever its
    size: enough after a locative word ("near Jilib", "in Kurram")."""
    return any(
        (c.feature == "city" and c.match in ("name", "historic") and c.population >= LOCATIVE_MIN_POPULATION)
        or (c.feature == "admin2" and c.match in ("name", "historic"))
        for c in gazetteer.lookup(text)
    )


def _is_big_admin2(text: str, gazetteer: GazetteerLike) -> bool:
    return any(
        c.feature == "admin2" and c.match == "name" and c.population >= GAP_MIN_POPULATION
        for c in gazetteer.lookup(text)
    )


_COMMA_NEXT = re.compile(r",\s*((?:[A-Z][\w'’.-]*\s?){1,3})")


def _before_comma_place(text: str, end: int, gazetteer: GazetteerLike) -> bool:
    """First half of "Krasnodar, Russia" or "Buffalo, New York": a comma, then a country or admin1."""
    match = _COMMA_NEXT.match(text, end)
    if not match:
        return False
    words = match.group(1).split()
    return any(_is_big_place(" ".join(words[:n]).rstrip(".,;:"), gazetteer) for n in range(len(words), 0, -1))


def _after_comma_place(text: str, start: int) -> bool:
    """Second half of "Pandi, Bulacan": a comma, and a capitalised word before it."""
    return bool(re.search(r"[A-Z][\w'’.-]*,\s*$", text[max(0, start - 40) : start]))


LOCATIVE = frozenset(
    ("in", "at", "from", "to", "near", "outside", "into", "across", "around", "towards", "toward", "via", "between")
)
"""Words after which a capitalised name is a place more often than a person or a firm ("infected in
Nottingham"); a lone city name elsewhere ("Franklin said") needs one before it."""


def _after_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].split()
    return after_kind_of(text, start) or (bool(before) and before[-1].lower() in LOCATIVE)


PLACE_KINDS = frozenset({"town", "city", "village", "district", "province", "region", "state", "county", "port"})


def after_kind_of(text: str, start: int, kinds: frozenset[str] = PLACE_KINDS) -> bool:
    """Whether a kind of place and "of" come just before ``start`` ("the town of Kidal", "the district of
    Kurram")."""
    before = text[max(0, start - 30) : start].split()
    return len(before) >= 2 and before[-1].lower() == "of" and before[-2].lower() in kinds


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:\n"


_NEXT_WORD = re.compile(r"(?:\s+(?:of|the|de|du|des|del|la|le|al|el|and))*(?:\s+|-)([A-Z][\w'’-]*)")
"""The next capitalised word after a span, joined by a space or a hyphen, with any lowercase linking words
before it ("Democratic Republic" + " of the Congo", "Guinea" + "-Bissau")."""
EXTEND_MAX_WORDS = 3
"""How many capitalised words after a place entity are tried for a longer known name: the model often
stops early in multi-word South Asian names ("Dera" of "Dera Ismail Khan", "Dera" of "Dera Ghazi Khan")."""


def _extended(text: str, entity: Entity, gazetteer: GazetteerLike) -> Toponym:
    """The entity as a Toponym, stretched over the capitalised words after it when the longer name is a
    place the gazetteer knows by that name ("Dera" + "Ismail Khan"), or a country by an alternate name
    ("Democratic Republic" + "of the Congo")."""
    end, best = entity.end, entity.end
    for _ in range(EXTEND_MAX_WORDS):
        match = _NEXT_WORD.match(text, end)
        if not match:
            break
        end = match.end()
        longer = re.sub(r"^the\s+", "", text[entity.start : end], flags=re.IGNORECASE)
        if any(
            c.match in ("name", "historic") or (c.match == "alias" and c.feature == "country")
            for c in gazetteer.lookup(longer)
        ):
            best = end
    return Toponym(text[entity.start : best], entity.start, best, entity.label)


FACILITY_WORDS = frozenset(
    {
        "airport",
        "airbase",
        "base",
        "university",
        "hall",
        "stadium",
        "station",
        "hospital",
        "road",
        "square",
        "market",
        "bazaar",
        "mosque",
        "cathedral",
        "shrine",
        "prison",
        "jail",
        "port",
        "harbour",
        "harbor",
        "bridge",
        "hotel",
        "cantonment",
        "camp",
        "palace",
        "museum",
        "mall",
        "plaza",
        "cemetery",
        "garrison",
        "assembly",
        "",
    }
)
"""The last word of a facility named after its city ("Seoul City Hall", "Kabul International Airport").
Schools and parks are left out: they are named after people as often ("Kennedy Elementary School",
"Centennial Park")."""


def _facility_city(entity: Entity, gazetteer: GazetteerLike) -> Toponym | None:
    """The city a facility is named after, as a place of its own: "Kabul" of "Kabul International Airport"
    (FAC), "Peshawar" of "Peshawar University" or "Lahore's Mall Road" (the model often says ORG); a city
    of GAP_MIN_POPULATION or more, named by its first one or two words."""
    if entity.label not in ("FAC", "ORG"):
        return None
    words = entity.text.split()
    if len(words) < 2 or words[-1].lower() not in FACILITY_WORDS:
        return None
    lead = 1 if words[0].lower() != "the" else 2
    for n in (2, 1):
        name = re.sub(r"(?:'s|’s)$", "", " ".join(words[lead - 1 : lead - 1 + n]))
        if lead - 1 + n >= len(words) or not name[:1].isupper():
            continue
        if _is_big_city(name, gazetteer):
            start = entity.start + entity.text.index(name)
            return Toponym(name, start, start + len(name), "GAZ")
    return None


_PREVIOUS_WORDS = re.compile(r"((?:[A-Z][\w'’.-]*\s+){1,2})$")


def _stretched_back(text: str, entity: Entity, gazetteer: GazetteerLike) -> Toponym | None:
    """A PERSON or ORG entity that is the end of a longer place name the model cut ("Dera" + "Ismail Khan",
    tagged a person): the place, when the one or two capitalised words before it make a name the gazetteer
    knows as a city, district or province, and a locative word comes before that ("in Dera Ismail Khan")."""
    if entity.label not in ("PERSON", "ORG"):
        return None
    match = _PREVIOUS_WORDS.search(text, max(0, entity.start - 40), entity.start)
    if not match:
        return None
    words = match.group(1).split()
    for n in range(len(words), 0, -1):
        start = match.start(1) + len(" ".join(words[: len(words) - n])) + (1 if n < len(words) else 0)
        if start < 0 or not _after_locative(text, start):
            continue
        name = text[start : entity.end]
        kinds = {(c.match, c.feature) for c in gazetteer.lookup(name)}
        if any(match in ("name", "historic") and feature in ("city", "admin2", "admin1") for match, feature in kinds):
            return Toponym(name, start, entity.end, "GAZ")
    return None


def gap_toponyms(text: str, gazetteer: GazetteerLike, taken: Sequence[tuple[int, int]]) -> list[Toponym]:
    """Capitalised word runs that the gazetteer knows as countries, admin1 units, regions or sizeable
    cities, longest first. A known city at the end of an unknown name ("Goz Beida") is part of it; a
    country or province is not ("SOS Children's Villages Sudan")."""
    found: list[Toponym] = []
    for match in _WORD.finditer(text):
        for words in _sentences(match):
            found += _gap_run(text, match, words, gazetteer, taken)
    return found


def _sentences(match: re.Match[str]) -> list[list[re.Match[str]]]:
    """A capitalised run split where a sentence ends inside it ("to Peshawar. Officials"): a word
    ending in a full stop after at least three letters (abbreviations like "St." and "Mt." are shorter)."""
    words = list(re.finditer(r"\S+", match.group()))
    pieces, current = [], []
    for word in words:
        current.append(word)
        if re.search(r"[a-z]{3}[.!?]$", word.group()):
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def _gap_run(
    text: str,
    run: re.Match[str],
    words: list[re.Match[str]],
    gazetteer: GazetteerLike,
    taken: Sequence[tuple[int, int]],
) -> list[Toponym]:
    """The known places in one sentence's piece of a capitalised run, longest first."""
    found: list[Toponym] = []
    i = 0
    while i < len(words):
        hit = None
        starts_run = i == 0 or normalize(words[i - 1].group()) in _COMMON or words[i - 1].group()[-1] in ",;:"
        for j in range(min(len(words), i + GAP_MAX_WORDS), i, -1):
            start = run.start() + words[i].start()
            span = re.sub(r"(?:'s|’s)$", "", text[start : run.start() + words[j - 1].end()]).rstrip(".,;:'’")
            end = start + len(span)
            if not span or normalize(span) in _COMMON or any(s < end and start < e for s, e in taken):
                continue
            if _is_big_place(span, gazetteer):
                ok = not (j - i == 1 and _sentence_initial(text, start) and not span.istitle())
            elif not starts_run or j < len(words):
                ok = False  # a city inside a longer name: "Goz Beida", "Franklin Elementary"
            else:
                ok = (
                    (
                        _is_big_city(span, gazetteer)
                        and (
                            _after_locative(text, start)
                            or (
                                not _sentence_initial(text, start)
                                and (j - i > 1 or _city_population(span, gazetteer) >= GAP_MAJOR_POPULATION)
                            )
                        )
                    )
                    or (
                        _is_big_admin2(span, gazetteer)
                        and (_after_locative(text, start) or _after_comma_place(text, start))
                    )
                    or (_after_locative(text, start) and _is_town_or_district(span, gazetteer))
                )
            if ok:
                hit = Toponym(span, start, end, "GAZ")
                i = j
                break
        if hit:
            found.append(hit)
        else:
            i += 1
    return found


_COMMON = frozenset(
    normalize(word)
    for line in (
        "The A An In On At Of For And But Or As By To From With Under Over After Before During This That These",
        "Those It He She They We I You His Her Their Our Its Mr Mrs Ms Dr President Minister Government Health",
        "Police Army University Hospital Department Ministry National International World Union Republic",
        "Democratic People Centre Center Council Agency Office Organisation Organization Bank Monday Tuesday",
        "Wednesday Thursday Friday Saturday Sunday January February March April May June July August September",
        "October November December Sources See Also Related News",
        "Central Western Eastern Northern Southern North South East West Upper Lower Greater",
    )
    for word in line.split()
)
"""Capitalised words that start sentences and institutions, never taken as places by gap filling."""
