"""The SQLite side of events, claims and stories: merging an article's event mentions into events in
the transaction that stores its analysis, and reading events, claims, conflicts and stories back.

The decisions (which event a mention joins, the merged best estimate) are wirewatch.events.merge's;
this module only finds candidates through indexes and writes the results.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, date, datetime

from ..errors import StoreError
from ..events.merge import (
    CONFLICT_KM,
    Candidate,
    EventKey,
    SourceFigures,
    actor_token,
    best_estimate,
    best_match,
    bounding_box,
    candidate_types,
    date_range,
    haversine_km,
    key_range,
    precise,
    search_range,
)
from ..nlp.records import Analysis, EventMention
from . import EventFilter, match_query

WORLD = (-90.0, 90.0, -180.0, 180.0)

EVENT_FIELDS = (
    "event_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
)
"""The event.schema.json fields of a merged event, besides id and sources, in export order."""

_SOURCE_SQL = (
    'SELECT s.event_id, s.article_id, s.mention, s.start, s."end", s.event_date AS source_date, '
    "s.date_precision AS source_precision, s.fatalities AS source_fatalities, s.fatalities_low AS source_low, "
    "s.fatalities_high AS source_high, s.injured AS source_injured, s.reported_as AS source_reported_as, "
    "s.published, m.*, a.url, a.rowid AS article_rowid "
    'FROM event_sources s JOIN event_mentions m ON m.article_id = s.article_id AND m."index" = s.mention '
    "JOIN articles a ON a.id = s.article_id"
)


CANDIDATE_SQL = (
    "SELECT e.*, (SELECT min(published) FROM event_sources WHERE event_id = e.id) AS first_published "
    "FROM events_box b CROSS JOIN events e ON e.rowid = b.id "
    "WHERE b.day_max >= ? AND b.day_min <= ? AND b.lat_max >= ? AND b.lat_min <= ? "
    "AND b.lon_max >= ? AND b.lon_min <= ? AND e.event_type = ?"
)
"""Stored events whose day range and box overlap the query's. CROSS JOIN makes SQLite start from the
R-tree: left to itself it starts from the event_type index, a scan of every event of that type."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _source_figures(row: sqlite3.Row) -> SourceFigures:
    return SourceFigures(
        article_id=row["article_id"],
        order=(row["published"] or "", row["article_rowid"]),
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        actor1=row["actor1"],
        actor1_id=row["actor1_id"],
        actor2=row["actor2"],
        actor2_id=row["actor2_id"],
        event_date=row["source_date"],
        date_precision=row["source_precision"],
        location=row["location"],
        admin2=row["admin2"],
        admin1=row["admin1"],
        country=row["country"],
        country_code=row["country_code"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        geo_precision=row["geo_precision"],
        fatalities=row["source_fatalities"],
        fatalities_low=row["source_low"],
        fatalities_high=row["source_high"],
        injured=row["source_injured"],
    )


def _source_record(row: sqlite3.Row) -> dict[str, object]:
    """One source as event.schema.json's sources[] item, with its article's publication date."""
    return {
        "article_id": row["article_id"],
        "url": row["url"],
        "published": row["published"],
        "evidence": row["text"],
        "start": row["start"],
        "end": row["end"],
        "event_date": row["source_date"],
        "date_precision": row["source_precision"],
        "fatalities": row["source_fatalities"],
        "fatalities_low": row["source_low"],
        "fatalities_high": row["source_high"],
        "injured": row["source_injured"],
        "reported_as": row["source_reported_as"],
        "actor1": row["actor1"],
        "location": row["location"],
        "admin1": row["admin1"],
        "country": row["country"],
    }


class SQLiteEvents:
    """Mixed into SQLiteStore: events, claims and stories."""

    conn: sqlite3.Connection
    NO_LIMIT: int | None
    _bad_query: type[Exception]
    _candidate_sql: str = CANDIDATE_SQL

    def _paged(self, sql: str, params: list[object], limit: int | None, offset: int) -> str:
        """``sql`` with LIMIT/OFFSET for one page (its values appended to ``params``); as it is for all rows."""
        if limit is None and not offset:
            return sql
        params += [self.NO_LIMIT if limit is None else limit, offset]
        return sql + " LIMIT ? OFFSET ?"

    # -- writing, inside add_analysis's transaction ------------------------------------------------

    def _merge_events(self, article_id: str, analysis: Analysis) -> None:
        """Take the article's old sources off their events, then merge each new mention into an
        event (or start one). Runs inside the caller's transaction, after event_mentions are written."""
        conn = self.conn
        old = [
            r[0]
            for r in conn.execute("SELECT DISTINCT event_id FROM event_sources WHERE article_id = ?", (article_id,))
        ]
        conn.execute("DELETE FROM event_sources WHERE article_id = ?", (article_id,))
        for event_id in old:
            self._refresh_event(event_id)
        row = conn.execute("SELECT published FROM articles WHERE id = ?", (article_id,)).fetchone()
        published = row[0] if row else None
        mentions = sorted(analysis.events, key=lambda m: m.index)
        lead = mentions[0].index if mentions else None
        for mention in mentions:
            key = EventKey.from_fields(vars(mention), evidence=mention.text, published=published)
            match = best_match(key, article_id, self._candidates(key))
            event_id = match.id if match is not None else self._new_event(article_id, mention)
            conn.execute(
                'INSERT INTO event_sources (event_id, article_id, mention, start, "end", event_date, date_precision, '
                "fatalities, fatalities_low, fatalities_high, injured, reported_as, published) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event_id,
                    article_id,
                    mention.index,
                    mention.start,
                    mention.end,
                    mention.event_date,
                    mention.date_precision,
                    mention.fatalities,
                    mention.fatalities_low,
                    mention.fatalities_high,
                    mention.injured,
                    mention.reported_as,
                    published,
                ),
            )
            self._refresh_event(event_id)
            if mention.index == lead and match is not None:
                # Articles whose lead event is this one tell one story; a background mention ("In March,
                # a bomber ...") does not tie two stories together.
                # Once united with one article of a story, the rest of that story is in ours too: one
                # _unite per story, not per article (a big event has hundreds of sources).
                stories: set[str | None] = set()
                for other, story in conn.execute(
                    "SELECT s.article_id, t.story_id FROM event_sources s "
                    "LEFT JOIN article_stories t ON t.article_id = s.article_id "
                    "WHERE s.event_id = ? AND s.article_id != ? AND "
                    's.mention = (SELECT min("index") FROM event_mentions WHERE article_id = s.article_id)',
                    (event_id, article_id),
                ).fetchall():
                    if story not in stories:
                        stories.add(story)
                        self._unite(article_id, other)

    def _candidates(self, key: EventKey) -> list[Candidate]:
        """Stored events near the mention in days and place, of its type: an R-tree query."""
        days = search_range(key)
        if days is None:
            return []
        box = bounding_box(key.latitude, key.longitude) if precise(key) else WORLD  # type: ignore[arg-type]
        sql = self._candidate_sql
        if key.country:
            sql += " AND (e.country IS NULL OR e.country = ? COLLATE NOCASE)"
        rows = []
        # one index query per event type the mention may join (two more only for a named perpetrator's
        # assault, which other reports may type differently)
        for event_type in candidate_types(key):
            params: list[object] = [days[0], days[1], box[0], box[1], box[2], box[3], event_type]
            if key.country:
                params.append(key.country)
            rows.extend(self.conn.execute(sql, params).fetchall())
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        articles: dict[str, set[str]] = defaultdict(set)
        evidence: dict[str, list[str]] = defaultdict(list)
        marks = ", ".join("?" * len(ids))
        for event_id, aid, text in self.conn.execute(
            "SELECT s.event_id, s.article_id, m.text FROM event_sources s JOIN event_mentions m "
            f'ON m.article_id = s.article_id AND m."index" = s.mention WHERE s.event_id IN ({marks})',
            ids,
        ):
            articles[event_id].add(aid)
            evidence[event_id].append(text)
        return [
            Candidate(
                id=r["id"],
                key=EventKey.from_fields(r, evidence=(evidence[r["id"]] or [""])[0], published=r["first_published"]),
                articles=frozenset(articles[r["id"]]),
                evidence=tuple(evidence[r["id"]]),
            )
            for r in rows
        ]

    def _new_event(self, article_id: str, mention: EventMention) -> str:
        """A new event row with a stable id: a short hash of its first source."""
        basis = f"{article_id}:{mention.index}:{mention.start}"
        for attempt in range(100):
            digest = hashlib.sha1(f"{basis}:{attempt}".encode() if attempt else basis.encode()).hexdigest()[:12]
            event_id = f"evt-{digest}"
            if self.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is None:
                break
        self.conn.execute(
            "INSERT INTO events (id, event_type, updated_at) VALUES (?, ?, ?)", (event_id, mention.event_type, _now())
        )
        return event_id

    def _refresh_event(self, event_id: str) -> None:
        """Recompute an event's best estimate from its sources; delete it when none is left."""
        conn = self.conn
        rows = conn.execute(_SOURCE_SQL + " WHERE s.event_id = ?", (event_id,)).fetchall()
        rowid = conn.execute("SELECT rowid FROM events WHERE id = ?", (event_id,)).fetchone()
        if rowid is None:
            return
        if not rows:
            conn.execute("DELETE FROM events_box WHERE id = ?", (rowid[0],))
            conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
            return
        fields = best_estimate([_source_figures(r) for r in rows])
        first_published = min((r["published"] for r in rows if r["published"]), default=None)
        key = EventKey.from_fields(fields, published=first_published)
        days = key_range(key)
        names = list(fields)
        conn.execute(
            f"UPDATE events SET {', '.join(f'{n} = ?' for n in names)}, day_first = ?, day_last = ?, updated_at = ? "
            "WHERE id = ?",
            [*fields.values(), days[0] if days else None, days[1] if days else None, _now(), event_id],
        )
        if days is None:
            # No date and no publication date: never a candidate, found only by listing.
            conn.execute("DELETE FROM events_box WHERE id = ?", (rowid[0],))
            return
        if precise(key):
            lat, lon = float(key.latitude), float(key.longitude)  # type: ignore[arg-type]
            box = (lat, lat, lon, lon)
        else:
            box = WORLD
        conn.execute(
            "INSERT OR REPLACE INTO events_box (id, day_min, day_max, lat_min, lat_max, lon_min, lon_max) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rowid[0], days[0], days[1], *box),
        )

    def _event_text_clause(self, text: str) -> tuple[str, object]:
        return fts_event_text(text)

    # -- stories -------------------------------------------------------------------------------

    def story_of(self, article_id: str) -> str | None:
        """The story id of a stored article (the id of the story's first article)."""
        row = self.conn.execute("SELECT story_id FROM article_stories WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def _unite(self, a: str, b: str) -> None:
        """Put two articles' stories together; the older story's id is kept."""
        sa, sb = self.story_of(a), self.story_of(b)
        if sa is None or sb is None or sa == sb:
            return
        ranks = dict(self.conn.execute("SELECT id, rowid FROM articles WHERE id IN (?, ?)", (sa, sb)).fetchall())
        keep, drop = (sa, sb) if ranks.get(sa, 0) <= ranks.get(sb, 0) else (sb, sa)
        self.conn.execute("UPDATE article_stories SET story_id = ? WHERE story_id = ?", (keep, drop))

    def _link_story(self, article_id: str, url: str | None, related: Iterable[str]) -> None:
        """File a stored article in its story: its own, united with every stored article it links to as
        related, that links to it, or whose syndicated copy it links to."""
        conn = self.conn
        conn.execute(
            "INSERT OR IGNORE INTO article_stories (article_id, story_id) VALUES (?, ?)", (article_id, article_id)
        )
        urls = sorted({u for u in related if u})
        conn.execute("DELETE FROM related_links WHERE article_id = ?", (article_id,))
        conn.executemany("INSERT INTO related_links (article_id, url) VALUES (?, ?)", [(article_id, u) for u in urls])
        linked: set[str] = set()
        if urls:
            marks = ", ".join("?" * len(urls))
            linked |= {r[0] for r in conn.execute(f"SELECT id FROM articles WHERE url IN ({marks})", urls)}
            linked |= {
                r[0] for r in conn.execute(f"SELECT duplicate_of FROM near_duplicates WHERE url IN ({marks})", urls)
            }
        if url:
            linked |= {r[0] for r in conn.execute("SELECT article_id FROM related_links WHERE url = ?", (url,))}
        for other in sorted(linked - {article_id}):
            self._unite(article_id, other)

    def _link_copy_story(self, original: str, url: str | None) -> None:
        """A syndicated copy arrived under ``url``: stored articles linking to it join the original's story."""
        if url:
            for (other,) in self.conn.execute("SELECT article_id FROM related_links WHERE url = ?", (url,)).fetchall():
                self._unite(original, other)

    def stories(self, *, min_size: int = 2, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, object]]:
        """Stories of at least ``min_size`` reports (articles plus their syndicated copies), latest first."""
        sql = (
            "SELECT story_id FROM (SELECT s.story_id, count(*) AS articles, max(a.published) AS latest, "
            "(SELECT count(*) FROM near_duplicates n JOIN article_stories t ON t.article_id = n.duplicate_of "
            "WHERE t.story_id = s.story_id) AS copies "
            "FROM article_stories s JOIN articles a ON a.id = s.article_id GROUP BY s.story_id) AS sized "
            "WHERE articles + copies >= ? ORDER BY latest IS NULL, latest DESC, story_id"
        )
        params: list[object] = [min_size]
        sql = self._paged(sql, params, limit, offset)
        for row in self.conn.execute(sql, params).fetchall():
            yield self._story_record(row["story_id"])

    def _story_record(self, story_id: str) -> dict[str, object]:
        conn = self.conn
        articles = [
            dict(r)
            for r in conn.execute(
                "SELECT a.id, a.url, a.title, a.published FROM article_stories s "
                "JOIN articles a ON a.id = s.article_id "
                "WHERE s.story_id = ? ORDER BY a.published IS NULL, a.published, a.rowid",
                (story_id,),
            )
        ]
        ids = [a["id"] for a in articles]
        marks = ", ".join("?" * len(ids))
        copies = [
            dict(r)
            for r in conn.execute(
                f"SELECT url, title, duplicate_of, similarity FROM near_duplicates WHERE duplicate_of IN ({marks}) "
                "ORDER BY id",
                ids,
            )
        ]
        events = [
            r[0]
            for r in conn.execute(
                f"SELECT event_id FROM event_sources WHERE article_id IN ({marks}) GROUP BY event_id "
                "ORDER BY count(DISTINCT article_id) DESC, min(rowid)",
                ids,
            )
        ]
        return {"id": story_id, "articles": articles, "copies": copies, "events": events}

    # -- reading events ------------------------------------------------------------------------

    def events(
        self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[dict[str, object]]:
        """Merged events as event.schema.json records (each with all its sources), latest first."""
        where, params = _event_where(flt or EventFilter(), text=self._event_text_clause)
        # Undated events last: NULL sorts below every day, so a backward walk of events_day (whose entries end
        # in the rowid) gives this order without sorting, and a page stops after its rows.
        sql = "SELECT e.* FROM events e" + where + " ORDER BY e.day_first DESC NULLS LAST, e.rowid DESC"
        sql = self._paged(sql, params, limit, offset)
        yield from self._with_sources(self._read_events(sql, params, flt).fetchall())

    def _with_sources(self, rows: list[sqlite3.Row]) -> Iterator[dict[str, object]]:
        """Event records for event rows, their sources read for a block of 500 events at once rather than
        one query per event."""
        for start in range(0, len(rows), 500):
            block = rows[start : start + 500]
            sources = self._sources_of([r["id"] for r in block])
            for row in block:
                yield _event_record(row, sources.get(row["id"], []))

    def _read_events(self, sql: str, params: list[object], flt: EventFilter | None) -> sqlite3.Cursor:
        """Run a read of events; a text filter FTS5 cannot parse is the caller's error, said in one line."""
        try:
            return self.conn.execute(sql, params)
        except self._bad_query as e:
            # FTS5's parse errors have no code of their own ("fts5: syntax error near ...", "unterminated
            # string", "no such column: x"); what is not one of them is the database's own trouble.
            if flt is not None and flt.text and not any(w in str(e) for w in ("locked", "no such table", "disk")):
                raise StoreError(f"bad text filter {flt.text!r}: {e} (quote phrases with double quotes)") from e
            raise

    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many merged events the filter selects."""
        where, params = _event_where(flt or EventFilter(), text=self._event_text_clause)
        return int(self._read_events("SELECT count(*) FROM events e" + where, params, flt).fetchone()[0])

    def event_points(self, flt: EventFilter | None = None, *, limit: int = 5000) -> list[dict[str, object]]:
        """Placed events for a map, light records (no sources), deadliest first, at most ``limit``."""
        where, params = _event_where(flt or EventFilter(), text=self._event_text_clause)
        where += (" AND " if where else " WHERE ") + "e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
        # Sources are counted for the points sent only: in the outer query, after the limit.
        sql = (
            "SELECT p.*, (SELECT count(DISTINCT article_id) FROM event_sources WHERE event_id = p.id) AS sources "
            "FROM (SELECT e.id, e.event_date, e.event_type, e.sub_event_type, e.actor1, e.actor2, e.location, "
            "e.admin1, e.country, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.fatalities_low, "
            "e.fatalities_high, coalesce(e.fatalities, e.fatalities_high, 0) AS _killed, e.rowid AS _row "
            "FROM events e" + where + " ORDER BY coalesce(e.fatalities, e.fatalities_high, 0) DESC, e.rowid DESC "
            "LIMIT ?) p ORDER BY p._killed DESC, p._row DESC"
        )
        points = [dict(r) for r in self._read_events(sql, [*params, limit], flt)]
        for point in points:
            del point["_killed"], point["_row"]
        return points

    def event_timeline(self, flt: EventFilter | None = None) -> list[dict[str, object]]:
        """Events and fatalities per week (weeks start on Monday) and event type, oldest week first.
        An event dated only to a month counts in the week its month starts."""
        where, params = _event_where(flt or EventFilter(), text=self._event_text_clause)
        where += (" AND " if where else " WHERE ") + "e.day_first IS NOT NULL"
        sql = (
            "SELECT e.day_first - ((e.day_first - 1) % 7) AS week, e.event_type, count(*) AS events, "
            "sum(coalesce(e.fatalities, e.fatalities_high, 0)) AS fatalities "
            "FROM events e" + where + " GROUP BY week, e.event_type ORDER BY week, e.event_type"
        )
        return [
            {
                "week": date.fromordinal(r["week"]).isoformat(),
                "event_type": r["event_type"],
                "events": r["events"],
                "fatalities": r["fatalities"],
            }
            for r in self._read_events(sql, params, flt)
        ]

    def event(self, event_id: str) -> dict[str, object] | None:
        """One merged event with all its sources, None when there is no such event."""
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event_record(row, self._sources_of([event_id]).get(event_id, [])) if row else None

    def article_events(self, article_id: str) -> dict[int, str]:
        """The merged event each of an article's event mentions went into: mention index -> event id."""
        return {
            int(r["mention"]): str(r["event_id"])
            for r in self.conn.execute(
                "SELECT mention, event_id FROM event_sources WHERE article_id = ?", (article_id,)
            )
        }

    def _sources_of(self, event_ids: list[str]) -> dict[str, list[dict[str, object]]]:
        """Each event's sources, oldest publication first."""
        found: dict[str, list[dict[str, object]]] = defaultdict(list)
        if not event_ids:
            return found
        marks = ", ".join("?" * len(event_ids))
        for s in self.conn.execute(
            _SOURCE_SQL + f" WHERE s.event_id IN ({marks}) "
            "ORDER BY s.event_id, s.published IS NULL, s.published, a.rowid, s.mention",
            event_ids,
        ):
            found[s["event_id"]].append(_source_record(s))
        return found

    # -- claims --------------------------------------------------------------------------------

    def claims(
        self,
        *,
        actor: str | None = None,
        stance: str | None = None,
        event_id: str | None = None,
        hedged: bool | None = None,
        claimant_id: str | None = None,
        about: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, object]]:
        """Claims as claim.schema.json records, by article then position; event_id is the merged event
        of the mention the claim is about. ``actor``: claimant id or part of its name; ``claimant_id``:
        that id exactly; ``about``: an actor id that is actor1 or actor2 of the claim's event, the
        claims it made itself left out."""
        where: list[str] = []
        params: list[object] = []
        if actor:
            where.append("(c.claimant_id = ? COLLATE NOCASE OR c.claimant LIKE ?)")
            params += [actor, f"%{actor}%"]
        if claimant_id:
            where.append("c.claimant_id = ?")
            params.append(claimant_id)
        if about:
            where.append(
                "s.event_id IN (SELECT id FROM events WHERE actor1_id = ? UNION SELECT id FROM events "
                "WHERE actor2_id = ?) AND c.claimant_id IS NOT ?"
            )
            params += [about, about, about]
        if stance:
            where.append("c.stance = ?")
            params.append(stance)
        if event_id:
            where.append("s.event_id = ?")
            params.append(event_id)
        if hedged is not None:
            where.append("c.hedged = ?")
            params.append(int(hedged))
        sql = (
            "SELECT c.*, a.url, s.event_id FROM claim_mentions c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN event_sources s ON s.article_id = c.article_id AND s.mention = c.event_index"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.rowid, c.start"
        sql = self._paged(sql, params, limit, offset)
        for row in self.conn.execute(sql, params):
            yield _claim_record(row)

    def claim_events(self, event_ids: Iterable[str]) -> dict[str, dict[str, object]]:
        """The headline of each event claims are about (type, date, place, actors), by event id; no sources."""
        ids = sorted(set(event_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        return {
            r["id"]: dict(r)
            for r in self.conn.execute(
                "SELECT id, event_type, sub_event_type, event_date, location, admin1, country, actor1, actor1_id, "
                f"actor2, actor2_id, fatalities FROM events WHERE id IN ({marks})",
                ids,
            )
        }

    def claim_details(self, claim_ids: Iterable[str]) -> dict[str, dict[str, object]]:
        """What the claims board shows besides a claim record: the hedge words, the claimant's id, the
        cue, and the article's title and date, by claim id."""
        wanted = set(claim_ids)
        found: dict[str, dict[str, object]] = {}
        articles = sorted({i.rsplit(":c", 1)[0] for i in wanted if ":c" in i})
        if not articles:
            return found
        marks = ", ".join("?" * len(articles))
        for row in self.conn.execute(
            "SELECT c.article_id, c.start, c.hedge, c.claimant_id, c.cue, a.title, a.published "
            f"FROM claim_mentions c JOIN articles a ON a.id = c.article_id WHERE c.article_id IN ({marks})",
            articles,
        ):
            claim_id = f"{row['article_id']}:c{row['start']}"
            if claim_id in wanted:
                found[claim_id] = {k: row[k] for k in ("hedge", "claimant_id", "cue", "title", "published")}
        return found

    # -- conflicts -----------------------------------------------------------------------------

    def conflicts(
        self,
        *,
        kind: str | None = None,
        exclude: Collection[str] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, object]]:
        """Events whose sources disagree (fatalities, day, place, perpetrator), and claims about one
        event that contradict each other; each side with its sources. ``kind``: only that kind
        ("fatalities", "date", "place", "perpetrator" or "claims"); ``exclude``: not those kinds;
        ``offset``: skip that many."""

        def wanted(found_kind: str) -> bool:
            return (kind is None or found_kind == kind) and found_kind not in exclude

        want = None if limit is None else offset + limit
        conn = self.conn
        found: list[dict[str, object]] = []
        multi = (
            []
            if kind == "claims"
            else [
                r[0]
                for r in conn.execute(
                    "SELECT event_id FROM event_sources GROUP BY event_id HAVING count(DISTINCT article_id) > 1 "
                    "ORDER BY min(rowid)"
                )
            ]
        )
        for event_id in multi:
            rows = conn.execute(
                _SOURCE_SQL + " WHERE s.event_id = ? ORDER BY s.published NULLS FIRST, a.rowid", (event_id,)
            ).fetchall()
            for found_kind, sides in _source_disagreements(rows):
                if wanted(found_kind):
                    found.append(self._conflict(event_id, found_kind, sides))
            if want is not None and len(found) >= want:
                return found[offset:want]  # the first ones are all that was asked for: no need to read every claim
        if not wanted("claims"):
            return found[offset:want]
        by_event: dict[str, list[dict[str, object]]] = defaultdict(list)
        for claim in self.claims():
            if claim["event_id"]:
                by_event[str(claim["event_id"])].append(claim)
        for event_id, claims in by_event.items():
            conflict = self._claims_conflict(event_id, claims)
            if conflict is not None:
                found.append(conflict)
        return found[offset:want]

    def conflicts_of(self, event_id: str) -> list[dict[str, object]]:
        """One event's conflicts, as conflicts() gives them, read through that event's rows only."""
        rows = self.conn.execute(
            _SOURCE_SQL + " WHERE s.event_id = ? ORDER BY s.published NULLS FIRST, a.rowid", (event_id,)
        ).fetchall()
        found = [self._conflict(event_id, kind, sides) for kind, sides in _source_disagreements(rows)]
        conflict = self._claims_conflict(event_id, list(self.claims(event_id=event_id)))
        if conflict is not None:
            found.append(conflict)
        return found

    def _claims_conflict(self, event_id: str, claims: list[dict[str, object]]) -> dict[str, object] | None:
        """The contradiction among one event's claims (a denial against an assertion or a claim of
        responsibility), or None when they agree."""
        stances = {c["stance"] for c in claims}
        if "denies" not in stances or not stances & {"claims_responsibility", "asserts"}:
            return None
        sides: dict[object, list[dict[str, object]]] = defaultdict(list)
        for c in claims:
            if c["stance"] in ("denies", "claims_responsibility", "asserts"):
                sides[c["stance"]].append(
                    {k: c[k] for k in ("id", "article_id", "url", "claimant", "claim", "hedged", "via")}
                )
        return self._conflict(event_id, "claims", sides)

    def _conflict(self, event_id: str, kind: str, sides: dict[object, list[dict[str, object]]]) -> dict[str, object]:
        row = self.conn.execute(
            "SELECT event_type, sub_event_type, event_date, location, admin1, country FROM events WHERE id = ?",
            (event_id,),
        ).fetchone()
        return {
            "event_id": event_id,
            "kind": kind,
            **(dict(row) if row else {}),
            "sides": [{"value": value, "sources": sources} for value, sources in sides.items()],
        }

    # -- actors --------------------------------------------------------------------------------

    def actor_mentions(self, actor_id: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, object]]:
        """Where an actor is named, newest article first: article, the words as written, offsets, and
        how the words were resolved to the actor (method, score and the resolver's explanation)."""
        sql = (
            'SELECT m.article_id, a.title, a.url, a.published, m.text, m.start, m."end", m.method, m.score, m.how '
            "FROM actor_mentions m JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? "
            "ORDER BY a.published IS NULL, a.published DESC, a.rowid DESC, m.start"
        )
        params: list[object] = [actor_id]
        sql = self._paged(sql, params, limit, offset)
        return [dict(r) for r in self.conn.execute(sql, params)]

    def actor_mention_counts(self) -> dict[str, int]:
        """Mentions per resolved actor id (one pass over the actor index)."""
        return dict(
            self.conn.execute(
                "SELECT actor_id, count(*) FROM actor_mentions WHERE actor_id IS NOT NULL GROUP BY actor_id"
            ).fetchall()
        )

    def actor_written(self, actor_id: str) -> list[dict[str, object]]:
        """The words the articles use for an actor, most used first, with how often and in how many articles."""
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT text, count(*) AS mentions, count(DISTINCT article_id) AS articles FROM actor_mentions "
                "WHERE actor_id = ? GROUP BY text ORDER BY mentions DESC, text",
                (actor_id,),
            )
        ]

    def actor_event_months(self, actor_id: str) -> list[dict[str, object]]:
        """Events per month with the actor as actor1 (perpetrator) and as actor2 (target), oldest first;
        events dated only to a year count under "YYYY", undated ones are left out."""
        return [
            dict(r)
            for r in self.conn.execute(
                # CASE rather than sum(actor1_id = ?): the same values (NULL stays NULL), in both dialects.
                "SELECT substr(event_date, 1, 7) AS month, "
                "sum(CASE WHEN actor1_id = ? THEN 1 WHEN actor1_id IS NOT NULL THEN 0 END) AS as_actor1, "
                "sum(CASE WHEN actor2_id = ? THEN 1 WHEN actor2_id IS NOT NULL THEN 0 END) AS as_actor2 FROM events "
                "WHERE id IN (SELECT id FROM events WHERE actor1_id = ? "
                "UNION SELECT id FROM events WHERE actor2_id = ?) "
                "AND event_date IS NOT NULL GROUP BY month ORDER BY month",
                (actor_id, actor_id, actor_id, actor_id),
            )
        ]

    def co_actors(self, actor_id: str, *, limit: int = 20) -> list[dict[str, object]]:
        """The actors named in the same articles as ``actor_id``, by how many articles they share."""
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT o.actor_id, min(o.name) AS name, min(o.type) AS type, "
                "count(DISTINCT o.article_id) AS articles FROM actor_mentions o "
                "WHERE o.article_id IN (SELECT article_id FROM actor_mentions WHERE actor_id = ?) "
                "AND o.actor_id IS NOT NULL AND o.actor_id != ? "
                "GROUP BY o.actor_id ORDER BY articles DESC, o.actor_id LIMIT ?",
                (actor_id, actor_id, limit),
            )
        ]

    # -- alerts (wirewatch/alerts) -------------------------------------------------------------------

    def event_change_mark(self) -> int:
        """The number of the latest event change (migration 0007): events changed after it have higher ones."""
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM event_changes").fetchone()[0])

    def changed_events(self, *, after: int | None = None, since: str | None = None) -> Iterator[dict[str, object]]:
        """Events (event.schema.json records) whose latest change is numbered above ``after`` and was made
        on or after ``since`` (an ISO date or time, UTC), in the order they changed; no bound: every event."""
        where: list[str] = []
        params: list[object] = []
        if after is not None:
            where.append("c.seq > ?")
            params.append(after)
        if since is not None:
            where.append("c.changed_at >= ?")
            params.append(since)
        sql = "SELECT e.* FROM event_changes c JOIN events e ON e.id = c.event_id"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.seq"
        yield from self._with_sources(self.conn.execute(sql, params).fetchall())

    def claim_alert(self, watchlist: str, event_id: str, fingerprint: str) -> tuple[int, str, str | None] | None:
        """Decide, atomically, whether a watchlist alerts on an event with these figures: None when its
        latest alert had the same ones; else (alert id, "new" or "update", the previous fingerprint),
        the alert recorded so that no other run sends it again."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute(
                "SELECT fingerprint FROM alerts_sent WHERE watchlist = ? AND event_id = ? ORDER BY id DESC LIMIT 1",
                (watchlist, event_id),
            ).fetchone()
            if row is not None and row[0] == fingerprint:
                conn.execute("COMMIT")
                return None
            kind = "new" if row is None else "update"
            alert_id = conn.execute(
                "INSERT INTO alerts_sent (watchlist, event_id, kind, fingerprint, sent_at) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                (watchlist, event_id, kind, fingerprint, _now()),
            ).fetchone()[0]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(alert_id), kind, None if row is None else str(row[0])

    def alert_delivered(self, alert_id: int, *, delivered: Iterable[str], failed: Iterable[str]) -> None:
        """Note which targets took an alert and which did not."""
        self.conn.execute(
            "UPDATE alerts_sent SET delivered = ?, failed = ? WHERE id = ?",
            (" ".join(delivered), " ".join(failed), alert_id),
        )

    def alerts(
        self, *, watchlist: str | None = None, event_id: str | None = None, limit: int | None = None
    ) -> list[dict[str, object]]:
        """Alerts decided, oldest first: watchlist, event, kind, figures, when, and which targets took them."""
        where: list[str] = []
        params: list[object] = []
        if watchlist is not None:
            where.append("watchlist = ?")
            params.append(watchlist)
        if event_id is not None:
            where.append("event_id = ?")
            params.append(event_id)
        sql = "SELECT * FROM alerts_sent" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [dict(r) for r in self.conn.execute(sql, params)]


def fts_event_text(text: str) -> tuple[str, object]:
    """The condition on events ``e`` whose sources' evidence matches what a person typed, and its parameter."""
    return (
        "e.id IN (SELECT s.event_id FROM event_mentions_fts f CROSS JOIN event_mentions m ON m.id = f.rowid "
        'CROSS JOIN event_sources s ON s.article_id = m.article_id AND s.mention = m."index" '
        "WHERE event_mentions_fts MATCH ?)",
        match_query(text),
    )


def _event_where(
    flt: EventFilter, *, text: Callable[[str], tuple[str, object]] = fts_event_text
) -> tuple[str, list[object]]:
    """The WHERE clause (with its leading space, or empty) and parameters of an event filter."""
    where: list[str] = []
    params: list[object] = []
    if flt.since:
        found = date_range(flt.since, None)
        if found:
            where.append("e.day_last >= ?")
            params.append(found[0])
    if flt.until:
        found = date_range(flt.until, None)
        if found:
            where.append("e.day_first <= ?")
            params.append(found[1])
    if flt.event_type:
        where.append("e.event_type = ? COLLATE NOCASE")
        params.append(flt.event_type)
    if flt.sub_event_type:
        where.append("e.sub_event_type = ? COLLATE NOCASE")
        params.append(flt.sub_event_type)
    if flt.actor:
        where.append(
            "(e.actor1_id = ? COLLATE NOCASE OR e.actor2_id = ? COLLATE NOCASE OR e.actor1 LIKE ? OR e.actor2 LIKE ?)"
        )
        params += [flt.actor, flt.actor, f"%{flt.actor}%", f"%{flt.actor}%"]
    if flt.country:
        where.append("(e.country = ? COLLATE NOCASE OR e.country_code = ? COLLATE NOCASE)")
        params += [flt.country, flt.country]
    if flt.admin1:
        where.append("e.admin1 = ? COLLATE NOCASE")
        params.append(flt.admin1)
    if flt.min_fatalities is not None:
        where.append("coalesce(e.fatalities, e.fatalities_high) >= ?")
        params.append(flt.min_fatalities)
    if flt.bbox is not None:
        south, west, north, east = flt.bbox
        where.append("e.latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            where.append("e.longitude BETWEEN ? AND ?")
            params += [west, east]
        else:  # the box crosses the antimeridian
            where.append("(e.longitude >= ? OR e.longitude <= ?)")
            params += [west, east]
    if flt.text:
        clause, param = text(flt.text)
        where.append(clause)
        params.append(param)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _event_record(row: sqlite3.Row, sources: list[dict[str, object]]) -> dict[str, object]:
    return {
        "id": row["id"],
        **{name: row[name] for name in EVENT_FIELDS},
        "actor1_id": row["actor1_id"],
        "actor2_id": row["actor2_id"],
        "sources": sources,
    }


def _claim_record(row: sqlite3.Row) -> dict[str, object]:
    return {
        "id": f"{row['article_id']}:c{row['start']}",
        "article_id": row["article_id"],
        "url": row["url"],
        "claimant": row["claimant"],
        "claim": row["text"],
        "stance": row["stance"],
        "hedged": bool(row["hedged"]),
        "via": row["via"],
        "event_id": row["event_id"],
        "start": row["start"],
        "end": row["end"],
    }


def _source_disagreements(rows: list[sqlite3.Row]) -> Iterator[tuple[str, dict[object, list[dict[str, object]]]]]:
    """(kind, {value: sources}) for every way the sources of one event disagree."""
    figures: dict[object, list[dict[str, object]]] = defaultdict(list)
    days: dict[object, list[dict[str, object]]] = defaultdict(list)
    admin1s: dict[object, list[dict[str, object]]] = defaultdict(list)
    actors: dict[object, list[dict[str, object]]] = defaultdict(list)
    named: dict[str, str] = {}
    """Perpetrator token -> the name first written for it."""
    for row in rows:
        record = _source_record(row)
        if row["source_fatalities"] is not None:
            figures[row["source_fatalities"]].append(record)
        elif row["source_low"] is not None or row["source_high"] is not None:
            figures[f"{row['source_low']}-{row['source_high']}"].append(record)
        if row["source_date"] and (row["source_precision"] or "day") == "day":
            days[row["source_date"]].append(record)
        if row["admin1"]:
            admin1s[row["admin1"]].append(record)
        token = actor_token(_source_figures(row))
        if token is not None:
            actors[named.setdefault(token, row["actor1"])].append(record)
    if len(figures) > 1:
        yield "fatalities", figures
    if len(days) > 1:
        yield "date", days
    if len({str(k).casefold() for k in admin1s}) > 1:
        yield "place", admin1s
    else:
        placed = [
            r
            for r in rows
            if r["latitude"] is not None and r["longitude"] is not None and r["geo_precision"] in (1, 2, None)
        ]
        far = any(
            haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"]) > CONFLICT_KM
            for i, a in enumerate(placed)
            for b in placed[i + 1 :]
        )
        if far:
            places: dict[object, list[dict[str, object]]] = defaultdict(list)
            for r in placed:
                places[r["location"] or f"{r['latitude']:.3f},{r['longitude']:.3f}"].append(_source_record(r))
            yield "place", places
    if len(actors) > 1:
        yield "perpetrator", actors
