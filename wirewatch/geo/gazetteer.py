"""Read-only access to the built gazetteer: name -> candidate places, in well under a millisecond."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

from .errors import GazetteerError
from .normalize import normalize

Feature = Literal["country", "admin1", "admin2", "city", "locality", "other"]
MatchKind = Literal["name", "alias", "code", "abbreviation", "historic", "demonym"]

LOOKUP_CACHE_SIZE = 50_000
"""Distinct names remembered per Gazetteer: a news corpus repeats a few thousand place names; 50,000
entries of a few candidates each stay under ~50 MB even for names with hundreds of namesakes."""

_KIND_RANK = {"name": 0, "historic": 1, "abbreviation": 2, "demonym": 3, "alias": 4, "code": 5}
"""When one place is reached by a key in several ways, the most specific way is reported."""


@dataclass(frozen=True)
class Candidate:
    """One place a name can mean, with its admin hierarchy and how the name reached it."""

    gazetteer_id: str
    name: str
    feature: Feature
    country: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    match: MatchKind = "name"
    """How the looked-up name reached this place: its name, an alias, an ISO code, or a data-file entry."""
    note: str | None = None
    """For a data-file entry: why the name means this place ("renamed Khyber Pakhtunkhwa in 2010")."""
    admin1_id: str | None = None
    admin2_id: str | None = None

    @property
    def ancestors(self) -> tuple[str, ...]:
        """Gazetteer ids of the admin2, admin1 and country this place lies in (country as ``country:CC``)."""
        found = [i for i in (self.admin2_id, self.admin1_id) if i]
        if self.country_code and self.feature != "country":
            found.append(f"country:{self.country_code}")
        return tuple(found)

    @property
    def key(self) -> str:
        """The id other places' ancestors refer to (countries as ``country:CC``)."""
        return f"country:{self.country_code}" if self.feature == "country" else self.gazetteer_id


class GazetteerLike(Protocol):
    """What the resolver needs from a gazetteer, so tests can hand it a small fake."""

    def lookup(self, name: str) -> list[Candidate]: ...


_QUERY = """
SELECT p.gazetteer_id, p.name, p.feature, p.country_code, a1.name, a2.name, p.latitude, p.longitude,
       p.population, n.kind, n.note, a1.gazetteer_id, a2.gazetteer_id
FROM names n
JOIN places p ON p.id = n.place
LEFT JOIN places a1 ON a1.id = p.admin1
LEFT JOIN places a2 ON a2.id = p.admin2
WHERE n.key = ?
"""


class Gazetteer:
    """The SQLite gazetteer opened read-only; ``lookup`` answers from an LRU cache after the first call."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(
                f"no gazetteer at {self.path}; build it with: python -m wirewatch.geo.build {self.path}"
            )
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._countries = {
                code: name
                for code, name in self._db.execute("SELECT country_code, name FROM places WHERE feature = 'country'")
            }
            self.meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as e:
            raise GazetteerError(
                f"{self.path} is not a wirewatch gazetteer ({e}); rebuild it: python -m wirewatch.geo.build {self.path}"
            ) from e
        self._lock = threading.Lock()
        self._cached = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(self._lookup_key)

    @classmethod
    def open_default(cls, path: str | Path | None = None) -> Gazetteer:
        """The gazetteer at PATH or the configured cache location, built there first if needed."""
        from .build import ensure_gazetteer

        return cls(ensure_gazetteer(path))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def country_name(self, code: str) -> str | None:
        """The display name of a country by ISO 3166-1 alpha-2 code."""
        return self._countries.get(code.upper())

    def lookup(self, name: str) -> list[Candidate]:
        """Every place NAME can mean (normalised: case, accents and punctuation do not matter)."""
        return list(self._cached(normalize(name)))

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        if not key:
            return ()
        with self._lock:
            rows = self._db.execute(_QUERY, (key,)).fetchall()
        best: dict[str, Candidate] = {}
        for gid, name, feature, cc, admin1, admin2, lat, lon, pop, kind, note, a1_id, a2_id in rows:
            seen = best.get(gid)
            if seen is not None and _KIND_RANK[seen.match] <= _KIND_RANK[kind]:
                continue
            best[gid] = Candidate(
                gazetteer_id=gid,
                name=name,
                feature=feature,
                country=self._countries.get(cc) if cc else None,
                country_code=cc,
                admin1=admin1,
                admin2=admin2,
                latitude=lat,
                longitude=lon,
                population=pop,
                match=kind,
                note=note,
                admin1_id=a1_id,
                admin2_id=a2_id,
            )
        return tuple(sorted(best.values(), key=lambda c: (-c.population, c.gazetteer_id)))
