"""The ``wirewatch_events`` component: every event an article reports, coded as ACLED codes it.

Runs after actors, people, quotes, dates, quantities and places, and reads what they wrote on the Doc.
Writes ``doc._.ww_events``: Spans over each event's evidence (the sentence that reports it), in text
order, each with ``span._.ww_event`` an ``EventValue``. Triggers, target words and hedges are data:
``data/lexicons/events.yaml``.

How an article becomes events, sentence by sentence:

- **Triggers.** Lemma phrases of the lexicon ("suicide bomber", "claim responsibility", "water cannon")
  are found in each sentence outside direct quotes. A verb trigger that is negated, conditional or in
  the future ("could attack", "no group has claimed") does not count; nor does a plural noun with
  no determiner and no figure in its sentence ("a surge in militant attacks": a trend, not an event).
- **New or known.** A noun trigger with a definite determiner or a possessive ("the attack",
  "Monday's bombing") refers back to an event already reported: it adds figures to that event (the
  toll "rose to 100") but makes no new one. When the article has not yet reported a violent event
  (a follow-up report), the first such reference that is the subject or object of the sentence's
  main clause becomes the event. A statement about an attack is never a second attack: a reference
  inside a statement ("X condemned the attack") only ties the statement to the attack.
- **One event per sentence.** Of the sentence's new triggers, the one nearest the root of the
  dependency tree says what kind of event the sentence reports (violence, statement, protest, ...);
  within violence, the most specific trigger of the sentence sets the sub-type ("At least 128 people
  were killed when a suicide bomber struck" is a Suicide bomb). An attack whose targets are soldiers or
  police who fight back ("fought", "exchange of fire") is an Armed clash.
- **Slots.** Date: the sentence's date nearest the trigger (for a statement, not one inside what was
  said), else the event it refers to (the next day when that happened at night), else the article's
  previous event, else the publication day. Place: the sentence's place where the event happened
  ("in Kabul") over a state named as a modifier ("a US drone strike"), in the article's country, the
  most specific (a town over its district, province or country; "near X" gives geo precision 2, a
  province or country 3); a claim takes its attack's place; an unknown town keeps its container, not a
  dateline city; else the dateline (read as a city), else the event referred to. Figures: the sentence's killed and
  injured figures (a sub-count "nine of them Chinese" is not a second figure; two different tolls
  give a low/high range; victims listed side by side add up; a named victim counts one), a vague
  toll ("dozens") replaced by a figure the next sentences give; statements, protests, riots,
  arrests, abductions and diplomacy report 0 killed unless a figure is given. Actors: the named subject; for
  violence the single uncontested group claiming it in the article, else "Unidentified Armed Group";
  state forces and governments ACLED's way ("Military Forces of India" for "Indian warplanes"), victims
  "Civilians (Country)" or the police or military forces of the event's country.
- **Scope and waves.** Violence by state forces against a crowd is force against protesters. A wave of
  protest told over many sentences is one event (the first protest, with every later protest, riot,
  crackdown or toll that has no place or day of its own). Outside an article about armed violence or
  unrest, an attack, abduction or arrest by one person, or in a court story, is ordinary crime and no
  event; statements, agreements and diplomacy need such an article. Prisoner exchanges and ceasefires
  are agreements; talks called off or resumed and leaders' calls are diplomacy. (docs/events.md, 7-9.)
- **Not yet, battles, riots, disasters.** Acts planned, expected, threatened or dated after publication,
  and protests with no place or day in a campaign or a vague reaction, are not events. Two armed sides
  fighting are an Armed clash between them; a crowd fighting police is a riot; a dispersal with rubber
  bullets or tear gas and no death or live fire is a Protest with intervention. An article reports one
  disaster, and a toll with no perpetrator, place or day of its own counts the violent event before it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..events.merge import DATE_WINDOW_DAYS, date_gap, date_range
from ..geo.mentions import FACILITY_WORDS, after_kind_of
from .kb import ActorKB, load_kb, load_lexicon
from .places import pipeline_gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Token

SPAN_EXTENSION = "ww_event"
TEXT_KEY = "ww_text"
"""``doc.user_data`` key: the Doc's text, kept by ``_text``."""
IN_SCOPE_KEY = "ww_conflict_in_scope"
"""``doc.user_data`` key: False when the article has no event in scope and speaks of no violence
(``EventFinder._in_scope``); the claims component then codes no claim."""

KIND_TYPES: Mapping[str, str] = {
    "statement": "Statements",
    "protest": "Protests",
    "riot": "Riots",
    "arrest": "Strategic developments",
    "strategic": "Strategic developments",
    "disaster": "Disasters",
    "diplomacy": "Diplomacy",
}
"""The event type of each trigger kind; violence's type follows from its sub-type."""

VIOLENCE_TYPES: Mapping[str, str] = {
    "Suicide bomb": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Looting/property destruction": "Strategic developments",
}

ARMED_TYPES = frozenset({"militant group", "military/police"})
"""Actor types (actor.schema.json) that make an article one about armed conflict."""

PHYSICAL_KINDS = frozenset({"violence", "disaster"})
"""Kinds of events that reference nouns ("the attack", "the blast") point back to."""

NOT_YET_KINDS = PHYSICAL_KINDS | frozenset({"strategic", "protest", "riot", "arrest"})
"""Kinds whose verb with a modal ("could attack", "will march") is not an event; a statement or an announced
diplomatic gesture with one is ("would release the pilot")."""

ZERO_KINDS = frozenset({"statement", "diplomacy", "strategic", "arrest", "protest", "riot"})
"""Kinds that report no deaths unless the sentence gives a figure (evaluation/README.md: statements,
protests without deaths and arrests have 0; a riot whose report names no dead is coded 0 as ACLED does)."""

WAVE_SEVERITY: Mapping[str, int] = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    "Violent demonstration": 2,
    "Mob violence": 2,
    "Excessive force against protesters": 3,
}
"""How severe each form of a wave of protest is: the wave is typed by its most severe (ACLED)."""

ZERO_SUBS = frozenset(
    {
        "Abduction/forced disappearance",
        "Looting/property destruction",
        "Government regains territory",
        "Non-state actor overtakes territory",
    }
)
"""Violent sub-types that are not deadly in themselves: with no killed figure they report 0, not unknown
(an abduction that killed someone says so, and that figure is taken)."""

DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})
MODALS = frozenset({"could", "would", "might", "may", "will", "shall", "should", "must", "can"})
NEAR_WORDS = frozenset({"near", "outside", "outskirts", "close", "around", "nearby"})
TERRITORY_SUBS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
CAPITAL_CITY_POPULATION = 50_000
"""A province's namesake city this big is what a bare name means in news ("Kabul", "Seoul", "Herat")."""
FIGHT_BACK = frozenset({"fight", "exchange", "clash", "gunfight", "firefight", "retaliate", "repulse", "repel"})
LOCATION_FEATURES = {"locality": 0, "city": 0, "other": 1, "admin2": 1, "admin1": 2, "country": 3}
"""Specificity rank of a gazetteer feature for an event's location (lower is more specific)."""
LOCATIVE_PREPS = frozenset(
    {"in", "near", "at", "outside", "inside", "around", "across", "into", "within", "throughout", "along", "off"}
)
"""Prepositions that say where something happened ("in Kabul", "near Besham"); "from", "to", "with" and
"between" name where people came from or went, or a party ("stood with Pakistan"), not the place."""
KIND_OF_WORDS = frozenset({"town", "city", "village", "district", "province", "region", "county", "control"})
"""Words before "of" that make the next name a place ("the town of", "took control of")."""
ROUTE_PREPS = frozenset({"from", "to", "towards", "toward", "via"})
"""Prepositions of a route ("travelled from Quetta to Peshawar"): where people went, not where it happened."""
PLACE_WHERE, PLACE_ARGUMENT, PLACE_MODIFIER, PLACE_ROUTE = 0, 1, 2, 3
"""How a place is used in its sentence: where the event happened ("in Kabul", "struck Erbil"), another
argument, or a modifier or subject that names a state rather than a place ("a US drone strike",
"Pakistan-based", "Washington was outraged")."""
DATELINE_SPLIT = re.compile(r"^\s*[A-Z][A-Z .'/-]{2,40}(?:,[^—–\n]{0,40})?\s*[—–-]{1,2}\s*")


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]
    kind: str
    sub: str
    rank: int
    verb: bool
    needs: frozenset[str] = frozenset()
    type: str | None = None

    @property
    def event_type(self) -> str:
        if self.type:
            return self.type
        if self.kind == "violence":
            return VIOLENCE_TYPES[self.sub]
        return KIND_TYPES[self.kind]


@dataclass(frozen=True)
class EventLexicon:
    triggers: Mapping[str, tuple[Trigger, ...]]
    """First lemma -> the triggers starting with it, longest first."""
    reference_nouns: frozenset[str]
    targets: Mapping[str, frozenset[str]]
    civilians: frozenset[str]
    purported: tuple[str, ...]
    alleged: tuple[str, ...]
    speech_verbs: frozenset[str]
    responsibility_words: tuple[tuple[str, ...], ...]
    own_words: frozenset[str]
    statement_media: frozenset[str]
    habitual: frozenset[str]
    killing_verbs: frozenset[str]
    needs_context: frozenset[str]
    violent_context: frozenset[str]
    not_with: frozenset[str]
    conflict_only: frozenset[str]
    conflict_context: tuple[tuple[str, ...], ...]
    crime_subs: frozenset[str]
    violence_nouns: frozenset[str]
    crime_words: frozenset[str]
    individuals: frozenset[str]
    conflict_agreement: frozenset[str]
    crowd_words: tuple[tuple[str, ...], ...]
    state_forces: tuple[tuple[str, ...], ...]
    harmless_causes: frozenset[str] = frozenset()
    animals: frozenset[str] = frozenset()
    armed_words: frozenset[str] = frozenset()
    not_yet_verbs: frozenset[str] = frozenset()
    not_yet_modifiers: frozenset[str] = frozenset()
    nonlethal: tuple[tuple[str, ...], ...] = ()
    lethal: tuple[tuple[str, ...], ...] = ()
    armed_men: frozenset[str] = frozenset()
    arrested_crowds: frozenset[str] = frozenset()
    mob_doers: frozenset[str] = frozenset()
    unharmed: tuple[tuple[str, ...], ...] = ()
    ambiguous_forces: frozenset[str] = frozenset()
    agent_nouns: frozenset[str] = frozenset()
    quantity_heads: frozenset[str] = frozenset()
    naming_heads: frozenset[str] = frozenset()
    political_persons: frozenset[str] = frozenset()
    territory_words: frozenset[str] = frozenset()
    disease_words: frozenset[str] = frozenset()
    describing_verbs: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    cumulative: tuple[tuple[str, ...], ...] = ()
    arson_triggers: tuple[tuple[str, ...], ...] = ()


@lru_cache(maxsize=1)
def load_event_lexicon() -> EventLexicon:
    data: dict[str, Any] = dict(load_lexicon("events"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in data[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(str(w).lower().split()) for w in data[key])

    by_first: dict[str, list[Trigger]] = {}
    for kind in ("violence", "statement", "protest", "riot", "arrest", "strategic", "disaster", "diplomacy"):
        for entry in data[kind]:
            phrase = tuple(str(entry["words"]).lower().split())
            trigger = Trigger(
                words=phrase,
                kind=kind,
                sub=str(entry["sub"]),
                rank=int(entry.get("rank", 0)),
                verb=bool(entry.get("verb", False)),
                needs=frozenset(str(n).lower() for n in entry.get("needs", ())),
                type=entry.get("type"),
            )
            by_first.setdefault(phrase[0], []).append(trigger)
    return EventLexicon(
        triggers={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in by_first.items()},
        reference_nouns=words("reference_nouns"),
        targets={k: frozenset(str(w).lower() for w in v) for k, v in data["targets"].items()},
        civilians=words("civilians"),
        purported=tuple(str(w) for w in data["purported"]),
        alleged=tuple(str(w) for w in data["alleged"]),
        speech_verbs=words("speech_verbs"),
        responsibility_words=tuple(tuple(str(w).split()) for w in data["responsibility_words"]),
        own_words=words("own_words"),
        statement_media=words("statement_media"),
        habitual=words("habitual"),
        killing_verbs=words("killing_verbs"),
        needs_context=words("needs_context"),
        violent_context=words("violent_context"),
        not_with=words("not_with"),
        conflict_only=words("conflict_only"),
        conflict_context=phrases("conflict_context"),
        crime_subs=words("crime_subs"),
        violence_nouns=words("violence_nouns"),
        crime_words=words("crime_words"),
        individuals=words("individuals"),
        conflict_agreement=words("conflict_agreement"),
        crowd_words=phrases("crowd_words"),
        state_forces=phrases("state_forces"),
        harmless_causes=words("harmless_causes"),
        animals=words("animals"),
        armed_words=words("armed_words"),
        not_yet_verbs=words("not_yet_verbs"),
        not_yet_modifiers=words("not_yet_modifiers"),
        nonlethal=phrases("nonlethal"),
        lethal=phrases("lethal"),
        armed_men=words("armed_men"),
        arrested_crowds=words("arrested_crowds"),
        mob_doers=words("mob_doers"),
        unharmed=phrases("unharmed"),
        ambiguous_forces=words("ambiguous_forces"),
        agent_nouns=words("agent_nouns"),
        quantity_heads=words("quantity_heads"),
        naming_heads=words("naming_heads"),
        political_persons=words("political_persons"),
        territory_words=words("territory_words"),
        disease_words=words("disease_words"),
        describing_verbs=words("describing_verbs"),
        reporting_verbs=words("reporting_verbs"),
        cumulative=phrases("cumulative"),
        arson_triggers=phrases("arson_triggers"),
    )


CLAIM_TRIGGER = Trigger(words=("say",), kind="statement", sub="Claim of responsibility", rank=9, verb=True)
"""The trigger of a claim of responsibility in reported speech ("X said its fighters carried out ...")."""


@dataclass(frozen=True)
class EventValue:
    """Every EventMention field but the span's text and offsets (see records.EventMention)."""

    index: int
    event_type: str
    sub_event_type: str | None
    trigger: str
    actor1: str | None
    actor1_id: str | None
    actor2: str | None
    actor2_id: str | None
    event_date: str | None
    date_precision: str | None
    location: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    reported_as: str
    how: str = ""


@dataclass
class _Hit:
    trigger: Trigger
    start: int
    """Token index of the first word."""
    end: int
    head: Token
    """The token that carries the trigger in the parse (the verb of a verb phrase, the noun of a noun)."""
    reference: bool = False


@dataclass
class _Draft:
    """An event being built; turned into an EventValue at the end."""

    sent: Span
    start: int
    """Character offsets of the evidence."""
    end: int
    hit: _Hit
    kind: str
    sub: str
    event_type: str
    how: list[str] = field(default_factory=list)
    actor1: tuple[str | None, str | None] = (None, None)
    actor2: tuple[str | None, str | None] = (None, None)
    actor1_named: bool = False
    date: tuple[str | None, str | None] = (None, None)
    place: Any = None
    geo_precision: int | None = None
    weak_place: Any = None
    """A place named only as a modifier or a subject: used when there is no dateline."""
    unknown_place: bool = False
    """The sentence says where the event happened ("near Besham") but the gazetteer does not know it."""
    fatalities: int | None = None
    low: int | None = None
    high: int | None = None
    injured: int | None = None
    reported_as: str = "asserted"
    refers_to: _Draft | None = None
    claimant: tuple[str | None, str | None] | None = None
    date_at: int | None = None
    """Character offset of the date expression the date was read from."""
    vague: bool = False
    """The toll is only a word ("dozens"): a figure given in the following sentences replaces it."""
    crackdown: tuple[str | None, str | None] | None = None
    """State forces using force against a crowd ("security forces fired on protesters"): who they are."""
    opponent: tuple[str | None, str | None] | None = None
    """The state forces a crowd faced without deadly force (an intervention) or fought (a riot): actor2."""
    folded: list[_Draft] = field(default_factory=list)
    """Mentions of the same wave of protest or its crackdown told in later sentences (``_waves``)."""
    background: bool = False
    """An earlier event told in passing (``_background``): the dateline is not where it happened."""


def register_span_extension() -> None:
    """``span._.ww_event`` (idempotent)."""
    if not Span.has_extension(SPAN_EXTENSION):
        Span.set_extension(SPAN_EXTENSION, default=None)


class EventFinder:
    """Finds the events of a Doc; see the module docstring for the rules."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_event_lexicon()
        self.kb: ActorKB = load_kb()
        self.nlp = nlp
        self._gazetteer: Any = None
        self.role_bodies = _role_bodies()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, self.find(doc))
        return doc

    # -- finding ------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[tuple[int, int, EventValue]]:
        ctx = _ArticleFacts.of(doc, self)
        drafts: list[_Draft] = []
        last_physical: _Draft | None = None
        pending: list[_Hit] = []
        """References made before the article reports its violent event ("the August 9 air strike")."""
        for sent in doc.sents:
            if ctx.in_direct_quote(sent):
                continue
            hits = [h for h in self._hits(sent, ctx) if not ctx.quoted(h.head.idx)]
            new = [h for h in hits if not h.reference]
            refs = [h for h in hits if h.reference]
            draft: _Draft | None = None
            main_new = [h for h in new if _in_main_clause(h.head)]
            if not main_new:
                # a lead tells of an exchange in its subordinate clause ("were flown home on Sunday, a day
                # after they were freed in exchange for ..."): with no event in the main clause, it is one
                main_new = [h for h in new if h.trigger.sub == "Agreement" and h.trigger.rank >= 4]
            if not main_new and not refs and last_physical is None:
                # what the main clause tells is the consequence of a physical event in a clause of time ("fled
                # their homes after floods hit the region on Saturday"): that event is the sentence's, when the
                # article has not told of one yet (later, such a clause retells it: "when he detonated ...")
                main_new = [h for h in new if h.trigger.kind in PHYSICAL_KINDS and _in_time_clause(h.head)]
            if not main_new:
                # a diplomatic act told as the time of what the main clause says ("they were close to a deal
                # when the president scuttled the talks", "when Ghani announced the exchange, he said ...")
                main_new = [h for h in new if h.trigger.kind == "diplomacy" and _in_time_clause(h.head)]
            if main_new:
                best = min(main_new, key=lambda h: (_depth(h.head), -h.trigger.rank, h.start))
                refers_to = last_physical if best.trigger.kind not in PHYSICAL_KINDS else None
                # a reference governed by the trigger names the same act ("were killed in Friday's
                # suicide bombing"): it may say what kind of act it was
                same = [h for h in refs if best.head in h.head.ancestors]
                known = self._told_again(sent, best, new, same, drafts, last_physical, ctx)
                if known is not None:
                    self._update(known, sent, ctx, refs)
                    continue
                draft = self._draft(sent, best, new + same, ctx, refers_to)
            elif refs and last_physical is None:
                main = [h for h in refs if h.trigger.kind in PHYSICAL_KINDS]
                if main and ctx.casualties(sent):
                    best = min(main, key=lambda h: (_depth(h.head), -h.trigger.rank))
                    draft = self._draft(sent, best, main, ctx, None)
                    draft.how.append(f"first report of the event in this article: {best.head.text!r}")
            if draft is None:
                draft = self._background(sent, hits, drafts, ctx)
                if draft is not None:
                    # an earlier event told in passing is not the article's narrative: later references
                    # still point at the event on hand
                    drafts.append(draft)
                    draft = None
                    if last_physical is not None:
                        self._update(last_physical, sent, ctx, hits)
                    continue
            if draft is not None and self._statement_goes_on(draft, drafts):
                drafts[-1].how.append(f"{draft.sent.doc[draft.hit.start : draft.hit.end].text!r}: the same statement")
                continue
            if draft is not None:
                drafts.append(draft)
                if draft.kind in PHYSICAL_KINDS:
                    self._complete(draft, pending, ctx)
                    last_physical = draft
            elif refs and last_physical is not None:
                self._update(last_physical, sent, ctx, hits)
            elif (
                not hits
                and last_physical is not None
                and ctx.casualties(sent)
                and not _cumulative(sent)
                and not any(t.lemma_.lower() in self.lexicon.harmless_causes for t in sent)
            ):
                # "A suicide bomber struck a rally. At least 44 people died and nearly 200 were wounded."
                self._update(last_physical, sent, ctx, hits, figures_only=True)
            if last_physical is None:
                pending.extend(h for h in refs if h.trigger.kind in PHYSICAL_KINDS)
        drafts = self._in_scope(drafts, pending, ctx)
        drafts = self._waves(drafts, ctx)
        self._continuation_dates(drafts, ctx)
        drafts = [d for d in drafts if not self._to_come(d, ctx)]
        self._continuation_figures(drafts, ctx)
        self._claims_of_responsibility(drafts, ctx)
        return [self._value(i, d, drafts, ctx) for i, d in enumerate(drafts)]

    @staticmethod
    def _statement_goes_on(draft: _Draft, drafts: Sequence[_Draft]) -> bool:
        """A statement that carries on the one just told, by a pronoun for its speaker ("X described the
        attack as reprehensible. He also expressed his outrage ..."): one statement, not two."""
        if draft.kind != "statement" or not drafts:
            return False
        last = drafts[-1]
        head = draft.hit.head
        subject = _subject(head if head.pos_ in ("VERB", "AUX") else head.head)  # "he expressed his outrage"
        return (
            last.kind == "statement"
            and last.sub == draft.sub
            and last.refers_to is draft.refers_to
            and subject is not None
            and subject.pos_ == "PRON"
            and last.sent.end == draft.sent.start
        )

    @staticmethod
    def _to_come(draft: _Draft, ctx: _ArticleFacts) -> bool:
        """Whether an act is dated after publication ("a rally in Nairobi on February 10" in an article of
        February 1): announced, not yet held. A statement may speak of the future; its own date is today's."""
        when = draft.date[0]
        if draft.kind == "statement" or when is None or not ctx.published:
            return False
        if when > ctx.published[: len(when)]:
            draft.how.append(f"dated {when}, after publication: not yet happened")
            return True
        return False

    def _told_again(
        self,
        sent: Span,
        best: _Hit,
        new: Sequence[_Hit],
        same: Sequence[_Hit],
        drafts: Sequence[_Draft],
        last: _Draft | None,
        ctx: _ArticleFacts,
    ) -> _Draft | None:
        """The event already reported that a sentence tells again, or None when the sentence reports a new
        one. An article reports one disaster: a later mention of a storm or flood (its damage, a forecast,
        someone's comment) is the first one's. A toll with no perpetrator and no place or day of its own
        ("Two soldiers and 16 gunmen were killed in the battle", "Four soldiers sent as reinforcements were
        killed" after a battle) counts the event before it, when it names that event or that event is a
        battle."""
        if best.trigger.kind == "disaster":
            first = next((d for d in drafts if d.kind == "disaster" and not d.background), None)
            if first is not None:
                first.how.append(f"{best.head.text!r} again: one disaster per article")
            return first
        if last is None or last.kind != "violence":
            return None
        killing = self.lexicon.killing_verbs | {"killing"}
        verb = best.head
        if " ".join(best.trigger.words) not in killing:
            return None
        doers, killed = _doers_and_victims(verb)
        if any(c.dep_ in ("nsubj", "agent") for c in verb.children) and not (
            last.sub == "Armed clash"
            and any(self._side_kind(d, ctx) for d in doers)
            and not any(v.lemma_.lower() in self.lexicon.civilians for v in killed)
        ):
            # "gunmen killed ...": an act with a perpetrator; but after a battle, one of its sides killing
            # ("reinforcements ... were killed by army personnel") is more of the battle
            return None
        victims = {t.i for c in verb.children if c.dep_ in ("nsubjpass", "dobj") for t in c.subtree}
        if any(" ".join(h.trigger.words) not in killing and h.head.i not in victims for h in new):
            return None  # another act told with the toll ("... were killed when a bomber struck")
        if any(
            x[2] is not None and x[3] == "day" and x[2] != last.date[0] and not self._said_on(ctx.doc, x[1])
            for x in ctx.dates_in(sent)
        ):
            return None
        here = [p for p in ctx.places_in(sent) if _place_role(ctx.doc, p) == PLACE_WHERE]
        if any(last.place is None or p.resolved_name != last.place.resolved_name for p in here):
            return None
        last.how.append(f"toll {best.head.text!r} of the same event")
        return last

    def _background(
        self, sent: Span, hits: Sequence[_Hit], drafts: Sequence[_Draft], ctx: _ArticleFacts
    ) -> _Draft | None:
        """An earlier event a sentence tells in passing, as what something came after ("The strike came 12
        days after the February 14 suicide bombing in Pulwama that killed 40", "The clash followed India's
        air strike near Balakot on Tuesday", "girls still held after the attack on their school on the
        night of April 14"): a violent act that follows a word of sequence and has a date of its own.
        Only for a sentence that makes no event of its own, and not an act of a type the article already
        reported within days of that date (that is the article's own event, told again); the act nearest
        the root decides."""
        linked = [
            h
            for h in hits
            if (h.trigger.kind == "violence" and h.trigger.sub != "Claim of responsibility" and _after_word(h.head))
            or (h.trigger.kind == "disaster" and self._past_disaster(h.head, ctx))
        ]
        if not linked:
            return None
        best = min(linked, key=lambda h: (_depth(h.head), -h.trigger.rank, h.start))
        draft = self._draft(sent, best, [h for h in hits if best.head in (h.head, *h.head.ancestors)], ctx, None)
        when = draft.date[0]
        if when is None or (ctx.published and when > ctx.published[: len(when)]):
            return None
        days = date_range(when, draft.date[1])
        for other in drafts:
            near = date_gap(days, date_range(other.date[0], other.date[1]))
            if other.event_type == draft.event_type and near is not None and near <= DATE_WINDOW_DAYS:
                return None
        draft.background = True
        draft.how.append(f"an earlier event told in passing: {best.head.text!r}")
        # a figure or place inside another act the sentence names ("..., the group that claimed the
        # February 14 bombing in Pulwama that killed 40") is that act's
        doc = sent.doc

        # a disaster's dead are told by a killing clause of its own ("an earthquake struck, killing 200,000")
        own_kill = [h for h in hits if best.trigger.kind == "disaster" and h.trigger.kind == "violence"]

        def foreign(char: int) -> bool:
            return _event_of(doc, char, hits) not in (None, best, *own_kill)

        killed = ctx.figures(sent, "killed")
        if any(foreign(q[1]) for q in killed):
            own = [q for q in killed if not foreign(q[1])]
            draft.fatalities, draft.low, draft.high = _toll(own, _text(doc)) if own else (None, None, None)
        if draft.place is not None and foreign(draft.place.start):
            draft.place, draft.geo_precision = None, None
            draft.unknown_place = any(
                p.label == "GPE" and not foreign(p.start) and _place_role(doc, p) == PLACE_WHERE
                for p in ctx.unknown_places_in(sent)
            )
        return draft

    @staticmethod
    def _past_disaster(head: Token, ctx: _ArticleFacts) -> bool:
        """Whether a disaster is told as a past one: dated in its own noun phrase ("the December 2004
        tsunami", "the October 8 earthquake"), or what something came after ("since a magnitude 7.0
        earthquake struck in January 2010")."""
        if _after_word(head) or (head.dep_ in ("nsubj", "nsubjpass") and _after_word(head.head)):
            return True
        lo = head.left_edge.idx
        return head.pos_ == "NOUN" and any(lo <= d[1] < head.idx and d[2] is not None for d in ctx.dates)

    # -- scope and waves ----------------------------------------------------------------------

    def _conflict_signals(self, ctx: _ArticleFacts) -> int:
        """How strongly the article is about armed violence or political unrest, outside direct quotes:
        two for each different word of ``conflict_context`` it uses, one for naming state forces; an armed
        group named by the knowledge base is enough on its own (4). ``_in_scope`` says what is needed."""
        if any(a[5] == "militant group" and not ctx.quoted(a[1]) for a in ctx.actors):
            return 4
        found: set[tuple[str, ...]] = set()
        tokens = [t for t in ctx.doc if not ctx.quoted(t.idx)]
        lemmas = [t.lemma_.lower() for t in tokens]
        for phrase in self.lexicon.conflict_context:
            n = len(phrase)
            for i in range(len(lemmas) - n + 1):
                if tuple(lemmas[i : i + n]) != phrase:
                    continue
                head = tokens[i + n - 1]
                if any(
                    c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.lexicon.not_with for c in head.children
                ):
                    continue  # "a trade war", "a price war"
                found.add(phrase)
                break
        forces = any(a[5] == "military/police" and not ctx.quoted(a[1]) for a in ctx.actors)
        return len(found) * 2 if not forces else len(found) * 2 + 1

    def _in_scope(self, drafts: list[_Draft], pending: Sequence[_Hit], ctx: _ArticleFacts) -> list[_Draft]:
        """Outside an article about armed violence or political unrest, an attack, abduction or arrest
        is ordinary crime (a man abducting a child, police arresting a suspect) unless its target is a
        political figure; and statements, strategic developments and diplomacy need a violent event (or a
        reference to one) that is in scope."""
        signals = self._conflict_signals(ctx)
        if any(
            d.sub == "Agreement" and {t.lemma_.lower() for t in d.sent} & self.lexicon.conflict_agreement
            for d in drafts
        ):
            signals += 4  # a prisoner exchange or a ceasefire is news of a conflict
        court = any(t.lemma_.lower() in self.lexicon.crime_words and not ctx.quoted(t.idx) for t in ctx.doc)
        kept = []
        for d in drafts:
            crime = d.kind in ("violence", "arrest") and d.sub in self.lexicon.crime_subs
            one = self._by_one_person(d) or self._few_arrested(d, ctx)
            if crime and signals < 2 and (court or one) and not self._political(d, ctx):
                d.how.append("ordinary crime: no armed group, state force or conflict in the article")
                continue
            kept.append(d)
        in_scope = any(d.kind in PHYSICAL_KINDS for d in kept) or bool(pending) or signals >= 3
        if not in_scope:
            kept = [d for d in kept if d.kind not in self.lexicon.conflict_only]
        # claims need less: any event left, or a word of violence that claims may be about ("said India
        # was behind the shooting")
        ctx.doc.user_data[IN_SCOPE_KEY] = in_scope or bool(kept) or self._violence_named(ctx)
        return kept

    def _violence_named(self, ctx: _ArticleFacts) -> bool:
        """Whether the article names a violent act by a noun ("the shooting", "the bombing"), outside
        direct quotes and not as "a heart attack"."""
        nouns = self.lexicon.violence_nouns
        return any(
            t.pos_ == "NOUN"
            and t.lemma_.lower() in nouns
            and not ctx.quoted(t.idx)
            and not any(c.lemma_.lower() in self.lexicon.not_with for c in t.children)
            for t in ctx.doc
        )

    def _by_one_person(self, draft: _Draft) -> bool:
        """Whether the perpetrator is one person: a singular "man", "suspect", "34-year-old woman", or a
        name the knowledge base does not know."""
        head = draft.hit.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        subject = _subject(verb)
        if subject is None:
            return False
        if subject.ent_type_ == "PERSON" and subject.tag_ == "NNP":
            return True
        return subject.tag_ == "NN" and subject.lemma_.lower() in self.lexicon.individuals

    def _few_arrested(self, draft: _Draft, ctx: _ArticleFacts) -> bool:
        """Whether an arrest is of one person or a few ("police arrested a nurse", "a man was detained",
        "two men were arrested for selling fake vaccines"), who are not activists, journalists or
        politicians: outside a conflict, police work, not a political event."""
        if draft.kind != "arrest":
            return False
        head = draft.hit.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        held = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if held is None or held.lemma_.lower() in self.lexicon.political_persons:
            return False
        if any(
            c.lemma_.lower() in self.lexicon.political_persons for c in held.children if c.dep_ in ("compound", "amod")
        ):
            return False
        if held.tag_ == "NNS" and held.lemma_.lower() in self.lexicon.individuals | {"suspect", "man", "woman"}:
            count = next((c for c in held.children if c.dep_ == "nummod" and c.like_num), None)
            value = next((q[2] for q in ctx.quantities if count is not None and q[1] == count.idx), None)
            return value is not None and value <= FEW
        return held.tag_ == "NN" or (held.ent_type_ == "PERSON" and held.tag_ == "NNP")

    @staticmethod
    def _political(draft: _Draft, ctx: _ArticleFacts) -> bool:
        """Whether the target of an attack or arrest is a political figure: a person the language layer
        gives a role or a knowledge-base id ("former prime minister Imran Khan"), or a known actor."""
        head = draft.hit.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        target = _object(verb)
        if target is None:
            return False
        lo, hi = target.left_edge.idx, target.right_edge.idx + len(target.right_edge)
        if any(lo <= p[0] < hi and (p[2] or p[4]) for p in ctx.people):
            return True
        return any(lo <= a[1] < hi and a[4] and a[5] not in ARMED_TYPES for a in ctx.actors)

    def _waves(self, drafts: list[_Draft], ctx: _ArticleFacts) -> list[_Draft]:
        """One wave of protest and its crackdown told over many sentences ("security forces fired on
        crowds", "demonstrators set banks on fire", "at least 208 people were killed") is one event: the
        article's first protest or riot (the lead) takes every later protest, riot, crackdown or toll that
        gives no place or day of its own (or the lead's), as ACLED codes a wave without a place or day per
        incident. The most severe form types it; the tolls of different sources give a range; when force
        was used, the state forces named in the wave are actor1 and the protesters actor2."""
        leads: list[_Draft] = []
        out: list[_Draft] = []
        for d in drafts:
            target = None
            last = out[-1] if out else None
            if (
                last is not None
                and any(last is lead for lead in leads[1:])
                and [last, *last.folded][-1].sent.end == d.sent.start
                and self._joins(d, last, ctx)
            ):
                # the protest told just before, with a day of its own ("Over 200 were injured in Saturday's
                # protests. The demonstration turned violent when ..."), not the article's first
                target = last
            elif leads and self._joins(d, leads[0], ctx):
                target = leads[0]
            if target is not None:
                target.folded.append(d)
                target.how.append(f"with {d.sent.doc[d.hit.start : d.hit.end].text!r} of the same wave")
                if target.date[0] is None and d.date[0] is not None:
                    target.date, target.date_at = d.date, d.date_at
                continue
            if d.kind in ("protest", "riot"):
                leads.append(d)
            out.append(d)
        for lead in leads:
            self._settle_wave(lead, out, ctx)
        return out

    def _settle_wave(self, lead: _Draft, out: Sequence[_Draft], ctx: _ArticleFacts) -> None:
        """One wave's type, toll and sides from all its mentions (see ``_waves``)."""
        self._wave_tolls(lead, out, ctx)
        wave = [lead, *lead.folded]
        for d in out:
            if d.refers_to in lead.folded:
                d.refers_to = lead
        if len(wave) == 1:
            return
        deadly = any(w.fatalities or w.low for w in wave)
        subs = ["Protest with intervention" if w.kind == "arrest" else w.sub for w in wave]
        sub = max(subs, key=lambda s: WAVE_SEVERITY.get(s, 0))
        if deadly or any(w.crackdown for w in wave):
            sub = "Excessive force against protesters"
        lead.sub = sub
        lead.event_type = "Riots" if sub in ("Violent demonstration", "Mob violence") else "Protests"
        lead.kind = "riot" if lead.event_type == "Riots" else "protest"
        values = sorted({v for w in wave for v in (w.fatalities, w.low, w.high) if v})
        if values:
            lead.fatalities, lead.low, lead.high = (
                (values[0], None, None) if len(values) == 1 else (None, values[0], values[-1])
            )
            lead.vague = False
        lead.injured = next((w.injured for w in wave if w.injured), None)
        country = ctx.country_of(lead)
        forces = [w.crackdown for w in wave if w.crackdown and w.crackdown[0]]
        if forces and sub == "Excessive force against protesters":
            specific = [f for f in forces if not re.match(r"(Military|Police) Forces of ", str(f[0]))]
            lead.actor1 = (specific or forces or [lead.actor1])[0]
            lead.actor2 = (f"Protesters ({country})" if country else "Protesters", None)
        elif lead.kind == "riot":
            lead.actor1 = (f"Rioters ({country})" if country else "Rioters", None)
        lead.how.append(f"one wave: {lead.event_type} / {sub}")

    def _joins(self, d: _Draft, lead: _Draft, ctx: _ArticleFacts) -> bool:
        """Whether a later mention belongs to the lead's wave: a protest, riot or crackdown, or a toll (a
        killing by no one named, with a figure), with no place or day of its own other than the lead's."""
        toll = (
            d.kind == "violence"
            and d.sub == "Attack"
            and not d.actor1_named
            and bool(d.fatalities or d.low)
            and " ".join(d.hit.trigger.words) in self.lexicon.killing_verbs | {"killing"}
        )
        # ACLED: arrests at a protest make it a protest with intervention, not an event of their own
        arrests = d.kind == "arrest" and lead.kind in ("protest", "riot") and self._crowd_arrested(d)
        if d.kind not in ("protest", "riot") and not toll and not arrests:
            return False
        own_day = d.date[0] is not None and d.date_at is not None and not self._said_on(ctx.doc, d.date_at)
        if own_day and d.date[0] != lead.date[0]:
            return False
        own_words, lead_words = self._unresolved_days(d.sent, ctx), self._unresolved_days(lead.sent, ctx)
        if d.date[0] is None and own_words and lead_words and not own_words & lead_words:
            return False  # "in Saturday's protests" after a lead on Sunday, in an article with no date
        place = d.place
        if place is None:
            return not d.unknown_place
        if lead.place is not None and place.resolved_name == lead.place.resolved_name:
            return True
        country = lead.place.country if lead.place is not None else ctx.main_country
        return place.feature == "country" and place.country == country

    def _crowd_arrested(self, d: _Draft) -> bool:
        """Whether an arrest is of a crowd ("70 people were detained for occupying roads", "police
        arrested dozens of protesters"), not of a named or armed person."""
        lex = self.lexicon
        _doers, arrested = _doers_and_victims(d.hit.head)
        lemmas = {t.lemma_.lower() for t in d.sent}
        return (
            any(t.lemma_.lower() in lex.arrested_crowds and t.ent_type_ != "PERSON" for t in arrested)
            and not lemmas & lex.armed_men
        )

    def _unresolved_days(self, sent: Span, ctx: _ArticleFacts) -> set[str]:
        """The days a sentence names that could not be dated (no publication date): "saturday"."""
        return {
            re.sub(r"['’]s$", "", x[0].lower())
            for x in ctx.dates_in(sent)
            if x[2] is None and not self._said_on(ctx.doc, x[1])
        }

    def _wave_tolls(self, lead: _Draft, drafts: Sequence[_Draft], ctx: _ArticleFacts) -> None:
        """A sentence with a death toll and no event of its own right after a sentence of the wave ("The
        health ministry put the toll at 61.") counts the wave too."""
        wave_sents = {lead.sent.start, *(w.sent.start for w in lead.folded)}
        other = {d.sent.start for d in drafts}
        previous: int | None = None
        for sent in ctx.doc.sents:
            follows, previous = previous in wave_sents, sent.start
            if (
                follows
                and sent.start > lead.sent.start
                and sent.start not in other | wave_sents
                and not ctx.in_direct_quote(sent)
            ):
                killed = [q for q in ctx.figures(sent, "killed") if q[2] is not None and q[2] > 0]
                day = any(
                    x[2] is not None and x[3] == "day" and not self._said_on(ctx.doc, x[1]) for x in ctx.dates_in(sent)
                )
                harmless = any(t.lemma_.lower() in self.lexicon.harmless_causes for t in sent)
                if killed and not day and not ctx.places_in(sent) and not harmless:
                    extra = _Draft(sent, sent.start_char, sent.end_char, lead.hit, "violence", "Attack", "")
                    extra.fatalities, extra.low, extra.high = _toll(killed, _text(ctx.doc))
                    lead.folded.append(extra)
                    wave_sents.add(sent.start)
                    lead.how.append(f"toll {killed[0][0]!r} of the same wave")

    def _complete(self, draft: _Draft, pending: Sequence[_Hit], ctx: _ArticleFacts) -> None:
        """Date and place from an earlier reference to the event ("the August 9 air strike on a bus in
        Dahyan"), when its own sentence gives none."""
        for hit in pending:
            lo = hit.head.left_edge.idx
            hi = hit.head.right_edge.idx + len(hit.head.right_edge)
            if draft.date[0] is None:
                dates = [d for d in ctx.dates if lo <= d[1] < hi and d[2] is not None]
                if dates:
                    _dated(draft, dates[0], f"date {dates[0][2]} from an earlier reference {dates[0][0]!r}")
            if draft.place is None:
                places = [p for p in ctx.places if lo <= p.start < hi]
                if places:
                    draft.place = min(places, key=lambda p: LOCATION_FEATURES.get(p.feature, 3))
                    draft.geo_precision = self._precision(draft.place, ctx.doc)

    def _continuation_dates(self, drafts: Sequence[_Draft], ctx: _ArticleFacts) -> None:
        """An act whose sentence has no date takes the first day named in the sentences that follow it,
        up to the next event ("... killed 13 people. The bus was hit on Wednesday morning ..."); the
        article's first event, else the last day named before it (a lead that reports the inquiry: "traces
        of explosives were found in a bus that plunged into a ravine on Wednesday"). Any other act (a
        border closure, a protest, an arrest) carries on the time of the narrative before it: the last day
        named since the previous event's sentence, that sentence included ("On Tuesday, officials met
        tribal elders ... The army also closed the crossing"). A later event without a day takes the
        previous event's (``_value``)."""
        sents = list(ctx.doc.sents)
        starts = {d.sent.start for d in drafts}
        for n, d in enumerate(drafts):
            if d.date[0] is not None or d.kind == "statement" or (d.kind == "protest" and _up_to_now(d.hit.head)):
                continue
            earlier = [s for s in reversed(sents) if s.start < d.sent.start]
            if d.kind not in PHYSICAL_KINDS:
                sides = [(earlier, "an earlier", True)]
            else:
                after = [s for s in sents if s.start > d.sent.start]
                sides = [(after, "a following", False), (earlier if n == 0 else [], "an earlier", False)]
            for side, label, through_event in sides:
                for sent in side:
                    if sent.start in starts and not through_event:
                        break
                    dates = [
                        x
                        for x in ctx.dates_in(sent)
                        if x[2] is not None and x[3] == "day" and not self._said_on(ctx.doc, x[1])
                    ]
                    if dates:
                        found = dates[0] if label == "a following" else dates[-1]
                        _dated(d, found, f"date {found[2]} from {found[0]!r} in {label} sentence")
                        break
                    if sent.start in starts:
                        break
                if d.date[0] is not None:
                    break

    def _continuation_figures(self, drafts: Sequence[_Draft], ctx: _ArticleFacts) -> None:
        """A toll given only as a word ("killing dozens of people") takes the first written death figure
        of the sentences that follow, up to the next event, when that sentence names no other day ("...
        said 29 bodies had been brought in"): the written figure is the one a reader can check."""
        sents = list(ctx.doc.sents)
        starts = {d.sent.start for d in drafts}
        for d in drafts:
            if not d.vague:
                continue
            for sent in sents:
                if sent.start <= d.sent.start or ctx.in_direct_quote(sent):
                    continue
                if sent.start in starts:
                    break
                if any(x[2] is not None and x[2] != d.date[0] for x in ctx.dates_in(sent)):
                    continue
                killed = [q for q in ctx.figures(sent, "killed") if q[2] is not None and q[2] > 0]
                if killed:
                    d.fatalities, d.low, d.high = _toll(killed, _text(ctx.doc))
                    d.vague = False
                    d.how.append(f"fatalities from {killed[0][0]!r} in a following sentence")
                    break

    def _hits(self, sent: Span, ctx: _ArticleFacts) -> list[_Hit]:
        lemmas = [t.lemma_.lower() for t in sent]
        words = {w for w in lemmas}
        hits: list[_Hit] = []
        taken: set[int] = set()
        i = 0
        while i < len(lemmas):
            matched = False
            for trigger in self.lexicon.triggers.get(lemmas[i], ()):
                n = len(trigger.words)
                if i + n > len(lemmas) or any(i + k in taken for k in range(n)):
                    continue
                if all(w == "*" or w == lemmas[i + k] for k, w in enumerate(trigger.words)):
                    if trigger.needs and not (trigger.needs & words):
                        continue
                    tokens = [sent[i + k] for k in range(n)]
                    head = _phrase_head(tokens, trigger.verb)
                    if trigger.verb != (head.pos_ in ("VERB", "AUX")) and not (
                        trigger.kind == "statement" and head.pos_ == "ADJ"
                    ):
                        continue
                    if not self._counts(head, trigger, sent, ctx):
                        continue
                    hit = _Hit(trigger, sent.start + i, sent.start + i + n, head)
                    hit.reference = self._is_reference(hit, sent)
                    hits.append(hit)
                    matched = True
            if matched:
                taken.update(range(i, i + max(len(h.trigger.words) for h in hits if h.start == sent.start + i)))
            i += 1
        hits.extend(self._responsibility_claims(sent, ctx))
        return hits

    def _responsibility_claims(self, sent: Span, ctx: _ArticleFacts) -> list[_Hit]:
        """ "X said (that) it / its fighters carried out the attack", "X said it was behind the bombing"."""
        lex = self.lexicon
        out = []
        for verb in sent:
            if verb.lemma_.lower() not in lex.speech_verbs or verb.pos_ != "VERB":
                continue
            if not self._counts(verb, CLAIM_TRIGGER, sent, ctx):
                continue
            for clause in verb.children:
                if clause.dep_ != "ccomp":
                    continue
                subject = _subject(clause)
                if subject is None or not ({t.lower_ for t in subject.subtree} & lex.own_words):
                    continue
                lemmas = [t.lemma_.lower() for t in clause.subtree]
                if any(_contains(lemmas, phrase) for phrase in lex.responsibility_words):
                    hit = _Hit(CLAIM_TRIGGER, verb.i, verb.i + 1, verb)
                    out.append(hit)
        return out

    def _counts(self, head: Token, trigger: Trigger, sent: Span, ctx: _ArticleFacts) -> bool:
        """Whether a trigger reports something that happened (not negated, hypothetical, habitual or
        generic)."""
        physical = trigger.kind in PHYSICAL_KINDS
        lex = self.lexicon
        if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lex.not_with for c in head.children):
            return False
        if head.dep_ == "compound" and head.head.lemma_.lower() in lex.naming_heads:
            return False  # "riot police", "protest leaders", "strike action": a word naming something else
        if _characterisation(head):
            return False  # "the epidemic is a time bomb", "described the cull as a massacre"
        if trigger.words in (("take",), ("seize",)) and trigger.sub == "Abduction/forced disappearance":
            _doers, taken = _doers_and_victims(head)
            persons = lex.civilians | lex.individuals | lex.targets["protesters"]

            def persons_in(tokens: Iterable[Token]) -> bool:
                return any(t.lemma_.lower() in persons or t.ent_type_ == "PERSON" for t in tokens)

            if not persons_in(taken) and any(c.dep_ == "auxpass" for c in head.children):
                # a passive whose subject the parser hung on the dateline ("GUSAU — 300 schoolgirls were taken")
                taken = [t for t in sent if ctx.dateline_chars <= t.idx and t.i < head.i]
            if not persons_in(taken):
                return False  # "took care to avoid", "had taken bodies from the mortuary": no one abducted
        if trigger.sub in TERRITORY_SUBS:
            doers, _taken = _doers_and_victims(head)
            if not any(self._side_kind(d, ctx) in ("forces", "armed") for d in doers):
                return False  # "Apple took control of the supplier": no armed side, no battle
        peaceful = trigger.kind == "protest" and trigger.sub == "Peaceful protest"
        if peaceful and head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in head.children):
            return False  # "marched the girls into the bush": driving people, not a protest
        if trigger.words == ("raid",) and not ctx.casualties(sent) and self._by_forces(head, ctx):
            return False  # "police seized fake vaccines in a raid on a warehouse": police work, not an attack
        if " ".join(trigger.words) in lex.needs_context and not self._violent(sent, head, ctx):
            return False
        if trigger.kind == "violence" and self._not_by_arms(head, sent):
            return False
        verb = head if head.pos_ in ("VERB", "AUX") else None
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "neg":
                    return False
                if child.dep_ == "aux" and child.lower_ in MODALS and trigger.kind in NOT_YET_KINDS:
                    return False  # "could attack", "would sign a truce", "teachers will march": not (yet) an
                    # event; an announced gesture ("Pakistan would release the pilot") is diplomacy
                if child.dep_ == "aux" and child.lower_ == "to":
                    return False
                if child.dep_ == "advmod" and child.lower_ in self.lexicon.habitual:
                    return False
                if child.dep_ == "prep" and child.lower_ == "in" and any(_the_past(g) for g in child.children):
                    return False  # "have attacked vaccination teams in the past" (not "in the past week")
                if child.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ == "no" for c in child.children):
                    return False
            if (
                physical
                and verb.tag_ in ("VBZ", "VBP")
                and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
            ):
                return False  # present simple: a habit or a trend ("its fighters still carry out attacks")
            if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.not_yet_verbs:
                return False  # "threatened to attack", "plan to march", "are expected to protest"
            if trigger.kind in ("protest", "riot") and _generic_present(verb) and not self._occasion(sent, ctx):
                return False  # "campaigners are protesting against ...": a campaign, with no place or day
            if any(c.dep_ == "neg" for a in _governing(verb) for c in a.children):
                return False  # "did not say that militants attacked"; but "could not reach it after X was attacked"
        else:
            if _negated_predicate(head):
                return False
            if not physical and _hypothetical_noun(head):
                return False  # "unable to agree to a ceasefire", "would sign a truce"
            if self._not_yet_noun(head):
                return False  # "a protest is set to take place", "a second cyclone could form", "planned rallies"
            if any(c.dep_ == "advmod" and c.lower_ in self.lexicon.habitual for c in head.head.children):
                return False
            bare = not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)
            # a bare plural ("a surge in attacks") or a bare mass noun as an argument ("turned kidnapping for
            # ransom into a trade") speaks of a kind of act, not of one
            plural = bare and (head.tag_ in ("NNS", "NNPS") or (head.tag_ == "NN" and head.dep_ in ("dobj", "nsubj")))
            if plural and physical and not ctx.casualties(sent, figured=False) and not ctx.has_day(sent):
                return False
            crowd = head.lemma_.lower() in lex.targets["protesters"] | {"rioter"}
            if plural and trigger.kind in ("protest", "riot") and not crowd and not self._occasion(sent, ctx):
                return False  # "the ban was greeted with angry protests": no place, no time (what protesters
                # did is an act, not a reaction)
        doc = head.doc
        # a word in scare quotes ("abducted", said the party) is the speaker's word, not an event
        return not (0 < head.i < len(doc) - 1 and doc[head.i - 1].is_quote and doc[head.i + 1].is_quote)

    def _not_yet_noun(self, noun: Token) -> bool:
        """A trigger noun for something not yet done: modified by "planned", "upcoming", ...; or the subject
        or object of a verb of planning, expecting or threatening ("a protest is set to take place",
        "threatened attacks"), or the subject of a verb with a modal ("a second cyclone could form")."""
        lex = self.lexicon
        if any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in noun.children):
            return False  # "the attack", "its bombing": a reference to something that happened
        if any(c.dep_ in ("amod", "compound") and c.lower_ in lex.not_yet_modifiers for c in noun.children):
            return True
        verb = noun.head
        if noun.dep_ not in ("nsubj", "nsubjpass", "dobj") or verb.pos_ not in ("VERB", "AUX"):
            return False
        planned = noun.dep_ == "dobj" or any(c.dep_ in ("xcomp", "auxpass") for c in verb.children)
        if verb.lemma_.lower() in lex.not_yet_verbs and planned:
            return True  # not "the explosion set fire to ...": a subject needs "is set to", "was planned"
        return noun.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children
        )

    def _occasion(self, sent: Span, ctx: _ArticleFacts) -> bool:
        """Whether a sentence gives a protest its occasion: a place or a day of its own."""
        return bool(ctx.places_in(sent)) or bool(ctx.unknown_places_in(sent)) or ctx.has_day(sent)

    def _not_by_arms(self, head: Token, sent: Span) -> bool:
        """Deaths from disease, an accident or nature, or a cull: the trigger's cause (its subject when
        active, its "by", "in", "from" or "of" phrase, a clause saying when) is one of ``harmless_causes``,
        or its victims are only animals, and the sentence names no arms or armed men."""
        lex = self.lexicon
        verb = head.pos_ in ("VERB", "AUX")
        passive = verb and any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
        causes: list[Token] = []
        victims: list[Token] = []
        # "Two were killed and five injured when a cylinder exploded": the clause hangs on the second verb
        shared = [c for v in head.children if v.dep_ == "conj" for c in v.children if c.dep_ == "advcl"]
        for child in [*head.children, *shared]:
            cause = child.dep_ == "agent" or (child.dep_ == "nsubj" and verb and not passive)
            # a clause of time is a cause of deaths ("killed when their bus collided"), not of a clash that
            # followed a decision ("clashed with police after the government sealed off a slum to contain Ebola")
            cause = cause or (child.dep_ == "advcl" and head.lemma_.lower() in lex.killing_verbs | {"die", "dead"})
            victim = child.dep_ == "dobj" or (child.dep_ == "nsubjpass" and passive)
            if child.dep_ == "prep":
                cause = child.lower_ in ("by", "in", "from")
                victim = child.lower_ == "of" and not verb
            if cause:
                causes.extend(child.subtree)
            elif victim:
                victims.extend(child.subtree)
        # arms or armed men named anywhere but among the dead ("the outbreak killed three soldiers" is no battle)
        dead = {t.i for t in victims}
        if any((t.lemma_.lower() in lex.armed_words or t.lower_ in lex.armed_words) and t.i not in dead for t in sent):
            return False
        if verb and not passive and head.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in head.children):
            subject = _subject(head)  # "The storm destroyed 300 houses and killed 12 people"
            if subject is not None:
                causes.extend(subject.subtree)
        if any(t.lemma_.lower() in lex.harmless_causes for t in causes):
            return True
        limit = _dateline_end(head.doc)
        subjects = [c for c in head.children if c.dep_ == "nsubj" and c.i >= limit] if verb and not passive else []
        if not subjects and verb and not passive and _subject(head) is not None:
            subjects = [s for s in [_subject(head)] if s is not None and s.i >= limit]
        if subjects and all(self._not_an_agent(s) for s in subjects):
            return True  # "the H5N1 strain has killed 150 people": a thing that cannot attack (a dateline's
            # "QUETTA —" that the parser makes a second subject is no subject)
        lemmas = {t.lemma_.lower() for t in victims}
        if head.lemma_.lower() in ("fight", "combat", "battle") and lemmas & lex.harmless_causes:
            return True  # "health workers are fighting the outbreak"
        return bool(lemmas & lex.animals) and not (lemmas & lex.civilians)

    def _not_an_agent(self, subject: Token) -> bool:
        """Whether the subject of a killing verb, in a sentence that names no arms, is a thing that cannot
        have done it by violence: not a person, a people, a group, a state or an organisation, nor a word
        of violence ("the strain", "the illness", "the heat"; but "gunmen", "the blast", "Israel", "he")."""
        lex = self.lexicon
        of = [
            g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
        if of and (subject.like_num or subject.ent_type_ == "CARDINAL" or subject.lemma_.lower() in lex.quantity_heads):
            subject = of[0]  # "Thousands of protesters", "dozens of gunmen"
        word = subject.lemma_.lower()
        # a capitalised plural after a dateline is tagged a proper noun and keeps its plural ("Gunmen")
        forms = {word, subject.lower_, re.sub(r"men$", "man", subject.lower_), subject.lower_.rstrip("s")}
        if subject.pos_ == "PRON" or subject.ent_type_ in ("PERSON", "NORP", "GPE"):
            return False
        if subject.ent_type_ == "ORG" or (subject.pos_ == "PROPN" and subject.is_upper):
            # a name: an actor unless it is an unknown one in a story about a disease ("SARS killed 774")
            known = any(s.start <= subject.i < s.end and s._.ww_actor.actor_id for s in subject.doc._.ww_actors or ())
            return not known and _disease_story(subject.doc)
        if subject.pos_ not in ("NOUN", "PROPN") or forms & set(lex.triggers):
            return False
        agents = lex.armed_words | lex.individuals | lex.civilians | lex.mob_doers | lex.armed_men | lex.agent_nouns
        agents |= lex.targets["protesters"] | {w for phrase in lex.crowd_words for w in phrase}
        forces = lex.targets["police"] | lex.targets["military"]
        return not (forms & (agents | forces))

    def _violent(self, sent: Span, trigger: Token, ctx: _ArticleFacts) -> bool:
        """Whether the sentence speaks of armed violence besides the trigger word itself."""
        if ctx.casualties(sent, figured=False):
            return True
        words = self.lexicon.violent_context
        if any(t.i != trigger.i and (t.lemma_.lower() in words or t.lower_ in words) for t in sent):
            return True
        lemmas = [t.lemma_.lower() for t in sent]
        return any(" " in w and _contains(lemmas, tuple(w.split())) for w in words)  # "security forces"

    def _is_reference(self, hit: _Hit, sent: Span) -> bool:
        """A noun trigger pointing back at an event already reported ("the attack", "Monday's bombing",
        "the exchange followed a telephone call"), or a verb whose subject does ("the attacker opened fire",
        "the blast went off")."""
        noun = hit.head
        if hit.trigger.kind in ("strategic", "diplomacy") and not hit.trigger.verb:
            return noun.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in noun.children
            )
        if hit.trigger.kind not in PHYSICAL_KINDS and hit.trigger.kind != "riot":
            return False
        if hit.trigger.verb:
            subject = _subject(noun)
            if subject is None:
                return False
            if hit.trigger.kind == "riot":
                return subject.lemma_.lower() in self.lexicon.reference_nouns
            return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subject.children)
        if noun.pos_ not in ("NOUN", "PROPN"):
            return False
        for child in noun.children:
            if child.dep_ == "det" and child.lower_ in DEFINITE:
                return True
            if child.dep_ == "poss" and (child.pos_ == "PRON" or child.ent_type_ in ("DATE", "TIME")):
                return True
        first = hit.start
        return first > 0 and noun.doc[first - 1].lower_ in ("the", "'s", "’s")

    # -- one event ----------------------------------------------------------------------------

    def _draft(
        self, sent: Span, best: _Hit, hits: Sequence[_Hit], ctx: _ArticleFacts, refers_to: _Draft | None
    ) -> _Draft:
        kind = best.trigger.kind
        same_kind = [h for h in hits if h.trigger.kind == kind]
        chosen = (
            max(same_kind, key=lambda h: (h.trigger.rank, -abs(h.start - best.start))) if kind != "statement" else best
        )
        sub = chosen.trigger.sub
        words = {t.lemma_.lower() for t in sent}
        if kind == "violence" and sub == "Attack" and self._targets_forces(sent) and (words & FIGHT_BACK):
            sub = "Armed clash"
        if sub in TERRITORY_SUBS:
            sub = self._territory(chosen.head, sub, ctx)
        if kind == "violence" and sub == "Attack" and self._armed_both_sides(chosen.head, ctx):
            sub = "Armed clash"
        if kind == "violence" and sub == "Attack" and self._by_a_mob(chosen.head, sent):
            kind, sub = "riot", "Mob violence"
        arson = chosen.trigger.words in self.lexicon.arson_triggers
        if (
            kind == "riot"
            and sub == "Violent demonstration"
            and (self._by_armed_men(chosen.head, ctx) or (arson and not self._crowd_named(sent)))
        ):
            # "militants set ablaze a girls' school": an armed group destroying property (ACLED)
            kind, sub = "violence", "Looting/property destruction"
        event_type = chosen.trigger.type or (VIOLENCE_TYPES[sub] if kind == "violence" else KIND_TYPES[kind])
        if kind == "protest" and sub == "Peaceful protest" and ctx.figures(sent, "killed"):
            sub = "Excessive force against protesters"
        forces = self._crackdown_forces(sent, chosen, ctx) if kind in ("violence", "protest") else None
        opponent: tuple[str | None, str | None] | None = None
        if forces is not None and sub in ("Excessive force against protesters", "Attack"):
            # violence by state forces against a crowd is force against protesters (ACLED), whose
            # perpetrator is the forces, not the protesters; without deaths, serious injuries or live fire
            # ("fired rubber bullets and tear gas to break up a protest") it is an intervention
            kind, event_type = "protest", "Protests"
            if self._lethal(sent, ctx):
                sub = "Excessive force against protesters"
            else:
                sub, opponent, forces = "Protest with intervention", forces, None
        else:
            forces = None
        if kind == "violence" and sub == "Armed clash" and self._crowd_against_forces(sent, ctx):
            # a crowd fighting police is a riot, not a battle (which needs organised armed groups on both sides)
            kind, sub, event_type = "riot", "Violent demonstration", "Riots"
        if kind == "riot":
            opponent = self._crackdown_forces(sent, chosen, ctx, anywhere=True)
        start, end = _evidence(sent, sent.doc[chosen.start].idx)
        trigger_text = sent.doc[chosen.start : chosen.end].text
        draft = _Draft(sent, start, end, chosen, kind, sub, event_type, refers_to=refers_to)
        draft.crackdown = forces
        draft.how.append(f"{event_type} / {sub} from {trigger_text!r}")
        self._date(draft, ctx)
        self._place(draft, ctx)
        # state forces are those of the country where the event happens, not of another one the article names
        country = ctx.country_of(draft)
        if draft.crackdown is not None:
            draft.crackdown = self._crackdown_forces(sent, chosen, ctx, country=country) or draft.crackdown
        if opponent is not None:
            draft.opponent = (
                self._crackdown_forces(sent, chosen, ctx, country=country, anywhere=kind == "riot") or opponent
            )
        self._figures(draft, sent, ctx)
        self._actors(draft, ctx)
        draft.reported_as = self._reported_as(draft)
        return draft

    def _lethal(self, sent: Span, ctx: _ArticleFacts) -> bool:
        """Whether force against a crowd was lethal: a death, serious injuries or live fire ("live rounds",
        "snipers"), or firing with no word of non-lethal means (rubber bullets, tear gas, water cannon)."""
        lemmas = [t.lemma_.lower() for t in sent]
        if any(q[2] for q in ctx.figures(sent, "killed")):
            return True
        if any(_contains(lemmas, phrase) for phrase in self.lexicon.lethal):
            return True
        return not any(_contains(lemmas, phrase) for phrase in self.lexicon.nonlethal)

    def _crowd_against_forces(self, sent: Span, ctx: _ArticleFacts) -> bool:
        """Whether a clash is a crowd against state forces ("clashes with police left 20 villagers injured
        as displaced families protested"): the sentence names police or soldiers and a crowd or protest, and
        no armed men or armed group on the other side."""
        lex = self.lexicon
        lemmas = [t.lemma_.lower() for t in sent]
        if not any(_contains(lemmas, phrase) for phrase in lex.state_forces):
            return False
        if not any(_contains(lemmas, phrase) for phrase in lex.crowd_words):
            return False
        if set(lemmas) & lex.armed_men:
            return False
        lo, hi = sent.start_char, sent.end_char
        return not any(lo <= a[1] < hi and a[5] == "militant group" for a in ctx.actors)

    def _crackdown_forces(
        self, sent: Span, hit: _Hit, ctx: _ArticleFacts, *, country: str | None = None, anywhere: bool = False
    ) -> tuple[str | None, str | None] | None:
        """The state forces that use force against a crowd in this sentence ("security forces fired on
        crowds", "members of the Revolutionary Guards surrounded protesters ... and opened fire"), named as
        ACLED names them, unnamed forces as those of ``country`` (else the article's); None when the
        sentence names no crowd or the perpetrator is not state forces. With ``anywhere`` the forces may
        be named anywhere in the sentence (the side a rioting crowd fought)."""
        lex = self.lexicon
        lemmas = [t.lemma_.lower() for t in sent]
        if not any(_contains(lemmas, phrase) for phrase in lex.crowd_words):
            return None
        head = hit.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        # the doers: the words before the verb (the subject, wherever the parser hangs its modifiers: "Men in
        # the uniforms of the paramilitary Rapid Support Forces fired"), or a "by" phrase
        regions = [(sent.start_char, verb.idx)] if verb.i > sent.start else []
        if anywhere:
            regions = [(sent.start_char, sent.end_char)]
        # a "by" phrase: "... were killed by police", "killings by security forces", "a pattern of killings by
        # security forces" (where the parser hangs it on "pattern")
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if head.i != verb.i:
            agents += [g for noun in (head, _frame(head)) if noun is not None for g in _by_phrase(noun) if g.i > head.i]
        regions += [(g.left_edge.idx, g.right_edge.idx + len(g.right_edge)) for g in agents]
        for lo, hi in regions:
            named = [a for a in ctx.actors if lo <= a[1] < hi and a[4]]
            words = [t.lemma_.lower() for t in sent if lo <= t.idx < hi]
            state = [a for a in named if a[5] == "military/police"]
            if not state and not any(_contains(words, phrase) for phrase in lex.state_forces):
                continue
            found = state or [a for a in named if a[5] in ARMED_TYPES]
            if found:
                return self._as_state(str(found[0][4]), found[0][3])
            police = self.lexicon.targets["police"]
            body = "Police Forces" if any(w in police for w in words) else "Military Forces"
            return self._state(country or ctx.main_country, body) or (None, None)
        return None

    def _armed_both_sides(self, head: Token, ctx: _ArticleFacts) -> bool:
        """Whether an attack is a battle by who does it and to whom (ACLED: violence against civilians needs
        unarmed victims): soldiers or police killed or attacked by anyone but their own side ("gunmen
        killed four soldiers at a checkpoint", "four policemen were shot dead"), or state forces killing
        armed men ("troops killed 12 insurgents")."""
        doers, victims = _doers_and_victims(head)
        victim = next((k for k in (self._side_kind(t, ctx) for t in victims) if k), None)
        doer = next((k for k in (self._side_kind(t, ctx) for t in doers) if k), None)
        if victim == "forces":
            return doer != "forces"
        return victim == "armed" and doer == "forces"

    def _by_forces(self, head: Token, ctx: _ArticleFacts) -> bool:
        """Whether state forces do the act ("police raided", "a raid by troops")."""
        doers, _victims = _doers_and_victims(head)
        return any(self._side_kind(d, ctx) == "forces" for d in doers)

    def _territory(self, head: Token, sub: str, ctx: _ArticleFacts) -> str:
        """Who took a place decides ACLED's sub-type: state forces regain territory ("troops recaptured the
        town"), anyone else overtakes it ("rebels seized control of the district"); capturing something that
        is not a place ("captured a commander") is an armed clash."""
        doers, taken = _doers_and_victims(head)
        if taken and not any(
            t.lemma_.lower() in self.lexicon.territory_words or t.ent_type_ in ("GPE", "LOC", "FAC") for t in taken
        ):
            return "Armed clash"
        kinds = {self._side_kind(d, ctx) for d in doers}
        if "forces" in kinds:
            return "Government regains territory"
        if "armed" in kinds:
            return "Non-state actor overtakes territory"
        return sub

    def _crowd_named(self, sent: Span) -> bool:
        """Whether the sentence names a crowd, protesters, rioters or a mob."""
        lemmas = [t.lemma_.lower() for t in sent]
        crowd = self.lexicon.crowd_words + tuple((w,) for w in self.lexicon.mob_doers | {"rioter", "mob"})
        return any(_contains(lemmas, phrase) for phrase in crowd)

    def _by_armed_men(self, head: Token, ctx: _ArticleFacts) -> bool:
        """Whether armed men or an armed group do the act ("militants torched ...")."""
        doers, _victims = _doers_and_victims(head)
        return any(self._side_kind(d, ctx) == "armed" for d in doers)

    def _by_a_mob(self, head: Token, sent: Span) -> bool:
        """Whether the doers of an attack are unarmed people ("vehicles were attacked by local residents",
        "an angry crowd beat two men"): mob violence (ACLED), unless the sentence names arms."""
        doers, _victims = _doers_and_victims(head)
        if not any(d.lemma_.lower() in self.lexicon.mob_doers for d in doers):
            return False
        return not any(t.lemma_.lower() in self.lexicon.armed_words - {"shoot"} for t in sent)

    def _side_kind(self, token: Token, ctx: _ArticleFacts) -> str | None:
        """ "forces" for a phrase about state forces ("security forces", "a police checkpoint", "Frontier
        Corps personnel", or an actor of that type), "armed" for armed men ("militants", "TTP fighters"),
        else None. A word that is not always a force ("officer", "personnel", "guard") needs a modifier that
        is ("police officers", "security personnel")."""
        lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        types = {a[5] for a in ctx.actors if lo <= a[1] < hi and a[4]}
        if "military/police" in types:
            return "forces"
        if "militant group" in types:
            return "armed"
        forces = self.lexicon.targets["police"] | self.lexicon.targets["military"]
        word = token.lemma_.lower()
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
        if word in self.lexicon.armed_men:
            return "armed"
        if word in self.lexicon.ambiguous_forces:
            return "forces" if modifiers & (forces - self.lexicon.ambiguous_forces) else None
        if word in forces or (word == "force" and modifiers & {"security", "armed", "government"}):
            return "forces"
        return None

    def _targets_forces(self, sent: Span) -> bool:
        forces = self.lexicon.targets["police"] | self.lexicon.targets["military"]
        return any(t.lemma_.lower() in forces for t in sent)

    def _date(self, draft: _Draft, ctx: _ArticleFacts) -> None:
        """The sentence's date nearest the trigger; for an act (not a statement) not a date that belongs
        to a speech verb ("..., officials said on Saturday"), and a bare year only when nothing better
        will come (a statement about an event takes the event's day instead)."""
        anchor = draft.sent.doc[draft.hit.start].idx
        dates = [d for d in ctx.dates_in(draft.sent) if d[2] is not None]
        if draft.kind in PHYSICAL_KINDS:
            dates = [d for d in dates if not self._said_on(draft.sent.doc, d[1])]
        if draft.kind == "statement" and draft.refers_to is not None:
            dates = [d for d in dates if d[3] in ("day", "week")]
        if draft.kind == "statement":
            # a date inside what was said dates what was said about, not the saying ("has said his group
            # abducted the girls three weeks ago, in a video obtained on Monday": Monday), unless it is on
            # the statement's medium, wherever the parser hangs that
            head = draft.hit.head
            # what was said by the statement's verb, or by the verb it is joined to ("said the strike was a
            # response to a missile fired the day before, and accused the Houthis")
            verbs = [head, head.head] if head.dep_ == "conj" else [head]
            said = [c for v in verbs for c in v.children if c.dep_ == "ccomp"]
            dates = [
                d
                for d in dates
                if not any(_within(c, d[1]) for c in said) or self._on_medium(draft.sent.doc, d[1], draft.hit.head)
            ]
        if dates:
            # a date of the trigger's own clause before a nearer one of another ("held since 2016 were
            # released on Tuesday")
            head = draft.hit.head
            verb = head if head.pos_ in ("VERB", "AUX") else next((a for a in head.ancestors if a.pos_ == "VERB"), head)
            found = min(
                dates, key=lambda d: (self._clause_verb(draft.sent.doc, d[1]) not in (verb.i, None), abs(d[1] - anchor))
            )
            _dated(draft, found, f"date {found[2]} from {found[0]!r}")

    @staticmethod
    def _clause_verb(doc: Doc, char: int) -> int | None:
        """Index of the verb whose clause the expression at ``char`` is in, None when it hangs on none."""
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return None
        return next((t.i for t in span[0].ancestors if t.pos_ in ("VERB", "AUX")), None)

    def _on_medium(self, doc: Doc, char: int, stop: Token) -> bool:
        """Whether the date at ``char`` hangs on a statement's medium ("a video obtained on Monday")."""
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return False
        for token in span[0].ancestors:
            if token.i == stop.i:
                return False
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.lexicon.statement_media:
                return True
        return False

    def _said_on(self, doc: Doc, char: int) -> bool:
        """Whether the date at ``char`` belongs to a speech verb ("officials said on Saturday")."""
        verb = self._clause_verb(doc, char)
        return verb is not None and doc[verb].lemma_.lower() in self.lexicon.speech_verbs

    def _place(self, draft: _Draft, ctx: _ArticleFacts) -> None:
        """The sentence's place: where it says the event happened before a place it names otherwise,
        then the article's country, the most specific, the nearest the trigger."""
        anchor = draft.sent.doc[draft.hit.start].idx
        # an agreement or a diplomatic act is where it was done, not where the events its sentence recalls
        # happened ("sailors captured by Russia in the Kerch Strait", "pointing to a bombing in Kabul")
        recalled = draft.kind in ("strategic", "diplomacy")
        places = [
            p
            for p in ctx.places_in(draft.sent)
            if not (recalled and _in_other_clause(ctx.doc, p.start, draft.hit.head))
        ]
        roles = {id(p): _place_role(ctx.doc, p) for p in places}
        # a route ("as it travelled from Quetta to Peshawar", "rockets fired from Lebanon") is not where it happened
        places = [p for p in places if roles[id(p)] != PLACE_ROUTE]
        where = any(r == PLACE_WHERE for r in roles.values())
        if places:
            place = min(
                places,
                key=lambda p: (
                    # a country as an argument is a party ("a deal with the United States"), not where the
                    # event happened when the sentence says where ("in central Lima")
                    where and roles[id(p)] != PLACE_WHERE and p.feature == "country",
                    bool(ctx.main_country) and p.country != ctx.main_country and roles[id(p)] != PLACE_WHERE,
                    roles[id(p)] == PLACE_MODIFIER,
                    bool(ctx.main_country) and p.country != ctx.main_country,
                    roles[id(p)],
                    LOCATION_FEATURES.get(p.feature, 3),
                    abs(p.start - anchor),
                ),
            )
            if roles[id(place)] == PLACE_MODIFIER:
                # a state named on the act itself is the doer, not where it happened ("a US drone strike")
                on_trigger = {c.i for c in draft.hit.head.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
                span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
                if span is None or not ({t.i for t in span} & on_trigger) or place.feature != "country":
                    draft.weak_place = place
            else:
                draft.place = place
                draft.geo_precision = self._precision(place, ctx.doc)
                draft.how.append(f"place {place.resolved_name} from {place.text!r}")
                return
        draft.unknown_place = any(
            _place_role(ctx.doc, p) == PLACE_WHERE
            and not (recalled and _in_other_clause(ctx.doc, p.start, draft.hit.head))
            for p in ctx.unknown_places_in(draft.sent)
            if p.label == "GPE"
        )

    @staticmethod
    def _precision(place: Any, doc: Doc) -> int:
        rank = LOCATION_FEATURES.get(place.feature, 3)
        if rank >= 2:
            return 3
        before = _text(doc)[max(0, place.start - 25) : place.start].lower().split()
        if rank == 1 or (before and (set(before[-3:]) & NEAR_WORDS)):
            return 2
        return 1

    def _figures(self, draft: _Draft, sent: Span, ctx: _ArticleFacts) -> None:
        killed = ctx.figures(sent, "killed") or self._killed_objects(draft, sent, ctx)
        if killed:
            killed = _coordinated(killed, ctx.figures(sent, None), sent.doc)
            draft.fatalities, draft.low, draft.high = _toll(killed, _text(ctx.doc))
            draft.vague = all(q[2] is None for q in killed)
            draft.how.append(f"fatalities from {', '.join(repr(q[0]) for q in killed)}")
        elif draft.kind in PHYSICAL_KINDS:
            victims, victim = self._named_victims(draft, sent)
            if victim is not None:
                draft.fatalities = victims
                draft.how.append(f"fatalities {victims} from the victims named one by one ({victim.text!r} ...)")
            elif self._unharmed(sent):
                draft.fatalities = 0
                draft.how.append("no one killed, the sentence says")
        injured = ctx.figures(sent, "injured")
        if injured:
            draft.injured = _injured(_coordinated(injured, ctx.figures(sent, None), sent.doc), _text(ctx.doc))

    def _unharmed(self, sent: Span) -> bool:
        """Whether the sentence says no one was killed or hurt ("causing no casualties", "no one was hurt")."""
        lemmas = [t.lemma_.lower() for t in sent]
        return any(_contains(lemmas, phrase) for phrase in self.lexicon.unharmed)

    def _named_victims(self, draft: _Draft, sent: Span) -> tuple[int, Token | None]:
        """Victims counted without a figure: a killing verb of the event whose object is one person ("killing
        a foreign contractor", "al-Qaeda's leader was killed by a drone strike"), plus any named beside it
        ("a soldier and a policeman"); (0, None) when the victims are not singled out."""
        trigger = draft.hit.head
        above = {trigger.i, *(a.i for a in trigger.ancestors)}
        for verb in sent:
            if verb.pos_ != "VERB" or not self._kills(verb):
                continue
            if verb.i not in above and verb.head.i not in above:
                continue  # a killing in another clause ("the attack came a week after gunmen killed a judge")
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODALS | {"to"}) for c in verb.children):
                continue
            victim = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if victim is not None and _one_person(victim):
                return 1 + sum(_conjunct_victims(victim, ())), victim
        return 0, None

    def _kills(self, verb: Token) -> bool:
        """Whether the verb is a killing verb of the lexicon ("kill", "shoot dead", "gun down")."""
        for phrase in self.lexicon.killing_verbs:
            words = phrase.split()
            if verb.lemma_.lower() != words[0]:
                continue
            if len(words) == 1 or any(c.lower_ == words[1] for c in verb.children):
                return True
        return False

    def _killed_objects(self, draft: _Draft, sent: Span, ctx: _ArticleFacts) -> list[Any]:
        """A figure on the object of a killing verb ("shot dead two polio workers")."""
        if " ".join(draft.hit.trigger.words) not in self.lexicon.killing_verbs:
            return []
        verb = draft.hit.head
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        out = []
        for q in ctx.figures(sent, "other"):
            span = sent.doc.char_span(q[1], q[1] + len(q[0]), alignment_mode="expand")
            if span is not None and any(span.root.head.i == o.i or span.root.i == o.i for o in objects):
                out.append(q)
        return out

    def _update(
        self, draft: _Draft, sent: Span, ctx: _ArticleFacts, hits: Sequence[_Hit], *, figures_only: bool = False
    ) -> None:
        """A later sentence about the event: figures it lacks, or a toll that "rose to" a new figure. A
        figure or date that belongs to another event the sentence names ("The strike came 12 days after the
        February 14 bombing that killed 40") is that event's, not this one's."""
        physical = [h for h in hits if h.trigger.kind in PHYSICAL_KINDS]
        refs = [h for h in physical if h.reference]
        main = min(refs, key=lambda h: (_depth(h.head), h.start)) if refs else None

        def own(char: int) -> bool:
            return main is None or _event_of(sent.doc, char, physical) in (None, main)

        killed = [q for q in ctx.figures(sent, "killed") if own(q[1])]
        lemmas = {t.lemma_.lower() for t in sent}
        rose = len(killed) == 1 and bool(lemmas & {"rise", "reach", "climb"})
        # a single new toll that "rose to" N updates the event; a sentence retelling several earlier tolls
        # ("stood at 59 ..., reached 100 on Tuesday ...") is history, not the latest figure
        if killed and ((draft.fatalities is None and draft.low is None) or rose):
            killed = _coordinated(killed, ctx.figures(sent, None), sent.doc)
            draft.fatalities, draft.low, draft.high = _toll(killed, _text(ctx.doc))
            draft.how.append(f"fatalities updated from {killed[0][0]!r}")
        injured = [q for q in ctx.figures(sent, "injured") if own(q[1])]
        if injured and draft.injured is None:
            draft.injured = _injured(injured, _text(ctx.doc))
        if figures_only:
            return
        if draft.place is None and draft.kind in PHYSICAL_KINDS and ctx.dateline is None:
            # "floods hit the region on Saturday" ... "killed 12 people in Luzon": where, said later (a dateline,
            # which _value falls back to, is surer)
            here = [
                p
                for p in ctx.places_in(sent)
                if own(p.start)
                and _place_role(ctx.doc, p) == PLACE_WHERE
                and (ctx.main_country is None or p.country == ctx.main_country)
            ]
            if here:
                place = min(here, key=lambda p: LOCATION_FEATURES.get(p.feature, 3))
                draft.place = place
                draft.geo_precision = self._precision(place, ctx.doc)
                draft.how.append(f"place {place.resolved_name} from {place.text!r} in a later sentence")
        if draft.date[0] is None:
            dates = [d for d in ctx.in_sentence(ctx.dates, sent) if d[2] is not None and own(d[1])]
            if dates:
                _dated(draft, dates[0], f"date {dates[0][2]} from {dates[0][0]!r} in a later sentence")

    def _reported_as(self, draft: _Draft) -> str:
        if draft.kind == "statement":
            if draft.sub == "Claim of responsibility":
                return "claimed"
            if draft.sub == "Denial":
                return "denied"
        text = draft.sent.text.lower()
        if any(_has_word(text, w) for w in self.lexicon.purported):
            return "purported"
        if any(_has_word(text, w) for w in self.lexicon.alleged):
            return "alleged"
        return "asserted"

    # -- actors -------------------------------------------------------------------------------

    def _actors(self, draft: _Draft, ctx: _ArticleFacts) -> None:
        head = draft.hit.head
        verb = head if head.pos_ in ("VERB", "AUX") else head.head
        subject = _subject(verb)
        if subject is not None:
            subject = _speaker_of(subject)  # "the army said it had killed ...": the army
        kind = draft.kind
        if kind in ("violence",):
            named = self._named_actor(subject, ctx, state=False, draft=draft) if subject is not None else None
            if named is None and subject is not None:
                named = _self_named(subject)
            if named is None:
                named = self._agent(verb, ctx) or self._agent(head, ctx) or self._nationality_forces(draft, ctx)
            if named is not None:
                draft.actor1, draft.actor1_named = named, True
            else:
                draft.actor1 = ("Unidentified Armed Group", None)
            draft.actor2 = self._victims(draft, verb, ctx)
            battle = draft.sub == "Armed clash" or draft.sub in TERRITORY_SUBS
            if battle and (not draft.actor1_named or draft.actor2[0] in (None, draft.actor1[0])):
                self._clash_sides(draft, ctx)
        elif kind == "statement" or kind in ("diplomacy", "strategic", "arrest"):
            named = (
                self._named_actor(subject, ctx, state=kind != "arrest", draft=draft) if subject is not None else None
            )
            if named is None and subject is not None:
                named = (
                    self._speaker_state(subject, ctx)
                    or self._government_speaker(subject, draft, ctx)
                    or _self_named(subject)
                )
            if named is None and kind in ("strategic",):
                named = self._state(ctx.country_of(draft), "Government")
            if named is None and kind == "arrest":
                # "South Korean police detained ...": the nationality on the subject, else the event's country
                own = next(
                    (
                        ctx.nationality(c)
                        for c in (subject.children if subject is not None else ())
                        if c.dep_ in ("amod", "compound")
                    ),
                    None,
                )
                named = self._state(own or ctx.country_of(draft), "Police Forces")
            draft.actor1 = named or (None, None)
            draft.actor1_named = named is not None
            obj = _object(verb)
            draft.actor2 = (self._named_actor(obj, ctx) if obj is not None else None) or (None, None)
        elif kind == "protest":
            country = ctx.country_of(draft)
            protesters = (f"Protesters ({country})" if country else "Protesters", None)
            draft.actor1 = protesters
            if draft.crackdown is not None and draft.crackdown[0]:
                draft.actor1, draft.actor2 = draft.crackdown, protesters
            elif draft.opponent is not None and draft.opponent[0]:
                draft.actor2 = draft.opponent
            elif draft.sub != "Peaceful protest":
                draft.actor2 = self._state(country, "Police Forces") or (None, None)
        elif kind == "riot":
            country = ctx.country_of(draft)
            draft.actor1 = (f"Rioters ({country})" if country else "Rioters", None)
            if draft.opponent is not None and draft.opponent[0]:
                draft.actor2 = draft.opponent
        if draft.actor1[0]:
            draft.how.append(f"actor1 {draft.actor1[0]}")

    def _clash_sides(self, draft: _Draft, ctx: _ArticleFacts) -> None:
        """The two sides of a battle as the sentence names them: "a gun battle between the army and cartel
        gunmen" (the "between" phrase of the trigger noun), "soldiers fought Boko Haram fighters" (the
        subject and object of the trigger verb, or its "with" phrase). State forces are those of the
        event's country; armed men the knowledge base does not name are an unidentified armed group."""
        head = draft.hit.head
        phrases: list[Token] = []
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "between":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        # "between the army and cartel gunmen": the parser may hang "army" as a modifier
                        phrases.extend(t for t in pobj.subtree if t.dep_ in ("nmod", "conj", "pobj", "compound"))
        verb = head if head.pos_ in ("VERB", "AUX") else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
        if not phrases and verb is not None:
            # "soldiers killed eight gunmen in a shootout": a noun trigger's sides are its verb's
            subject = _subject(verb)
            if subject is not None:
                phrases.append(subject)
            for child in verb.children:
                if child.dep_ == "dobj":
                    phrases.append(child)
                if child.dep_ == "prep" and child.lower_ in ("with", "against"):
                    phrases.extend(p for p in child.children if p.dep_ == "pobj")
        sides: list[tuple[str | None, str | None]] = []
        for token in phrases:
            side = self._armed_side(_speaker_of(token), draft, ctx)
            if side is not None and side[0] not in [s[0] for s in sides]:
                sides.append(side)
        if (
            len(sides) == 1
            and re.match(r"(Military|Police) Forces of ", str(sides[0][0]))
            and any(
                t.lemma_.lower() in self.lexicon.armed_men
                and not any(a[1] <= t.idx < a[2] and a[4] for a in ctx.actors)
                for t in phrases
            )
        ):
            # "between the Mexican Army and drug hitmen" parsed as one phrase: the armed men are the other side
            sides.append(("Unidentified Armed Group", None))
        if draft.actor1_named:
            # the doer is named ("Soldiers of the Mexican Army fought ..."): the other side is the one that is not it
            other = next((side for side in sides if side[0] != draft.actor1[0]), None)
            if other is not None:
                draft.actor2 = other
                draft.how.append(f"battle against {other[0]}")
            return
        if not sides or (len(sides) == 1 and sides[0][0] in ("Unidentified Armed Group", draft.actor2[0])):
            return
        draft.actor1 = sides[0]
        draft.actor1_named = sides[0][0] != "Unidentified Armed Group"
        if len(sides) > 1:
            draft.actor2 = sides[1]
        draft.how.append(f"battle between {' and '.join(str(s[0]) for s in sides[:2])}")

    def _armed_side(self, token: Token, draft: _Draft, ctx: _ArticleFacts) -> tuple[str | None, str | None] | None:
        """Who one side of a battle is: a named armed actor in the phrase, else the state forces or the
        unnamed armed men its head word names."""
        lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        if token.dep_ in ("nmod", "compound", "conj"):
            lo, hi = token.idx, token.idx + len(token)
        named = [a for a in ctx.actors if lo <= a[1] < hi and a[4] and a[5] in ARMED_TYPES]
        if named:
            actor_id = str(named[0][4])
            return (
                self._as_state(actor_id, named[0][3])
                if named[0][5] == "military/police"
                else (
                    self._plain_name(actor_id, named[0][3]),
                    actor_id,
                )
            )
        word = token.lemma_.lower()
        if any(phrase[-1] == word for phrase in self.lexicon.state_forces):
            body = "Police Forces" if word in self.lexicon.targets["police"] else "Military Forces"
            # "Mexican soldiers": the nationality on the word, else the event's country
            country = next(
                (ctx.nationality(c) for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")),
                None,
            )
            return self._state(country or ctx.country_of(draft), body)
        if word in self.lexicon.armed_men:
            return ("Unidentified Armed Group", None)
        return None

    def _named_actor(
        self, token: Token | None, ctx: _ArticleFacts, *, state: bool = True, draft: _Draft | None = None
    ) -> tuple[str, str | None] | None:
        """The actor a subject or object names: the actor mention or person nearest its head ("A faction
        of the Pakistani Taliban, Jamaat-ul-Ahrar": Jamaat-ul-Ahrar, the apposition, before the "of"
        phrase). A person speaks for their organisation, or for their state when their role belongs to
        one ("Prime Minister Imran Khan": the government of the event's country). With ``state``, a
        ministry or spokesperson's office is named by its government, as ACLED does."""
        if token is None:
            return None
        lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        lo = max(lo, ctx.dateline_chars)
        found: list[tuple[int, tuple[str, str | None]]] = []
        for _written, start, end, name, actor_id, actor_type in ctx.actors:
            if not state and actor_type == "media":
                continue  # a news outlet does not commit violence ("(Frontier Dispatch) – A suicide bomber ...")
            # a name that starts inside the phrase belongs to it, even where the parser cut the name in
            # two ("The Afghanistan-based group Lashkar-e-Islam said": "Islam" may hang on the verb)
            if lo <= start < hi and actor_id:
                named = self._as_state(actor_id, name) if state else (self._plain_name(actor_id, name), actor_id)
                found.append((_distance(token, start, end), named))
        for start, end, actor_id, organisation, role, text in ctx.people:
            if start >= lo and end <= hi:
                if actor_id:
                    named = self._as_state(actor_id, organisation) if state else (organisation or actor_id, actor_id)
                    found.append((_distance(token, start, end), named))
                elif role and role in self.role_bodies:
                    country = next((self.kb.country_of(w) for w in text.split() if self.kb.country_of(w)), None)
                    country = country or (ctx.country_of(draft) if draft is not None else ctx.main_country)
                    body = self._state(country, self.role_bodies[role])
                    if body is not None:
                        found.append((_distance(token, start, end), body))
        if not found:
            return None
        return min(found, key=lambda f: f[0])[1]

    def _plain_name(self, actor_id: str, name: str | None) -> str:
        actor = self.kb.get(actor_id)
        return _plain(actor.name) if actor is not None else (name or actor_id)

    def _as_state(self, actor_id: str, name: str | None) -> tuple[str, str | None]:
        """ACLED names a state body by its government or forces: a ministry speaks for its government."""
        actor = self.kb.get(actor_id)
        if actor is None:
            return (name or actor_id, actor_id)
        for candidate in (actor_id, *self.kb.ancestors(actor_id)):
            found = self.kb.get(candidate)
            if found and re.match(r"(Government|Military Forces|Police Forces) of ", found.name):
                return (_plain(found.name), found.id)
        return (actor.name, actor.id)

    def _speaker_state(self, subject: Token, ctx: _ArticleFacts) -> tuple[str, str | None] | None:
        """A country named as the subject ("Pakistan closed ...", "China's embassy") speaks as its government."""
        lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
        for place in ctx.places:
            if lo <= place.start and place.end <= hi and place.feature == "country" and place.country:
                return self._state(place.country, "Government")
        return None

    def _government_speaker(self, subject: Token, draft: _Draft, ctx: _ArticleFacts) -> tuple[str, str | None] | None:
        """An unnamed government as the subject ("the government", "government officials", "the Afghan
        government"): the government of the nationality it is given, else of the event's country."""
        if subject.lemma_.lower() == "government":
            words = list(subject.subtree)
        elif any(c.dep_ == "compound" and c.lemma_.lower() == "government" for c in subject.children):
            words = [subject, *subject.children]
        else:
            return None
        country = next((self.kb.country_of(t.text) for t in words if self.kb.country_of(t.text)), None)
        return self._state(country or ctx.country_of(draft), "Government")

    def _agent(self, word: Token, ctx: _ArticleFacts) -> tuple[str, str | None] | None:
        """ "killed by X" (a verb's agent), "an air strike by X" (a noun's "by" phrase)."""
        for child in word.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for sub in child.children:
                    found = self._named_actor(sub, ctx, state=False)
                    if found:
                        return found
        return None

    def _nationality_forces(self, draft: _Draft, ctx: _ArticleFacts) -> tuple[str, str | None] | None:
        """ "Indian warplanes", "a US drone strike": a state's forces, from the nationality on the trigger."""
        if draft.sub not in ("Air/drone strike", "Shelling/artillery/missile attack"):
            return None  # "Indian warplanes", "Russian shelling"
        head = draft.hit.head
        for token in [head, *head.children, *(c for c in head.head.children if c.dep_ in ("nsubj", "agent"))]:
            for t in token.subtree if token.i != head.i else [*head.children]:
                country = self.kb.country_of(t.text)
                if country and t.dep_ in ("amod", "compound", "nmod", "poss"):
                    return self._state(country, "Military Forces")
        return None

    def _victims(self, draft: _Draft, verb: Token, ctx: _ArticleFacts) -> tuple[str | None, str | None]:
        sent = draft.sent
        obj = _object(verb)
        named = self._named_actor(obj, ctx) if obj is not None else None
        if named is not None:
            return named
        # who said so is not whom it hit: "..., police said" leaves the police out
        sources = {
            t.i
            for v in sent
            if v.lemma_.lower() in self.lexicon.speech_verbs
            for c in v.children
            if c.dep_ == "nsubj"
            for t in c.subtree
        }
        forces = self.lexicon.targets["police"] | self.lexicon.targets["military"]
        lemmas = [
            t.lemma_.lower()
            for t in sent
            if t.i not in sources
            # "a convoy carrying engineers" is no force; "an army convoy" is
            and (
                t.lemma_.lower() not in self.lexicon.ambiguous_forces
                or any(
                    c.lemma_.lower() in forces - self.lexicon.ambiguous_forces
                    for c in t.children
                    if c.dep_ in ("compound", "amod")
                )
            )
        ]
        country = ctx.country_of(draft)
        _doers, victims = _doers_and_victims(draft.hit.head, consequences=False)
        texts = {t.lower_ for t in sent}
        persons = self.lexicon.civilians | self.lexicon.individuals | self.lexicon.ambiguous_forces
        victims = [v for v in victims if v.lemma_.lower() in persons or v.ent_type_ == "PERSON"]
        if victims and draft.sub != "Armed clash" and not any(self._side_kind(v, ctx) == "forces" for v in victims):
            # the sentence says whom it hit, and they are not forces: "police" elsewhere is the source, and
            # "a health officer" is a civilian
            lemmas = [
                t.lemma_.lower()
                for v in victims
                for t in v.subtree
                if t.lemma_.lower() not in self.lexicon.ambiguous_forces
            ]
            texts = {t.lower_ for v in victims for t in v.subtree} | (
                {"people"} if any(v.lemma_.lower() in self.lexicon.ambiguous_forces for v in victims) else set()
            )
        named_forces = any(w in self.lexicon.targets["police"] | self.lexicon.targets["military"] for w in lemmas)
        if (
            draft.sub == "Armed clash"
            and not named_forces
            and set(lemmas) & (self.lexicon.armed_men | {"tribal", "tribe"})
        ):
            return ("Unidentified Armed Group", None)  # "fighting between rival militias", "tribal clashes"
        if draft.sub in ("Armed clash",) or any(w in self.lexicon.targets["police"] for w in lemmas):
            kind = "Police Forces" if any(w in self.lexicon.targets["police"] for w in lemmas) else "Military Forces"
            if draft.sub == "Armed clash" and any(w in self.lexicon.targets["military"] for w in lemmas):
                kind = "Military Forces"
            return self._state(country, kind) or (None, None)
        if any(w in self.lexicon.targets["military"] for w in lemmas):
            return self._state(country, "Military Forces") or (None, None)
        civilian_words = {w for w in self.lexicon.civilians if " " not in w}
        phrases = [w.split() for w in self.lexicon.civilians if " " in w]
        if (set(lemmas) & civilian_words) or (texts & civilian_words) or any(_contains(lemmas, ph) for ph in phrases):
            # the victims' own nationality ("seven Afghan traders"), not the attackers' ("Russian shelling
            # killed five civilians", "Israeli air strikes")
            head = draft.hit.head
            doers, _ = _doers_and_victims(head)
            theirs = {t.i for d in doers for t in d.subtree} | {c.i for c in head.children if c.dep_ != "prep"}
            theirs |= {t.i for c in head.children if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree}
            nationality = next(
                (
                    self.kb.country_of(t.text) or ctx.nationality(t)
                    for t in sent
                    if t.ent_type_ == "NORP"
                    and t.i not in theirs
                    and (self.kb.country_of(t.text) or ctx.nationality(t))
                ),
                None,
            )
            who = nationality or country
            return (f"Civilians ({who})" if who else "Civilians", None)
        return (None, None)

    def _city_of_province(self, place: Any, text: str) -> Any:
        """A province named after its capital read as the city ("in Kabul", "in Seoul"): the gazetteer
        prefers the province for a bare name, but news means the city, as ACLED's location does; "Kabul
        province" stays the province."""
        if place.feature != "admin1" or _typed_place(text, place.end):
            return place
        if re.search(r"\b(?:province|state|region|governorate)s?\b", text[max(0, place.start - 30) : place.end + 40]):
            return place  # "in the provinces of Paktika and Khost", "Paktika and Khost provinces"
        city = next(
            (
                c
                for c in self.gazetteer.lookup(place.text)
                if c.feature == "city"
                and c.country_code == place.country_code
                and c.admin1 == (place.admin1 or place.resolved_name)
                and c.population >= CAPITAL_CITY_POPULATION
            ),
            None,
        )
        if city is None:
            return place
        return dataclasses.replace(
            place,
            gazetteer_id=city.gazetteer_id,
            resolved_name=city.name,
            feature="city",
            admin2=city.admin2,
            latitude=city.latitude,
            longitude=city.longitude,
            population=city.population,
            how=f"{place.how}; the city of that name, not its province",
        )

    def _state(self, country: str | None, body: str) -> tuple[str, str | None] | None:
        if not country:
            return None
        actor = self.kb.find(country=country, name=re.compile(rf"^{body} of "))
        if actor is not None:
            return (_plain(actor.name), actor.id)
        return (f"{body} of {country}", None)

    def _claims_of_responsibility(self, drafts: list[_Draft], ctx: _ArticleFacts) -> None:
        """The single uncontested group that claims a violent event is its actor1; the claim is placed and
        dated by the event when the claim sentence gives neither."""
        claims: dict[int, list[_Draft]] = {}
        denials: dict[int, set[str | None]] = {}
        for d in drafts:
            target = d.refers_to
            if d.kind != "statement" or target is None:
                continue
            if d.sub == "Claim of responsibility":
                claims.setdefault(id(target), []).append(d)
            elif d.sub == "Denial":
                denials.setdefault(id(target), set()).add(d.actor1[0])
        for target in drafts:
            claimants = {c.actor1 for c in claims.get(id(target), []) if c.actor1[0]}
            if len(claimants) == 1 and not target.actor1_named:
                (claimant,) = claimants
                if claimant[0] not in denials.get(id(target), set()):
                    target.actor1 = claimant
                    target.how.append(f"actor1 {claimant[0]} from its claim of responsibility")

    # -- output -------------------------------------------------------------------------------

    def _value(
        self, index: int, d: _Draft, drafts: Sequence[_Draft], ctx: _ArticleFacts
    ) -> tuple[int, int, EventValue]:
        ref = d.refers_to
        date = d.date
        if date[0] is None and d.kind == "protest" and ctx.published and _up_to_now(d.hit.head):
            date = (ctx.published[:7], "month")
            d.how.append("month of publication: an undated protest that has gone on up to now")
        if date[0] is None and ref is not None and ref.date[0] is not None:
            date = ref.date
            night = d.kind == "statement" and _at_night(ctx.doc, ref)
            after = _next_day(ref.date, ctx.published) if night else None
            if after is not None:
                date = (after, "day")
                d.how.append("the day after the event it is about, which happened at night")
            else:
                d.how.append("date of the event it is about")
        if date[0] is None:
            earlier = next((p.date for p in reversed(drafts[:index]) if p.date[0] is not None), None)
            date = earlier or ((ctx.published, "day") if ctx.published else (None, None))
            d.how.append("date of the article's previous event" if earlier else "date of publication")
        place, precision = d.place, d.geo_precision
        weak = d.weak_place
        if d.sub == "Claim of responsibility" and ref is not None:
            # a claim is placed where the attack it claims was, however that attack was placed
            place, precision, weak, d.unknown_place = ref.place, ref.geo_precision, ref.weak_place, ref.unknown_place
            d.how.append("place of the event claimed")
        if place is None and d.unknown_place:
            place, precision = self._container(ctx)
            if place is not None:
                d.how.append(f"place {place.resolved_name}: the place named is not in the gazetteer")
        # A place named only as a modifier ("the government of Burkina Faso says ... were killed") gives
        # way to the dateline of another country, and to a same-country dateline for what is said or
        # agreed where the reporter files; an attack reported from the capital keeps the country only.
        said_here = d.kind in ("statement", "diplomacy", "strategic")
        if (
            place is None
            and not d.background
            and ctx.dateline is not None
            and (weak is None or weak.country != ctx.dateline.country or said_here)
        ):
            place, precision = ctx.dateline, self._precision(ctx.dateline, ctx.doc)
            d.how.append(f"place {place.resolved_name} from the dateline")
        if place is None and weak is not None and weak.country in (None, ctx.main_country):
            # a modifier of another country than the article's ("US beef" in a story from Seoul) is no place
            place, precision = weak, self._precision(weak, ctx.doc)
            d.how.append(f"place {place.resolved_name} from {place.text!r}")
        if place is None and ref is not None:
            place, precision = ref.place, ref.geo_precision
        if place is None:
            place, precision = self._country(ctx)
            if place is not None:
                d.how.append(f"place {place.resolved_name}: the article's country")
        fatalities, low, high = d.fatalities, d.low, d.high
        if fatalities is None and low is None and (d.kind in ZERO_KINDS or d.sub in ZERO_SUBS):
            fatalities = 0
        value = EventValue(
            index=index,
            event_type=d.event_type,
            sub_event_type=d.sub,
            trigger=d.sent.doc[d.hit.start : d.hit.end].text,
            actor1=d.actor1[0],
            actor1_id=d.actor1[1],
            actor2=d.actor2[0],
            actor2_id=d.actor2[1],
            event_date=date[0],
            date_precision=date[1],
            location=getattr(place, "resolved_name", None),
            admin2=getattr(place, "admin2", None),
            admin1=acled_admin1(
                getattr(place, "country_code", None),
                getattr(place, "admin1", None)
                or (place.resolved_name if getattr(place, "feature", None) == "admin1" else None),
            ),
            country=getattr(place, "country", None),
            country_code=getattr(place, "country_code", None),
            latitude=getattr(place, "latitude", None),
            longitude=getattr(place, "longitude", None),
            geo_precision=precision if place is not None else None,
            fatalities=fatalities,
            fatalities_low=low,
            fatalities_high=high,
            injured=d.injured,
            reported_as=d.reported_as,
            how="; ".join(d.how),
        )
        return d.start, d.end, value

    @staticmethod
    def _container(ctx: _ArticleFacts) -> tuple[Any, int | None]:
        """Where an event at a place the gazetteer does not know lies, as far as the article says: a
        dateline that names a district or province, else the article's country (a dateline city is where
        the reporter is, not the unknown place)."""
        dateline = ctx.dateline
        if dateline is not None and dateline.feature in ("admin1", "admin2"):
            return dateline, 3 if dateline.feature == "admin1" else 2
        return EventFinder._country(ctx)

    @staticmethod
    def _country(ctx: _ArticleFacts) -> tuple[Any, int | None]:
        """The article's main country as a place, when the article names it."""
        country = next((p for p in ctx.places if p.feature == "country" and p.country == ctx.main_country), None)
        if country is None:
            # named only by its people ("South Korean police"): the country the demonym resolved to
            country = next(
                (
                    p
                    for p in ctx.doc._.ww_places or ()
                    if p.match == "demonym" and p.feature == "country" and p.country == ctx.main_country
                ),
                None,
            )
        return (country, 3) if country is not None else (None, None)

    @property
    def gazetteer(self) -> Any:
        """The places component's gazetteer (one open database per pipeline), or its own without one."""
        if self._gazetteer is None:
            self._gazetteer = pipeline_gazetteer(self.nlp)
        return self._gazetteer


# ---------------------------------------------------------------------------------------------- facts


@dataclass
class _ArticleFacts:
    """What the other components found, as plain tuples, and the article's own context."""

    doc: Doc
    actors: list[tuple[str, int, int, str | None, str | None, str | None]]
    people: list[tuple[int, int, str | None, str | None, str | None, str]]
    dates: list[tuple[str, int, str | None, str | None]]
    quantities: list[tuple[str, int, float | None, float | None, float | None, str, str]]
    places: list[Any]
    direct: list[tuple[int, int]]
    published: str | None
    dateline: Any
    main_country: str | None
    nationalities: dict[tuple[int, int], str] = field(default_factory=dict)
    """Character span of each demonym the gazetteer resolved -> its country."""
    finder: Any = None
    """The EventFinder that made these facts (its knowledge base names peoples' countries)."""

    @classmethod
    def of(cls, doc: Doc, finder: EventFinder) -> _ArticleFacts:
        actors = [
            (s.text, s.start_char, s.end_char, s._.ww_actor.name, s._.ww_actor.actor_id, s._.ww_actor.type)
            for s in doc._.ww_actors or ()
        ]
        people = [
            (s.start_char, s.end_char, s._.ww_person.actor_id, s._.ww_person.organisation, s._.ww_person.role, s.text)
            for s in doc._.ww_people or ()
        ]
        dates = [(s.text, s.start_char, s._.ww_date.value, s._.ww_date.precision) for s in doc._.ww_dates or ()]
        quantities = [
            (
                s.text,
                s.start_char,
                s._.ww_quantity.value,
                s._.ww_quantity.low,
                s._.ww_quantity.high,
                s._.ww_quantity.category,
                s._.ww_quantity.qualifier,
            )
            for s in doc._.ww_quantities or ()
        ]
        places = [
            p
            for p in doc._.ww_places or ()
            if p.resolved
            and p.match != "demonym"
            # the geo layer reads a NORP entity as a place only when it is a major one ("Culiacan")
            and (
                p.label != "NORP"
                or p.feature == "city"
                or (p.feature in ("admin1", "admin2") and p.match == "name" and _kind_of(_text(doc), p.start))
                or _typed_place(_text(doc), p.end)
            )
        ]
        places = [finder._city_of_province(p, _text(doc)) for p in places]
        nationalities = {
            (p.start, p.end): p.country
            for p in doc._.ww_places or ()
            if p.resolved and p.match == "demonym" and p.country
        }
        direct = [(s.start_char, s.end_char) for s in doc._.ww_quotes or () if s._.ww_quote.kind == "direct"]
        context = doc._.ww_context
        published = (context.published or None) if context is not None else None
        counts: dict[str, int] = {}
        for p in places:
            if p.country:
                counts[p.country] = counts.get(p.country, 0) + 1
        for country in nationalities.values():
            # a people named ("South Korean police", "Peruvians") counts for its country too
            counts[country] = counts.get(country, 0) + 1
        dateline = _dateline_place(doc, places, finder)
        main = max(counts, key=lambda c: counts[c]) if counts else None
        if dateline is not None and dateline.country:
            main = dateline.country
        return cls(
            doc, actors, people, dates, quantities, places, direct, published, dateline, main, nationalities, finder
        )

    def nationality(self, token: Token) -> str | None:
        """The country a word stands for as a people or country ("Mexican", "Kenyan", "Pakistan's"): the
        knowledge base's demonyms, else the gazetteer's."""
        found = self.finder.kb.country_of(token.text)
        found = found or next((c for (lo, hi), c in self.nationalities.items() if lo <= token.idx < hi), None)
        return found or next(
            (str(p.country) for p in self.places if p.feature == "country" and p.start <= token.idx < p.end), None
        )

    @property
    def armed_actors(self) -> bool:
        """Whether the article names an armed group or state forces."""
        return any(a[5] in ARMED_TYPES for a in self.actors)

    def quoted(self, char: int) -> bool:
        """Whether the character is inside a direct quote: what a speaker says is not the article's report."""
        return any(s <= char < e for s, e in self.direct)

    def in_direct_quote(self, sent: Span) -> bool:
        inside = sum(max(0, min(e, sent.end_char) - max(s, sent.start_char)) for s, e in self.direct)
        return inside > 0.5 * max(1, sent.end_char - sent.start_char)

    @staticmethod
    def in_sentence(items: Iterable[Any], sent: Span) -> list[Any]:
        out = []
        for item in items:
            start = item.start if hasattr(item, "start") and not isinstance(item, tuple) else item[1]
            if sent.start_char <= start < sent.end_char:
                out.append(item)
        return out

    def figures(
        self, sent: Span, category: str | None
    ) -> list[tuple[str, int, float | None, float | None, float | None, str, str]]:
        """The sentence's figures of a category (every category with None)."""
        return [
            q
            for q in self.quantities
            if (category is None or q[5] == category)
            and sent.start_char <= q[1] < sent.end_char
            and (q[2] is not None or q[3] is not None)
        ]

    def dates_in(self, sent: Span) -> list[tuple[str, int, str | None, str | None]]:
        return [d for d in self.dates if sent.start_char <= d[1] < sent.end_char and d[1] >= self.dateline_chars]

    def places_in(self, sent: Span) -> list[Any]:
        """The sentence's places, without the dateline's and without those inside an actor's name
        ("Balochistan" in "Balochistan Liberation Army"), unless the actor is a building named after its
        city ("Peshawar University")."""
        return [
            p
            for p in self.places
            if sent.start_char <= p.start < sent.end_char
            and p.start >= self.dateline_chars
            and not any(
                a[1] < p.end and p.start < a[2] and a[4] and a[0].split()[-1].lower() not in FACILITY_WORDS
                for a in self.actors
            )
        ]

    def unknown_places_in(self, sent: Span) -> list[Any]:
        """The sentence's place names that the gazetteer does not know ("near Besham")."""
        return [
            p
            for p in self.doc._.ww_places or ()
            if not p.resolved
            and sent.start_char <= p.start < sent.end_char
            and p.start >= self.dateline_chars
            and not any(a[1] < p.end and p.start < a[2] and a[4] for a in self.actors)
        ]

    @property
    def dateline_chars(self) -> int:
        end = _dateline_end(self.doc)
        return self.doc[end].idx if 0 < end < len(self.doc) else 0

    def casualties(self, sent: Span, *, figured: bool = True) -> bool:
        """Whether the sentence gives a casualty figure (with ``figured``, one with a number: not
        "thousands of people have been killed")."""
        return any(
            q[5] != "other"
            and sent.start_char <= q[1] < sent.end_char
            and (not figured or q[2] is not None or q[3] is not None)
            for q in self.quantities
        )

    def has_day(self, sent: Span) -> bool:
        """Whether the sentence names a day ("on Tuesday")."""
        return any(sent.start_char <= d[1] < sent.end_char and d[3] == "day" for d in self.dates)

    def country_of(self, draft: _Draft) -> str | None:
        if draft.place is not None and draft.place.country:
            return str(draft.place.country)
        if self.dateline is not None and self.dateline.country:
            return str(self.dateline.country)
        return self.main_country


def _dateline_place(doc: Doc, places: Sequence[Any], finder: EventFinder) -> Any:
    """The resolved place of the article's dateline ("QUETTA —"), if it has one."""
    from .places import dateline

    written = dateline(_text(doc))
    if not written:
        return None
    from ..geo import GeoContext, Toponym, resolve

    found = next((p for p in places if p.start < len(written) + 5 and p.text.lower() == written.lower()), None)
    if found is None:
        key = written.lower()
        found = next((p for p in places if p.text.lower() == key or (p.resolved_name or "").lower() == key), None)
    if found is None:
        resolved = resolve([Toponym(written, 0, len(written))], gazetteer=finder.gazetteer)
        found = resolved[0] if resolved and resolved[0].resolved else None
    if found is not None and found.feature in ("city", "locality"):
        return found
    # A dateline names a city ("WASHINGTON" is Washington, D.C., not the state): prefer a town of
    # that name, in the same country as the place the name otherwise resolved to.
    context = GeoContext(countries=(found.country_code,)) if found is not None and found.country_code else None
    towns = resolve([Toponym(written, 0, len(written))], gazetteer=_TownsOnly(finder.gazetteer), context=context)
    if towns and towns[0].resolved and (found is None or towns[0].country_code == found.country_code):
        return towns[0]
    return found


def _text(doc: Doc) -> str:
    """The Doc's text, built once: spaCy joins the tokens again on every ``doc.text``."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def _kind_of(text: str, start: int) -> bool:
    """Whether a kind of place and "of" come before the name ("the town of Kidal", "control of Kidal"): a
    place even when the entity recogniser took it for a people (NORP)."""
    return after_kind_of(text, start, KIND_OF_WORDS)


def _typed_place(text: str, end: int) -> bool:
    """Whether an admin type word follows the name ("Herat province"): a place even when the entity
    recogniser took it for a people (NORP)."""
    return bool(re.match(r"\s+(?:province|district|state|region|governorate|county)\b", text[end : end + 20]))


class _TownsOnly:
    """A gazetteer view that offers only cities and localities (for datelines)."""

    def __init__(self, gazetteer: Any) -> None:
        self._gazetteer = gazetteer

    def lookup(self, name: str) -> list[Any]:
        return [c for c in self._gazetteer.lookup(name) if c.feature in ("city", "locality")]


def _place_role(doc: Doc, place: Any) -> int:
    """How the sentence uses a place (PLACE_WHERE, PLACE_ARGUMENT, PLACE_MODIFIER): a modifier counts
    as where the event happened when what it modifies does ("outside Kabul's airport")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return PLACE_ARGUMENT
    token, modifier = span.root, False
    for _ in range(8):
        dep, head = token.dep_, token.head
        if head.i == token.i:
            break
        if dep == "pobj":
            if head.lower_ in LOCATIVE_PREPS:
                return PLACE_WHERE
            if head.lower_ in ROUTE_PREPS and not modifier:
                return PLACE_ROUTE
            if head.lower_ == "of" and head.head.i != head.i:
                token = head.head
                continue
            return PLACE_MODIFIER if modifier else PLACE_ARGUMENT
        if dep in ("compound", "poss", "amod", "nmod", "npadvmod"):
            if dep in ("compound", "amod") and getattr(place, "feature", None) == "country":
                return PLACE_MODIFIER  # "near the US embassy": a state's building, not the US
            token, modifier = head, True
            continue
        if dep in ("appos", "conj"):
            token = head
            continue
        if dep == "nsubj":
            return PLACE_MODIFIER
        break
    return PLACE_MODIFIER if modifier else PLACE_ARGUMENT


@lru_cache(maxsize=1)
def _acled_admin1_names() -> dict[tuple[str, str], str]:
    """(country code, gazetteer admin1 name) -> ACLED's name, from wirewatch/geo/data/acled_admin1.tsv."""
    import csv

    from ..geo.settings import DATA_DIR

    text = (DATA_DIR / "acled_admin1.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {
        (row["country"], row["gazetteer"]): row["acled"]
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    }


def acled_admin1(country_code: str | None, name: str | None) -> str | None:
    """The admin1 name as ACLED spells it ("Banaadir" is Banadir), the gazetteer's name otherwise."""
    if not name or not country_code:
        return name
    return _acled_admin1_names().get((country_code, name), name)


# ---------------------------------------------------------------------------------------------- parse helpers


def _phrase_head(tokens: Sequence[Token], verb: bool) -> Token:
    if verb:
        for t in tokens:
            if t.pos_ in ("VERB", "AUX"):
                return t
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


ROLE_BODIES: Mapping[str, str] = {
    "government": "Government",
    "foreign ministry": "Government",
    "interior ministry": "Government",
    "defence ministry": "Government",
    "information ministry": "Government",
    "military": "Military Forces",
    "police": "Police Forces",
}
"""The state body ACLED names for the institution of a role (people_roles.yaml ``body``)."""


@lru_cache(maxsize=1)
def _role_bodies() -> dict[str, str]:
    """Role -> "Government" / "Military Forces" / "Police Forces", from the people lexicon."""
    out = {}
    roles: Any = load_lexicon("people_roles").get("roles", ())
    for entry in roles:
        body = entry.get("body")
        if body in ROLE_BODIES:
            out[str(entry["role"])] = ROLE_BODIES[body]
    return out


def _distance(token: Token, start: int, end: int) -> int:
    """Steps in the parse from the mention at [start, end) up to ``token``."""
    doc = token.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 99
    node, steps = span.root, 0
    while node.i != token.i and node.head.i != node.i and steps < 20:
        node = node.head
        steps += 1
    return steps if node.i == token.i else 50


def _negated_predicate(noun: Token) -> bool:
    """Whether the noun sits in the object of a negated verb ("has not commented on the type of bomb");
    a negated verb says nothing against its subject ("the strike was not justified")."""
    child = noun
    for ancestor in noun.ancestors:
        if any(c.dep_ == "neg" for c in ancestor.children):
            # the parser may hang a passive subject on its auxiliary ("the strike | was | not justified")
            return child.dep_ not in ("nsubj", "nsubjpass") and not (
                child.dep_ in ("aux", "auxpass") and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i == child.i
            )
        child = ancestor
    return False


def _in_other_clause(doc: Doc, char: int, trigger: Token) -> bool:
    """Whether the word at ``char`` lies in a subordinate clause that does not hold the trigger ("sailors
    captured by Russia in the Kerch Strait", "pointing to a bombing in Kabul"): it tells of something else."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    above = {trigger.i, *(a.i for a in trigger.ancestors)}
    for token in span[0].ancestors:
        if token.i in above:
            return False
        if token.pos_ in ("VERB", "AUX") and token.dep_ in ("relcl", "acl", "advcl"):
            return True
    return False


def _hypothetical_noun(noun: Token) -> bool:
    """Whether the noun is an argument of a verb that is not an event: an infinitive or a verb with a
    modal ("unable to agree to a ceasefire", "would sign a truce"). Stops at the first verb above it."""
    for ancestor in noun.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ in MODALS) for c in ancestor.children) or (
                ancestor.dep_ == "xcomp" and ancestor.tag_ == "VB"
            )
    return False


def _contains(lemmas: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    return any(tuple(lemmas[i : i + n]) == tuple(phrase) for i in range(len(lemmas) - n + 1))


NIGHT_WORDS = frozenset({"night", "overnight", "midnight", "late"})
"""Words beside a date that put an event at night ("late on Sunday", "Monday night", "an overnight raid")."""


def _at_night(doc: Doc, draft: _Draft) -> bool:
    """Whether the event happened at night: a night word next to the date of its own sentence, or
    "overnight" on its trigger. A date taken from another sentence may be the time of the reporting
    ("details remained unclear late on Thursday"), so it says nothing of the hour."""
    if any(c.lower_ == "overnight" for c in draft.hit.head.children):
        return True
    if draft.date_at is None or not draft.sent.start_char <= draft.date_at < draft.sent.end_char:
        return False
    span = doc.char_span(draft.date_at, draft.date_at + 1, alignment_mode="expand")
    if span is None:
        return False
    i = span[0].i
    sent = span[0].sent
    return any(t.lower_ in NIGHT_WORDS for t in doc[max(sent.start, i - 3) : min(sent.end, i + 3)])


def _next_day(date: tuple[str | None, str | None], published: str | None) -> str | None:
    """The day after a day-precise date, when that is not after publication. Reactions to an event of the
    night (a claim, a condemnation) come the next morning, which is the day the news of it is dated."""
    import datetime as dt

    if date[1] != "day" or not date[0] or not published:
        return None
    after = (dt.date.fromisoformat(date[0][:10]) + dt.timedelta(days=1)).isoformat()
    return after if after <= published[:10] else None


def _up_to_now(trigger: Token) -> bool:
    """Whether the trigger's clause is in the present perfect ("protests have spread", "have protested"):
    something that has gone on up to the time of writing, not an event of one day."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBN":
        return False
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def _generic_present(verb: Token) -> bool:
    """Whether a verb is in the present simple or progressive ("campaigners protest", "are protesting"):
    a campaign or a habit unless the sentence gives a place or a day."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBZ", "VBP"):
        return not aux
    return verb.tag_ == "VBG" and any(a.lower_ in ("is", "are", "am") for a in aux)


def _dated(draft: _Draft, found: tuple[str, int, str | None, str | None], how: str) -> None:
    """Give the draft the date of a ``ctx.dates`` item (text, start, value, precision)."""
    draft.date = (found[2], found[3])
    draft.date_at = found[1]
    draft.how.append(how)


def _within(token: Token, char: int) -> bool:
    """Whether the character lies in the token's subtree."""
    right = token.right_edge
    return token.left_edge.idx <= char < right.idx + len(right)


def _event_of(doc: Doc, char: int, hits: Sequence[_Hit]) -> _Hit | None:
    """The hit whose phrase holds the word at ``char`` (its nearest ancestor among the hits' heads)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    heads = {h.head.i: h for h in hits}
    for token in (span[0], *span[0].ancestors):
        if token.i in heads:
            return heads[token.i]
    return None


def _the_past(token: Token) -> bool:
    """ "the past" on its own, not "the past week"."""
    return token.lower_ == "past" and all(c.dep_ == "det" for c in token.children)


FEW = 5
"""Up to this many people arrested outside a conflict is police work ("two men were arrested")."""


SEQUENCE_PREPS = frozenset({"after", "since", "following"})
SEQUENCE_VERBS = frozenset({"follow"})


def _after_word(head: Token) -> bool:
    """Whether the trigger is what something came after: the object of "after", "since" or "following"
    ("12 days after the bombing", "after the attack on their school"), the object of "follow" ("The
    clash followed India's air strike"), or a verb introduced by "after" or "since" ("since gunmen killed
    67 people at a mall in 2013")."""
    if head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "mark" and c.lower_ in SEQUENCE_PREPS for c in head.children) and head.dep_ == "advcl"
    if head.dep_ == "pobj" and head.head.lower_ in SEQUENCE_PREPS:
        return True
    return head.dep_ == "dobj" and head.head.lemma_.lower() in SEQUENCE_VERBS


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _in_main_clause(token: Token) -> bool:
    """The token is in the main clause: no subordinate clause between it and the root. A clause counts
    as subordinate when it is introduced ("when", "after", "which", "who") or is a participle ("killing
    ..."): the parser also makes "relcl" or "acl" of misparsed main clauses with a subject of their own,
    most often after a dateline ("MASTUNG — At least 128 people were killed ..."). An edge to a dateline
    token counts as the root."""
    limit = _dateline_end(token.doc)
    while token.head.i != token.i and token.head.i >= limit:
        if token.dep_ in ("relcl", "advcl", "acl") and _subordinate(token):
            return False
        token = token.head
    return True


def _characterisation(noun: Token) -> bool:
    """A trigger noun that says what something is like rather than what happened: the complement of "be",
    "call", "become" ("the epidemic is a ticking bomb", "experts call it a massacre") or the "as" phrase of
    "describe", "call", "label" ("described the cull as a massacre")."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if noun.dep_ in ("attr", "oprd"):
        return True
    head = noun.head
    return (
        noun.dep_ == "pobj"
        and head.lower_ == "as"
        and head.head.lemma_.lower() in load_event_lexicon().describing_verbs
    )


def _disease_story(doc: Doc) -> bool:
    """Whether the article is about a disease (one of the lexicon's `disease_words` anywhere in it)."""
    found = doc.user_data.get("ww_disease_story")
    if found is None:
        found = doc.user_data["ww_disease_story"] = any(
            t.lemma_.lower() in load_event_lexicon().disease_words for t in doc
        )
    return bool(found)


def _cumulative(sent: Span) -> bool:
    """Whether a sentence gives a running total over a period ("79 since the war began", "so far this
    year"), not one event's toll."""
    lemmas = [t.lemma_.lower() for t in sent]
    return any(_contains(lemmas, phrase) for phrase in load_event_lexicon().cumulative)


def _governing(verb: Token) -> list[Token]:
    """The verbs above ``verb`` whose negation negates it: up to, not past, an adverbial clause's edge."""
    out: list[Token] = []
    while verb.head.i != verb.i and verb.dep_ != "advcl":
        verb = verb.head
        out.append(verb)
    return out


def _in_time_clause(token: Token) -> bool:
    """The token is the subject or verb of an adverbial clause of past time ("after floods hit", "when a
    bomb exploded", "as fighting raged"), hung directly on the main clause."""
    while token.dep_ in ("compound", "nmod") and token.head.i > token.i:
        token = token.head  # "Cyclone" in "after Category 5 Cyclone Larry hit the coast"
    clause = token if token.pos_ in ("VERB", "AUX") else token.head
    if clause.dep_ != "advcl" or clause.tag_ not in ("VBD", "VBN"):
        return False
    if token.i != clause.i and token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
    main = clause.head
    if main.tag_ == "VBG" and main.dep_ in ("advcl", "xcomp", "conj"):
        main = main.head  # "remain without electricity, running water or sewerage after ..." misparsed
    return bool(marks & {"after", "when", "as"}) and _in_main_clause(main)


def _subordinate(clause: Token) -> bool:
    if clause.tag_ in ("VBG", "VBN", "TO") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children):
        return True
    for child in clause.children:
        if child.dep_ == "mark" or child.tag_ in ("WDT", "WP", "WP$", "WRB") or child.lower_ == "that":
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and child.tag_ in ("WDT", "WP"):
            return True
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)


def _dateline_end(doc: Doc) -> int:
    """Index of the first token after the dateline, 0 when the text opens with none."""
    cached = doc.user_data.get("ww_dateline_end")
    if cached is None:
        cached = 0
        m = DATELINE_SPLIT.match(_text(doc))
        if m:
            span = doc.char_span(0, m.end(), alignment_mode="contract")
            cached = span.end if span is not None else 0
        doc.user_data["ww_dateline_end"] = cached
    return int(cached)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head) if verb.dep_ == "conj" or verb.dep_ == "xcomp" else None
    return None


SELF_NAMING = frozenset({"call", "name"})
"""Verbs by which a group unknown to the knowledge base is introduced with its name ("a little-known group
calling itself X", "a group called X")."""


def _self_named(subject: Token) -> tuple[str, str | None] | None:
    """The name a subject is given in its own phrase ("A little-known group calling itself Ashab
    al-Rayat"), when it is a proper name; None otherwise."""
    for child in subject.children:
        if child.dep_ != "acl" or child.lemma_.lower() not in SELF_NAMING:
            continue
        for name in child.children:
            if name.dep_ == "oprd" and name.pos_ == "PROPN":
                words = list(name.subtree)
                while words and words[0].pos_ == "DET":
                    words = words[1:]
                text = name.doc[words[0].i : words[-1].i + 1].text if words else ""
                return (text, None) if text else None
    return None


def _object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "at"):
            for sub in child.children:
                if sub.dep_ == "pobj":
                    return sub
    return None


def _doers_and_victims(head: Token, *, consequences: bool = True) -> tuple[list[Token], list[Token]]:
    """Who does a violent act and to whom, as phrase heads: for a verb its subject (or "by" agent) and its
    object (or passive subject), "on"/"against" phrase included; for a noun ("an attack on a checkpoint",
    "an ambush by gunmen") its own "by" and "on" phrases, then those of the verb it hangs on. With
    ``consequences``, also the dead of a "killing ..." clause ("ambushed a patrol, killing three policemen")."""
    doers: list[Token] = []
    victims: list[Token] = []
    verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    words = [head] if head.pos_ in ("VERB", "AUX") or verb is None else [head, verb]
    for word in words:
        # "were attacked and damaged by residents": the agent of the second verb is the first's too
        shared = [
            a for c in word.children if c.dep_ == "conj" and c.pos_ == "VERB" for a in c.children if a.dep_ == "agent"
        ]
        for child in [*word.children, *shared]:
            if child.dep_ == "nsubj" and word.pos_ in ("VERB", "AUX"):
                doers.append(child)
            elif child.dep_ in ("dobj", "nsubjpass"):
                victims.append(child)
            elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                doers.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in ("on", "against"):
                victims.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "compound" and word.pos_ == "NOUN":
                victims.append(child)  # "a police station attack", "checkpoint attack"
            elif consequences and child.dep_ == "advcl" and child.lemma_.lower() in ("kill", "wound", "injure"):
                victims.extend(c for c in child.children if c.dep_ == "dobj")  # "..., killing three policemen"
    frame = _frame(head)
    if frame is not None:
        # "(videos show) a pattern of killings by security forces": the parser hangs "by" on "pattern", which
        # frames the act and is not its target
        by = _by_phrase(frame)
        if by:
            doers += by
            victims = [v for v in victims if v.i != frame.i]
    victims += [c for v in list(victims) for c in v.conjuncts]
    return [_speaker_of(d) for d in doers], victims


def _frame(head: Token) -> Token | None:
    """The noun a trigger is "of" ("pattern" in "a pattern of killings by security forces"), on which the
    parser may hang the act's "by" phrase."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        return head.head.head
    return None


def _by_phrase(word: Token) -> list[Token]:
    """The phrase heads after "by" on a word: a passive's agent, a noun's doer ("killings by troops")."""
    return [
        g
        for c in word.children
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _speaker_of(word: Token) -> Token:
    """The one a pronoun doer stands for when it reports its own act ("Security forces said they had killed
    ..." -> "Security forces"); any other word unchanged."""
    if word.pos_ != "PRON" or word.lower_ not in ("they", "it", "we"):
        return word
    for verb in word.head.ancestors:
        if verb.lemma_.lower() in load_event_lexicon().reporting_verbs:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
            break
    return word


def _evidence(sent: Span, anchor: int) -> tuple[int, int]:
    """The sentence's characters around ``anchor`` (a trigger), within its paragraph (the parser may run a
    caption or a heading into the next line), without a dateline ("QUETTA — ") or trailing spaces."""
    text = _text(sent.doc)
    start, end = sent.start_char, sent.end_char
    para_start = text.rfind("\n", start, anchor) + 1
    para_end = text.find("\n", anchor, end)
    start = max(start, para_start)
    end = end if para_end == -1 else para_end
    if start == 0 or (sent.start == 0 and start == sent.start_char):
        m = DATELINE_SPLIT.match(text[start:end])
        if m:
            start += m.end()
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end = start + len(piece.strip())
    return start, end


def _toll(
    figures: Sequence[tuple[str, int, float | None, float | None, float | None, str, str]], text: str
) -> tuple[int | None, int | None, int | None]:
    """(fatalities, low, high) from a sentence's figures of one category: the first figure, a range when
    the sentence gives two different tolls, never a sub-count ("53 people, including 46 girls"), and a
    vague word ("several", "dozens") only when no figure is written ("has risen to 149, after several
    of the wounded died" is 149)."""
    main: list[tuple[int, int, int, bool]] = []  # value, low, high, written as a figure
    for i, (_written, start, value, low, high, _cat, qualifier) in enumerate(figures):
        if i > 0 and _is_subcount(text, figures[i - 1][1], start):
            continue
        if qualifier == "range" and low is not None and high is not None:
            return None, int(low), int(high)
        v = value if value is not None else low
        if v is None:
            continue
        main.append(
            (int(v), int(low if low is not None else v), int(high if high is not None else v), value is not None)
        )
    if any(m[3] for m in main):
        main = [m for m in main if m[3]]
    if not main:
        return None, None, None
    values = sorted({m[0] for m in main})
    if len(values) > 1:
        return None, values[0], values[-1]
    return main[0][0], None, None


def _injured(
    figures: Sequence[tuple[str, int, float | None, float | None, float | None, str, str]], text: str
) -> int | None:
    """The injured figure: as ``_toll`` reads it, or the first figure when the sentence gives a range."""
    first = figures[0][2]
    return _toll(figures, text)[0] or (int(first) if first is not None else None)


COLLECTIVE = frozenset(
    {"number", "group", "family", "crowd", "convoy", "lot", "dozen", "score", "hundred", "thousand", "unit", "team"}
)
"""Singular nouns that stand for several people ("killing a group of pilgrims"): not one victim."""


def _counted_noun(doc: Doc, written: str, start: int) -> Token | None:
    """The noun a figure counts: "five" -> "nationals" in "five Chinese nationals", "dozens" -> "people"
    in "dozens of people"."""
    span = doc.char_span(start, start + len(written), alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.tag_ in ("NNS", "NNPS"):
                return pobj
    return token


def _one_person(noun: Token) -> bool:
    """A singular noun that is one victim ("a foreign contractor", "their driver", "al-Qaeda's leader")."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ not in ("NN", "NNP"):
        return False
    if noun.lemma_.lower() in COLLECTIVE or any(c.dep_ == "nummod" for c in noun.children):
        return False
    return not any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.tag_ in ("NNS", "NNPS") for g in c.children)
        for c in noun.children
    )


def _conjunct_victims(noun: Token, figures: Sequence[tuple[Any, ...]]) -> list[int]:
    """What the nouns coordinated after ``noun`` add to its count: a figure on one ("five soldiers and
    three civilians": 3) or one person ("five engineers and their driver": 1). Plural nouns without a
    figure add nothing that can be counted."""
    out = []
    for conj in noun.conjuncts:
        if conj.i <= noun.i or conj.pos_ not in ("NOUN", "PROPN"):
            continue
        number = next((c for c in conj.children if c.dep_ == "nummod"), None)
        if number is not None:
            found = next((q for q in figures if q[1] <= number.idx < q[1] + len(q[0])), None)
            value = found[2] if found is not None else None
            if value is not None:
                out.append(int(value))
        elif _one_person(conj):
            out.append(1)
    return out


def _coordinated(
    figures: Sequence[tuple[str, int, float | None, float | None, float | None, str, str]],
    sentence_figures: Sequence[tuple[str, int, float | None, float | None, float | None, str, str]],
    doc: Doc,
) -> list[tuple[str, int, float | None, float | None, float | None, str, str]]:
    """Victims listed side by side are one toll ("killing five Chinese nationals and their Pakistani
    driver" is 6): each figure takes what its coordinated nouns add, and a figure so added is dropped."""
    out = list(figures)
    used: set[int] = set()
    for i, q in enumerate(figures):
        if q[1] in used or q[2] is None:
            continue
        noun = _counted_noun(doc, q[0], q[1])
        if noun is None:
            continue
        added = _conjunct_victims(noun, sentence_figures)
        if not added:
            continue
        for conj in noun.conjuncts:
            for other in sentence_figures:
                if conj.i > noun.i and any(other[1] <= c.idx < other[1] + len(other[0]) for c in conj.children):
                    used.add(other[1])
        extra = sum(added)
        low = q[3] + extra if q[3] is not None else None
        high = q[4] + extra if q[4] is not None else None
        out[i] = (q[0], q[1], q[2] + extra, low, high, q[5], q[6])
    return [q for q in out if q[1] not in used]


def _is_subcount(text: str, previous: int, start: int) -> bool:
    between = text[previous:start].lower()
    after = text[start : start + 30].lower()
    return "including" in between or "among them" in between or "of them" in after or "of whom" in after


def _has_word(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def _plain(name: str) -> str:
    """ "Government of Afghanistan (2021-)" -> "Government of Afghanistan": the era is the id's business."""
    return re.sub(r"\s*\(\d{4}-(\d{4})?\)$", "", name)


def set_annotations(doc: Doc, found: Iterable[tuple[int, int, EventValue]]) -> None:
    """Write ``doc._.ww_events`` (Spans in text order) and each span's ``span._.ww_event``."""
    spans: list[Span] = []
    for start, end, value in found:
        span = doc.char_span(start, end, label="EVENT", alignment_mode="expand")
        if span is None:
            continue
        span._.ww_event = value
        spans.append(span)
    doc._.ww_events = spans


@Language.factory("wirewatch_events")
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    """Factory of the ``wirewatch_events`` component (add it after ``wirewatch_places``)."""
    register_span_extension()
    if not Doc.has_extension("ww_events"):
        Doc.set_extension("ww_events", default=None)
    return EventFinder(nlp, name)


register_span_extension()
