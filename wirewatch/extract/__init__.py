"""Extraction stage: ``RawDocument -> Article``.

A page is parsed once; related-story blocks, comments and consent banners are cut from the tree
(related links kept as ``Article.related``); trafilatura then extracts the article text from
the cleaned tree, htmldate the date and py3langid the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from ..errors import ExtractError
from ..models import Article, RawDocument
from .dates import normalise_date, page_date
from .language import detect_language
from .page import base_url, canonical_url, has_visible_text, load_page, page_title_author
from .related import Cleaned, clean_tree, normalise, strip_leftovers

__all__ = ["ExtractSettings", "extract"]

NO_ARTICLE = "no article text found (page is navigation/boilerplate only)"
SENTENCE_MIN_WORDS = 6
"""A line with fewer words is a menu item, button or label, not a sentence of an article."""
_BOILERPLATE = re.compile(
    r"cookie|privacy|all rights reserved|©|copyright|subscribe|sign (?:in|up)|log ?in|newsletter"
    r"|javascript|terms of (?:use|service)|accept",
    re.IGNORECASE,
)
_INLINE_SPACE = re.compile(r"[^\S\n]+")
UNDECODABLE_SHARE = 0.05
"""Share of U+FFFD in the text above which it was decoded with the wrong charset: correctly decoded
articles have none, a Cyrillic or Arabic page read as UTF-8 has one in every two or three characters."""


@dataclass(frozen=True)
class ExtractSettings:
    """Tunables of the extraction stage; each default carries its reason."""

    min_text_chars: int = 200
    """Shortest article kept: complete wire briefs run 250+ characters, while what is left of a
    paywalled, teaser-only or cookie-wall page is under 200. Lower it for short posts (Telegram)."""
    fast: bool = True
    """Skip trafilatura's readability/justext fallback. On the 30-page benchmark it changed two pages,
    one for much worse (a page of several posts): mean F1 0.970 without it, 0.949 with it, and it
    took ~40% of the extraction time."""


def extract(raw: RawDocument, *, settings: ExtractSettings | None = None) -> Article:
    """The article in ``raw``: from its HTML when set, else from its already-extracted text.

    For a page, its own metadata wins: title, author and date come from the page (meta tags,
    JSON-LD, markup) and the source's values (feed entry, JSON record) only fill the gaps, because
    feeds truncate titles and stamp fetch or update times. The URL is the page's canonical URL,
    else ``raw.url``. Raises ExtractError with a one-line reason when there is no article.
    """
    settings = settings or ExtractSettings()
    if raw.html is not None:
        return _from_html(raw, settings)
    if raw.text is not None:
        return _from_text(raw, settings)
    raise ExtractError("document has neither HTML nor text")


def _from_html(raw: RawDocument, settings: ExtractSettings) -> Article:
    tree = load_page(raw.html or "")
    canonical = canonical_url(tree, url=raw.url)
    url = canonical or raw.url
    cleaned = clean_tree(tree, base_url=base_url(tree, url=raw.url or canonical))
    title, author = page_title_author(tree)
    published = page_date(tree, url=url) or normalise_date(raw.published)
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, fast=settings.fast, with_metadata=False
    )
    text = ""
    if isinstance(document, Document) and document.text:
        text = normalise_text(strip_leftovers(document.text, related_titles=cleaned.related_titles))
        text = drop_headline(text, title)
    _check_text(text, settings, tree=tree, cleaned=cleaned)
    return Article(
        source=raw.source,
        url=url,
        title=title or normalise(raw.title) or None,
        published=published,
        author=author or normalise(raw.author) or None,
        language=detect_language(text),
        text=text,
        related=tuple(cleaned.related),
        record_id=raw.record_id,
        feed=raw.feed,
    )


def _from_text(raw: RawDocument, settings: ExtractSettings) -> Article:
    text = normalise_text(raw.text or "")
    if not text:
        raise ExtractError("empty text record")
    _check_text(text, settings)
    return Article(
        source=raw.source,
        url=raw.url,
        title=normalise(raw.title) or None,
        published=normalise_date(raw.published),
        author=normalise(raw.author) or None,
        language=detect_language(text),
        text=text,
        record_id=raw.record_id,
        feed=raw.feed,
    )


HEADLINE_SEARCH_LINES = 3
"""How far down the text a repeated headline is looked for: it comes first, after at most a section
label ("Pakistan") or a short kicker ("Breaking") of a few words."""
KICKER_MAX_WORDS = 4


def drop_headline(text: str, title: str | None) -> str:
    """The text without the headline trafilatura keeps when it sits inside <article>: the title is a
    field of its own, and a repeated headline would count twice in search and analysis."""
    if not title:
        return text
    lines = text.split("\n")
    wanted = normalise(title).casefold()
    for index, line in enumerate(lines[:HEADLINE_SEARCH_LINES]):
        if line.casefold() == wanted:
            if all(len(before.split()) <= KICKER_MAX_WORDS for before in lines[:index]):
                return "\n".join(lines[index + 1 :])
            break
    return text


def normalise_text(text: str) -> str:
    """One paragraph per line: whitespace runs collapsed, blank lines dropped."""
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _check_text(
    text: str, settings: ExtractSettings, *, tree: HtmlElement | None = None, cleaned: Cleaned | None = None
) -> None:
    """Raise ExtractError when ``text`` is no article: empty, boilerplate or too short."""
    if not text:
        if tree is not None and not has_visible_text(tree) and not (cleaned and cleaned.removed):
            raise ExtractError("empty page (no visible text)")
        raise ExtractError(NO_ARTICLE if tree is not None else "empty text record")
    if text.count("\ufffd") > UNDECODABLE_SHARE * len(text):
        raise ExtractError("undecodable text: wrong character encoding (many U+FFFD replacement characters)")
    if len(text) >= settings.min_text_chars:
        return
    lines = text.splitlines()
    if tree is not None and all(len(line.split()) < SENTENCE_MIN_WORDS or _BOILERPLATE.search(line) for line in lines):
        raise ExtractError(NO_ARTICLE)
    raise ExtractError(f"article text too short ({len(text)} characters; the minimum is {settings.min_text_chars})")
