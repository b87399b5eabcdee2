"""The analysis stage: stored article -> spaCy Doc -> Analysis -> stored mentions, in batches."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING

from ..models import Failure
from . import DocContext, NLPSettings, load_pipeline, pipe
from .convert import doc_to_analysis
from .records import Analysis

if TYPE_CHECKING:
    from spacy.language import Language

    from ..store import Store

ANALYSIS_FORMAT = "1"
"""Bumped when a component's output changes; with the data files' hash it makes the stored version,
so `wirewatch analyze --stale` re-runs exactly the articles analysed with older code or data."""


@cache
def analysis_version() -> str:
    """ANALYSIS_FORMAT plus a hash of the knowledge base, lexicons and gazetteer data it used."""
    digest = hashlib.sha1()
    for package, folder in (("wirewatch", "data/actors"), ("wirewatch", "data/lexicons"), ("wirewatch.geo", "data")):
        root = resources.files(package).joinpath(folder)
        if not root.is_dir():
            continue
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.is_file():
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return f"{ANALYSIS_FORMAT}-{digest.hexdigest()[:10]}"


@cache
def shared_pipeline() -> Language:
    """One pipeline per process: loading spaCy and the knowledge base takes seconds."""
    return load_pipeline()


def analyses(
    items: Iterable[tuple[str, DocContext]], *, settings: NLPSettings, nlp: Language | None = None
) -> Iterator[tuple[DocContext, Analysis]]:
    """(context, Analysis) for each (text, context), in order.

    With ``settings.n_process`` above 1, batches go to worker processes that each load the pipeline
    once and return Analysis records (plain dataclasses, pickled), rather than to spaCy's own n_process,
    which would have to serialise Docs with the components' annotations. At most two batches per worker
    are in flight, so a long stream never sits in memory.
    """
    if settings.n_process <= 1:
        for doc in pipe(nlp or shared_pipeline(), items, batch_size=settings.batch_size):
            yield doc._.ww_context, doc_to_analysis(doc)  # type: ignore[attr-defined]
        return
    iterator = iter(items)
    with ProcessPoolExecutor(max_workers=settings.n_process) as pool:
        inflight: deque[Future[list[tuple[DocContext, Analysis]]]] = deque()
        while True:
            while len(inflight) < 2 * settings.n_process:
                batch = list(islice(iterator, settings.batch_size))
                if not batch:
                    break
                inflight.append(pool.submit(_analyze_batch, batch, settings.batch_size))
            if not inflight:
                return
            yield from inflight.popleft().result()


def _analyze_batch(batch: list[tuple[str, DocContext]], batch_size: int) -> list[tuple[DocContext, Analysis]]:
    """One batch in a worker process (the pipeline is loaded once per worker, by shared_pipeline)."""
    return list(analyses(batch, settings=NLPSettings(batch_size=batch_size, n_process=1)))


class Analyzer:
    """Analyses articles by id in batches (nlp.pipe), storing each article's mentions as it goes.

    A document that breaks a component is analysed again on its own so that only it fails, with its
    reason recorded; the batch's other articles are kept.
    """

    def __init__(
        self,
        store: Store,
        *,
        settings: NLPSettings | None = None,
        nlp: Language | None = None,
        on_failure: Callable[[Failure], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or NLPSettings()
        self._nlp = nlp
        self.on_failure = on_failure
        self.pending: list[str] = []
        self.analyzed = 0

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = shared_pipeline()
        return self._nlp

    def add(self, article_id: str) -> None:
        self.pending.append(article_id)
        if len(self.pending) >= self.settings.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._analyze(batch)
        except Exception:  # noqa: BLE001 - find the article that broke the batch, keep the others
            for article_id in batch:
                try:
                    self._analyze([article_id])
                except Exception as e:  # noqa: BLE001 - recorded, and the run goes on
                    if self.on_failure is not None:
                        self.on_failure(Failure(article_id, "analyze", f"analysis failed: {type(e).__name__}: {e}"))

    def run(self, ids: Iterable[str]) -> int:
        """Analyse every article of ``ids``; how many were analysed."""
        for article_id in ids:
            self.add(article_id)
        self.flush()
        return self.analyzed

    def _items(self, ids: list[str]) -> Iterator[tuple[str, DocContext]]:
        for article_id in ids:
            found = self.store.article_text(article_id)
            if found is not None:
                text, published = found
                yield text, DocContext(published=published, article_id=article_id)

    def _analyze(self, ids: list[str]) -> None:
        version = analysis_version()
        nlp = self.nlp if self.settings.n_process <= 1 else None
        for context, analysis in analyses(self._items(ids), settings=self.settings, nlp=nlp):
            self.store.add_analysis(str(context.article_id), analysis, version=version)
            self.analyzed += 1
