"""The PostgreSQL store: the SQLite store's logic and SQL over a psycopg 3 connection.

SQLiteStore's statements are written in the part of SQL both databases share; what differs only in
spelling (placeholders, INSERT OR IGNORE/REPLACE, IS NOT, LIKE's case, group_concat) is rewritten by
``translate`` below, and what differs in substance is overridden here: migrations and their version,
full-text search (tsvector + GIN instead of FTS5), the events' candidate lookup (a GiST box instead of the
R-tree), the mention tables' columns, and write transactions.

Concurrent writers: every write transaction takes one advisory lock first, so writers run one after
another as they do on SQLite (BEGIN IMMEDIATE), while readers are never blocked. Two ingest processes
therefore never both store one article or both start one event, and near-duplicate detection sees every
article committed before it.

Round trips: a write transaction runs in psycopg's pipeline mode (see ``Connection``), and a few of
SQLiteStore's multi-read steps are done in one read here. ``StorePool`` keeps connections open for the
web app, which opens a store per request.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any

from ..errors import StoreError
from . import SearchHit
from .sqlite import SQLiteStore, migrations
from .tsquery import tsquery

WRITE_LOCK = 0x77697265
"""The advisory lock every write transaction holds ("wire"): one writer at a time per database."""

MIGRATION_LOCK = 0x77697266
"""Held while migrating, so two processes opening a new database do not both create its tables."""

ARTICLE_VECTOR = (
    "(setweight(to_tsvector('simple', coalesce(a.title, '')), 'A') || setweight(to_tsvector('simple', a.text), 'B'))"
)
"""Title and text of articles ``a`` as searched; the articles_fts index (migration 0001) is on this expression."""

EVIDENCE_VECTOR = "to_tsvector('simple', m.text)"
"""An event mention's evidence as searched; the event_mentions_fts index (migration 0006) is on it."""

RANK_WEIGHTS = "'{0.1, 0.2, 0.2, 1.0}'"
"""ts_rank's weights for D, C, B (text), A (title): a title word counts five times a text word, as the
SQLite store's bm25(articles_fts, 5.0, 1.0)."""

CANDIDATE_SQL = (
    "SELECT e.*, (SELECT min(published) FROM event_sources WHERE event_id = e.id) AS first_published "
    "FROM (SELECT ?::float8 AS d0, ?::float8 AS d1, ?::float8 AS s, ?::float8 AS n, ?::float8 AS w, "
    "?::float8 AS x) q CROSS JOIN events_box b JOIN events e ON e.rowid = b.id "
    "WHERE box(point(b.day_min, b.lat_min), point(b.day_max, b.lat_max)) && box(point(q.d0, q.s), point(q.d1, q.n)) "
    "AND b.lon_max >= q.w AND b.lon_min <= q.x AND e.event_type = ?"
)
"""SQLite's CANDIDATE_SQL with its parameters in the same order: days and latitudes through the GiST index
on events_box, then longitude."""

_UPSERT_KEYS = {"analyses": ("article_id",), "events_box": ("id",)}
"""The key each table that SQLiteStore writes with INSERT OR REPLACE is replaced on."""

_LITERAL = re.compile(r"('(?:[^']|'')*')")

_INSERT_OR = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO (\w+) \(([^)]*)\)", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """A statement of SQLiteStore's in PostgreSQL's spelling, for psycopg (``%s`` placeholders)."""
    found = _INSERT_OR.match(sql)
    if found:
        how, table, columns = found.groups()
        sql = f"INSERT INTO {table} ({columns})" + sql[found.end() :]
        if how.upper() == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        else:
            keys = _UPSERT_KEYS[table]
            names = [c.strip() for c in columns.split(",")]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in keys)
            sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    sql = re.sub(r"\bIS NOT \?", "IS DISTINCT FROM ?", sql)
    # SQLite's LIKE ignores case (of ASCII letters); PostgreSQL's does not.
    sql = re.sub(r"\bLIKE\b", "ILIKE", sql)
    sql = re.sub(r"\bgroup_concat\(DISTINCT (\w+)\)", r"string_agg(DISTINCT \1, ',')", sql)
    # A ? inside a string literal is a question mark, not a placeholder.
    parts = _LITERAL.split(sql.replace("%", "%%"))
    return "".join(part if part.startswith("'") else part.replace("?", "%s") for part in parts)


class Row:
    """A result row read like sqlite3.Row: by position, by column name (the first column of that name),
    keys(), and iterated as its values."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key]] if isinstance(key, str) else self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self._values) == (tuple(other) if isinstance(other, Row | tuple) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, (self._values[i] for i in self._index.values()), strict=True))!r})"


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    index: dict[str, int] = {}
    for position, column in enumerate(cursor.description or ()):
        index.setdefault(column.name, position)
    return lambda values: Row(index, values)


class Connection:
    """A psycopg connection that takes SQLiteStore's statements (see ``translate``).

    A write transaction (SQLite's BEGIN IMMEDIATE ... COMMIT) runs in psycopg's pipeline mode: statements
    whose results are not read (the inserts, updates and deletes) are sent without waiting for the
    server, so a transaction costs a round trip per read instead of one per statement. An error in a
    statement that was not waited for is raised at the latest by COMMIT, which then rolls back.
    """

    def __init__(self, conn: Any) -> None:
        self.raw = conn
        self._pipeline: AbstractContextManager[Any] | None = None

    def execute(self, sql: str, params: Sequence[object] | None = None) -> Any:
        if sql == "BEGIN IMMEDIATE":
            # SQLite's "a write transaction, waiting for the other writers": the store's write lock.
            self._pipeline = self.raw.pipeline()
            self._pipeline.__enter__()
            self.raw.execute("BEGIN")
            return self.raw.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        if sql in ("COMMIT", "ROLLBACK") and self._pipeline is not None:
            return self._end(sql)
        return self.raw.execute(translate(sql), _params(params or ()))

    def _end(self, sql: str) -> Any:
        """COMMIT or ROLLBACK the write transaction and leave pipeline mode. A COMMIT raises the first
        error of any statement in the transaction (which PostgreSQL then has rolled back); a ROLLBACK,
        the way out of an error, raises none. Either way no transaction is left open."""
        import psycopg

        pipeline, self._pipeline = self._pipeline, None
        assert pipeline is not None
        error: psycopg.Error | None = None
        cursor = None
        try:
            try:
                cursor = self.raw.execute(sql)
            except psycopg.Error as e:
                error = e
        finally:
            try:
                pipeline.__exit__(None, None, None)
            except psycopg.Error as e:
                error = error or e
            if self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                # A statement failed: the server skipped what followed it up to the pipeline's end, this
                # COMMIT or ROLLBACK too, and the transaction is still open (aborted).
                with contextlib.suppress(psycopg.Error):
                    self.raw.execute("ROLLBACK")
        if error is not None and sql == "COMMIT":
            raise error
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = [_params(r) for r in rows]
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

    def leave_pipeline(self) -> None:
        """Leave a write transaction's pipeline that was never ended (the connection is being let go)."""
        if self._pipeline is not None:
            pipeline, self._pipeline = self._pipeline, None
            with contextlib.suppress(Exception):
                pipeline.__exit__(None, None, None)

    def close(self) -> None:
        self.leave_pipeline()
        self.raw.close()


def connect(url: str) -> Any:
    """A psycopg connection in autocommit mode (transactions are begun explicitly, as on SQLite)."""
    try:
        import psycopg
    except ImportError as e:
        raise StoreError("the PostgreSQL store needs psycopg: pip install 'wirewatch[postgres]'") from e
    try:
        return psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    except psycopg.Error as e:
        reason = " ".join(str(e).split())  # psycopg's message runs over several lines; ours is one
        raise StoreError(f"cannot connect to {_redact(url)}: {reason}") from e


def _tsquery(query: str, what: str) -> str:
    try:
        return tsquery(query)
    except ValueError as e:
        raise StoreError(f"{what} {query!r}: {e} (quote phrases with double quotes)") from e


def _params(params: Iterable[object]) -> tuple[object, ...]:
    """Parameters as SQLite takes them: a bool is stored as 0 or 1 (the INTEGER flag columns)."""
    return tuple(int(v) if isinstance(v, bool) else v for v in params)


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStore(SQLiteStore):
    """The store in a PostgreSQL database, for several ingest workers writing at once or a database
    served to many readers. The same behaviour as SQLiteStore; see the module's docstring."""

    NO_LIMIT = None
    _candidate_sql = CANDIDATE_SQL

    def __init__(self, url: str, *, near_duplicate_threshold: float = 0.8, pool: StorePool | None = None) -> None:
        import psycopg

        self.path = _redact(url)
        self.near_duplicate_threshold = near_duplicate_threshold
        self._columns: dict[str, tuple[str, ...]] = {}
        self._bad_query = psycopg.errors.SyntaxError
        self._pool = pool
        if pool is not None:
            # The pool's database was migrated when the pool was made.
            self.conn = Connection(pool.getconn())  # type: ignore[assignment]
            return
        self.conn = Connection(connect(url))  # type: ignore[assignment]
        try:
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    # -- schema -------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        raw = self.conn.raw  # type: ignore[attr-defined]
        if raw.execute("SELECT to_regclass('wirewatch_schema')").fetchone()[0] is None:
            return 0
        return int(raw.execute("SELECT coalesce(max(version), 0) FROM wirewatch_schema").fetchone()[0])

    def migrate(self) -> None:
        """Apply, each in its own transaction, every migration newer than the database."""
        import psycopg

        raw = self.conn.raw  # type: ignore[attr-defined]
        for version, name, sql in migrations("postgres"):
            if version <= self.schema_version:
                continue
            try:
                with raw.transaction():
                    raw.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                    raw.execute("CREATE TABLE IF NOT EXISTS wirewatch_schema (version INTEGER NOT NULL)")
                    # Another process may have migrated while we waited for the lock.
                    if version <= self.schema_version:
                        continue
                    raw.execute(sql)
                    raw.execute("DELETE FROM wirewatch_schema")
                    raw.execute("INSERT INTO wirewatch_schema (version) VALUES (%s)", (version,))
            except psycopg.Error as e:
                raise StoreError(f"migration {name} failed on {self.path}: {str(e).strip()}") from e

    def _unite(self, a: str, b: str) -> None:
        """SQLiteStore's _unite (the older story's id is kept) with one read instead of three: each is a
        round trip here, and merging an event unites stories for most articles."""
        found = {
            r[0]: (r[1], r[2])
            for r in self.conn.execute(
                "SELECT s.article_id, s.story_id, coalesce(a.rowid, 0) FROM article_stories s "
                "LEFT JOIN articles a ON a.id = s.story_id WHERE s.article_id IN (?, ?)",
                (a, b),
            ).fetchall()
        }
        if a not in found or b not in found or found[a][0] == found[b][0]:
            return
        (sa, rank_a), (sb, rank_b) = found[a], found[b]
        keep, drop = (sa, sb) if rank_a <= rank_b else (sb, sa)
        self.conn.execute("UPDATE article_stories SET story_id = ? WHERE story_id = ?", (keep, drop))

    def _record_columns(self, table: str) -> tuple[str, ...]:
        """A mention table's columns after article_id (not its own generated key)."""
        if table not in self._columns:
            rows = self.conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? AND is_identity = 'NO' AND column_name != 'article_id' ORDER BY ordinal_position",
                (table,),
            ).fetchall()
            self._columns[table] = tuple(r[0] for r in rows)
        return self._columns[table]

    # -- full-text search ---------------------------------------------------------------------

    def _article_text_clause(self) -> str:
        return f"{ARTICLE_VECTOR} @@ to_tsquery('simple', ?)"

    def _article_text_param(self, query: str) -> object:
        return _tsquery(query, "bad search query")

    def _event_text_clause(self, text: str) -> tuple[str, object]:
        from . import match_query

        return (
            "e.id IN (SELECT s.event_id FROM event_mentions m JOIN event_sources s "
            f'ON s.article_id = m.article_id AND s.mention = m."index" '
            f"WHERE {EVIDENCE_VECTOR} @@ to_tsquery('simple', ?))",
            _tsquery(match_query(text), "bad text filter"),
        )

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over title and text, best match first, with a snippet of the text in which
        the matched words are between ``marks``."""
        # ts_headline's options are a list of name=value; a value is double-quoted so marks may hold any
        # character but a double quote.
        start, stop = (m.replace('"', "") for m in marks)
        options = (
            f'StartSel="{start}", StopSel="{stop}", MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=" ... "'
        )
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.url, a.published, ts_headline('simple', a.text, q, ?) AS snippet "
            f"FROM articles a, to_tsquery('simple', ?) q WHERE {ARTICLE_VECTOR} @@ q "
            f"ORDER BY ts_rank({RANK_WEIGHTS}, {ARTICLE_VECTOR}, q) DESC, a.rowid LIMIT ? OFFSET ?",
            (options, _tsquery(query, "bad search query"), limit, offset),
        ).fetchall()
        return [SearchHit(r["id"], r["title"], r["url"], r["published"], r["snippet"]) for r in rows]

    def close(self) -> None:
        if self._pool is None:
            self.conn.close()
            return
        self.conn.leave_pipeline()  # type: ignore[attr-defined]
        self._pool.putconn(self.conn.raw)  # type: ignore[attr-defined]

    def __enter__(self) -> PostgresStore:
        return self


POOL_SIZE = 8
"""Connections a pool keeps at most: the web app serves requests from a thread pool (40 threads by
default in Starlette), and a read holds its connection for milliseconds, so a few suffice; a request
that finds all in use waits for one."""

POOL_WAIT = 10.0
"""Seconds a request waits for a free connection before it fails with a StoreError."""


class StorePool:
    """Open connections to one PostgreSQL store, lent to a store per use (the web app's requests), so a
    request does not pay for a new connection, which costs a server process and a few milliseconds."""

    def __init__(self, url: str, *, size: int = POOL_SIZE) -> None:
        from psycopg_pool import ConnectionPool

        self.url = url
        PostgresStore(url).close()  # connects, and migrates a new database, once
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            kwargs={"autocommit": True, "row_factory": _row_factory},
            check=ConnectionPool.check_connection,  # a connection the server dropped is replaced, not lent
            timeout=POOL_WAIT,
            name="wirewatch",
            open=True,
        )

    def store(self) -> PostgresStore:
        """A store on a lent connection; closing the store gives the connection back."""
        return PostgresStore(self.url, pool=self)

    def getconn(self) -> Any:
        from psycopg_pool import PoolTimeout

        try:
            return self._pool.getconn()
        except PoolTimeout as e:
            raise StoreError(f"no connection to {_redact(self.url)} within {POOL_WAIT:.0f} s: {e}") from e

    def putconn(self, conn: Any) -> None:
        self._pool.putconn(conn)

    def stats(self) -> dict[str, int]:
        """psycopg_pool's counters: connections_num (opened so far), requests_num (lent so far), ..."""
        return dict(self._pool.get_stats())

    def close(self) -> None:
        self._pool.close()


def store_pool(url: str) -> StorePool | None:
    """A pool of connections to the store at ``url``; None without psycopg_pool (each use then connects)."""
    try:
        import psycopg_pool  # noqa: F401
    except ImportError:
        return None
    return StorePool(url)
