"""The wirewatch_dates component: absolute dates, relative ones against the publication date, skips."""

from __future__ import annotations

import re

import pytest

from wirewatch.nlp import DocContext
from wirewatch.nlp.dates import DateValue, Publication

ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
SATURDAY = "2025-09-20"
"""Publication date of the seed article, a Saturday."""


def dates(nlp, text: str, published: str | None = SATURDAY) -> dict[str, DateValue]:
    """The dates found in ``text``, by their text; checks every span's offsets slice the text."""
    doc = nlp.make_doc(text)
    doc._.ww_context = DocContext(published=published)
    doc = nlp(doc)
    found = {}
    for span in doc._.ww_dates:
        assert text[span.start_char : span.end_char] == span.text
        found[span.text] = span._.ww_date
    return found


@pytest.mark.parametrize(
    ("text", "mention", "value", "precision"),
    [
        ("The blast happened on January 30, 2023, police said.", "January 30, 2023", "2023-01-30", "day"),
        ("The blast happened on 30 Jan 2023, police said.", "30 Jan 2023", "2023-01-30", "day"),
        ("Gunmen stormed the school on 16 December 2014.", "16 December 2014", "2014-12-16", "day"),
        ("The talks began in March 2025 in Doha.", "March 2025", "2025-03", "month"),
        ("Attacks rose sharply in 2024.", "2024", "2024", "year"),
        ("September 20, 2025\n\nIslamabad/Kabul - A leaked video", "September 20, 2025", "2025-09-20", "day"),
        ("The train was hijacked in Sept. 2024.", "Sept. 2024", "2024-09", "month"),
        ("It was stormed on Monday, January 30, 2023.", "Monday, January 30, 2023", "2023-01-30", "day"),
        ("The siege ended on the 5th of May 2024.", "5th of May 2024", "2024-05-05", "day"),
        ("The attack of 30/01/2023 was claimed.", "30/01/2023", "2023-01-30", "day"),
        ("The attack of 2023-01-30 was claimed.", "2023-01-30", "2023-01-30", "day"),
        ("The ceasefire collapsed in mid-2023.", "mid-2023", "2023", "year"),
    ],
)
def test_dates_absolute(nlp, text, mention, value, precision):
    found = dates(nlp, text)
    assert found[mention] == DateValue(value, precision, False, found[mention].how)


@pytest.mark.parametrize(
    ("text", "mention", "value", "precision"),
    [
        (
            "At a weekly media briefing on Friday, the Foreign Office (FO) spokesperson spoke.",
            "Friday",
            "2025-09-19",
            "day",
        ),
        ("Police said Friday's attack was planned.", "Friday", "2025-09-19", "day"),
        ("Monday's bombing killed 12.", "Monday", "2025-09-15", "day"),
        ("The army said on Saturday that the siege was over.", "Saturday", "2025-09-20", "day"),
        ("The post was attacked last Saturday.", "last Saturday", "2025-09-13", "day"),
        ("The group was banned last week.", "last week", "2025-09-08", "week"),
        ("Officials met earlier in the week.", "earlier in the week", "2025-09-15", "week"),
        ("Two soldiers were killed yesterday.", "yesterday", "2025-09-19", "day"),
        ("The minister visits the city today.", "today", "2025-09-20", "day"),
        ("Gunmen attacked the convoy this morning.", "this morning", "2025-09-20", "day"),
        ("It was the third attack earlier this month.", "earlier this month", "2025-09", "month"),
        ("The curfew was lifted last month.", "last month", "2025-08", "month"),
        ("The group was founded last year.", "last year", "2024", "year"),
        ("The bodies were found two days ago.", "two days ago", "2025-09-18", "day"),
        ("Shelling began on Wednesday night.", "Wednesday night", "2025-09-17", "day"),
        ("The toll was given late on Tuesday.", "Tuesday", "2025-09-16", "day"),
        ("The talks will resume on Monday.", "Monday", "2025-09-22", "day"),
        ("Peshawar has been hit repeatedly. Last March, a bomber struck.", "Last March", "2025-03", "month"),
        ("The TTP ended its ceasefire in November last year.", "November last year", "2024-11", "month"),
        ("The ceasefire ended in late November.", "late November", "2024-11", "month"),
    ],
)
def test_dates_relative_to_publication(nlp, text, mention, value, precision):
    found = dates(nlp, text)
    assert found[mention] == DateValue(value, precision, True, found[mention].how)


@pytest.mark.parametrize(
    ("published", "text", "mention", "value"),
    [
        ("2023-02-04", "The Jan. 30 bombing killed 84.", "Jan. 30", "2023-01-30"),
        ("2023-01-05", "The Dec. 30 raid was the first.", "Dec. 30", "2022-12-30"),
        ("2025-03-13", "Refugees were told to leave by Nov. 30.", "Nov. 30", "2024-11-30"),
        ("2021-08-27", "Flights would carry on until the Aug. 31 deadline.", "Aug. 31", "2021-08-31"),
        ("2025-10-19", "Both sides agreed to meet again in Istanbul on Oct. 25.", "Oct. 25", "2025-10-25"),
    ],
)
def test_dates_yearless_take_the_publication_year(nlp, published, text, mention, value):
    assert dates(nlp, text, published)[mention].value == value


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("A day earlier, police had raided a house.", "A day earlier", "2025-09-19"),
        ("The day before, police had raided a house.", "The day before", "2025-09-19"),
        ("On Tuesday, militants attacked a post. A day earlier, police raided a house.", "A day earlier", "2025-09-15"),
        ("Militants attacked a post on Tuesday and the next day police raided a house.", "the next day", "2025-09-17"),
        ("On Jan. 30, 2023 a bomber struck. The same day, police were attacked.", "The same day", "2023-01-30"),
        ("On Tuesday, militants attacked. Two days later the army struck.", "Two days later", "2025-09-18"),
        # "earlier" paragraphs after the story's day counts from that day, not from publication
        (
            "Gunmen took 300 girls on Friday. Police searched. Parents waited. Nine days earlier, a school was hit.",
            "Nine days earlier",
            "2025-09-10",
        ),
    ],
)
def test_dates_day_earlier_counts_from_an_anchor_or_publication(nlp, text, mention, value):
    found = dates(nlp, text)
    assert found[mention].value == value
    assert found[mention].precision == "day"


@pytest.mark.parametrize(
    "text",
    [
        "Over the past year, Pakistan has witnessed a surge in militant attacks.",
        "The siege lasted for three days.",
        "A two-year-old was among the wounded.",
        "The blast went off at 1:40 pm.",
        "Attacks have risen in recent months.",
        "The crossing was shut for more than a week.",
        "Police raided the house the day before the attack.",
        "He said it would take days to clear the rubble.",
        "May God have mercy on them, he said.",
    ],
)
def test_dates_skip_periods_durations_and_times(nlp, text):
    assert dates(nlp, text) == {}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("The blast happened on Friday.", "Friday"),
        ("The group was banned last week.", "last week"),
        ("Two soldiers were killed yesterday.", "yesterday"),
        ("A day earlier, police had raided a house.", "A day earlier"),
        ("The Jan. 30 bombing killed 84.", "Jan. 30"),
        ("The curfew was lifted last month.", "last month"),
    ],
)
def test_dates_without_publication_stay_unresolved(nlp, text, mention):
    value = dates(nlp, text, None)[mention]
    assert (value.value, value.precision, value.relative) == (None, None, True)


def test_dates_without_publication_keep_absolute_dates(nlp):
    assert dates(nlp, "The blast happened on January 30, 2023.", None)["January 30, 2023"].value == "2023-01-30"


@pytest.mark.parametrize(
    ("published", "text", "mention", "value", "relative"),
    [
        (SATURDAY, "The attack on march 3, 2023 killed ten.", "march 3, 2023", "2023-03-03", False),
        (SATURDAY, "The blast on 30th of january killed ten.", "30th of january", "2025-01-30", True),
        (None, "The blast on 30th of january killed ten.", "30th of january", None, True),
    ],
)
def test_dates_fallback_to_dateparser(nlp, published, text, mention, value, relative):
    from wirewatch.nlp.dates import _dateparser

    before = _dateparser.cache_info()
    found = dates(nlp, text, published)[mention]
    assert (found.value, found.relative) == (value, relative)
    if value is not None:
        assert found.how.startswith("dateparser")
        dates(nlp, text, published)
        assert _dateparser.cache_info().hits > before.hits  # the second reading comes from the cache


@pytest.mark.parametrize(
    ("published", "mention", "value"),
    [("2025-09", "last month", "2025-08"), ("2025-09", "last week", None), ("2025", "last year", "2024")],
)
def test_dates_partial_publication_resolves_what_it_can(nlp, published, mention, value):
    text = "Talks failed last week, the curfew was lifted last month and the group was banned last year."
    assert dates(nlp, text, published)[mention].value == value


@pytest.mark.parametrize(
    ("published", "date", "precision"),
    [
        ("2025-09-20", "2025-09-20", "day"),
        ("2025-09-20T10:00:00+05:00", "2025-09-20", "day"),
        ("2025-09", "2025-09-01", "month"),
        ("", None, None),
    ],
)
def test_dates_publication_parse(published, date, precision):
    pub = Publication.parse(published)
    assert (pub.date.isoformat() if pub.date else None, pub.precision) == (date, precision)


@pytest.mark.slow
def test_dates_demo_corpus(demo_docs):
    assert len(demo_docs) == 34
    total = 0
    for name, article, doc in demo_docs:
        for span in doc._.ww_dates:
            value = span._.ww_date
            assert article.text[span.start_char : span.end_char] == span.text
            assert value.value is None or ISO.fullmatch(value.value), (name, span.text, value)
            assert (value.value is None) == (value.precision is None)
            total += 1
    assert total > 150  # the demo pages carry about five dates each
