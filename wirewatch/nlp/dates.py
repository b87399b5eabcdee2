"""Date expressions normalised to ISO with a precision: the ``wirewatch_dates`` spaCy component.

Absolute dates ("January 30, 2023", "30 Jan 2023", "in March 2025") are read by rules over tokens.
Relative ones ("on Friday", "last week", "two days ago", "a day earlier") are resolved against the
publication date in ``doc._.ww_context``, never against today, and stay unresolved (value and
precision None) when the article has none. A DATE entity of the model that the rules do not read but
that names a month, weekday or year goes to dateparser, cached.

Conventions (each also in ``data/lexicons/dates_en.yaml``):

- a weekday is the most recent one on or before publication ("on Friday" in a Saturday paper is the
  day before); "last Friday" is strictly before, "next Friday" strictly after, and a weekday whose
  verb is future ("will meet on Monday") is on or after;
- a week is given as its Monday, precision "week";
- a year-less date takes the publication year, or the previous year when that would put it more than
  ``UPCOMING_DAYS`` after publication (the next year when its verb is future and it would fall
  before);
- "a day earlier", "the day before", "the next day", "the same day" count from the nearest
  day-precise date before them in the same or the previous sentence ("On Tuesday ... A day earlier"),
  else from publication; "the same day" names a day already given, so it looks back through the whole
  text before it; "the day before the attack" is anchored to an event and skipped;
- periods and durations ("over the past year", "in recent months", "for three days", "a 25-year-old")
  are not event dates and are skipped; times of day ("at 1:40 pm") are not dates either.

Why rules first: dateparser takes 2-6 ms a call on this machine (300 ms for the first) against about
140 ms of spaCy per article, so ten dates an article would cost 15-40 % of spaCy's time; it also
reads "on Saturday" in a Saturday paper as the week before and "Oct. 11-12" as 2012.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language

from .records import DatePrecision

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "dates_en.yaml"

FIRST_YEAR = 1900
LAST_YEAR = 2100
"""Four-digit figures read as years: news about events cites history back to the partitions and
projections up to 2100; outside that range a four-digit figure is a count ("1500 troops")."""

UPCOMING_DAYS = 31
"""A year-less date up to this many days after publication keeps the publication year, as does a bare
month name for the month after it: it is an upcoming date ("the Aug. 31 deadline" in a paper of
Aug. 27, "the March 31 deadline" on March 13, "a series planned for November" in October: all three
in the demo corpus), or a dateline a day ahead of a publication date given in UTC. A date eleven
months back is written with its year or "last year"; further ahead than this is read as last year."""

MAX_VERB_HOPS = 4
"""Heads climbed from a date to its verb when looking for "will": a date is rarely deeper than a
prepositional phrase inside a noun phrase ("on the night of Oct. 11")."""

DATEPARSER_CACHE = 4096
"""dateparser results kept, keyed by (text, publication date): the corpus repeats absolute dates."""

NAMED_ENTITIES = frozenset({"ORG", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "GPE"})
"""Entity types in which a month or weekday word is part of a name ("Sunday Times", "Bloody Sunday")."""

NOUN_PHRASE_START = frozenset({"DET", "NOUN", "PROPN", "PRON", "NUM", "ADJ"})
"""Parts of speech after "the day before" that make it "the day before <event>": not a date."""

FALLBACK_TRIGGERS = frozenset({"MONTH", "WEEKDAY", "DAY"})
"""Words that make an unread DATE entity worth dateparser's time; units ("three days") do not."""

SPAN_EXTENSION = "ww_date"


@dataclass(frozen=True)
class DateValue:
    """The normalised date of one mention: ``DateMention`` without its text and offsets."""

    value: str | None
    """ISO date: YYYY-MM-DD (day, and week: its Monday), YYYY-MM (month), YYYY (year); None if unresolved."""
    precision: DatePrecision | None
    relative: bool
    """Whether it was resolved against the publication date ("on Friday", "last week", "Jan. 30")."""
    how: str = ""


@dataclass(frozen=True)
class DateLexicon:
    """The word lists of ``dates_en.yaml``."""

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    day_words: Mapping[str, int]
    parts_of_day: frozenset[str]
    units: Mapping[str, DatePrecision]
    counts: Mapping[str, int]
    year_context: frozenset[str]
    month_context: frozenset[str]
    period_words: frozenset[str]
    period_openers: frozenset[str]
    anchor_words: Mapping[str, int]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON) -> DateLexicon:
    """The date words, read once per path."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return DateLexicon(
        months={str(k): int(v) for k, v in data["months"].items()},
        weekdays={str(k): int(v) for k, v in data["weekdays"].items()},
        day_words={str(k): int(v) for k, v in data["day_words"].items()},
        parts_of_day=frozenset(data["parts_of_day"]),
        units={str(k): v for k, v in data["units"].items()},
        counts={str(k): int(v) for k, v in data["counts"].items()},
        year_context=frozenset(data["year_context"]),
        month_context=frozenset(data["month_context"]),
        period_words=frozenset(data["period_words"]),
        period_openers=frozenset(data["period_openers"]),
        anchor_words={str(k): int(v) for k, v in data["anchor_words"].items()},
        future_auxiliaries=frozenset(data["future_auxiliaries"]),
        future_heads=frozenset(data["future_heads"]),
    )


def register_span_extension() -> None:
    """``span._.ww_date``, the DateValue of each span in ``doc._.ww_dates`` (idempotent)."""
    from spacy.tokens import Span

    if not Span.has_extension(SPAN_EXTENSION):
        Span.set_extension(SPAN_EXTENSION, default=None)


# --- the publication date ------------------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    """The date relative expressions are read against, with how much of it is known."""

    date: dt.date | None
    precision: DatePrecision | None
    text: str = ""
    """As given: "2025-09-20", "2025-09"; what the ``how`` of a resolved date names."""

    @classmethod
    def parse(cls, published: str | None) -> Publication:
        """From ``YYYY-MM-DD`` (or a longer ISO datetime), ``YYYY-MM`` or ``YYYY``; else unknown."""
        text = (published or "").strip()
        try:
            if len(text) >= 10:
                return cls(dt.date.fromisoformat(text[:10]), "day", text[:10])
            if len(text) == 7:
                return cls(dt.date(int(text[:4]), int(text[5:7]), 1), "month", text)
            if len(text) == 4:
                return cls(dt.date(int(text), 1, 1), "year", text)
        except ValueError:
            pass
        return cls(None, None)

    def knows(self, precision: DatePrecision) -> bool:
        """Whether the publication date is known at least to this precision (a week needs the day)."""
        order = {"year": 0, "month": 1, "week": 2, "day": 2}
        return self.precision is not None and order[self.precision] >= order[precision]


def _iso(date: dt.date, precision: DatePrecision) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if precision == "week":
        date = date - dt.timedelta(days=date.weekday())
    return date.isoformat()


def _shift(date: dt.date, unit: DatePrecision, n: int) -> dt.date:
    """``date`` moved by n days, weeks, months or years (months and years land on the 1st)."""
    if unit == "day":
        return date + dt.timedelta(days=n)
    if unit == "week":
        return date + dt.timedelta(weeks=n)
    if unit == "month":
        months = date.year * 12 + date.month - 1 + n
        return dt.date(months // 12, months % 12 + 1, 1)
    return dt.date(date.year + n, 1, 1)


def _resolved(date: dt.date, precision: DatePrecision, how: str) -> DateValue:
    return DateValue(_iso(date, precision), precision, True, how)


def _unresolved(needs: DatePrecision) -> DateValue:
    what = {"day": "day", "week": "day", "month": "month", "year": "year"}[needs]
    return DateValue(None, None, True, f"relative; needs the publication {what}, which is unknown")


# --- finding -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One date expression: tokens [start, end) and its value, or the days it counts from an anchor."""

    start: int
    end: int
    value: DateValue | None
    anchor_days: int | None = None
    """For "a day earlier" and the like: days from the anchor date, resolved once all dates are known."""


class DateFinder:
    """Reads the date expressions of a parsed Doc; writes nothing."""

    def __init__(self, vocab: Vocab, lexicon: DateLexicon, *, fallback: bool = True) -> None:
        self.lexicon = lexicon
        self.fallback = fallback
        self.matcher = _trigger_matcher(vocab, lexicon)
        self.numeric = _numeric_matcher(vocab)
        self.kinds = {vocab.strings[name]: name for name in ("MONTH", "WEEKDAY", "DAY", "PART", "UNIT", "YEAR")}

    def find(self, doc: Doc, published: str | None) -> list[tuple[int, int, DateValue]]:
        """Every date expression in ``doc``, in text order, longest first where two overlap."""
        pub = Publication.parse(published)
        candidates: list[Found] = []
        triggered: dict[int, str] = {}
        rules = {
            "MONTH": self._month,
            "WEEKDAY": self._weekday,
            "DAY": self._day_word,
            "PART": self._part_of_day,
            "UNIT": self._unit,
            "YEAR": self._year,
        }
        for match_id, start, _end in self.matcher(doc):
            kind = self.kinds[match_id]
            triggered[start] = kind
            found = rules[kind](doc, start, pub)
            if found is not None:
                candidates.append(found)
        for _match_id, start, _end in self.numeric(doc):
            found = _numeric(doc[start], start)
            if found is not None:
                candidates.append(found)
        chosen = _longest_first(candidates, len(doc))
        if self.fallback:
            chosen = self._with_fallback(doc, chosen, triggered, pub)
        return self._anchored(doc, chosen, pub)

    # --- rules, one per kind of trigger word; each returns the longest reading around it ---------

    def _month(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        tok = doc[i]
        if tok.ent_type_ in NAMED_ENTITIES or not (tok.is_title or tok.is_upper):
            return None
        month = self.lexicon.months[tok.lower_]
        n = len(doc)
        start, end = i, i + 1
        day = _day(doc[i + 1]) if i + 1 < n else None
        how = ""
        if day is not None:  # January 30[, 2023]; Oct. 11-12
            end = i + 2
            if end + 1 < n and doc[end].text in ("-", "–") and _day(doc[end + 1]) is not None:
                end += 2
                how = "first day of a span; "
        elif i > 0 and _day(doc[i - 1]) is not None:  # 30 January[ 2023]
            day = _day(doc[i - 1])
            start = i - 1
        elif i > 1 and doc[i - 1].lower_ == "of" and _day(doc[i - 2]) is not None:  # the 5th of May
            day = _day(doc[i - 2])
            start = i - 2
        year = None
        if end < n and _year(doc[end]) is not None:
            year, end = _year(doc[end]), end + 1
        elif end + 1 < n and doc[end].text == "," and _year(doc[end + 1]) is not None:
            year, end = _year(doc[end + 1]), end + 2
        start = self._weekday_before(doc, start)
        if day is not None:
            if year is not None:
                return _absolute(start, end, year, month, day, how)
            return self._yearless_day(doc, start, end, month, day, pub, how)
        if year is not None:
            return Found(start, end, DateValue(f"{year:04d}-{month:02d}", "month", False, "absolute month"))
        return self._bare_month(doc, i, month, pub)

    def _bare_month(self, doc: Doc, i: int, month: int, pub: Publication) -> Found | None:
        """ "in March", "last March", "late November", "mid-August", "November last year"."""
        prev = doc[i - 1].lower_ if i > 0 else ""
        start, end = i, i + 1
        if prev in ("-", "–") and i > 1 and doc[i - 2].lower_ == "mid":
            prev, start = "mid", i - 2
        if prev not in self.lexicon.month_context and doc[i].ent_type_ != "DATE":
            return None
        if doc[i].lower_ == "may" and prev not in self.lexicon.month_context:
            return None  # "May" on its own is more often the verb
        if prev in ("early", "late", "mid", "last", "next", "this") and start == i:
            start = i - 1
        year_shift = None
        if i + 2 < len(doc) and doc[i + 2].lower_ == "year" and doc[i + 1].lower_ in ("last", "this", "next"):
            year_shift = {"last": -1, "this": 0, "next": 1}[doc[i + 1].lower_]
            end = i + 3
        if not pub.knows("year") or pub.date is None:
            return Found(start, end, _unresolved("year"))
        if year_shift is not None:
            year = pub.date.year + year_shift
            how = f"{doc[i + 1].lower_} year from publication {pub.text}"
        elif prev == "last":
            year = pub.date.year if pub.knows("month") and month < pub.date.month else pub.date.year - 1
            how = f"most recent {doc[i].text} before publication {pub.text}"
        elif prev == "next":
            year = pub.date.year if pub.knows("month") and month > pub.date.month else pub.date.year + 1
            how = f"first {doc[i].text} after publication {pub.text}"
        else:
            year = pub.date.year
            if pub.knows("month"):
                if month > pub.date.month + 1 and not self._future(doc, start, end):
                    year -= 1  # the month after publication is upcoming (UPCOMING_DAYS)
                elif month < pub.date.month and self._future(doc, start, end):
                    year += 1
            how = f"year from publication {pub.text}"
        return Found(start, end, _resolved(dt.date(year, month, 1), "month", how))

    def _yearless_day(
        self, doc: Doc, start: int, end: int, month: int, day: int, pub: Publication, how: str
    ) -> Found | None:
        if not pub.knows("year") or pub.date is None:
            return Found(start, end, _unresolved("year"))
        year = pub.date.year
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None  # "Feb. 30": not a date
        future = self._future(doc, start, end)
        if pub.knows("day"):
            if not future and date > pub.date + dt.timedelta(days=UPCOMING_DAYS):
                year -= 1
            elif future and date < pub.date:
                year += 1
        elif pub.knows("month") and not future and month > pub.date.month + 1:
            year -= 1
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None  # Feb. 29 in a year without one
        return Found(start, end, _resolved(date, "day", f"{how}year from publication {pub.text}"))

    def _weekday_before(self, doc: Doc, start: int) -> int:
        """Start of "Monday, January 30" / "Monday 30 January": the weekday is part of the date."""
        if start > 0 and doc[start - 1].lower_ in self.lexicon.weekdays:
            return start - 1
        if start > 1 and doc[start - 1].text == "," and doc[start - 2].lower_ in self.lexicon.weekdays:
            return start - 2
        return start

    def _weekday(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        if doc[i].ent_type_ in NAMED_ENTITIES:
            return None
        weekday = self.lexicon.weekdays[doc[i].lower_]
        start, end = i, i + 1
        prev = doc[i - 1].lower_ if i > 0 else ""
        if prev in ("last", "next", "this", "coming", "previous"):
            start = i - 1
        if end < len(doc) and doc[end].lower_ in self.lexicon.parts_of_day:
            end += 1  # "Wednesday night"
        if not pub.knows("day") or pub.date is None:
            return Found(start, end, _unresolved("day"))
        base = pub.date
        back = (base.weekday() - weekday) % 7
        forward = (weekday - base.weekday()) % 7
        if prev in ("last", "previous"):
            date, how = base - dt.timedelta(days=back or 7), "before"
        elif prev in ("next", "coming"):
            date, how = base + dt.timedelta(days=forward or 7), "after"
        elif self._future(doc, start, end):
            date, how = base + dt.timedelta(days=forward), "on or after (future verb)"
        else:
            date, how = base - dt.timedelta(days=back), "on or before"
        return Found(start, end, _resolved(date, "day", f"weekday {how} publication {pub.text}"))

    def _day_word(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        """ "yesterday", "today", "tonight", "yesterday morning"."""
        if doc[i].ent_type_ in NAMED_ENTITIES:
            return None  # "Pakistan Today"
        end = i + 1
        if end < len(doc) and doc[end].lower_ in self.lexicon.parts_of_day:
            end += 1
        return self._days_from_publication(i, end, self.lexicon.day_words[doc[i].lower_], pub)

    def _part_of_day(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        """ "this morning", "this evening", "last night"."""
        prev = doc[i - 1].lower_ if i > 0 else ""
        if prev == "this":
            return self._days_from_publication(i - 1, i + 1, 0, pub)
        if prev == "last" and doc[i].lower_ == "night":
            return self._days_from_publication(i - 1, i + 1, -1, pub)
        return None

    def _days_from_publication(self, start: int, end: int, days: int, pub: Publication) -> Found:
        if not pub.knows("day") or pub.date is None:
            return Found(start, end, _unresolved("day"))
        date = pub.date + dt.timedelta(days=days)
        return Found(start, end, _resolved(date, "day", f"{days:+d} days from publication {pub.text}"))

    def _unit(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        """ "two days ago", "last week", "earlier this month", "earlier in the week", "a day earlier"."""
        lex = self.lexicon
        unit = lex.units[doc[i].lower_]
        n = len(doc)
        prev = doc[i - 1].lower_ if i > 0 else ""
        nxt = doc[i + 1].lower_ if i + 1 < n else ""
        if nxt == "ago":
            count = _count(doc[i - 1], lex) if i > 0 else None
            if count is None:
                return None  # "days ago", "a few weeks ago": no figure to count back
            return self._calendar(i - 1, i + 2, unit, -count, pub, f"{count} {unit}(s) ago")
        if prev in lex.period_words and unit != "day":
            return None  # "the past year", "in recent months": a period, not a date
        if prev in ("last", "this", "next") and unit != "day":
            if i > 1 and doc[i - 2].lower_ in lex.period_openers:
                return None  # "the last week", "over the last year": a period
            start = i - 2 if i > 1 and doc[i - 2].lower_ in ("earlier", "early", "late", "later") else i - 1
            shift = {"last": -1, "this": 0, "next": 1}[prev]
            return self._calendar(start, i + 1, unit, shift, pub, f"{prev} {unit}")
        if (
            prev == "the"
            and unit != "day"
            and i > 2
            and doc[i - 2].lower_ == "in"
            and doc[i - 3].lower_ in ("earlier", "early", "late", "later")
        ):
            return self._calendar(i - 3, i + 1, unit, 0, pub, f"this {unit}")
        if unit == "day":
            return self._day_anchor(doc, i)
        return None

    def _calendar(self, start: int, end: int, unit: DatePrecision, shift: int, pub: Publication, how: str) -> Found:
        if not pub.knows(unit) or pub.date is None:
            return Found(start, end, _unresolved(unit))
        date = _shift(pub.date, unit, shift)
        return Found(start, end, _resolved(date, unit, f"{how} from publication {pub.text}"))

    def _day_anchor(self, doc: Doc, i: int) -> Found | None:
        """ "a day earlier", "two days later", "the day before", "the next day", "the same day"."""
        lex = self.lexicon
        n = len(doc)
        prev = doc[i - 1].lower_ if i > 0 else ""
        nxt = doc[i + 1].lower_ if i + 1 < n else ""
        if nxt in ("earlier", "later", "before", "after"):
            count = 1 if prev == "the" else _count(doc[i - 1], lex) if i > 0 else None
            if count is None:
                return None  # "days later": no figure
            if nxt in ("before", "after") and i + 2 < n and doc[i + 2].pos_ in NOUN_PHRASE_START:
                return None  # "the day before the attack": anchored to an event, not a date
            return Found(i - 1, i + 2, None, anchor_days=lex.anchor_words[nxt] * count)
        if prev in lex.anchor_words and i > 1 and doc[i - 2].lower_ in ("the", "that"):
            if nxt == "of":
                return None  # "the same day of the week"
            return Found(i - 2, i + 1, None, anchor_days=lex.anchor_words[prev])
        return None

    def _year(self, doc: Doc, i: int, pub: Publication) -> Found | None:
        tok = doc[i]
        n = len(doc)
        if tok.lower_.startswith("mid-"):
            return Found(i, i + 1, DateValue(tok.text[4:], "year", False, "absolute year (mid)"))
        year = int(tok.text)
        if i + 4 < n and doc[i + 1].text == "-" and doc[i + 3].text == "-":  # 2023-01-30
            try:
                date = dt.date(year, int(doc[i + 2].text), int(doc[i + 4].text))
            except ValueError:
                date = None
            if date is not None:
                return _absolute(i, i + 5, date.year, date.month, date.day, "ISO; ")
        prev = doc[i - 1].lower_ if i > 0 else ""
        if tok.ent_type_ != "DATE" and prev not in self.lexicon.year_context:
            return None
        if i + 1 < n and doc[i + 1].tag_ == "NNS" and tok.ent_type_ != "DATE":
            return None  # "in 2000 attacks": a count
        start = i - 1 if prev in ("early", "late", "mid") else i
        return Found(start, i + 1, DateValue(f"{year:04d}", "year", False, "absolute year"))

    # --- future tense ---------------------------------------------------------------------------

    def _future(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the verb the date hangs on looks forward ("will meet on Monday", "agreed to meet")."""
        verb = doc[start:end].root
        for _ in range(MAX_VERB_HOPS):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        first = verb
        while first.dep_ == "conj" and first.head.i != first.i:  # "will resume ... and meet on Monday"
            first = first.head
        infinitive = False
        for v in (verb, first):
            for child in v.children:
                if child.dep_ == "aux" and child.lower_ in self.lexicon.future_auxiliaries:
                    return True
                infinitive = infinitive or (child.dep_ == "aux" and child.tag_ == "TO")
        # "agreed to set up mechanisms ... and to meet again on Oct. 25"
        return infinitive and first.dep_ == "xcomp" and first.head.lemma_ in self.lexicon.future_heads

    # --- what the rules did not read -----------------------------------------------------------

    def _with_fallback(
        self, doc: Doc, chosen: list[Found], triggered: Mapping[int, str], pub: Publication
    ) -> list[Found]:
        """DATE entities with a month, weekday or day word no rule read ("march 3, 2023"), via dateparser.

        What dateparser reads replaces the rules' readings inside the entity (the "2023" of it).
        """
        taken = {i for f in chosen for i in range(f.start, f.end)}
        replaced: list[Found] = []
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            if not any(triggered.get(i) in FALLBACK_TRIGGERS and i not in taken for i in range(ent.start, ent.end)):
                continue  # read by a rule, or "three days", "the summer", "Ramadan": durations and names
            has_year = any(_year(t) is not None for t in ent)
            if not has_year and (not pub.knows("day") or pub.date is None):
                replaced.append(Found(ent.start, ent.end, _unresolved("day")))
                continue
            parsed = _dateparser(ent.text, None if has_year else pub.date)
            if parsed is not None:
                value, precision = parsed
                how = "dateparser" + ("" if has_year else f", relative to publication {pub.text}")
                replaced.append(Found(ent.start, ent.end, DateValue(value, precision, not has_year, how)))
        if not replaced:
            return chosen
        kept = [f for f in chosen if not any(f.start < r.end and r.start < f.end for r in replaced)]
        return sorted([*kept, *replaced], key=lambda f: f.start)

    def _anchored(self, doc: Doc, chosen: list[Found], pub: Publication) -> list[tuple[int, int, DateValue]]:
        """Every Found with a value: "a day earlier" counted from the day-precise date before it."""
        out: list[tuple[int, int, DateValue]] = []
        sent_starts: list[int] | None = None
        for found in chosen:
            if found.value is not None:
                out.append((found.start, found.end, found.value))
                continue
            days = found.anchor_days or 0
            if sent_starts is None:
                sent_starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
            anchor = _anchor(out, found.start, sent_starts if days else [0])
            if anchor is None and days < 0:
                # "Nine days earlier" paragraphs after the lead's "on Friday": earlier than the story's day,
                # the last day named anywhere before, not the day it was published
                anchor = _anchor(out, found.start, [0])
            if anchor is not None:
                date = dt.date.fromisoformat(anchor[2].value or "") + dt.timedelta(days=days)
                how = f"{days:+d} days from {anchor[2].value} ({doc[anchor[0] : anchor[1]].text!r})"
                out.append((found.start, found.end, _resolved(date, "day", how)))
            elif pub.knows("day") and pub.date is not None:
                date = pub.date + dt.timedelta(days=days)
                how = f"{days:+d} days from publication {pub.text} (no date before it to count from)"
                out.append((found.start, found.end, _resolved(date, "day", how)))
            else:
                out.append((found.start, found.end, _unresolved("day")))
        return out


def _anchor(
    found: list[tuple[int, int, DateValue]], start: int, sent_starts: list[int]
) -> tuple[int, int, DateValue] | None:
    """The nearest day-precise date before ``start`` in its sentence or the one before (with ``[0]`` for
    ``sent_starts``, anywhere before it)."""
    sentence = bisect_right(sent_starts, start) - 1
    earliest = sent_starts[max(sentence - 1, 0)]
    for item in reversed(found):
        if item[0] < earliest:
            return None
        if item[0] < start and item[2].precision == "day" and item[2].value is not None:
            return item
    return None


def _absolute(start: int, end: int, year: int, month: int, day: int, how: str) -> Found | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return Found(start, end, DateValue(date.isoformat(), "day", False, f"{how}absolute"))


def _numeric(tok: Token, i: int) -> Found | None:
    """ "30/01/2023", "2023-01-30" as one token; day and month must be told apart ("01/02/2023" is not)."""
    parts = tok.text.replace(".", "/").replace("-", "/").split("/")
    if len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
        how = "ISO; "
    else:
        first, second, year = (int(p) for p in parts)
        if first > 12 >= second:
            day, month, how = first, second, "day first (the first figure is over 12); "
        elif second > 12 >= first:
            day, month, how = second, first, "month first (the second figure is over 12); "
        else:
            return None  # dd/mm or mm/dd: left out, as in wirewatch.extract.dates
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return _absolute(i, i + 1, year, month, day, how)


def _day(tok: Token) -> int | None:
    """The day of the month a token writes ("30", "30th"), or None."""
    text = tok.lower_
    if text[-2:] in ("st", "nd", "rd", "th"):
        text = text[:-2]
    if text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 31:
        return int(text)
    return None


def _year(tok: Token) -> int | None:
    text = tok.text
    if len(text) == 4 and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return None


def _count(tok: Token, lexicon: DateLexicon) -> int | None:
    if tok.lower_ in lexicon.counts:
        return lexicon.counts[tok.lower_]
    if tok.text.isdigit() and len(tok.text) <= 3:
        return int(tok.text)
    return None


def _longest_first(candidates: Iterable[Found], length: int) -> list[Found]:
    """The longest candidates that do not overlap, in text order (spaCy's filter_spans, on Found)."""
    taken = [False] * length
    kept = []
    for found in sorted(candidates, key=lambda f: (f.start - f.end, f.start)):
        if not any(taken[found.start : found.end]):
            kept.append(found)
            taken[found.start : found.end] = [True] * (found.end - found.start)
    return sorted(kept, key=lambda f: f.start)


def _trigger_matcher(vocab: Vocab, lexicon: DateLexicon) -> PhraseMatcher:
    """One PhraseMatcher on lower-case text for every word a rule starts from (cheap: hash lookups)."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    years = [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    words = {
        "MONTH": lexicon.months,
        "WEEKDAY": lexicon.weekdays,
        "DAY": lexicon.day_words,
        "PART": lexicon.parts_of_day,
        "UNIT": lexicon.units,
        "YEAR": [*years, *(f"mid-{y}" for y in years)],
    }
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for label, items in words.items():
        matcher.add(label, [Doc(vocab, words=[w]) for w in items])
    return matcher


NUMERIC_SHAPES = (
    *(f"{a}{sep}{b}{sep}dddd" for sep in "/.-" for a in ("d", "dd") for b in ("d", "dd")),
    "dddd-dd-dd",
)
"""Token shapes of numeric dates ("30/01/2023", "30.01.2023", "2023-01-30" when kept as one token)."""


def _numeric_matcher(vocab: Vocab) -> Matcher:
    """A Matcher on exact token shapes: equality tests run in C, unlike the slow ``IN`` and ``REGEX``."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    matcher.add("NUMERIC", [[{"SHAPE": shape}] for shape in NUMERIC_SHAPES])
    return matcher


@lru_cache(maxsize=DATEPARSER_CACHE)
def _dateparser(text: str, base: dt.date | None) -> tuple[str, DatePrecision] | None:
    """dateparser's reading of ``text`` as (ISO value, precision), relative to ``base``; None if none.

    ``base`` is None for text with a year in it, so absolute dates share one cache entry.
    """
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    settings["RELATIVE_BASE"] = dt.datetime.combine(base or dt.date(2000, 1, 1), dt.time())
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    periods: dict[str, DatePrecision] = {"day": "day", "week": "week", "month": "month", "year": "year"}
    precision = periods.get(data.period or "day", "day")  # "time" ("1:40 pm today") is a day
    return _iso(data.date_obj.date(), precision), precision


# --- the component -------------------------------------------------------------------------------


class DatesComponent:
    """Finds the dates (``DateFinder``) and writes them: ``doc._.ww_dates``, ``span._.ww_date``."""

    def __init__(self, nlp: Language, name: str, *, fallback: bool) -> None:
        from . import register_extensions

        register_extensions()
        register_span_extension()
        self.name = name
        self.finder = DateFinder(nlp.vocab, load_lexicon(), fallback=fallback)

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.ww_context
        found = self.finder.find(doc, getattr(context, "published", None))
        spans: list[Span] = []
        for start, end, value in found:
            span = doc[start:end]
            span._.set(SPAN_EXTENSION, value)
            spans.append(span)
        doc._.ww_dates = spans
        return doc


@Language.factory("wirewatch_dates", default_config={"fallback": True})
def make_dates(nlp: Language, name: str, fallback: bool) -> DatesComponent:
    """The dates component; ``fallback`` sends DATE entities the rules do not read to dateparser."""
    return DatesComponent(nlp, name, fallback=fallback)
