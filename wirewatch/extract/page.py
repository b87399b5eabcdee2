"""Parse a page once, refuse what is not HTML, and read its title, author and canonical URL."""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title
from trafilatura.utils import load_html

from ..errors import ExtractError

LOGGER = logging.getLogger(__name__)

BINARY_MAX_CONTROL_SHARE = 0.01
"""Share of control characters (other than tab and newlines) in the first 2 KB above which input is
binary: text pages have none or a stray one, images and archives decoded as text have 5-20%."""
BINARY_MAX_REPLACEMENT_SHARE = 0.3
"""Share of U+FFFD in the first 2 KB above which input is binary rather than mis-decoded text: a
page's head is mostly ASCII markup even when its prose was decoded with the wrong charset."""
SNIFF_CHARS = 2048

_FEED = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]")
_TAG = re.compile(r"<(?:p|div|article|section|h[1-6]|span|br|a|ul|table|body)[\s/>]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load_page(html: str) -> HtmlElement:
    """The parsed page, or ExtractError naming what the input is instead."""
    text = html.lstrip("\ufeff \t\r\n")
    if not text.strip():
        raise ExtractError("empty page")
    head = text[:SNIFF_CHARS]
    if head.startswith("%PDF"):
        raise ExtractError("not HTML: a PDF document (wirewatch reads web pages only)")
    controls, replacements = len(_CONTROL.findall(head)), head.count("\ufffd")
    if (
        "\x00" in head
        or controls > BINARY_MAX_CONTROL_SHARE * len(head)
        or (replacements > BINARY_MAX_REPLACEMENT_SHARE * len(head))
    ):
        raise ExtractError("not HTML: binary data (an image, PDF or archive was fetched instead of a page)")
    if head[0] in "{[" and _is_json(text):
        raise ExtractError("not HTML: JSON data (read JSON records with the JSON Lines source instead)")
    if _FEED.search(head[:1000].lower()):
        raise ExtractError("not HTML: an RSS/Atom feed (add it as a feed source instead)")
    tree = load_html(text)
    if tree is None and _TAG.search(head):
        # a bare fragment (feed content:encoded, an API's body field): trafilatura wants a document
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        raise ExtractError("not HTML: no markup found (plain text belongs in a text record)")
    return tree


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def page_title_author(tree: HtmlElement) -> tuple[str | None, str | None]:
    """Title and author as trafilatura reads them (meta tags, JSON-LD, then the markup).

    trafilatura's ``extract_metadata`` also collects categories, tags, site name and licence,
    which cost a third of an extraction's time and which wirewatch does not keep.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a bare handle ("@desk"), as trafilatura judges it
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as error:  # noqa: BLE001 - trafilatura guards this call the same way
        LOGGER.debug("JSON-LD metadata unreadable: %s", error)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    metadata.clean_and_trim()
    return metadata.title or None, metadata.author or None


def canonical_url(tree: HtmlElement, *, url: str | None) -> str | None:
    """``<link rel=canonical>``, else ``og:url``, resolved against ``url``; None if neither is usable.

    A canonical pointing at the site's home page while ``url`` is an article is a known CMS
    misconfiguration, and is ignored.
    """
    candidates = [
        link.get("href")
        for link in tree.iterfind(".//link[@rel]")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += [meta.get("content") for meta in tree.iterfind('.//meta[@property="og:url"]')]
    for candidate in candidates:
        if not candidate or not candidate.strip():
            continue
        try:
            absolute = urljoin(url or "", candidate.strip())
            parts = urlsplit(absolute)
            base_path = urlsplit(url).path if url else ""
        except ValueError:  # malformed, e.g. "http://[::1"
            continue
        if parts.scheme not in ("http", "https") or not parts.netloc:
            continue
        if parts.path in ("", "/") and not parts.query and base_path not in ("", "/"):
            continue
        return absolute
    return None


def base_url(tree: HtmlElement, *, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>``, else the page's own URL."""
    base = tree.find(".//head/base[@href]")
    if base is None:
        return url
    try:
        return urljoin(url or "", base.get("href", "").strip())
    except ValueError:  # malformed <base href>
        return url


def has_visible_text(tree: HtmlElement) -> bool:
    """Whether the page body shows any text at all (scripts and styles aside)."""
    body = tree.find(".//body")
    texts = (body if body is not None else tree).xpath(_VISIBLE_TEXT)
    return any(not text.isspace() for text in texts)


_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
