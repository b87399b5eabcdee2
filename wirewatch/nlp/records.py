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
