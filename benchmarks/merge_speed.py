"""Event merging speed: a store holding N synthetic events over several years and places, then the time
to store new articles' analyses (each with a few event mentions, some reporting stored events again,
some new), which is when merging runs.

The store is filled through the real path (SQLiteStore.add_analysis, one article and one event each),
so the events, their sources and the R-tree are what production writes.

Usage:
  python benchmarks/merge_speed.py [-n 100000] [--articles 300] [--mentions 3] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wirewatch.nlp.records import Analysis, EventMention  # noqa: E402
from wirewatch.store.sqlite import SQLiteStore  # noqa: E402

PLACES = [
    ("Quetta", "Balochistan", "Pakistan", 30.18, 66.98),
    ("Mastung", "Balochistan", "Pakistan", 29.80, 66.85),
    ("Turbat", "Balochistan", "Pakistan", 26.00, 63.05),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan", 34.01, 71.58),
    ("Bannu", "Khyber Pakhtunkhwa", "Pakistan", 32.99, 70.60),
    ("Dera Ismail Khan", "Khyber Pakhtunkhwa", "Pakistan", 31.83, 70.90),
    ("Miranshah", "Khyber Pakhtunkhwa", "Pakistan", 33.00, 70.07),
    ("Karachi", "Sindh", "Pakistan", 24.86, 67.00),
    ("Lahore", "Punjab", "Pakistan", 31.55, 74.34),
    ("Islamabad", "Islamabad Capital Territory", "Pakistan", 33.69, 73.06),
    ("Kabul", "Kabul", "Afghanistan", 34.53, 69.17),
    ("Jalalabad", "Nangarhar", "Afghanistan", 34.43, 70.45),
    ("Kandahar", "Kandahar", "Afghanistan", 31.61, 65.71),
    ("Kunduz", "Kunduz", "Afghanistan", 36.73, 68.86),
    ("Mogadishu", "Banadir", "Somalia", 2.05, 45.32),
    ("Maiduguri", "Borno", "Nigeria", 11.85, 13.16),
    ("Baghdad", "Baghdad", "Iraq", 33.31, 44.37),
    ("Erbil", "Erbil", "Iraq", 36.19, 44.01),
    ("Saada", "Saada", "Yemen", 16.94, 43.76),
    ("Ouagadougou", "Centre", "Burkina Faso", 12.37, -1.52),
]
TYPES = [
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Statements", "Claim of responsibility"),
]
ACTORS = [(None, None), ("Unidentified Armed Group", None), ("Tehrik-i-Taliban Pakistan", "ttp"),
          ("Balochistan Liberation Army", "bla"), ("Islamic State", "is"), ("al-Shabaab", "al-shabaab")]  # fmt: skip
WORDS = ("blast", "attack", "killed", "wounded", "police", "officials", "said", "market", "convoy", "checkpoint")
START = date(2019, 1, 1)
DAYS = 5 * 365


def mention(rng: random.Random, index: int, day: date, *, place=None, kind=None, actor=None) -> EventMention:  # type: ignore[no-untyped-def]
    if place is None:
        # A named city, or (four times in five) a random spot around it: 100,000 events over a few
        # dozen cities alone would mostly be the same events again.
        name, admin1, country, lat, lon = rng.choice(PLACES)
        if rng.random() < 0.8:
            lat, lon = lat + rng.uniform(-3, 3), lon + rng.uniform(-3, 3)
            name = f"{name} area {lat:.2f},{lon:.2f}"
            admin1 = f"{admin1} {round(lat)},{round(lon)}"
        place = (name, admin1, country, lat, lon)
    name, admin1, country, lat, lon = place
    event_type, sub = kind or rng.choice(TYPES)
    actor1, actor1_id = actor or rng.choice(ACTORS)
    placed = rng.random() > 0.1  # one in ten placed only by its province
    text = " ".join(rng.choice(WORDS) for _ in range(18))
    return EventMention(
        text=text, start=index * 200, end=index * 200 + len(text), index=index, event_type=event_type,
        sub_event_type=sub, trigger="blast", actor1=actor1, actor1_id=actor1_id, actor2=None, actor2_id=None,
        event_date=day.isoformat(), date_precision="day", location=name if placed else None, admin2=None,
        admin1=admin1, country=country, country_code=None,
        latitude=lat + rng.uniform(-0.05, 0.05) if placed else None,
        longitude=lon + rng.uniform(-0.05, 0.05) if placed else None,
        geo_precision=1 if placed else 3, fatalities=rng.randint(0, 60), fatalities_low=None, fatalities_high=None,
        injured=None, reported_as="asserted",
    )  # fmt: skip


def add_articles(store: SQLiteStore, ids: list[tuple[str, str]]) -> None:
    """Bare article rows (the merge does not read the text), in one transaction."""
    store.conn.execute("BEGIN")
    store.conn.executemany(
        "INSERT INTO articles (id, source, published, text, content_hash, ingested_at) "
        "VALUES (?, 'bench', ?, '', ?, 'now')",
        [(aid, published, aid) for aid, published in ids],
    )
    store.conn.executemany("INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)", [(a, a) for a, _ in ids])
    store.conn.execute("COMMIT")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000, help="events to fill the store with")
    parser.add_argument("--articles", type=int, default=300, help="new articles to time")
    parser.add_argument("--mentions", type=int, default=3, help="event mentions per new article")
    parser.add_argument("--db", help="database file (default: a temporary one)")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    folder = tempfile.TemporaryDirectory()
    path = args.db or str(Path(folder.name) / "merge.db")
    with SQLiteStore(path) as store:
        started = time.perf_counter()
        days = [START + timedelta(days=rng.randrange(DAYS)) for _ in range(args.n)]
        add_articles(store, [(f"fill-{i}", (d + timedelta(days=1)).isoformat()) for i, d in enumerate(days)])
        for i, day in enumerate(days):
            store.add_analysis(f"fill-{i}", Analysis(events=(mention(rng, 0, day),)), version="bench")
        fill_s = time.perf_counter() - started
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        print(
            f"filled {events:,} events from {args.n:,} articles in {fill_s:.0f} s "
            f"({fill_s / args.n * 1000:.2f} ms each)"
        )

        # New articles: each reports again a stored event (same place, type, day) and a few new ones.
        stored = store.conn.execute(
            "SELECT m.*, a.published FROM event_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.latitude IS NOT NULL ORDER BY random() LIMIT ?",
            (args.articles,),
        ).fetchall()
        new_ids = [(f"new-{i}", row["published"]) for i, row in enumerate(stored)]
        add_articles(store, new_ids)
        timings, joined = [], 0
        for (aid, _), row in zip(new_ids, stored, strict=True):
            day = date.fromisoformat(row["event_date"])
            again = mention(
                rng, 0, day, place=(row["location"], row["admin1"], row["country"], row["latitude"], row["longitude"]),
                kind=(row["event_type"], row["sub_event_type"]), actor=(row["actor1"], row["actor1_id"]),
            )  # fmt: skip
            others = [mention(rng, k, START + timedelta(days=rng.randrange(DAYS))) for k in range(1, args.mentions)]
            began = time.perf_counter()
            store.add_analysis(aid, Analysis(events=(again, *others)), version="bench")
            timings.append((time.perf_counter() - began) * 1000)
            joined += store.conn.execute(
                "SELECT count(*) FROM event_sources WHERE article_id = ? AND event_id = "
                "(SELECT event_id FROM event_sources WHERE article_id = ? AND mention = 0)",
                (row["article_id"], aid),
            ).fetchone()[0]
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"merged {len(timings)} articles x {args.mentions} mentions into {events:,} events: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms per article"
    )
    print(f"re-reports that joined their stored event: {joined} of {len(timings)}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
