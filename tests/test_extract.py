"""Extraction stage: metadata, related-story blocks, comments, failures, text records."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from wirewatch.errors import ExtractError
from wirewatch.extract import ExtractSettings, extract
from wirewatch.models import RawDocument, RelatedLink

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "article.txt"
URL = "https://news.example/world/2024/11/09/quetta-blast?utm_source=feed"

PARAGRAPHS = (
    "A suicide bomber struck the railway station in Quetta on Saturday morning, killing at least 26 people "
    "and wounding dozens more as passengers waited for a train to Peshawar, officials said.",
    "The Balochistan Liberation Army said it carried out the attack. Police said the bomber had mingled with "
    "soldiers who had arrived at the platform, and that rescue teams took the wounded to the civil hospital.",
    "The provincial government announced three days of mourning and ordered an inquiry into the security "
    "arrangements at the station, which had been crowded with travellers at the time of the blast.",
)
FIRST, SECOND, THIRD = PARAGRAPHS


def page(body: str, *, head: str = "", after: str = "") -> str:
    """A news page: navigation, an article whose body is ``body``, then ``after`` (blocks, comments)."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Blast at Quetta railway station kills 26 | News Example</title>{head}</head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li></ul></nav></header>
<main><article><h1>Blast at Quetta railway station kills 26</h1>
<div class="article-body">{body}</div></article>{after}</main>
<footer><p>Copyright 2024 News Example</p></footer></body></html>"""


def paragraphs(*texts: str) -> str:
    return "\n".join(f"<p>{text}</p>" for text in texts)


def run(html_text: str, **fields: str | None) -> object:
    return extract(RawDocument(source="test", url=fields.pop("url", URL), html=html_text, **fields))


# --- metadata -------------------------------------------------------------------------------

HEAD = """<link rel="canonical" href="/world/2024/11/09/quetta-blast">
<meta property="og:title" content="Blast at Quetta railway station kills 26">
<meta name="author" content="Zarina Lehri">
<meta property="article:published_time" content="2024-11-09T10:30:00+05:00">"""


def test_extract_metadata_from_page() -> None:
    article = run(page(paragraphs(*PARAGRAPHS), head=HEAD))
    assert article.title == "Blast at Quetta railway station kills 26"
    assert article.author == "Zarina Lehri"
    assert article.published == "2024-11-09"
    assert article.url == "https://news.example/world/2024/11/09/quetta-blast"
    assert article.language == "en"
    assert article.text.splitlines() == list(PARAGRAPHS)


def test_extract_page_metadata_wins_over_source() -> None:
    article = run(
        page(paragraphs(*PARAGRAPHS), head=HEAD), title="Quetta blast", author="Wire desk", published="2024-11-10"
    )
    assert (article.title, article.author, article.published) == (
        "Blast at Quetta railway station kills 26",
        "Zarina Lehri",
        "2024-11-09",
    )


def test_extract_source_metadata_fills_gaps() -> None:
    bare = "<!doctype html><html><body><div>" + paragraphs(*PARAGRAPHS) + "</div></body></html>"
    article = run(
        bare, url="https://news.example/a/1", title="Quetta blast", author="Wire Desk", published="2024-11-10"
    )
    assert (article.url, article.title, article.author, article.published) == (
        "https://news.example/a/1",
        "Quetta blast",
        "Wire Desk",
        "2024-11-10",
    )


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<meta property="og:url" content="https://news.example/a/quetta">', "https://news.example/a/quetta"),
        ('<link rel="canonical" href="https://news.example/">', URL),
        ("", URL),
    ],
    ids=["og-url", "home-page-canonical-ignored", "none"],
)
def test_extract_url_canonical_else_source(link: str, expected: str) -> None:
    assert run(page(paragraphs(*PARAGRAPHS), head=link)).url == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (" ".join(PARAGRAPHS), "en"),
        (
            "Ein Selbstmordattentäter hat am Samstagmorgen im Bahnhof von Quetta mindestens 26 Menschen getötet "
            "und Dutzende verletzt, als die Fahrgäste auf einen Zug nach Peschawar warteten.",
            "de",
        ),
        (
            "Un kamikaze a frappé samedi matin la gare de Quetta, tuant au moins 26 personnes et en blessant "
            "des dizaines d'autres qui attendaient un train pour Peshawar, selon les autorités.",
            "fr",
        ),
        ("Hello there", None),
    ],
)
def test_extract_language_detected(text: str, language: str | None) -> None:
    raw = RawDocument(source="test", text=text)
    assert extract(raw, settings=ExtractSettings(min_text_chars=1)).language == language


# --- related-story blocks -------------------------------------------------------------------

HEADLINE = "Gunmen attack passenger train in Bolan, hundreds held"
TEASER = "Security forces say they have surrounded the train in a remote mountain pass."


@pytest.mark.parametrize(
    "block",
    [
        # the seed site's shape: label paragraph, linked headline, teaser line
        f'<p><strong>ALSO SEE</strong></p><h4><a href="/2025/03/11/bolan-train">{HEADLINE}</a></h4><p>{TEASER}</p>',
        f'<div class="also-see"><h4>ALSO SEE</h4><a href="/2025/03/11/bolan-train">{HEADLINE}</a><p>{TEASER}</p></div>',
        f'<aside class="inline-story"><span>Also read</span><h3><a href="/2025/03/11/bolan-train">{HEADLINE}</a>'
        f"</h3><p>{TEASER}</p></aside>",
        f'<p>ALSO SEE:<br><a href="/2025/03/11/bolan-train">{HEADLINE}</a></p><p><em>{TEASER}</em></p>',
    ],
    ids=["flat", "div-also-see", "aside-label", "inline"],
)
def test_related_in_body_block_removed_and_kept(block: str) -> None:
    article = run(page(paragraphs(FIRST) + block + paragraphs(SECOND, THIRD)))
    assert article.text.splitlines() == list(PARAGRAPHS)
    assert article.related == (RelatedLink("https://news.example/2025/03/11/bolan-train", HEADLINE),)


ITEMS = (
    ("/2024/11/10/toll-rises", "Quetta station bombing toll rises to 26; BLA names bomber"),
    ("https://other.example/2024/08/26/musakhel", "BLA's coordinated attacks leave dozens dead across Balochistan"),
    ("../../10/07/karachi-airport", "Two Chinese nationals killed in blast near Karachi airport"),
)
ABSOLUTE = (
    "https://news.example/2024/11/10/toll-rises",
    "https://other.example/2024/08/26/musakhel",
    "https://news.example/world/2024/10/07/karachi-airport",
)
LIST = "<ul>" + "".join(f'<li><a href="{url}">{title}</a></li>' for url, title in ITEMS) + "</ul>"
CARDS = "".join(
    f'<article class="card"><a href="{url}"><img src="/t.jpg" alt=""></a><h3><a href="{url}">{title}</a></h3>'
    f"<p>{TEASER}</p></article>"
    for url, title in ITEMS
)


@pytest.mark.parametrize(
    "after",
    [
        f"<section><h3>Related Articles</h3>{LIST}</section>",
        f'<aside class="related">{LIST}</aside>',
        f"<div><h2>You may also like</h2><div>{CARDS}</div></div>",
        f'<div id="recommended-stories">{CARDS}</div>',
        f'<div class="widget"><h4>More from News Example</h4>{LIST}</div>',
        f"<h3>Read more</h3>{LIST}",
    ],
    ids=["related-articles", "aside-related", "you-may-also-like", "recommended-id", "more-from", "read-more"],
)
def test_related_block_after_body_removed_and_kept(after: str) -> None:
    article = run(page(paragraphs(*PARAGRAPHS), after=after))
    assert article.text.splitlines() == list(PARAGRAPHS)
    assert [link.url for link in article.related] == list(ABSOLUTE)
    assert [link.title for link in article.related] == [title for _, title in ITEMS]


def test_related_links_deduplicated_in_page_order() -> None:
    also = f'<p>ALSO SEE</p><p><a href="/2024/11/10/toll-rises#top">{ITEMS[0][1]}</a></p>'
    after = f"<h3>Related Articles</h3>{LIST}"
    article = run(page(paragraphs(FIRST) + also + paragraphs(SECOND, THIRD), after=after))
    assert [link.url for link in article.related] == list(ABSOLUTE)


def test_related_malformed_links_skipped() -> None:
    after = '<aside class="related"><ul><li><a href="http://[::1">Broken link</a></li>' + LIST[4:] + "</aside>"
    head = '<link rel="canonical" href="http://[bad">'
    article = run(page(paragraphs(*PARAGRAPHS), head=head, after=after))
    assert [link.url for link in article.related] == list(ABSOLUTE)
    assert article.url == URL


@pytest.mark.parametrize(
    "body",
    [
        paragraphs(FIRST, SECOND, THIRD + ' You can read more about the attack in our <a href="/report">report</a>.'),
        paragraphs(FIRST, SECOND, 'Read more about the attack in our <a href="/report">report</a> on the BLA.', THIRD),
        paragraphs(FIRST, "<strong>Related</strong> attacks on the railway have risen sharply since 2023, police said.")
        + paragraphs(SECOND, THIRD),
    ],
    ids=["read-more-in-sentence", "read-more-leading", "related-leading"],
)
def test_related_prose_with_label_words_kept(body: str) -> None:
    article = run(page(body))
    expected = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r"<p>(.*?)</p>", body)]
    assert article.text.splitlines() == expected
    assert article.related == ()


def test_related_article_inside_related_named_wrapper_kept() -> None:
    html_text = (
        '<!doctype html><html><body><div class="related-content-wrapper"><h1>Blast at Quetta</h1>'
        + paragraphs(FIRST, SECOND + ' Officials <a href="/officials">said</a> more.', THIRD)
        + "</div></body></html>"
    )
    article = run(html_text)
    assert FIRST in article.text and THIRD in article.text


# --- comments -------------------------------------------------------------------------------

COMMENT = "This is a reader comment that says the government has failed the people of Quetta once again."
WORDPRESS = f"""<div id="comments" class="comments-area"><h3 class="comments-title">2 Comments</h3>
<ol class="comment-list"><li class="comment"><div class="comment-body"><p>{COMMENT}</p></div></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.
Required fields are marked *</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
</div></div>"""


@pytest.mark.parametrize("inside", [True, False], ids=["in-article", "after-article"])
@pytest.mark.parametrize(
    "block",
    [
        WORDPRESS,
        '<h3>Post a comment</h3><form action="/comment"><p>Your email address will not be published.</p>'
        "<textarea></textarea></form>",
        f'<section class="comments"><h2>Comments</h2><p>{COMMENT}</p></section>',
        f'<div id="disqus_thread"><p>{COMMENT}</p></div>',
        "<h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p>"
        f'<p><input name="author"></p><div class="comment-text"><p>{COMMENT}</p></div>',
    ],
    ids=["wordpress", "bare-form", "comments-class", "disqus", "labels-only"],
)
def test_comments_never_in_text(block: str, inside: bool) -> None:
    body = paragraphs(*PARAGRAPHS)
    article = run(page(body + block) if inside else page(body, after=block))
    for leak in ("Leave a Reply", "Post a comment", "Your email address", "Required fields", "reader comment"):
        assert leak not in article.text
    assert article.text.splitlines() == list(PARAGRAPHS)


# --- failures -------------------------------------------------------------------------------

RUSSIAN = (
    "Террорист-смертник взорвал себя на железнодорожном вокзале Кветты в субботу утром, убив не менее 26 человек "
    "и ранив десятки других, когда пассажиры ждали поезда в Пешавар, сообщили официальные лица."
)
NAV_ONLY = """<!doctype html><html><head><title>News Example</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li>
<li><a href="/sport/">Sport</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse the site you
agree to our use of cookies.</p><button>Accept</button></div>
<footer><p>© 2024 News Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>"""


@pytest.mark.parametrize(
    ("html_text", "reason"),
    [
        ("", "empty page"),
        ("  \n\t ", "empty page"),
        ("<!doctype html><html><head><title>x</title></head><body> </body></html>", "empty page"),
        (NAV_ONLY, "no article text found (page is navigation/boilerplate only)"),
        ('{"title": "Quetta blast", "text": "A suicide bomber struck."}', "not HTML: JSON"),
        (bytes(range(256)).decode("utf-8", errors="replace") * 4, "not HTML: binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".decode("latin-1") * 8, "not HTML: binary"),
        ("Just a line of plain text, no markup at all. " * 10, "not HTML: no markup"),
        ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not HTML: a PDF"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>', "not HTML: an RSS"),
        (page(paragraphs("Two people were hurt in a blast in Quetta.")), "article text too short"),
        (
            page(paragraphs(RUSSIAN)).encode("cp1251").decode("utf-8", errors="replace"),
            "undecodable text: wrong character encoding",
        ),
    ],
    ids=[
        *("empty", "whitespace", "empty-body", "boilerplate", "json", "binary", "png", "plain-text", "pdf", "rss"),
        *("short", "wrong-charset"),
    ],
)
def test_extract_failure_reason(html_text: str, reason: str) -> None:
    with pytest.raises(ExtractError) as caught:
        run(html_text)
    message = str(caught.value)
    assert message.startswith(reason)
    assert "\n" not in message


def test_extract_needs_html_or_text() -> None:
    with pytest.raises(ExtractError, match="neither HTML nor text"):
        extract(RawDocument(source="test"))


# --- text records ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-01-30 10:12:00", "2023-01-30"),
        ("2023-01-30T10:12:00Z", "2023-01-30"),
        ("2023-01-30T23:30:00-05:00", "2023-01-30"),
        ("Mon, 30 Jan 2023 10:12:00 GMT", "2023-01-30"),
        ("January 30, 2023", "2023-01-30"),
        ("2023-01", "2023-01"),
        ("2023", "2023"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_text_record_date_normalised(published: str | None, expected: str | None) -> None:
    raw = RawDocument(source="records.jsonl:3", text=" ".join(PARAGRAPHS), published=published, record_id="r3")
    article = extract(raw)
    assert article.published == expected
    assert (article.record_id, article.related, article.language) == ("r3", (), "en")


def test_text_record_whitespace_normalised() -> None:
    raw = RawDocument(source="records.jsonl:1", text=f"  {FIRST}\n\n\n{SECOND}  \t\n \n{THIRD.replace(' ', '   ')}")
    assert extract(raw).text.splitlines() == list(PARAGRAPHS)


def test_text_record_too_short_raises() -> None:
    with pytest.raises(ExtractError, match=r"^article text too short \(\d+ characters"):
        extract(RawDocument(source="records.jsonl:2", text="Blast in Quetta."))


# --- the seed article's shape ---------------------------------------------------------------


def seed_page(text: str) -> tuple[str, list[str], list[str]]:
    """The seed article as a page: in-body ALSO SEE blocks, a Related Articles list, a comment form.

    Returns the HTML, the ALSO SEE headlines and the Related Articles items.
    """
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    start = next(i for i, block in enumerate(blocks) if block.startswith("Islamabad/Kabul"))
    end = blocks.index("Related Articles")
    body, headlines, i = [], [], start
    while i < end:
        block = blocks[i]
        if block == "ALSO SEE":
            headline, teaser = blocks[i + 1], blocks[i + 2]
            slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
            headlines.append(headline)
            body.append(
                '<div class="wp-block-group"><p class="label"><strong>ALSO SEE</strong></p>'
                f'<h4><a href="/{slug}/">{html.escape(headline)}</a></h4><p>{html.escape(teaser)}</p></div>'
            )
            i += 3
            continue
        tag = "h2" if len(block) < 40 and not block.endswith(".") else "p"
        body.append(f"<{tag}>{html.escape(block)}</{tag}>")
        i += 1
    items = blocks[end + 1].splitlines()
    related = "".join(
        f'<li><a href="/story-{n}/"><img src="/thumb-{n}.jpg" alt=""></a><p><a href="/story-{n}/">'
        f"{html.escape(item)}</a></p></li>"
        for n, item in enumerate(items)
    )
    html_text = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(blocks[1])}</title><meta property="article:published_time" content="2025-09-20T09:00:00+05:00">
</head><body><header><div class="newsflash">{html.escape(blocks[0])}</div><nav><a href="/">Home</a></nav></header>
<main><article><h1>{html.escape(blocks[1])}</h1><p class="standfirst">{html.escape(blocks[2])}</p>
<span class="read-time">{html.escape(blocks[3])}</span><div class="entry-content">{"".join(body)}</div></article>
<div class="related-posts-wrap"><h3 class="section-title">Related Articles</h3><ul>{related}</ul></div>
<div class="comments-wrap"><h3>Post a comment</h3><div id="respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform"><p class="comment-notes">Your email address will not be published. Required fields are
marked <span class="required">*</span></p><textarea name="comment"></textarea></form></div></div>
</main></body></html>"""
    return html_text, headlines, items


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_extract_seed_article_shape() -> None:
    html_text, headlines, items = seed_page(SEED.read_text(encoding="utf-8"))
    article = run(html_text, url="https://seed.example/2025/09/20/leaked-video/")
    assert len(headlines) == 3 and len(items) == 4
    for leak in [*headlines, *items, "ALSO SEE", "Related Articles", "Leave a Reply", "Post a comment"]:
        assert leak not in article.text
    assert "Your email address" not in article.text
    assert "Ambassador Akram warned" in article.text
    assert "Islamabad has repeatedly urged Kabul" in article.text
    titles = [link.title for link in article.related]
    assert titles[:3] == headlines and titles[3:] == items
    assert all(link.url and link.url.startswith("https://seed.example/") for link in article.related)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistan\nBlast in Quetta\nFirst paragraph.", "First paragraph."),
        ("Blast in Quetta\nFirst paragraph.", "First paragraph."),
        ("A long first line that is not a kicker at all\nBlast in Quetta\nBody.", None),
        ("First paragraph.\nSecond.", None),
    ],
)
def test_extract_drops_repeated_headline(text, expected):
    from wirewatch.extract import drop_headline

    assert drop_headline(text, "Blast in Quetta") == (expected if expected is not None else text)
