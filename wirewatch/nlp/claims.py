"""The ``wirewatch_claims`` component: attributed propositions (placeholder, being written)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span


def register_span_extension() -> None:
    if not Span.has_extension("ww_claim"):
        Span.set_extension("ww_claim", default=None)


class ClaimFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.ww_claims = []
        return doc


@Language.factory("wirewatch_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    register_span_extension()
    if not Doc.has_extension("ww_claims"):
        Doc.set_extension("ww_claims", default=None)
    return ClaimFinder(nlp, name)


register_span_extension()
