"""The query plans the web app's speed rests on (benchmarks/web_speed.py measures them on 100,000 events):
latest-first pages walk the day index instead of sorting every event, the map walks the deadliest-first
index, the timeline reads one index only, the text filter asks the evidence's full-text index."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from wirewatch.store import EventFilter
from wirewatch.store.sqlite import SQLiteStore


def plan_of(store: SQLiteStore, read: Callable[[], object]) -> list[str]:
    """The query plan of the last statement on events that ``read`` runs (traced with its parameters)."""
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        read()
    finally:
        store.conn.set_trace_callback(None)
    sql = [s for s in seen if "FROM events e" in s][-1]
    return [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]


@pytest.mark.parametrize(
    "flt",
    [
        EventFilter(),
        EventFilter(country="PK"),
        EventFilter(event_type="Battles"),
        EventFilter(actor="ttp"),
        EventFilter(min_fatalities=5),
        EventFilter(bbox=(29.0, 66.0, 31.0, 68.0)),
    ],
    ids=["unfiltered", "country", "type", "actor", "min_fatalities", "bbox"],
)
def test_web_speed_events_page_walks_the_day_index(store, flt):
    plan = plan_of(store, lambda: list(store.events(flt, limit=51, offset=1000)))
    assert plan == ["SCAN e USING INDEX events_day"], plan


def test_web_speed_map_walks_the_deadliest_index_and_counts_sources_from_an_index(store):
    plan = plan_of(store, lambda: store.event_points(limit=2000))
    assert "SCAN e USING INDEX events_deadliest" in plan, plan
    assert any("COVERING INDEX event_sources_event_article" in p for p in plan), plan
    # Only the outer query (at most ``limit`` points) sorts; the inner one stops after the limit.
    assert plan.count("USE TEMP B-TREE FOR ORDER BY") <= 1 and not plan[0].startswith("SCAN e "), plan


def test_web_speed_timeline_reads_one_index(store):
    plan = plan_of(store, store.event_timeline)
    assert plan[0].startswith("SEARCH e USING COVERING INDEX events_week"), plan


def test_web_speed_text_filter_uses_the_evidence_index(store):
    plan = plan_of(store, lambda: store.count_events(EventFilter(text="checkpoint")))
    scans = [p for p in plan if p.startswith("SCAN")]
    assert scans == ["SCAN f VIRTUAL TABLE INDEX 0:M1"], plan  # the FTS5 index, not the evidence rows
    assert any(p.startswith("SEARCH m USING INTEGER PRIMARY KEY") for p in plan), plan
    assert any(p.startswith("SEARCH s USING INDEX sqlite_autoindex_event_sources_1") for p in plan), plan


def _add_event(conn: sqlite3.Connection, event_id: str, day: int | None, killed: int | None) -> None:
    conn.execute(
        "INSERT INTO events (id, event_type, day_first, day_last, fatalities, latitude, longitude, updated_at) "
        "VALUES (?, 'Battles', ?, ?, ?, 30.0, 67.0, 'now')",
        (event_id, day, day, killed),
    )


def test_web_speed_orders_are_the_documented_ones(store):
    """Latest first with undated events last; the map deadliest first; ties by the latest stored."""
    for n, (day, killed) in enumerate([(None, 3), (739000, None), (739500, 7), (None, 7), (739500, 0), (739001, 2)]):
        _add_event(store.conn, f"evt-{n}", day, killed)
    listed = [e["id"] for e in store.events()]
    expected = [
        r[0] for r in store.conn.execute("SELECT id FROM events ORDER BY day_first IS NULL, day_first DESC, rowid DESC")
    ]
    assert listed == expected == ["evt-4", "evt-2", "evt-5", "evt-1", "evt-3", "evt-0"]
    assert [p["id"] for p in store.event_points()] == ["evt-3", "evt-2", "evt-0", "evt-5", "evt-4", "evt-1"]
    assert [p["id"] for p in store.event_points(limit=2)] == ["evt-3", "evt-2"]
    assert "_killed" not in store.event_points()[0] and store.event_points()[0]["sources"] == 0
