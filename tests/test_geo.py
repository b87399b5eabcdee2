"""The offline gazetteer and the toponym resolver, on short texts.

The gazetteer is built once into the cache (WIREWATCH_GAZETTEER, or ~/.cache/wirewatch/gazetteer-<version>.sqlite)
and reused by later runs; the first build takes ~30 s.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from wirewatch.errors import WirewatchError
from wirewatch.geo import (
    Candidate,
    Gazetteer,
    GazetteerError,
    GeoContext,
    GeoSettings,
    ResolvedPlace,
    Toponym,
    country_focus,
    normalize,
    resolve,
)
from wirewatch.geo.build import ensure_gazetteer, read_version
from wirewatch.geo.settings import gazetteer_version


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    with Gazetteer(ensure_gazetteer()) as g:
        yield g


def mentions(*items: str | tuple[str, str]) -> list[Toponym]:
    """Toponyms laid end to end as in "A B C"; a (text, label) pair sets the NER label (default GPE)."""
    found, position = [], 0
    for item in items:
        text, label = item if isinstance(item, tuple) else (item, "GPE")
        found.append(Toponym(text, position, position + len(text), label))
        position += len(text) + 1
    return found


def one(gazetteer: Gazetteer, *items: str | tuple[str, str], context: GeoContext | None = None) -> ResolvedPlace:
    """The last mention's resolution."""
    return resolve(mentions(*items), gazetteer=gazetteer, context=context or GeoContext())[-1]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("U.S.", "us"),
        ("Côte d’Ivoire", "cote divoire"),
        ("Gilgit-Baltistan", "gilgit baltistan"),
        ("North Wazīristān  District", "north waziristan district"),
        ("ŁÓDŹ", "lodz"),
    ],
)
def test_geo_normalize_folds_case_accents_and_punctuation(written: str, key: str) -> None:
    assert normalize(written) == key


def test_geo_peshawar_is_in_khyber_pakhtunkhwa(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, "Peshawar")
    assert (place.resolved_name, place.feature) == ("Peshawar", "city")
    assert (place.country, place.admin1) == ("Pakistan", "Khyber Pakhtunkhwa")
    assert 33.5 < place.latitude < 34.5 and 71 < place.longitude < 72


def test_geo_kp_is_khyber_pakhtunkhwa(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, "KP")
    assert (place.resolved_name, place.feature, place.match) == ("Khyber Pakhtunkhwa", "admin1", "abbreviation")


def test_geo_nwfp_resolves_and_keeps_the_name_as_written(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, "NWFP")
    assert place.resolved_name == "Khyber Pakhtunkhwa"
    assert place.text == "NWFP" and place.to_record("a1")["name"] == "NWFP"
    assert place.match == "historic" and "2010" in (place.note or "")
    assert "historical name" in place.how


def test_geo_north_waziristan_agency_is_the_district(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, "North Waziristan Agency")
    assert normalize(place.resolved_name or "") == "north waziristan district"
    assert (place.feature, place.admin1, place.country_code) == ("admin2", "Khyber Pakhtunkhwa", "PK")
    assert place.text == "North Waziristan Agency" and place.match == "historic"


def test_geo_afghan_demonym_is_afghanistan(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, ("Afghan", "NORP"))
    assert (place.resolved_name, place.feature, place.match) == ("Afghanistan", "country", "demonym")


def test_geo_quetta_and_bolan_are_in_balochistan(gazetteer: Gazetteer) -> None:
    quetta, bolan = resolve(mentions("Quetta", "Bolan"), gazetteer=gazetteer)
    assert (quetta.resolved_name, quetta.feature, quetta.admin1) == ("Quetta", "city", "Balochistan")
    assert bolan.admin1 == "Balochistan" and bolan.country_code == "PK"
    assert bolan.resolved_name == "Kachhi District" and bolan.text == "Bolan" and "2008" in (bolan.note or "")


@pytest.mark.parametrize(
    ("context_mention", "admin1", "country"),
    [(("Pakistani", "NORP"), "sindh", "PK"), (("Indian", "NORP"), "telangana", "IN"), ("Karachi", "sindh", "PK")],
)
def test_geo_hyderabad_follows_the_country_focus(gazetteer, context_mention, admin1: str, country: str) -> None:
    place = one(gazetteer, context_mention, "Hyderabad")
    assert (normalize(place.admin1 or ""), place.country_code, place.feature) == (admin1, country, "city")


def test_geo_given_focus_and_dateline_count(gazetteer: Gazetteer) -> None:
    assert one(gazetteer, "Hyderabad", context=GeoContext(countries=("PK",))).country_code == "PK"
    assert one(gazetteer, "Hyderabad", context=GeoContext(dateline="KARACHI")).country_code == "PK"
    focus = country_focus(mentions("Lahore", "Quetta", "Kabul"), gazetteer=gazetteer)
    assert max(focus, key=focus.__getitem__) == "PK"


def test_geo_named_province_picks_the_namesake_inside_it(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, "Sindh", "Hyderabad")
    assert place.admin1 == "Sindh" and "sindh also mentioned" in place.how


def test_geo_unknown_word_among_known_places_resolves_the_others(gazetteer: Gazetteer) -> None:
    places = resolve(mentions("Lahore", "Xqzvillebad", "Quetta"), gazetteer=gazetteer)
    assert [p.resolved_name for p in places] == ["Lahore", None, "Quetta"]
    unknown = places[1]
    assert not unknown.resolved and unknown.latitude is None and unknown.feature is None
    assert unknown.to_record("a1")["resolved_name"] is None


def test_geo_every_resolution_says_how(gazetteer: Gazetteer) -> None:
    place = one(gazetteer, ("Pakistani", "NORP"), "Hyderabad")
    assert "exact name" in place.how and "country focus PK" in place.how
    assert 0 < (place.confidence or 0) <= 1


def test_geo_spans_news_write_around_names(gazetteer: Gazetteer) -> None:
    assert one(gazetteer, "the United Kingdom's").resolved_name == "United Kingdom"
    assert one(gazetteer, "eastern China").resolved_name == "China"
    assert one(gazetteer, "Camborne, Cornwall").country_code == "GB"


def test_geo_spans_with_a_kind_or_a_trailing_noun(gazetteer: Gazetteer) -> None:
    santa_ana = one(gazetteer, "Orange County", "the City of Santa Ana")
    assert santa_ana.resolved_name == "Santa Ana" and santa_ana.feature == "city"
    assert one(gazetteer, ("South Asia Earthquake", "LOC")).resolved_name == "South Asia"
    # a shorter piece must be a country or a region, never a province called "West" or "Bay"
    assert not one(gazetteer, "West Prince").resolved
    assert not one(gazetteer, ("Mahim Bay", "FAC")).resolved


def test_geo_ner_spans_cut_short_are_stretched_to_the_known_name(gazetteer: Gazetteer) -> None:
    from wirewatch.geo.mentions import Entity, toponyms

    text = "Cases rose in the Democratic Republic of the Congo and in Guinea-Bissau, and in Krasnodar, Russia."
    entities = [
        Entity("the Democratic Republic of the", 14, 44, "GPE"),
        Entity("Guinea", 58, 64, "GPE"),
        Entity("Krasnodar", 80, 89, "ORG"),
        Entity("Russia", 91, 97, "GPE"),
    ]
    assert [text[e.start : e.end] for e in entities] == [e.text for e in entities]
    found = {t.text: t for t in toponyms(text, entities, gazetteer)}
    assert {"the Democratic Republic of the Congo", "Guinea-Bissau", "Krasnodar", "Russia"} <= set(found)
    places = {p.text: p for p in resolve(list(found.values()), gazetteer=gazetteer)}
    assert places["the Democratic Republic of the Congo"].country_code == "CD"
    assert places["Guinea-Bissau"].country_code == "GW"
    assert places["Krasnodar"].country_code == "RU" and places["Krasnodar"].feature == "city"


def test_geo_a_place_name_cut_into_a_person_is_the_whole_place(gazetteer: Gazetteer) -> None:
    from wirewatch.geo.mentions import Entity, toponyms

    # the small model tags the end of "Dera Ismail Khan" as a person; "Ismail Khan said" stays a person
    text = "Four soldiers died in Dera Ismail Khan on Monday. Ismail Khan said he saw it."
    entities = [Entity("Ismail Khan", 27, 38, "PERSON"), Entity("Ismail Khan", 50, 61, "PERSON")]
    assert [text[e.start : e.end] for e in entities] == [e.text for e in entities]
    found = toponyms(text, entities, gazetteer)
    assert [(t.text, t.start) for t in found] == [("Dera Ismail Khan", 22)]
    (place,) = resolve(found, gazetteer=gazetteer)
    assert place.admin1 == "Khyber Pakhtunkhwa"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Africa", 7.19, 21.09), ("Asia", 29.84, 89.30), ("South America", -14.60, -57.66)],
)
def test_geo_continents_are_centred_on_geonames_points(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    continent = one(gazetteer, (name, "LOC"))
    assert continent.feature == "other" and continent.gazetteer_id.startswith("m49:")
    assert _km(lat, lon, continent.latitude, continent.longitude) < 10


def test_geo_admin1_centre_is_not_its_namesake_city(gazetteer: Gazetteer) -> None:
    state = next(c for c in gazetteer.lookup("New York") if c.feature == "admin1" and c.country_code == "US")
    city = next(c for c in gazetteer.lookup("New York City") if c.feature == "city")
    assert _km(state.latitude, state.longitude, city.latitude, city.longitude) > 100  # upstate, not Manhattan
    # a city-state keeps the point of its city
    kyiv = next(c for c in gazetteer.lookup("Kyiv") if c.feature == "admin1")
    assert _km(kyiv.latitude, kyiv.longitude, 50.45, 30.52) < 5


def test_geo_code_needs_capitals_and_plain_words_are_not_abbreviations(gazetteer: Gazetteer) -> None:
    assert one(gazetteer, "Act").resolved_name != "Australian Capital Territory"
    assert one(gazetteer, "PAK").resolved_name == "Pakistan"
    assert one(gazetteer, "Pak").match != "code"


def test_geo_record_matches_the_place_schema(gazetteer: Gazetteer, schema) -> None:
    validator = schema("place")
    for place in resolve(mentions("Peshawar", "Nowhereabad", "Sindh"), gazetteer=gazetteer):
        validator.validate(place.to_record("article-1", "https://example.org/a"))


def test_geo_lookup_is_well_under_a_millisecond(gazetteer: Gazetteer) -> None:
    with sqlite3.connect(gazetteer.path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM places WHERE feature = 'city' LIMIT 1000")]
    gazetteer._cached.cache_clear()
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    cold = (time.perf_counter() - started) / len(names)
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    warm = (time.perf_counter() - started) / len(names)
    assert cold < 0.002, f"uncached lookup {cold * 1000:.3f} ms"  # measured ~0.05 ms; generous for slow CI
    assert warm < 0.0005, f"cached lookup {warm * 1000:.3f} ms"


def test_geo_candidates_carry_hierarchy(gazetteer: Gazetteer) -> None:
    quetta = next(c for c in gazetteer.lookup("Quetta") if c.feature == "city")
    assert isinstance(quetta, Candidate) and quetta.country == "Pakistan" and quetta.admin1 == "Balochistan"
    assert quetta.gazetteer_id.startswith("geonames:") and quetta.population > 500_000
    assert "country:PK" in quetta.ancestors and quetta.admin1_id in quetta.ancestors


def test_geo_built_file_records_version_and_licence(gazetteer: Gazetteer) -> None:
    assert read_version(gazetteer.path) == gazetteer_version() == gazetteer.meta["version"]
    assert "CC BY 4.0" in gazetteer.meta["licence"]


def test_geo_missing_gazetteer_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"python -m wirewatch\.geo\.build") as raised:
        Gazetteer(tmp_path / "none.sqlite")
    assert isinstance(raised.value, WirewatchError)


def test_geo_gazetteer_path_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WIREWATCH_GAZETTEER", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert GeoSettings.from_env().gazetteer_path == tmp_path / "wirewatch" / f"gazetteer-{gazetteer_version()}.sqlite"
    monkeypatch.setenv("WIREWATCH_GAZETTEER", str(tmp_path / "g.sqlite"))
    assert GeoSettings.from_env().gazetteer_path == tmp_path / "g.sqlite"
    assert GeoSettings.from_env(gazetteer_path=tmp_path / "x.sqlite").gazetteer_path == tmp_path / "x.sqlite"


class FakeGazetteer:
    """A hand-built gazetteer: the resolver needs only ``lookup``."""

    def __init__(self, *candidates: tuple[str, Candidate]) -> None:
        self.table: dict[str, list[Candidate]] = {}
        for name, candidate in candidates:
            self.table.setdefault(normalize(name), []).append(candidate)

    def lookup(self, name: str) -> list[Candidate]:
        return list(self.table.get(normalize(name), []))


def place(gid: str, name: str, feature: str, cc: str, pop: int, admin1_id: str | None = None) -> Candidate:
    return Candidate(gid, name, feature, cc, cc, None, None, 0.0, 0.0, pop, admin1_id=admin1_id)  # type: ignore[arg-type]


def test_geo_resolver_uses_admin_hierarchy_without_a_database() -> None:
    fake = FakeGazetteer(
        ("Springfield", place("s1", "Springfield", "city", "US", 160_000, admin1_id="il")),
        ("Springfield", place("s2", "Springfield", "city", "US", 170_000, admin1_id="mo")),
        ("Illinois", place("il", "Illinois", "admin1", "US", 12_000_000)),
    )
    springfield, illinois = resolve(mentions("Springfield", "Illinois"), gazetteer=fake)
    assert springfield.gazetteer_id == "s1" and "illinois also mentioned" in springfield.how
    assert illinois.gazetteer_id == "il"
    alone = resolve(mentions("Springfield"), gazetteer=fake)[0]
    assert alone.gazetteer_id == "s2"  # the larger one, without context


def test_geo_countries_are_named_as_acled_names_them_and_keep_their_iso_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_name("CD") == "Democratic Republic of Congo"
    assert gazetteer.country_name("RU") == "Russia"
    assert one(gazetteer, "Russian Federation").resolved_name == "Russia"
