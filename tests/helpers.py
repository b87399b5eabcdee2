"""Helpers several test files share: loading an evaluation script by path, analysing a short text, the
fields a held-out gold file may keep."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

HELDOUT_EVENT_FIELDS = frozenset(
    {
        "id", "article_id", "start", "end", "event_type", "sub_event_type", "event_date", "date_precision",
        "fatalities", "fatalities_low", "fatalities_high", "country", "admin1", "location", "actor1", "actor2",
    }
)  # fmt: skip
"""What a held-out gold event keeps: offsets, ids and annotated values, never a sentence of the source."""
HELDOUT_QUOTE_FIELDS = frozenset({"article_id", "start", "end", "speaker", "organization", "kind"})


def load_script(path: Path, name: str) -> ModuleType:
    """A script that is not part of a package (``evaluation/heldout/run.py``) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse(nlp: Any, text: str, published: str | None) -> Any:
    """The Analysis record of one text, as ingest makes it."""
    from wirewatch.nlp import DocContext, pipe
    from wirewatch.nlp.convert import doc_to_analysis

    doc = next(pipe(nlp, [(text, DocContext(published=published, article_id="t"))]))
    return doc_to_analysis(doc)
