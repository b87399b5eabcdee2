"""The wirewatch_events component (wirewatch/nlp/events.py): events, their ACLED types and their slots.

Every text here was written for these tests, about invented incidents in real places.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import analyse

ROOT = Path(__file__).resolve().parent.parent


def events(nlp, text: str, published: str = "2024-05-08"):
    return analyse(nlp, text, published).events


def test_suicide_bombing_with_date_place_figures_and_victims(nlp):
    text = (
        "QUETTA — A suicide bomber blew himself up outside a police station in Quetta on Monday, killing "
        "at least 12 people and wounding 30 others, officials said."
    )
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Suicide bomb")
    assert event.event_date == "2024-05-06" and event.date_precision == "day"
    assert event.location == "Quetta" and event.admin1 == "Balochistan" and event.country == "Pakistan"
    assert event.geo_precision == 1
    assert (event.fatalities, event.injured) == (12, 30)
    assert event.actor1 == "Unidentified Armed Group"
    assert event.actor2 == "Police Forces of Pakistan"
    assert event.reported_as == "asserted"
    assert text[event.start : event.end] == event.text and event.text.startswith("A suicide bomber")


def test_car_bomb_is_a_remote_explosive_and_civilians_take_the_victims_nationality(nlp):
    text = "A car bomb exploded near Charsadda on Sunday, killing seven Afghan traders."
    (event,) = events(nlp, text)
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.actor2 == "Civilians (Afghanistan)"
    assert event.geo_precision == 2  # "near" the place
    assert event.fatalities == 7


def test_drone_strike_by_a_state_names_its_forces(nlp):
    text = "A US drone strike hit a compound in North Waziristan on Tuesday, killing four militants."
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.actor1 == "Military Forces of the United States"


def test_gunmen_killing_villagers_is_violence_against_civilians(nlp):
    text = "Gunmen killed nine villagers in a night raid on a hamlet in Zamfara state on Friday, police said."
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.fatalities == 9


def test_attack_on_soldiers_who_fight_back_is_an_armed_clash(nlp):
    text = (
        "Militants attacked a checkpost in Khyber district on Thursday and fought soldiers for several hours; "
        "five soldiers were killed."
    )
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert event.actor2 == "Military Forces of Pakistan"


def test_a_statement_about_an_attack_is_not_a_second_attack(nlp):
    text = (
        "A roadside bomb struck a bus in Kurram district on Saturday, killing six passengers. "
        "The Interior Minister condemned the attack and said the attackers would be found. "
        "The death toll from the bombing rose to nine on Sunday."
    )
    found = events(nlp, text)
    assert [e.sub_event_type for e in found] == ["Remote explosive/landmine/IED", "Condemnation"]
    bomb, statement = found
    assert bomb.fatalities == 9  # the later "rose to" figure of the same article
    assert statement.event_type == "Statements" and statement.fatalities == 0


@pytest.mark.parametrize(
    ("second", "subs"),
    [
        # a characterisation that condemns, carried on by "he" in the next sentence: one statement
        (
            'The UN coordinator described the attack as "utterly reprehensible". He also expressed his outrage.',
            ["Attack", "Condemnation"],
        ),
        ("The governor called the killings cowardly and barbaric.", ["Attack", "Condemnation"]),
        # a description that does not condemn
        ("The governor described the district as remote and poor.", ["Attack"]),
    ],
)
def test_a_condemning_characterisation_is_a_condemnation(nlp, second, subs):
    text = "Gunmen killed six aid workers in an ambush in Jonglei on Saturday. " + second
    assert [e.sub_event_type for e in events(nlp, text)] == subs


def test_claim_of_responsibility_names_the_perpetrator(nlp):
    text = (
        "A suicide bomber attacked a convoy of paramilitary troops in Bannu on Monday, killing four soldiers. "
        "The Pakistani Taliban claimed responsibility for the attack."
    )
    attack, claim = events(nlp, text)
    assert claim.sub_event_type == "Claim of responsibility" and claim.reported_as == "claimed"
    assert claim.actor1 == "Tehrik-i-Taliban Pakistan"
    assert attack.actor1 == "Tehrik-i-Taliban Pakistan"
    assert claim.event_date == attack.event_date == "2024-05-06"


def test_claim_in_reported_speech_and_a_negated_claim(nlp):
    text = (
        "A bomb exploded at a bus stand in Dera Ismail Khan on Wednesday, killing three people. "
        "No group said it carried out the bombing. "
        "Later, the Islamic State group said its fighters were behind the blast."
    )
    found = events(nlp, text)
    subs = [e.sub_event_type for e in found]
    assert subs == ["Remote explosive/landmine/IED", "Claim of responsibility"]
    assert found[1].actor1 == "Islamic State"


def test_background_event_is_its_own_record_with_its_own_date(nlp):
    text = (
        "Gunmen shot dead two polio workers in Bajaur on Tuesday. "
        "In March, a suicide bomber struck a rally in Khar, killing 54 people."
    )
    first, background = events(nlp, text)
    assert first.sub_event_type == "Attack" and first.fatalities == 2
    assert background.sub_event_type == "Suicide bomb"
    assert (background.event_date, background.date_precision) == ("2024-03", "month")
    assert background.fatalities == 54


def test_follow_up_report_makes_the_event_from_its_reference(nlp):
    text = "The death toll from Friday's bombing at a mosque in Mastung has risen to 60, officials said on Sunday."
    (event,) = events(nlp, text, published="2024-05-12")
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.event_date == "2024-05-10"  # Friday, not the Sunday of the statement
    assert event.fatalities == 60


def test_two_tolls_give_a_range_and_a_subcount_does_not(nlp):
    ranged = events(
        nlp,
        "Officials said 30 people were killed in the attack on the village of Solhan on Saturday, but "
        "residents said as many as 45 people were killed.",
    )
    assert ranged and (ranged[0].fatalities, ranged[0].fatalities_low, ranged[0].fatalities_high) == (None, 30, 45)
    sub = events(nlp, "A blast at a school in Kabul on Monday killed 20 people, including 12 students.")
    assert sub and (sub[0].fatalities, sub[0].fatalities_low) == (20, None)


def test_no_event_in_trends_hypotheticals_and_negations(nlp):
    text = (
        "Militant attacks have risen sharply in the province. "
        "Officials fear the group could attack again. "
        "The army did not say whether anyone was killed."
    )
    assert events(nlp, text) == ()


def test_protest_and_protest_with_intervention(nlp):
    found = events(
        nlp,
        "Hundreds of traders protested in Gilgit on Monday against new taxes. "
        "On Tuesday, police used tear gas to disperse a sit-in by students in Muzaffarabad.",
    )
    assert [(e.event_type, e.sub_event_type) for e in found] == [
        ("Protests", "Peaceful protest"),
        ("Protests", "Protest with intervention"),
    ]
    assert found[0].actor1 == "Protesters (Pakistan)" and found[0].fatalities == 0


def test_evidence_offsets_point_into_the_text(nlp):
    text = "LAHORE — An earthquake shook Lahore on Monday, killing three people."
    (event,) = events(nlp, text)
    assert event.event_type == "Disasters" and event.sub_event_type == "Natural disaster"
    assert text[event.start : event.end] == event.text


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("A bomb hidden in a cart exploded in Lakki Marwat on Monday, killing six workers and their foreman.", 7),
        ("Gunmen shot dead four traders and two shopkeepers in a bazaar in Turbat on Monday.", 6),
        ("A roadside bomb exploded beside a jeep near Kohlu on Monday, killing a local councillor.", 1),
        ("The town's mayor was killed by an air strike on his house in Sibi on Monday.", 1),
    ],
)
def test_victims_listed_side_by_side_or_one_by_one_are_counted(nlp, text, toll):
    found = [e for e in events(nlp, text) if e.event_type != "Statements"]
    assert found and found[0].fatalities == toll


def test_a_vague_word_never_makes_a_range_with_a_written_figure(nlp):
    text = (
        "The number of people killed in Sunday's bombing of a wedding in Zhob has risen to 47, officials said, "
        "after several of the wounded died overnight."
    )
    (event,) = events(nlp, text, published="2024-05-08")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (47, None, None)


def test_a_vague_toll_gives_way_to_a_figure_that_follows(nlp):
    text = (
        "A rocket hit a crowded bus station in Kandahar on Monday, killing dozens of people. "
        "Doctors at the city's main hospital put the death toll at 37."
    )
    event = events(nlp, text)[0]
    assert event.fatalities == 37


def test_a_vague_toll_gives_way_to_the_bodies_counted_in_the_next_sentence(nlp):
    text = (
        "A roadside bomb hit a police van in Khyber on Tuesday, killing dozens of people. "
        "Doctors at the district hospital said they had received the bodies of 17 policemen."
    )
    event = events(nlp, text, published="2024-05-09")[0]
    assert event.fatalities == 17


def test_an_undated_act_carries_on_the_day_of_the_narrative_before_it(nlp):
    text = (
        "Gunmen attacked a checkpoint in Kurram on Monday, killing six soldiers. "
        "On Tuesday, officials met tribal elders in Parachinar. "
        "Pakistan also closed the border crossing at Kharlachi."
    )
    found = events(nlp, text, published="2024-05-09")
    closure = [e for e in found if e.event_type == "Strategic developments"]
    assert closure and closure[0].event_date == "2024-05-07"
    assert found[0].event_date == "2024-05-06"


def test_a_name_cut_by_the_parser_still_names_the_claimant(nlp):
    text = (
        "A bomb exploded at a market in Bannu on Monday, killing four people. "
        "The Afghanistan-based group Lashkar-e-Islam said it carried out the bombing."
    )
    attack, claim = events(nlp, text, published="2024-05-09")
    assert claim.sub_event_type == "Claim of responsibility" and claim.actor1 == "Lashkar-e-Islam"
    assert attack.actor1 == "Lashkar-e-Islam"


def test_a_group_unknown_to_the_knowledge_base_is_named_as_it_calls_itself(nlp):
    text = (
        "A volley of rockets hit a military base near Kirkuk on Monday night, killing a contractor. "
        "A little-known group calling itself Ashab al-Rayat said it had fired the rockets."
    )
    attack, claim = events(nlp, text, published="2024-05-09")
    assert claim.actor1 == "Ashab al-Rayat" and claim.actor1_id is None
    assert attack.actor1 == "Ashab al-Rayat"


def test_unnamed_government_officials_speak_for_the_government_of_the_country(nlp):
    text = (
        "PESHAWAR — A car bomb exploded outside a hotel in Peshawar on Saturday, killing 11 people. "
        "Government officials blamed the Pakistani Taliban for the blast. "
        "The Afghan government condemned the bombing."
    )
    statements = [e for e in events(nlp, text, published="2024-05-09") if e.event_type == "Statements"]
    assert [e.actor1 for e in statements] == ["Government of Pakistan", "Government of Afghanistan"]


def test_abductions_and_riots_without_deaths_report_zero(nlp):
    abduction = events(nlp, "Armed men abducted 40 pupils from a boarding school in Kebbi on Monday night.")
    assert abduction and abduction[0].sub_event_type == "Abduction/forced disappearance"
    assert abduction[0].fatalities == 0
    riot = events(
        nlp,
        "Supporters of the detained politician attacked a police station in Sukkur on Tuesday. "
        "In Hyderabad, rioters set fire to a bank.",
    )
    assert any(e.event_type == "Riots" and e.fatalities == 0 for e in riot)


def test_a_toll_of_another_event_named_in_a_later_sentence_is_not_taken(nlp):
    text = (
        "Warplanes bombed a hillside near Tirah on Monday, officials said. "
        "The strike came a week after the March 3 bombing in Bara that killed 19 soldiers."
    )
    event = events(nlp, text)[0]
    assert event.sub_event_type == "Air/drone strike" and event.fatalities is None


def test_the_same_day_is_the_day_named_before_it(nlp):
    text = (
        "QUETTA — Six soldiers were killed on Monday when militants raided a checkpoint in Kalat. "
        "A little-known group claimed responsibility for the raid. "
        "In a separate incident on the same day, two soldiers died in a gunfight with militants near Kech."
    )
    clash = [e for e in events(nlp, text, published="2024-05-09") if e.event_type == "Battles"]
    assert clash and clash[0].event_date == "2024-05-06"


def test_a_statement_is_dated_by_its_making_not_by_what_it_says(nlp):
    text = (
        "Gunmen abducted two engineers from a road camp in Kohat on Friday. The commander of the Pakistani "
        "Taliban has said his men abducted the engineers on Friday, in a recording released to reporters on "
        "Tuesday."
    )
    found = events(nlp, text, published="2024-05-09")
    claim = [e for e in found if e.event_type == "Statements"]
    assert claim and claim[0].event_date == "2024-05-07"


def test_reactions_to_an_attack_at_night_are_dated_the_next_day(nlp):
    text = (
        "PESHAWAR — A volley of rockets hit a police compound in Peshawar late on Sunday, killing three policemen. "
        "The provincial government condemned the attack."
    )
    attack, statement = events(nlp, text, published="2024-05-06")
    assert attack.event_date == "2024-05-05"
    assert statement.event_type == "Statements" and statement.event_date == "2024-05-06"


def test_the_first_event_without_a_day_takes_the_day_its_lead_names(nlp):
    text = (
        "Investigators have found traces of explosives in the wreck of a van that overturned near Chitral on "
        "Saturday, a minister said on Monday.\n"
        "Eleven people were killed when the van was hit by a blast, officials said."
    )
    (event,) = [e for e in events(nlp, text, published="2024-05-06") if e.event_type != "Statements"]
    assert event.event_date == "2024-05-04"


def test_protests_that_have_spread_are_dated_by_the_month(nlp):
    text = (
        "Gunmen killed nine miners in Harnai on Monday. "
        "Protests demanding protection for the miners have spread to Quetta and other towns."
    )
    protest = [e for e in events(nlp, text, published="2024-05-20") if e.event_type == "Protests"]
    assert protest and (protest[0].event_date, protest[0].date_precision) == ("2024-05", "month")


def test_a_negation_says_nothing_against_a_subject_hung_on_the_auxiliary():
    """The parser may attach a passive subject to its auxiliary ("the strike | was | not justified"): the
    strike still happened. A noun in the negated predicate did not ("did not comment on the strike")."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from wirewatch.nlp.events import _negated_predicate

    subject = Doc(
        Vocab(),
        words=["the", "strike", "was", "not", "justified"],
        heads=[1, 2, 4, 4, 4],
        deps=["det", "nsubj", "auxpass", "neg", "ROOT"],
    )
    assert not _negated_predicate(subject[1])
    predicate = Doc(
        Vocab(),
        words=["officials", "did", "not", "comment", "on", "the", "strike"],
        heads=[3, 3, 3, 3, 3, 6, 4],
        deps=["nsubj", "aux", "neg", "ROOT", "prep", "det", "pobj"],
    )
    assert _negated_predicate(predicate[6])


def test_evaluation_set_floors(evaluation):
    """The evaluation set's event figures (evaluation/README.md), pinned a little under today's."""
    score, gold, predictions = evaluation
    figures = score.headline(score.score(gold, predictions))
    floors = {
        "event_f1": 0.85,
        "event_precision": 0.90,
        "event_type_accuracy": 0.88,
        "sub_event_type_accuracy": 0.85,
        # 58 articles since 55-62 (2026-11-25, session 5): 0.879 (0.907 on the first 50); the new articles'
        # dates are the weak part (0.688: a march dated by the strike it belongs to, a background abduction
        # a day late)
        "event_date_accuracy": 0.87,
        "fatalities_accuracy": 0.95,
        "actor1_accuracy": 0.80,
        "admin1_accuracy": 0.83,
        # 20 gold pairs since article 58: 17 found (0.850); article 51's "girls taken from ..." pairs are still
        # missed (the background mention), and 58's Kankara background abduction is not found
        "merge_recall": 0.84,
    }
    low = {k: round(figures[k], 3) for k, floor in floors.items() if figures[k] < floor}
    assert not low, f"below the pinned floors: {low}"
    json.dumps(figures)


def test_words_of_sport_politics_and_medicine_are_not_events(nlp):
    text = (
        "The two candidates attacked each other's tax plans in a televised debate on Tuesday. "
        "The space agency expects to build three more rockets by 2027. "
        "The singer died of a heart attack in Lahore on Sunday. "
        "The company denied any wrongdoing and demanded an apology from the newspaper."
    )
    assert events(nlp, text) == ()


def test_locative_place_beats_a_state_named_as_modifier_and_the_dateline(nlp):
    text = (
        "WASHINGTON — A US drone strike on a house in Kandahar killed a militant commander on Sunday, officials said."
    )
    (event,) = events(nlp, text)
    assert event.location == "Kandahar" and event.country == "Afghanistan"


def test_dateline_names_a_city_not_the_state_of_that_name(nlp):
    text = "WASHINGTON — A bomb exploded at a market on Monday, killing five people, police said."
    (event,) = events(nlp, text)
    assert event.location == "Washington" and event.admin1 == "District of Columbia"
    assert event.geo_precision == 1


def test_event_at_an_unknown_town_is_not_placed_at_a_dateline_city(nlp):
    text = (
        "KARACHI — A suicide bomber rammed a car into a convoy near Shewa on Tuesday, killing four "
        "Pakistani soldiers, the army said. The road links Pakistan with China."
    )
    (event,) = events(nlp, text)
    assert event.location != "Karachi" and event.admin1 != "Sindh"
    assert event.country == "Pakistan" and event.geo_precision == 3


def test_claim_of_responsibility_is_placed_where_the_attack_was(nlp):
    text = (
        "PESHAWAR — A suicide bomber killed nine policemen at a checkpoint in Peshawar on Friday. "
        "The Balochistan Liberation Army said it carried out the attack."
    )
    found = events(nlp, text)
    claim = next(e for e in found if e.sub_event_type == "Claim of responsibility")
    assert claim.location == "Peshawar" and claim.admin1 == "Khyber Pakhtunkhwa"


@pytest.mark.parametrize(
    ("country", "gazetteer", "acled"),
    [("SO", "Banaadir", "Banadir"), ("PK", "Islamabad", "Islamabad Capital Territory"), ("YE", "Şāʻdah", "Saada")],
)
def test_admin1_names_are_spelled_as_acled_spells_them(country, gazetteer, acled):
    from wirewatch.nlp.events import acled_admin1

    assert acled_admin1(country, gazetteer) == acled
    assert acled_admin1(country, "Sindh") == "Sindh"
    assert acled_admin1(None, gazetteer) == gazetteer


def test_events_claim_takes_the_modifier_place_of_the_attack_it_claims(nlp):
    # The attack is placed only by a possessive ("Somalia's"), the claim names no place and there is no
    # dateline: the claim takes the attack's place (this once raised AttributeError on a None place).
    found = events(
        nlp,
        "Somalia's worst attack in years, a truck bombing on Saturday, killed more than 80 people. "
        "Al-Shabaab later claimed responsibility for the truck bombing.",
    )
    claim = next(e for e in found if e.sub_event_type == "Claim of responsibility")
    attack = next(e for e in found if e.sub_event_type != "Claim of responsibility")
    assert claim.location == attack.location == "Somalia"
    assert "place of the event claimed" in claim.how


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # state forces killing armed men: a battle, the forces first
        (
            "Security forces killed five militants in a raid in North Waziristan on Tuesday, the military said.",
            "Military Forces of Pakistan",
            "Unidentified Armed Group",
        ),
        (
            "Troops killed 12 insurgents near Maiduguri on Sunday, an army spokesman said.",
            "Military Forces of Nigeria",
            "Unidentified Armed Group",
        ),
        # armed men killing soldiers or police: a battle too, not violence against civilians
        (
            "Gunmen killed four soldiers at a checkpoint in Dera Ismail Khan on Monday.",
            "Unidentified Armed Group",
            "Military Forces of Pakistan",
        ),
        (
            "Militants ambushed a police patrol near Bannu on Tuesday, killing three policemen.",
            "Unidentified Armed Group",
            "Police Forces of Pakistan",
        ),
        # a nation's soldiers by their demonym, the other side from the verb of a noun trigger
        (
            "Mexican soldiers killed eight gunmen in a shootout in Culiacan on Tuesday.",
            "Military Forces of Mexico",
            "Unidentified Armed Group",
        ),
        # a nation's army named as an organisation is its military forces, and the other side is the enemy
        (
            "Soldiers of the Mexican Army fought cartel gunmen for three hours in Culiacan on Tuesday, leaving 9 dead.",
            "Military Forces of Mexico",
            "Unidentified Armed Group",
        ),
        # "between the Mexican Army and drug hitmen" parsed as one noun phrase
        (
            "A gun battle between the Mexican Army and drug hitmen ended in 18 deaths in Acapulco on Tuesday.",
            "Military Forces of Mexico",
            "Unidentified Armed Group",
        ),
    ],
)
def test_battles_by_who_fights_whom(nlp, text, actor1, actor2):
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert (event.actor1, event.actor2) == (actor1, actor2)
    assert event.location is not None and event.country in (actor1 + actor2)


def test_an_official_shot_dead_is_a_civilian_whoever_reports_it(nlp):
    (event,) = events(nlp, "A district health officer was shot dead by gunmen in Khyber on Wednesday, police said.")
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.actor2 == "Civilians (Pakistan)"


def test_men_killed_by_one_side_after_a_battle_are_more_of_the_battle(nlp):
    battle = "Soldiers fought cartel gunmen for two hours in Culiacan on Tuesday, leaving 9 dead. "
    (event,) = events(nlp, battle + "Reinforcements who tried to join the gunmen were killed by army personnel.")
    assert event.sub_event_type == "Armed clash"
    # civilians killed by one of the sides are another event
    found = events(nlp, battle + "Gunmen later killed five farmers in a village nearby.")
    assert [e.sub_event_type for e in found] == ["Armed clash", "Attack"]


def test_shooting_robbers_in_a_crime_story_is_still_no_battle(nlp):
    found = events(nlp, "Police in Karachi shot dead three suspected robbers in an encounter on Monday.")
    assert all(e.sub_event_type != "Armed clash" for e in found)


def test_a_disaster_told_in_a_clause_of_time_and_its_toll_and_place_told_later(nlp):
    text = (
        "Hundreds of families fled their homes after floods hit the region on Saturday. The storm destroyed "
        "300 houses and killed 12 people in Luzon, officials said."
    )
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Disasters", "Natural disaster")
    assert (event.event_date, event.fatalities, event.location) == ("2024-05-04", 12, "Luzon")


@pytest.mark.parametrize(
    "text",
    [
        # the storm's name: "Cyclone" hangs on "Yasi", the clause's subject
        "Towns in north Queensland are without power after Tropical Cyclone Yasi hit the coast on Thursday.",
        # the parser hangs the clause on "running", not on the main verb
        "Areas of the coast remain without electricity, running water or sewerage after Cyclone Yasi hit on Thursday.",
    ],
)
def test_a_named_storm_in_a_clause_of_time_is_the_sentence_event(nlp, text):
    (event,) = events(nlp, text, published="2011-02-05")
    assert (event.event_type, event.event_date) == ("Disasters", "2011-02-03")


@pytest.mark.parametrize(
    ("text", "date", "fatalities"),
    [
        # dated in its own noun phrase
        ("The outbreak began in Aceh, the province worst hit by the December 2004 tsunami.", "2004-12", None),
        # what the main clause came after, with its toll in a clause of its own
        (
            "Port-au-Prince has struggled since a magnitude 7.0 earthquake struck in January 2010, killing more "
            "than 200,000 people.",
            "2010-01",
            200000,
        ),
    ],
)
def test_a_past_disaster_told_in_passing_is_an_event(nlp, text, date, fatalities):
    (event,) = events(nlp, text, published="2011-03-01")
    assert (event.event_type, event.event_date, event.fatalities) == ("Disasters", date, fatalities)


@pytest.mark.parametrize(
    "text",
    [
        "A powerful typhoon struck the northern Philippines on Sunday, killing at least 30 people.",
        "A tornado tore through a town in Oklahoma on Sunday, killing three people.",
    ],
)
def test_storms_are_disasters_and_their_dead_no_attack(nlp, text):
    (event,) = events(nlp, text)
    assert (event.event_type, event.actor1) == ("Disasters", None)


def test_a_clause_of_time_that_retells_the_event_is_no_second_one(nlp):
    text = (
        "A suicide bomber killed 20 people at a mosque in Peshawar on Friday. The bomber had been standing in "
        "the first row when he detonated his explosives."
    )
    assert len(events(nlp, text)) == 1


def test_an_attack_by_residents_is_mob_violence(nlp):
    text = (
        "Health teams could not reach the village on Monday after their cars were attacked and damaged by "
        "residents in Uige."
    )
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")
    assert event.actor1 == "Rioters (Angola)"


def test_one_person_arrested_outside_a_conflict_is_police_work(nlp):
    assert not events(nlp, "Police arrested a nurse in Lagos on Friday for selling fake vaccines.")
    (event,) = events(nlp, "Police arrested a journalist in Lagos on Friday over a report on fake vaccines.")
    assert event.sub_event_type == "Arrests"


def test_whoever_reports_an_attack_is_not_its_target(nlp):
    text = "A suicide bomber struck a mosque in Peshawar on Friday, killing 30 worshippers, police said."
    (event,) = events(nlp, text)
    assert event.actor2 == "Civilians (Pakistan)"


def test_a_thing_that_kills_without_arms_is_no_attacker(nlp):
    assert not events(nlp, "The H5N1 strain has killed 150 people worldwide since 2003, according to the WHO.")
    # but a group, a state or a blast can
    (event,) = events(nlp, "The blast killed 14 people at a market in Quetta on Monday.")
    assert event.event_type == "Explosions/Remote violence"


def test_protesters_clashing_with_riot_police_is_a_riot_against_the_police(nlp):
    text = (
        "Thousands of protesters clashed with riot police in Monrovia on Wednesday after the government sealed "
        "off a slum to contain Ebola."
    )
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")
    assert (event.actor1, event.actor2) == ("Rioters (Liberia)", "Police Forces of Liberia")


@pytest.mark.parametrize(
    "text",
    [
        "Experts call the epidemic a ticking time bomb for the region.",
        "The cull of 20,000 pigs in Bulacan on Monday was described as a massacre by animal rights groups.",
        "Police seized 3,000 doses of fake vaccine in a raid on a warehouse in Lagos on Monday.",
        "Two people were killed and five injured when a gas cylinder exploded at a clinic in Lahore on Sunday.",
        "Health workers are fighting the outbreak in three provinces, and the army has been deployed to Kikwit.",
        "The outbreak killed three soldiers at a base in Maryland in 2009, the army said.",
    ],
)
def test_words_of_violence_that_report_none(nlp, text):
    assert not events(nlp, text)


def test_a_labour_strike_is_a_protest(nlp):
    (event,) = events(nlp, "Health workers went on strike in Nairobi on Monday to demand hazard pay.")
    assert (event.event_type, event.sub_event_type, event.fatalities) == ("Protests", "Peaceful protest", 0)


def test_police_blocking_a_march_is_an_intervention_and_a_capital_is_its_city(nlp):
    text = "Police buses blocked protesters from marching to City Hall in Nairobi on Sunday."
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Protests", "Protest with intervention")
    assert (event.location, event.admin1) == ("Nairobi", "Nairobi")
    assert event.actor2 == "Police Forces of Kenya"


def test_a_people_named_counts_for_the_country_of_an_unplaced_event(nlp):
    text = (
        "South Korean police detained 70 people for occupying roads on Sunday, a day after South Korean "
        "unions rallied against imports of US beef."
    )
    found = events(nlp, text)
    assert found and all(e.country in (None, "South Korea") for e in found)
    assert any(e.actor1 == "Police Forces of South Korea" for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "More than 80 schoolgirls were taken from their dormitory by gunmen in Kebbi state on Thursday.",
        "Armed men seized 12 passengers from a bus near Kaduna on Monday and took them into the forest.",
    ],
)
def test_people_taken_or_seized_by_armed_men_are_abducted(nlp, text):
    (event,) = events(nlp, text)
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")
    assert (event.actor1, event.actor2, event.fatalities) == ("Unidentified Armed Group", "Civilians (Nigeria)", 0)


def test_beheadings_and_arson_by_an_armed_group(nlp):
    (event,) = events(nlp, "Al-Shabaab fighters beheaded four villagers in Lamu county on Tuesday, officials said.")
    assert (event.sub_event_type, event.actor1, event.fatalities) == ("Attack", "al-Shabaab", 4)
    (event,) = events(nlp, "Militants set ablaze a girls' school in Diamer on Friday, police said.")
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Looting/property destruction")
    assert event.fatalities == 0


def test_the_victims_nationality_is_not_the_attackers(nlp):
    (event,) = events(nlp, "Russian shelling killed five civilians in Kherson on Monday, the regional governor said.")
    assert (event.actor1, event.actor2) == ("Military Forces of Russia", "Civilians (Ukraine)")
    assert event.location == "Kherson"


def test_no_one_hurt_is_zero_and_a_toll_told_in_the_next_sentence_counts(nlp):
    (event,) = events(nlp, "A rocket landed near the US embassy in Baghdad on Sunday, causing no casualties.")
    assert event.fatalities == 0
    text = "A suicide bomber struck a rally in Bajaur on Sunday. At least 44 people died and nearly 200 were wounded."
    (event,) = events(nlp, text)
    assert (event.fatalities, event.injured) == (44, 200)


def test_territory_taken_is_coded_by_who_took_it(nlp):
    (event,) = events(nlp, "Government forces recaptured the town of Kidal from separatist rebels on Tuesday.")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Government regains territory")
    assert (event.actor1, event.location, event.fatalities) == ("Military Forces of Mali", "Kidal", 0)
    (event,) = events(nlp, "Rebels seized control of the town of Menaka on Sunday after soldiers withdrew.")
    assert event.sub_event_type == "Non-state actor overtakes territory"
    assert event.actor1 == "Unidentified Armed Group"


def test_forces_reporting_their_own_kill_and_militias_fighting_each_other(nlp):
    text = "Security forces said they had killed the mastermind of the attack in a raid in Mastung on Thursday."
    (event,) = events(nlp, text)
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash",
        "Military Forces of Pakistan",
        "Unidentified Armed Group",
    )
    (event,) = events(nlp, "Fighting between rival militias erupted in Tripoli on Monday, killing 12 people.")
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group", "Unidentified Armed Group")


def test_a_strike_is_where_it_hit_not_where_its_state_is(nlp):
    text = "A US drone strike killed a senior al-Shabaab commander near Jilib on Wednesday, a US command said."
    (event,) = events(nlp, text)
    assert (event.location, event.country) == ("Jilib", "Somalia")
    assert event.actor1 == "Military Forces of the United States"


def test_a_route_is_not_where_it_happened_and_an_unclaimed_arson_is_property_destruction(nlp):
    text = (
        "QUETTA — Gunmen opened fire on a passenger train on Tuesday as it travelled from Quetta to Peshawar, "
        "killing six people."
    )
    (event,) = events(nlp, text)
    assert (event.location, event.admin1) == ("Quetta", "Balochistan")
    (event,) = events(nlp, "A treatment centre in Katwa was set on fire on Sunday night, officials said.")
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Looting/property destruction")


def test_driving_people_is_no_march(nlp):
    text = "Gunmen seized 40 pupils in Kagara on Wednesday and marched them into the forest, police said."
    assert [e.sub_event_type for e in events(nlp, text)] == ["Abduction/forced disappearance"]


def test_an_armed_group_places_its_attack_in_its_country(nlp):
    (event,) = events(nlp, "The ADF killed 20 villagers near Beni on Monday, the army said.")
    assert (event.location, event.country) == ("Beni", "Democratic Republic of Congo")


def test_an_unknown_name_that_kills_in_a_disease_story_is_no_attacker(nlp):
    text = "In 2003, SARS killed 774 people worldwide. Officials fear a repeat of that outbreak."
    assert not events(nlp, text)
