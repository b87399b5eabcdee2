"""Across articles: event mentions merged into events, with each source's own figures kept."""

from __future__ import annotations

from .merge import Candidate, EventKey, SourceFigures, best_estimate, best_match

__all__ = ["Candidate", "EventKey", "SourceFigures", "best_estimate", "best_match"]
