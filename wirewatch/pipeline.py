"""The straight line: source -> RawDocument -> Article -> store, and nothing else.

Network at one end (the sources), the database at the other; every document either reaches the
store or becomes a Failure with a one-line reason, and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .errors import SourceError
from .extract import extract
from .ingest import SkipEntry, iter_documents
from .models import Failure, RawDocument, Stored, Summary
from .nlp import NLPSettings
from .settings import Settings
from .store import Store

PERMANENT_STAGES = frozenset({"extract", "store", "parse"})
"""Failures that another try would repeat: `watch` marks such feed entries seen, and retries the
others (network errors, 5xx) on its next poll."""

OnResult = Callable[[RawDocument | Failure, Stored | Failure], None]


def process(raw: RawDocument, *, store: Store) -> Stored | Failure:
    """Extract one document and store it; any error becomes the document's Failure."""
    try:
        article = extract(raw)
    except SourceError as e:
        return Failure(raw.source, "extract", str(e), feed=raw.feed, entry=raw.entry)
    except Exception as e:  # noqa: BLE001 - one odd page must not end the run; the reason is kept
        return Failure(raw.source, "extract", f"unexpected {type(e).__name__}: {e}", feed=raw.feed, entry=raw.entry)
    try:
        return store.add_article(article)
    except SourceError as e:
        return Failure(raw.source, "store", str(e), feed=raw.feed, entry=raw.entry)


def run(
    items: Iterable[RawDocument | Failure],
    *,
    store: Store,
    command: str = "ingest",
    on_result: OnResult | None = None,
    summary: Summary | None = None,
    analyze: bool = False,
    nlp_settings: NLPSettings | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Summary:
    """Process a stream of documents into the store as one recorded run, counting into ``summary``
    (so that a caller interrupted mid-run still has the counts of what was done). With ``analyze``,
    every new or changed article is analysed too, in batches as they arrive."""
    summary = summary if summary is not None else Summary()
    run_id = store.start_run(command)

    def failed(failure: Failure) -> None:
        summary.failures.append(failure)
        store.record_failure(failure, run_id=run_id)

    analyzer = None
    if analyze:
        from .nlp.analyze import Analyzer

        analyzer = Analyzer(store, settings=nlp_settings, on_failure=failed)
    try:
        for item in items:
            if should_stop is not None and should_stop():
                break  # asked to stop: what is stored so far is still analysed below
            result = item if isinstance(item, Failure) else process(item, store=store)
            if isinstance(result, Failure):
                failed(result)
            else:
                summary.add(result)
                if analyzer is not None and result.outcome in ("new", "updated"):
                    analyzer.add(result.article_id)
            feed, entry = item.feed, item.entry
            if feed and entry and (not isinstance(result, Failure) or result.stage in PERMANENT_STAGES):
                store.mark_entry(feed, entry)
            if on_result is not None:
                on_result(item, result)
        if analyzer is not None:
            analyzer.flush()
    finally:
        store.finish_run(run_id, summary)
    return summary


class LazyFetcher:
    """A Fetcher made on first use, so that file-only runs never open an HTTP client."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._fetcher: object | None = None

    def get(self, url: str, **options: object) -> object:
        if self._fetcher is None:
            from .ingest.fetch import Fetcher

            self._fetcher = Fetcher(self.settings)
        return self._fetcher.get(url, **options)  # type: ignore[attr-defined]

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()  # type: ignore[attr-defined]


def ingest(
    sources: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    fetcher: object | None = None,
    skip_entry: SkipEntry | None = None,
    command: str = "ingest",
    on_result: OnResult | None = None,
    summary: Summary | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Summary:
    """Ingest every source into the store; without a fetcher given, one is made from the settings the
    first time a URL or feed needs it."""
    own = fetcher is None
    if own:
        fetcher = LazyFetcher(settings)
    try:
        items = iter_documents(sources, fetcher=fetcher, settings=settings, skip_entry=skip_entry)
        return run(
            items,
            store=store,
            command=command,
            on_result=on_result,
            summary=summary,
            analyze=settings.analyze,
            nlp_settings=NLPSettings(batch_size=settings.nlp_batch_size, n_process=settings.nlp_n_process),
            should_stop=should_stop,
        )
    finally:
        if own:
            fetcher.close()  # type: ignore[union-attr]
