"""Imports every component module so its factory is registered, and names the order they run in."""

from __future__ import annotations

ORDER: tuple[str, ...] = ()
"""Components added after spaCy's own (tok2vec, tagger, parser, ner, ...), in this order. Filled in as
the component modules land: actors and people before quantities (casualty nouns), dates, places."""
