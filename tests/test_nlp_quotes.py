"""The wirewatch_quotes component (wirewatch/nlp/quotes.py): direct and indirect quotes and their speakers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "wirewatch" / "data" / "corpus" / "pages"
SEED_FILE = ROOT.parent / "shared" / "data" / "seed" / "article.txt"
# The seed article is read where it lies (shared/, beside the repository, as in CI), never copied in.
# Every other text below was written for these tests.

NAQVI = "Interior Minister Mohsin Naqvi"
FLOOR_QUOTE_F1 = 0.97
"""Measured 0.992 (P 1.000, R 0.984) on 2026-11-24 against the amended gold (123 quotes) with
`python evaluation/predict.py /tmp/h10pred && python evaluation/score.py /tmp/h10pred`; 0.860 against
the 93 quotes before the amendment (see evaluation/README.md, Changelog)."""
FLOOR_QUOTE_PRECISION = 0.95
"""Measured 1.000 the same day."""
FLOOR_SPEAKER = 0.97
"""Speaker accuracy on matched quotes, measured 0.992 the same day."""
LEAD = "Traders reopened their shops in the old city on Monday.\n"
"""A first sentence without speech: what follows it is not the news lead."""
PAKISTAN = "The attack took place in Pakistan's Balochistan province, near the border with Iran. "


def analyse(nlp, text: str, *, published: str | None = "2025-09-20"):
    from wirewatch.nlp import DocContext

    doc = nlp.make_doc(text)
    doc._.ww_context = DocContext(published=published)
    return nlp(doc)


def quotes(doc, kind: str | None = None):
    return [(s, s._.ww_quote) for s in doc._.ww_quotes if kind is None or s._.ww_quote.kind == kind]


def quote_of(doc, snippet: str):
    """The (span, value) of the quote whose text contains ``snippet``."""
    found = [(s, v) for s, v in quotes(doc) if snippet in s.text]
    assert found, f"no quote contains {snippet!r}: {[s.text for s, _ in quotes(doc)]}"
    return found[0]


def assert_offsets(doc) -> None:
    for span in doc._.ww_quotes:
        assert doc.text[span.start_char : span.end_char] == span.text
        if span._.ww_quote.kind == "direct":
            assert span.text[0] not in '"“”‘’«»' and span.text[-1] not in '"“”‘’«»,'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (f'"We will not allow anyone to use our soil against Pakistan," {NAQVI} told reporters.', "tell"),
        (f"“We will not allow anyone to use our soil against Pakistan,” {NAQVI} told reporters.", "tell"),
        (f"“We will not allow anyone to use our soil against Pakistan,” said {NAQVI}.", "say"),
        (f'{NAQVI} said: "We will not allow anyone to use our soil against Pakistan."', "say"),
        (f"{NAQVI} said: “We will not allow anyone to use our soil against Pakistan.”", "say"),
    ],
    ids=["straight-after", "curly-after", "said-first", "straight-before", "curly-before"],
)
def test_nlp_quotes_direct_forms(nlp, text, said):
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc)  # the speech verb's clause is the quote: no indirect record besides
    assert span.text.startswith("We will not allow anyone") and span.text.rstrip(".").endswith("against Pakistan")
    assert (value.speaker, value.speaker_role, value.person, value.cue) == (
        "Mohsin Naqvi",
        "Interior Minister",
        "Mohsin Naqvi",
        said,
    )
    assert "Mohsin Naqvi" in value.how
    assert_offsets(doc)


@pytest.mark.parametrize("marks", [("“", "”"), ('"', '"')], ids=["curly", "straight"])
def test_nlp_quotes_multi_paragraph_is_one_span(nlp, marks):
    o, c = marks
    text = (
        f"{NAQVI} said on Monday: {o}The attackers came from across the border and we know who sent them.\n\n"
        f"{o}We have shared the evidence with Kabul and we expect action this week.{c}\n\n"
        "Officials said the crossing would stay closed."
    )
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc, "direct")
    assert span.text.startswith("The attackers came") and span.text.endswith("action this week.")
    assert "\n\n" in span.text
    assert value.speaker == "Mohsin Naqvi"
    assert_offsets(doc)


def test_nlp_quotes_interrupted_quote_is_two_records_one_speaker(nlp):
    text = (
        f"“The border will stay closed until further notice,” {NAQVI} said. “Trade will resume when the threat ends.”"
    )
    doc = analyse(nlp, text)
    (first, v1), (second, v2) = quotes(doc, "direct")
    assert first.text == "The border will stay closed until further notice"
    assert second.text == "Trade will resume when the threat ends."
    assert v1.speaker == v2.speaker == "Mohsin Naqvi"
    assert v2.how.startswith("continues the quote")


def test_nlp_quotes_he_added_after_named_speaker(nlp):
    text = f"{NAQVI} said the border would stay closed. He added that trade would resume within a week."
    doc = analyse(nlp, text)
    span, value = quote_of(doc, "trade would resume")
    assert span.text == "trade would resume within a week"
    assert (value.kind, value.speaker, value.cue) == ("indirect", "Mohsin Naqvi", "add")
    assert "He" in value.how


@pytest.mark.parametrize(
    ("sentence", "clause", "cue"),
    [
        ("{who} said that the attackers had been identified.", "the attackers had been identified", "say"),
        ("{who} said the attackers had been identified.", "the attackers had been identified", "say"),
        ("{who} told reporters the attackers had been identified.", "the attackers had been identified", "tell"),
        ("{who} warned that more attacks could follow.", "more attacks could follow", "warn"),
        ("{who} insisted that the operation would continue.", "the operation would continue", "insist"),
        ("{who} denied that civilians had been hurt.", "civilians had been hurt", "deny"),
        ("{who} claimed that the militants had fled.", "the militants had fled", "claim"),
        ("{who} said in a statement that the area was cleared.", "the area was cleared", "say"),
    ],
)
def test_nlp_quotes_indirect_speech_verbs(nlp, sentence, clause, cue):
    doc = analyse(nlp, sentence.format(who=NAQVI))
    ((span, value),) = quotes(doc, "indirect")
    assert span.text == clause
    assert (value.speaker, value.cue) == ("Mohsin Naqvi", cue)
    assert value.how == f"nsubj of '{doc[value_verb(doc, cue)].text}' is person 'Mohsin Naqvi'"


def value_verb(doc, lemma: str) -> int:
    return next(t.i for t in doc if t.lemma_ == lemma)


ISPR = ("Inter-Services Public Relations", "ispr")


@pytest.mark.parametrize(
    ("text", "said", "organization"),
    [
        ("The ISPR said in a statement that five militants were killed.", "five militants were killed", ISPR),
        (
            "The Taliban said they had no role in the attack.",
            "they had no role in the attack",
            ("Afghan Taliban", "afghan-taliban"),
        ),
        (
            "According to the ISPR, five militants were killed in the raid.",
            "five militants were killed in the raid",
            ISPR,
        ),
        (
            "The group, the ISPR said in a statement, had been planning attacks for months.",
            "had been planning attacks for months",
            ISPR,
        ),
    ],
    ids=["ispr-said", "taliban-said", "according-to", "nearest-subject"],
)
def test_nlp_quotes_organisation_speakers(nlp, text, said, organization):
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc)
    assert (value.kind, value.speaker, (value.organization, value.actor_id)) == ("indirect", None, organization)
    assert said in span.text


def test_nlp_quotes_attribution_in_next_sentence(nlp):
    text = f"{NAQVI} visited the site on Sunday. “The attackers will be hunted down.” He said the state would respond."
    doc = analyse(nlp, text)
    span, value = quote_of(doc, "hunted down")
    assert (span.text, value.kind, value.speaker) == ("The attackers will be hunted down.", "direct", "Mohsin Naqvi")
    assert value.how.startswith("in the next sentence")


def test_nlp_quotes_pronoun_is_the_last_speaker(nlp):
    text = f"{NAQVI} warned that the state would respond. “The terrorists will be hunted down,” he said."
    doc = analyse(nlp, text)
    _, value = quote_of(doc, "hunted down")
    assert (value.kind, value.speaker) == ("direct", "Mohsin Naqvi")
    assert "pronoun 'he' -> latest person who fits" in value.how


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("The attackers fled towards the mountains, police said.", "The attackers fled towards the mountains"),
        (
            "PESHAWAR, Jan 30 (Frontier Wire) – A bomber killed 12 people at a checkpoint, officials said.",
            "A bomber killed 12 people at a checkpoint",
        ),
        (
            "The attackers, police said, fled towards the mountains.",
            "The attackers, police said, fled towards the mountains",
        ),
    ],
    ids=["clause-first", "dateline-cut", "parenthetical"],
)
def test_nlp_quotes_reported_clause_before_the_verb(nlp, text, clause):
    doc = analyse(nlp, LEAD + text)
    ((span, value),) = quotes(doc)
    assert (span.text, value.kind, value.cue) == (clause, "indirect", "say")


def test_nlp_quotes_quoted_phrase_inside_reported_clause(nlp):
    text = f"{NAQVI} said the army was “ready to respond to any aggression” and would not back down."
    doc = analyse(nlp, text)
    (phrase, direct), (clause, indirect) = sorted(quotes(doc), key=lambda q: q[1].kind)
    assert phrase.text == "ready to respond to any aggression" and direct.speaker == "Mohsin Naqvi"
    assert clause.text == "the army was “ready to respond to any aggression” and would not back down"
    assert indirect.speaker == "Mohsin Naqvi"


def test_nlp_quotes_according_to(nlp):
    text = "According to the ISPR, five militants were killed in the raid."
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc)
    assert span.text == "five militants were killed in the raid"
    assert value.cue == "according to"


def test_nlp_quotes_military_statement(nlp):
    text = (
        PAKISTAN
        + "Five soldiers were killed in an attack on a convoy in Pakistan's Kech district, a military statement said."
    )
    doc = analyse(nlp, text)
    span, value = quote_of(doc, "Five soldiers")
    assert span.text == "Five soldiers were killed in an attack on a convoy in Pakistan's Kech district"
    assert (value.speaker, value.speaker_role, value.organization) == (None, None, "Military Forces of Pakistan")
    assert value.actor_id == "military-forces-of-pakistan"


def test_nlp_quotes_role_only_speaker(nlp):
    text = PAKISTAN + "A police official said the attackers fled towards the mountains."
    doc = analyse(nlp, text)
    _, value = quote_of(doc, "attackers fled")
    assert (value.speaker, value.speaker_role, value.organization) == (None, "official", "Police Forces of Pakistan")
    assert value.person == "official (police)"  # the people component's unnamed mention, keyed by role and body


def test_nlp_quotes_apostrophe_does_not_end_quote(nlp):
    text = f"‘The group’s fighters will not be spared anywhere in the country,’ {NAQVI} said."
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc, "direct")
    assert span.text == "The group’s fighters will not be spared anywhere in the country"
    assert value.speaker == "Mohsin Naqvi"
    text = f"“The group’s fighters will not be spared,” {NAQVI} said."
    ((span, _),) = quotes(analyse(nlp, text), "direct")
    assert span.text == "The group’s fighters will not be spared"


def test_nlp_quotes_unclosed_mark_stops_at_paragraph_end(nlp):
    rest = "The crossing at Torkham was closed for a third day. Traders said hundreds of lorries were stuck."
    text = f"{NAQVI} said: “The attackers will be hunted down wherever they hide.\n\n{rest}"
    doc = analyse(nlp, text)
    ((span, value),) = quotes(doc, "direct")
    assert span.text == "The attackers will be hunted down wherever they hide."
    assert span.end_char <= text.index("\n\n")
    assert value.speaker == "Mohsin Naqvi"
    assert_offsets(doc)


@pytest.mark.parametrize(
    "text",
    [
        "Officials described the raid as a “major success” for the security forces.",
        "Gulf States Condemn Attack as Sharif Warns Kabul to ‘Choose’",
    ],
)
def test_nlp_quotes_scare_quotes_are_not_quotes(nlp, text):
    assert quotes(analyse(nlp, text), "direct") == []


def test_nlp_quotes_marks_conventions():
    from wirewatch.nlp.quotes import MAX_QUOTE_CHARS, quote_marks

    text = "He said “one two.\n\n“Three.”"  # no closing mark, next paragraph opens: one quote
    assert [(text[s:e], o, c) for s, e, o, c in quote_marks(text)] == [("one two.\n\n“Three.", 8, text.rindex("”"))]
    text = "He said “one two.”\n\n“Three.”"  # closed: two quotes
    assert [text[s:e] for s, e, _, _ in quote_marks(text)] == ["one two.", "Three."]
    paragraph = "word " * 100  # 500 characters; the quote never closes
    long = "“" + "\n\n“".join([paragraph] * (2 * MAX_QUOTE_CHARS // len(paragraph)))
    start, end, _, close = quote_marks(long)[0]
    assert close == -1 and end - start <= MAX_QUOTE_CHARS + len(paragraph) and end < len(long)
    assert quote_marks("the group’s ‘fighters’ camp") == [(13, 21, 12, 21)]


def test_nlp_quotes_extension_registered(nlp):
    from spacy.tokens import Doc

    doc = analyse(nlp, "Nothing was said here.")
    assert Doc.has_extension("ww_quotes") and doc._.ww_quotes == []
    assert nlp.make_doc("x")._.ww_quotes is None


# -- what is and is not reported speech (evaluation/README.md, "Quote annotation convention") -----------


@pytest.mark.parametrize(
    ("lead", "kept"),
    [
        ("QUETTA — Gunmen killed four labourers near a coal mine on Sunday, police said.", False),
        ("QUETTA — Gunmen killed four labourers near a coal mine on Sunday, the provincial government said.", False),
        ("Gunmen killed four labourers near a coal mine on Sunday, according to local officials.", False),
        (f"QUETTA — Gunmen killed four labourers near a coal mine on Sunday, {NAQVI} said.", True),
        ("QUETTA — The provincial government said on Monday that gunmen had killed four labourers.", True),
    ],
    ids=["police", "organisation", "according-to", "named-person", "speaker-first"],
)
def test_nlp_quotes_news_lead_source_is_not_a_quote(nlp, lead, kept):
    later = "The attackers escaped on motorcycles, police said."
    doc = analyse(nlp, f"{lead}\n{later}")
    found = [s.text for s, _ in quotes(doc)]
    assert "The attackers escaped on motorcycles" in found  # the same form after the lead is a quote
    assert (len(found) == 2) is kept, found
    if kept:
        assert not found[0].startswith("QUETTA"), found  # the dateline is not part of the clause


@pytest.mark.parametrize(
    "text",
    [
        "No group immediately said it carried out the bombing.",
        "Nobody said the road would reopen soon.",
        f"{NAQVI} visited the site. He did not say who had been arrested.",
    ],
    ids=["no-group", "nobody", "did-not-say"],
)
def test_nlp_quotes_speech_that_was_not_made(nlp, text):
    assert quotes(analyse(nlp, LEAD + text)) == []


@pytest.mark.parametrize(
    ("text", "clause", "speaker", "cue"),
    [
        (
            f"{NAQVI} said investigators had found explosives, adding that sabotage could not be ruled out.",
            "sabotage could not be ruled out",
            "Mohsin Naqvi",
            "add",
        ),
        (
            "The Pakistani Taliban denied any role in a statement, saying it had nothing to do with the blast.",
            "it had nothing to do with the blast",
            None,
            "say",
        ),
    ],
    ids=["adding-that", "saying"],
)
def test_nlp_quotes_participle_takes_the_main_verbs_speaker(nlp, text, clause, speaker, cue):
    doc = analyse(nlp, LEAD + text)
    span, value = quote_of(doc, clause)
    assert (span.text, value.kind, value.speaker, value.cue) == (clause, "indirect", speaker, cue)
    if speaker is None:
        assert value.organization == "Tehrik-i-Taliban Pakistan"


def test_nlp_quotes_according_to_the_speakers_channel_is_one_record(nlp):
    text = LEAD + "The Islamic State group said it was behind the bombing, according to its Amaq news agency."
    ((span, value),) = quotes(analyse(nlp, text))
    assert (span.text, value.cue, value.organization) == ("it was behind the bombing", "say", "Islamic State")


def test_nlp_quotes_relative_clause_speech_is_not_a_record(nlp):
    text = LEAD + "The clash followed an air strike on Tuesday, which New Delhi said targeted a training camp."
    assert quotes(analyse(nlp, text)) == []


def test_nlp_quotes_straight_single_marks(nlp):
    text = LEAD + "'The sacrifice of our soldiers shall not go in vain,' Prime Minister Narendra Modi wrote."
    ((span, value),) = quotes(analyse(nlp, text))
    assert (span.text, value.kind, value.speaker, value.cue) == (
        "The sacrifice of our soldiers shall not go in vain",
        "direct",
        "Narendra Modi",
        "write",
    )


def test_nlp_quotes_straight_single_marks_need_a_punctuated_close():
    from wirewatch.nlp.quotes import quote_marks

    # apostrophes, a plural possessive and an unpunctuated pair are not quotes; the curly quote after
    # an unclosed straight mark is still found
    text = "The boys' school isn't 'Best' at all. 'Nothing closes here\nHe said “We know it.”"
    assert [text[s:e] for s, e, _, _ in quote_marks(text)] == ["We know it."]
    text = "'Don't go,' he said."
    assert [text[s:e] for s, e, _, _ in quote_marks(text)] == ["Don't go,"]


@pytest.mark.parametrize(
    "text",
    [
        'Officials suspect Boko Haram, whose name is often translated as "Western education is forbidden".',
        'Protests spread to other cities under the slogan "Bring Back Our Girls".',
    ],
    ids=["translation", "slogan"],
)
def test_nlp_quotes_quoted_names_and_slogans_are_not_quotes(nlp, text):
    assert quotes(analyse(nlp, LEAD + text)) == []


def test_nlp_quotes_office_of_a_person_speaks_for_itself(nlp):
    text = LEAD + "Prime Minister Imran Khan's office said that the country would respond at a time of its choosing."
    ((span, value),) = quotes(analyse(nlp, text))
    assert span.text == "the country would respond at a time of its choosing"
    assert value.speaker is None and value.person is None and "Imran Khan" in value.how


@pytest.mark.slow
def test_nlp_quotes_evaluation_set_meets_pinned_floors(evaluation):
    score, gold, predictions = evaluation
    result = score.score_quotes(gold, predictions["quotes"])
    summary = f"quotes P {result['precision']:.3f} R {result['recall']:.3f} F1 {result['f1']:.3f}"
    summary += f", speaker {result['speaker_accuracy']:.3f}"
    assert result["f1"] >= FLOOR_QUOTE_F1, summary
    assert result["precision"] >= FLOOR_QUOTE_PRECISION, summary
    assert result["speaker_accuracy"] >= FLOOR_SPEAKER, summary


# -- the seed article (read at test time) ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED_FILE.exists():
        pytest.skip(f"seed article not found at {SEED_FILE} (CI has it)")
    return analyse(nlp, SEED_FILE.read_text(encoding="utf-8"))


def test_nlp_quotes_seed_spokesperson(seed):
    span, value = quote_of(seed, "Afghanistan is a close neighbor")
    assert value.kind == "direct"
    assert (value.speaker, value.speaker_role, value.person) == ("Shafqat Ali Khan", "spokesperson", "Shafqat Ali Khan")
    assert value.organization == "Foreign Office"
    assert seed.text[span.start_char - 1] == "“" and seed.text[span.end_char] == ","


def test_nlp_quotes_seed_relayed_message_is_the_spokespersons(seed):
    # "He added that Prime Minister Shehbaz Sharif had delivered a clear message to Kabul: “...”": the
    # spokesperson speaks (subject of "added"), relaying Sharif's message; Sharif is not the speaker.
    span, value = quote_of(seed, "Afghanistan has to select")
    assert (value.kind, value.speaker, value.cue) == ("direct", "Shafqat Ali Khan", "add")
    assert "He" in value.how
    assert span.text.endswith("neighborly relations with Pakistan.")
    _, relayed = quote_of(seed, "Shehbaz Sharif had delivered")
    assert (relayed.kind, relayed.speaker) == ("indirect", "Shafqat Ali Khan")


def test_nlp_quotes_seed_ambassador(seed):
    _, value = quote_of(seed, "must also fulfill their international obligations")
    assert (value.kind, value.speaker, value.person) == ("direct", "Munir Akram", "Munir Akram")


def test_nlp_quotes_seed_according_to_mahaz(seed):
    span, value = quote_of(seed, "Bilal had recently completed")
    assert (value.kind, value.organization, value.actor_id, value.cue) == ("indirect", "Mahaz", "mahaz", "according to")
    assert value.speaker is None
    assert span.text.startswith("Bilal had")


def test_nlp_quotes_seed_offsets_and_no_scare_quotes(seed):
    assert_offsets(seed)
    assert not [s for s, _ in quotes(seed, "direct") if s.text in ("gravest threat", "Choose")]


# -- the demo corpus ---------------------------------------------------------------------------------


def test_nlp_quotes_demo_corpus(nlp):
    from wirewatch.extract import extract
    from wirewatch.models import RawDocument
    from wirewatch.nlp.quotes import MIN_QUOTE_WORDS

    pages = sorted(PAGES.glob("*.html"))
    assert len(pages) == 34
    for page in pages:
        article = extract(RawDocument(source=str(page), html=page.read_text(encoding="utf-8")))
        doc = analyse(nlp, article.text, published=article.published)
        assert_offsets(doc)
        if re.search(r"[\"“”]", article.text):
            assert doc._.ww_quotes, page.name
        # every quoted passage long enough to be speech is a direct quote
        for passage in re.findall(r"[\"“]([^\"”\n]+)[\"”]", article.text):
            if len(passage.split()) >= MIN_QUOTE_WORDS:
                assert any(passage.strip(" ,") in s.text for s, _ in quotes(doc, "direct")), (page.name, passage)
