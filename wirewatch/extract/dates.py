"""Publication dates: found in a page with htmldate, or normalised from a string a source gave."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from htmldate import find_date
from lxml.html import HtmlElement

LOGGER = logging.getLogger(__name__)

_PARTIAL = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?")
_FORMATS = (
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
)
"""Day-first and month-name forms seen in scraped feeds; ``dd/mm`` vs ``mm/dd`` is ambiguous and left out."""


def page_date(tree: HtmlElement, *, url: str | None) -> str | None:
    """The page's original publication date as ``YYYY-MM-DD``, or None.

    htmldate with ``original_date`` and ``extensive_search``, the options trafilatura itself uses
    for its date, so calling it here once replaces trafilatura's own date lookup.
    """
    try:
        return find_date(tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError) as error:  # htmldate raises on some malformed markup
        LOGGER.debug("htmldate failed on %s: %s", url, error)
        return None


def normalise_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY`` when that is all it says) from a date string.

    Accepts ISO dates and datetimes ("2023-01-30T10:12:00Z", news-please's "2023-01-30 10:12:00"),
    RFC 822 ("Mon, 30 Jan 2023 10:12:00 GMT") and a few month-name forms; the calendar date is the
    one written, without shifting time zones. None when the string is not a date.
    """
    text = (value or "").strip()
    if not text:
        return None
    partial = _PARTIAL.fullmatch(text)
    if partial:
        year, month = partial.groups()
        if month is None:
            return year
        return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    for parse in (_iso, _rfc822, _formats):
        parsed = parse(text)
        if parsed is not None:
            return parsed.strftime("%Y-%m-%d")
    return None


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _formats(text: str) -> datetime | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None
