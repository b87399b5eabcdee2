"""Events across articles: merging, best estimates, re-analysis, conflicts, claims, stories, exports."""

from __future__ import annotations

import time

import pytest
from conftest import distinct_text

from wirewatch.errors import StoreError
from wirewatch.events.merge import EventKey, date_range, haversine_km, types_compatible
from wirewatch.models import Article, RelatedLink
from wirewatch.nlp.records import Analysis, ClaimMention, EventMention
from wirewatch.store import EventFilter

QUETTA = dict(location="Quetta", admin2="Quetta", admin1="Balochistan", country="Pakistan", country_code="PK",
              latitude=30.1798, longitude=66.975, geo_precision=1)  # fmt: skip
MASTUNG = dict(location="Mastung", admin2="Mastung", admin1="Balochistan", country="Pakistan", country_code="PK",
               latitude=29.7997, longitude=66.8455, geo_precision=1)  # fmt: skip
PESHAWAR = dict(location="Peshawar", admin2="Peshawar", admin1="Khyber Pakhtunkhwa", country="Pakistan",
                country_code="PK", latitude=34.008, longitude=71.5785, geo_precision=1)  # fmt: skip
KARACHI = dict(location="Karachi", admin2="Karachi", admin1="Sindh", country="Pakistan", country_code="PK",
               latitude=24.8607, longitude=67.0011, geo_precision=1)  # fmt: skip


def ev(index: int = 0, **kw: object) -> EventMention:
    """A suicide bombing in Quetta on 2024-11-09 killing 26, unless told otherwise."""
    fields: dict[str, object] = dict(
        text="A suicide bomber struck the railway station in Quetta on Saturday, killing at least 26 people.",
        start=0,
        end=96,
        index=index,
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        trigger="suicide bomber",
        actor1=None,
        actor1_id=None,
        actor2=None,
        actor2_id=None,
        event_date="2024-11-09",
        date_precision="day",
        fatalities=26,
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        reported_as="asserted",
        **QUETTA,
    )
    fields.update(kw)
    return EventMention(**fields)  # type: ignore[arg-type]


def claim(event_index: int | None, stance: str = "claims_responsibility", **kw: object) -> ClaimMention:
    fields: dict[str, object] = dict(
        text="The Balochistan Liberation Army said it carried out the attack.",
        start=100,
        end=160,
        claimant="Balochistan Liberation Army",
        claimant_id="bla",
        stance=stance,
        hedged=False,
        hedge=None,
        via=None,
        event_index=event_index,
        cue="say",
    )
    fields.update(kw)
    return ClaimMention(**fields)  # type: ignore[arg-type]


def article(store, n: int, *, published: str = "2024-11-09", related: tuple[str, ...] = ()) -> str:
    stored = store.add_article(
        Article(
            source=f"test:{n}",
            url=f"https://news{n}.example/story",
            title=f"Report {n}",
            published=published,
            author=None,
            language="en",
            text=distinct_text(n),
            related=tuple(RelatedLink(u, None) for u in related),
        )
    )
    assert stored.outcome == "new"
    return stored.article_id


def analyse(store, article_id: str, *events: EventMention, claims: tuple[ClaimMention, ...] = ()) -> None:
    store.add_analysis(article_id, Analysis(events=events, claims=claims), version="test")


def test_events_same_event_from_two_articles_merges(store):
    a, b = article(store, 1), article(store, 2, published="2024-11-10")
    analyse(store, a, ev())
    analyse(store, b, ev(text="Saturday's bombing at Quetta railway station killed 26 people, officials said."))
    records = list(store.events())
    assert len(records) == 1
    assert [s["article_id"] for s in records[0]["sources"]] == [a, b]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (dict(**PESHAWAR), "another province, 600 km away"),
        (dict(event_date="2024-11-20"), "eleven days later"),
        (dict(event_type="Battles", sub_event_type="Armed clash"), "another event type"),
        (dict(sub_event_type="Air/drone strike"), "an incompatible sub-event type"),
        (dict(actor1="Balochistan Liberation Army", actor1_id="bla"), "named perpetrator against ..."),
        (dict(**KARACHI, event_date=None, date_precision=None), "undated, another province"),
    ],
)
def test_events_different_events_do_not_merge(store, change, why):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(actor1="Tehrik-i-Taliban Pakistan", actor1_id="ttp"))
    analyse(store, b, ev(**change))
    assert len(list(store.events())) == 2, why


def test_event_key_from_mention_row_and_best_estimate_agree(store):
    a = article(store, 1, published="2024-11-10")
    mention = ev(fatalities=None, fatalities_low=20, fatalities_high=30)
    analyse(store, a, mention)
    from_mention = EventKey.from_fields(vars(mention), evidence=mention.text, published="2024-11-10")
    assert from_mention.killed == 30 and from_mention.evidence == mention.text
    (row,) = store.conn.execute("SELECT * FROM events").fetchall()
    from_row = EventKey.from_fields(row, evidence=mention.text, published="2024-11-10")
    from_dict = EventKey.from_fields(dict(row), evidence=mention.text, published="2024-11-10")
    assert from_row == from_dict == from_mention


def test_events_different_places_in_one_province_do_not_merge_unless_near(store):
    a, b, c = article(store, 1), article(store, 2), article(store, 3)
    analyse(store, a, ev())
    analyse(store, b, ev(**{**QUETTA, "location": "Hanna", "latitude": 30.2456, "longitude": 67.1112}))
    assert len(list(store.events())) == 1  # about 15 km apart: one event
    far = {**QUETTA, "location": "Zhob", "latitude": 31.3417, "longitude": 69.4486}
    analyse(store, c, ev(**far))
    assert len(list(store.events())) == 2  # Zhob is 270 km from Quetta


def test_events_unidentified_armed_group_fits_named_perpetrator(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(actor1="Unidentified Armed Group"))
    analyse(store, b, ev(actor1="Balochistan Liberation Army", actor1_id="bla"))
    (record,) = store.events()
    assert record["actor1"] == "Balochistan Liberation Army"


def test_events_suicide_bomb_and_ied_are_compatible(store):
    a, b = article(store, 1), article(store, 2, published="2024-11-11")
    analyse(store, a, ev(sub_event_type="Remote explosive/landmine/IED", text="A blast tore through Quetta station."))
    analyse(store, b, ev())
    (record,) = store.events()
    assert record["sub_event_type"] == "Suicide bomb"


def test_events_statements_merge_only_with_same_subtype_and_actor(store):
    a, b, c = article(store, 1), article(store, 2), article(store, 3)
    statement = dict(event_type="Statements", sub_event_type="Claim of responsibility", fatalities=0,
                     actor1="Balochistan Liberation Army", actor1_id="bla")  # fmt: skip
    analyse(store, a, ev(**statement))
    analyse(store, b, ev(**statement))
    analyse(store, c, ev(**{**statement, "sub_event_type": "Denial"}))
    assert sorted(len(e["sources"]) for e in store.events()) == [1, 2]
    d = article(store, 4)
    analyse(store, d, ev(**{**statement, "actor1": None, "actor1_id": None}))
    assert len(list(store.events())) == 3


def test_events_two_mentions_of_one_article_never_merge(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(0), ev(1, start=200, end=280))
    assert len(list(store.events())) == 2
    analyse(store, b, ev(0))
    # The third report joins one of them, not both.
    assert sorted(len(e["sources"]) for e in store.events()) == [1, 2]


def test_events_month_precision_date_matches_within_month(store):
    a, b, c = article(store, 1, published="2024-03-26"), article(store, 2, published="2024-10-08"), article(store, 3)
    besham = dict(location="Besham", admin2="Shangla", admin1="Khyber Pakhtunkhwa", country="Pakistan",
                  country_code="PK", latitude=34.9297, longitude=72.8664, geo_precision=1)  # fmt: skip
    analyse(store, a, ev(event_date="2024-03-26", **besham, fatalities=6))
    analyse(store, b, ev(event_date="2024-03", date_precision="month", **besham, fatalities=6))
    (record,) = store.events()
    assert record["event_date"] == "2024-03-26" and record["date_precision"] == "day"
    analyse(store, c, ev(event_date="2024-04", date_precision="month", **besham))
    assert len(list(store.events())) == 2


def test_events_later_figure_supersedes_with_range(store):
    a, b, c = (article(store, n, published=f"2023-01-{30 + n // 3:02d}") for n in (1, 2, 3))
    c_published = store.article_text(c)[1]
    assert c_published == "2023-01-31"
    analyse(store, a, ev(event_date="2023-01-30", **PESHAWAR, fatalities=59))
    analyse(store, c, ev(event_date="2023-01-30", **PESHAWAR, fatalities=100, injured=225))
    analyse(store, b, ev(event_date="2023-01-30", **PESHAWAR, fatalities=None, injured=None))
    (record,) = store.events()
    # The latest-published source with a figure wins, whatever the order of analysis.
    assert record["fatalities"] == 100 and record["injured"] == 225
    assert (record["fatalities_low"], record["fatalities_high"]) == (59, 100)
    assert sorted((s["fatalities"] is None, s["fatalities"]) for s in record["sources"]) == [
        (False, 59),
        (False, 100),
        (True, None),
    ]


def test_events_single_range_source_keeps_range(store):
    a = article(store, 1)
    analyse(store, a, ev(fatalities=None, fatalities_low=132, fatalities_high=160))
    (record,) = store.events()
    assert record["fatalities"] is None and (record["fatalities_low"], record["fatalities_high"]) == (132, 160)
    assert list(store.events(EventFilter(min_fatalities=150)))
    assert not list(store.events(EventFilter(min_fatalities=161)))


def test_events_agreeing_sources_have_no_range(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev())
    analyse(store, b, ev())
    (record,) = store.events()
    assert record["fatalities"] == 26 and record["fatalities_low"] is None and record["fatalities_high"] is None


def test_events_reanalysis_replaces_sources(store):
    a, b = article(store, 1), article(store, 2, published="2024-11-10")
    analyse(store, a, ev())
    analyse(store, b, ev(fatalities=32))
    (before,) = store.events()
    assert before["fatalities"] == 32
    analyse(store, b, ev(fatalities=30))
    (after,) = store.events()
    assert after["id"] == before["id"] and after["fatalities"] == 30 and len(after["sources"]) == 2
    analyse(store, b)  # the new analysis finds no event: b's source goes, a's event stays
    (alone,) = store.events()
    assert alone["id"] == before["id"] and alone["fatalities"] == 26 and alone["fatalities_low"] is None
    analyse(store, a)
    assert list(store.events()) == []
    assert store.conn.execute("SELECT count(*) FROM events_box").fetchone()[0] == 0


def test_events_ids_are_stable(store):
    a = article(store, 1)
    analyse(store, a, ev())
    first = next(store.events())["id"]
    analyse(store, a, ev())
    assert next(store.events())["id"] == first and first.startswith("evt-")


def test_events_filters(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(actor1="Balochistan Liberation Army", actor1_id="bla"))
    analyse(store, b, ev(**PESHAWAR, event_date="2023-01-30", fatalities=84, text="The mosque bombing in Peshawar."))
    ids = {e["location"]: e["id"] for e in store.events()}

    def found(**kw: object) -> set[str]:
        return {str(e["location"]) for e in store.events(EventFilter(**kw))}  # type: ignore[arg-type]

    assert found(since="2024") == {"Quetta"} and found(until="2023-12-31") == {"Peshawar"}
    assert found(since="2023-01", until="2023-01") == {"Peshawar"}
    assert found(actor="bla") == {"Quetta"} and found(actor="liberation") == {"Quetta"}
    assert found(admin1="khyber pakhtunkhwa") == {"Peshawar"} and found(country="PK") == {"Quetta", "Peshawar"}
    assert found(min_fatalities=50) == {"Peshawar"} and found(text="mosque") == {"Peshawar"}
    assert found(event_type="Battles") == set() and found(sub_event_type="Suicide bomb") == {"Quetta", "Peshawar"}
    assert store.event(ids["Quetta"])["location"] == "Quetta" and store.event("evt-nope") is None
    assert [e["location"] for e in store.events(limit=1)] == ["Quetta"]


def test_events_text_filter_is_full_text_over_the_evidence(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(text="Al-Qaeda fighters ambushed the convoy near Quetta station."))
    analyse(store, b, ev(**PESHAWAR, event_date="2023-01-30", text="The mosque bombing in Peshawar's Police Lines."))

    def found(text: str) -> set[str]:
        return {str(e["location"]) for e in store.events(EventFilter(text=text))}

    assert found("bomb") == {"Peshawar"}  # each word is a prefix
    assert found("al-qaeda") == {"Quetta"}  # a hyphen is a word break, not FTS5 syntax
    assert found("police lines") == {"Peshawar"} and found('"lines police"') == set()
    assert found("mosque OR convoy") == {"Quetta", "Peshawar"}
    assert store.count_events(EventFilter(text="peshawar")) == 1
    # Re-analysing replaces the evidence in the index too.
    analyse(store, b, ev(**PESHAWAR, event_date="2023-01-30", text="A blast hit the Peshawar court."))
    assert found("mosque") == set() and found("court") == {"Peshawar"}
    with pytest.raises(StoreError, match="bad text filter"):
        list(store.events(EventFilter(text='"unbalanced')))


def test_events_claims_point_at_merged_event(store, schema):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev())
    analyse(store, b, ev(0, **PESHAWAR), ev(1), claims=(claim(1), claim(None, stance="alleges", start=300, end=340)))
    quetta = next(e["id"] for e in store.events() if e["location"] == "Quetta")
    records = list(store.claims())
    assert [(c["stance"], c["event_id"]) for c in records] == [("claims_responsibility", quetta), ("alleges", None)]
    for record in records:
        schema("claim").validate(record)
    assert [c["id"] for c in store.claims(event_id=quetta)] == [records[0]["id"]]
    assert len(list(store.claims(actor="bla"))) == 2 and list(store.claims(stance="denies")) == []


def test_events_conflicts_figures_date_place_perpetrator(store):
    a, b = article(store, 1), article(store, 2, published="2024-11-11")
    analyse(store, a, ev(actor1="Balochistan Liberation Army", actor1_id="bla", fatalities=26))
    analyse(
        store,
        b,
        ev(
            actor1="Unidentified Armed Group",
            event_date="2024-11-10",
            fatalities=32,
            **{**MASTUNG, "admin1": "Balochistan"},
        ),
    )
    kinds = {c["kind"]: c for c in store.conflicts()}
    assert set(kinds) == {"fatalities", "date"}, "45 km apart in one province, and an unnamed perpetrator, agree"
    sides = {side["value"]: [s["article_id"] for s in side["sources"]] for side in kinds["fatalities"]["sides"]}
    assert sides == {26: [a], 32: [b]}
    assert kinds["fatalities"]["sides"][0]["sources"][0]["url"] == "https://news1.example/story"


def test_events_conflicts_place_through_a_chain(store):
    # Mastung and Pishin are each within 50 km of Quetta, and 90 km from each other.
    a, b, c = article(store, 1), article(store, 2), article(store, 3)
    analyse(store, a, ev())
    analyse(store, b, ev(**MASTUNG))
    analyse(store, c, ev(**{**QUETTA, "location": "Pishin", "latitude": 30.5807, "longitude": 66.9955}))
    (record,) = store.events()
    assert record["location"] == "Quetta"
    (conflict,) = store.conflicts()
    assert conflict["kind"] == "place"
    assert {side["value"] for side in conflict["sides"]} == {"Quetta", "Mastung", "Pishin"}


def test_events_conflicts_perpetrator_and_admin1(store):
    """Merging never joins two named perpetrators or two provinces; the check still reports such
    sources (e.g. a mention corrected in place), with each side's articles."""
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(actor1="Balochistan Liberation Army", actor1_id="bla"))
    analyse(store, b, ev())
    store.conn.execute(
        "UPDATE event_mentions SET actor1 = 'Islamic State', actor1_id = 'is', admin1 = 'Sindh' WHERE article_id = ?",
        (b,),
    )
    found = {c["kind"]: c for c in store.conflicts()}
    assert set(found) == {"perpetrator", "place"}
    sides = {side["value"]: [s["article_id"] for s in side["sources"]] for side in found["perpetrator"]["sides"]}
    assert sides == {"Balochistan Liberation Army": [a], "Islamic State": [b]}


def test_events_conflicting_claims(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(), claims=(claim(0, claimant="TTP", claimant_id="ttp"),))
    analyse(store, b, ev(), claims=(claim(0, stance="denies", claimant="TTP", claimant_id="ttp"),))
    (conflict,) = [c for c in store.conflicts() if c["kind"] == "claims"]
    stances = {side["value"]: [s["article_id"] for s in side["sources"]] for side in conflict["sides"]}
    assert stances == {"claims_responsibility": [a], "denies": [b]}


def test_events_conflicts_exclude_kinds(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(fatalities=26), claims=(claim(0, claimant="TTP", claimant_id="ttp"),))
    analyse(store, b, ev(fatalities=32), claims=(claim(0, stance="denies", claimant="TTP", claimant_id="ttp"),))
    assert [c["kind"] for c in store.conflicts()] == ["fatalities", "claims"]
    assert [c["kind"] for c in store.conflicts(exclude=("claims",))] == ["fatalities"]
    assert [c["kind"] for c in store.conflicts(exclude=("fatalities",))] == ["claims"]
    assert store.conflicts(kind="claims", exclude=("claims",)) == []


def test_events_no_conflict_when_sources_agree(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(), claims=(claim(0),))
    analyse(store, b, ev(), claims=(claim(0, stance="asserts"),))
    assert store.conflicts() == []


def test_stories_from_shared_lead_event_and_related_links(store):
    a, b = article(store, 1), article(store, 2)
    c = article(store, 3, related=("https://news1.example/story",))
    d = article(store, 4)
    e = article(store, 5, published="2024-12-01")
    assert store.story_of(c) == store.story_of(a) == a  # c links to a
    analyse(store, a, ev())
    analyse(store, b, ev())
    assert store.story_of(b) == a  # a and b lead with the same event
    analyse(store, e, ev(0, **PESHAWAR, event_date="2024-11-30"), ev(1, start=300, end=380))
    assert store.story_of(e) == e  # e mentions the event only in the background
    assert store.story_of(d) == d
    (story,) = store.stories()
    assert story["id"] == a and {x["id"] for x in story["articles"]} == {a, b, c}
    assert len(story["events"]) == 1
    assert len(list(store.stories(min_size=1))) == 3


def test_stories_link_to_a_later_article_and_copies(store):
    a = article(store, 1, related=("https://news2.example/story",))
    b = article(store, 2)  # arrives after the article linking to it
    assert store.story_of(b) == a
    copy = store.add_article(
        Article(
            source="c",
            url="https://mirror.example/1",
            title="Copy",
            published="2024-11-09",
            author=None,
            language="en",
            text=distinct_text(1),
        )
    )
    assert copy.outcome == "near_duplicate"
    (story,) = store.stories()
    assert story["copies"][0]["url"] == "https://mirror.example/1"
    assert list(store.stories(min_size=4)) == []


def test_events_export_records_valid_against_schema(store, schema):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(), ev(1, event_date=None, date_precision=None, latitude=None, longitude=None, start=100))
    analyse(store, b, ev(fatalities=None, fatalities_low=20, fatalities_high=30, reported_as="alleged"))
    records = list(store.events())
    assert len(records) == 2
    for record in records:
        schema("event").validate(record)
    for conflict in store.conflicts():
        assert conflict["sides"] and all(side["sources"] for side in conflict["sides"])


def test_events_stats_count_events(store):
    a, b = article(store, 1), article(store, 2)
    analyse(store, a, ev(), claims=(claim(0),))
    analyse(store, b, ev())
    numbers = store.stats()
    assert (numbers["events"], numbers["event_mentions"], numbers["multi_source_events"], numbers["claims"]) == (
        1,
        2,
        1,
        1,
    )


def test_events_candidate_lookup_uses_the_index(store):
    from wirewatch.store.sqlite_events import CANDIDATE_SQL

    plan = [str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + CANDIDATE_SQL, [0] * 6 + ["Battles"])]
    assert plan[0].startswith("SCAN b VIRTUAL TABLE INDEX") and "INTEGER PRIMARY KEY" in plan[1], plan


def test_events_merge_stays_fast_with_many_events(store):
    """Merging is an index lookup: 2,000 events in store, then one more article takes milliseconds."""
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (id, source, text, content_hash, ingested_at) VALUES (?, 's', 't', ?, 'now')",
        [(f"bulk-{n}", f"h{n}") for n in range(2000)],
    )
    conn.execute("COMMIT")
    for n in range(2000):
        day = f"20{10 + n % 10}-0{1 + n % 9}-{1 + n % 28:02d}"
        analyse(store, f"bulk-{n}", ev(event_date=day, latitude=20 + n % 17, longitude=60 + n % 13, location=f"P{n}"))
    a = article(store, 1)
    started = time.perf_counter()
    analyse(store, a, ev(), ev(1, **PESHAWAR), ev(2, **KARACHI))
    assert time.perf_counter() - started < 0.25


@pytest.mark.parametrize(
    ("value", "precision", "days"),
    [("2024-03-26", "day", 1), ("2024-03", "month", 31), ("2024-02", None, 29), ("2024", "year", 366),
     ("2024-03-25", "week", 7), (None, None, None), ("not a date", "day", None)],
)  # fmt: skip
def test_merge_date_range(value, precision, days):
    found = date_range(value, precision)
    assert (found[1] - found[0] + 1 if found else None) == days


def test_merge_haversine_and_types():
    assert haversine_km(30.1798, 66.975, 34.008, 71.5785) == pytest.approx(600, abs=15)
    key = EventKey(
        "Explosions/Remote violence", "Suicide bomb", None, None, None, None, None, None, None, None, None, ""
    )
    other = EventKey("Explosions/Remote violence", "Grenade", None, None, None, None, None, None, None, None, None, "")
    assert types_compatible(key, key) and not types_compatible(key, other)


def test_events_country_only_place_needs_similar_text_or_toll(store):
    a, b, c = article(store, 1), article(store, 2), article(store, 3)
    country_only = dict(location=None, admin2=None, admin1=None, latitude=None, longitude=None, geo_precision=None)
    analyse(store, a, ev(fatalities=100, text="Gunmen killed at least 100 people in a raid on a village."))
    analyse(store, b, ev(**country_only, fatalities=None, fatalities_low=132, fatalities_high=160,
                         text="The government says 132 were killed in Saturday's attack; locals say 160."))  # fmt: skip
    assert len(list(store.events())) == 1
    analyse(store, c, ev(**country_only, fatalities=3, text="Three died when a bomb hit a bus on a highway."))
    assert len(list(store.events())) == 2


NAIROBI = dict(location="Nairobi", admin2="Nairobi", admin1="Nairobi", country="Kenya", country_code="KE",
               latitude=-1.2864, longitude=36.8172, geo_precision=1)  # fmt: skip
KENYA = dict(location="Kenya", admin2=None, admin1=None, country="Kenya", country_code="KE",
             latitude=0.0236, longitude=37.9062, geo_precision=3)  # fmt: skip
SHABAAB = dict(actor1="al-Shabaab", actor1_id="al-shabaab")
HOTEL_BOMB = dict(
    **NAIROBI, **SHABAAB, event_date="2019-01-15", fatalities=21,
    text="Twenty-one people died when a suicide bomber and gunmen attacked a hotel complex in Nairobi.",
)  # fmt: skip


def test_events_one_assault_typed_two_ways_merges_with_same_perpetrator_and_toll(store):
    a, b = article(store, 1, published="2019-01-16"), article(store, 2, published="2019-01-17")
    analyse(store, a, ev(**HOTEL_BOMB))
    analyse(store, b, ev(**NAIROBI, **SHABAAB, event_type="Violence against civilians", sub_event_type="Attack",
                         event_date="2019-01-16", fatalities=14,
                         text="Troops ended the siege of the office complex on Wednesday; 14 were dead."))  # fmt: skip
    (record,) = store.events()
    assert len(record["sources"]) == 2
    # the latest report's type when the sources are split, with a sub-type of that type
    assert (record["event_type"], record["sub_event_type"]) == ("Violence against civilians", "Attack")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (dict(actor1=None, actor1_id=None), "no named perpetrator on one side"),
        (dict(actor1="Islamic State", actor1_id="is"), "another perpetrator"),
        (dict(fatalities=3, text="Three guards were shot dead at a checkpoint near a bank."), "toll and words differ"),
        (dict(event_date="2019-01-22", fatalities=20), "a week later"),
        (dict(sub_event_type="Abduction/forced disappearance", fatalities=None), "not a sub-type of an assault"),
    ],
)
def test_events_assaults_of_different_types_stay_apart_without_agreement(store, change, why):
    a, b = article(store, 1, published="2019-01-16"), article(store, 2, published="2019-01-23")
    analyse(store, a, ev(**HOTEL_BOMB))
    fields = dict(**NAIROBI, **SHABAAB, event_type="Violence against civilians", sub_event_type="Attack",
                  event_date="2019-01-15", fatalities=21, text=HOTEL_BOMB["text"])  # fmt: skip
    analyse(store, b, ev(**{**fields, **change}))
    assert len(list(store.events())) == 2, why


def test_events_two_attacks_in_one_city_a_week_apart_do_not_merge(store):
    a, b = article(store, 1, published="2024-11-09"), article(store, 2, published="2024-11-16")
    analyse(store, a, ev(actor1="Balochistan Liberation Army", actor1_id="bla"))
    analyse(store, b, ev(actor1="Balochistan Liberation Army", actor1_id="bla", event_date="2024-11-16",
                         text="A suicide bomber struck a bus stop in Quetta, killing at least 26 people."))  # fmt: skip
    assert len(list(store.events())) == 2


def test_events_an_attack_and_an_abduction_of_one_raid_merge(store):
    a, b = article(store, 1, published="2014-04-16"), article(store, 2, published="2014-05-06")
    analyse(store, a, ev(event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
                         event_date="2014-04-14", fatalities=0,
                         text="Gunmen stormed a school at night and drove off with 200 pupils."))  # fmt: skip
    analyse(store, b, ev(event_type="Violence against civilians", sub_event_type="Attack", event_date="2014-04-14",
                         fatalities=None, text="Most are still held after the attack on the school."))  # fmt: skip
    (record,) = store.events()
    assert record["sub_event_type"] == "Abduction/forced disappearance"


COUNTRY_ONLY = dict(location="Pakistan", admin2=None, admin1=None, latitude=30.0, longitude=70.0, geo_precision=3)
FOREIGN_STRIKE = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                      actor1="Military Forces of India", actor1_id="military-india", fatalities=None)  # fmt: skip


def test_events_country_level_background_mention_joins_when_day_and_perpetrator_agree(store):
    a, b = article(store, 1, published="2019-02-26"), article(store, 2, published="2019-02-28")
    province = {**PESHAWAR, "location": "Khyber Pakhtunkhwa", "latitude": 34.5, "longitude": 72.0, "geo_precision": 3}
    analyse(store, a, ev(**province, **FOREIGN_STRIKE, event_date="2019-02-26",
                         text="Foreign warplanes dropped bombs on a hillside camp on Tuesday."))  # fmt: skip
    analyse(store, b, ev(**COUNTRY_ONLY, **FOREIGN_STRIKE, event_date="2019-02-26",
                         text="The clash followed the cross-border air raid on Tuesday."))  # fmt: skip
    assert len(list(store.events())) == 1


def test_events_country_level_mention_with_one_signal_or_two_fits_stays_apart(store):
    a, b, c, d, e = (article(store, n, published="2019-02-26") for n in (1, 2, 3, 4, 5))
    kp = {**PESHAWAR, "geo_precision": 3, "latitude": 34.5, "longitude": 72.0}
    # the same day only: no named perpetrator, words unlike
    analyse(store, a, ev(**kp, **{**FOREIGN_STRIKE, "actor1": None, "actor1_id": None}, event_date="2019-02-26",
                         text="Jets bombed a ridge before dawn."))  # fmt: skip
    analyse(store, b, ev(**COUNTRY_ONLY, **{**FOREIGN_STRIKE, "actor1": None, "actor1_id": None},
                         event_date="2019-02-26", text="Officials later toured the area with reporters."))  # fmt: skip
    assert len(list(store.events())) == 2
    # two events either of which it could be: neither
    analyse(store, e, ev(**kp, **FOREIGN_STRIKE, event_date="2019-02-26", text="Jets bombed a ridge in the north."))
    sindh = {**KARACHI, "geo_precision": 3, "latitude": 25.5, "longitude": 68.5}
    analyse(store, c, ev(**sindh, **FOREIGN_STRIKE, event_date="2019-02-26", text="Jets struck a depot in Sindh."))
    analyse(store, d, ev(**COUNTRY_ONLY, **FOREIGN_STRIKE, event_date="2019-02-26", text="The raids of Tuesday."))
    assert len(list(store.events())) == 4


def test_events_month_precision_background_mention_joins_a_day_in_that_month(store):
    a, b = article(store, 1, published="2014-04-16"), article(store, 2, published="2017-05-08")
    analyse(store, a, ev(event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
                         event_date="2014-04-14", fatalities=0, **{**COUNTRY_ONLY, "admin1": "Borno"},
                         text="Gunmen took 276 girls from the Government Girls School in Chibok."))  # fmt: skip
    nigeria_only = {**COUNTRY_ONLY, "country": "Pakistan"}
    analyse(store, b, ev(event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
                         event_date="2014-04", date_precision="month", fatalities=0, **nigeria_only,
                         text="Of the 276 girls taken from the Government Girls School in Chibok in April 2014, "
                              "dozens escaped."))  # fmt: skip
    assert len(list(store.events())) == 1
