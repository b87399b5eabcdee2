"""The gazetteer's one error class (a WirewatchError, so callers catching that still catch it)."""

from __future__ import annotations

from ..errors import WirewatchError


class GazetteerError(WirewatchError):
    """The gazetteer could not be built or opened; the message says which package or file to fix."""
