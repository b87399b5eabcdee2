"""Write speed of the PostgreSQL store against the SQLite store, on the workload of docs/postgres.md.

The workload: N distinct articles (different texts, so no near-duplicates), each stored with
add_article and then analysed with add_analysis holding one event mention, the same bombing in every
article, so that every mention merges into one event that grows to N sources: the worst case for
merging, which reads the event's candidates and recomputes its estimate from all its sources each time.
Article and analysis are each one transaction, as in an ingest. No language analysis runs: this
measures the store only.

PostgreSQL: the server at --db, else a throwaway one started with tests/pg.py (Debian's postgresql
package; fsync off). Each run gets a fresh schema, dropped afterwards. Also counts the statements
and round trips the PostgreSQL store makes per article.

Usage:
  python benchmarks/postgres_speed.py [--articles 300] [--db postgresql://...] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import distinct_text  # noqa: E402  (tests/, on the path above)

from wirewatch.models import Article  # noqa: E402
from wirewatch.nlp.records import Analysis, EventMention  # noqa: E402
from wirewatch.store import Store, open_store  # noqa: E402


def text(seed: int) -> str:
    """An article's text unlike any other seed's, about 160 words (the store tests' generator)."""
    return distinct_text(seed, 160)


def mention(seed: int) -> EventMention:
    """The Quetta station bombing as article ``seed`` reports it (its own toll, the same event)."""
    evidence = f"Report {seed}: a suicide bomber struck the railway station in Quetta, killing at least 26 people."
    return EventMention(
        text=evidence,
        start=0,
        end=len(evidence),
        index=0,
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        trigger="suicide bomber",
        actor1=None,
        actor1_id=None,
        actor2=None,
        actor2_id=None,
        event_date="2024-11-09",
        date_precision="day",
        location="Quetta",
        admin2="Quetta District",
        admin1="Balochistan",
        country="Pakistan",
        country_code="PK",
        latitude=30.18,
        longitude=67.0,
        geo_precision=1,
        fatalities=26 + seed % 7,
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        reported_as="asserted",
    )


def workload(store: Store, articles: int) -> float:
    """Store and analyse the articles; the seconds it took."""
    started = time.perf_counter()
    for n in range(articles):
        stored = store.add_article(
            Article(
                source="benchmark",
                url=f"https://wire.example/{n}",
                title=f"Quetta station bombing, report {n}",
                published="2024-11-09",
                author=None,
                language="en",
                text=text(n),
            )
        )
        assert stored.outcome == "new", stored
        store.add_analysis(stored.article_id, Analysis(events=(mention(n),)), version="benchmark")
    return time.perf_counter() - started


def check(store: Store, articles: int) -> None:
    events = list(store.events())
    assert len(events) == 1 and len(events[0]["sources"]) == articles, "the workload must merge into one event"  # type: ignore[arg-type]


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str]:
    """A fresh schema on the server at ``url``, else on a throwaway server."""
    import pg

    with contextlib.ExitStack() as stack:
        server = url or stack.enter_context(pg.throwaway_server())
        yield stack.enter_context(pg.fresh_schema(server))


class Counter:
    """Counts the statements a psycopg connection sends, and the round trips: outside pipeline mode every
    statement waits for the server (an executemany once, psycopg pipelines it); inside, only those whose
    rows are read and the COMMIT or ROLLBACK that ends the pipeline."""

    def __init__(self, raw: object) -> None:
        self.statements = 0
        self.round_trips = 0
        self._raw = raw

    def install(self) -> None:
        import psycopg

        conn = self._raw
        assert isinstance(conn, psycopg.Connection)
        cursor_class = conn.cursor_factory
        counter = self

        class Counting(cursor_class):  # type: ignore[misc, valid-type]
            def execute(self, query, params=None, **kw):  # type: ignore[no-untyped-def]
                counter.statements += 1
                text = str(query).lstrip().upper()
                # The write lock's SELECT is sent in the pipeline and its result never read.
                reads = text.startswith("SELECT") and "PG_ADVISORY_XACT_LOCK" not in text
                waits = reads or " RETURNING " in text or text in ("COMMIT", "ROLLBACK")
                if conn._pipeline is None or waits:
                    counter.round_trips += 1
                return super().execute(query, params, **kw)

            def executemany(self, query, params_seq, **kw):  # type: ignore[no-untyped-def]
                rows = list(params_seq)
                counter.statements += len(rows)
                if conn._pipeline is None:
                    counter.round_trips += 1
                return super().executemany(query, rows, **kw)

        conn.cursor_factory = Counting


def server_cpu(pid: int) -> float | None:
    """CPU seconds a local server process has used (Linux /proc), None when it cannot be read."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def run_postgres(url: str, articles: int, *, profile: bool) -> Row:
    store = open_store(url)
    try:
        raw = store.conn.raw  # type: ignore[attr-defined]
        pid = int(raw.execute("SELECT pg_backend_pid()").fetchone()[0])
        counter = Counter(raw)
        counter.install()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        server_before, client_before = server_cpu(pid), time.process_time()
        seconds = workload(store, articles)
        client, server_after = time.process_time() - client_before, server_cpu(pid)
        if profiler:
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        check(store, articles)
        server = None if server_before is None or server_after is None else server_after - server_before
        return Row("PostgreSQL", seconds, client, server, counter.statements / articles, counter.round_trips / articles)
    finally:
        store.close()


@dataclass(frozen=True)
class Row:
    backend: str
    seconds: float
    client_cpu: float
    server_cpu: float | None = None
    statements: float | None = None
    round_trips: float | None = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--db", help="a postgresql:// URL of a database where a schema may be created")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions for PostgreSQL")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args(argv)

    rows = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="ww-pgspeed-") as folder:
            store = open_store(str(Path(folder) / "speed.db"))
            try:
                cpu = time.process_time()
                seconds = workload(store, args.articles)
                cpu = time.process_time() - cpu
                check(store, args.articles)
            finally:
                store.close()
        rows.append(Row("SQLite file (WAL)", seconds, cpu))
    with postgres(args.db) as url:
        rows.append(run_postgres(url, args.articles, profile=args.profile))

    print(f"{args.articles} articles, each stored and analysed (one event, all merging into one)")
    print("| backend | time | rate | CPU: client + server | statements per article | round trips per article |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        used = f"{row.client_cpu:.1f} s" + ("" if row.server_cpu is None else f" + {row.server_cpu:.1f} s")
        counts = "" if row.statements is None else f"{row.statements:.0f}"
        trips = "" if row.round_trips is None else f"{row.round_trips:.0f}"
        rate = f"{args.articles / row.seconds:.0f} articles/s"
        print(f"| {row.backend} | {row.seconds:.1f} s | {rate} | {used} | {counts} | {trips} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
