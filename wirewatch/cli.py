"""The command line: one verb per command, sharing the --db option (sqlite-utils' style)."""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from . import __version__
from .errors import StoreError, UsageError, WirewatchError
from .models import Failure, RawDocument, Stored, Summary
from .settings import DEFAULT_DB, Settings

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        envvar="WIREWATCH_DB",
        default=DEFAULT_DB,
        show_default=True,
        metavar="PATH",
        help="Database file (or set WIREWATCH_DB).",
    )(fn)


def fetch_options(fn: F) -> F:
    for option in reversed(
        [
            click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses."),
            click.option("--delay", type=float, metavar="SECONDS", help="Seconds between requests to one host."),
            click.option("--timeout", type=float, metavar="SECONDS", help="Read timeout per request."),
            click.option("--max-bytes", type=int, metavar="N", help="Response size cap in bytes."),
            click.option("--ignore-robots", is_flag=True, help="Do not honour robots.txt (your own sites only)."),
            click.option("--retries", type=click.IntRange(0, 10), help="Retries on 429/5xx/network errors."),
            click.option("--no-analyze", is_flag=True, help="Store articles only; run `wirewatch analyze` later."),
        ]
    ):
        fn = option(fn)
    return fn


def make_settings(db: str, **options: Any) -> Settings:
    mapping = {
        "allow_private": options.get("allow_private") or None,
        "per_host_delay": options.get("delay"),
        "read_timeout": options.get("timeout"),
        "max_bytes": options.get("max_bytes"),
        "respect_robots": False if options.get("ignore_robots") else None,
        "retries": options.get("retries"),
        "analyze": False if options.get("no_analyze") else None,
    }
    return Settings.from_env(db=db, **mapping)


@contextmanager
def opened(db: str) -> Iterator[Any]:
    from .store import open_store

    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def query_of(name: str, query: str | None) -> Iterator[None]:
    """Reads under a full-text query: one the store cannot parse is bad usage (exit 2), said in one line
    that names the option or argument that held it. Reads raise StoreError for nothing else."""
    try:
        yield
    except StoreError as e:
        if not query:
            raise
        raise UsageError(f"Invalid value for {name!r}: {e}") from e


class Group(click.Group):
    """Turns a WirewatchError into one line on stderr and the right exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(EXIT_USAGE)
        except WirewatchError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(EXIT_FAILURES)


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --since/--until value: YYYY, YYYY-MM or YYYY-MM-DD, and a real date."""
    from .store import filter_date

    try:
        return None if value is None else filter_date(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wirewatch")
def cli() -> None:
    """wirewatch: news reports in, a sourced record of conflict and security events out.

    \b
    Examples:
      wirewatch demo
      wirewatch ingest https://example.org/feed.xml pages/ archive.warc.gz
      wirewatch search '"suicide bomb*" Peshawar'
    """


# -- ingest and watch ---------------------------------------------------------------------------


class Reporter:
    """Progress while a run works (a rich bar on a terminal) and the summary at its end."""

    def __init__(self, *, quiet: bool = False) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.quiet = quiet
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> Reporter:
        if self.console.is_terminal and not self.quiet:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed} documents"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("ingesting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, item: RawDocument | Failure, result: Stored | Failure) -> None:
        if self.progress is not None:
            name = item.source if len(item.source) < 60 else "..." + item.source[-57:]
            self.progress.update(self.task, advance=1, description=name)


def print_summary(summary: Summary, *, title: str = "Ingested") -> None:
    click.echo(
        f"{title}: {summary.new} new, {summary.updated} updated, {summary.duplicate} duplicate, "
        f"{summary.near_duplicate} near-duplicate, {summary.failed} failed"
    )
    for failure in summary.failures:
        click.echo(f"  failed  {failure.source}  [{failure.stage}] {failure.reason}")


def watchlist_option(fn: F) -> F:
    return click.option(
        "--watchlist",
        "watchlist_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        metavar="FILE",
        help="Alert on the events this run changes that match the watchlists in FILE (repeatable; docs/alerts.md).",
    )(fn)


def load_watchlist_files(paths: tuple[str, ...]) -> list[Any]:
    """The watchlists of the files, checked before anything runs: every mistake on stderr, then exit 2."""
    if not paths:
        return []
    from .alerts import WatchlistError, load_watchlists

    try:
        return load_watchlists(paths)
    except WatchlistError as e:
        for problem in e.problems:
            click.echo(problem, err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None


def run_alerts(store: Any, watchlists: list[Any], **bounds: Any) -> Any:
    """The alert step (wirewatch.alerts.evaluate) with stdout through click, and its one-line summary."""
    from .alerts import evaluate

    report = evaluate(store, watchlists, echo=click.echo, **bounds)
    click.echo(
        f"Alerts: {report.new} new, {report.updated} update(s) from {report.evaluated} changed event(s), "
        f"{len(report.failures)} delivery failure(s)"
    )
    for failure in report.failures:
        click.echo(f"  failed  {failure.source}  [{failure.stage}] {failure.reason}")
    return report


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@db_option
@fetch_options
@watchlist_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(sources: tuple[str, ...], db: str, quiet: bool, watchlist_files: tuple[str, ...], **options: Any) -> None:
    """Ingest articles from URLs, feeds, HTML files or directories, JSON Lines and WARC files.

    \b
    Each SOURCE is one of:
      https://site/article.html    an article page
      https://site/feed.xml        an RSS/Atom feed: every entry's page is fetched
      feed.xml                     a feed file
      page.html, pages/            HTML files, directories read recursively
      records.jsonl[.gz]           {url,title,published,text}, {url,html} or news-please records
      crawl.warc[.gz]              every HTML response (e.g. Common Crawl CC-NEWS)

    With --watchlist, the events the run adds or changes are then matched against the watchlists and
    alerted (docs/alerts.md).

    Exit status: 0 all went in, 1 some sources failed or some alerts could not be delivered (listed, and
    kept in `wirewatch failures`), 2 bad usage or an invalid watchlist file.
    """
    from .pipeline import ingest as run_ingest

    settings = make_settings(db, **options)
    watchlists = load_watchlist_files(watchlist_files)
    with opened(settings.db) as store:
        mark = store.event_change_mark() if watchlists else 0
        with Reporter(quiet=quiet) as reporter:
            summary = run_ingest(list(sources), store=store, settings=settings, on_result=reporter)
        print_summary(summary)
        alerted = run_alerts(store, watchlists, after=mark) if watchlists else None
    sys.exit(EXIT_FAILURES if summary.failed or (alerted is not None and alerted.failures) else EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 256), help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Use a running Dask scheduler (tcp://host:8786) instead.")
@click.option(
    "--shard-size", default=100, show_default=True, type=click.IntRange(1), help="Documents per unit of work."
)
@click.option("--fresh", is_flag=True, help="Process every shard again, even those a previous batch recorded.")
@click.option("--no-analyze", is_flag=True, help="Store articles only; run `wirewatch analyze` later.")
@db_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def batch(
    inputs: tuple[str, ...],
    workers: int,
    scheduler: str | None,
    shard_size: int,
    fresh: bool,
    no_analyze: bool,
    db: str,
    quiet: bool,
) -> None:
    """Ingest large collections on a Dask cluster: directories of HTML, JSON Lines and WARC files.

    Workers extract and analyse shards of documents in parallel; this process writes their results
    to the store in input order, so the result equals `wirewatch ingest` of the same inputs. Shards
    already written by an earlier batch are skipped: an interrupted batch resumes where it stopped.
    Needs the batch extra: pip install 'wirewatch[batch]' (docs/batch.md).

    \b
    Examples:
      wirewatch batch crawl/*.warc.gz shards/ --workers 2
      wirewatch batch news.jsonl.gz --scheduler tcp://10.0.0.5:8786 --db postgresql://host/ww

    Exit status as `wirewatch ingest`: 0 all went in, 1 some documents failed, 2 bad usage.
    """
    from .batch import BatchReport, connect, run_batch

    settings = make_settings(db, no_analyze=no_analyze)
    with opened(settings.db) as store:
        client, cluster = connect(workers=workers, scheduler=scheduler)
        report = BatchReport()
        try:
            click.echo(f"Dask dashboard: {client.dashboard_link}", err=True)
            with Reporter(quiet=quiet) as reporter:
                if reporter.progress is not None:
                    reporter.progress.update(reporter.task, description="batch")

                def on_shard(shard: Any, documents: int) -> None:
                    if reporter.progress is not None:
                        name = shard.input if len(shard.input) < 50 else "..." + shard.input[-47:]
                        reporter.progress.update(reporter.task, advance=documents, description=f"{name} #{shard.index}")

                run_batch(
                    list(inputs),
                    store=store,
                    client=client,
                    settings=settings,
                    shard_size=shard_size,
                    fresh=fresh,
                    on_shard=on_shard,
                    report=report,
                )
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        print_summary(report.summary)
        click.echo(
            f"Shards: {report.shards_done} written, {report.shards_skipped} already done, "
            f"{report.shards_failed} failed; {report.analyzed} articles analysed"
        )
    sys.exit(EXIT_FAILURES if report.summary.failed else EXIT_OK)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_duration(value: str) -> float:
    """'90', '30s', '10m', '2h', '1d' as seconds."""
    match = _DURATION.match(value)
    if not match:
        raise click.BadParameter(f"{value!r} is not a duration like 30s, 10m, 2h")
    number, unit = float(match.group(1)), match.group(2) or "s"
    seconds = number * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    if seconds <= 0:
        raise click.BadParameter("must be more than zero")
    return seconds


@cli.command()
@click.argument("feeds", nargs=-1, required=True, metavar="FEED...")
@click.option("--every", default="10m", show_default=True, help="How often to poll: 30s, 10m, 2h.")
@click.option("--polls", type=click.IntRange(min=1), help="Stop after this many polls (default: until Ctrl-C).")
@db_option
@fetch_options
@watchlist_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def watch(
    feeds: tuple[str, ...],
    every: str,
    polls: int | None,
    db: str,
    quiet: bool,
    watchlist_files: tuple[str, ...],
    **options: Any,
) -> None:
    """Poll feeds and ingest only entries not seen before, until stopped (Ctrl-C stops cleanly).

    With --watchlist, each poll ends by alerting on the events it added or changed (docs/alerts.md).

    \b
    Example:
      wirewatch watch https://example.org/rss.xml --every 10m --watchlist watchlists.yaml
    """
    from .ingest.fetch import Fetcher
    from .pipeline import ingest as run_ingest

    try:
        interval = parse_duration(every)
    except click.BadParameter as e:
        raise click.BadParameter(str(e), param_hint="--every") from None
    settings = make_settings(db, **options)
    watchlists = load_watchlist_files(watchlist_files)
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        # The first Ctrl-C (or SIGTERM from systemd, docker stop, kill) stops after the document in hand
        # and its analysis; a second one stops at once.
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("Stopping after the document in hand (Ctrl-C again to stop now)...", err=True)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    total, count = Summary(), 0
    try:
        with opened(settings.db) as store, Fetcher(settings) as fetcher:
            while not stop.is_set():
                count += 1
                summary = Summary()
                mark = store.event_change_mark() if watchlists else 0
                try:
                    with Reporter(quiet=quiet) as reporter:
                        run_ingest(
                            list(feeds),
                            store=store,
                            settings=settings,
                            fetcher=fetcher,
                            skip_entry=lambda feed, entry: store.seen_entry(feed, entry.key),
                            command="watch",
                            on_result=reporter,
                            summary=summary,
                            should_stop=stop.is_set,
                        )
                finally:
                    total.merge(summary)
                print_summary(summary, title=f"Poll {count} at {time.strftime('%H:%M:%S')}")
                if watchlists:
                    run_alerts(store, watchlists, after=mark)
                if polls is not None and count >= polls:
                    break
                stop.wait(interval)
        if stop.is_set():
            click.echo("Stopped.", err=True)
    except KeyboardInterrupt:
        click.echo("Stopped at once.", err=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo(
        f"Watched {count} poll(s): {total.new} new, {total.updated} updated, {total.duplicate} duplicate, "
        f"{total.near_duplicate} near-duplicate, {total.failed} failed"
    )


# -- watchlists ---------------------------------------------------------------------------------


@cli.group()
def watchlists() -> None:
    """Watchlists: YAML rules that pick events, and where their alerts go (docs/alerts.md).

    \b
    Examples:
      wirewatch watchlists check watchlists.yaml
      wirewatch watchlists run watchlists.yaml --since 2025-03-01
      wirewatch ingest feed.xml --watchlist watchlists.yaml
    """


@watchlists.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE...")
def watchlists_check(files: tuple[str, ...]) -> None:
    """Validate watchlist files; show what each watchlist watches and where it sends alerts.

    Exit status: 0 valid, 2 not (one line per mistake, naming the file, watchlist and field).
    """
    found = load_watchlist_files(files)
    for watchlist in found:
        click.echo(f"{watchlist.name}  ({watchlist.file})")
        if watchlist.description:
            click.echo(f"    {watchlist.description}")
        for n, rule in enumerate(watchlist.rules, start=1):
            click.echo(f"    rule {n}: {rule.describe()}")
        click.echo(f"    sends to: {'; '.join(watchlist.targets.describe())}")
    click.echo(f"{len(found)} watchlist(s) valid in {len(files)} file(s).")


@watchlists.command("run")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE...")
@click.option(
    "--since",
    metavar="DATE",
    callback=iso_date,
    help="Only events changed on or after DATE (UTC; YYYY, YYYY-MM or YYYY-MM-DD). Default: every event.",
)
@db_option
def watchlists_run(files: tuple[str, ...], since: str | None, db: str) -> None:
    """Alert now on stored events, e.g. after `wirewatch analyze`: what was alerted before with the same
    figures is not sent again.

    Exit status: 0 all alerts delivered, 1 some could not be (kept in `wirewatch failures`), 2 bad usage.
    """
    found = load_watchlist_files(files)
    with opened(db) as store:
        report = run_alerts(store, found, since=since)
    sys.exit(EXIT_FAILURES if report.failures else EXIT_OK)


# -- reading the store --------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def search(query: str, limit: int, as_json: bool, db: str) -> None:
    """Full-text search over titles and texts (SQLite FTS5 syntax), best match first.

    \b
    Examples:
      wirewatch search Peshawar
      wirewatch search '"police lines" AND mosque'
      wirewatch search 'hijack*'
    """
    with opened(db) as store, query_of("QUERY", query):
        hits = store.search(query, limit=limit)
    for hit in hits:
        if as_json:
            click.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        else:
            click.echo(f"{hit.id}  {hit.published or '????-??-??'}  {hit.title or '(no title)'}")
            click.echo(f"    {hit.snippet}")
    if not hits and not as_json:
        click.echo("No matches.", err=True)


@cli.command()
@click.option("--since", metavar="DATE", callback=iso_date, help="Published on or after (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=iso_date, help="Published on or before (YYYY-MM-DD).")
@click.option("--language", metavar="CODE", help="ISO 639-1 language code, e.g. en.")
@click.option("--source", metavar="TEXT", help="Source, feed or URL contains TEXT.")
@click.option("--text", metavar="QUERY", help="Full-text query (FTS5 syntax).")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def articles(limit: int, as_json: bool, db: str, **filters: Any) -> None:
    """The latest articles (by publication date), with filters.

    \b
    Example:
      wirewatch articles --since 2023-01-01 --source frontierdispatch
    """
    from .store import ArticleFilter

    with opened(db) as store, query_of("--text", filters["text"]):
        for record in store.articles(ArticleFilter(**filters), limit=limit):
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                click.echo(f"{record['id']}  {record['published'] or '????-??-??'}  {record['title'] or '(no title)'}")
                click.echo(f"    {record['url'] or record['source']}")


@cli.command()
@click.option("-n", "--limit", default=50, show_default=True, type=click.IntRange(1))
@click.option("--run", "run_id", type=int, help="Only the failures of this run.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def failures(limit: int, run_id: int | None, as_json: bool, db: str) -> None:
    """Sources that could not be ingested, newest first, with the reason."""
    with opened(db) as store:
        rows = store.failures(limit=limit, run_id=run_id)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{row['at']}  run {row['run_id']}  [{row['stage']}] {row['source']}\n    {row['reason']}")
    if not rows and not as_json:
        click.echo("No failures.", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@db_option
def stats(as_json: bool, db: str) -> None:
    """Counts of what the store holds."""
    with opened(db) as store:
        numbers = store.stats()
    if as_json:
        click.echo(json.dumps(numbers, ensure_ascii=False))
        return
    for key, value in numbers.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        click.echo(f"{key.replace('_', ' '):>16}: {value if value is not None else '-'}")


@cli.command()
@click.option("--stale", is_flag=True, help="Only articles not yet analysed with the current code and data.")
@click.option("--batch-size", type=click.IntRange(1, 1024), help="Articles per spaCy batch.")
@click.option("--processes", type=click.IntRange(1, 64), help="spaCy processes (each loads its own model).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@db_option
def analyze(stale: bool, batch_size: int | None, processes: int | None, quiet: bool, db: str) -> None:
    """(Re)run the language analysis over stored articles, without fetching anything.

    Use it after the actor knowledge base, the lexicons or the gazetteer data changed, or for articles
    ingested with --no-analyze.

    \b
    Examples:
      wirewatch analyze            # every article
      wirewatch analyze --stale    # only those analysed with older code or data, or not at all
    """
    from .nlp import NLPSettings
    from .nlp.analyze import Analyzer, analysis_version

    settings = make_settings(db)
    nlp_settings = NLPSettings(
        batch_size=batch_size or settings.nlp_batch_size, n_process=processes or settings.nlp_n_process
    )
    failures: list[Failure] = []
    with opened(settings.db) as store:
        ids = store.analysis_ids(stale_for=analysis_version() if stale else None)
        run_id = store.start_run("analyze")

        def failed(failure: Failure) -> None:
            failures.append(failure)
            store.record_failure(failure, run_id=run_id)

        analyzer = Analyzer(store, settings=nlp_settings, on_failure=failed)
        with Reporter(quiet=quiet) as reporter:
            if reporter.progress is not None:
                reporter.progress.update(reporter.task, total=len(ids), description="analysing")
            for article_id in ids:
                analyzer.add(article_id)
                if reporter.progress is not None:
                    reporter.progress.update(reporter.task, completed=analyzer.analyzed)
            analyzer.flush()
        store.finish_run(run_id, Summary(failures=failures))
    click.echo(f"Analysed {analyzer.analyzed} of {len(ids)} articles, {len(failures)} failed")
    for failure in failures:
        click.echo(f"  failed  {failure.source}  [{failure.stage}] {failure.reason}")
    sys.exit(EXIT_FAILURES if failures else EXIT_OK)


# -- events, claims, quotes, actors -------------------------------------------------------------


def event_filter_options(fn: F) -> F:
    for option in reversed(
        [
            click.option(
                "--since",
                metavar="DATE",
                callback=iso_date,
                help="Events on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
            ),
            click.option("--until", metavar="DATE", callback=iso_date, help="Events on or before DATE."),
            click.option("--type", "event_type", metavar="TYPE", help='Event type, e.g. "Explosions/Remote violence".'),
            click.option("--sub-type", "sub_event_type", metavar="TYPE", help='Sub-event type, e.g. "Suicide bomb".'),
            click.option("--actor", metavar="NAME", help="Actor id, or part of actor1's or actor2's name."),
            click.option("--country", metavar="NAME", help="Country name or ISO code."),
            click.option("--admin1", metavar="NAME", help="Province or state, e.g. Balochistan."),
            click.option("--min-fatalities", type=click.IntRange(0), metavar="N", help="At least N killed."),
            click.option(
                "--text", metavar="WORDS", help='Words in any source\'s evidence (each a prefix; "a phrase"; FTS5).'
            ),
        ]
    ):
        fn = option(fn)
    return fn


def _figure(record: dict[str, Any]) -> str:
    from .events.merge import toll_text

    return toll_text(record)


def _place(record: dict[str, Any]) -> str:
    return ", ".join(str(p) for p in (record.get("location"), record.get("admin1"), record.get("country")) if p) or "?"


def echo_event_line(record: dict[str, Any]) -> None:
    kind = record["event_type"] + (f" / {record['sub_event_type']}" if record.get("sub_event_type") else "")
    click.echo(f"{record['id']}  {record['event_date'] or '????-??-??'}  {kind}  {_place(record)}")
    sources = record["sources"]
    click.echo(
        f"    {record.get('actor1') or 'unknown'}; {_figure(record)}; "
        f"{len(sources)} source{'s' if len(sources) != 1 else ''}"
    )


@cli.command()
@event_filter_options
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (event.schema.json).")
@db_option
def events(limit: int, as_json: bool, db: str, **filters: Any) -> None:
    """Events merged across articles, latest first, with filters.

    Each event is one real-world event with every article that reports it; the figures are the best
    estimate (the latest report that gives one), with the range over the sources.

    \b
    Examples:
      wirewatch events --since 2023-01 --country Pakistan --min-fatalities 10
      wirewatch events --type "Explosions/Remote violence" --actor TTP --json
    """
    from .store import EventFilter

    count = 0
    with opened(db) as store, query_of("--text", filters["text"]):
        for record in store.events(EventFilter(**filters), limit=limit):
            count += 1
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                echo_event_line(record)
    if not count and not as_json:
        click.echo("No events.", err=True)


@cli.command()
@click.argument("event_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="As one JSON object (event.schema.json).")
@db_option
def event(event_id: str, as_json: bool, db: str) -> None:
    """One event with all its sources side by side: each article's figures, date, hedging and evidence.

    \b
    Example:
      wirewatch event evt-3f2a9c1b7d40
    """
    with opened(db) as store:
        record = store.event(event_id)
    if record is None:
        raise UsageError(f"no event {event_id!r}; list them with `wirewatch events`")
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False))
        return
    echo_event_line(record)
    if record.get("actor2"):
        click.echo(f"    against {record['actor2']}")
    for n, source in enumerate(record["sources"], start=1):
        click.echo(
            f"\n  [{n}] {source['article_id']}  published {source.get('published') or '?'}  {source['url'] or ''}"
        )
        click.echo(
            f"      date {source.get('event_date') or '?'}; {_figure(source)}; "
            f"reported as {source.get('reported_as') or '?'}; at {source['start']}-{source['end']}"
        )
        click.echo(f"      {source['evidence']}")


@cli.command()
@click.option("--speaker", metavar="NAME", help="Part of the speaker's name or organisation.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (quote.schema.json).")
@db_option
def quotes(speaker: str | None, limit: int, as_json: bool, db: str) -> None:
    """Quotations and reported speech, with who said them.

    \b
    Example:
      wirewatch quotes --speaker "Foreign Office"
    """
    from itertools import islice

    with opened(db) as store:
        records = list(islice(store.quotes(speaker=speaker), limit))
    for record in records:
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            who = record["speaker"] or record["organization"] or "unknown"
            role = f" ({record['speaker_role']})" if record.get("speaker_role") else ""
            click.echo(f"{record['article_id']}  {who}{role}  [{record['kind']}]")
            click.echo(f"    {record['quote']}")
    if not records and not as_json:
        click.echo("No quotes.", err=True)


@cli.command()
@click.option("--actor", metavar="NAME", help="Claimant's actor id, or part of its name.")
@click.option(
    "--stance", type=click.Choice(["asserts", "alleges", "denies", "claims_responsibility"]), help="Only this stance."
)
@click.option("--event", "event_id", metavar="ID", help="Only claims about this event.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (claim.schema.json).")
@db_option
def claims(actor: str | None, stance: str | None, event_id: str | None, limit: int, as_json: bool, db: str) -> None:
    """Claims: who asserts, alleges, denies or claims responsibility for what, hedged or not.

    \b
    Examples:
      wirewatch claims --stance claims_responsibility
      wirewatch claims --event evt-3f2a9c1b7d40
    """
    with opened(db) as store:
        records = list(store.claims(actor=actor, stance=stance, event_id=event_id, limit=limit))
    for record in records:
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            hedged = ", hedged" if record["hedged"] else ""
            via = f", via {record['via']}" if record.get("via") else ""
            click.echo(
                f"{record['article_id']}  {record['claimant'] or 'unknown'} {record['stance']}{hedged}{via}"
                f"  event {record['event_id'] or '-'}"
            )
            click.echo(f"    {record['claim']}")
    if not records and not as_json:
        click.echo("No claims.", err=True)


@cli.command()
@click.argument("name")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1), help="Items per section.")
@click.option("--json", "as_json", is_flag=True, help="As one JSON object per actor.")
@db_option
def actor(name: str, limit: int, as_json: bool, db: str) -> None:
    """An actor from the knowledge base (by id, name or alias) with its aliases, and where the store's
    articles name it: mentions, events (as actor1 or actor2) and claims.

    \b
    Examples:
      wirewatch actor TTP
      wirewatch actor "Balochistan Liberation Army" --json
    """
    from .nlp.kb import load_kb
    from .store import EventFilter

    kb = load_kb()
    ids = [name] if kb.get(name) else list(dict.fromkeys(a.actor_id for a in kb.lookup(name, exact_case=False)))
    with opened(db) as store:
        if not ids:
            ids = [str(r["actor_id"]) for r in store.new_actors() if name in (r["actor_id"], r["name"])]
        if not ids:
            raise UsageError(f"no actor named {name!r} in the knowledge base or the store")
        for actor_id in ids:
            if kb.get(actor_id):
                record: dict[str, Any] = kb.to_record(actor_id)
            else:
                found = next(r for r in store.new_actors() if r["actor_id"] == actor_id)
                record = {"id": actor_id, "name": found["name"], "type": found["type"] or "other", "aliases": []}
            mentions = store.actor_mentions(actor_id, limit=limit)
            found_events = list(store.events(EventFilter(actor=actor_id), limit=limit))
            found_claims = list(store.claims(actor=actor_id, limit=limit))
            if as_json:
                out = {**record, "mentions": mentions, "events": found_events, "claims": found_claims}
                click.echo(json.dumps(out, ensure_ascii=False))
                continue
            click.echo(f"{record['id']}  {record['name']}  [{record['type']}]")
            if record.get("parent"):
                click.echo(f"    part of {record['parent']}")
            click.echo(f"    aliases: {', '.join(record['aliases']) or '-'}")
            click.echo(f"\n  Mentions ({len(mentions)} shown):")
            for m in mentions:
                click.echo(f"    {m['article_id']}  {m['published'] or '????-??-??'}  {m['text']!r}  [{m['method']}]")
            click.echo(f"\n  Events ({len(found_events)} shown):")
            for e in found_events:
                click.echo(f"    {e['id']}  {e['event_date'] or '?'}  {e['event_type']}  {_place(e)}  {_figure(e)}")
            click.echo(f"\n  Claims ({len(found_claims)} shown):")
            for c in found_claims:
                click.echo(f"    {c['article_id']}  {c['stance']}  {c['claim']}")


@cli.command()
@click.option("-n", "--limit", type=click.IntRange(1), help="At most this many conflicts.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def conflicts(limit: int | None, as_json: bool, db: str) -> None:
    """Events whose sources disagree (fatalities, day, place, perpetrator), and contradicting claims
    about one event (a claim of responsibility and a denial), each side with its sources.

    \b
    Example:
      wirewatch conflicts --json
    """
    with opened(db) as store:
        found = store.conflicts(limit=limit)
    for conflict in found:
        if as_json:
            click.echo(json.dumps(conflict, ensure_ascii=False))
            continue
        click.echo(
            f"{conflict['event_id']}  {conflict['kind']}  {conflict.get('event_date') or '?'}  "
            f"{conflict.get('sub_event_type') or conflict.get('event_type') or ''}  {_place(conflict)}"
        )
        for side in conflict["sides"]:
            articles = ", ".join(dict.fromkeys(str(s["article_id"]) for s in side["sources"]))
            click.echo(f"    {side['value']}: {articles}")
    if not found and not as_json:
        click.echo("No conflicts.", err=True)


@cli.command()
@click.option("--min-size", default=2, show_default=True, type=click.IntRange(1), help="Articles plus copies.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def stories(min_size: int, limit: int, as_json: bool, db: str) -> None:
    """Stories: articles grouped by syndicated copies, shared lead events and related-story links.

    \b
    Example:
      wirewatch stories --min-size 3
    """
    count = 0
    with opened(db) as store:
        for story in store.stories(min_size=min_size, limit=limit):
            count += 1
            if as_json:
                click.echo(json.dumps(story, ensure_ascii=False))
                continue
            articles, copies = story["articles"], story["copies"]
            click.echo(
                f"{story['id']}  {len(articles)} article(s), {len(copies)} copy(ies), {len(story['events'])} event(s)"
            )
            for a in articles:
                click.echo(f"    {a['published'] or '????-??-??'}  {a['id']}  {a['title'] or '(no title)'}")
            for c in copies:
                click.echo(f"    copy of {c['duplicate_of']}  {c['url'] or ''}")
    if not count and not as_json:
        click.echo("No stories.", err=True)


# -- export -------------------------------------------------------------------------------------


@cli.command()
@click.argument("kind", type=click.Choice(["articles", "places", "quotes", "actors", "events", "claims", "all"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "stix", "geojson", "csv"]),
    default="jsonl",
    show_default=True,
    help="jsonl: any kind but all; stix: events or all; geojson, csv: events.",
)
@click.option(
    "-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default stdout)."
)
@event_filter_options
@db_option
def export(kind: str, fmt: str, output: Any, db: str, **filters: Any) -> None:
    """Export records for other tools, with the filters of `wirewatch events`.

    \b
    articles   one ingested article each
    places     one resolved place mention each (with its article and offsets)
    quotes     one direct quotation or reported speech each, with its speaker
    actors     the knowledge base's actors, and the organisations found that it lacks ("new:" ids)
    events     one event merged across articles each, with every source and its own figures
    claims     one claim each (stance, hedging, who relays it), tied to its merged event
    all        everything, as one STIX bundle

    \b
    Formats:
      jsonl    one JSON object per line, valid against data/schema/KIND.schema.json
      stix     a STIX 2.1 bundle: reports, incidents, actors, locations, opinions, notes;
               stable ids, so re-exporting updates objects instead of duplicating them
      geojson  a FeatureCollection of the events that have coordinates
      csv      ACLED's columns in ACLED's order; what wirewatch does not derive is left empty

    --since/--until also select articles (and their places, quotes and claims) by publication
    date; the other filters select events only. See docs/exports.md.

    \b
    Examples:
      wirewatch export articles -o articles.jsonl
      wirewatch export events --format csv --country Pakistan --since 2024 -o events.csv
      wirewatch export all --format stix -o bundle.json
    """
    from .exports import check
    from .exports import export as run_export
    from .store import EventFilter

    flt = EventFilter(**filters)
    check(kind, fmt, flt)
    with opened(db) as store, query_of("--text", flt.text):
        done = run_export(store, kind, fmt, output, flt)
    if done.left_out:
        click.echo(f"Left out {done.left_out} {kind} {done.reason}.", err=True)
    if getattr(output, "name", "-") not in ("-", "<stdout>"):
        noun = "STIX objects" if fmt == "stix" else kind
        click.echo(f"Exported {done.count} {noun} to {output.name}", err=True)


# -- report -------------------------------------------------------------------------------------


@cli.command()
@click.option("--since", required=True, metavar="PERIOD", help="7d, 4w (back from --as-of) or a first day YYYY-MM-DD.")
@click.option("--as-of", "as_of", metavar="DATE", help="The period's last day, YYYY-MM-DD (default: today).")
@click.option("--country", metavar="NAME", help="Country name or ISO code.")
@click.option("--actor", metavar="NAME", help="Actor id, or part of actor1's or actor2's name.")
@click.option("--type", "event_type", metavar="TYPE", help='Event type, e.g. "Explosions/Remote violence".')
@click.option("--admin1", metavar="NAME", help="Province or state, e.g. Balochistan.")
@click.option("--title", default="Situation report", show_default=True, help="The report's heading.")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf"]), default="html", show_default=True, help="html or pdf."
)
@click.option("-o", "--output", metavar="FILE", help="File to write (default sitrep.html or sitrep.pdf; - for stdout).")
@db_option
def report(since: str, as_of: str | None, title: str, fmt: str, output: str | None, db: str, **filters: Any) -> None:
    """A situation report for a period: one self-contained HTML file (or a PDF) to mail.

    Headline figures against the previous period of the same length (events, killed, by type and
    by province), a map, a timeline, the deadliest and newest events with their sources, statements,
    quotes, claims of responsibility and denials, and the contradictions between sources. --format
    pdf prints the same page with headless Chromium. See docs/reports.md.

    \b
    Examples:
      wirewatch report --since 7d --country PK -o sitrep.html
      wirewatch report --since 4w --actor TTP --format pdf -o ttp.pdf
      wirewatch report --since 2025-03-01 --as-of 2025-03-31
    """
    import datetime as dt
    from pathlib import Path

    from .report import build_report, html_to_pdf, parse_period, render_html
    from .store import EventFilter

    try:
        end = dt.date.fromisoformat(as_of) if as_of is not None else None
    except ValueError:
        raise click.BadParameter(f"{as_of!r} is not a date: write YYYY-MM-DD", param_hint="--as-of") from None
    if fmt == "pdf" and output == "-":
        raise UsageError("a PDF cannot go to stdout: name a file with -o")
    period = parse_period(since, as_of=end)
    with opened(db) as store:
        built = build_report(store, period, flt=EventFilter(**filters), title=title)
    html = render_html(built)
    target = output or f"sitrep.{fmt}"
    if target == "-":
        click.echo(html, nl=False)
        return
    if fmt == "pdf":
        html_to_pdf(html, Path(target))
    else:
        Path(target).write_text(html, encoding="utf-8")
    click.echo(
        f"Wrote {target}: {built.events.current} events, {built.fatalities.current} killed, {built.period}.", err=True
    )


# -- demo ---------------------------------------------------------------------------------------


@cli.command()
@click.option("--db", default="wirewatch-demo.db", show_default=True, metavar="PATH", help="Demo database to build.")
@click.option("--fresh/--keep", default=True, show_default=True, help="Start from an empty demo database.")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Then open the web app on it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The web app's port.")
def demo(db: str, fresh: bool, serve: bool, port: int) -> None:
    """Build a demo database from the sample corpus shipped in the package, show what it holds, and
    serve it in the web app on http://127.0.0.1:8000 until Ctrl-C.

    The corpus (news pages written for wirewatch about real events, an RSS feed listing them, and a
    JSON Lines file) is served on 127.0.0.1 and ingested through the feed, as a live feed would be.
    """
    from .demo import build_demo

    summary = build_demo(db, fresh=fresh)
    print_summary(summary, title="Demo corpus ingested")
    with opened(db) as store:
        numbers = store.stats()
        click.echo(f"\n{numbers['articles']} articles in {db}, {numbers['near_duplicates']} syndicated copies linked.")
        click.echo(
            f"Analysed {numbers['analysed']}: {numbers['actor_mentions']} actor, {numbers['people_mentions']} people, "
            f"{numbers['quotes']} quote, {numbers['date_mentions']} date, {numbers['figures']} figure and "
            f"{numbers['place_mentions']} place mentions, each with its offsets and how it was resolved."
        )
        click.echo(
            f"{numbers['event_mentions']} event reports merged into {numbers['events']} events "
            f"({numbers['multi_source_events']} with several sources), {numbers['claims']} claims, "
            f"{numbers['stories']} stories."
        )
        disputed = store.conflicts(limit=3)
        if disputed:
            click.echo("\nWhere sources disagree (wirewatch conflicts):")
            for row in disputed:
                sides = "  vs  ".join(
                    f"{side['value']} ({len(side['sources'])} source{'s' if len(side['sources']) != 1 else ''})"
                    for side in row["sides"]
                )
                click.echo(f"  {row['event_id']}  {row['kind']}: {sides}")
        click.echo("\nSearch 'Peshawar mosque':")
        for hit in store.search("Peshawar mosque", limit=3):
            click.echo(f"  {hit.published}  {hit.title}\n      {hit.snippet}")
    click.echo(
        f"\nTry: wirewatch events --db {db}   wirewatch conflicts --db {db}   "
        f"wirewatch search --db {db} 'Jaffar Express'"
    )
    if serve:
        run_server(db, host="127.0.0.1", port=port, token=None)


# -- web app ------------------------------------------------------------------------------------


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run_server(db: str, *, host: str, port: int, token: str | None) -> None:
    """Serve the web app with uvicorn until Ctrl-C; a port already taken is a one-line error."""
    import errno
    import socket

    import uvicorn

    from .web import create_app

    app = create_app(db, token=token)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            why = "is already in use" if e.errno == errno.EADDRINUSE else f"cannot be opened ({e.strerror})"
            raise UsageError(f"port {port} on {host} {why}: choose another with --port") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"\nwirewatch web app on http://{shown}:{port}/ (API docs on /api/docs); Ctrl-C stops it.")
    if token:
        click.echo("Writing is on: POST /api/ingest takes the token as 'Authorization: Bearer TOKEN'.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--token",
    envvar="WIREWATCH_TOKEN",
    metavar="TOKEN",
    help="Turn on the one writing endpoint (POST /api/ingest) for requests carrying this bearer token "
    "(or set WIREWATCH_TOKEN). Off without one.",
)
def serve(db: str, host: str, port: int, token: str | None) -> None:
    """Serve the web app and the JSON API on http://127.0.0.1:8000 until Ctrl-C.

    The app only reads, except POST /api/ingest when a token is set. It listens on loopback unless told
    otherwise; listening elsewhere shows the store to everyone who can reach the machine.

    \b
    Examples:
      wirewatch serve --db wirewatch-demo.db
      wirewatch serve --port 8080 --token "$(openssl rand -hex 16)"
    """
    if host not in LOOPBACK:
        click.echo(f"Warning: listening on {host}, not loopback: anyone who can reach it reads the store.", err=True)
    run_server(db, host=host, port=port, token=token)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
