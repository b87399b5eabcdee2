"""Golden test: hand-checked facts of the sample corpus found by the whole analysis (tests/data/demo_golden.yaml)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from wirewatch.demo import corpus_dir
from wirewatch.extract import extract
from wirewatch.models import RawDocument
from wirewatch.nlp import DocContext, NLPSettings
from wirewatch.nlp.analyze import analyses


def fold(name: str | None) -> str | None:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() if name else name


GOLDEN = yaml.safe_load((Path(__file__).parent / "data" / "demo_golden.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def analysed():
    pages = {}
    for entry in GOLDEN:
        path = corpus_dir() / "pages" / entry["page"]
        article = extract(RawDocument(source=str(path), html=path.read_text(encoding="utf-8")))
        pages[entry["page"]] = (article.text, DocContext(published=article.published, article_id=entry["page"]))
    return {ctx.article_id: a for ctx, a in analyses(pages.values(), settings=NLPSettings())}


@pytest.mark.slow
@pytest.mark.parametrize("entry", GOLDEN, ids=[e["page"][:2] for e in GOLDEN])
def test_nlp_golden_demo_page(analysed, entry):
    analysis = analysed[entry["page"]]
    actors = {(m.text, m.actor_id) for m in analysis.actors}
    for written, actor_id in (entry.get("actors") or {}).items():
        assert (written, actor_id) in actors, f"{written} -> {actor_id}"
    dates = {(m.text, m.value) for m in analysis.dates}
    for written, value in (entry.get("dates") or {}).items():
        assert (written, str(value)) in dates, f"{written} -> {value}: {sorted(dates)}"
    figures = {(m.category, m.low) for m in analysis.quantities}
    for category, low in entry.get("figures") or []:
        assert (category, low) in figures, f"{category} {low}: {sorted(figures, key=str)}"
    # Admin names keep GeoNames' diacritics ("Kābul"); compared without them.
    places = {(p.text, fold(p.admin1), p.country) for p in analysis.places}
    for written, (admin1, country) in (entry.get("places") or {}).items():
        assert (written, admin1, country) in places, f"{written}: {sorted(places, key=str)}"
