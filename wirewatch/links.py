"""Links taken from articles, made safe to show: the web pages, the reports and the exports use these."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL, else None: a link from an article must never be javascript:
    or data: (autoescaping keeps the markup out of an attribute, not a dangerous scheme)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def outlet(url: object) -> str | None:
    """The outlet of an article: its URL's host without "www." (ACLED's `source` names outlets), None
    when the URL has no host."""
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None
