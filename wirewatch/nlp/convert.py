"""The one place where spaCy objects become the project's records."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .records import (
    ActorMention,
    Analysis,
    ClaimMention,
    DateMention,
    EventMention,
    PersonMention,
    QuantityMention,
    QuoteMention,
)

_SPAN_RECORDS: tuple[tuple[str, str, str, type], ...] = (
    ("actors", "ww_actors", "ww_actor", ActorMention),
    ("people", "ww_people", "ww_person", PersonMention),
    ("dates", "ww_dates", "ww_date", DateMention),
    ("quantities", "ww_quantities", "ww_quantity", QuantityMention),
    ("quotes", "ww_quotes", "ww_quote", QuoteMention),
    ("events", "ww_events", "ww_event", EventMention),
    ("claims", "ww_claims", "ww_claim", ClaimMention),
)
"""Analysis field, Doc extension holding the spans, Span extension holding the values, record type."""


def doc_to_analysis(doc: Any) -> Analysis:
    """The Analysis of an annotated Doc: each span with its value becomes a record with offsets."""
    fields: dict[str, tuple[object, ...]] = {}
    for field, doc_attr, span_attr, record in _SPAN_RECORDS:
        spans = getattr(doc._, doc_attr, None) or ()
        fields[field] = tuple(
            record(text=span.text, start=span.start_char, end=span.end_char, **asdict(getattr(span._, span_attr)))
            for span in spans
        )
    fields["places"] = tuple(getattr(doc._, "ww_places", None) or ())
    return Analysis(**fields)  # type: ignore[arg-type]
