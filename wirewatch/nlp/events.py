"""The ``wirewatch_events`` component: every event an article reports (placeholder, being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span


def register_span_extension() -> None:
    if not Span.has_extension("ww_event"):
        Span.set_extension("ww_event", default=None)


class EventFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_events = []
        return doc


@Language.factory("wirewatch_events")
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    register_span_extension()
    if not Doc.has_extension("ww_events"):
        Doc.set_extension("ww_events", default=None)
    return EventFinder(nlp, name)


register_span_extension()
