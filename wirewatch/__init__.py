"""wirewatch: news reports in, a sourced, queryable record of conflict and security events out.

The public API (everything else is internal and may change)::

    from wirewatch import Settings, open_store, ingest, extract, RawDocument

Heavy parts (trafilatura, spaCy) load on first use, so ``import wirewatch`` stays instant.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "wirewatch.models",
    "Failure": "wirewatch.models",
    "RawDocument": "wirewatch.models",
    "RelatedLink": "wirewatch.models",
    "Stored": "wirewatch.models",
    "Summary": "wirewatch.models",
    "Settings": "wirewatch.settings",
    "WirewatchError": "wirewatch.errors",
    "SourceError": "wirewatch.errors",
    "FetchError": "wirewatch.errors",
    "ExtractError": "wirewatch.errors",
    "StoreError": "wirewatch.errors",
    "UsageError": "wirewatch.errors",
    "extract": "wirewatch.extract",
    "ingest": "wirewatch.pipeline",
    "open_store": "wirewatch.store",
    "ArticleFilter": "wirewatch.store",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'wirewatch' has no attribute {name!r}")
