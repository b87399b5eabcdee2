"""Imports every component module so its factory is registered, and names the order they run in."""

from __future__ import annotations

from . import actors, claims, dates, events, people, places, quantities, quotes  # noqa: F401 - registers the factories

ORDER: tuple[str, ...] = (
    "wirewatch_actors",
    "wirewatch_people",
    "wirewatch_quotes",
    "wirewatch_dates",
    "wirewatch_quantities",
    "wirewatch_places",
    "wirewatch_events",
    "wirewatch_claims",
)
"""After spaCy's own components (tok2vec, tagger, parser, ner, ...): actors first, since people resolve
their organisations against them, and quotes their speakers against both; dates and quantities are
independent; then places; events read all of these, and claims read events (a claim points at the
event it is about)."""
