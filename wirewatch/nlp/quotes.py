"""The ``wirewatch_quotes`` component: what was said in an article, and who said it.

Runs after ``wirewatch_people`` (and ``wirewatch_actors``) and reads ``doc._.ww_people`` and
``doc._.ww_actors``. Writes ``doc._.ww_quotes``: a list of Spans in text order, each with
``span._.ww_quote`` a ``QuoteValue``. Finding (``QuoteFinder.find``) and writing (``set_annotations``)
are kept apart, as in spaCy's SpanRuler. Speech verbs and speaking nouns are data:
``data/lexicons/quotes_verbs.yaml``.

Conventions:

- Direct quotes: the span is the quoted text WITHOUT its marks, and without a trailing comma (the
  comma of "'...,' he said" belongs to the sentence around the quote). Marks: straight "...", curly
  “...”, «...», and curly single ‘...’ when not inside a double quote; a ’ between two letters
  ("the group’s") is an apostrophe and never closes a quote. A straight single mark opens a quote only
  before a capital and closes it only after the quote's own punctuation ("'...,' Modi wrote"); one
  left unclosed in its paragraph was an apostrophe ("the boys' school").
- A quote may run over several paragraphs: a paragraph with no closing mark whose next paragraph opens
  with a mark continues; the record is ONE span from the first opening mark to the last closing mark
  (the marks opening the inner paragraphs stay inside the span). An opening mark whose paragraph
  ends with no closing mark and no continuation is closed at the paragraph's end (an unclosed mark
  never swallows the rest of the article); a continued quote takes no paragraph that starts
  beyond MAX_QUOTE_CHARS.
- Scare quotes are not quotes: fewer than MIN_QUOTE_WORDS words with no punctuation before the
  closing mark ("the “gravest threat”", a headline's ‘Choose’). Nor is a longer quote with no
  punctuation before its closing mark and no speaker: a name, title or slogan ("translated as
  "Western education is forbidden"", "under the slogan "Bring Back Our Girls"").
- An interrupted quote ("“X,” the spokesperson said. “Y.”") gives TWO records with the same speaker:
  the second continues the first (``how`` "continues the quote before it: ...").
- Attribution of a direct quote, first match wins: a speech verb with a subject written right after
  the closing mark in the same paragraph ("..., the FO spokesperson said"; "..., according to X"); a
  speech verb earlier in the sentence of the opening mark ("He said: “...”", "He added that Prime
  Minister Shehbaz Sharif had delivered a clear message to Kabul: “...”": the speaker is the one
  relaying the message, the subject of the speech verb, not the person whose message it is); the
  quote just before it (see interrupted quotes, and a quote opening the sentence or paragraph right
  after the attribution of the one before, however long); a person as subject of a speech verb at
  the start of the next sentence ("“...” He added ..."); a person as subject of the sentence just
  before, when it spoke, called, urged ... (``preceding_sentence_verbs``) or names a document ("In a
  statement, X called the deaths a loss. “...”"). Verbs of ``direct_quote_verbs`` ("he urged
  voters, “...”") attribute direct quotes only. "X quoted Y as saying" and "Y was quoted (by X) as
  saying" give Y; "According to X, “...”" gives X; a paragraph ending "X told Wikinews:" attributes
  the quote set apart in the next one. A quote with none is kept, speaker and cue None.
- Indirect speech: a speech verb with a subject and a clausal complement (ccomp) not inside a direct
  quote: the span is the complement, without "that" and end punctuation ("X said (that) ...", "X told
  reporters ...", "X warned that ..."), a complement after the verb preferred; "Y, police said": Y;
  "The attackers, police said, fled ...": the whole sentence, parenthetical included (a Span is
  contiguous); "according to X, ..." (cue "according to"): the clause it modifies. A reported clause
  stays within its paragraph and loses a dateline it starts with ("PESHAWAR, Jan 30 (...) –"). A
  quote the clause introduces ("...: “...”") is its own record and cut from the clause; a phrase
  quoted inside the clause stays in it. A speech verb inside a direct quote gives no record. A
  participle takes its main verb's subject ("X said ..., adding that Y", "X denied any role,
  saying Y"). "X said Y, according to its news agency" is one record, X's, with Y cut before the
  phrase (the phrase names X's channel). No record for speech not made ("No group said ...", "He did
  not say ..."), nor for a clause whose subject is a relative pronoun ("the strike, which New Delhi
  said targeted ..."). The article's first sentence with its source after it ("QUETTA — ..., police
  said", "..., according to officials") is the news lead's routine sourcing, not a quote, unless the
  source is a named person. These follow evaluation/README.md, "Quote annotation convention".
- Speaker: the subject of the speech verb (the nearest, when the parser gives two; a person mention
  set off by a comma just before the verb when it gives none; the document of "a statement warning
  that ..."; for "He said A and warned that B", or "X denied that A, saying B", where the parser put
  the second verb inside A, the first verb's subject). Its people mention gives name, role and
  organisation: the subject's own named mention, else a named one set off beside it ("The head of
  the mission, Deborah Lyons, said"; "said the group's deputy director ..., X"), else the subject's
  unnamed role (of two subjects the parser gives, a named person: "said study co-author X"; with none,
  the first named person after the quote not inside another's description: "X, head of the group
  Y, told"), else a person elsewhere in the subject phrase unless that phrase only describes the
  subject ("a bench headed by Justice X", "the assistant to the president", "the council, which
  removed X,"). A person in the possessive is the owner, not the speaker ("Prime Minister Imran
  Khan's office said" has no name; "Governor X's statement said" is X's). "who said" is the one the
  relative clause is about. "he"/"she": the latest person before it, outside quotes, who was the
  subject of a sentence or spoke, named or not ("one father ... said"), and whose sex, where the
  text tells it (a title such as "Mrs", a noun such as "father", an earlier "she"), fits the
  pronoun; with none, the latest named person that fits. "The farmer said": the person named before
  with that noun beside the name ("X, 45, a farmer"); "the woman", "the 70-year-old": the latest
  named person that fits, in this paragraph or the one before. Else its actor mention
  (organisation: the actor's canonical name); else a speaking noun ("a police official": role
  "official", speaker None) or a document ("a military statement") with the body word before it
  resolved to the article's dominant country ("Military Forces of Pakistan"), or a bare body word
  ("police said"); else a PERSON entity the people component did not keep (an acronym such as
  "KEMRI" is an organisation); "it"/"they" -> the latest organisation that spoke; else an ORG
  entity as written ("The Red Cross said"), also for a document's issuer ("a statement from
  Pfizer"; a named person there is the speaker). A passive verb ("cases were confirmed, according
  to the ministry") relays no speech of its own. What could not be resolved stays None, with the
  reason in ``how``.
- Speech verbs also take "went on" (a particle verb of the lexicon) and the clause a parser hangs on
  the channel ("said in a message that ...").
- ``actor_id`` is the organisation's knowledge base id (the speaker's own for an organisation, the
  person's organisation for a person).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import ActorMatch, article_context
from .kb import load_kb, load_lexicon, normalise
from .people import PersonInfo, seat_country

__all__ = ["QuoteFinder", "QuoteValue", "register_span_extension", "set_annotations"]

QuoteKind = Literal["direct", "indirect"]

MAX_QUOTE_CHARS = 3000
"""Longest quote carried over paragraphs (about 500 words): the longest quotes in the demo corpus and
in wire copy are 2-4 paragraphs of 300-900 characters; beyond it a missing closing mark is likelier."""
MIN_QUOTE_WORDS = 4
"""Fewer words, with no punctuation before the closing mark, make a scare quote or a title ("the
“gravest threat”", ‘Choose’), not speech; “No comment,” he said (punctuated) is still a quote."""
ATTRIBUTION_WINDOW = 20
"""Tokens looked at after a closing mark for "the FO spokesperson said" (5 tokens), "Zabihullah
Mujahid, the Taliban spokesman, told reporters" (9) or a name with a long apposition ("Hasani el
Mufti, regional adviser for the eastern office of the WHO, said": 16). The look stops earlier at the
end of the sentence, a paragraph or another quote."""
CONTINUATION_GAP = 15
"""Most tokens between two quotes for the second to continue the first ("“X,” the Foreign Office
spokesperson said on Friday. “Y”": 9-12 tokens)."""
DATELINE_TOKENS = 12
"""Longest dateline opening a first paragraph ("PESHAWAR, Jan 30 (Frontier Dispatch) –": 9 tokens); it
is cut from a reported clause that starts with it."""
NEXT_SENTENCE_WINDOW = 4
"""How far into the next sentence its speech verb may be ("He added", "The minister also said")."""

DESCRIBED_WINDOW = 6
"""Tokens on each side of a name where the noun that describes the person stands ("Samuel Otieno, 45,
a farmer from Kisumu": 4 after; "local teacher Anna Berg": 1 before)."""
DESCRIBED_PARAGRAPHS = 3
"""How far back "the farmer", "the teacher" may refer to a person described so (wire copy reintroduces
a speaker by name within a few paragraphs)."""

_OPEN_CLOSE = {"“": "”", "«": "»", '"': '"', "‘": "’", "'": "'"}
_MARKS = re.compile(r"[\"'“”«»‘’]")
_QUOTE_END = frozenset(".,?!…")
_OPENING_CONTEXT = frozenset(" \t\n\u00a0([{—–-:")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PERSON_PRONOUNS = frozenset({"he", "she"})
_ORG_PRONOUNS = frozenset({"it", "they"})


@dataclass(frozen=True)
class QuoteValue:
    """What a quote span is: the fields of the quote export but text and offsets."""

    kind: QuoteKind
    speaker: str | None
    """The person's name; None for an organisation, an unnamed role or an unresolved speaker."""
    speaker_role: str | None
    organization: str | None
    person: str | None = None
    """The PersonInfo.person key when the speaker is a people mention."""
    actor_id: str | None = None
    """The knowledge base id of the organisation (the speaker's, or the person's organisation)."""
    cue: str | None = None
    """The speech verb's lemma ("say", "add"), or "according to"; None for an unattributed quote."""
    how: str = ""
    """For an analyst: "after the quote: nsubj of 'said' is person 'Shafqat Ali Khan'"."""


@dataclass(frozen=True)
class _Speaker:
    speaker: str | None
    role: str | None
    organization: str | None
    person: str | None
    actor_id: str | None
    how: str
    human: bool
    """A person, named or not (for "he"/"she"); else an organisation or a document."""
    resolved: bool = True


@dataclass
class _Candidate:
    kind: QuoteKind
    start: int
    end: int
    anchor: int | None
    """The token whose speaker this is: the speech verb, or the object of "according to"."""
    subject: Token | None = None
    cue: str | None = None
    where: str = ""
    after_subject_person_only: bool = False
    close: int = -1
    """Token index of the closing mark of a direct quote (-1 when unclosed)."""
    opening: int = -1
    """Token index of the opening mark of a direct quote."""
    punctuated: bool = True
    """A direct quote whose text ends with its own punctuation ("...,” he said")."""
    lead_source: bool = False
    """Reported clause of the article's first sentence with its source after it ("..., police said")."""
    value: QuoteValue | None = None


def register_span_extension() -> None:
    """``span._.ww_quote`` (idempotent)."""
    if not Span.has_extension("ww_quote"):
        Span.set_extension("ww_quote", default=None)


def set_annotations(doc: Doc, found: Iterable[tuple[int, int, QuoteValue]]) -> None:
    """Write ``doc._.ww_quotes`` (Spans in text order) and each span's ``span._.ww_quote``."""
    spans: list[Span] = []
    for start, end, value in sorted(found, key=lambda item: (item[0], item[1])):
        span = Span(doc, start, end, label="QUOTE")
        span._.ww_quote = value
        spans.append(span)
    doc._.ww_quotes = spans


def quote_marks(text: str) -> list[tuple[int, int, int, int]]:
    """Direct quotes as (content start, content end, opening mark, closing mark or -1 when unclosed),
    character offsets, following the mark conventions of the module docstring."""
    out: list[tuple[int, int, int, int]] = []
    marks = [m.start() for m in _MARKS.finditer(text)]
    n = len(text)
    k = 0
    while k < len(marks):
        pos = marks[k]
        k += 1
        if not _opens(text, pos):
            continue
        ch = text[pos]
        closer = _OPEN_CLOSE[ch]
        cursor = pos + 1
        resume = k
        while True:
            nxt = marks[k] if k < len(marks) else n
            nl = text.find("\n", cursor, nxt)
            if nl != -1:
                # the paragraph ends first: the quote goes on only if the next paragraph opens with a mark
                following = nl
                while following < n and text[following].isspace():
                    following += 1
                if (
                    k < len(marks)
                    and marks[k] == following
                    and text[following] == ch
                    and following - pos < MAX_QUOTE_CHARS
                ):
                    cursor = following + 1
                    k += 1
                    continue
                if ch == "'":  # an unclosed straight single mark was an apostrophe after all
                    k = resume
                else:
                    out.append((pos + 1, nl, pos, -1))
                break
            if k == len(marks):
                if ch == "'":
                    k = resume
                else:
                    out.append((pos + 1, n, pos, -1))
                break
            here = marks[k]
            k += 1
            if _closes(text, here, closer):
                out.append((pos + 1, here, pos, here))
                break
            cursor = here + 1
    return out


def _opens(text: str, pos: int) -> bool:
    ch = text[pos]
    if ch in ("“", "«"):
        return True
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if ch == '"':
        return before in _OPENING_CONTEXT and not after.isspace()
    if ch == "‘":
        return not before.isalnum() and (after.isalnum() or after in '“"')
    if ch == "'":  # only before a capital: "'The sacrifice ...,'" and not "rock 'n' roll" or "'90s"
        return before in _OPENING_CONTEXT and (after.isupper() or after in '“"')
    return False


def _closes(text: str, pos: int, closer: str) -> bool:
    """Whether the mark at ``pos`` closes a quote opened with ``closer``'s partner."""
    if text[pos] != closer:
        return False
    if closer == "’":
        return not _apostrophe(text, pos)
    if closer == "'":  # after the quote's own punctuation ("...,' he said"), never inside a word
        after = text[pos + 1] if pos + 1 < len(text) else " "
        return pos > 0 and text[pos - 1] in _QUOTE_END and not after.isalnum()
    return True


def _apostrophe(text: str, pos: int) -> bool:
    """A ’ between letters ("group’s", "don’t") is an apostrophe."""
    return 0 < pos < len(text) - 1 and text[pos - 1].isalpha() and text[pos + 1].isalpha()


class QuoteFinder:
    """The component: finds direct and indirect quotes and their speakers (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "wirewatch_quotes") -> None:
        self.name = name
        lexicon = load_lexicon("quotes_verbs")
        self.verbs = _words(lexicon, "speech_verbs")
        self.particle_verbs = {str(k): str(v) for k, v in _mapping(lexicon, "particle_speech_verbs").items()}
        self.speaker_nouns = _words(lexicon, "speaker_nouns")
        self.document_nouns = _words(lexicon, "document_nouns")
        self.direct_verbs = _words(lexicon, "direct_quote_verbs")
        self.preceding_verbs = _words(lexicon, "preceding_sentence_verbs")
        people = load_lexicon("people_roles")
        self.generic_bodies: Mapping[str, str | None] = _mapping(people, "generic_bodies")
        self.referring_bodies = _words(people, "referring_bodies")
        self.gendered = {str(k).lower(): str(v) for k, v in _mapping(people, "gendered_words").items()}
        self.bodies = {kind: re.compile(str(pattern)) for kind, pattern in _mapping(people, "bodies").items()}
        demonyms = _mapping(load_lexicon("actors_context"), "demonyms")
        self.demonyms = {normalise(k): str(v) for k, v in demonyms.items()}
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, self.find(doc))
        return doc

    # -- finding ------------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[tuple[int, int, QuoteValue]]:
        """Every quote in ``doc`` as (start token, end token, value), not yet written."""
        self._doc = doc
        self._dominant: tuple[str | None, int | None] | None = None
        self._people_at: dict[int, Span] = {}
        for span in doc._.ww_people or () if Doc.has_extension("ww_people") else ():
            for i in range(span.start, span.end):
                self._people_at[i] = span
        self._actor_at: dict[int, Span] = {}
        for span in doc._.ww_actors or () if Doc.has_extension("ww_actors") else ():
            if span._.ww_actor is not None and span._.ww_actor.actor_id:
                for i in range(span.start, span.end):
                    self._actor_at[i] = span
        self._para = _paragraphs(doc)
        self._lead_end = _lead_end(doc, self._para)
        quoted = bytearray(len(doc))
        direct = self._direct(doc, quoted)
        candidates = direct + self._indirect(doc, quoted)
        candidates.sort(key=lambda c: (c.anchor if c.anchor is not None else c.start, c.start))
        self._people_timeline(candidates)
        self._resolve(candidates)
        return [(c.start, c.end, c.value) for c in candidates if c.value is not None]

    def _direct(self, doc: Doc, quoted: bytearray) -> list[_Candidate]:
        text = doc.text
        out: list[_Candidate] = []
        for start, end, open_at, close_at in quote_marks(text):
            raw = text[start:end].rstrip()
            stripped = raw.lstrip()
            start += len(raw) - len(stripped)
            end = start + len(stripped)
            punctuated = stripped[-1:] in (".", ",", "?", "!", "…") if stripped else False
            while end > start and (text[end - 1] == "," or text[end - 1].isspace()):
                end -= 1
            if end <= start:
                continue
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or len(span) == 0:
                continue
            if not punctuated and sum(1 for t in span if t.is_alpha) < MIN_QUOTE_WORDS:
                continue
            quoted[span.start : span.end] = b"\x01" * len(span)
            mark = doc.char_span(open_at, open_at + 1, alignment_mode="expand")
            opening = mark.start if mark is not None else span.start
            quoted[opening] = 1
            closing = -1
            if close_at >= 0:
                mark = doc.char_span(close_at, close_at + 1, alignment_mode="expand")
                closing = mark.start if mark is not None else span.end
                if closing < len(doc):
                    quoted[closing] = 1
            out.append(
                _Candidate("direct", span.start, span.end, None, close=closing, opening=opening, punctuated=punctuated)
            )
        for cand in out:
            self._attribute_direct(doc, cand, quoted)
        return out

    def _attribute_direct(self, doc: Doc, cand: _Candidate, quoted: bytearray) -> None:
        """The speech verb of a direct quote: after it, before it, or (later) the quote it continues."""
        if cand.close >= 0:
            first = cand.close + 1
            for i in range(first, min(len(doc), first + ATTRIBUTION_WINDOW)):
                token = doc[i]
                if quoted[i] or (i > first and "\n" in doc[i - 1].whitespace_ + doc[i - 1].text):
                    break
                if token.is_sent_start:
                    break  # the next sentence is tried last, for people only
                found = self._according(token) or self._speech(token, direct=True)
                if found is not None:
                    cand.anchor, cand.subject, cand.cue = found
                    cand.where = "after the quote"
                    return
        opening = cand.opening
        sent = doc[opening].sent if opening < len(doc) else None
        if sent is not None:
            low, first, colon = sent.start, opening - 1, opening - 1
            while colon > 0 and doc[colon].is_space:
                colon -= 1
            # "He said: “...”", and a paragraph ending with "X told Wikinews:" before a quote set apart
            block = colon >= 0 and doc[colon].text == ":" and self._para[colon] != self._para[opening]
            if block:
                low, first = doc[colon].sent.start, colon
            elif opening == sent.start and opening >= 1 and doc[opening - 1].text == ":":
                low = doc[opening - 1].sent.start
            for i in range(first, low - 1, -1):
                token = doc[i]
                if quoted[i] or (not (block and i == first) and ("\n" in token.whitespace_ or "\n" in token.text)):
                    break
                # "According to Dr. Anil Mehta, “...”" as well as "He said: “...”"
                found = self._speech(token, direct=True) or self._according(token)
                if found is not None:
                    cand.anchor, cand.subject, cand.cue = found
                    cand.where = "before the quote"
                    return
        if cand.close >= 0 and cand.close + 1 < len(doc):
            first = cand.close + 1
            if doc[first].is_sent_start and "\n" not in doc[cand.close].whitespace_:
                for i in range(first, min(len(doc), first + NEXT_SENTENCE_WINDOW)):
                    if quoted[i]:
                        break
                    found = self._speech(doc[i])
                    if found is not None:
                        cand.anchor, cand.subject, cand.cue = found
                        cand.where = "in the next sentence"
                        cand.after_subject_person_only = True
                        return
        self._sentence_before(doc, cand, quoted)

    def _sentence_before(self, doc: Doc, cand: _Candidate, quoted: bytearray) -> None:
        """A quote opening a sentence right after one in which a person spoke, in the same paragraph and
        with no quote of its own: "In a statement, Dr. Ada Kimani ... called the deaths a terrible loss.
        “We grieve with the families.”" The sentence's main verb must be a speech verb, one of
        ``preceding_sentence_verbs`` or carry a document ("in a statement"); its subject a person. A
        quote opening the next paragraph follows only a speech verb ("X said the wards were full.¶
        “We have no beds left.”")."""
        opening = cand.opening
        if opening < 2 or not (doc[opening].is_sent_start or doc[opening - 1].is_space):
            return
        last = opening - 1
        while last > 0 and doc[last].is_space:
            last -= 1
        # across a paragraph break only a paragraph that is all quote ("‘...?’ asked a police officer"
        # has an attribution of its own, however the parser reads it)
        next_paragraph = self._para[last] == self._para[opening] - 1 and self._all_quote(opening, quoted)
        if not next_paragraph and (
            "\n" in doc[last].whitespace_ + doc[last].text or self._para[last] != self._para[opening]
        ):
            return
        sent = doc[last].sent
        if any(quoted[sent.start : sent.end]) or doc[last].text not in (".", "!", "?", ":"):
            return
        root = sent.root
        channel = any(
            obj.lemma_.lower() in self.document_nouns
            for prep in root.children
            if prep.dep_ == "prep"
            for obj in prep.children
            if obj.dep_ == "pobj"
        )
        if root.pos_ != "VERB" or not (self._is_speech(root) or root.lemma_ in self.preceding_verbs or channel):
            return
        if next_paragraph and not self._is_speech(root):
            return
        subject = self._subject(root)
        if subject is None or _negated(root) or self._para[subject.i] != self._para[root.i]:
            return
        cand.anchor, cand.subject, cand.cue = root.i, subject, root.lemma_
        cand.where = "in the sentence before"
        cand.after_subject_person_only = True

    def _all_quote(self, opening: int, quoted: bytearray) -> bool:
        """Whether the paragraph from ``opening`` on holds nothing but quotes and punctuation."""
        doc, para = self._doc, self._para
        i = opening
        while i < len(doc) and para[i] == para[opening]:
            if not (quoted[i] or doc[i].is_punct or doc[i].is_space):
                return False
            i += 1
        return True

    def _is_speech(self, token: Token) -> bool:
        """A speech verb of the lexicon, or a particle verb with its particle ("went on")."""
        if token.pos_ not in ("VERB", "AUX"):
            return False
        if token.lemma_ in self.verbs:
            return True
        particle = self.particle_verbs.get(token.lemma_)
        return particle is not None and any(c.dep_ == "prt" and c.lower_ == particle for c in token.children)

    def _speech(self, token: Token, *, direct: bool = False) -> tuple[int, Token, str] | None:
        """(verb, subject, lemma) when ``token`` is a speech verb with a subject; with ``direct``, also a
        verb that only introduces a direct quote ("he urged voters, “...”")."""
        if not self._is_speech(token) and not (direct and token.pos_ == "VERB" and token.lemma_ in self.direct_verbs):
            return None
        subject = self._subject(token)
        if subject is None or self._para[subject.i] != self._para[token.i]:
            return None
        if _negated(token) or _negated_subject(subject):
            return None
        return token.i, subject, token.lemma_

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject; else a person mention just before it, set off by a comma (the parser
        leaves "..., Ambassador Munir Akram, said ..." without one); the document of "a statement
        warning that ..."; the speaker of "X said A and warned that B" when the parser hung "warned"
        inside A."""
        outer = self._outer_speech(verb)
        if outer is not None:
            return self._subject(outer)
        if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.lemma_ in self.document_nouns:
            return verb.head
        relayed = _quoted_as_saying(verb)
        if relayed is not None:
            return relayed
        subject = _subject(verb)
        if subject is not None and subject.lower_ == "who" and verb.dep_ == "relcl":
            return verb.head  # "Wikinews spoke with Dr. Laila Ahmed, who said ...": the one the clause is about
        if subject is not None and not self._named_at(subject.i):
            # "said study co-author Anouka Sorivadou": the parser gives "co" and "Sorivadou" as subjects
            named = next((c for c in verb.children if c.dep_ in _SUBJECTS and self._named_at(c.i)), None)
            subject = named or subject
        if subject is None and verb.i >= 2 and verb.nbor(-1).text == "," and verb.i - 2 in self._people_at:
            return self._first_free_person(verb) or verb.nbor(-2)
        return subject

    def _first_free_person(self, verb: Token) -> Token | None:
        """For "..., Tom Vey, head of the watchdog group Clear Count, told ..." parsed without a subject:
        the first named person between the last quote mark or sentence start and the verb that does not
        sit in a phrase describing another (not "Clear Count", the object of "of")."""
        doc = self._doc
        low = verb.i - 1
        while low > verb.sent.start and low > verb.i - ATTRIBUTION_WINDOW and not doc[low - 1].is_quote:
            low -= 1
        for i in range(low, verb.i):
            span = self._people_at.get(i)
            if span is None or span.start != i or not self._named_at(i):
                continue
            token = span.root
            path = []
            while low <= token.i < verb.i and token.head.i != token.i:
                path.append(token.dep_)
                token = token.head
            if not any(dep in ("prep", "pobj", "agent", "acl", "relcl") for dep in path):
                return span.root
        return None

    def _named_at(self, index: int) -> bool:
        """Whether a named people mention covers the token at ``index``."""
        span = self._people_at.get(index)
        return span is not None and span._.ww_person is not None and span._.ww_person.name is not None

    def _outer_speech(self, verb: Token) -> Token | None:
        """For "He said the judgment was lawful and warned that ...", parsed with "warned" as a conjunct
        of "was", or "X denied that it had ordered it, saying ...", parsed with "saying" inside the
        denied clause: the outer speech verb whose clause the second one was put in; None otherwise."""
        head = verb.head
        participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp") and verb.nbor(-1).text == ","
        if (
            not (verb.dep_ == "conj" or participle)
            or not any(c.dep_ == "ccomp" for c in verb.children)
            or any(c.dep_ in _SUBJECTS for c in verb.children)
            or head.dep_ != "ccomp"
            or head.head.i == head.i
            or not self._is_speech(head.head)
            or not self._is_speech(verb)
        ):
            return None
        return head.head

    def _relays_speech(self, according: Token) -> bool:
        """Whether "according to X" names the channel of a speech verb's own speaker ("The group said it
        was behind the bombing, according to its Amaq news agency"): that speech is the record."""
        head = according.head
        for verb in (head, head.head if head.dep_ == "ccomp" else None):
            if verb is None or verb.lemma_ not in self.verbs or verb.pos_ != "VERB":
                continue
            subject = self._subject(verb)
            # "Nine cases were confirmed, according to the ministry": a passive verb has no speaker of its own
            if subject is not None and subject.dep_ != "nsubjpass":
                return True
        return False

    @staticmethod
    def _according(token: Token) -> tuple[int, Token, str] | None:
        """(object, object, "according to") for "according to X"."""
        if token.lower_ != "according":
            return None
        for to in token.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return obj.i, obj, "according to"
        return None

    def _indirect(self, doc: Doc, quoted: bytearray) -> list[_Candidate]:
        out: list[_Candidate] = []
        for token in doc:
            if quoted[token.i]:
                continue
            if token.lower_ == "according":
                found = self._according(token)
                if found is None or self._relays_speech(token):
                    continue
                bounds = _according_clause(token)
                if bounds is None:
                    continue
                start, end = _trim(doc, *self._in_paragraph(token.i, *bounds))
                if end - start < 2 or any(quoted[start:end]):
                    continue
                cand = _Candidate("indirect", start, end, found[0], found[1], found[2])
                cand.lead_source = end <= token.i and token.i < self._lead_end
                out.append(cand)
                continue
            if token.pos_ != "VERB" or not self._is_speech(token):
                continue
            subject = self._subject(token)
            if subject is None or self._para[subject.i] != self._para[token.i]:
                continue
            if _negated(token) or _negated_subject(subject):
                continue  # "No group said it ...", "He did not say who ...": nothing was said
            # a complement after the verb first ("..., a day after the military ended the siege, X said Y")
            clauses = sorted((c for c in token.children if c.dep_ == "ccomp"), key=lambda c: c.i < token.i)
            if not clauses:
                clauses = _channel_clauses(token)
            if not clauses and token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                # "The attackers, police said, fled ...": the sentence around the parenthetical, kept
                # whole (a Span is contiguous)
                clauses = [token.head]
            for clause in clauses:
                if self._para[clause.i] != self._para[token.i]:
                    continue
                if any(c.dep_ in _SUBJECTS and c.tag_ in ("WDT", "WP") for c in clause.children):
                    continue  # "the strike, which New Delhi said targeted ...": no clause of its own
                start, end = self._in_paragraph(clause.i, clause.left_edge.i, clause.right_edge.i + 1)
                if clause.i == token.head.i:
                    pass  # the parenthetical form, kept whole
                elif clause.i > token.i:  # "Speaking at ..., X said Y": the clause starts after the verb
                    start = max(start, token.i + 1)
                else:  # "Y, police said"
                    end = min(end, subject.left_edge.i, token.i)
                # "He said Y and warned that Z" parsed with "warned" inside Y: Y ends before "and warned"
                inner = next(
                    (
                        c
                        for c in clause.children
                        if c.dep_ in ("conj", "advcl", "xcomp") and _same(self._outer_speech(c), token)
                    ),
                    None,
                )
                if inner is not None:
                    end = min(end, inner.left_edge.i)
                    cc = next((c for c in clause.children if c.dep_ == "cc" and c.i < inner.i), None)
                    if cc is not None:
                        end = min(end, cc.i)
                # "X said Y, according to its news agency": the phrase names X's channel, not Y
                cut = next((t.i for t in doc[start:end] if t.lower_ == "according" and t.i > start), None)
                if cut is not None and self._relays_speech(doc[cut]):
                    end = cut
                start, end = _trim(doc, start, end)
                for i in range(start, end):
                    if quoted[i]:
                        # a quote the clause introduces ("... a clear message to Kabul: “...”") is its
                        # own record; a phrase quoted inside the clause (was “ready to respond”) stays
                        if i == start or doc[i - 1].text in (":", ",", "—", "–"):
                            end = i
                        break
                start, end = _trim(doc, start, end)
                if end - start < 2 or quoted[start] or not (start <= clause.i < end):
                    continue
                cand = _Candidate("indirect", start, end, token.i, subject, token.lemma_)
                cand.lead_source = (end <= token.i or clause.i == token.head.i) and token.i < self._lead_end
                out.append(cand)
                break
        return out

    def _in_paragraph(self, head: int, start: int, end: int) -> tuple[int, int]:
        """Token bounds cut to the paragraph of ``head`` (a misparse can join a headline to a clause)."""
        para = self._para
        while start < head and para[start] != para[head]:
            start += 1
        while end - 1 > head and para[end - 1] != para[head]:
            end -= 1
        return start, end

    # -- speakers -----------------------------------------------------------------------------------

    def _people_timeline(self, candidates: list[_Candidate]) -> None:
        """The people "he"/"she" may stand for: named or role mentions that are the subject of a
        sentence outside any quote (or set off beside one: "The head of the mission, Deborah Lyons,
        urged ..."), by position; speakers join it as they are resolved. And each person's sex where
        the text tells it (a title, a gendered noun), filled in further by the pronouns resolved."""
        doc = self._doc
        inside = bytearray(len(doc))
        for cand in candidates:
            inside[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        self._inside = inside
        self._timeline: list[tuple[int, str, _Speaker]] = []
        self._gender: dict[str, str] = {}
        seen: set[int] = set()
        for span in self._people_at.values():
            if id(span) in seen:
                continue
            seen.add(id(span))
            info: PersonInfo | None = span._.ww_person
            if info is None or span.text.lower() in _PERSON_PRONOUNS:
                continue
            before = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
            for word in (before, *(t.lower_.rstrip(".") for t in span)):
                if word in self.gendered:
                    self._gender.setdefault(info.person, self.gendered[word])
            root = span.root
            subject = root.dep_ in _SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in _SUBJECTS)
            if subject and not inside[root.i] and (info.name or info.role):
                self._timeline.append((span.start, info.person, self._from_person(span, info, "subject")))

    def _antecedent(self, pronoun: Token) -> _Speaker | None:
        """The latest person before ``pronoun`` ("he"/"she") whose sex, where known, fits it."""
        want = "female" if pronoun.lower_ == "she" else "male"
        best: tuple[int, str, _Speaker] | None = None
        for entry in self._timeline:
            position, key, _ = entry
            if position >= pronoun.i or self._gender.get(key, want) != want:
                continue
            if best is None or position > best[0]:
                best = entry
        if best is None:
            best = self._named_before(pronoun, want)
        if best is None:
            return None
        self._gender.setdefault(best[1], want)
        return best[2]

    def _described_before(self, subject: Token) -> Span | None:
        """The person named before whom a definite speaking noun means: "Samuel Otieno, 45, a farmer ...
        The farmer said" (a named person with that noun beside the name, in the same sentence, at most
        DESCRIBED_PARAGRAPHS paragraphs back); "the woman", "the man", "the 70-year-old": the latest named
        person, in this paragraph or the one before, whose sex where known fits."""
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children):
            return None
        noun = subject.lemma_.lower()
        aged = noun == "old" and any(t.lower_ == "year" for t in subject.subtree)
        if noun not in self.speaker_nouns and not aged:
            return None
        generic = aged or noun in ("man", "woman")
        want = self.gendered.get(noun)
        doc = self._doc
        named = sorted({id(s): s for s in self._people_at.values()}.values(), key=lambda s: s.start)
        for span in reversed(named):
            info: PersonInfo | None = span._.ww_person
            if span.start >= subject.i or info is None or not info.name or self._inside[span.root.i]:
                continue
            if self._para[subject.i] - self._para[span.start] > (1 if generic else DESCRIBED_PARAGRAPHS):
                return None
            if want is not None and self._gender.get(info.person, want) != want:
                continue
            if generic:
                return span
            sent = doc[span.start].sent
            near = doc[max(sent.start, span.start - DESCRIBED_WINDOW) : min(sent.end, span.end + DESCRIBED_WINDOW)]
            if any(t.lemma_.lower() == noun for t in near):
                return span
        return None

    def _named_before(self, pronoun: Token, want: str) -> tuple[int, str, _Speaker] | None:
        """For a pronoun no subject fits: the latest named person before it, outside quotes, whose sex
        where known fits ("The teams were led by Captain Ivan Petrenko. “...,” he said")."""
        best: Span | None = None
        for span in self._people_at.values():
            info: PersonInfo | None = span._.ww_person
            if info is None or not info.name or span.start >= pronoun.i or self._inside[span.root.i]:
                continue
            if self._gender.get(info.person, want) != want or span.text.lower() in _PERSON_PRONOUNS:
                continue
            if best is None or span.start > best.start:
                best = span
        if best is None:
            return None
        info = best._.ww_person
        return best.start, info.person, self._from_person(best, info, "named before")

    def _resolve(self, candidates: list[_Candidate]) -> None:
        """Speakers in text order, remembering the latest organisation for "it"/"they" and adding
        every person who speaks to the people "he"/"she" may stand for."""
        last_org: _Speaker | None = None
        previous_direct: _Candidate | None = None
        for cand in candidates:
            speaker: _Speaker | None = None
            where = cand.where
            if cand.subject is not None:
                speaker = self._speaker(cand.subject, cand.anchor, last_org)
                if cand.after_subject_person_only and not speaker.human:
                    speaker = None
            if cand.kind == "direct" and speaker is None and cand.where != "in the next sentence":
                previous = previous_direct
                opening = cand.opening
                if (
                    previous is not None
                    and previous.value is not None
                    and previous.close >= 0
                    and (0 <= opening - previous.close <= CONTINUATION_GAP or self._follows_attribution(previous, cand))
                ):
                    v = previous.value
                    cand.value = replace(v, how=f"continues the quote before it: {v.how}")
                    previous_direct = cand
                    continue
            if cand.kind == "direct" and not cand.punctuated and (speaker is None or not speaker.resolved):
                continue  # a quoted name, title or slogan ("translated as “...”"): nobody said it here
            if cand.lead_source and (speaker is None or speaker.speaker is None):
                continue  # the lead's routine source ("..., police said"): the report itself, not a quote
            if cand.kind == "direct":
                previous_direct = cand
            if speaker is None:
                cand.value = QuoteValue(cand.kind, None, None, None, how="no attribution found")
                continue
            pronoun = (
                cand.subject is not None
                and cand.subject.i not in self._people_at
                and (cand.subject.lower_ in _PERSON_PRONOUNS or cand.subject.lower_ in _ORG_PRONOUNS)
            )
            if speaker.resolved and cand.subject is not None:
                if speaker.human:
                    key = speaker.person or speaker.speaker or f"{speaker.role}@{cand.subject.i}"
                    if not pronoun and speaker.person is None and speaker.role in self.gendered:
                        self._gender.setdefault(key, self.gendered[speaker.role])  # "one father said"
                    self._timeline.append((cand.subject.i, key, speaker))
                elif speaker.organization and not pronoun:
                    last_org = speaker
            how = f"{where}: {speaker.how}" if where else speaker.how
            cand.value = QuoteValue(
                cand.kind,
                speaker.speaker,
                speaker.role,
                speaker.organization,
                speaker.person,
                speaker.actor_id,
                cand.cue,
                how,
            )

    def _follows_attribution(self, previous: _Candidate, cand: _Candidate) -> bool:
        """Whether ``cand`` opens the sentence right after the one attributing ``previous`` to a named
        person, in its paragraph or at the start of the next: "“A,” Tom Vey, head of the watchdog group
        ..., told the BBC. “B.”" (however long the attribution)."""
        value = previous.value
        if value is None or value.speaker is None or previous.where != "after the quote" or previous.anchor is None:
            return False
        doc = self._doc
        sent = doc[previous.anchor].sent
        if not previous.close < sent.end <= cand.opening:
            return False
        between = doc[sent.end : cand.opening]
        if any(not t.is_space for t in between):
            return False
        return self._para[cand.opening] - self._para[previous.anchor] in (0, 1)

    def _speaker(self, subject: Token, anchor: int | None, last_org: _Speaker | None) -> _Speaker:
        doc = self._doc
        verb = f"'{doc[anchor].text}'" if anchor is not None and anchor != subject.i else "'according to'"
        lead = f"nsubj of {verb}" if verb != "'according to'" else "object of 'according to'"
        low, high = subject.left_edge.i, subject.right_edge.i + 1
        if verb != "'according to'" and anchor is not None and low <= anchor < high:
            low, high = subject.i, subject.i + 1
        word = subject.lower_
        if word in _PERSON_PRONOUNS:
            found = self._antecedent(subject)
            if found is not None:
                return replace(found, how=f"pronoun '{subject.text}' -> latest person who fits ({found.how})")
        # the subject's own mention, else one set off beside it ("The head of the mission, Deborah
        # Lyons, said"), else any in its phrase (not "the assistant to the president")
        own = self._people_at.get(subject.i)
        appositive = (self._people_at.get(c.i) for c in subject.children if c.dep_ == "appos")
        named = next((p for p in appositive if p is not None and p._.ww_person and p._.ww_person.name), None)
        person = (
            (own if own is not None and own._.ww_person and own._.ww_person.name else None)
            or named
            or own
            or next(
                (self._people_at[i] for i in range(low, high) if i in self._people_at and not self._nested(i, subject)),
                None,
            )
        )
        if person is None or person._.ww_person is None or not person._.ww_person.name:
            described = self._described_before(subject)
            if described is not None:
                info = described._.ww_person
                found = self._from_person(described, info, "its earlier mention")
                return replace(found, how=f"{lead} is '{doc[low:high].text}', described so before: {found.how}")
        if person is not None:
            info = person._.ww_person
            if (
                info is not None
                and person.root.dep_ == "poss"
                and person.root.head.i == subject.i
                and subject.lemma_.lower() not in self.document_nouns  # "Dr. Lee's statement said": Lee
            ):
                # "Prime Minister Imran Khan's office said": the office speaks, not the person
                how = f"{lead} is '{doc[low:high].text}' of person '{info.name or person.text}'"
                return _Speaker(None, None, info.organisation, None, info.actor_id, how, False)
            if info is not None:
                return self._from_person(person, info, lead)
        if word in _PERSON_PRONOUNS:
            how = f"pronoun '{subject.text}': no earlier person fits"
            return _Speaker(None, None, None, None, None, how, True, False)
        if word in _ORG_PRONOUNS:
            if last_org is None:
                return _Speaker(
                    None, None, None, None, None, f"pronoun '{subject.text}': no earlier organisation", False, False
                )
            return replace(last_org, how=f"pronoun '{subject.text}' -> last organisation ({last_org.how})")
        actor = self._actor_at.get(subject.i) or next(
            (self._actor_at[i] for i in range(low, high) if i in self._actor_at), None
        )
        if actor is not None:
            match: ActorMatch = actor._.ww_actor
            return _Speaker(
                None,
                None,
                match.name,
                None,
                match.actor_id,
                f"{lead} is organisation '{actor.text}' ({match.name})",
                False,
            )
        country = seat_country(subject.text) if subject.pos_ == "PROPN" and high - low == 1 else None
        if country is not None and any(subject.text in p.text.split() for p in self._people_at.values()):
            country = None  # "Victoria Ashford ... Victoria said": a person named before, not a capital
        if country is not None:
            government, government_id = self._government(country)
            how = f"{lead} is '{subject.text}', standing for {government}"
            return _Speaker(None, None, government, None, government_id, how, False)
        if subject.ent_type_ == "PERSON" and subject.pos_ == "PROPN":
            # a name the people component did not keep (no role, one word): the entity as written
            name = next(e for e in doc.ents if e.start <= subject.i < e.end).text
            if name.isupper():  # "KEMRI says": an acronym is an organisation, whatever the model says
                return _Speaker(None, None, name, None, None, f"{lead} is acronym '{name}' (organisation)", False)
            return _Speaker(name, None, None, name, None, f"{lead} is PERSON entity '{name}'", True)
        lemma = subject.lemma_.lower()
        if word in self.referring_bodies and subject.pos_ == "NOUN" and high - low == 2 and doc[low].lower_ == "the":
            found = self._named_body(subject)
            if found is not None:
                return replace(found, how=f"{lead} is {found.how}")
        if subject.lower_ in self.generic_bodies and subject.pos_ == "NOUN":
            organization, actor_id, body_how = self._body(subject)
            return _Speaker(None, None, organization, None, actor_id, f"{lead} is '{subject.text}'{body_how}", False)
        if lemma not in self.speaker_nouns and lemma not in self.document_nouns:
            # "In Chibok, one father, who ..., said": the parser may make the place the subject
            noun = next(
                (c for c in subject.children if c.dep_ == "appos" and c.lemma_.lower() in self.speaker_nouns), None
            )
            if noun is not None:
                subject, lemma = noun, noun.lemma_.lower()
        if lemma in self.speaker_nouns or lemma in self.document_nouns:
            human = lemma in self.speaker_nouns
            organization, actor_id, body_how = self._body_of(subject)
            what = "role" if human else "document"
            return _Speaker(
                None,
                lemma if human else None,
                organization,
                None,
                actor_id,
                f"{lead} is {what} '{doc[low:high].text}'{body_how}",
                human,
            )
        ent = next((e for e in doc.ents if e.start <= subject.i < e.end), None)
        if ent is not None and ent.label_ == "ORG" and subject.pos_ == "PROPN":
            # "The Red Cross said": an organisation the knowledge base does not hold, as written
            name = re.sub(r"^(?:the|The)\s+", "", ent.text)
            return _Speaker(None, None, name, None, None, f"{lead} is ORG entity '{name}' (as written)", False)
        return _Speaker(
            None, None, None, None, None, f"{lead} is '{doc[low:high].text}': no person or organisation", False, False
        )

    def _nested(self, index: int, subject: Token) -> bool:
        """Whether the token at ``index`` sits in a phrase that only describes ``subject`` ("a bench
        headed by Chief Justice X", "the assistant to the president"), or in a relative clause about a
        body ("the council, which removed X,"): not the one speaking. A relative clause about a person
        is not such a phrase: "a man whose voice resembles that of X" is taken for X."""
        token = self._doc[index]
        if token.dep_ == "compound":
            token = token.head
        if token.dep_ == "appos":
            return False  # "The leader of the group, X, said": the parser hangs X on "group"
        human = subject.lemma_.lower() in self.speaker_nouns
        path = []
        words = []
        while token.i != subject.i and token.head.i != token.i:
            path.append(token.dep_)
            token = token.head
            words.append(token.lower_)
        if "relcl" in path:
            return not human  # "a man whose voice ..." is a person; "the council, which ..." is not
        if path == ["pobj", "prep"] and words[0] in ("from", "by") and subject.lemma_.lower() in self.document_nouns:
            return False  # "a statement from Dr X": the document speaks for its author
        return any(dep in ("prep", "pobj", "agent", "acl") for dep in path)

    def _from_person(self, span: Span, info: PersonInfo, lead: str) -> _Speaker:
        if info.name:
            if span.text.lower() in _PERSON_PRONOUNS:
                how = f"pronoun '{span.text}' -> '{info.name}' (linked by wirewatch_people)"
            else:
                how = f"{lead} is person '{info.name}'"
            return _Speaker(info.name, info.role, info.organisation, info.person, info.actor_id, how, True)
        actor = next((self._actor_at[i] for i in range(span.start, span.end) if i in self._actor_at), None)
        if actor is not None and actor.start == span.start and actor.end == span.end:
            # "The ISPR said": the people component's unnamed spokesperson is the organisation speaking
            match: ActorMatch = actor._.ww_actor
            how = f"{lead} is organisation '{span.text}' ({match.name})"
            return _Speaker(None, info.role, match.name, info.person, match.actor_id, how, False)
        organisation, actor_id, body_how = info.organisation, info.actor_id, ""
        if organisation is not None and organisation.lower() in self.generic_bodies:
            # "a police official": the body of the article's country, as for a speaking noun
            found, found_id, body_how = self._body(organisation)
            if found_id is not None:
                organisation, actor_id = found, found_id
            else:
                body_how = ""
        elif (
            organisation is not None
            and actor_id is not None
            and self.kb.get(actor_id) is not None
            and (normalise(organisation) in self.demonyms or self.kb.country_of(organisation))
        ):
            # "a senior Pakistani official": the state body the people component found, by its name
            organisation = self.kb[actor_id].name
        how = f"{lead} is unnamed {info.role} ({organisation or 'no organisation'}){body_how}"
        return _Speaker(None, info.role, organisation, info.person, actor_id, how, True)

    def _body_of(self, subject: Token) -> tuple[str | None, str | None, str]:
        """The organisation of "a police official", "a military statement": the body word before the noun;
        of "a statement from Pfizer": an organisation entity the phrase names after it."""
        for child in subject.children:
            if child.dep_ in ("compound", "amod") and child.lower_ in self.generic_bodies:
                return self._body(child)
        for prep in subject.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("from", "of", "by"):
                continue
            for obj in prep.children:
                ent = next((e for e in self._doc.ents if e.start <= obj.i < e.end), None)
                # an organisation, or one proper noun the model took for a person ("a statement from Pfizer")
                if (
                    obj.dep_ == "pobj"
                    and ent is not None
                    and (ent.label_ == "ORG" or (ent.label_ == "PERSON" and len(ent) == 1 and obj.pos_ == "PROPN"))
                ):
                    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                    return name, None, f", organisation '{name}' named in its phrase"
        return None, None, ""

    def _body(self, word: Token | str) -> tuple[str | None, str | None, str]:
        """A body word ("police", "military") as the body of the article's dominant country, else as written."""
        text = word if isinstance(word, str) else word.text
        kind = self.generic_bodies[text.lower()]
        country, year = self._country()
        if kind and country and kind in self.bodies:
            actor = self.kb.find(country=country, name=self.bodies[kind], year=year)
            if actor is not None:
                return actor.name, actor.id, f", '{text}' -> {actor.name} (the article's country)"
        return text, None, f", organisation '{text}' as written"

    def _government(self, country: str) -> tuple[str, str | None]:
        """The government of ``country`` as the knowledge base names it, else named after the country."""
        known = self.kb.country_of(country) or country
        actor = self.kb.find(country=known, name=self.bodies["government"], year=self._country()[1])
        return (actor.name, actor.id) if actor is not None else (f"Government of {country}", None)

    def _named_body(self, subject: Token) -> _Speaker | None:
        """ "The ministry said": the latest body named earlier whose name holds that word ("the Interior
        Ministry ... The ministry said"), a known actor first, else an organisation entity as written."""
        word = subject.lower_
        earlier = sorted({id(s): s for s in self._actor_at.values()}.values(), key=lambda s: s.start)
        for span in reversed(earlier):
            if span.end <= subject.i and word in span.text.lower().split():
                match: ActorMatch = span._.ww_actor
                how = f"'{subject.text}' -> '{span.text}' named before ({match.name})"
                return _Speaker(None, None, match.name, None, match.actor_id, how, False)
        for ent in reversed(self._doc.ents):
            if ent.label_ == "ORG" and ent.end <= subject.i and word in ent.text.lower().split():
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                return _Speaker(None, None, name, None, None, f"'{subject.text}' -> '{name}' named before", False)
        return None

    def _country(self) -> tuple[str | None, int | None]:
        if self._dominant is None:
            doc = self._doc
            spans = doc._.ww_actors or () if Doc.has_extension("ww_actors") else ()
            context = article_context(
                doc,
                self.kb,
                ((s.start, s.end, s._.ww_actor.actor_id) for s in spans if s._.ww_actor),
                demonyms=self.demonyms,
            )
            self._dominant = (context.dominant, context.year)
        return self._dominant


def _words(lexicon: Mapping[str, object], key: str) -> frozenset[str]:
    """A list of a lexicon file as a set of strings."""
    items = lexicon.get(key) or ()
    return frozenset(str(item) for item in items) if isinstance(items, list | tuple) else frozenset()


def _mapping(lexicon: Mapping[str, object], key: str) -> Mapping[str, Any]:
    """A mapping of a lexicon file (empty when absent)."""
    value = lexicon.get(key)
    return value if isinstance(value, Mapping) else {}


def _unresolved(how: str, *, human: bool = False) -> _Speaker:
    return _Speaker(None, None, None, None, None, how, human, resolved=False)


def _paragraphs(doc: Doc) -> list[int]:
    """The paragraph number of every token (a newline in a token or after it starts a new one)."""
    out = []
    number = 0
    for token in doc:
        if "\n" in token.text and not token.is_space:
            number += 1
        out.append(number)
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            number += 1
    return out


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, of the verb it is coordinated with ("... and warned that ..."), or of the
    verb a participle hangs from ("X said ..., adding that ...", "X denied any role, saying ...")."""
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS]
    if subjects:  # the nearest: "The group, the ISPR said, had ..." is parsed with two
        return min(subjects, key=lambda child: abs(child.i - verb.i))
    if verb.dep_ == "conj":
        for child in verb.head.children:
            if child.dep_ in _SUBJECTS:
                return child
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head) if verb.head.i != verb.i else None
    return None


def _quoted_as_saying(verb: Token) -> Token | None:
    """The one quoted in "X quoted Y as saying ..." (the object of "quote" or "cite" for "saying"), or in
    "Y was quoted by X as saying ..." (the passive subject)."""
    prep = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lemma_ not in ("quote", "cite"):
        return None
    return next((c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _channel_clauses(verb: Token) -> list[Token]:
    """The "that" clause the parser hung on the channel of speech ("said in a message that ...")."""
    return [
        clause
        for prep in verb.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
        for clause in obj.children
        if clause.dep_ in ("acl", "relcl", "ccomp")
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        and any(c.dep_ in _SUBJECTS for c in clause.children)
    ]


def _same(a: Token | None, b: Token) -> bool:
    """Whether ``a`` is the token ``b`` (spaCy makes a new Token object on every access)."""
    return a is not None and a.i == b.i


def _negated(verb: Token) -> bool:
    """A verb with a negation of its own ("did not say")."""
    return any(child.dep_ == "neg" for child in verb.children)


def _negated_subject(subject: Token) -> bool:
    """A subject that names nobody ("No group", "nobody", "no one")."""
    if subject.lower_ in ("nobody", "none", "no-one"):
        return True
    return any(child.dep_ == "det" and child.lower_ == "no" for child in subject.children)


def _lead_end(doc: Doc, para: list[int]) -> int:
    """The token after the article's first sentence (the news lead): its first full stop or question
    mark, else the end of its first paragraph."""
    for token in doc:
        if para[token.i] != para[0]:
            return token.i
        if token.text in (".", "?", "!"):
            return token.i + 1
    return len(doc)


def _according_clause(according: Token) -> tuple[int, int] | None:
    """Token bounds of the clause "according to X" modifies, without the phrase itself."""
    head = according.head
    if head.i == according.i:
        return None
    low, high = head.left_edge.i, head.right_edge.i + 1
    a_low, a_high = according.left_edge.i, according.right_edge.i + 1
    before, after = (low, a_low), (a_high, high)
    return after if after[1] - after[0] >= before[1] - before[0] else before


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without a dateline, leading "that" and punctuation, and trailing punctuation and spaces."""
    if (
        end - start > 2
        and doc[start].is_upper
        and len(doc[start]) > 2
        and doc[start + 1].text in (",", ":", "—", "–", "/")
        and (start == 0 or "\n" in doc[start - 1].text + doc[start - 1].whitespace_)
    ):
        for i in range(start + 1, min(end, start + DATELINE_TOKENS)):
            if doc[i].text in ("–", "—", "-", ":"):
                start = i + 1
                break
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "mark"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


@Language.factory("wirewatch_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    """Factory of the ``wirewatch_quotes`` component (add it after ``wirewatch_people``)."""
    register_span_extension()
    if not Doc.has_extension("ww_quotes"):
        Doc.set_extension("ww_quotes", default=None)
    return QuoteFinder(nlp, name)


register_span_extension()
