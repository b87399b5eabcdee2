"""Batch ingest on a Dask cluster: extraction and language analysis in parallel, store writes in order.

The client reads the inputs as `wirewatch ingest` does and cuts each input's stream of documents into
shards of ``shard_size``. Workers (spaCy loaded once per worker process) extract and analyse a shard
without touching the store and send back typed records. The client then writes each shard's results in
input order through the same ``add_article`` / ``add_analysis`` calls, in the same batches, as a
single-process ingest, so deduplication and event merging decide exactly as they would there.

A shard is recorded in the store (``batch_shards``, with a fingerprint of its content) once all its
documents are stored and analysed; running the same batch again skips recorded shards. docs/batch.md.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SourceError, UsageError
from .models import Article, Failure, RawDocument, Stored, Summary
from .nlp import DocContext, NLPSettings
from .nlp.records import Analysis
from .settings import Settings

if TYPE_CHECKING:
    from .store import Store

INSTALL_HINT = "batch processing needs Dask: pip install 'wirewatch[batch]'"

SHARD_SIZE = 100
"""Documents per shard: about ten seconds of one worker's time at ~10 articles/s, so the bar moves and an
interruption loses little, while the per-task overhead of the scheduler (a few ms) stays negligible."""

IN_FLIGHT_PER_WORKER = 2
"""Shards submitted ahead per worker: one running, one queued, so a worker never waits for the client,
and the client never holds more than a few shards' documents and results in memory."""


@dataclass(frozen=True)
class Shard:
    """Consecutive documents of one input: the unit sent to a worker and recorded when done."""

    input: str
    index: int
    documents: tuple[RawDocument | Failure, ...]
    fingerprint: str


@dataclass(frozen=True)
class Processed:
    """One document after a worker: its Article and Analysis (or why the analysis failed), or a Failure."""

    item: RawDocument | Failure
    result: Article | Failure
    analysis: Analysis | None = None
    analysis_error: str | None = None
    context: DocContext | None = None
    """The (published, id) the analysis ran with: stored values that differ make the client redo it."""


@dataclass
class BatchReport:
    """What a batch did: the usual ingest counts, and how many shards it wrote and skipped."""

    summary: Summary = field(default_factory=Summary)
    shards_done: int = 0
    shards_skipped: int = 0
    shards_failed: int = 0
    analyzed: int = 0


OnShard = Callable[[Shard, int], None]
"""Called after each shard is written (or skipped), with the number of its documents."""


def require_dask() -> None:
    """Raise a UsageError naming the pip command when Dask's distributed scheduler is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        raise UsageError(INSTALL_HINT) from e


# -- sharding (client) -------------------------------------------------------------------------


def _fingerprint(documents: Sequence[RawDocument | Failure]) -> str:
    """A hash of everything a shard's documents hold, so a changed input is processed again."""
    digest = hashlib.sha1()
    for doc in documents:
        digest.update(repr(doc).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def shards(sources: Iterable[str], *, settings: Settings, shard_size: int = SHARD_SIZE) -> Iterator[Shard]:
    """Each input's documents in order, ``shard_size`` at a time. URLs and feeds are refused: a batch is
    for collections on disk (use `wirewatch ingest` or `watch` for the web)."""
    from .ingest import is_url, iter_source

    for source in sources:
        if is_url(source):
            raise UsageError(f"{source}: batch reads files and directories only; use `wirewatch ingest` for URLs")
        name = str(Path(source).resolve()) if Path(source).exists() else source
        stream = iter_source(source, fetcher=None, settings=settings)
        for index in range(1 << 62):
            documents = tuple(islice(stream, shard_size))
            if not documents:
                break
            yield Shard(name, index, documents, _fingerprint(documents))


# -- the work of a worker ----------------------------------------------------------------------


def _extract(raw: RawDocument) -> Article | Failure:
    """pipeline.process's extraction step, with the same failure reasons."""
    from .extract import extract

    try:
        return extract(raw)
    except SourceError as e:
        return Failure(raw.source, "extract", str(e), feed=raw.feed, entry=raw.entry)
    except Exception as e:  # noqa: BLE001 - one odd page must not end the run; the reason is kept
        return Failure(raw.source, "extract", f"unexpected {type(e).__name__}: {e}", feed=raw.feed, entry=raw.entry)


def analyse_texts(items: list[tuple[str, DocContext]], *, batch_size: int) -> list[tuple[Analysis | None, str | None]]:
    """(Analysis, None) or (None, reason) for each (text, context): a batch that fails is redone one text
    at a time so that only the text that broke it fails, as the single-process Analyzer does."""
    from .nlp.analyze import analyses

    settings = NLPSettings(batch_size=batch_size, n_process=1)
    out: list[tuple[Analysis | None, str | None]] = []
    for start in range(0, len(items), batch_size):
        batch = items[start : start + batch_size]
        try:
            done = [(analysis, None) for _context, analysis in analyses(batch, settings=settings)]
        except Exception:  # noqa: BLE001 - find the text that broke the batch, keep the others
            for item in batch:
                try:
                    out.extend((analysis, None) for _context, analysis in analyses([item], settings=settings))
                except Exception as e:  # noqa: BLE001 - reported with the document, the batch goes on
                    out.append((None, f"analysis failed: {type(e).__name__}: {e}"))
        else:
            out.extend(done)
    return out


def process_shard(documents: Sequence[RawDocument | Failure], *, analyze: bool, batch_size: int) -> list[Processed]:
    """Extract (and analyse) a shard's documents, with no store: what the client will write."""
    from .store.sqlite import article_id

    extracted = [(doc, doc if isinstance(doc, Failure) else _extract(doc)) for doc in documents]
    if not analyze:
        return [Processed(doc, result) for doc, result in extracted]
    contexts = {
        i: DocContext(published=result.published, article_id=article_id(result))
        for i, (_doc, result) in enumerate(extracted)
        if isinstance(result, Article)
    }
    results = analyse_texts([(extracted[i][1].text, c) for i, c in contexts.items()], batch_size=batch_size)  # type: ignore[union-attr]
    by_index = dict(zip(contexts, results, strict=True))
    out = []
    for i, (doc, result) in enumerate(extracted):
        analysis, error = by_index.get(i, (None, None))
        out.append(Processed(doc, result, analysis, error, contexts.get(i)))
    return out


def _preload() -> None:
    """Load the spaCy pipeline in a worker before its first shard (run on every worker at start)."""
    from .nlp.analyze import analysis_version, shared_pipeline

    shared_pipeline()
    analysis_version()


# -- writing (client) --------------------------------------------------------------------------


class Writer:
    """Writes shard results into the store exactly as pipeline.run would write the same documents."""

    def __init__(
        self,
        store: Store,
        *,
        report: BatchReport,
        run_id: int,
        analyze: bool,
        batch_size: int,
        reanalyse: Callable[[str, DocContext], tuple[Analysis | None, str | None]],
    ) -> None:
        from .nlp.analyze import analysis_version

        self.store = store
        self.report = report
        self.run_id = run_id
        self.analyze = analyze
        self.batch_size = batch_size
        self.reanalyse = reanalyse
        self.version = analysis_version() if analyze else ""
        self.pending: list[tuple[str, Processed]] = []
        self.awaiting: list[Shard] = []

    def failed(self, failure: Failure) -> None:
        self.report.summary.failures.append(failure)
        self.store.record_failure(failure, run_id=self.run_id)

    def write(self, shard: Shard, processed: list[Processed]) -> None:
        """Store a shard's documents; it is recorded as done once their analyses are stored too."""
        for item in processed:
            result = item.result
            if isinstance(result, Article):
                try:
                    stored: Stored | Failure = self.store.add_article(result)
                except SourceError as e:
                    stored = Failure(result.source, "store", str(e), feed=result.feed)
            else:
                stored = result
            if isinstance(stored, Failure):
                self.failed(stored)
                continue
            self.report.summary.add(stored)
            if self.analyze and (
                stored.outcome in ("new", "updated")
                or (stored.outcome == "duplicate" and not self._analysed(stored.article_id))
            ):
                self.pending.append((stored.article_id, item))
                if len(self.pending) >= self.batch_size:
                    self.flush()
        if self.pending:
            self.awaiting.append(shard)
        else:
            self._done(shard)

    def _analysed(self, aid: str) -> bool:
        """Whether an article met again has an analysis, stored or pending. One without (stored by a batch
        interrupted before its analysis was written) is analysed now, so a resumed batch leaves none behind."""
        return any(a == aid for a, _ in self.pending) or self.store.batch_analysed(aid)

    def flush(self) -> None:
        """Store the pending analyses in order (merging their events), then record the shards they ended."""
        batch, self.pending = self.pending, []
        for aid, item in batch:
            analysis, error = item.analysis, item.analysis_error
            found = self.store.article_text(aid)
            if found is None:
                continue
            text, published = found
            context = DocContext(published=published, article_id=aid)
            analysed = (item.result.text, item.context) if isinstance(item.result, Article) else None
            if error is None and (analysis is None or analysed != (text, context)):
                # What is stored differs from what the worker analysed (an update that kept the old date,
                # a duplicate under another id): analyse the stored text, as the single-process ingest does.
                analysis, error = self.reanalyse(text, context)
            if error is None and analysis is not None:
                try:
                    self.store.add_analysis(aid, analysis, version=self.version)
                    self.report.analyzed += 1
                    continue
                except Exception as e:  # noqa: BLE001 - recorded, and the batch goes on, as in Analyzer
                    error = f"analysis failed: {type(e).__name__}: {e}"
            self.failed(Failure(aid, "analyze", error or "analysis failed"))
        for shard in self.awaiting:
            self._done(shard)
        self.awaiting = []

    def _done(self, shard: Shard) -> None:
        self.store.mark_shard(
            shard.input, shard.index, shard.fingerprint, documents=len(shard.documents), run_id=self.run_id
        )
        self.report.shards_done += 1


def _crashed(shard: Shard, error: BaseException) -> list[Processed]:
    """A shard whose worker failed: each of its documents fails with the reason (the batch goes on)."""
    reason = f"batch worker failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    out = []
    for doc in shard.documents:
        failure = doc if isinstance(doc, Failure) else Failure(doc.source, "extract", reason.rstrip(": "))
        out.append(Processed(doc, failure))
    return out


# -- the batch ---------------------------------------------------------------------------------


def connect(*, workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """A Dask client on the scheduler at ``scheduler``, else on a LocalCluster of ``workers`` processes
    bound to 127.0.0.1 only. Returns (client, cluster or None); the caller closes both."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
    )
    return Client(cluster), cluster


def run_batch(
    sources: Sequence[str],
    *,
    store: Store,
    client: Any,
    settings: Settings,
    shard_size: int = SHARD_SIZE,
    fresh: bool = False,
    on_shard: OnShard | None = None,
    report: BatchReport | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BatchReport:
    """Process every input on the cluster ``client`` is connected to and write the results to ``store``
    in input order, as one recorded run (command "batch"). Shards recorded as done are skipped unless
    ``fresh``. ``report`` is filled as the batch goes, so an interrupted caller still has the counts."""
    report = report if report is not None else BatchReport()
    analyze = settings.analyze
    batch_size = settings.nlp_batch_size
    if analyze:
        client.run(_preload)  # every worker loads spaCy now, in parallel, rather than on its first shard
    window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))

    def reanalyse(text: str, context: DocContext) -> tuple[Analysis | None, str | None]:
        return client.submit(analyse_texts, [(text, context)], batch_size=1, pure=False).result()[0]  # type: ignore[no-any-return]

    run_id = store.start_run("batch")
    writer = Writer(store, report=report, run_id=run_id, analyze=analyze, batch_size=batch_size, reanalyse=reanalyse)
    inflight: deque[tuple[Shard, Any]] = deque()

    def write_next() -> None:
        shard, future = inflight.popleft()
        try:
            processed = future.result()
        except Exception as e:  # noqa: BLE001 - a worker lost or a bug on one shard fails its documents only
            processed = _crashed(shard, e)
            report.shards_failed += 1
            for item in processed:
                writer.failed(item.result)  # type: ignore[arg-type]
            if on_shard is not None:
                on_shard(shard, len(shard.documents))
            return
        writer.write(shard, processed)
        if on_shard is not None:
            on_shard(shard, len(shard.documents))

    try:
        for shard in shards(sources, settings=settings, shard_size=shard_size):
            if should_stop is not None and should_stop():
                break
            if not fresh and store.shard_done(shard.input, shard.index, shard.fingerprint):
                report.shards_skipped += 1
                if on_shard is not None:
                    on_shard(shard, len(shard.documents))
                continue
            future = client.submit(
                process_shard, list(shard.documents), analyze=analyze, batch_size=batch_size, pure=False
            )
            inflight.append((shard, future))
            while len(inflight) >= window:
                write_next()
        while inflight and not (should_stop is not None and should_stop()):
            write_next()
        writer.flush()
    finally:
        for _shard, future in inflight:
            future.cancel()
        store.finish_run(run_id, report.summary)
    return report
