"""Typed records of the language layer: every mention points at its exact characters in the text.

spaCy components write annotations on the Doc; ``wirewatch.nlp.convert`` turns them into these
records, in one place. Offsets are character offsets into the article's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ActorMethod = Literal["alias", "acronym", "fuzzy", "new", "context"]
"""How a mention was tied to an actor: an alias of the knowledge base, an acronym the article itself
defines ("Islamic State Khorasan Province (ISKP)"), a fuzzy match (misspellings), a new organisation
not in the knowledge base, or (for "the group") left unresolved: actor_id is then None."""

DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class ActorMention:
    text: str
    start: int
    end: int
    actor_id: str | None
    """The knowledge base id, a ``new:slug`` id for an organisation not in it, None when unresolved."""
    name: str | None
    """The actor's canonical name."""
    type: str | None
    """The actor.schema.json type enum."""
    method: ActorMethod
    score: float = 1.0
    """1.0 for exact alias/acronym; the rapidfuzz score (0-1) for fuzzy matches."""
    how: str = ""
    """For an analyst: "alias 'TTP' of Tehrik-i-Taliban Pakistan", "fuzzy 0.91 to 'Baloch militants'"."""


@dataclass(frozen=True)
class PersonMention:
    text: str
    start: int
    end: int
    person: str
    """A key shared by every mention of one person in the article (the fullest name seen)."""
    name: str | None
    role: str | None
    """"spokesperson", "Permanent Representative to the UN", "Prime Minister"."""
    organisation: str | None
    """As written or resolved: "Foreign Office"."""
    actor_id: str | None = None
    """The organisation's knowledge base id, when resolved."""


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str | None
    """ISO date: YYYY-MM-DD (day, and week: its Monday), YYYY-MM (month), YYYY (year); None if unresolved."""
    precision: DatePrecision | None
    relative: bool
    """Whether it was resolved against the publication date ("on Friday", "last week")."""
    how: str = ""


@dataclass(frozen=True)
class QuantityMention:
    text: str
    start: int
    end: int
    value: float | None
    """The best single figure ("at least 28" -> 28; "dozens" -> None with low 24)."""
    low: float | None
    high: float | None
    qualifier: Literal["exact", "at_least", "more_than", "at_most", "fewer_than", "about", "range", "vague"]
    noun: str | None
    """What is counted, as its lemma: "people", "soldier", "camp", "member"."""
    category: Literal["killed", "injured", "missing", "kidnapped", "arrested", "other"] = "other"
    """For casualty figures: what happened to the counted."""


@dataclass(frozen=True)
class QuoteMention:
    """A direct quotation (the words inside the marks) or reported speech (the reported clause)."""

    text: str
    start: int
    end: int
    kind: Literal["direct", "indirect"]
    speaker: str | None
    """The speaker's name; None for an organisation or a role without a name ("a police official")."""
    speaker_role: str | None
    organization: str | None
    person: str | None
    """The PersonMention.person key of the speaker, when a person."""
    actor_id: str | None
    """The speaking organisation's (or the person's organisation's) actor id, when resolved."""
    cue: str | None
    """The speech verb's lemma ("say", "warn") or "according to"."""
    how: str = ""


EventReport = Literal["asserted", "alleged", "purported", "denied", "claimed"]
"""How the article reports an event (event.schema.json sources[].reported_as)."""

Stance = Literal["asserts", "alleges", "denies", "claims_responsibility"]


@dataclass(frozen=True)
class EventMention:
    """One event an article reports: the span is its evidence (the sentence that reports it).

    Field names follow event.schema.json; ``*_id`` fields are knowledge base ids (or ``new:`` ids) of
    the actors, ``country_code`` the ISO 3166-1 alpha-2 code. Figures are as THIS article gives them.
    """

    text: str
    start: int
    end: int
    index: int
    """Position among the article's events, in text order: a claim's ``event_index`` points here."""
    event_type: str
    sub_event_type: str | None
    trigger: str
    """The words that signalled the event ("suicide bomber", "claimed responsibility")."""
    actor1: str | None
    actor1_id: str | None
    actor2: str | None
    actor2_id: str | None
    event_date: str | None
    date_precision: DatePrecision | None
    location: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    """ACLED's: 1 the place itself, 2 near it or part of a district, 3 only the province or region."""
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    reported_as: EventReport
    how: str = ""
    """For an analyst: how each slot was filled ("type from 'suicide bomber'; date from 'on Monday'...")."""


@dataclass(frozen=True)
class ClaimMention:
    """An attributed proposition: the span is the proposition (the claimed clause, or the sentence)."""

    text: str
    start: int
    end: int
    claimant: str | None
    """Who makes the claim: a person's name, or an organisation's canonical name."""
    claimant_id: str | None
    """The claimant's (or the person's organisation's) actor id, when resolved."""
    stance: Stance
    hedged: bool
    """Whether the article marks the claim as unverified ("purportedly", "allegedly", "reportedly")."""
    hedge: str | None
    """The hedging words, as written."""
    via: str | None
    """Who relays a second-hand claim ("Amaq", "Mahaz", "local media"), when the article names one."""
    event_index: int | None
    """The EventMention.index of the event the claim is about, None for general claims."""
    cue: str | None
    """The verb or phrase that made it a claim ("claim responsibility", "deny", "accuse")."""
    how: str = ""


@dataclass(frozen=True)
class Analysis:
    """Everything the language layer found in one article."""

    actors: tuple[ActorMention, ...] = ()
    people: tuple[PersonMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[QuantityMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    places: tuple[object, ...] = field(default=())
    """wirewatch.geo.resolve.ResolvedPlace records."""
    events: tuple[EventMention, ...] = ()
    claims: tuple[ClaimMention, ...] = ()
