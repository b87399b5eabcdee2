"""Language of an article's text, as an ISO 639-1 code."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

LOGGER = logging.getLogger(__name__)

LANGUAGE_MIN_CHARS = 40
"""Shortest text to classify: about one sentence. Below it py3langid guesses wildly ("Hello" -> "br")."""
LANGUAGE_MIN_CONFIDENCE = 0.8
"""Normalised probability below which the answer is None: full news articles score 0.97-1.0, a
two-word greeting 0.6."""
LANGUAGE_SAMPLE_CHARS = 1000
"""Characters classified: accuracy is flat beyond a few hundred, and py3langid's pure-Python
tokenizer costs ~1 ms per 1000 characters, which for whole articles was 10% of extraction time."""


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is too short or mixed to tell."""
    sample = text[:LANGUAGE_SAMPLE_CHARS].strip()
    if len(sample) < LANGUAGE_MIN_CHARS:
        return None
    identifier = _identifier()
    if identifier is None:
        return None
    language, confidence = identifier.classify(sample)
    return language if confidence >= LANGUAGE_MIN_CONFIDENCE else None


@cache
def _identifier() -> Any:
    """py3langid's model, loaded once on first use (~1 s)."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        LOGGER.warning("language detection is off: install it with `pip install py3langid`")
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
