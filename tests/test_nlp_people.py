"""The wirewatch_people component (wirewatch/nlp/people.py): names, roles, organisations, one key per person."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wirewatch.nlp.records import PersonMention

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "wirewatch" / "data" / "corpus" / "pages"

SEED_FILE = ROOT.parent / "shared" / "data" / "seed" / "article.txt"
# The seed article is read where it lies (shared/, beside the repository, as in CI), never copied in:
# the project holds only text its sessions wrote. Below it, sentences written for these tests.
SEED = (SEED_FILE.read_text(encoding="utf-8") if SEED_FILE.exists() else "") + (
    "\n\nSharif has made the same demand. Akram said Pakistan would raise it again."
)


def analyse(nlp, text: str, *, published: str | None = "2025-09-20"):
    from wirewatch.nlp import DocContext

    doc = nlp.make_doc(text)
    doc._.ww_context = DocContext(published=published)
    return nlp(doc)


def people(doc) -> list[tuple[str, object]]:
    return [(span.text, span._.ww_person) for span in doc._.ww_people]


def at(doc, text: str, phrase: str, word: str):
    """The PersonInfo of the mention starting at ``word`` inside the first ``phrase`` of ``text``."""
    start = text.index(phrase) + phrase.index(word)
    (span,) = [s for s in doc._.ww_people if s.start_char == start]
    return span._.ww_person


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED_FILE.exists():
        pytest.skip(f"seed article not found at {SEED_FILE} (CI has it)")
    return analyse(nlp, SEED)


def test_nlp_people_info_fields_mirror_the_record():
    from wirewatch.nlp.people import PersonInfo

    record = [f.name for f in dataclasses.fields(PersonMention) if f.name not in ("text", "start", "end")]
    assert [f.name for f in dataclasses.fields(PersonInfo)] == record


def test_nlp_people_fo_spokesperson_with_title(seed):
    info = at(seed, SEED, "spokesperson Ambassador Shafqat", "spokesperson")
    assert (info.person, info.name, info.role) == ("Shafqat Ali Khan", "Shafqat Ali Khan", "spokesperson")
    assert (info.organisation, info.actor_id) == ("Foreign Office", "ministry-of-foreign-affairs-pakistan")


def test_nlp_people_permanent_representative(seed):
    info = at(seed, SEED, "Ambassador Munir Akram, Pakistan", "Ambassador")
    assert (info.person, info.name) == ("Munir Akram", "Munir Akram")
    assert info.role == "Permanent Representative to the UN"
    assert (info.organisation, info.actor_id) == ("Pakistan", "government-of-pakistan")


def test_nlp_people_prime_minister_in_a_pakistani_article(seed):
    info = at(seed, SEED, "Prime Minister Shehbaz Sharif", "Prime")
    assert (info.person, info.role) == ("Shehbaz Sharif", "Prime Minister")
    assert (info.organisation, info.actor_id) == ("Government of Pakistan", "government-of-pakistan")


def test_nlp_people_prime_minister_without_context(nlp):
    ((text, info),) = people(analyse(nlp, "Prime Minister Shehbaz Sharif condemned the attack."))
    assert (text, info.person, info.role) == ("Prime Minister Shehbaz Sharif", "Shehbaz Sharif", "Prime Minister")
    assert (info.organisation, info.actor_id) == (None, None)


@pytest.mark.parametrize(
    ("phrase", "word", "person"),
    [
        ("the FO spokesperson said", "spokesperson", "Shafqat Ali Khan"),
        ("He added", "He", "Shafqat Ali Khan"),
        ("Ambassador Akram said", "Ambassador", "Munir Akram"),
        ("He pointed", "He", "Munir Akram"),
        ("Ambassador Akram warned", "Ambassador", "Munir Akram"),
        ("Sharif has made", "Sharif", "Shehbaz Sharif"),
        ("Akram said Pakistan", "Akram", "Munir Akram"),
    ],
)
def test_nlp_people_later_mentions_share_the_key(seed, phrase, word, person):
    info = at(seed, SEED, phrase, word)
    assert info.person == person and info.name == person


def test_nlp_people_later_mentions_carry_the_role(seed):
    info = at(seed, SEED, "Ambassador Akram said", "Ambassador")
    assert info.role == "Permanent Representative to the UN"
    spokesperson = at(seed, SEED, "the FO spokesperson said", "spokesperson")
    assert (spokesperson.role, spokesperson.actor_id) == ("spokesperson", "ministry-of-foreign-affairs-pakistan")


def test_nlp_people_offsets_slice_the_text(seed):
    assert seed._.ww_people
    for span in seed._.ww_people:
        assert SEED[span.start_char : span.end_char] == span.text
        assert span._.ww_person.person


@pytest.mark.parametrize(
    ("text", "mention", "role", "organisation", "actor_id"),
    [
        (
            "A police spokesman said two officers were wounded in Peshawar, Pakistan. Pakistan has sent troops.",
            "police spokesman",
            "spokesperson",
            "police",
            "police-forces-of-pakistan",
        ),
        (
            "The ISPR said in a statement that four soldiers were killed in Pakistan.",
            "ISPR",
            "spokesperson",
            "ISPR",
            "ispr",
        ),
        ("The TTP spokesman said the group carried out the attack.", "spokesman", "spokesperson", "TTP", "ttp"),
    ],
)
def test_nlp_people_role_without_a_name(nlp, text, mention, role, organisation, actor_id):
    found = dict(people(analyse(nlp, text)))
    info = found[mention]
    assert info.name is None
    assert (info.role, info.organisation, info.actor_id) == (role, organisation, actor_id)
    assert info.person == f"{role} ({organisation})"


def test_nlp_people_country_before_the_role(nlp):
    ((_, info),) = people(analyse(nlp, "US President Joe Biden vowed to hunt down those responsible."))
    assert (info.person, info.role, info.organisation) == ("Joe Biden", "President", "US")
    assert info.actor_id == "government-of-the-united-states"


def test_nlp_people_director_general_of_an_actor(nlp):
    text = "Director General of the ISPR Lt Gen Ahmed Sharif Chaudhry told reporters the operation was over."
    found = people(analyse(nlp, text))
    assert [(i.person, i.role, i.actor_id) for _, i in found] == [("Ahmed Sharif Chaudhry", "Director General", "ispr")]


def test_nlp_people_headline_fragments_are_not_people(nlp):
    doc = analyse(nlp, "Gulf, Turkiye Condemn Attack in Pakistan’s KP as Sharif Warns Kabul to ‘Choose’\n")
    assert "Condemn Attack" not in {text for text, _ in people(doc)}


def test_nlp_people_places_and_outlets_are_not_people(nlp):
    text = "QUETTA, Nov 9 (Bolan Gazette) – Officials said the blast hit the station. Madina Masjid was closed."
    names = {info.name for _, info in people(analyse(nlp, text))}
    assert not names & {"QUETTA", "Bolan Gazette", "Madina Masjid"}


def test_nlp_people_empty_text(nlp):
    assert analyse(nlp, "")._.ww_people == []


@pytest.mark.slow
def test_nlp_people_demo_corpus(nlp):
    from wirewatch.extract import extract
    from wirewatch.models import RawDocument

    pages = sorted(PAGES.glob("*.html"))
    assert len(pages) == 34
    named = 0
    for page in pages:
        article = extract(RawDocument(source=str(page), html=page.read_text(encoding="utf-8")))
        doc = analyse(nlp, article.text, published=article.published)
        for span in doc._.ww_people:
            info = span._.ww_person
            assert info.person
            assert article.text[span.start_char : span.end_char] == span.text
            assert info.name is None or info.name == info.person
            named += info.name is not None
    assert named > 50


def test_nlp_people_names_with_an_apostrophe(nlp):
    text = "Interior Cabinet Secretary Fred Matiang'i visited the site. Sean O'Brien, a witness, said so."
    names = {info.name for _, info in people(analyse(nlp, text))}
    assert {"Fred Matiang'i", "Sean O'Brien"} <= names


def test_nlp_people_surname_links_before_a_later_full_mention(nlp):
    text = (
        "Interior Minister Fred Matiang'i visited the site. Asked about the failures, Matiang'i said it was "
        "too early. “We were ready,” said the cabinet secretary for the interior, Fred Matiang'i."
    )
    doc = analyse(nlp, text)
    assert at(doc, text, "failures, Matiang'i said", "Matiang'i").name == "Fred Matiang'i"


def test_nlp_people_possessive_role_links_to_the_named_holder(nlp):
    text = (
        "Her lawyer, Saif Malik, said the verdict was just.\n"
        "Officials said she was in custody, while her lawyer said the family had asked for asylum."
    )
    doc = analyse(nlp, text)
    assert at(doc, text, "while her lawyer said", "lawyer").name == "Saif Malik"


def test_nlp_people_definite_role_refers_to_a_related_role(nlp):
    text = (
        "The Inspector General of Police, Peter Mwangi, told reporters the gunmen had fled.\n"
        "The police chief said more officers had been sent."
    )
    doc = analyse(nlp, text)
    assert at(doc, text, "The police chief said", "police chief").name == "Peter Mwangi"


def test_nlp_people_name_in_a_sentence_among_capitalised_words_is_not_a_headline(nlp):
    text = "The detentions must end, said the deputy director for the Middle East and North Africa, Leila Haddad."
    names = {info.name for _, info in people(analyse(nlp, text))}
    assert "Leila Haddad" in names
