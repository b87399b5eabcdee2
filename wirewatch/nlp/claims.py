"""The ``wirewatch_claims`` component: attributed propositions about events, with stance and hedging.

Runs last (after ``wirewatch_events``) and reads ``doc._.ww_actors``, ``doc._.ww_people``,
``doc._.ww_quotes``, ``doc._.ww_quantities`` and ``doc._.ww_events``. Writes ``doc._.ww_claims``: a list
of Spans in text order, each with ``span._.ww_claim`` a ``ClaimValue``. Finding (``ClaimFinder.find``)
and writing (``set_annotations``) are kept apart, as in ``wirewatch.nlp.quotes``. Cue verbs, stance
phrases, hedges and relay patterns are data: ``data/lexicons/claims.yaml``.

Conventions:

- Where claims come from, first match wins when two overlap:
  1. a stance verb with a subject ("X denied ...", "X accused Y of ...", "officials blamed Z", "which
     Pakistan denies") or a responsibility phrase ("X claimed responsibility for ...", "X distanced
     itself from ..."), a toll set by its subject ("the ministry put the toll at 61") or an inquiry's
     finding ("a report by X found that ...": X is the claimant); negated verbs and negated subjects
     ("No group said ...") give none;
  2. material that shows something ("footage ... purportedly shows ..."): no claimant, relayed (via) by
     whoever obtained, shared or examined it;
  3. reported speech the quotes component found (``doc._.ww_quotes``, indirect), with its speaker as the
     claimant, when the reported clause is about an event: someone's responsibility ("its fighters carried
     out", "was behind", "stayed in contact with handlers"), a fatality figure or a death ("were believed
     to have died"; not "die at home" as a rule), a toll ("the death toll had risen", "317 pupils were
     missing"), a finding ("investigators have found ...", "... caused ..."), what an event was ("the
     strike was not justified", "the fire had been started deliberately", "the attacks appeared to have
     been planned") or why an act was done ("for strategic reasons"). A clause headed by
     will/would/should/must is a promise, threat or demand, not a claim. "According to X" speech comes
     last: when it overlaps a "said" clause, X is the relay of that claim instead. A trailing source
     ("Y, police said") is the article's own source, not a claim, unless a named person or an office
     holder speaks ("Y, the region's police chief said"); such speech the quotes component left out is
     read here from the parse.
- The span is the proposition: the reported clause ("X said (that) [...]", "X denied ..., saying [...]",
  "[...], X said") without "that" and end punctuation, as quotes' indirect speech; for a stance verb with
  no clause, the verb's own clause from its subject ("[officials blamed al-Shabaab]", "[which Pakistan
  denies]"), cut before a clause of its own that follows (", a day after ...", ", which ...").
- Stance: a deny-verb or a denied responsibility ("had nothing to do with") is ``denies``; the claimant's
  own act ("its fighters", "his men", "it", the claimant's own name as doer) is ``claims_responsibility``;
  a third party's responsibility ("said India was behind") or an accusing verb (accuse, blame, allege,
  claim, suspect) is ``alleges``; anything else ``asserts``.
- Claimant: for reported speech, the quote's speaker (person name, else organisation) and actor id; else
  the subject: a people mention, an actor mention in the subject phrase (canonical name), a pronoun ->
  the latest organisation that spoke or claimed, a PERSON entity, else the subject phrase as written.
- Hedged: an adverb of doubt anywhere in the sentence (outside another claim of it), a modal of the
  claim's verb (may, might, could), a doubt adjective on its subject or an event noun ("the alleged
  attack"), a passive of belief ("is believed to"), "suspect" as the cue, or a disclaimer in the sentence
  or at the start of the next ("It could not be independently verified"). ``hedge`` is the words.
- Via: the agent of a relaying participle outside the span ("obtained by Mahaz", "carried by its Amaq
  news agency"), an outlet after through/via/on ("through its Amaq news agency", "shared on social
  media"), or an outlet "according to" which a claim is made; a proper name in that phrase stands for it.
- Event: the event whose evidence span holds the claim, unless it is a Statements event; a claim that
  refers to an event ("the bombing", "it" as what was done, a responsibility or a denial, a fatality
  figure) -> the nearest non-Statements event before it, else the article's first; a general claim (no
  reference, or a bare plural "attacks"/"raids"; "the floods" refers) -> None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .kb import load_kb, load_lexicon
from .records import Stance

__all__ = ["ClaimFinder", "ClaimValue", "register_span_extension", "set_annotations"]

NEXT_SENTENCE_DISCLAIMER = 6
"""A disclaimer in the next sentence counts only within its first 6 tokens ("The claim could not be
independently verified", "It could not be confirmed"): further on it is about something else."""

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CUT_DEPS = frozenset({"advcl", "conj", "parataxis", "ccomp"})
"""A verb's children after it that start a clause of their own: cut from a verb-clause claim."""
_REFERENCE_STARTS = frozenset({"it", "this", "that", "the", "these", "those", "such", "neither", "none"})
_DETERMINERS = frozenset({"the", "this", "that", "its", "their", "his", "her", "our"})
_RELATIVE = frozenset({"which", "that", "who", "whom", "what"})
_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})
_STANCES = ("asserts", "alleges", "denies", "claims_responsibility")


@dataclass(frozen=True)
class ClaimValue:
    """What a claim span is: the fields of ``records.ClaimMention`` but text and offsets."""

    claimant: str | None
    claimant_id: str | None
    stance: Stance
    hedged: bool
    hedge: str | None
    via: str | None
    event_index: int | None
    cue: str | None
    how: str = ""


@dataclass
class _Candidate:
    start: int
    end: int
    anchor: int
    """The cue token: the stance or speech verb, "according", or the material's verb."""
    cue: str
    stance: Stance
    claimant: str | None
    claimant_id: str | None
    priority: int
    """0 stance verbs, 1 material, 2 reported speech, 3 "according to" speech: lower wins an overlap."""
    how: str
    via: str | None = None
    refers: bool = False
    """The claim names or points back to one event ("the bombing", "it", a responsibility, a toll)."""
    general: bool = False
    """The claim is about many events ("in raids in several provinces")."""
    hedges: list[str] = field(default_factory=list)
    material: bool = False
    """Shown by material ("footage ... shows"): kept only when hedged or relayed."""


def register_span_extension() -> None:
    """``span._.ww_claim`` (idempotent)."""
    if not Span.has_extension("ww_claim"):
        Span.set_extension("ww_claim", default=None)


def set_annotations(doc: Doc, found: Iterable[tuple[int, int, ClaimValue]]) -> None:
    """Write ``doc._.ww_claims`` (Spans in text order) and each span's ``span._.ww_claim``."""
    spans: list[Span] = []
    for start, end, value in sorted(found, key=lambda item: (item[0], item[1])):
        span = Span(doc, start, end, label="CLAIM")
        span._.ww_claim = value
        spans.append(span)
    doc._.ww_claims = spans


class ClaimFinder:
    """The component: finds claims, their claimant, stance, hedging, relay and event (module docstring)."""

    def __init__(self, nlp: Language, name: str = "wirewatch_claims") -> None:
        self.name = name
        lex = load_lexicon("claims")
        self.stance_of: dict[str, Stance] = {}
        for stance, verbs in _mapping(lex, "stance_verbs").items():
            for verb in verbs or ():
                self.stance_of[str(verb)] = _stance(stance)
        self.needs_complement: dict[str, frozenset[str]] = {
            str(verb): frozenset(str(d) for d in deps or ()) for verb, deps in _mapping(lex, "needs_complement").items()
        }
        self.hedging_verbs = _words(lex, "hedging_verbs")
        phrases = _mapping(lex, "responsibility_phrases")
        self.phrases: dict[tuple[str, str], Stance] = {
            (str(verb), str(word)): _stance(stance) for stance, pairs in phrases.items() for verb, word in pairs or ()
        }
        resp = _mapping(lex, "responsibility")
        verbs = [str(v) for v in resp.get("verbs") or ()]
        self.resp_verbs = frozenset(v for v in verbs if " " not in v)
        self.resp_particles = frozenset(tuple(v.split(" ", 1)) for v in verbs if " " in v)
        self.resp_predicates = frozenset(str(w) for w in resp.get("predicates") or ())
        self.negators = frozenset(str(w) for w in resp.get("negators") or ())
        self.self_words = _words(lex, "self_reference")
        self.event_nouns = _words(lex, "event_nouns")
        self.finding_verbs = _words(lex, "finding_verbs")
        self.casualty_verbs = _words(lex, "casualty_verbs")
        self.casualty_nouns = _words(lex, "casualty_nouns")
        self.toll_nouns = _words(lex, "toll_nouns")
        self.count_nouns = _words(lex, "count_nouns")
        self.seem_verbs = _words(lex, "seem_verbs")
        self.casualty_states = _words(lex, "casualty_states")
        self.toll_verbs = _words(lex, "toll_verbs")
        self.toll_objects = _words(lex, "toll_objects")
        self.inquiry_nouns = _words(lex, "inquiry_nouns")
        self.inquiry_verbs = _words(lex, "inquiry_verbs")
        reasons = lex.get("reason_phrases")
        self.reason_phrases = frozenset(
            (str(pair[0]), str(pair[1])) for pair in (reasons if isinstance(reasons, list) else ()) if len(pair) == 2
        )
        self.contact_words = _words(lex, "contact_words")
        self.routine_source_nouns = _words(lex, "routine_source_nouns")
        self.evidence_nouns = _words(lex, "evidence_nouns")
        self.evidence_verbs = _words(lex, "evidence_verbs")
        self.hedge_adverbs = _words(lex, "hedge_adverbs")
        self.hedge_modals = _words(lex, "hedge_modals")
        self.hedge_adjectives = _words(lex, "hedge_adjectives")
        self.hedge_passives = _words(lex, "hedge_passives")
        self.non_claim_modals = _words(lex, "non_claim_modals")
        self.via_verbs = _words(lex, "via_verbs")
        self.via_preps = _words(lex, "via_preps")
        self.via_nouns = _words(lex, "via_nouns")
        self.speech_verbs = _words(load_lexicon("quotes_verbs"), "speech_verbs")
        roles = load_lexicon("people_roles").get("roles")
        self.role_words = frozenset(
            str(spelling).split()[-1].lower()
            for role in (roles if isinstance(roles, list) else ())
            if isinstance(role, Mapping)
            for spelling in role.get("spellings") or ()
        )
        """Last words of the people lexicon's role spellings ("chief", "spokesman"): the head of an office."""
        self.document_nouns = _words(load_lexicon("quotes_verbs"), "document_nouns")
        self.disclaimers = Matcher(nlp.vocab)
        disclaimers = lex.get("disclaimers")
        for i, phrase in enumerate(disclaimers if isinstance(disclaimers, list) else ()):
            self.disclaimers.add(f"disclaimer{i}", [[{"LOWER": str(word)} for word in phrase]])
        self.kb = load_kb()

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, self.find(doc))
        return doc

    # -- finding ------------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[tuple[int, int, ClaimValue]]:
        """Every claim in ``doc`` as (start token, end token, value), not yet written."""
        self._doc = doc
        self._people_at: dict[int, Span] = {}
        for span in _spans(doc, "ww_people"):
            for i in range(span.start, span.end):
                self._people_at[i] = span
        self._actor_at: dict[int, Span] = {}
        for span in _spans(doc, "ww_actors"):
            if span._.ww_actor is not None and span._.ww_actor.actor_id:
                for i in range(span.start, span.end):
                    self._actor_at[i] = span
        self._killed = [
            span
            for span in _spans(doc, "ww_quantities")
            if span._.ww_quantity is not None and span._.ww_quantity.category == "killed"
        ]
        self._quotes = [s for s in _spans(doc, "ww_quotes") if s._.ww_quote is not None]
        self._quoted = bytearray(len(doc))
        for span in self._quotes:
            if span._.ww_quote.kind == "direct":
                self._quoted[span.start : span.end] = b"\x01" * len(span)
        candidates = (
            self._from_verbs(doc) + self._from_material(doc) + self._from_quotes(doc) + self._from_trailing(doc)
        )
        kept = _without_overlaps(doc, candidates)
        self._relay(kept)
        for cand in kept:
            self._hedge(cand, kept)
        kept = [c for c in kept if not c.material or c.hedges or c.via]
        events = _event_table(doc)
        if doc.user_data.get("ww_conflict_in_scope") is False:
            # claims are about conflict events: an article the events component found to be about
            # neither armed violence nor unrest (a business or a court story) has no claim to code
            return []
        out = []
        for cand in kept:
            index, event_how = _event_of(cand, events)
            how = f"{cand.how}; {event_how}" if event_how else cand.how
            hedge = ", ".join(dict.fromkeys(cand.hedges)) or None
            value = ClaimValue(
                cand.claimant,
                cand.claimant_id,
                cand.stance,
                hedge is not None,
                hedge,
                cand.via,
                index,
                cand.cue,
                how,
            )
            out.append((cand.start, cand.end, value))
        return out

    def _from_verbs(self, doc: Doc) -> list[_Candidate]:
        """Stance verbs and responsibility phrases with a subject (convention 1)."""
        out: list[_Candidate] = []
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX") or self._quoted[verb.i] or verb.dep_ == "amod":
                continue
            stance, cue = self._verb_stance(verb)
            if stance is None:
                continue
            subject = _subject(verb)
            if subject is not None and subject.lemma_.lower() in self.event_nouns and verb.dep_ == "conj":
                # "X said the strike was ... and accused ...": the parser coordinates "accused" with the
                # reported clause; an event accuses no one, the speaker does
                speech = next((t for t in verb.ancestors if t.lemma_ in self.speech_verbs), None)
                subject = _subject(speech) if speech is not None else None
            if subject is None or _negated(verb) or _negated_subject(subject):
                continue
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in self.non_claim_modals for c in verb.children):
                continue
            if subject.lemma_.lower() in self.inquiry_nouns:
                subject = _author(subject)  # "a report by the commission": the commission found it
            claimant, claimant_id, who = self._claimant(subject, verb.i)
            said = self._reported(verb)
            if said is not None:
                start, end = said
            else:
                start, end = self._verb_clause(verb, subject)
            if end - start < 1:
                continue
            how = f"'{cue}' with subject {who}"
            cand = _Candidate(start, end, verb.i, cue, stance, claimant, claimant_id, 0, how)
            clause = doc[start:end]
            if stance == "alleges" and cue == "claim" and said is not None:
                resp = self._responsibility(clause, claimant, claimant_id)
                if resp is not None and resp[1] and not resp[0]:
                    cand.stance = "claims_responsibility"
                    cand.how += "; what is claimed is the claimant's own act"
            if cue in self.hedging_verbs:
                cand.hedges.append(verb.text)
            cand.refers = stance in ("claims_responsibility", "denies") or cue.endswith(" at") or self._refers(clause)
            cand.general = self._general(clause)
            out.append(cand)
        return out

    def _verb_stance(self, verb: Token) -> tuple[Stance | None, str]:
        """The stance a verb gives by itself and its cue, or (None, "")."""
        lemma = verb.lemma_.lower()
        for child in verb.children:
            word = child.lemma_.lower()
            if child.dep_ == "dobj" and (lemma, word) in self.phrases:
                return self.phrases[(lemma, word)], f"{lemma} {word}"
            if child.dep_ == "prep" and (lemma, word) in self.phrases:
                return self.phrases[(lemma, word)], f"{lemma} {word}"
        if lemma in self.toll_verbs:
            # "the health ministry put the toll at 61": a toll set by the subject
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            at = any(c.dep_ == "prep" and c.lower_ == "at" for c in verb.children)
            if obj is not None and at and (obj.lemma_.lower() in self.toll_objects or obj.lower_ in self.toll_objects):
                return "asserts", f"{lemma} at"
            return None, ""
        if lemma in self.inquiry_verbs:
            # "a report by the commission found that ...", "investigators concluded that ...": a finding
            subject = _subject(verb)
            if (
                subject is not None
                and subject.lemma_.lower() in self.inquiry_nouns
                and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
            ):
                return "asserts", lemma
            return None, ""
        if lemma == "claim":
            # "claimed the bombing": an event as object is a claim of responsibility; "the blast claimed
            # the lives of ..." (an event as subject) and "claimed victory" are not claims
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in self.event_nouns:
                return "claims_responsibility", "claim"
            if any(c.dep_ == "ccomp" for c in verb.children) or self._reported(verb) is not None:
                return "alleges", "claim"
            return None, ""
        stance = self.stance_of.get(lemma)
        if stance is None:
            return None, ""
        deps = {c.dep_ for c in verb.children}
        if lemma in self.needs_complement:
            wanted = self.needs_complement[lemma]
            found = deps | {f"prep:{c.lower_}" for c in verb.children if c.dep_ == "prep"}
            if not found & wanted or "nsubjpass" in deps:
                return None, ""
        if not deps & {"dobj", "ccomp", "xcomp", "advcl", "prep", "oprd"} and verb.dep_ != "relcl":
            return None, ""
        return stance, lemma

    def _reported(self, verb: Token) -> tuple[int, int] | None:
        """Token bounds of what a stance verb reports: its clausal complement after it ("denied that
        ..."), or the complement of a "saying" clause attached to it ("..., saying it had ...")."""
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i > verb.i:
                return _trim(self._doc, child.left_edge.i, child.right_edge.i + 1)
        for child in verb.children:
            if (
                child.dep_ in ("advcl", "xcomp")
                and child.tag_ == "VBG"
                and child.i > verb.i
                and child.lemma_ in self.speech_verbs
                and not any(c.dep_ in _SUBJECTS for c in child.children)
            ):
                for clause in child.children:
                    if clause.dep_ == "ccomp" and clause.i > child.i:
                        return _trim(self._doc, clause.left_edge.i, clause.right_edge.i + 1)
        return None

    def _verb_clause(self, verb: Token, subject: Token) -> tuple[int, int]:
        """The verb's own clause: from its subject (or a relative pronoun before it), cut before a
        clause of its own that follows."""
        doc = self._doc
        start = verb.i
        if subject.head.i == verb.i and subject.i < verb.i:
            start = subject.left_edge.i
        for child in verb.children:
            if child.i < verb.i and child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.lower_ in _RELATIVE:
                start = min(start, child.left_edge.i)
        end = verb.right_edge.i + 1
        for token in doc[verb.i + 1 : end]:
            if (token.head.i == verb.i and token.dep_ in _CUT_DEPS) or (
                token.dep_ == "relcl" and token.left_edge.i > 0 and doc[token.left_edge.i - 1].text == ","
            ):
                end = token.left_edge.i
                break
        sent = verb.sent
        start, end = max(start, sent.start), min(end, sent.end)
        return _trim(doc, start, end)

    def _from_material(self, doc: Doc) -> list[_Candidate]:
        """Material that shows something: "footage ... purportedly shows ..." (convention 2)."""
        out: list[_Candidate] = []
        for verb in doc:
            if verb.lemma_.lower() not in self.evidence_verbs or verb.pos_ != "VERB" or self._quoted[verb.i]:
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None and verb.dep_ in ("dep", "conj", "ROOT"):
                # a long subject phrase ("fragments photographed ... and examined by ... show") often
                # leaves the verb misattached: the material noun before it in the sentence that is a subject
                subject = next(
                    (
                        t
                        for t in reversed(doc[verb.sent.start : verb.i])
                        if t.dep_ == "nsubj" and t.lemma_.lower() in self.evidence_nouns
                    ),
                    None,
                )
            if subject is None or subject.lemma_.lower() not in self.evidence_nouns or _negated(verb):
                continue
            start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("advmod", "aux") and c.i < verb.i])
            end = verb.right_edge.i + 1
            for token in doc[verb.i + 1 : end]:
                if token.head.i == verb.i and token.dep_ in ("advcl", "conj", "parataxis"):
                    end = token.left_edge.i
                    break
            start, end = _trim(doc, start, min(end, verb.sent.end))
            if end - start < 2:
                continue
            how = f"material '{subject.text}' {verb.lemma_}s it: no claimant"
            cand = _Candidate(start, end, verb.i, verb.lemma_.lower(), "asserts", None, None, 1, how)
            cand.material = True
            cand.via = self._via_in(subject, exclude=(start, end))
            clause = doc[start:end]
            cand.refers = self._refers(clause)
            cand.general = self._general(clause)
            out.append(cand)
        return out

    def _from_quotes(self, doc: Doc) -> list[_Candidate]:
        """Reported speech about an event, with the quotes component's speaker (convention 3)."""
        out: list[_Candidate] = []
        doc = self._doc
        for span in self._quotes:
            value = span._.ww_quote
            if value.kind != "indirect" or not value.cue:
                continue
            verb = self._speech_verb(span, value.cue)
            if verb is None:
                continue
            according = value.cue == "according to"
            subject = _according_object(verb) if according else _subject(verb)
            if not according and (_negated(verb) or (subject is not None and _negated_subject(subject))):
                continue
            claimant = value.speaker or value.organization
            claimant_id = value.actor_id
            if value.speaker is None and subject is not None:
                named = self._appositive_actor(subject)
                if named is not None:  # "A faction of the Pakistani Taliban, Jamaat-ul-Ahrar, said"
                    claimant, claimant_id = named._.ww_actor.name, named._.ww_actor.actor_id
            start, end = span.start, span.end
            if not according:
                end = self._adjacent_clauses(verb, end)
            if not according:  # "..., according to a statement published by X": X relays, not the claim
                cut = next((t.i for t in span if t.lower_ == "according" and t.i > start), None)
                if cut is not None:
                    start, end = _trim(doc, start, cut)
            clause = doc[start:end]
            if len(clause) < 1:
                continue
            head = clause.root
            if any(c.dep_ == "aux" and c.lower_ in self.non_claim_modals for c in head.children):
                continue
            about, stance, why = self._about(clause, value.cue, claimant, claimant_id)
            if about is None:
                continue
            if (
                not according
                and verb.i >= end
                and value.speaker is None
                and about in ("figure", "finding")
                and not self._office_holder(subject)
            ):
                # "Y, police said": a routine trailing source of the news itself, not a claim the article
                # sets apart (the evaluation guidelines' "bare trailing source"); a named person's or an
                # office holder's ("..., the region's police chief said") is one
                continue
            via = None
            if (
                subject is not None
                and claimant_id is None
                and value.speaker is None
                and subject.lemma_.lower() in self.via_nouns
            ):  # "local sources say ...", "local media reported"
                via, claimant = _phrase(subject), None
            if claimant_id and self._is_media(claimant_id):  # "according to its Amaq news agency"
                via, claimant, claimant_id = _proper_name(subject) if subject is not None else claimant, None, None
            how = f"{why}; claimant from the quote ({value.how})"
            if claimant is None and via is None and subject is not None:
                # "according to the provincial disaster authority, ...": the authority as written
                claimant, claimant_id, who = self._claimant(subject, verb.i)
                how = f"{why}; claimant {who}"
            cand = _Candidate(
                start, end, verb.i, value.cue, stance, claimant, claimant_id, 3 if according else 2, how, via
            )
            cand.refers = about in ("responsibility", "figure") or self._refers(clause)
            cand.general = self._general(clause)
            out.append(cand)
        return out

    def _adjacent_clauses(self, verb: Token, end: int) -> int:
        """The end of a reported clause with the clauses of the same verb that follow it at once: the parser
        splits "said militants opposed to X had been behind ..." into two complements of "said"."""
        moved = True
        while moved:
            moved = False
            for child in verb.children:
                if child.dep_ == "ccomp" and child.left_edge.i == end and child.i > verb.i:
                    end = _trim(self._doc, end, child.right_edge.i + 1)[1]
                    moved = True
        return end

    def _office_holder(self, subject: Token | None) -> bool:
        """Whether a speaker is one person known by office ("the region's police chief", "a spokesman for
        the ministry"), not a body, a pronoun or a generic noun ("an official")."""
        if (
            subject is None
            or subject.tag_ != "NN"
            or subject.lemma_.lower() in self.routine_source_nouns
            or subject.lower_ not in self.role_words
        ):
            return False
        person = self._people_at.get(subject.i)
        # the role is the subject's own word ("the police chief"), not a body a role was linked to
        return (
            person is not None
            and person.end - 1 == subject.i
            and person._.ww_person is not None
            and bool(person._.ww_person.role)
        )

    def _from_trailing(self, doc: Doc) -> list[_Candidate]:
        """Reported speech before its source that the quotes component left out ("Y, the region's police
        chief said"), kept as for quotes: about an event, and from a named person or an office holder."""
        out: list[_Candidate] = []
        for verb in doc:
            if verb.pos_ != "VERB" or verb.lemma_ not in self.speech_verbs or self._quoted[verb.i]:
                continue
            subject = _subject(verb)
            clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
            if subject is None or clause is None or subject.i < clause.right_edge.i or _negated(verb):
                continue
            if any(q.start <= clause.i < q.end or q.start <= verb.i < q.end for q in self._quotes):
                continue  # the quotes component's, handled with its speaker
            person = self._people_at.get(subject.i)
            info = person._.ww_person if person is not None else None
            named = subject.ent_type_ == "PERSON" or (info is not None and bool(info.name))
            if not (named or self._office_holder(subject)):
                continue
            sent = verb.sent
            start = max(clause.left_edge.i, sent.start)
            dash = next((t.i for t in doc[start : min(start + 8, clause.i)] if t.text in ("—", "–", "--")), None)
            if dash is not None:  # "TACLOBAN, Philippines — ...": the dateline is not said
                start = dash + 1
            start, end = _trim(doc, start, clause.right_edge.i + 1)
            if end - start < 2 or any(c.dep_ == "aux" and c.lower_ in self.non_claim_modals for c in clause.children):
                continue
            claimant, claimant_id, who = self._claimant(subject, verb.i)
            about, stance, why = self._about(doc[start:end], verb.lemma_, claimant, claimant_id)
            if about is None:
                continue
            how = f"{why}; trailing source {who}"
            cand = _Candidate(start, end, verb.i, verb.lemma_, stance, claimant, claimant_id, 2, how)
            cand.refers = about in ("responsibility", "figure") or self._refers(doc[start:end])
            cand.general = self._general(doc[start:end])
            out.append(cand)
        return out

    def _speech_verb(self, span: Span, cue: str) -> Token | None:
        """The speech verb (or "according") of a reported clause: the nearest with the cue's lemma."""
        sent = span.sent if span.start < len(self._doc) else None
        if sent is None:
            return None
        low = min(sent.start, span.start)
        high = max(sent.end, span.end)
        tokens = [
            t
            for t in self._doc[low:high]
            if (t.lower_ == "according" if cue == "according to" else t.lemma_ == cue and t.pos_ in ("VERB", "AUX"))
        ]
        if not tokens:
            return None
        return min(
            tokens, key=lambda t: (span.start <= t.i < span.end, min(abs(t.i - span.start), abs(t.i - span.end)))
        )

    def _about(
        self, clause: Span, cue: str, claimant: str | None, claimant_id: str | None
    ) -> tuple[str | None, Stance, str]:
        """What makes a reported clause a claim ("responsibility", "figure", "finding", "stance") and
        its stance; (None, "asserts", "") for a clause that is not about an event."""
        resp = self._responsibility(clause, claimant, claimant_id)
        cue_stance = self.stance_of.get(cue)
        if cue_stance == "denies":
            return "stance", "denies", f"'{cue}' denies"
        if resp is not None:
            negated, own, doer = resp
            if negated:
                return "responsibility", "denies", f"denied responsibility of '{doer}'"
            if own:
                return "responsibility", "claims_responsibility", f"the claimant's own act ('{doer}')"
            return "responsibility", "alleges", f"responsibility of a third party ('{doer}')"
        if cue_stance is not None and cue not in self.needs_complement:
            return "stance", cue_stance, f"'{cue}' gives {cue_stance}"
        for token in clause:  # "there were no casualties", "no damage to any infrastructure"
            if token.lower_ in self.casualty_nouns and any(
                c.dep_ == "det" and c.lower_ == "no" for c in token.children
            ):
                return "figure", "denies", f"denies '{token.text}'"
        if any(clause.start <= q.start and q.end <= clause.end for q in self._killed):
            return "figure", "asserts", "a fatality figure"
        heads = [p for head in _heads(clause) for p in self._predicates(head)]
        for head in heads:
            if head.lemma_.lower() in self.casualty_verbs and not _habitual(head):
                return "figure", "asserts", f"a death ('{head.text}')"
        for head in heads:
            subject = _subject(head)
            if subject is None or subject.i < clause.start:
                continue
            if self._toll_subject(subject) and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
                # "the toll had risen to 40"; not "the toll could climb further" (a forecast)
                return "figure", "asserts", f"a toll ('{_phrase(subject)}')"
            counted = any(c.dep_ in ("nummod", "quantmod") for c in subject.children) or subject.pos_ == "NUM"
            state = next((c for c in head.children if c.dep_ == "acomp" and c.lower_ in self.casualty_states), None)
            if (
                state is None
                and head.lower_ in self.casualty_states
                and not any(c.dep_ == "dobj" for c in head.children)
            ):
                state = head  # "were missing" parsed as a progressive
            if counted and state is not None:
                return "figure", "asserts", f"a count of the {state.lower_}"
        for head in heads:
            subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
            if (
                subject is not None
                and subject.lemma_.lower() in self.event_nouns
                and (subject.tag_ != "NNS" or _definite(subject))
            ):
                # "the strike was not justified"; "the attacks appeared to have been planned together":
                # a plural with a determiner points back to the events the article reports
                return "finding", "asserts", f"what the {subject.lower_} was"
            if head.lemma_.lower() in self.finding_verbs:
                return "finding", "asserts", f"a finding ('{head.lemma_}')"
        for head in heads:
            # the claimant's reasons for its own act; "schools were closed for security reasons" is none
            actor = _subject(head)
            if actor is None or not self._own(actor, claimant, claimant_id):
                continue
            for child in head.children:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if (
                    child.dep_ == "prep"
                    and obj is not None
                    and (child.lower_, obj.lemma_.lower()) in self.reason_phrases
                ):
                    return "finding", "asserts", f"why it was done ('{child.text} {obj.text}')"
        return None, "asserts", ""

    def _predicates(self, head: Token) -> list[Token]:
        """A head and, through a verb of belief or seeming, its open complement: "were believed to have
        died" -> believed, died; "appeared to have been planned". Not "deserved to die": a wish."""
        out = [head]
        while out[-1].lemma_.lower() in self.hedge_passives or out[-1].lemma_.lower() in self.seem_verbs:
            nxt = next((c for c in out[-1].children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
            if nxt is None or nxt in out:
                break
            out.append(nxt)
        return out

    def _toll_subject(self, subject: Token) -> bool:
        """Whether a subject is a toll: "the death toll", "the number of civilians killed or wounded"."""
        if subject.lemma_.lower() in self.toll_nouns or subject.lower_ in self.toll_nouns:
            return True
        if subject.lemma_.lower() not in self.count_nouns:
            return False
        for token in subject.subtree:  # "the number of civilians killed", "the number of dead"
            lemma = token.lemma_.lower()
            if token.i != subject.i and (lemma in self.toll_nouns or token.lower_ in self.toll_nouns):
                return True
            if lemma in self.casualty_verbs and token.tag_ == "VBN" and token.dep_ in ("acl", "amod", "conj"):
                return True
        return False

    def _responsibility(
        self, clause: Span, claimant: str | None, claimant_id: str | None
    ) -> tuple[bool, bool, str] | None:
        """(negated, the claimant's own, doer text) when the clause says who did an act: "its fighters
        carried out the attack", "it was behind the bombing", "the group had no connection with it"."""
        heads = _heads(clause)
        for n, head in enumerate(heads):
            doer = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if doer is None and n > 0 and head.dep_ != "conj":
                # a clause the parser split in two ("militants opposed to X | had been behind ..."): the
                # subject of the part before is the doer
                doer = next((c for h in heads[:n] for c in h.children if c.dep_ == "nsubj"), None)
            lemma = head.lemma_.lower()
            particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
            found = False
            negated = any(c.dep_ == "neg" for c in head.children)
            if lemma in self.resp_verbs or (lemma, particle) in self.resp_particles:
                found = True
                if doer is None:  # "was carried out by X"
                    agent = next((c for c in head.children if c.dep_ == "agent"), None)
                    doer = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            elif any(self._contact(c) for c in head.children):  # "stayed in contact with handlers"
                found = doer is not None and not self._own(doer, claimant, claimant_id)
            elif lemma in ("be", "have"):
                for child in head.children:
                    word = child.lower_
                    if child.dep_ in ("prep", "advmod", "acomp", "attr", "dobj") and word in self.resp_predicates:
                        found = True
                    elif self._contact(child):  # "had been in contact with": a third party's links only
                        found = doer is not None and not self._own(doer, claimant, claimant_id)
                    elif child.dep_ == "dobj" and word in ("nothing", "none"):
                        found = any(t.lower_ == "with" for t in child.subtree)
                        negated = negated or found
                    if found and child.dep_ in ("dobj", "attr"):
                        negated = negated or any(
                            d.dep_ in ("det", "neg") and d.lower_ in self.negators for d in child.children
                        )
                    if found:
                        break
            if not found or doer is None:
                continue
            return negated, self._own(doer, claimant, claimant_id), _phrase(doer)
        return None

    def _contact(self, prep: Token) -> bool:
        """ "in contact with", "in touch with": links of the doer to someone else."""
        if prep.dep_ != "prep" or prep.lower_ != "in":
            return False
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        return obj is not None and obj.lemma_.lower() in self.contact_words

    def _own(self, doer: Token, claimant: str | None, claimant_id: str | None) -> bool:
        """Whether the doer of an act is the claimant: a pronoun, a possessive ("its fighters", "one of
        his men") or the claimant's own name or actor."""
        if doer.lower_ in self.self_words:
            return True
        for token in doer.subtree:
            if token.dep_ == "poss" and token.lower_ in self.self_words:
                return True
            actor = self._actor_at.get(token.i)
            if actor is not None and claimant_id is not None and actor._.ww_actor.actor_id == claimant_id:
                return True
        return claimant is not None and claimant.lower() in _phrase(doer).lower()

    def _refers(self, clause: Span) -> bool:
        """Whether a clause points at one event: "the bombing", "Friday's attack", "this incident"; a plural
        only with a definite determiner or a possessive ("the floods", "Thursday's attacks": the events
        the article reports), not "attacks" or "several raids"."""
        for token in clause:
            if token.lemma_.lower() not in self.event_nouns or token.pos_ != "NOUN":
                continue
            if token.tag_ != "NNS" and any(c.dep_ in ("det", "poss") for c in token.children):
                return True
            if token.tag_ == "NNS" and _definite(token):
                return True
        return False

    def _general(self, clause: Span) -> bool:
        """Whether a clause is about many events ("in raids in several provinces")."""
        plural = any(t.lemma_.lower() in self.event_nouns and t.tag_ == "NNS" for t in clause)
        return plural and not self._refers(clause)

    # -- claimants ----------------------------------------------------------------------------------

    def _claimant(self, subject: Token, verb: int) -> tuple[str | None, str | None, str]:
        """(claimant, actor id, how) of a stance verb's subject (module docstring)."""
        doc = self._doc
        if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
            subject = subject.head.head  # "the group that claimed ...", "militias, which deny ..."
        low, high = subject.left_edge.i, subject.right_edge.i + 1
        if low <= verb < high:
            low, high = subject.i, subject.i + 1
        person = self._people_at.get(subject.i) or next(
            (self._people_at[i] for i in range(low, high) if i in self._people_at), None
        )
        if person is not None and person._.ww_person is not None:
            info = person._.ww_person
            if info.name:
                return info.name, info.actor_id, f"person '{info.name}'"
            if info.organisation:
                return info.organisation, info.actor_id, f"{info.role or 'person'} of '{info.organisation}'"
        actor = (
            self._actor_at.get(subject.i)
            or self._appositive_actor(subject)
            or next((self._actor_at[i] for i in range(low, high) if i in self._actor_at), None)
        )
        if actor is not None:
            match = actor._.ww_actor
            return match.name, match.actor_id, f"organisation '{actor.text}' ({match.name})"
        if subject.lower_ in _PRONOUNS:
            previous = self._latest_speaker(subject.i)
            if previous is not None:
                return previous[0], previous[1], f"pronoun '{subject.text}' -> '{previous[0]}'"
            return None, None, f"pronoun '{subject.text}': no earlier organisation"
        if subject.ent_type_ == "PERSON":
            name = next((e.text for e in doc.ents if e.start <= subject.i < e.end), subject.text)
            return name, None, f"PERSON entity '{name}'"
        text = _phrase(subject, high=high)
        return text, None, f"'{text}' as written"

    def _latest_speaker(self, before: int) -> tuple[str, str | None] | None:
        """The latest organisation that spoke before a token (for "it", "they"), else the latest actor."""
        best: tuple[str, str | None] | None = None
        for span in self._quotes:
            value = span._.ww_quote
            if span.start < before and value.organization and value.speaker is None:
                best = (value.organization, value.actor_id)
        if best is not None:
            return best
        for i in range(before - 1, -1, -1):
            actor = self._actor_at.get(i)
            if actor is not None and actor._.ww_actor.name:
                return actor._.ww_actor.name, actor._.ww_actor.actor_id
        return None

    def _appositive_actor(self, subject: Token) -> Span | None:
        """The actor named in apposition to a subject ("a faction of X, Y, said": Y)."""
        for child in subject.children:
            if child.dep_ == "appos":
                actor = self._actor_at.get(child.i)
                if actor is not None:
                    return actor
        return None

    def _is_media(self, actor_id: str) -> bool:
        actor = self.kb.get(actor_id)
        return actor is not None and actor.type == "media"

    # -- relays, hedges -----------------------------------------------------------------------------

    def _relay(self, kept: Sequence[_Candidate]) -> None:
        """The via of claims that have none yet: relaying phrases of their sentence, outside the span."""
        doc = self._doc
        for cand in kept:
            if cand.via is not None:
                continue
            sent = doc[cand.anchor].sent
            relays = self.document_nouns | self.evidence_nouns
            for token in doc[min(sent.start, cand.start) : max(sent.end, cand.end)]:
                inside = cand.start <= token.i < cand.end
                via = None
                if token.lower_ == "according" and cand.cue != "according to" and not inside:
                    obj = _according_object(token)
                    if obj is not None and not (cand.start <= obj.i < cand.end):
                        via = self._via_in(obj, exclude=(cand.start, cand.end), according=True)
                elif (
                    token.lemma_.lower() in self.via_verbs
                    and token.pos_ == "VERB"
                    and token.i != cand.anchor
                    and doc[cand.anchor].left_edge.i <= token.i <= doc[cand.anchor].right_edge.i
                    and (not inside or (token.dep_ == "acl" and token.head.lemma_.lower() in relays))
                ):
                    # "in a video obtained by the AFP news agency": a relayed document, even inside
                    via = self._via_of(token)
                elif token.lower_ in self.via_preps and (
                    token.head.i == cand.anchor or token.head.lemma_.lower() in self.document_nouns
                ):
                    via = self._outlet(token)
                if via:
                    cand.via = via
                    cand.how += f"; via '{via}'"
                    break

    def _via_in(self, phrase: Token, *, exclude: tuple[int, int], according: bool = False) -> str | None:
        """A relay inside a phrase: a relaying participle's agent or outlet, or the phrase itself when
        it is an outlet ("according to its Amaq news agency")."""
        for token in phrase.subtree:
            if exclude[0] <= token.i < exclude[1]:
                continue
            if token.lemma_.lower() in self.via_verbs and token.pos_ == "VERB":
                via = self._via_of(token)
                if via:
                    return via
        if according:
            actor = self._actor_at.get(phrase.i)
            if phrase.lemma_.lower() in self.via_nouns or (
                actor is not None and self._is_media(actor._.ww_actor.actor_id)
            ):
                return _proper_name(phrase)
        return None

    def _via_of(self, participle: Token) -> str | None:
        """ "obtained by Mahaz" -> Mahaz; "shared on social media" -> social media."""
        for child in participle.children:
            if child.dep_ == "agent":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return _proper_name(obj)
            if child.dep_ == "prep" and child.lower_ in self.via_preps:
                via = self._outlet(child)
                if via:
                    return via
        return None

    def _outlet(self, prep: Token) -> str | None:
        """The outlet after "through"/"via"/"on" ("its Amaq news agency", "social media"), if one."""
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        actor = self._actor_at.get(obj.i)
        if (obj.lemma_.lower() in self.via_nouns or obj.lower_ in self.via_nouns) or (
            actor is not None and self._is_media(actor._.ww_actor.actor_id)
        ):
            return _proper_name(obj)
        if obj.lemma_.lower() in self.document_nouns:  # "in a statement on its Amaq agency"
            for child in obj.children:
                if child.dep_ == "prep" and child.lower_ in self.via_preps:
                    return self._outlet(child)
        return None

    def _hedge(self, cand: _Candidate, kept: Sequence[_Candidate]) -> None:
        """The hedging words of a claim (module docstring)."""
        doc = self._doc
        sent = doc[cand.anchor].sent
        others = [(c.start, c.end) for c in kept if c is not cand]
        for token in doc[min(sent.start, cand.start) : max(sent.end, cand.end)]:
            if any(s <= token.i < e for s, e in others) and not (cand.start <= token.i < cand.end):
                continue
            word = token.lower_
            if (
                (word in self.hedge_adverbs and token.dep_ == "advmod")
                or (
                    word in self.hedge_modals
                    and token.dep_ == "aux"
                    and cand.start <= token.head.i < cand.end
                    and not any(c.dep_ == "neg" for c in token.head.children)
                )
                or (
                    word in self.hedge_adjectives
                    and token.dep_ == "amod"
                    and (token.head.dep_ in _SUBJECTS or token.head.lemma_.lower() in self.event_nouns)
                )
            ):
                cand.hedges.append(token.text)
            elif token.lemma_.lower() in self.hedge_passives and token.tag_ == "VBN":
                aux = next((c for c in token.children if c.dep_ == "auxpass"), None)
                to = next((c for c in token.children if c.dep_ == "xcomp"), None)
                if aux is not None and to is not None:
                    cand.hedges.append(doc[aux.i : token.i + 1].text + " to")
        matches = self.disclaimers(doc)
        nxt = doc[sent.end].sent if sent.end < len(doc) else None
        for _, start, end in matches:
            if sent.start <= start < sent.end or (
                nxt is not None
                and nxt.start <= start < nxt.start + NEXT_SENTENCE_DISCLAIMER
                and doc[nxt.start].lower_ in _REFERENCE_STARTS
            ):
                cand.hedges.append(doc[start:end].text)


# -- helpers ------------------------------------------------------------------------------------------


def _stance(value: object) -> Stance:
    """A stance name of the lexicon, checked against the claim schema's enum."""
    if value not in _STANCES:
        raise ValueError(f"wirewatch/data/lexicons/claims.yaml: unknown stance {value!r} (one of {_STANCES})")
    return value  # type: ignore[return-value]


def _words(lexicon: Mapping[str, object], key: str) -> frozenset[str]:
    """A list of a lexicon file as a set of strings."""
    items = lexicon.get(key) or ()
    return frozenset(str(item) for item in items) if isinstance(items, list | tuple) else frozenset()


def _mapping(lexicon: Mapping[str, object], key: str) -> Mapping[str, Any]:
    """A mapping of a lexicon file (empty when absent)."""
    value = lexicon.get(key)
    return value if isinstance(value, Mapping) else {}


def _spans(doc: Doc, name: str) -> list[Span]:
    return list(getattr(doc._, name, None) or ()) if Doc.has_extension(name) else []


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, of the verb it is coordinated with, or of a "saying" clause's verb."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    if verb.dep_ == "conj" or (verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG"):
        return next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
    return None


def _negated(verb: Token) -> bool:
    """ "did not deny", "has never claimed": the verb itself negated."""
    return any(c.dep_ == "neg" for c in verb.children)


def _negated_subject(subject: Token) -> bool:
    """ "No group said ...", "Nobody claimed ...", "None of the groups ..."."""
    if subject.lower_ in ("nobody", "none", "noone", "nothing"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _definite(noun: Token) -> bool:
    """ "the attacks", "these raids", "Thursday's attacks": a plural that points back to reported events."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "these", "those")) for c in noun.children)


def _author(subject: Token) -> Token:
    """Who wrote a report or ran an inquiry: "a report by X", "X's report", "an inquiry of X"; else it."""
    for child in subject.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return subject


def _habitual(verb: Token) -> bool:
    """A verb in the simple present with no auxiliary ("many who fall ill die at home"): what happens as a
    rule, not a report of deaths (reported speech shifts a report into the past)."""
    verbs = [verb, verb.head] if verb.dep_ == "conj" else [verb]  # "stay away ... and die at home"
    return verb.tag_ in ("VBP", "VBZ", "VB") and not any(
        c.dep_ in ("aux", "auxpass") for v in verbs for c in v.children
    )


def _according_object(according: Token) -> Token | None:
    for to in according.children:
        if to.lower_ == "to":
            return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None


def _heads(clause: Span) -> list[Token]:
    """The clause's root and the verbs coordinated with it ("... and that ..."), and any other token whose
    head lies outside the clause (a reported clause the parser split in two)."""
    root = clause.root
    out = [root]
    out += [
        t for t in clause if t is not root and not (clause.start <= t.head.i < clause.end) and t.pos_ in ("VERB", "AUX")
    ]
    for token in clause:
        if token.dep_ == "conj" and token.head in out and token.pos_ in ("VERB", "AUX"):
            out.append(token)
    for token in clause:  # "... said that X and that Y": a ccomp under a conj
        if token.dep_ == "ccomp" and token.head in out and token.i > clause.start:
            out.append(token)
    return out


def _phrase(token: Token, *, high: int | None = None) -> str:
    """A noun phrase as written, without a leading article or possessive pronoun."""
    doc = token.doc
    low, end = token.left_edge.i, token.right_edge.i + 1
    if high is not None:
        end = min(end, high)
    while low < end - 1 and (doc[low].lower_ in _DETERMINERS or doc[low].lower_ in ("a", "an") or doc[low].is_punct):
        low += 1
    while end > low + 1 and doc[end - 1].is_punct:
        end -= 1
    return doc[low:end].text


def _proper_name(token: Token) -> str:
    """The proper name in a phrase ("its Amaq news agency" -> "Amaq"), else the phrase as written."""
    names = [t for t in token.subtree if t.pos_ == "PROPN" and (t.i == token.i or t.head.i == token.i)]
    if names:
        first, last = names[0].i, names[-1].i + 1
        if all(t.pos_ == "PROPN" for t in token.doc[first:last]):
            return token.doc[first:last].text
    return _phrase(token)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without leading "that", conjunctions and punctuation, and trailing punctuation and spaces."""
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("mark", "cc") or doc[start].lower_ == "but"
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end


def _without_overlaps(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates that win their overlaps (lower priority first, then earlier), in text order."""
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.priority, c.start, -c.end)):
        for k in kept:
            if cand.start < k.end and k.start < cand.end and cand.start < k.start and cand.anchor < k.start:
                # "X said [Y] and accused Z of ...": Y ends where the other claim starts
                cand.start, cand.end = _trim(doc, cand.start, k.start)
        if cand.end - cand.start < 2 or any(cand.start < k.end and k.start < cand.end for k in kept):
            continue
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


@dataclass(frozen=True)
class _Event:
    start: int
    end: int
    index: int
    statement: bool


def _event_table(doc: Doc) -> list[_Event]:
    """The article's events in text order (``doc._.ww_events``), with whether each is a Statements one."""
    out = []
    for span in _spans(doc, "ww_events"):
        value = getattr(span._, "ww_event", None) if Span.has_extension("ww_event") else None
        if value is None or getattr(value, "index", None) is None:
            continue
        statement = getattr(value, "event_type", None) == "Statements"
        out.append(_Event(span.start, span.end, int(value.index), statement))
    return sorted(out, key=lambda e: (e.start, e.index))


def _event_of(cand: _Candidate, events: Sequence[_Event]) -> tuple[int | None, str]:
    """The index of the event a claim is about, and how (module docstring)."""
    if not events:
        return None, ""
    holding = next((e for e in events if e.start <= cand.start < e.end), None)
    if holding is not None and not holding.statement:
        return holding.index, f"event {holding.index}: its evidence holds the claim"
    if cand.general or not (cand.refers or (holding is not None and cand.stance != "asserts")):
        return None, "no single event"
    before = [e for e in events if not e.statement and e.start < cand.start]
    if before:
        return before[-1].index, f"event {before[-1].index}: the nearest event before the claim"
    first = next((e for e in events if not e.statement), None)
    if first is not None:
        return first.index, f"event {first.index}: the article's first event"
    return None, "no event but statements"


@Language.factory("wirewatch_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    """Factory of the ``wirewatch_claims`` component (add it after ``wirewatch_events``)."""
    register_span_extension()
    if not Doc.has_extension("ww_claims"):
        Doc.set_extension("ww_claims", default=None)
    return ClaimFinder(nlp, name)


register_span_extension()
