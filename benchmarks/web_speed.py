"""Web app and API speed with a large store: N merged events (default 100,000), then the overview page and
the events endpoints timed in process (FastAPI's TestClient) and over HTTP (a real uvicorn server on
127.0.0.1, started and stopped here).

The store is written directly with bulk SQL into a schema made by the store's own migrations: articles with
short generated texts, their event mentions, events with 1-4 sources each (the sources' tolls differ, the
event's fields are wirewatch.events.merge.best_estimate of them), the events R-tree, actor mentions and
claims. Going through spaCy and the merger would take hours for the same shape of data.

Usage:
  python benchmarks/web_speed.py [--events 100000] [--db PATH] [--repeat 30] [--json] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirewatch.events.merge import EventKey, SourceFigures, best_estimate, key_range, precise  # noqa: E402
from wirewatch.store.sqlite import SQLiteStore  # noqa: E402
from wirewatch.store.sqlite_events import WORLD  # noqa: E402

SCHEMA = json.loads((ROOT / "wirewatch" / "data" / "schema" / "event.schema.json").read_text(encoding="utf-8"))

# (name, admin1, country, ISO code, latitude, longitude): real places where the news reports conflict.
PLACES = [
    ("Quetta", "Balochistan", "Pakistan", "PK", 30.1798, 66.975),
    ("Turbat", "Balochistan", "Pakistan", "PK", 26.0023, 63.044),
    ("Mastung", "Balochistan", "Pakistan", "PK", 29.7997, 66.8455),
    ("Gwadar", "Balochistan", "Pakistan", "PK", 25.1216, 62.3254),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan", "PK", 34.0151, 71.5249),
    ("Bannu", "Khyber Pakhtunkhwa", "Pakistan", "PK", 32.9889, 70.6056),
    ("Dera Ismail Khan", "Khyber Pakhtunkhwa", "Pakistan", "PK", 31.8314, 70.9017),
    ("Miranshah", "Khyber Pakhtunkhwa", "Pakistan", "PK", 33.0059, 70.0704),
    ("Khar", "Khyber Pakhtunkhwa", "Pakistan", "PK", 34.7283, 71.5247),
    ("Karachi", "Sindh", "Pakistan", "PK", 24.8607, 67.0011),
    ("Lahore", "Punjab", "Pakistan", "PK", 31.5204, 74.3587),
    ("Islamabad", "Islamabad Capital Territory", "Pakistan", "PK", 33.6844, 73.0479),
    ("Kabul", "Kabul", "Afghanistan", "AF", 34.5553, 69.2075),
    ("Jalalabad", "Nangarhar", "Afghanistan", "AF", 34.4265, 70.4515),
    ("Kandahar", "Kandahar", "Afghanistan", "AF", 31.628, 65.7372),
    ("Kunduz", "Kunduz", "Afghanistan", "AF", 36.728, 68.868),
    ("Herat", "Herat", "Afghanistan", "AF", 34.3529, 62.204),
    ("Urgun", "Paktika", "Afghanistan", "AF", 32.9428, 69.1836),
    ("Mogadishu", "Banadir", "Somalia", "SO", 2.0469, 45.3182),
    ("Baidoa", "Bay", "Somalia", "SO", 3.1138, 43.6498),
    ("Kismayo", "Lower Juba", "Somalia", "SO", -0.3582, 42.5454),
    ("Beledweyne", "Hiraan", "Somalia", "SO", 4.7358, 45.2036),
    ("Maiduguri", "Borno", "Nigeria", "NG", 11.8311, 13.151),
    ("Bama", "Borno", "Nigeria", "NG", 11.5221, 13.6856),
    ("Zamfara", "Zamfara", "Nigeria", "NG", 12.1222, 6.2236),
    ("Kaduna", "Kaduna", "Nigeria", "NG", 10.5105, 7.4165),
    ("Idlib", "Idlib", "Syria", "SY", 35.9306, 36.6339),
    ("Aleppo", "Aleppo", "Syria", "SY", 36.2021, 37.1343),
    ("Deir ez-Zor", "Deir ez-Zor", "Syria", "SY", 35.3359, 40.1408),
    ("Daraa", "Daraa", "Syria", "SY", 32.6189, 36.1021),
    ("Baghdad", "Baghdad", "Iraq", "IQ", 33.3152, 44.3661),
    ("Kirkuk", "Kirkuk", "Iraq", "IQ", 35.4681, 44.3922),
    ("Saada", "Saada", "Yemen", "YE", 16.9402, 43.7639),
    ("Marib", "Marib", "Yemen", "YE", 15.4627, 45.3253),
    ("Gao", "Gao", "Mali", "ML", 16.2717, -0.0447),
    ("Djibo", "Sahel", "Burkina Faso", "BF", 14.1011, -1.6306),
    ("Goma", "North Kivu", "Democratic Republic of Congo", "CD", -1.6585, 29.2205),
    ("Bunia", "Ituri", "Democratic Republic of Congo", "CD", 1.5667, 30.25),
    ("El Fasher", "North Darfur", "Sudan", "SD", 13.6279, 25.3494),
    ("Khartoum", "Khartoum", "Sudan", "SD", 15.5007, 32.5599),
]
# Where the events happen, by weight: most reporting in this project is about Pakistan and Afghanistan.
PLACE_WEIGHTS = [6 if p[3] == "PK" else 4 if p[3] == "AF" else 2 for p in PLACES]

TYPES = [
    ("Explosions/Remote violence", "Suicide bomb", 6),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 10),
    ("Explosions/Remote violence", "Air/drone strike", 8),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 6),
    ("Explosions/Remote violence", "Grenade", 2),
    ("Battles", "Armed clash", 18),
    ("Battles", "Government regains territory", 2),
    ("Battles", "Non-state actor overtakes territory", 2),
    ("Violence against civilians", "Attack", 14),
    ("Violence against civilians", "Abduction/forced disappearance", 5),
    ("Violence against civilians", "Sexual violence", 1),
    ("Protests", "Peaceful protest", 8),
    ("Protests", "Protest with intervention", 2),
    ("Riots", "Violent demonstration", 3),
    ("Riots", "Mob violence", 2),
    ("Strategic developments", "Arrests", 4),
    ("Strategic developments", "Agreement", 1),
    ("Statements", "Claim of responsibility", 3),
    ("Statements", "Denial", 1),
    ("Disasters", "Man-made disaster", 1),
    ("Crime", "Organized crime", 1),
    ("Diplomacy", "Diplomatic event", 1),
]
for _type, _sub, _ in TYPES:  # the benchmark draws only what the public schema allows
    if (
        _type not in SCHEMA["properties"]["event_type"]["enum"]
        or _sub not in SCHEMA["properties"]["sub_event_type"]["enum"]
    ):
        raise SystemExit(f"not in event.schema.json: {_type} / {_sub}")
VIOLENT = {"Explosions/Remote violence", "Battles", "Violence against civilians", "Riots"}

# (name, knowledge base id, countries it acts in; empty = anywhere)
ACTORS = [
    ("Tehrik-i-Taliban Pakistan", "ttp", ("PK",)),
    ("Balochistan Liberation Army", "bla", ("PK",)),
    ("Hafiz Gul Bahadur group", "hafiz-gul-bahadur-group", ("PK",)),
    ("Military Forces of Pakistan", "military-forces-of-pakistan", ("PK", "AF")),
    ("Police Forces of Pakistan", "police-forces-of-pakistan", ("PK",)),
    ("Afghan Taliban", "afghan-taliban", ("AF",)),
    ("Islamic State", "islamic-state", ("AF", "PK", "SY", "IQ", "NG")),
    ("al-Shabaab", "al-shabaab", ("SO",)),
    ("Military Forces of Somalia", "military-forces-of-somalia", ("SO",)),
    ("Boko Haram", "boko-haram", ("NG",)),
    ("Military Forces of Nigeria", "military-forces-of-nigeria", ("NG",)),
    ("Hayat Tahrir al-Sham", "hts", ("SY",)),
    ("Syrian Democratic Forces", "sdf", ("SY",)),
    ("Ansar Allah", "houthis", ("YE",)),
    ("JNIM", "jnim", ("ML", "BF")),
    ("M23", "m23", ("CD",)),
    ("Rapid Support Forces", "rsf", ("SD",)),
    ("Unidentified Armed Group", None, ()),
    ("Protesters", None, ()),
    ("Civilians", None, ()),
]
OUTLETS = (
    "dawn.example",
    "khybercourier.example",
    "frontierdispatch.example",
    "indusledger.example",
    "tolonews.example",
    "garoweonline.example",
    "premiumtimes.example",
    "syriadirect.example",
    "wirewire.example",
    "sahelpost.example",
)
TRIGGERS = {
    "Suicide bomb": ("suicide bomber", "blew himself up", "suicide attack"),
    "Remote explosive/landmine/IED": ("roadside bomb", "explosive device", "landmine"),
    "Air/drone strike": ("drone strike", "air strike", "airstrikes"),
    "Shelling/artillery/missile attack": ("shelling", "mortar fire", "rocket attack"),
    "Grenade": ("grenade attack", "hand grenade"),
    "Armed clash": ("clashes", "gunfight", "exchange of fire"),
    "Attack": ("gunmen attacked", "opened fire on", "stormed"),
}
SCENES = (
    "a checkpoint",
    "a busy market",
    "a police convoy",
    "a mosque",
    "a school",
    "a border post",
    "a military camp",
    "a bus station",
    "a wedding party",
    "a village council",
    "a courthouse",
    "a polio vaccination team",
    "a passenger train",
    "an army patrol",
)
CLAIMERS = (
    "police said",
    "officials said",
    "a military statement said",
    "hospital sources said",
    "local elders said",
    "the interior ministry said",
    "residents told reporters",
)
FILLER = (
    "The area was sealed off and a search operation was under way.",
    "No group immediately claimed responsibility.",
    "The wounded were taken to the district hospital, where several were in critical condition.",
    "The attack drew condemnation from the provincial government.",
    "Security in the region has worsened over the past year.",
    "Schools and markets in the town remained closed on the following day.",
)
END = date(2025, 12, 31)
DAYS = 3 * 365 + 1


def _hex(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()


@dataclass
class _Article:
    rowid: int
    id: str
    day: int
    outlet: str
    mentions: list[tuple[int, str]] = field(default_factory=list)
    """(event index, evidence) in the order they are written."""


@dataclass
class Built:
    db: str
    events: int
    articles: int
    mentions: int
    seconds: float


def build(path: str, n_events: int, *, seed: int = 7) -> Built:
    """A store at ``path`` (which must not exist) holding ``n_events`` merged events and their sources."""
    started = time.perf_counter()
    rng = random.Random(seed)
    SQLiteStore(path).close()  # the schema, through the store's own migrations
    end_day = END.toordinal()
    type_weights = [t[2] for t in TYPES]

    # Events in date order, each with its sources' figures; articles are filled as reports arrive.
    plans = []
    for i in range(n_events):
        # The record grows over time: more reporting in later years.
        day = end_day - int(DAYS * (1 - rng.random() ** 0.8))
        event_type, sub, _ = rng.choices(TYPES, type_weights)[0]
        place = rng.choices(PLACES, PLACE_WEIGHTS)[0]
        local = [a for a in ACTORS if not a[2] or place[3] in a[2]]
        actor1 = rng.choice(local)
        actor2 = rng.choice(local) if rng.random() < 0.4 else None
        if actor2 is actor1:
            actor2 = None
        killed = int(rng.paretovariate(1.3)) - 1 if event_type in VIOLENT else 0
        n_sources = rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0]
        plans.append((i, day, event_type, sub, place, actor1, actor2, killed, n_sources))
    plans.sort(key=lambda p: p[1])

    articles: list[_Article] = []
    open_articles: list[_Article] = []
    mention_rows: list[tuple[object, ...]] = []
    source_rows: list[tuple[object, ...]] = []
    event_rows: list[tuple[object, ...]] = []
    box_rows: list[tuple[object, ...]] = []
    actor_rows: list[tuple[object, ...]] = []
    claim_rows: list[tuple[object, ...]] = []
    now = "2026-01-01T00:00:00+00:00"
    for rowid, (i, day, event_type, sub, place, actor1, actor2, killed, n_sources) in enumerate(plans, 1):
        name, admin1, country, code, lat0, lon0 = place
        placed = rng.random()
        geo: int | None
        location: str | None
        lat: float | None
        lon: float | None
        if placed < 0.55:  # the town itself, or a village near it
            geo, location = 1, name
            lat, lon = round(lat0 + rng.uniform(-0.4, 0.4), 4), round(lon0 + rng.uniform(-0.4, 0.4), 4)
        elif placed < 0.75:
            geo, location, lat, lon = 2, f"near {name}", round(lat0 + rng.uniform(-0.8, 0.8), 4), lon0
        elif placed < 0.93:  # only the province
            geo, location, lat, lon = 3, admin1, round(lat0, 2), round(lon0, 2)
        else:  # only the country, no coordinates
            geo, location, lat, lon, admin1 = None, None, None, None, None  # type: ignore[assignment]
        precision_draw = rng.random()
        precision: str | None = "day" if precision_draw < 0.85 else "week" if precision_draw < 0.88 else "month"
        when = date.fromordinal(day)
        event_date: str | None = when.isoformat() if precision != "month" else when.isoformat()[:7]
        if rng.random() < 0.05:
            event_date, precision = None, None  # undated: placed in time by its reports' publication
        # Each source publishes on the day or up to a week later and may give a different toll.
        own: list[_Article] = []
        while len(own) < n_sources:
            fresh = [a for a in open_articles if a not in own and day <= a.day <= day + 6]
            if fresh and rng.random() < 0.6:
                art = rng.choice(fresh)
            else:
                art = _Article(
                    len(articles) + 1,
                    "art-" + _hex("bench", len(articles))[:16],
                    day + rng.randint(0, 6),
                    rng.choice(OUTLETS),
                )
                articles.append(art)
                open_articles.append(art)
            own.append(art)
        figures = []
        for k, art in enumerate(sorted(own, key=lambda a: (a.day, a.rowid))):
            index = len(art.mentions)
            toll: int | None = killed if k == 0 else max(0, killed + rng.choice((-2, -1, 0, 0, 1, 3)))
            low: int | None = None
            high: int | None = None
            if toll is not None and toll > 4 and rng.random() < 0.15:
                low, high, toll = toll - 2, toll + 3, None
            injured = int(rng.paretovariate(1.2)) - 1 if killed else None
            trigger = rng.choice(TRIGGERS.get(sub, (sub.lower(),)))
            scene = rng.choice(SCENES)
            said = rng.choice(CLAIMERS)
            figure = f"{toll} people" if toll is not None else f"between {low} and {high} people"
            place_words = location or country
            evidence = (
                f"{actor1[0]} carried out a {trigger} on {scene} in {place_words} on "
                f"{when.strftime('%A')}, killing {figure}, {said}."
            )
            if event_type not in VIOLENT:
                evidence = f"{actor1[0]}: {trigger} at {scene} in {place_words}, {said}."
            reported_as = rng.choices(("asserted", "claimed", "alleged", "denied"), (80, 10, 7, 3))[0]
            art.mentions.append((index, evidence))
            mention_rows.append(
                (
                    art.id,
                    0,
                    0,
                    evidence,
                    index,
                    event_type,
                    sub,
                    trigger,
                    actor1[0],
                    actor1[1],
                    actor2[0] if actor2 else None,
                    actor2[1] if actor2 else None,
                    event_date,
                    precision,
                    location,
                    None,
                    admin1,
                    country,
                    code,
                    lat,
                    lon,
                    geo,
                    toll,
                    low,
                    high,
                    injured,
                    reported_as,
                    f"{event_type} / {sub} from {trigger!r}",
                )
            )
            published = date.fromordinal(art.day).isoformat()
            source_rows.append(
                (
                    f"evt-{_hex('event', i)[:12]}",
                    art.id,
                    index,
                    0,
                    0,
                    event_date,
                    precision,
                    toll,
                    low,
                    high,
                    injured,
                    reported_as,
                    published,
                )
            )
            figures.append(
                SourceFigures(
                    article_id=art.id,
                    order=(published, art.rowid),
                    event_type=event_type,
                    sub_event_type=sub,
                    actor1=actor1[0],
                    actor1_id=actor1[1],
                    actor2=actor2[0] if actor2 else None,
                    actor2_id=actor2[1] if actor2 else None,
                    event_date=event_date,
                    date_precision=precision,
                    location=location,
                    admin2=None,
                    admin1=admin1,
                    country=country,
                    country_code=code,
                    latitude=lat,
                    longitude=lon,
                    geo_precision=geo,
                    fatalities=toll,
                    fatalities_low=low,
                    fatalities_high=high,
                    injured=injured,
                )
            )
            if actor1[1]:
                actor_rows.append(
                    (
                        art.id,
                        0,
                        len(actor1[0]),
                        actor1[0],
                        actor1[1],
                        actor1[0],
                        "group",
                        "alias",
                        1.0,
                        f"alias {actor1[0]!r}",
                    )
                )
            if rng.random() < 0.2:
                stance = rng.choices(("asserts", "alleges", "denies", "claims_responsibility"), (5, 3, 2, 2))[0]
                claimant = actor1 if stance in ("claims_responsibility", "denies") else rng.choice(ACTORS)
                claim_rows.append(
                    (
                        art.id,
                        index,
                        index + 1,
                        f"{claimant[0]} {stance.replace('_', ' ')} the {trigger}",
                        claimant[0],
                        claimant[1],
                        stance,
                        int(rng.random() < 0.2),
                        None,
                        None,
                        index,
                        "said",
                        "generated",
                    )
                )
            if len(art.mentions) >= rng.choice((1, 2, 3, 4, 5)):
                open_articles.remove(art)
        if len(open_articles) > 60:  # reports about old events are rare: close the oldest
            del open_articles[0]
        fields = best_estimate(figures)
        first_published = min(f.order[0] for f in figures)
        key = EventKey.from_fields(fields, published=first_published)
        days = key_range(key)
        event_rows.append(
            (
                rowid,
                f"evt-{_hex('event', i)[:12]}",
                *(fields[f] for f in _EVENT_COLUMNS),
                days[0] if days else None,
                days[1] if days else None,
                now,
            )
        )
        if days is not None:
            box = (key.latitude, key.latitude, key.longitude, key.longitude) if precise(key) else WORLD
            box_rows.append((rowid, days[0], days[1], *box))

    # Article texts: a headline sentence, then each mention's evidence at its offsets, with filler between.
    article_rows = []
    offsets: dict[tuple[str, int], tuple[int, int]] = {}
    for art in articles:
        parts: list[str] = []
        length = 0
        for index, evidence in art.mentions:
            if parts:
                filler = rng.choice(FILLER) + " "
                parts.append(filler)
                length += len(filler)
            offsets[(art.id, index)] = (length, length + len(evidence))
            parts.append(evidence)
            length += len(evidence)
        text = "".join(parts)
        published = date.fromordinal(art.day).isoformat()
        title = art.mentions[0][1].split(",")[0] if art.mentions else "Report"
        slug = _hex("slug", art.id)[:10]
        article_rows.append(
            (
                art.rowid,
                art.id,
                f"https://www.{art.outlet}/{published.replace('-', '/')}/{slug}",
                art.outlet,
                None,
                title,
                published,
                None,
                "en",
                text,
                "[]",
                _hex("text", text),
                now,
            )
        )
    mention_rows = [(r[0], *offsets[(str(r[0]), int(r[4]))], *r[3:]) for r in mention_rows]  # type: ignore[misc, call-overload]
    source_rows = [(*r[:3], *offsets[(str(r[1]), int(r[2]))], *r[5:]) for r in source_rows]  # type: ignore[misc, call-overload]

    store = SQLiteStore(path)
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (rowid, id, url, source, feed, title, published, author, language, text, related, "
        "content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        article_rows,
    )
    conn.executemany(
        "INSERT INTO analyses (article_id, version, analyzed_at) VALUES (?, 'bench', ?)",
        [(r[1], now) for r in article_rows],
    )
    conn.executemany(
        "INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)", [(r[1], r[1]) for r in article_rows]
    )
    # Every column but the key (migration 0006's id), in the table's order.
    columns = [f'"{r[1]}"' for r in conn.execute("PRAGMA table_info(event_mentions)") if r[1] != "id"]
    conn.executemany(
        f"INSERT INTO event_mentions ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", mention_rows
    )
    conn.executemany(
        f"INSERT INTO events (rowid, id, {', '.join(_EVENT_COLUMNS)}, day_first, day_last, updated_at) "
        f"VALUES ({', '.join('?' * (len(_EVENT_COLUMNS) + 5))})",
        event_rows,
    )
    conn.executemany("INSERT INTO events_box VALUES (?, ?, ?, ?, ?, ?, ?)", box_rows)
    conn.executemany(f"INSERT INTO event_sources VALUES ({', '.join('?' * 13)})", source_rows)
    conn.executemany(f"INSERT INTO actor_mentions VALUES ({', '.join('?' * 10)})", actor_rows)
    conn.executemany(f"INSERT INTO claim_mentions VALUES ({', '.join('?' * 13)})", claim_rows)
    conn.execute("COMMIT")
    # No ANALYZE: a store built by `wirewatch ingest` has no planner statistics either.
    store.close()
    return Built(path, len(event_rows), len(article_rows), len(mention_rows), time.perf_counter() - started)


_EVENT_COLUMNS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor1_id",
    "actor2",
    "actor2_id",
    "event_date",
    "date_precision",
    "location",
    "admin2",
    "admin1",
    "country",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
)


# -- the requests timed ----------------------------------------------------------------------------


def requests(db: str) -> list[tuple[str, str]]:
    """(name, path) of every request timed: the overview and the API calls its pages make."""
    from wirewatch.web.api import encode_cursor

    store = SQLiteStore(db)
    try:
        some = store.conn.execute("SELECT id FROM events WHERE rowid = (SELECT max(rowid) / 2 FROM events)").fetchone()
        total = store.count_events()
    finally:
        store.close()

    def q(**params: object) -> str:
        return "?" + urlencode(params)

    return [
        ("overview page", "/"),
        ("map", "/api/events/map"),
        ("timeline", "/api/events/timeline"),
        ("map, Pakistan since 2025", "/api/events/map" + q(country="PK", since="2025")),
        ("map, min_fatalities", "/api/events/map" + q(min_fatalities=25)),
        ("timeline, type", "/api/events/timeline" + q(type="Explosions/Remote violence")),
        ("events", "/api/events"),
        ("events, type", "/api/events" + q(type="Explosions/Remote violence")),
        ("events, sub-type", "/api/events" + q(sub_type="Suicide bomb")),
        ("events, country code", "/api/events" + q(country="SO")),
        ("events, country name", "/api/events" + q(country="Afghanistan")),
        ("events, since/until", "/api/events" + q(since="2024-03", until="2024-05")),
        ("events, min_fatalities", "/api/events" + q(min_fatalities=25)),
        ("events, bbox", "/api/events" + q(bbox="29,66,31,68")),
        ("events, actor id", "/api/events" + q(actor="bla")),
        ("events, actor name", "/api/events" + q(actor="Shabaab")),
        ("events, admin1", "/api/events" + q(admin1="Borno")),
        ("events, q text", "/api/events" + q(q="polio vaccination")),
        ("events, combined", "/api/events" + q(type="Battles", country="Pakistan", since="2024", min_fatalities=3)),
        ("events, page 1000", "/api/events" + q(limit=50, cursor=encode_cursor(min(50_000, total // 2)))),
        ("one event", f"/api/events/{some[0]}" if some else "/api/events/none"),
    ]


def _nonempty(name: str, status: int, body: bytes) -> None:
    """A timing of an empty answer says nothing: every request must return something."""
    if status != 200:
        raise SystemExit(f"{name}: HTTP {status}: {body[:300]!r}")
    if not body.startswith(b"{"):
        return
    data = json.loads(body)
    if "items" in data and not data["items"]:
        raise SystemExit(f"{name}: no items; the benchmark would time an empty answer")


@dataclass
class Timing:
    name: str
    mode: str
    ms: list[float]

    def row(self) -> dict[str, Any]:
        ordered = sorted(self.ms)
        # Nearest-rank 95th percentile: with 30 runs, the second slowest.
        p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]
        return {"request": self.name, "mode": self.mode, "n": len(ordered),
                "median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
                "max_ms": round(ordered[-1], 1)}  # fmt: skip


def _time(call: Callable[[], tuple[int, bytes]], name: str, repeat: int) -> list[float]:
    status, body = call()  # warm: first-request costs (imports, page cache) are not what is measured
    _nonempty(name, status, body)
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        status, body = call()
        found.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{name}: HTTP {status}")
    return found


def in_process(db: str, paths: list[tuple[str, str]], repeat: int) -> Iterator[Timing]:
    from fastapi.testclient import TestClient

    from wirewatch.web import create_app

    with TestClient(create_app(db)) as client:
        for name, path in paths:

            def call(path: str = path) -> tuple[int, bytes]:
                r = client.get(path, headers={"accept": "text/html" if path == "/" else "application/json"})
                return r.status_code, r.content

            yield Timing(name, "in-process", _time(call, name, repeat))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def over_http(db: str, paths: list[tuple[str, str]], repeat: int, peaks: dict[str, float]) -> Iterator[Timing]:
    """The same requests to a uvicorn server in its own process, started with `wirewatch serve`."""
    import httpx

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from wirewatch.cli import cli; cli()", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/static/favicon.svg")
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        err = server.stderr.read().decode() if server.stderr else ""
                        raise SystemExit(f"the server did not start: {err}") from None
                    time.sleep(0.2)
            for name, path in paths:

                def call(path: str = path) -> tuple[int, bytes]:
                    r = client.get(path, headers={"accept": "text/html" if path == "/" else "application/json"})
                    return r.status_code, r.content

                yield Timing(name, "http", _time(call, name, repeat))
        peaks["server_rss_mb"] = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="merged events in the store")
    parser.add_argument("--db", help="store to build, or reuse when it exists (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each request")
    parser.add_argument("--mode", choices=("both", "in-process", "http"), default="both")
    parser.add_argument("--only", action="append", help="time only requests whose name contains this")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    scratch = None
    if args.db:
        db = args.db
    else:
        scratch = tempfile.TemporaryDirectory(prefix="wirewatch-web-speed-")
        db = os.path.join(scratch.name, "events.db")
    build_s = None
    if not Path(db).exists():
        built = build(db, args.events)
        build_s = round(built.seconds, 1)
        print(
            f"built {db}: {built.events:,} events, {built.articles:,} articles, {built.mentions:,} sources "
            f"in {built.seconds:.1f} s",
            file=sys.stderr,
        )
    else:
        print(f"reusing {db}", file=sys.stderr)
    paths = requests(db)
    if args.only:
        paths = [p for p in paths if any(o in p[0] for o in args.only)]
    peaks: dict[str, float] = {}
    timings: list[Timing] = []
    if args.mode in ("both", "in-process"):
        timings += in_process(db, paths, args.repeat)
    if args.mode in ("both", "http"):
        timings += over_http(db, paths, args.repeat, peaks)
    peaks["benchmark_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store = SQLiteStore(db)
    events = store.count_events()
    store.close()
    result: dict[str, Any] = {
        "events": events,
        "db_mb": round(Path(db).stat().st_size / 2**20, 1),
        "build_seconds": build_s,
        **peaks,
        "requests": [t.row() for t in timings],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{events:,} events; ms per request")
        for column in ("request", "mode", "n", "median", "p95", "max"):
            table.add_column(column, justify="left" if column in ("request", "mode") else "right")
        for row in result["requests"]:
            table.add_row(
                row["request"],
                row["mode"],
                str(row["n"]),
                f"{row['median_ms']:.1f}",
                f"{row['p95_ms']:.1f}",
                f"{row['max_ms']:.1f}",
            )
        console = Console()
        console.print(table)
        console.print({k: v for k, v in result.items() if k != "requests"})
    if scratch is not None:
        scratch.cleanup()


if __name__ == "__main__":
    main()
