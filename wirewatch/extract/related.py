"""Find related-story blocks, comment sections and consent banners in a page, and cut them out.

Runs on the parsed tree before trafilatura sees it: related blocks are collected as
``RelatedLink`` records and dropped, comments and banners are dropped. Blocks are found two
ways, both anchored on short markers rather than on any text, so that article paragraphs
survive: containers whose class/id names them (``<aside class="related">``), and short label
elements ("ALSO SEE", "Related Articles") together with the linked headlines that follow them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urldefrag, urljoin

from lxml.html import HtmlElement

from ..models import RelatedLink

Kind = Literal["related", "drop", "comments"]
"""What a block is: related stories (kept as links), recirculation/banners (dropped), comments."""

# Label vocabularies, matched against the whole (normalised) text of a short element.
_RELATED_LABELS = (
    r"also (?:see|read|watch)",
    r"see also",
    r"read (?:also|more|next)",
    r"more on (?:this|that)(?: story| topic)?",
    r"related(?: articles?| stories| story| posts?| news| content| coverage| reading| links)?",
    r"you (?:may|might|could) also (?:like|enjoy|be interested in)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"more from (?:[^\s.!?;:,]+ ?){1,4}",  # a site or section name, not "More from the interview below."
    r"more (?:stories|news|articles|coverage)",
    r"further reading",
    r"(?:what )?to read next",
    r"don'?t miss",
    # the same labels on the non-English pages we see most
    r"(?:leia|veja) tamb[eé]m",
    r"baca juga",
    r"artikel terkait|berita terkait",
    r"lesen sie auch|mehr zum thema",
    r"(?:[aà] )?lire aussi",
    r"lee tambi[eé]n|te puede interesar",
    r"(?:art[ií]culos|not[ií]cias|mat[eé]rias) relacionad[ao]s",
)
_DROP_LABELS = (
    r"(?:our )?latest (?:stories|news|articles|headlines)",
    r"most (?:read|popular|viewed|shared)",
    r"trending(?: now| stories)?",
    r"top stories",
    r"editor'?s picks",
)
_COMMENT_LABELS = (
    r"leave a (?:reply|comment)",
    r"post a comment",
    r"add (?:a |your )?comment",
    r"write a comment",
    r"(?:\d+ |reader |show |view )?(?:comments?|responses|replies)(?: \(\d+\))?",
    r"join the (?:discussion|conversation)",
    r"have your say",
    r"your email address will not be published\.?(?: required fields are marked)?",
    r"required fields are marked",
    r"you must be logged in to post a comment\.?",
    r"cancel reply",
)


def _alternation(labels: Iterable[str]) -> str:
    return "|".join(f"(?:{label})" for label in labels)


_LABEL_RE = re.compile(
    rf"(?P<related>{_alternation(_RELATED_LABELS)})$|(?P<drop>{_alternation(_DROP_LABELS)})$"
    rf"|(?P<comments>{_alternation(_COMMENT_LABELS)})$"
)
_LABEL_TRIM = " \t\r\n:：-–—|»›>→▸▶…*"
_SPACES = re.compile(r"\s+")

LABEL_MAX_CHARS = 80
"""Longest label; the longest in the vocabulary ("Your email address will not be published.
Required fields are marked *") is 71 characters, headlines are rarely under 40."""
TEASER_MAX_CHARS = 300
"""Longest standfirst under a related headline: teasers on news sites run 80-250 characters
(the seed site's are ~110); longer unlinked text after a headline is taken to be article prose."""
BLOCK_MIN_LINK_DENSITY = 0.2
"""Share of a class-named container's text that must sit in links for it to count as a
related block: headline+teaser lists measure 0.3-1.0, article bodies 0.0-0.1, so a whole article
wrapped in ``div.related-content-wrapper`` is kept."""
ITEM_MIN_LINK_DENSITY = 0.5
"""Share of an element's text in links for it to be one related headline (or a list of them)."""
BANNER_MAX_CHARS = 1500
"""Longest cookie/consent banner removed: banners run 100-800 characters; a longer block with a
``cookie`` class is more likely an article about cookies."""

_CONTAINER_TAGS = frozenset({"div", "section", "aside", "ul", "ol", "nav", "footer", "article", "dl"})
_LABEL_TAGS = frozenset(
    {"h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "em", "i", "header", "dt", "li", "label"}
)
_SCAN_TAGS = tuple(_CONTAINER_TAGS | _LABEL_TAGS | {"form"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TEASER_TAGS = frozenset({"p", "div", "span", "em", "i", "small", "figcaption"})
_TRANSPARENT_TAGS = frozenset({"br", "hr", "script", "style", "noscript", "img", "picture"})

_RELATED_ATTR = re.compile(
    r"related|recommend|also-?(?:see|read)|alsoread|read-?(?:more|next|also)|readmore"
    r"|more-?(?:from|on|stories|articles|news)|you-?may|further-?reading|yarpp|recirc"
)
_DROP_ATTR = re.compile(r"related-?(?:tags?|topics?|keywords?|categor)|taboola|outbrain")
_COMMENT_ATTR = re.compile(
    r"(?:comments?|commentlist|comment-?(?:list|form|respond|section|area|wrap|wrapper|container|thread)"
    r"|comments-?(?:area|section|wrapper|container|list)|respond|disqus(?:_thread)?|dsq-comments"
    r"|(?:article|post|user|reader|fb)-comments)"
)
_ATTR_HINT = re.compile(
    r"relat|recommend|also|read|more|you-?may|further|yarpp|recirc|comment|respond|disqus|dsq|taboola|outbrain"
    r"|cookie|consent|gdpr|cmp-"
)
"""Cheap first filter on lowercased class/id (10x faster than IGNORECASE) before the patterns below."""
_BANNER_ATTR = re.compile(
    r"^(?:cookie|consent|gdpr|cmp-)|(?:cookie|consent)-?(?:banner|bar|notice|popup|modal|wall|law|message|box|overlay)"
)
_FIRST_WORDS = frozenset(
    (
        # related: English, then pt, id, de, fr, es
        *("also", "see", "read", "more", "related", "you", "recommended", "further", "what", "to", "don't", "dont"),
        *("leia", "veja", "baca", "artikel", "berita", "lesen", "mehr", "a", "à", "lire", "lee", "te"),
        *("artículos", "articulos", "notícias", "noticias", "matérias", "materias"),
        # recirculation
        *("our", "latest", "most", "trending", "top", "editor's", "editors"),
        # comments
        *("leave", "post", "add", "write", "reader", "show", "view", "comment", "comments", "responses"),
        *("replies", "join", "have", "your", "required", "must", "cancel"),
    )
)
"""First words of the labels above: a cheap test run on every short element before the full pattern."""
_INDEX_PAGE = re.compile(r"/(?:tags?|topics?|category|categories|authors?)/[^/]*/?$")
"""Tag, topic and author index pages that related blocks mix in ("More on: Taliban"): not stories."""
_BUTTON_TEXTS = frozenset({"more", "see all", "view all", "see more", "show more", "load more", "next", "previous"})


@dataclass
class Cleaned:
    """What ``clean_tree`` removed: related links in page order, their titles, and a block count."""

    related: list[RelatedLink] = field(default_factory=list)
    related_titles: set[str] = field(default_factory=set)
    removed: int = 0


def normalise(text: str | None) -> str:
    """Collapse whitespace runs to one space and strip."""
    return _SPACES.sub(" ", text).strip() if text else ""


def label_kind(text: str) -> Kind | None:
    """The kind of block a short label names ("ALSO SEE" -> related), or None if it is not one."""
    label = normalise(text).strip(_LABEL_TRIM).lower().replace("’", "'")
    if not label or len(label) > LABEL_MAX_CHARS:
        return None
    match = _LABEL_RE.match(label)
    if match is None:
        return None
    return match.lastgroup  # type: ignore[return-value]


def clean_tree(root: HtmlElement, *, base_url: str | None) -> Cleaned:
    """Remove related blocks, comments and banners from ``root`` in place; return the links."""
    found = Cleaned()
    removed: set[HtmlElement] = set()
    links: list[HtmlElement] = []
    for element, kind, how in list(_candidates(root)):
        if element.getparent() is None or _inside(element, removed):
            continue
        block = _block(element, kind, how)
        if not block:
            continue
        if kind == "related":
            links.extend(_anchors(block))
        found.removed += 1
        for node in block:
            removed.add(node)
            node.drop_tree()
    found.related = _related_links(links, base_url)
    found.related_titles = {link.title for link in found.related if link.title}
    return found


def _candidates(root: HtmlElement) -> Iterator[tuple[HtmlElement, Kind, str]]:
    """Elements that may start a block, in document order: (element, kind, "attr"|"label"|"form")."""
    # one pass in Python over the relevant tags: measured 10x faster than XPath (regex or translate)
    for element in root.iter(*_SCAN_TAGS):
        tag = element.tag
        if tag == "form":
            if element.find(".//textarea") is not None:
                yield element, "comments", "form"
            continue
        if tag in _CONTAINER_TAGS:
            attrs = element.get("class")
            element_id = element.get("id")
            if element_id:
                attrs = f"{attrs} {element_id}" if attrs else element_id
            if attrs and _ATTR_HINT.search(attrs := attrs.lower()):
                kind = _attr_kind(attrs)
                if kind is not None:
                    yield element, kind, "attr"
                    continue
        text = element.text
        if tag in _LABEL_TAGS and text and not text.isspace():
            kind = _element_label(element, text)
            if kind is not None:
                yield element, kind, "label"


def _attr_kind(attrs: str) -> Kind | None:
    """Block kind named by an element's (lowercased) class tokens or id, if any."""
    tokens = attrs.split()
    if any(_COMMENT_ATTR.fullmatch(token) for token in tokens):
        return "comments"
    if any(_DROP_ATTR.search(token) for token in tokens):
        return "drop"
    if any(_RELATED_ATTR.search(token) for token in tokens):
        return "related"
    if any(_BANNER_ATTR.search(token) for token in tokens):
        return "drop"
    return None


def _element_label(element: HtmlElement, text: str) -> Kind | None:
    """Kind if the element's own leading text is a label ("ALSO SEE", "Leave a Reply")."""
    if len(text) > 4 * LABEL_MAX_CHARS:
        return None
    first = text.split(None, 1)[0].lower().strip(_LABEL_TRIM).replace("’", "'")
    if first not in _FIRST_WORDS and not first[:1].isdigit():
        return None
    return label_kind(text) or label_kind(_short_text(element) or "")


def _block(element: HtmlElement, kind: Kind, how: str) -> list[HtmlElement]:
    """The elements to remove for a candidate, or [] when it is not a block after all."""
    if element.find(".//h1") is not None:
        return []
    if how == "form":
        return [element]
    if how == "attr":
        return [element] if _container_is_block(element, kind) else []
    return _label_block(element, kind)


def _container_is_block(element: HtmlElement, kind: Kind) -> bool:
    """Whether a class/id-named container really is that block (guards article wrappers)."""
    if kind == "comments":
        return True
    text_len, link_len, n_links = _link_stats(element)
    tokens = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if kind == "drop" and _BANNER_ATTR.search(tokens) and not _DROP_ATTR.search(tokens):
        # "has-cookie-bar" page wrappers hold the article: never take a block with <main>/<article>
        wraps_content = element.find(".//main") is not None or element.find(".//article") is not None
        return text_len <= BANNER_MAX_CHARS and not wraps_content
    if n_links == 0:
        # an empty widget slot, or a wrapper of prose; removing an empty one gains nothing
        return False
    return text_len == 0 or link_len / text_len >= BLOCK_MIN_LINK_DENSITY


def _label_block(element: HtmlElement, kind: Kind) -> list[HtmlElement]:
    """A label element and the headlines/teasers that follow it as siblings."""
    if _in_link(element):
        return []
    full = _short_text(element)
    if full is not None and label_kind(full) is not None:
        label = _climb(element, full)
        if _has_text(label.tail):
            return []  # "Read more about it" as prose, not a label
        block, after_link, took_link = [label], False, False
    elif kind != "comments" and _leads_links(element):
        # "<p>Also read: <a>Headline</a></p>": the label opens a paragraph of links
        label = element
        block, after_link, took_link = [label], True, True
    else:
        return []
    node = label
    while (sibling := node.getnext()) is not None:
        if _has_text(node.tail):
            break
        node = sibling
        tag = sibling.tag
        if not isinstance(tag, str) or tag in _TRANSPARENT_TAGS or not _has_content(sibling):
            continue
        if kind == "comments":
            if tag != "form" and sibling.find(".//textarea") is None:
                break
            block.append(sibling)
        elif _is_link_item(sibling):
            block.append(sibling)
            after_link = took_link = True
        elif after_link and _is_teaser(sibling):
            block.append(sibling)
            after_link = False
        else:
            break
    if kind != "comments" and not took_link:
        return [label]  # a lone label whose links the page loads later: drop the label only
    return block


def _climb(element: HtmlElement, text: str) -> HtmlElement:
    """The outermost ancestor holding nothing but the label (<p><strong>ALSO SEE</strong></p>)."""
    while (parent := element.getparent()) is not None and parent.tag not in ("body", "html"):
        if _short_text(parent) != text or parent.find(".//h1") is not None:
            break
        element = parent
    return element


def _leads_links(element: HtmlElement) -> bool:
    """Whether the element's own text is a label and the rest of it is mostly links."""
    own = normalise(element.text)
    if label_kind(own) is None:
        return False
    text_len, link_len, _ = _link_stats(element)
    rest = text_len - len(own)
    return rest > 0 and link_len >= ITEM_MIN_LINK_DENSITY * rest


def _is_link_item(element: HtmlElement) -> bool:
    """A linked headline, a thumbnail link, or a list of them."""
    if element.tag == "a":
        return bool(element.get("href"))
    if element.tag == "h1" or element.find(".//h1") is not None:
        return False
    text_len, link_len, n_links = _link_stats(element)
    if n_links == 0:
        return False
    if text_len == 0 or link_len >= ITEM_MIN_LINK_DENSITY * text_len:
        return True
    # cards: a headline and a teaser each
    return link_len >= BLOCK_MIN_LINK_DENSITY * text_len and text_len <= n_links * (TEASER_MAX_CHARS + LABEL_MAX_CHARS)


def _is_teaser(element: HtmlElement) -> bool:
    """A short unlinked standfirst under a related headline."""
    if element.tag not in _TEASER_TAGS or element.find(".//a[@href]") is not None:
        return False
    if any(child.tag in _HEADINGS for child in element.iter()):
        return False
    text = _short_text(element, limit=TEASER_MAX_CHARS)
    return bool(text)


def _link_stats(element: HtmlElement) -> tuple[int, int, int]:
    """(text length, text length inside links, number of links), whitespace-normalised."""
    text_len = len(normalise(element.text_content()))
    link_len, n_links = 0, 0
    for anchor in element.iter("a"):
        if anchor.get("href"):
            n_links += 1
            link_len += len(normalise(anchor.text_content()))
    return text_len, min(link_len, text_len), n_links


def _short_text(element: HtmlElement, *, limit: int = LABEL_MAX_CHARS) -> str | None:
    """The element's normalised text if it is at most ``limit`` characters, else None."""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        size += len(piece)
        if size > 4 * limit:
            return None
        parts.append(piece)
    text = normalise("".join(parts))
    return text if len(text) <= limit else None


def _has_text(text: str | None) -> bool:
    return text is not None and bool(text.strip(_LABEL_TRIM + ".,;()[]"))


def _has_content(element: HtmlElement) -> bool:
    return _has_text(element.text_content()) or element.find(".//a[@href]") is not None


def _in_link(element: HtmlElement) -> bool:
    return element.tag == "a" or any(a.tag == "a" for a in element.iterancestors())


def _inside(element: HtmlElement, removed: set[HtmlElement]) -> bool:
    return any(ancestor in removed for ancestor in element.iterancestors())


def _anchors(block: list[HtmlElement]) -> Iterator[HtmlElement]:
    for node in block:
        yield from (node,) if node.tag == "a" else node.iter("a")


def _related_links(anchors: Iterable[HtmlElement], base_url: str | None) -> list[RelatedLink]:
    """Absolute, deduplicated links in page order; titles from link text or image alt."""
    titles: dict[str, str | None] = {}
    page = urldefrag(base_url)[0] if base_url else None
    for anchor in anchors:
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            url = urldefrag(urljoin(base_url or "", href))[0]
        except ValueError:  # malformed, e.g. "http://[::1"
            continue
        if not url.startswith(("http://", "https://")) or url == page or _INDEX_PAGE.search(url):
            continue
        title = normalise(anchor.text_content()) or _image_alt(anchor)
        if title and (label_kind(title) is not None or title.lower() in _BUTTON_TEXTS):
            title = None  # a "Read more" button, not a headline
        if titles.get(url) is None:
            titles[url] = title  # first sighting, or a thumbnail link followed by its headline
    return [RelatedLink(url=url, title=title) for url, title in titles.items()]


def _image_alt(anchor: HtmlElement) -> str | None:
    image = anchor.find(".//img[@alt]")
    return normalise(image.get("alt")) or None if image is not None else None


def strip_leftovers(text: str, *, related_titles: set[str]) -> str:
    """Drop text lines that are labels, comment-form notes or related headlines left in the text."""
    kept = [
        line for line in text.splitlines() if not (label_kind(line) is not None or normalise(line) in related_titles)
    ]
    return "\n".join(kept)
