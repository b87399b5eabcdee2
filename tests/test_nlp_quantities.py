"""The wirewatch_quantities component: figures, qualifiers, what is counted, casualty categories."""

from __future__ import annotations

import pytest

from wirewatch.nlp.quantities import QuantityValue, load_numbers


def quantities(nlp, text: str) -> dict[str, QuantityValue]:
    """The figures found in ``text``, by their text; checks every span's offsets slice the text."""
    doc = nlp(text)
    found = {}
    for span in doc._.ww_quantities:
        assert text[span.start_char : span.end_char] == span.text
        found[span.text] = span._.ww_quantity
    return found


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        # (value, low, high, qualifier, noun, category)
        ("At least 28 people were killed in the blast.", "At least 28", (28, 28, None, "at_least", "people", "killed")),
        (
            "He said more than 60 terrorist camps continue to operate.",
            "more than 60",
            (60, 60, None, "more_than", "camp", "other"),
        ),
        ("Cyclone Ditwah kills 123, leaves 130 missing.", "123", (123, 123, 123, "exact", None, "killed")),
        ("Cyclone Ditwah kills 123, leaves 130 missing.", "130", (130, 130, 130, "exact", None, "missing")),
        ("Dozens were injured in the stampede.", "Dozens", (None, 24, None, "vague", None, "injured")),
        ("Scores of people were killed.", "Scores", (None, 40, None, "vague", "people", "killed")),
        ("Hundreds of people were arrested.", "Hundreds", (None, 200, None, "vague", "people", "arrested")),
        ("Several were abducted from the bus.", "Several", (None, 3, None, "vague", None, "kidnapped")),
        ("A 10-member family was killed in the strike.", "10", (10, 10, 10, "exact", "member", "killed")),
        ("Twenty-three soldiers were killed.", "Twenty-three", (23, 23, 23, "exact", "soldier", "killed")),
        ("Twelve killed in Bannu blast", "Twelve", (12, 12, 12, "exact", None, "killed")),
        ("One hundred people were wounded.", "One hundred", (100, 100, 100, "exact", "people", "injured")),
        (
            "One hundred and twenty people were wounded.",
            "One hundred and twenty",
            (120, 120, 120, "exact", "people", "injured"),
        ),
        (
            "Between 20 and 30 people were abducted.",
            "Between 20 and 30",
            (20, 20, 30, "range", "people", "kidnapped"),
        ),
        ("Police said 20 to 30 militants were arrested.", "20 to 30", (20, 20, 30, "range", "militant", "arrested")),
        ("Officials said 28-32 people died.", "28-32", (28, 28, 32, "range", "people", "killed")),
        ("Up to 50 hostages were freed.", "Up to 50", (50, None, 50, "at_most", "hostage", "kidnapped")),
        ("Nearly 100 people died.", "Nearly 100", (100, None, 100, "fewer_than", "people", "killed")),
        ("The toll has risen to about 170.", "about 170", (170, None, None, "about", None, "killed")),
        ("Some 200 villagers were detained.", "Some 200", (200, None, None, "about", "villager", "arrested")),
        ("Over 200 attackers killed, army says", "Over 200", (200, 200, None, "more_than", "attacker", "killed")),
        ("The death toll rose to 100 on Tuesday.", "100", (100, 100, 100, "exact", None, "killed")),
        ("The bomber struck, killing 84 and wounding dozens more.", "84", (84, 84, 84, "exact", None, "killed")),
        (
            "The bomber struck, killing 84 and wounding dozens more.",
            "dozens",
            (None, 24, None, "vague", None, "injured"),
        ),
        ("Militants shot two guards at the gate.", "two", (2, 2, 2, "exact", "guard", "other")),
        ("13 U.S. service members were killed.", "13", (13, 13, 13, "exact", "member", "killed")),
        ("Twenty soldiers and two guards died.", "two", (2, 2, 2, "exact", "guard", "killed")),
        ("The attack left 10 people dead.", "10", (10, 10, 10, "exact", "people", "killed")),
        ("Nine members of staff were among the dead.", "Nine", (9, 9, 9, "exact", "member", "killed")),
        ("Police put the death toll at 148.", "148", (148, 148, 148, "exact", None, "killed")),
        ("Twenty people lost their lives in the floods.", "Twenty", (20, 20, 20, "exact", "people", "killed")),
        ("Rescuers recovered 43 bodies.", "43", (43, 43, 43, "exact", "body", "killed")),
        ("Gunmen took 50 passengers hostage.", "50", (50, 50, 50, "exact", "passenger", "kidnapped")),
        ("Militants killed 5 soldiers.", "5", (5, 5, 5, "exact", "soldier", "killed")),
        ("About a dozen soldiers were wounded.", "About a dozen", (12, None, None, "about", "soldier", "injured")),
        (
            "More than two dozen people were killed.",
            "More than two dozen",
            (24, 24, None, "more_than", "people", "killed"),
        ),
        (
            "The floods displaced about 5.2 million people.",
            "about 5.2 million",
            (5200000, None, None, "about", "people", "other"),
        ),
        ("The army said 1,081 people died.", "1,081", (1081, 1081, 1081, "exact", "people", "killed")),
        (
            "The floods destroyed hundreds of thousands of homes.",
            "hundreds of thousands",
            (None, 200000, None, "vague", "home", "other"),
        ),
        ("Twenty-six hostages were killed in the hijacking.", "Twenty-six", (26, 26, 26, "exact", "hostage", "killed")),
        (
            "Security Forces Clash with Militants in Balochistan; 10 Killed\n\nSecurity forces struck back",
            "10",
            (10, 10, 10, "exact", None, "killed"),
        ),
    ],
)
def test_quantities_reading(nlp, text, mention, expected):
    value = quantities(nlp, text)[mention]
    assert (value.value, value.low, value.high, value.qualifier, value.noun, value.category) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A 25-year-old man was arrested.",
        "The men were aged 25 and 30.",
        "The blast went off at 1:40 pm.",
        "Talks resumed at 2 pm on Sunday.",
        "The attack happened in 2024.",
        "The attack happened on Jan 30.",
        "MOGADISHU, 30 October (Horn Monitor) - The city was calm.",
        "Attacks rose by 45 per cent.",
        "Attacks rose by 45% last year.",
        "The fund is worth $160 million.",
        "Families were paid Rs 10 lakh each.",
        "Call 051-1234567 for information.",
        "Police invoked Section 144 in the city.",
        "The siege lasted for three days.",
        "A 48-hour truce was agreed.",
        "It was one of the deadliest attacks.",
        "It was the first attack on the city.",
        "The convoy reached 100.",
        "The station had several layers of security.",
    ],
)
def test_quantities_skip_what_is_not_a_count(nlp, text):
    assert quantities(nlp, text) == {}


@pytest.mark.parametrize(
    ("text", "mention", "category"),
    [
        ("The district hospital had received the bodies of 17 policemen.", "17", "killed"),
        ("Rescuers pulled the corpses of 12 miners from the shaft.", "12", "killed"),
        ("Villagers buried the remains of seven shepherds.", "seven", "killed"),
        ("Students marched over the deaths of three classmates.", "three", "killed"),
        ("The abduction of 80 pupils from the school was reported on Monday.", "80", "kidnapped"),
        ("Lawyers condemned the arrest of 40 protesters.", "40", "arrested"),
        # what the "of" phrase says of the counted decides, not a casualty word nearby
        ("The families of 29 victims met the minister.", "29", "other"),
        ("He ordered the release of 50 prisoners.", "50", "other"),
        ("He was outraged by the killing of 100 civilians.", "100", "other"),
        # the state a verb leaves its object in
        ("Security forces shot dead five protesters on Saturday.", "five", "killed"),
        ("Gunmen shot four farmers dead near the village.", "four", "killed"),
        ("Two traders were stabbed to death in the market.", "Two", "killed"),
        ("Police shot three protesters in the legs.", "three", "other"),
        # a figure inside another noun's phrase: the verb after it is that noun's
        ("At least 106 protesters in 21 cities have been killed.", "21", "other"),
        ("At least 106 protesters in 21 cities have been killed.", "At least 106", "killed"),
    ],
)
def test_quantities_of_phrase_says_what_happened_to_the_counted(nlp, text, mention, category):
    assert quantities(nlp, text)[mention].category == category


def test_quantities_two_figures_in_a_change(nlp):
    found = quantities(nlp, "The death toll rose from 59 to 100.")
    assert [(v.value, v.qualifier, v.category) for v in found.values()] == [
        (59, "exact", "killed"),
        (100, "exact", "killed"),
    ]


def test_quantities_lexicon_conventions():
    numbers = load_numbers()
    assert {
        words: v.low
        for words, v in numbers.vague.items()
        if words in {("dozens",), ("scores",), ("hundreds",), ("several",)}
    } == {
        ("dozens",): 24,
        ("scores",): 40,
        ("hundreds",): 200,
        ("several",): 3,
    }
    assert numbers.qualifiers[("more", "than")] == "more_than"
    assert numbers.qualifiers[("up", "to")] == "at_most"


@pytest.mark.slow
def test_quantities_demo_corpus(demo_docs):
    assert len(demo_docs) == 34
    casualties = 0
    for name, article, doc in demo_docs:
        for span in doc._.ww_quantities:
            value = span._.ww_quantity
            assert 0 <= span.start_char < span.end_char <= len(article.text)
            assert article.text[span.start_char : span.end_char] == span.text
            assert value.value is not None or value.low is not None or value.high is not None
            if value.category != "other":
                casualties += 1
                assert value.value is None or 0 < value.value < 10_000_000, (name, span.text, value)
    assert casualties > 100  # every demo page reports casualties
