"""The few exceptions wirewatch raises, each with a message a user can act on."""

from __future__ import annotations


class WirewatchError(Exception):
    """Base class: ``str(error)`` is one line that says what went wrong."""


class UsageError(WirewatchError):
    """The command line or settings ask for something impossible (exit status 2)."""


class SourceError(WirewatchError):
    """A source could not be read or understood."""


class FetchError(SourceError):
    """An http(s) fetch failed: network, status, size, redirects, robots.txt."""


class RefusedAddress(FetchError):
    """The URL resolves to a loopback, private, link-local or metadata address."""


class ExtractError(SourceError):
    """A page had no article in it (empty, boilerplate only, not HTML, undecodable)."""


class StoreError(WirewatchError):
    """The database could not be opened, migrated or written."""
