"""The curated public API, pinned: adding is a decision, removing a breaking change."""

from __future__ import annotations

import subprocess
import sys

import wirewatch

PUBLIC = {
    "__version__",
    "Article",
    "ArticleFilter",
    "ExtractError",
    "Failure",
    "FetchError",
    "RawDocument",
    "RelatedLink",
    "Settings",
    "SourceError",
    "StoreError",
    "Stored",
    "Summary",
    "UsageError",
    "WirewatchError",
    "extract",
    "ingest",
    "open_store",
}


def test_api_all_is_pinned():
    assert set(wirewatch.__all__) == PUBLIC


def test_api_every_name_resolves():
    for name in wirewatch.__all__:
        assert getattr(wirewatch, name) is not None


def test_api_import_is_light():
    """`import wirewatch` and `wirewatch --help` load neither trafilatura nor spaCy."""
    code = (
        "import sys, wirewatch, wirewatch.cli; print(any(m in sys.modules for m in ('trafilatura', 'spacy', 'httpx')))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )
