"""The places component: dateline, NER places and gap filling, resolved in the article's context."""

from __future__ import annotations

import pytest

from wirewatch.nlp.places import dateline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PESHAWAR, Jan 30 (Frontier Dispatch) - A suicide bomber ...", "PESHAWAR"),
        ("DERA ISMAIL KHAN, Dec. 12 (Khyber Courier) - Twenty-three soldiers ...", "DERA ISMAIL KHAN"),
        ("QUETTA (Bolan Gazette): At least 24 ...", "QUETTA"),
        ("Islamabad/Kabul – A leaked video circulating online ...", "Islamabad"),
        ("A leaked video circulating online has once again ...", None),
        ("Pakistan said on Friday that ...", None),
    ],
)
def test_nlp_places_dateline(text, expected):
    assert dateline(text) == expected


def test_nlp_places_resolves_with_dateline_and_context(nlp):
    text = (
        "QUETTA, Nov 9 (Bolan Gazette): A suicide bomber struck the railway station in Quetta, the capital of "
        "Balochistan, as passengers waited for the Jaffar Express to Peshawar. Officials in KP and the former NWFP "
        "tribal areas were put on alert, and Afghan officials condemned the attack."
    )
    doc = nlp(text)
    places = {p.text: p for p in doc._.ww_places}
    for place in doc._.ww_places:
        assert text[place.start : place.end] == place.text
    assert places["Quetta"].country == "Pakistan" and places["Quetta"].admin1 == "Balochistan"
    assert places["Peshawar"].admin1 == "Khyber Pakhtunkhwa"
    assert places["KP"].resolved_name == "Khyber Pakhtunkhwa"
    assert places["Afghan"].country == "Afghanistan"


def test_nlp_places_unknown_name_does_not_empty_others(nlp):
    doc = nlp("Fighting was reported in Zzyzxqville and in Peshawar on Monday.")
    resolved = [p for p in doc._.ww_places if p.resolved]
    assert [p.text for p in resolved] == ["Peshawar"]
