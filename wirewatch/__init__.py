"""wirewatch: news reports in, a sourced, queryable record of conflict and security events out."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
