"""The ``wirewatch_actors`` component: the organisations and states an article names, tied to the
actor knowledge base (``wirewatch/data/actors``), with the reason for every tie in ``how``.

Writes ``doc._.ww_actors``: a list of Spans, each with ``span._.ww_actor`` an ``ActorMatch``. Finding
(``ActorResolver.find``) and writing (``set_annotations``) are kept apart, as in spaCy's SpanRuler.

Resolution, longest span first, each step only on text no earlier step took:

1. alias: PhraseMatchers built once from the knowledge base (LOWER for aliases, ORTH for
   ``case_sensitive`` ones), with the spellings ``kb.surface_variants`` gives. An ambiguous alias takes
   the record the article's context supports (a country word just before it, the same actor or its
   family named elsewhere, the article's countries, the publication year), else its ``default``.
   Country and capital names ("Pakistan", "Kabul") are actors only as agents (``agent_role``).
2. acronym: "Islamic State Khorasan Province (ISKP)" binds ISKP to what the long form resolves to (or
   to a new organisation), for this article; every bare ISKP after it then has method "acronym".
3. fuzzy: misspelt names in ORG/NORP/GPE entities and in noun phrases (runs of nouns, proper nouns and
   adjectives read from the tags, cheaper than ``Doc.noun_chunks``) holding a capital, by rapidfuzz
   token_sort_ratio against every alias and the descriptors of ``data/lexicons/actors_context.yaml``
   ("the Baloch miliatnt" -> "Baloch militants"), with an LRU cache; a misspelt long name replaces the
   shorter names inside it ("Taleban" in "Tehreek-e-Taleban Pakistan").
4. context: generic words ("the militants", "the group") stay unresolved (actor_id None); unnamed
   "security forces" resolve to the military of the article's dominant country, as ACLED codes them.
5. new: spaCy ORG entities that match nothing become ``new:<slug>`` actors, typed by the words of the
   name or of the phrase that describes it (``data/lexicons/actors_types.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import ADJ, ADP, CCONJ, DET, NOUN, NUM, PART, PRON, PROPN, PUNCT, SPACE, SYM, X
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .kb import Actor, ActorKB, Alias, load_kb, normalise, read_lexicon, surface_variants
from .places import country_of_people, pipeline_gazetteer
from .records import ActorMethod

if TYPE_CHECKING:
    from ..geo import Gazetteer

__all__ = [
    "ActorMatch",
    "ActorResolver",
    "ArticleContext",
    "agent_role",
    "article_context",
    "article_year",
    "register_span_extension",
    "set_annotations",
]

FUZZY_CUTOFF = 88.0
"""Least rapidfuzz token_sort_ratio (0-100) for a misspelt name. Calibrated on the seed article and
the demo corpus: one or two typos in a name of 12+ characters score 90-97 ("Baloch miliatnt" 90.3 to
"Baloch militants", "Tehreek-e-Taleban Pakistan" 96.2, "Islamic State Khurasan" 95.5), while sibling
names that differ by a word score 85 or less ("Baloch Republican Army"/"... Guard" 84.4, "Baloch
miliatnt" to "Baloch Liberation Front" 63)."""
FUZZY_WORD_CUTOFF = 70.0
"""Every word of the span must be this close (fuzz.ratio) to a word of the alias and back, so one long
shared word cannot carry a different name ("Tehreek-e-Labbaik" is not "Tehreek-e-Taliban": 43)."""
FUZZY_MIN_CHARS = 8
"""Shorter spans are acronyms or single words, where one edit is a different name (BRA/BLA, IMU/IMF)."""
FUZZY_MAX_WORDS = 6
"""Longer noun chunks are descriptions, not names; the longest alias spelled out has 6 words."""
FUZZY_CACHE_SIZE = 8192
"""Distinct candidate strings remembered per process: ~40 per article, so a few hundred articles."""
CONTEXT_SCORE = 0.5
"""Score of "security forces" resolved from the article's country: a convention, not a measurement."""
DESCRIPTOR_SCORE = 0.7
"""Score of a descriptor ("Baloch militants" -> BLA): a family name resolved to its main group."""
NATION_SCORE = 0.9
"""Score of a nation's forces named by its people or country ("Iranian security forces")."""
NATION_FORCES = re.compile(
    r"^(?:the\s+)?(?P<people>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+(?P<body>Army|Armed Forces|Military|Navy|Air Force|"
    r"Police|Police Force|National Police|Defen[cs]e Forces|Security Forces|National Guard)$"
)
"""An organisation named as a nation's forces ("Mexican Army", "Kenya Defence Forces", "the Nigerian Police")."""
DOMINANT_MIN = 2
"""Mentions a country needs to be the article's country: one passing "Qatar" does not make a story Qatari."""
DOMINANT_SHARE = 0.35
"""Share of country evidence the leading country needs. Pakistani stories about Afghanistan run
~55/40 (seed article: Pakistan 0.52, Afghanistan 0.43); a two-country story at 50/50 has no
dominant country."""
ACRONYM_MAX = 10
"""Longest acronym defined in parentheses ("ISIS-KP" 7, "FARC-EP" 7)."""
_ACRONYM = re.compile(rf"[A-Z][A-Za-z0-9&-]{{1,{ACRONYM_MAX - 1}}}")
_OPEN, _CLOSE = get_string_id("("), get_string_id(")")
_SUBJECT_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
_TRIM_START = frozenset({DET, PRON, NUM, PUNCT, ADP, CCONJ, SPACE, SYM})
_TRIM_END = frozenset({PUNCT, PART, SPACE, SYM, CCONJ, ADP})
_TRIM_DEPS = frozenset({get_string_id("poss"), get_string_id("case")})
_POSSESSIVE = frozenset({get_string_id("'s"), get_string_id("’s")})
_NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT"})
_OTHER_LABELS = frozenset({"GPE", "LOC", "FAC", "PERSON"})
FACILITY = "facility"
"""Pseudo-type of head words that name a place or thing (actors_types.yaml ``facilities``)."""
_NOT_NAMES = frozenset(
    get_string_id(label) for label in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
)
_COLUMNS: list[int | str] = ["POS", "DEP", "LOWER", "ENT_IOB", "ENT_TYPE", "IS_TITLE", "IS_UPPER", "ORTH"]
_PHRASE_POS = frozenset({PROPN, NOUN, ADJ, X})
_OF = get_string_id("of")
_PHRASE_JOINERS = frozenset(get_string_id(w) for w in ("-", "e", "i", "ul", "al", "of", "&"))


@dataclass(frozen=True)
class ActorMatch:
    """What a span of text was resolved to: the fields of ``records.ActorMention`` but text and offsets."""

    actor_id: str | None
    """A knowledge base id, ``new:<slug>`` for an organisation not in it, None when unresolved."""
    name: str | None
    type: str | None
    method: ActorMethod
    score: float = 1.0
    how: str = ""


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article says that decides an ambiguous name."""

    countries: Mapping[str, int]
    """Country -> mentions (country names, demonyms, capitals, actors of that country)."""
    mentioned: Mapping[str, int]
    """Actor id -> unambiguous mentions."""
    year: int | None = None

    @property
    def dominant(self) -> str | None:
        """The article's country, when one clearly leads (see DOMINANT_MIN, DOMINANT_SHARE)."""
        ranked = Counter(self.countries).most_common(2)
        if not ranked:
            return None
        country, count = ranked[0]
        total = sum(self.countries.values())
        if count < DOMINANT_MIN or count < DOMINANT_SHARE * total:
            return None
        if len(ranked) > 1 and ranked[1][1] == count:
            return None
        return country


def register_span_extension() -> None:
    """``span._.ww_actor`` (idempotent)."""
    if not Span.has_extension("ww_actor"):
        Span.set_extension("ww_actor", default=None)


def article_year(doc: Doc) -> int | None:
    """The publication year from ``doc._.ww_context``, when set."""
    context = doc._.ww_context if Doc.has_extension("ww_context") else None
    published = getattr(context, "published", None)
    if published and published[:4].isdigit():
        return int(published[:4])
    return None


def article_context(
    doc: Doc,
    kb: ActorKB,
    resolved: Iterable[tuple[int, int, str | None]],
    *,
    demonyms: Mapping[str, str],
    ents: Iterable[Span] | None = None,
) -> ArticleContext:
    """Countries and actors the article names: place and demonym entities, plus resolved actors."""
    countries: Counter[str] = Counter()
    counted: set[int] = set()
    for ent in doc.ents if ents is None else ents:
        if ent.label_ in ("GPE", "NORP", "LOC"):
            country = _country_of(kb, demonyms, _strip_possessive(ent.text))
            if country:
                countries[country] += 1
                counted.update(range(ent.start, ent.end))
    mentioned: Counter[str] = Counter()
    for start, end, actor_id in resolved:
        actor = kb.get(actor_id) if actor_id else None
        if actor is None:
            continue
        mentioned[actor.id] += 1
        if actor.country and not counted.intersection(range(start, end)):
            countries[actor.country] += 1
    return ArticleContext(countries=dict(countries), mentioned=dict(mentioned), year=article_year(doc))


def _strip_possessive(text: str) -> str:
    return re.sub(r"['’]s?$", "", text.strip())


def _country_of(kb: ActorKB, demonyms: Mapping[str, str], text: str) -> str | None:
    return kb.country_of(text) or demonyms.get(normalise(text))


def agent_role(span: Span, party_verbs: frozenset[str]) -> str | None:
    """Why ``span`` is an agent ("subject of 'accused'"), or None when it is a place or a topic.

    A country or capital stands for its government as the subject of a verb other than "be", as the
    agent of a passive, as the object of a verb that takes a party ("urged Kabul"), or conjoined with
    one of those. A parse that misses a line-initial subject ("Islamabad has repeatedly urged ..."
    attached to the previous line) is caught by the next token being a finite verb.
    """
    root = span.root
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    dep, head = first.dep_, first.head
    if dep == "nsubj" and head.lemma_ != "be":
        return f"subject of '{head.text}'"
    if dep == "pobj" and head.dep_ == "agent":
        return f"agent of '{head.head.text}'"
    if dep == "dobj" and head.lemma_ in party_verbs:
        return f"object of '{head.text}'"
    doc = span.doc
    if span.end < len(doc):
        after = doc[span.end]
        line_start = span.start == 0 or "\n" in doc[span.start - 1].text or span[0].is_sent_start
        if line_start and after.tag_ in _SUBJECT_TAGS and after.lemma_ != "be":
            return f"subject of '{after.text}' (line start)"
    return None


def set_annotations(doc: Doc, found: Iterable[tuple[int, int, ActorMatch]]) -> None:
    """Write ``doc._.ww_actors`` (Spans in text order) and each span's ``span._.ww_actor``."""
    spans: list[Span] = []
    for start, end, match in sorted(found, key=lambda item: (item[0], item[1])):
        span = Span(doc, start, end, label=match.method)
        span._.ww_actor = match
        spans.append(span)
    doc._.ww_actors = spans


class PipeTokenizer(Protocol):
    """What the components use of ``nlp.tokenizer`` (spaCy types it as a plain ``Callable[[str], Doc]``)."""

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]: ...


def pipe_tokenizer(nlp: Language) -> PipeTokenizer:
    """``nlp.tokenizer``, typed with its ``pipe`` method (spaCy's Tokenizer has one)."""
    return cast(PipeTokenizer, nlp.tokenizer)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "unnamed"


class _Found:
    """Mentions found so far in one doc, with the tokens they cover, and the doc's entities and token
    attributes read once (``Doc.ents`` and ``doc[i]`` build new Python objects on every call)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.items: dict[tuple[int, int], ActorMatch] = {}
        self.taken = bytearray(len(doc))
        columns = doc.to_array(_COLUMNS).T.tolist() if len(doc) else [[] for _ in _COLUMNS]
        self.pos, self.dep, self.lower, iob, ent_type, self.capital, self.upper, self.orth = columns
        self.ent_type = ent_type
        self.ents: list[Span] = []
        start = -1
        for i, tag in enumerate(iob):  # Doc.ents, without building a Token for every token
            if start >= 0 and tag != 1:
                self.ents.append(Span(doc, start, i, label=ent_type[start]))
                start = -1
            if tag == 3:
                start = i
        if start >= 0:
            self.ents.append(Span(doc, start, len(doc), label=ent_type[start]))

    def phrases(self) -> Iterable[tuple[int, int]]:
        """Runs of nouns, proper nouns and adjectives (with the hyphens and particles of transliterated
        names) that hold a capitalised word: the noun phrases that may be names. Read from part-of-speech
        tags, which is cheaper than ``Doc.noun_chunks`` walking the parse."""
        pos, lower, capital = self.pos, self.lower, self.capital
        n = len(pos)
        i = 0
        while i < n:
            if pos[i] not in _PHRASE_POS:
                i += 1
                continue
            j = i
            has_capital = False
            while j < n and (
                pos[j] in _PHRASE_POS or (lower[j] in _PHRASE_JOINERS and j + 1 < n and pos[j + 1] in _PHRASE_POS)
            ):
                has_capital = has_capital or bool(capital[j])
                j += 1
            if has_capital:
                yield i, j
                for k in range(i + 1, j - 1):  # "Fighters of Tehrik Taleban Pakistan": each side of "of" too
                    if lower[k] == _OF:
                        yield i, k
                        yield k + 1, j
            i = j

    def trim(self, start: int, end: int) -> Span | None:
        """``doc[start:end]`` without leading determiners, possessors and numbers or trailing
        punctuation and "'s"; None when nothing is left."""
        pos, dep, lower = self.pos, self.dep, self.lower
        while start < end and (pos[start] in _TRIM_START or dep[start] in _TRIM_DEPS):
            start += 1
        while end > start and (pos[end - 1] in _TRIM_END or lower[end - 1] in _POSSESSIVE):
            end -= 1
        return self.doc[start:end] if end > start else None

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, match: ActorMatch) -> None:
        self.items[(start, end)] = match
        self.taken[start:end] = b"\x01" * (end - start)

    def replace(self, start: int, end: int, match: ActorMatch) -> None:
        self.items[(start, end)] = match

    def inside(self, start: int, end: int) -> list[tuple[int, int]] | None:
        """Mentions lying wholly inside ``start:end``, or None when one crosses its edge."""
        keys = [key for key in self.items if key[0] < end and start < key[1]]
        if any(key[0] < start or key[1] > end for key in keys):
            return None
        return keys

    def remove(self, key: tuple[int, int]) -> None:
        del self.items[key]
        self.taken[key[0] : key[1]] = bytes(key[1] - key[0])

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        return next((key for key in self.items if key[0] <= start and end <= key[1]), None)


@dataclass(frozen=True)
class _Descriptor:
    text: str
    actor_id: str
    note: str


class ActorResolver:
    """The component: finds actor mentions in a Doc and writes them (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "wirewatch_actors", *, fuzzy_cutoff: float = FUZZY_CUTOFF) -> None:
        self.name = name
        self.kb = kb = load_kb()
        self.fuzzy_cutoff = fuzzy_cutoff
        self.nlp = nlp
        self._gazetteer: Gazetteer | None = None
        context = read_lexicon("actors_context")
        types = read_lexicon("actors_types")
        roles = read_lexicon("people_roles")

        self.ignored = {
            (normalise(item.string("text")), item.string("actor")) for item in context.records("ignored_aliases")
        }
        self.demonyms = {normalise(k): v for k, v in context.string_map("demonyms").items()}
        self.party_verbs = frozenset(context.strings("party_object_verbs"))
        self.descriptors = {
            normalise(item.string("text")): _Descriptor(
                item.string("text"), item.string("actor"), " ".join(str(item.value("note", "")).split())
            )
            for item in context.records("descriptors")
        }
        self.context_words = {normalise(w) for w in context.strings("context_words")}
        self.forces = {
            normalise(w): kind for kind, words in context.string_lists("state_forces").items() for w in words
        }
        self.force_bodies = context.string_map("state_force_bodies")
        self.force_names = {kind: re.compile(f"^{re.escape(body)} ") for kind, body in self.force_bodies.items()}
        self.role_words = {
            normalise(spelling) for role in roles.records("roles") for spelling in role.strings("spellings")
        } | {normalise(t) for t in roles.strings("titles")}
        self.role_heads = {w for w in self.role_words if " " not in w and w.islower()}
        self.militant_cues = [normalise(w) for w in types.strings("militant_cues")]
        self.head_words = [
            (normalise(w), kind) for kind, words in types.string_lists("head_words").items() for w in words
        ]
        self.head_words += [(normalise(w), FACILITY) for w in types.strings("facilities")]
        self.ambiguous_heads = frozenset(normalise(w) for w in types.strings("ambiguous_militant_heads"))
        self.armed_words = frozenset(types.strings("armed_words"))

        lower: set[str] = set()
        orth: set[str] = set()
        for alias in kb.aliases():
            if (normalise(alias.text), alias.actor_id) in self.ignored:
                continue
            (orth if alias.case_sensitive else lower).update(surface_variants(alias.text))
        tokenizer = pipe_tokenizer(nlp)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower.add("ALIAS", list(tokenizer.pipe(sorted(lower))))
        self.orth.add("ALIAS", list(tokenizer.pipe(sorted(orth))))
        for key, texts in (
            ("DESCRIPTOR", [d.text for d in self.descriptors.values()]),
            ("CONTEXT", context.strings("context_words")),
            ("FORCES", [w for words in context.string_lists("state_forces").values() for w in words]),
        ):
            variants = sorted({v for text in texts for v in surface_variants(text)})
            self.lower.add(key, list(tokenizer.pipe(variants)))

        # Fuzzy choices: every case-insensitive alias and descriptor long enough to misspell, words sorted
        # once here so that fuzz.ratio on them is token_sort_ratio without re-sorting per call.
        choices: dict[str, str] = {}
        for key, entries in kb.index.items():
            usable = [
                a for a in entries if not a.case_sensitive and not a.place and (key, a.actor_id) not in self.ignored
            ]
            if usable and len(key) >= FUZZY_MIN_CHARS:
                choices.setdefault(_sorted_words(key), key)
        for key in self.descriptors:
            choices.setdefault(_sorted_words(key), key)
        self._choice_keys = list(choices.values())
        self._choice_sorted = list(choices.keys())
        self.fuzzy: Callable[[str], tuple[str, float] | None] = lru_cache(maxsize=FUZZY_CACHE_SIZE)(self._fuzzy)

    # -- the component --------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[tuple[int, int, ActorMatch]]:
        """Every actor mention in ``doc`` as (start token, end token, match), not yet written."""
        found = _Found(doc)
        exact = self._exact_spans(doc)
        names = [ent for ent in found.ents if ent.label_ in _NAME_LABELS]
        deferred: list[tuple[Span, tuple[Alias, ...]]] = []
        forces: list[Span] = []
        for span in exact:
            label = span.label_
            if (
                label in ("CONTEXT", "FORCES")
                and _inside_longer(span, names)
                and (label == "CONTEXT" or not self._nation_named(found, span, names))
            ):
                continue
            if label == "CONTEXT":
                found.add(span.start, span.end, self._unresolved(span, f"context word '{span.text}': left unresolved"))
            elif label == "FORCES":
                forces.append(span)
            elif label == "DESCRIPTOR":
                d = self.descriptors[normalise(span.text)]
                found.add(
                    span.start,
                    span.end,
                    self._descriptor_match(d, "context", DESCRIPTOR_SCORE, f"descriptor '{d.text}'"),
                )
            else:
                entries = self._entries(span.text)
                if len(entries) == 1 and not entries[0].ambiguous:
                    found.add(span.start, span.end, self._alias_match(entries[0], span.text))
                elif entries:
                    deferred.append((span, entries))

        context = article_context(
            doc,
            self.kb,
            ((s, e, m.actor_id) for (s, e), m in found.items.items()),
            demonyms=self.demonyms,
            ents=found.ents,
        )
        for span, entries in deferred:
            match = self._resolve_ambiguous(span, entries, context, found.ents)
            if match is not None:
                found.add(span.start, span.end, match)

        dominant = context.dominant
        for span in forces:
            if not found.free(span.start, span.end):
                continue
            kind = self.forces[normalise(span.text)]
            nation = self._nation_before(found, span.start)
            if nation is not None and kind in self.force_bodies:
                start, country = nation
                for key in found.inside(start, span.end) or ():
                    found.remove(key)
                if found.free(start, span.end):
                    found.add(start, span.end, self._state_forces(doc[start : span.end].text, country, kind, context))
                    continue
            body = None
            if dominant and kind in self.force_bodies:
                body = self.kb.find(country=dominant, name=self.force_names[kind], year=context.year)
            if body is None:
                found.add(
                    span.start,
                    span.end,
                    self._unresolved(span, f"'{span.text}' with no clear country: left unresolved"),
                )
            else:
                how = f"'{span.text}' in a {dominant} article -> {body.name}"
                how += " (ACLED codes unnamed state forces by country)"
                found.add(
                    span.start, span.end, ActorMatch(body.id, body.name, body.type, "context", CONTEXT_SCORE, how)
                )
        self._acronyms(doc, found, context)
        self._fuzzy_spans(doc, found, context)
        self._new_organisations(doc, found, context)
        return [(s, e, m) for (s, e), m in found.items.items() if not self._modifies_actor(found, s, m)]

    # -- 1b. a nation's forces ------------------------------------------------------------------------

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = pipeline_gazetteer(self.nlp)
        return self._gazetteer

    def _people_country(self, text: str) -> str | None:
        """The country a people or country name stands for ("Iranian", "South Korean", "Kenya")."""
        return _country_of(self.kb, self.demonyms, text) or country_of_people(self.gazetteer, text)

    def _nation_before(self, found: _Found, start: int) -> tuple[int, str] | None:
        """(first token, country) of a people or country named right before token ``start`` ("Iranian" in
        "Iranian security forces", "South Korean" in "South Korean police", "Kenya's" in "Kenya's army")."""
        end = start
        if end > 0 and found.lower[end - 1] in _POSSESSIVE:
            end -= 1
        for width in (2, 1):
            first = end - width
            if first < 0 or not found.capital[first] or found.pos[first] not in _PHRASE_POS:
                continue
            country = self._people_country(found.doc[first:end].text)
            if country:
                return first, country
        return None

    def _nation_named(self, found: _Found, span: Span, names: list[Span]) -> bool:
        """Whether the longer name ``span`` lies in is a nation's forces ("Mexican Army")."""
        nation = self._nation_before(found, span.start)
        return nation is not None and any(
            ent.start >= nation[0] - 1 and ent.end == span.end for ent in names if ent.start < span.end
        )

    def _state_forces(self, text: str, country: str, kind: str, context: ArticleContext) -> ActorMatch:
        """A nation's forces named by its people ("Iranian security forces"), named ACLED's way; a new
        actor of that name when the knowledge base has no record of them."""
        name = f"{self.force_bodies[kind]} {country}"
        how = f"'{text}': a nation's forces by its name -> {name}"
        body = self.kb.find(country=country, name=self.force_names[kind], year=context.year)
        if body is not None:
            return ActorMatch(body.id, body.name, body.type, "context", NATION_SCORE, how)
        return ActorMatch(f"new:{slugify(name)}", name, "military/police", "new", 1.0, how + " (new actor)")

    @staticmethod
    def _modifies_actor(found: _Found, start: int, match: ActorMatch) -> bool:
        """A generic word right after a resolved actor ("TTP militants") is that actor, already found."""
        if match.method != "context" or match.actor_id is not None or start == 0:
            return False
        key = found.covering(start - 1, start)
        return key is not None and found.items[key].actor_id is not None

    # -- 1. aliases -------------------------------------------------------------------------------

    def _exact_spans(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        strings = doc.vocab.strings
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=strings[match_id])
                if span.label_ != "ALIAS" or self._plausible(span):
                    spans.append(span)
        return filter_spans(spans)

    def _entries(self, text: str) -> tuple[Alias, ...]:
        key = normalise(text)
        return tuple(a for a in self.kb.lookup(text) if (key, a.actor_id) not in self.ignored)

    def _plausible(self, span: Span) -> bool:
        """An alias match that is a name, not an English word: a one-word alias with capitals
        ("Levies", "Amnesty", "Rangers") is not matched in lower case ("levies", "an amnesty")."""
        entries = self._entries(span.text)
        if not entries:
            return False
        capitals = any(not c.islower() for c in entries[0].text if c.isalpha())
        return not (len(span) == 1 and span.text.islower() and capitals)

    def _alias_match(self, alias: Alias, text: str, *, why: str = "", method: ActorMethod = "alias") -> ActorMatch:
        actor = self.kb[alias.actor_id]
        if alias.is_name:
            how = (
                f"name '{alias.text}'"
                if normalise(text) == normalise(alias.text)
                else f"name '{alias.text}' as '{text}'"
            )
        else:
            how = f"alias '{alias.text}' of {actor.name}"
            if normalise(text) != normalise(alias.text) or (
                not alias.case_sensitive and text != alias.text and text.lower() != alias.text.lower()
            ):
                how += f" (written '{text}')"
        if alias.used_by:
            how += f", used by {alias.used_by}"
        if why:
            how += f"; {why}"
        return ActorMatch(actor.id, actor.name, actor.type, method, 1.0, how)

    def _resolve_ambiguous(
        self, span: Span, entries: tuple[Alias, ...], context: ArticleContext, ents: Sequence[Span]
    ) -> ActorMatch | None:
        if all(a.place for a in entries):
            reason = None if _dateline(span) else agent_role(span, self.party_verbs)
            if reason is None:
                return None
            alias = entries[0]
            actor_id = self.kb.in_era(alias.actor_id, context.year)
            actor = self.kb[actor_id]
            why = f"place name as {reason}: the state acting"
            if actor_id != alias.actor_id:
                why += f" (in {context.year}: {actor.name})"
            match = self._alias_match(alias, span.text, why=why)
            return ActorMatch(actor.id, actor.name, actor.type, "alias", 1.0, match.how)
        chosen, why = self._choose(span, [a for a in entries if not a.place], context)
        if chosen is not None:
            return self._alias_match(chosen, span.text, why=why)
        if why and any(ent.label_ == "ORG" for ent in ents if ent.start <= span.start and span.end <= ent.end):
            return self._unresolved(span, why)
        return None

    def _left_cue(self, span: Span) -> tuple[str | None, bool]:
        """The country a word just before ``span`` names ("Iranian Foreign Ministry", "Iran's ..."), and
        whether ``span`` continues a longer capitalised name ("National Security Council")."""
        doc = span.doc
        if span.start == 0:
            return None, False
        prev = doc[span.start - 1]
        if prev.text in ("'s", "’s") and span.start >= 2:
            prev = doc[span.start - 2]
        country = _country_of(self.kb, self.demonyms, prev.text) if prev.is_alpha else None
        embedded = (
            country is None
            and prev.is_alpha
            and prev.is_title
            and not prev.is_sent_start
            and prev.i == span.start - 1
            and span[0].ent_iob_ == "I"
        )
        return country, embedded

    def _choose(self, span: Span, entries: Sequence[Alias], context: ArticleContext) -> tuple[Alias | None, str]:
        """The record an ambiguous alias names here, with the reason; (None, reason) when undecided."""
        if not entries:
            return None, ""
        text = span.text
        cue, embedded = self._left_cue(span)
        if embedded:
            return None, ""
        dominant = context.dominant
        scores: dict[int, float] = {}
        for i, alias in enumerate(entries):
            actor = self.kb[alias.actor_id]
            score = 0.0
            if cue:
                score += 4 if actor.country == cue else -4
            if context.mentioned.get(actor.id):
                score += 3
            elif any(
                context.mentioned.get(other) for other in (*self.kb.ancestors(actor.id), *self.kb.children(actor.id))
            ):
                score += 1
            if actor.country and actor.country == dominant:
                score += 2
            elif actor.country and context.countries.get(actor.country):
                score += 1
            if not actor.active_in(context.year):
                score -= 5
            scores[i] = score
        order = sorted(scores, key=lambda i: -scores[i])
        best = order[0]
        unique = len(order) == 1 or scores[order[1]] < scores[best]
        default = next((i for i, a in enumerate(entries) if a.default), None)
        names = ", ".join(self.kb[a.actor_id].name for a in entries)
        if cue and self.kb[entries[best].actor_id].country != cue:
            return None, f"ambiguous alias '{text}' ({names}): none is {cue}'s, left unresolved"
        if unique and scores[best] > 0 and (default is None or scores[best] > scores[default]):
            reason = "; ".join(self._reasons(self.kb[entries[best].actor_id], cue, context))
            return entries[best], f"ambiguous ({names}), context: {reason}"
        if default is not None and scores[default] > -4:
            others = [self.kb[a.actor_id].name for i, a in enumerate(entries) if i != default]
            why = "ambiguous, the default reading" + (f" (also {', '.join(others)})" if others else "")
            return entries[default], why
        return None, f"ambiguous alias '{text}' ({names}): context does not decide, left unresolved"

    def _reasons(self, actor: Actor, cue: str | None, context: ArticleContext) -> list[str]:
        out = []
        if cue:
            out.append(f"preceded by a {cue} word")
        if context.mentioned.get(actor.id):
            out.append("named elsewhere in the article")
        if actor.country and actor.country == context.dominant:
            out.append(f"a {actor.country} article")
        elif actor.country and context.countries.get(actor.country):
            out.append(f"{actor.country} named in the article")
        return out or ["family named in the article"]

    # -- 2. acronyms defined in the article --------------------------------------------------------

    def _acronyms(self, doc: Doc, found: _Found, context: ArticleContext) -> None:
        """Bind each "Long Form (ACR)" of the article, then tie every later ACR token to it."""
        orth = found.orth
        bindings: dict[int, tuple[ActorMatch, int]] = {}
        for paren in range(1, len(orth) - 2):
            if orth[paren] != _OPEN or orth[paren + 2] != _CLOSE or orth[paren + 1] in bindings:
                continue
            token = doc[paren + 1]
            acronym = token.text
            letters = [c for c in acronym if c.isalpha()]
            if not _ACRONYM.fullmatch(acronym) or sum(c.isupper() for c in letters) < max(2, len(letters) / 2):
                continue
            target = self._long_form(doc, paren, acronym, found, context)
            if target is None:
                continue
            match, long_text = target
            how = f"acronym defined at char {token.idx} for '{long_text}'"
            if match.actor_id:
                how += f" -> {match.name}"
            bindings[orth[paren + 1]] = (
                ActorMatch(match.actor_id, match.name, match.type, "acronym", 1.0, how),
                paren + 1,
            )
        for key, (bound, defined) in bindings.items():
            for i in range(defined, len(orth)):
                if orth[i] != key:
                    continue
                if (i, i + 1) in found.items:
                    found.replace(i, i + 1, bound)
                elif found.free(i, i + 1):
                    found.add(i, i + 1, bound)

    def _long_form(
        self, doc: Doc, paren: int, acronym: str, found: _Found, context: ArticleContext
    ) -> tuple[ActorMatch, str] | None:
        """What "Long Form (ACR)" defines ACR as: the mention ending at the parenthesis, else the
        Schwartz-Hearst long form resolved like any name, else a new organisation."""
        n_letters = sum(c.isalnum() for c in acronym)
        window_start = paren
        limit = max(0, paren - min(n_letters + 5, 2 * n_letters))
        while window_start > limit:
            prev = doc[window_start - 1]
            if (prev.is_punct and prev.text not in ("-", "&", "'", "’")) or prev.is_space or prev.is_sent_end:
                break
            window_start -= 1
        if window_start == paren:
            return None
        ending = next((key for key in found.items if key[1] == paren), None)
        if ending is not None:
            match = found.items[ending]
            if match.actor_id is not None:
                return match, doc[ending[0] : ending[1]].text
        window = doc[window_start:paren]
        start_char = _schwartz_hearst(acronym, window.text)
        if start_char is None:
            return None
        span = doc.char_span(window.start_char + start_char, window.end_char, alignment_mode="expand")
        if span is None or not found.free(span.start, span.end) or (not span[0].is_title and not span[0].is_upper):
            return None
        entries = self._entries(span.text)
        if entries:
            chosen, why = (
                self._choose(span, entries, context) if len(entries) > 1 or entries[0].ambiguous else (entries[0], "")
            )
            if chosen is None:
                return None
            match = self._alias_match(chosen, span.text, why=why)
        else:
            fuzzy = self.fuzzy(normalise(span.text))
            if fuzzy is not None:
                fuzzy_match = self._fuzzy_match(span, *fuzzy, context=context)
                if fuzzy_match is None:
                    return None
                match = fuzzy_match
            else:
                kind = self._classify(span.text)
                if kind is None and not any(t.ent_type_ == "ORG" for t in span):
                    return None
                match = self._new(span.text, kind, f"defined with acronym '{acronym}'")
        found.add(span.start, span.end, match)
        return match, span.text

    # -- 3. fuzzy ---------------------------------------------------------------------------------

    def _fuzzy_spans(self, doc: Doc, found: _Found, context: ArticleContext) -> None:
        bounds = [
            (e.start, e.end) for e in found.ents if e.label_ in ("ORG", "NORP") or (e.label_ == "GPE" and len(e) > 1)
        ]
        bounds.extend(found.phrases())
        seen: set[tuple[int, int]] = set()
        for start, end in bounds:
            span = found.trim(start, end)
            if span is None or (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            inner = found.inside(span.start, span.end)
            if inner is None or (span.start, span.end) in inner:
                continue
            if any(found.ent_type[i] in _NOT_NAMES for i in range(span.start, span.end)):
                continue
            query = normalise(span.text)
            if len(query) < FUZZY_MIN_CHARS or query.count(" ") >= FUZZY_MAX_WORDS:
                continue
            if (
                _country_of(self.kb, self.demonyms, span.text)
                or query in self.role_words
                or query.rsplit(" ", 1)[-1] in self.role_heads
            ):
                continue
            result = self.fuzzy(query)
            if result is None or self._nations(query) != self._nations(result[0]):
                continue  # "Iranian security forces" is not a misspelling of "Indian security forces"
            match = self._fuzzy_match(span, *result, context=context)
            if match is not None:
                # a misspelt long name wins over the shorter names inside it ("Taleban" in "Tehreek-e-Taleban Pakistan")
                for key in inner:
                    found.remove(key)
                found.add(span.start, span.end, match)

    def _nations(self, key: str) -> set[str]:
        """Countries the words of a normalised name stand for."""
        return {country for word in key.split() if (country := _country_of(self.kb, self.demonyms, word))}

    def _fuzzy(self, query: str) -> tuple[str, float] | None:
        """The alias or descriptor key closest to ``query`` (normalised), with its score, or None."""
        if query in self.descriptors or query in self.kb.index:
            return query, 100.0
        from rapidfuzz import fuzz, process

        result = process.extractOne(
            _sorted_words(query), self._choice_sorted, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff
        )
        if result is None:
            return None
        _, score, index = result
        key = self._choice_keys[index]
        q_words, k_words = query.split(), key.split()
        close = all(max(fuzz.ratio(a, b) for b in k_words) >= FUZZY_WORD_CUTOFF for a in q_words) and all(
            max(fuzz.ratio(b, a) for a in q_words) >= FUZZY_WORD_CUTOFF for b in k_words
        )
        return (key, float(score)) if close else None

    def _fuzzy_match(self, span: Span, key: str, score: float, *, context: ArticleContext) -> ActorMatch | None:
        exact = score >= 100.0
        if key in self.descriptors:
            d = self.descriptors[key]
            if exact:
                return self._descriptor_match(d, "context", DESCRIPTOR_SCORE, f"descriptor '{d.text}'")
            return self._descriptor_match(d, "fuzzy", score / 100, f"fuzzy {score / 100:.2f} to descriptor '{d.text}'")
        entries = tuple(a for a in self.kb.index.get(key, ()) if not a.case_sensitive and not a.place)
        if not entries:
            return None
        chosen: Alias | None
        if len(entries) == 1 and not entries[0].ambiguous:
            chosen, why = entries[0], ""
        else:
            chosen, why = self._choose(span, list(entries), context)
            if chosen is None:
                return None
        actor = self.kb[chosen.actor_id]
        if exact:
            return self._alias_match(chosen, span.text, why=why)
        label = "name" if chosen.is_name else "alias"
        how = f"fuzzy {score / 100:.2f} to {label} '{chosen.text}' of {actor.name}"
        if chosen.used_by:
            how += f", used by {chosen.used_by}"
        if why:
            how += f"; {why}"
        return ActorMatch(actor.id, actor.name, actor.type, "fuzzy", round(score / 100, 3), how)

    def _descriptor_match(self, d: _Descriptor, method: ActorMethod, score: float, lead: str) -> ActorMatch:
        actor = self.kb[d.actor_id]
        how = f"{lead} -> {actor.name}" + (f" ({d.note})" if d.note else "")
        return ActorMatch(actor.id, actor.name, actor.type, method, round(score, 3), how)

    # -- 4/5. context words and new organisations ---------------------------------------------------

    def _unresolved(self, span: Span, how: str) -> ActorMatch:
        return ActorMatch(None, None, None, "context", 0.0, how)

    def _new_organisations(self, doc: Doc, found: _Found, context: ArticleContext) -> None:
        """ORG entities that matched nothing: a new actor when the name has a type word, describes itself
        ("Mahaz, an ... platform"), is a dateline credit ("(Frontier Dispatch) -") or acts (subject)."""
        candidates = []
        for ent in found.ents:
            if ent.label_ == "ORG":
                span = found.trim(ent.start, ent.end)
                if span is not None and found.free(span.start, span.end) and not _dateline(span):
                    candidates.append(span)
        if not candidates:
            return
        orgs = Counter(normalise(ent.text) for ent in candidates)
        others = Counter(normalise(_strip_possessive(ent.text)) for ent in found.ents if ent.label_ in _OTHER_LABELS)
        for span in candidates:
            if not found.free(span.start, span.end):
                continue
            words = [t for t in span if t.is_alpha]
            if not words or all(t.is_lower for t in words) or len(span) > 8 or not any(len(t) > 1 for t in words):
                continue
            key = normalise(span.text)
            if others[key] >= orgs[key] or key in self.context_words or self._is_role(key):
                continue
            if _country_of(self.kb, self.demonyms, span.text):
                continue
            forces = NATION_FORCES.match(span.text)
            country = self._people_country(forces["people"]) if forces else None
            if forces and country:
                kind_of_force = "police" if "Police" in forces["body"] else "military"
                found.add(span.start, span.end, self._state_forces(span.text, country, kind_of_force, context))
                continue
            kind = self._classify(span.text)
            agent = agent_role(span, self.party_verbs)
            if kind is not None and kind[0] == FACILITY:
                if agent is None:
                    continue
                kind = ("other", kind[1])
            kind = kind or self._describing_type(span)
            if (
                kind is not None
                and kind[0] == "militant group"
                and kind[1] in self.ambiguous_heads
                and not any(t.lemma_.lower() in self.armed_words for t in doc)
            ):
                kind = ("other", f"{kind[1]} (no armed violence in the article)")
            source = "ORG entity"
            if kind is None and _credit(span):
                kind, source = ("media", "dateline credit"), "ORG entity in a dateline"
            if kind is None and agent is None:
                continue
            if kind is None and len(words) == 1 and not words[0].is_upper:
                continue  # one capitalised word that acts: as often a person the model took for an ORG
            found.add(
                span.start, span.end, self._new(span.text, kind, source if agent is None else f"{source}, {agent}")
            )

    def _is_role(self, key: str) -> bool:
        """Whether a name is, or ends with, a role title ("PM", "Additional Inspector General")."""
        words = key.split()
        return any(" ".join(words[i:]) in self.role_words for i in range(len(words)))

    def _new(self, text: str, kind: tuple[str, str] | None, source: str) -> ActorMatch:
        name = re.sub(r"^(?:the|The)\s+", "", " ".join(text.split()))
        if kind is None:
            how = f"new organisation ({source}; no type word -> other)"
            actor_type = "other"
        else:
            actor_type, word = kind
            how = f"new organisation ({source}; '{word}' -> {actor_type})"
            if word == "dateline credit":
                how = f"new organisation ({source} -> media)"
        return ActorMatch(f"new:{slugify(name)}", name, actor_type, "new", 1.0, how)

    def _classify(self, text: str) -> tuple[str, str] | None:
        """(type, the word that decided it) from an organisation's name, or None."""
        padded = f" {normalise(text)} "
        for cue in self.militant_cues:
            if f" {cue} " in padded:
                return "militant group", cue
        best: tuple[int, int, str, str] | None = None
        for word, kind in self.head_words:
            at = padded.rfind(f" {word} ")
            if at >= 0:
                end = at + len(word)
                if best is None or (end, len(word)) > (best[0], best[1]):
                    best = (end, len(word), kind, word)
        return (best[2], best[3]) if best else None

    def _describing_type(self, span: Span) -> tuple[str, str] | None:
        """The type a describing noun gives: an apposition ("Mahaz, an ... platform"), or the noun the
        name modifies ("the Mahaz platform") or is in apposition to ("the platform Mahaz")."""
        root = span.root
        nouns = [child for child in root.children if child.dep_ == "appos"]
        if root.dep_ in ("compound", "appos") and root.head.pos_ in ("NOUN", "PROPN"):
            nouns.append(root.head)
        for noun in nouns:
            phrase = [t.text for t in noun.lefts if t.dep_ in ("compound", "amod") and t.i >= span.end]
            kind = self._classify(" ".join([*phrase, noun.text]))
            if kind is not None and kind[0] != FACILITY:
                return kind
        return None


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _inside_longer(span: Span, names: list[Span]) -> bool:
    """Whether ``span`` is part of a longer named entity ("Army" in "Army Public School", "the Police"
    before "Police Lines")."""
    return any(
        ent.start < span.end and span.start < ent.end and (ent.start < span.start or ent.end > span.end)
        for ent in names
    )


def _dateline(span: Span) -> bool:
    """A dateline place in capitals at the start of a line ("ISLAMABAD, Dec 17 (...) -")."""
    doc = span.doc
    line_start = span.start == 0 or "\n" in doc[span.start - 1].text or "\n" in doc[span.start - 1].whitespace_
    return line_start and span.text.isupper() and span.end < len(doc) and doc[span.end].text == ","


def _credit(span: Span) -> bool:
    """An outlet credited in a dateline: in parentheses followed by a dash ("(Frontier Dispatch) -")."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].text == "("
        and span.end + 1 < len(doc)
        and doc[span.end].text == ")"
        and doc[span.end + 1].text in ("-", "–", "—")
    )


def _schwartz_hearst(acronym: str, text: str) -> int | None:
    """Start (in ``text``) of the long form that ``acronym`` abbreviates, by Schwartz & Hearst (2003):
    its characters matched right to left, the first one at the start of a word."""
    s, i = len(acronym) - 1, len(text) - 1
    while s >= 0:
        c = acronym[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return i + 1


@Language.factory("wirewatch_actors", default_config={"fuzzy_cutoff": FUZZY_CUTOFF})
def make_actor_resolver(nlp: Language, name: str, fuzzy_cutoff: float) -> ActorResolver:
    """Factory of the ``wirewatch_actors`` component."""
    register_span_extension()
    if not Doc.has_extension("ww_actors"):
        Doc.set_extension("ww_actors", default=None)
    return ActorResolver(nlp, name, fuzzy_cutoff=fuzzy_cutoff)


register_span_extension()
