"""Offline gazetteer and toponym resolver: place mentions in, sourced coordinates and admin units out.

    from wirewatch.geo import Gazetteer, GeoContext, Toponym, resolve

    gazetteer = Gazetteer.open_default()  # builds ~/.cache/wirewatch/gazetteer-<version>.sqlite once
    places = resolve([Toponym("Peshawar", 0, 8, "GPE")], gazetteer=gazetteer, context=GeoContext())

Nothing heavy is imported here: the gazetteer is SQLite, and spaCy is not used at all.
"""

from __future__ import annotations

from .errors import GazetteerError
from .gazetteer import Candidate, Gazetteer, GazetteerLike
from .normalize import normalize
from .resolve import GeoContext, ResolvedPlace, Toponym, country_focus, resolve
from .settings import GeoSettings

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "GazetteerLike",
    "GeoContext",
    "GeoSettings",
    "ResolvedPlace",
    "Toponym",
    "country_focus",
    "normalize",
    "resolve",
]
