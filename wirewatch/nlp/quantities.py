"""Counts and casualty figures: the ``wirewatch_quantities`` spaCy component.

Finds figures ("at least 28", "twenty-three", "between 20 and 30", "28-32", "5.2 million") and vague
quantities ("dozens", "hundreds of thousands"), reads their qualifier, what they count (the noun the
parse ties them to) and, for casualty figures, what happened to the counted (killed, injured,
missing, kidnapped, arrested) from the verb, adjective or noun the parse ties them to.

Conventions (each with its reason in ``data/lexicons/numbers.yaml`` and ``numbers_casualties.yaml``):
``value`` is the figure as written, None for vague words; "more than 60" keeps low 60 and lets the
qualifier say the bound is exclusive; a range's value is its low figure; "dozens" is low 24, "scores"
40, "hundreds" 200, "several" 3. Not emitted: years, dates, times, ages and durations ("a 25-year-old",
"48 hours"), percentages and money (skipped rather than emitted as "other": they are never casualty
figures and other components do not need them), phone numbers and labels ("Section 144"); and a
figure of category "other" with nothing counted ("reached 100" with no toll in sight).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"

Qualifier = Literal["exact", "at_least", "more_than", "at_most", "fewer_than", "about", "range", "vague"]
Category = Literal["killed", "injured", "missing", "kidnapped", "arrested", "other"]

CATEGORY_ORDER: tuple[Category, ...] = ("injured", "missing", "kidnapped", "arrested", "killed")
"""Order in which tally cues are tried: "toll" alone means the death toll, so "killed" comes last and a
more specific cue ("the toll of injured") wins."""

SPAN_EXTENSION = "ww_quantity"

FIRST_YEAR = 1900
LAST_YEAR = 2100
"""A plain four-digit figure in this range with no plural noun after it is a year, not a count."""

MAX_DIGITS = 7
"""A figure written with more digits and no separators is an id or a phone number: casualty and
displacement counts that large are written "1,000,000" or "1 million"."""

CUE_WINDOW = 12
"""Tokens of a tally verb's subject or object searched for a cue ("the number of people killed in
Monday's bombing at the mosque"): a noun phrase longer than this is a list, not a toll."""

MAX_GLUE = 4
"""Tokens looked at after a counted noun for its verb when the parse failed: "were reportedly all killed"."""

MAX_CONJ_HOPS = 3
"""Conjuncts climbed to find the verb a coordinated figure shares ("23 soldiers and two guards died")."""

NAME_ENTITIES = frozenset(
    {"ORG", "PERSON", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "NORP", "LANGUAGE"}
)
"""A figure inside a name ("Rescue 1122", "Group of 20") is kept only when a casualty category is found."""

NOT_COUNT_ENTITIES = frozenset({"MONEY", "PERCENT", "TIME", "ORDINAL"})
"""Entity types whose figures are never counts of people or things."""

COUNTED_POS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class QuantityValue:
    """The reading of one figure: ``QuantityMention`` without its text and offsets."""

    value: float | None
    """The figure as written ("at least 28" -> 28; a range's low figure; None for "dozens")."""
    low: float | None
    high: float | None
    qualifier: Qualifier
    noun: str | None
    """What is counted, as its lemma: "people", "soldier", "camp", "member"."""
    category: Category = "other"


@dataclass(frozen=True)
class Vague:
    low: float
    high: float | None
    emit_as_other: bool


@dataclass(frozen=True)
class NumberLexicon:
    """``numbers.yaml``: number words, qualifiers, ranges, vague words, what is not a count."""

    units: Mapping[str, int]
    scales: Mapping[str, int]
    articles: frozenset[str]
    qualifiers: Mapping[tuple[str, ...], Qualifier]
    range_opening: str
    range_closing: str
    range_joiners: frozenset[str]
    vague: Mapping[tuple[str, ...], Vague]
    not_counts_after: frozenset[str]
    time_words: frozenset[str]
    not_counts_before: frozenset[str]
    ordinals: frozenset[str]
    not_nouns: frozenset[str]

    @property
    def longest_qualifier(self) -> int:
        return max(len(words) for words in self.qualifiers)


@dataclass(frozen=True)
class CategoryWords:
    transitive: frozenset[str]
    intransitive: frozenset[str]
    states: frozenset[str]
    nouns: frozenset[str]
    cues: frozenset[str]
    of_nouns: frozenset[str] = frozenset()
    """Nouns whose "of" phrase holds the counted: "the bodies of 17 policemen"."""


@dataclass(frozen=True)
class CasualtyLexicon:
    """``numbers_casualties.yaml``: the words that say what happened to the counted."""

    categories: Mapping[Category, CategoryWords]
    lives_verbs: frozenset[str]
    lives_objects: frozenset[str]
    copulas: frozenset[str]
    tally_verbs: frozenset[str]
    glue: frozenset[str]

    def find(self, words: Iterable[str], kind: str) -> Category | None:
        """The first category (in ``CATEGORY_ORDER``) one of ``words`` belongs to as a ``kind``."""
        words = tuple(words)
        for category in CATEGORY_ORDER:
            listed: frozenset[str] = getattr(self.categories[category], kind)
            if any(w in listed for w in words):
                return category
        return None


@lru_cache(maxsize=4)
def load_numbers(path: Path = LEXICONS / "numbers.yaml") -> NumberLexicon:
    """The number words, read once per path."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    not_counts = data["not_counts"]
    return NumberLexicon(
        units={str(k): int(v) for k, v in data["units"].items()},
        scales={str(k): int(v) for k, v in data["scales"].items()},
        articles=frozenset(data["articles"]),
        qualifiers={tuple(str(k).split()): v for k, v in data["qualifiers"].items()},
        range_opening=data["ranges"]["opening"],
        range_closing=data["ranges"]["closing"],
        range_joiners=frozenset(data["ranges"]["joiners"]),
        vague={
            tuple(str(k).split()): Vague(float(v["low"]), v.get("high"), bool(v.get("emit_as_other", True)))
            for k, v in data["vague"].items()
        },
        not_counts_after=frozenset(w for words in not_counts.values() for w in words),
        time_words=frozenset(not_counts["time"]),
        not_counts_before=frozenset([*data["before_not_counts"], *not_counts["date"]]),
        ordinals=frozenset(data["ordinals"]),
        not_nouns=frozenset(data["not_nouns"]),
    )


@lru_cache(maxsize=4)
def load_casualties(path: Path = LEXICONS / "numbers_casualties.yaml") -> CasualtyLexicon:
    """The casualty words, read once per path."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CasualtyLexicon(
        categories={
            name: CategoryWords(**{kind: frozenset(words) for kind, words in kinds.items()})
            for name, kinds in data["categories"].items()
        },
        lives_verbs=frozenset(data["lives"]["verbs"]),
        lives_objects=frozenset(data["lives"]["objects"]),
        copulas=frozenset(data["copulas"]),
        tally_verbs=frozenset(data["tally_verbs"]),
        glue=frozenset(data["glue"]),
    )


def register_span_extension() -> None:
    """``span._.ww_quantity``, the QuantityValue of each span in ``doc._.ww_quantities`` (idempotent)."""
    from spacy.tokens import Span

    if not Span.has_extension(SPAN_EXTENSION):
        Span.set_extension(SPAN_EXTENSION, default=None)


# --- finding -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """Tokens [start, end) of a figure with its qualifier, and the token the parse hangs it on."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    vague: Vague | None = None


def _whole(x: float) -> float:
    """28.0 -> 28: counts read back as written."""
    return int(x) if float(x).is_integer() else x


class QuantityFinder:
    """Reads the figures of a parsed Doc; writes nothing."""

    def __init__(self, vocab: Vocab, numbers: NumberLexicon, casualties: CasualtyLexicon) -> None:
        self.numbers = numbers
        self.casualties = casualties
        self.figures = _figure_matcher(vocab)
        self.words = _word_matcher(vocab, numbers)
        self.vague_label = vocab.strings["VAGUE"]
        self.tally_or_copula = casualties.tally_verbs | casualties.copulas

    def find(self, doc: Doc) -> list[tuple[int, int, QuantityValue]]:
        """Every figure worth a record, in text order."""
        seeds: list[tuple[int, int, bool]] = [(s, -(e - s), False) for _, s, e in self.figures(doc)]
        for match_id, start, end in self.words(doc):
            seeds.append((start, -(end - start), match_id == self.vague_label))
        seeds.sort()
        taken = -1
        found = []
        for start, negative_length, vague in seeds:
            if start <= taken:
                continue
            figure = self._vague(doc, start, start - negative_length) if vague else self._figure(doc, start)
            if figure is None:
                continue
            taken = figure.end - 1
            value = self._read(doc, figure)
            if value is not None:
                found.append((figure.start, figure.end, value))
        return found

    # --- the figure itself ----------------------------------------------------------------------

    def _number(self, doc: Doc, i: int) -> tuple[int, int, float] | None:
        """A number written in figures, words or both, starting at token i: (start, end, value)."""
        lex = self.numbers
        n = len(doc)
        start = i
        total = 0.0
        current = 0.0
        last = ""  # "digits", "tens", "unit", "scale"
        if doc[i].lower_ in lex.scales and i > 0 and doc[i - 1].lower_ in lex.articles:
            start, current, last = i - 1, 1.0, "unit"  # "a hundred", "a dozen"
        j = i
        while j < n:
            tok = doc[j]
            low = tok.lower_
            digits = _digits(tok)
            if digits is not None:
                if last:
                    break
                current, last = digits, "digits"
            elif low in lex.units:
                value = lex.units[low]
                if last == "tens" and value < 10:
                    current += value  # twenty-three
                elif last in ("", "scale"):
                    current += value
                else:
                    break
                last = "tens" if value >= 20 and value % 10 == 0 else "unit"
            elif low in lex.scales and last:
                scale = lex.scales[low]
                if scale < 1000:  # hundred, dozen multiply what is before them
                    current = (current or 1) * scale
                else:
                    total += (current or 1) * scale
                    current = 0.0
                last = "scale"
            elif low == "-" and last == "tens" and j + 1 < n and not tok.whitespace_ and not doc[j - 1].whitespace_:
                if doc[j + 1].lower_ not in lex.units:
                    break
            elif low == "and" and last == "scale" and j + 1 < n and doc[j + 1].lower_ in lex.units:
                pass  # one hundred and twenty
            else:
                break
            j += 1
        if not last or j == start:
            return None
        if doc[j - 1].lower_ in ("-", "and"):
            j -= 1
        return start, j, total + current

    def _figure(self, doc: Doc, i: int) -> Figure | None:
        """The figure at token i with its range and qualifier, or None when it is not a count."""
        lex = self.numbers
        tok = doc[i]
        if tok.lower_ in lex.ordinals or (tok.lower_[-2:] in ("st", "nd", "rd", "th") and tok.lower_[:-2].isdigit()):
            return None
        number = self._number(doc, i)
        if number is None:
            return None
        start, end, figure = number
        low: float | None = figure
        high: float | None = figure
        qualifier: Qualifier = "about" if doc[start].lower_ in lex.articles else "exact"
        n = len(doc)
        before = doc[start - 1].lower_ if start > 0 else ""
        if end + 1 < n and doc[end].lower_ in lex.range_joiners and before != "from":
            joiner = doc[end]
            tight = not joiner.whitespace_ and not doc[end - 1].whitespace_
            if joiner.lower_ not in ("-", "–") or tight:
                second = self._number(doc, end + 1)
                if second is not None and second[0] == end + 1 and second[2] > figure:
                    end, high, qualifier = second[1], second[2], "range"
        if (
            before == lex.range_opening
            and end + 1 < n
            and doc[end].lower_ == lex.range_closing
            and (second := self._number(doc, end + 1)) is not None
            and second[0] == end + 1
        ):
            start, end, high, qualifier = start - 1, second[1], second[2], "range"
        if qualifier != "range":
            for length in range(lex.longest_qualifier, 0, -1):
                words = tuple(t.lower_ for t in doc[max(start - length, 0) : start])
                if len(words) == length and words in lex.qualifiers:
                    qualifier, start = lex.qualifiers[words], start - length
                    break
        if qualifier in ("at_least", "more_than"):
            high = None
        elif qualifier in ("at_most", "fewer_than"):
            low = None
        elif qualifier == "about":
            low, high = None, None
        return Figure(start, end, figure, low, high, qualifier)

    def _vague(self, doc: Doc, start: int, end: int) -> Figure:
        vague = self.numbers.vague[tuple(t.lower_ for t in doc[start:end])]
        return Figure(start, end, None, vague.low, vague.high, "vague", vague)

    # --- what it counts and what happened to them -----------------------------------------------

    def _read(self, doc: Doc, figure: Figure) -> QuantityValue | None:
        """The QuantityValue of a figure, or None when it is a year, date, time, age, money or label."""
        if figure.vague is None and not self._is_count(doc, figure):
            return None
        root = doc[figure.start : figure.end].root
        noun, anchor = self._counted(doc, root, figure.end)
        if noun is not None and (
            noun.lower_ in self.numbers.not_counts_after or noun.lemma_ in self.numbers.time_words
        ):
            return None  # "three days", "48 hours", "45 per cent", "10 lakh rupees"
        category = self._category(root, noun, anchor, figure.end)
        noun_lemma = _lemma(noun) if noun is not None and self._names_counted(noun) else None
        if category == "other":
            if noun_lemma is None:
                return None  # a bare figure: "reached 100" with no toll in sight, "Rescue 1122"
            if figure.vague is not None and not figure.vague.emit_as_other:
                return None  # "several layers of security"
            if any(t.ent_type_ in NAME_ENTITIES for t in doc[figure.start : figure.end]):
                return None  # part of a name
            if figure.value == 1 and not doc[figure.end - 1].is_digit:
                return None  # "one of the deadliest", "the one released by"
        return QuantityValue(
            value=_whole(figure.value) if figure.value is not None else None,
            low=_whole(figure.low) if figure.low is not None else None,
            high=_whole(figure.high) if figure.high is not None else None,
            qualifier=figure.qualifier,
            noun=noun_lemma,
            category=category,
        )

    def _names_counted(self, noun: Token) -> bool:
        """Whether a noun names what is counted: not "others", "them" or a state ("three of the injured")."""
        if noun.lower_ in self.numbers.not_nouns or noun.pos_ == "PRON":
            return False
        return self.casualties.find((noun.lower_,), "states") is None

    def _is_count(self, doc: Doc, figure: Figure) -> bool:
        """Whether a figure counts something (not a year, date, time, age, duration, money, percent, id)."""
        lex = self.numbers
        tokens = doc[figure.start : figure.end]
        for tok in tokens:
            if tok.ent_type_ in NOT_COUNT_ENTITIES:
                return False
            if tok.ent_type_ == "DATE" and not self._count_like_date(doc, tok.i):
                return False
            text = tok.text
            phone_or_id = len(text) > 1 and text[0] == "0" and "." not in text  # "051-1234567"
            too_long = sum(c.isdigit() for c in text) > MAX_DIGITS and "," not in text
            if text[0].isdigit() and (phone_or_id or too_long):
                return False
        before = doc[figure.start - 1].lower_ if figure.start > 0 else ""
        if before in lex.not_counts_before:
            return False
        after = figure.end
        if after < len(doc) and doc[after].text in ("-", "–") and not doc[after].whitespace_:
            after += 1  # "25-year-old", "48-hour"
        if after < len(doc) and doc[after].lower_ in lex.not_counts_after:
            return False
        last = doc[figure.end - 1]
        if (
            figure.end - figure.start == 1
            and last.is_digit
            and len(last.text) == 4
            and FIRST_YEAR <= int(last.text) <= LAST_YEAR
            and not (figure.end < len(doc) and doc[figure.end].tag_ in ("NNS", "NNPS"))
        ):
            return False  # a year
        root = tokens.root
        head = root.head
        return not (
            root.dep_ in ("nummod", "compound", "appos", "npadvmod")
            and head.i < figure.start
            and head.pos_ in COUNTED_POS
            and head.is_title
        )  # "Section 144", "Grade 10": a label after its noun; a count comes before what it counts

    def _count_like_date(self, doc: Doc, i: int) -> bool:
        """Whether the DATE entity around token i is a mislabelled count ("Between 20 and 30")."""
        lex = self.numbers
        start, end = i, i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        known = {lex.range_opening, lex.range_closing, *lex.range_joiners, *lex.units, *lex.scales}
        for tok in doc[start:end]:
            if tok.is_digit and len(tok.text) == 4:
                return False  # a year
            if tok.is_alpha and tok.lower_ not in known and (tok.lower_,) not in lex.qualifiers:
                return False  # a month, a weekday, "days", "old"
        return True

    def _counted(self, doc: Doc, root: Token, end: int) -> tuple[Token | None, Token]:
        """What the figure counts (its noun) and the token whose role in the clause says what happened."""
        head = root.head
        if "\n" in doc.text[root.idx : head.idx]:
            return None, root  # a headline's "10 Killed" parsed into the next line's "Security forces"
        if (
            root.dep_ in ("nummod", "amod", "det", "quantmod", "compound")
            and head.i >= end
            and head.pos_ in COUNTED_POS
        ):
            if head.dep_ in ("compound", "nmod") and head.head.i > head.i:
                # "a 10-member family", "200 Taliban and affiliated fighters": the noun phrase's head acts
                return head, head.head
            return head, head
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, root  # "23 of its soldiers", "dozens of people"
        return None, root

    def _category(self, root: Token, noun: Token | None, anchor: Token, end: int) -> Category:
        """What happened to the counted, from the words the parse ties the figure to."""
        cas = self.casualties
        head = root.head
        if head.i >= end and (found := cas.find((head.lower_, head.lemma_), "states")):
            return found  # "130 missing", "the 84 dead"
        for child in anchor.children:
            if child.dep_ in ("amod", "acl") and (found := self._state(child)):
                return found  # "157 injured people", "eight people killed"
            if child.dep_ == "relcl" and (found := self._clause(child, passive_needed=True)):
                return found  # "people who were killed"
        found = self._role(anchor)
        if found == "other":
            found = self._next_verb(anchor) or "other"
        if found == "other" and noun is not None:
            # "84 bodies were found", "holding 214 hostages", "took 50 passengers hostage"; after the
            # verb, which says more: "26 hostages were killed"
            return cas.find((noun.lower_, noun.lemma_, anchor.lower_, anchor.lemma_), "nouns") or "other"
        return found

    def _state(self, tok: Token) -> Category | None:
        """A participle or adjective describing the counted: "injured", "killed" (not "killing")."""
        if tok.tag_ == "VBG":
            return None
        return self.casualties.find((tok.lower_, tok.lemma_), "states") or (
            self.casualties.find((tok.lemma_,), "transitive") if tok.tag_ == "VBN" else None
        )

    def _clause(self, verb: Token, *, passive_needed: bool) -> Category | None:
        cas = self.casualties
        if found := cas.find((verb.lemma_,), "intransitive"):
            return found
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if (passive or not passive_needed) and (found := cas.find((verb.lemma_,), "transitive")):
            return found
        return None

    def _role(self, anchor: Token) -> Category:
        """The category from the anchor's role in its clause: object of "killed", subject of "died"."""
        cas = self.casualties
        tok = anchor
        for _ in range(MAX_CONJ_HOPS):
            if tok.dep_ in ("conj", "appos") and tok.head.pos_ in (*COUNTED_POS, "NUM", "PRON"):
                tok = tok.head  # "23 soldiers and two guards died"
            elif tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among") and tok.head.dep_ == "prep":
                tok = tok.head.head  # "11 people, including four Levies personnel, were killed"
        dep, verb = tok.dep_, tok.head
        if dep == "conj" and verb.pos_ == "VERB" and (found := cas.find((verb.lemma_,), "transitive")):
            return found  # "killing 13 US service members and at least 60 Afghans" parsed as verb conj
        lemma = verb.lemma_
        children = list(verb.children)
        if dep in ("nsubjpass", "dobj") and (found := cas.find((lemma,), "transitive")):
            return found  # "28 people were killed", "killing 84"
        if dep in ("nsubjpass", "dobj") and (found := self._resultative(children)):
            return found  # "shot dead five protesters", "five men were stabbed to death"
        if dep == "nsubj":
            if found := cas.find((lemma,), "intransitive") or cas.find((verb.lower_, lemma), "states"):
                return found  # "23 soldiers died", "leaving 40 people dead"
            if (
                verb.tag_ == "VBN"
                and not any(c.dep_ == "dobj" for c in children)
                and (found := cas.find((lemma,), "transitive"))
            ):
                return found  # "29 wounded", "10 Killed": a headline's reduced passive
            if lemma in cas.lives_verbs and any(c.dep_ == "dobj" and c.lemma_ in cas.lives_objects for c in children):
                return "killed"  # "20 people lost their lives"
        if dep in ("nsubj", "dobj") and lemma in cas.copulas:
            for c in children:
                if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp", "advmod", "npadvmod") and (
                    found := cas.find((c.lower_, c.lemma_), "states") or cas.find((c.lower_, c.lemma_), "nouns")
                ):
                    return found  # "130 are missing", "left 10 dead", "took 50 people hostage"
                if c.dep_ == "prep" and c.lower_ == "among":
                    for pobj in c.children:
                        if found := cas.find((pobj.lower_, pobj.lemma_), "states") or cas.find(
                            (pobj.lower_, pobj.lemma_), "nouns"
                        ):
                            return found  # "nine were among the dead"
        if dep == "pobj" and verb.lower_ in ("to", "at", "from"):
            tallied = verb.head
            if tallied.dep_ == "prep" and tallied.head.i != tallied.i:
                tallied = tallied.head  # "rose from 59 to 100": "to" hangs on "from"
            if tallied.lemma_ in cas.tally_verbs:
                return self._tally(tallied, anchor)  # "rose to 100", "put the toll at 148"
        if dep == "pobj" and verb.lower_ == "of" and verb.head.lemma_ in ("toll", "tally", "number", "figure", "count"):
            return self._cues(verb.head, anchor) or "other"  # "a death toll of 100"
        if (
            dep == "pobj"
            and verb.lower_ == "of"
            and (found := cas.find((verb.head.lower_, verb.head.lemma_), "of_nouns"))
        ):
            return found  # "the bodies of 17 policemen", "the abduction of 80 pupils"
        if dep in ("dobj", "attr") and lemma in self.tally_or_copula:
            return self._tally(verb, anchor)  # "the toll reached 100", "the toll was 84"
        return "other"

    def _resultative(self, children: list[Token]) -> Category | None:
        """The state a verb leaves its object in: "dead" ("shot dead"), "to death" ("beaten to death")."""
        cas = self.casualties
        for c in children:
            if c.dep_ in ("acomp", "oprd", "advmod", "advcl", "xcomp", "ccomp") and (
                found := cas.find((c.lower_, c.lemma_), "states")
            ):
                return found
            if c.dep_ == "prep" and c.lower_ == "to":
                for pobj in c.children:
                    if pobj.dep_ == "pobj" and (found := cas.find((pobj.lower_, pobj.lemma_), "nouns")):
                        return found
        return None

    def _next_verb(self, anchor: Token) -> Category | None:
        """The category from the words right after the counted ("26 hostages were killed"), parse or not."""
        doc = anchor.doc
        if anchor.dep_ == "pobj" and anchor.head.lower_ != "of" and anchor.head.head.pos_ in COUNTED_POS:
            return None  # "106 protesters in 21 cities have been killed": the verb is the protesters'
        for j in range(anchor.i + 1, min(anchor.i + 1 + MAX_GLUE, len(doc))):
            tok = doc[j]
            if tok.lower_ in self.casualties.glue:
                continue
            if tok.tag_ == "VBN":
                return self.casualties.find((tok.lemma_,), "transitive") or self._state(tok)
            if tok.tag_ == "VBD":
                return self.casualties.find((tok.lemma_,), "intransitive")
            return None
        return None

    def _tally(self, verb: Token, anchor: Token) -> Category:
        """The category of a tally from the cues in its verb's subject or object ("death toll")."""
        for _ in range(MAX_CONJ_HOPS + 1):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i != anchor.i:
                    found = self._cues(child, anchor)
                    if found is not None:
                        return found
            if verb.dep_ != "conj":
                break
            verb = verb.head  # "the toll stood at 59, reached 100 and ..."
        return "other"

    def _cues(self, phrase: Token, anchor: Token) -> Category | None:
        words: list[str] = []
        for i, tok in enumerate(phrase.subtree):
            if i >= CUE_WINDOW:
                break
            if tok.i != anchor.i:
                words.extend((tok.lower_, tok.lemma_))
        return self.casualties.find(words, "cues")


def _lemma(noun: Token) -> str:
    """ "soldiers" -> "soldier"; spaCy leaves plural proper nouns alone, so "Afghans" -> "Afghan"."""
    if noun.pos_ != "PROPN":
        return noun.lemma_.lower()
    if noun.tag_ == "NNPS" and noun.lemma_.endswith("s") and noun.lemma_ == noun.text:
        return noun.lemma_[:-1]
    return noun.lemma_


def _digits(tok: Token) -> float | None:
    """The value of a figure written in digits ("1,081", "5.2"), or None."""
    text = tok.text
    if not text[:1].isdigit() or not tok.like_num:
        return None
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None  # "1/2", "10-12"


def _figure_matcher(vocab: Vocab) -> Matcher:
    """Tokens spaCy marks ``like_num`` (figures and number words): one flag test, run in C."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    matcher.add("FIGURE", [[{"LIKE_NUM": True}]])
    return matcher


def _word_matcher(vocab: Vocab, numbers: NumberLexicon) -> PhraseMatcher:
    """Vague words and the scale words ``like_num`` misses ("dozen", "lakh"), on lower-case text."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("VAGUE", [Doc(vocab, words=list(words)) for words in numbers.vague])
    matcher.add("SCALE", [Doc(vocab, words=[w]) for w in numbers.scales])
    return matcher


# --- the component -------------------------------------------------------------------------------


class QuantitiesComponent:
    """Finds the figures (``QuantityFinder``) and writes them: ``doc._.ww_quantities``, ``span._.ww_quantity``."""

    def __init__(self, nlp: Language, name: str) -> None:
        from . import register_extensions

        register_extensions()
        register_span_extension()
        self.name = name
        self.finder = QuantityFinder(nlp.vocab, load_numbers(), load_casualties())

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for start, end, value in self.finder.find(doc):
            span = doc[start:end]
            span._.set(SPAN_EXTENSION, value)
            spans.append(span)
        doc._.ww_quantities = spans
        return doc


@Language.factory("wirewatch_quantities")
def make_quantities(nlp: Language, name: str) -> QuantitiesComponent:
    """The quantities component."""
    return QuantitiesComponent(nlp, name)
