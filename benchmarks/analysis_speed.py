"""Language-analysis speed: the whole analysis against plain spaCy nlp.pipe on the same texts.

Makes N articles (default 500) from the sample corpus by recombining its paragraphs (each article keeps
its source's first paragraph, dateline and publication date, and takes the rest at random), then times,
in one process and alternating over chunks of 50 so that the machine's load hits both alike:

  plain      nlp.pipe with en_core_web_sm only (wirewatch's components disabled)
  language   the language layer: actors, people, quotes, dates, quantities and places (events and
             claims disabled), plus converting each Doc into the Analysis record
  wirewatch  the whole analysis: the language layer plus events and claims

The events-and-claims overhead is (wirewatch - language) / language; issue 4 allows 25% for events,
quotes, claims and merging together (merging is timed by benchmarks/merge_speed.py).

CPU time of this process; the same pipeline object and batch size for both.

Usage: python benchmarks/analysis_speed.py [-n 500] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from wirewatch.extract import extract
from wirewatch.models import RawDocument
from wirewatch.nlp import DocContext, load_pipeline, pipe
from wirewatch.nlp.components import ORDER
from wirewatch.nlp.convert import doc_to_analysis

CORPUS = Path(__file__).resolve().parent.parent / "wirewatch" / "data" / "corpus" / "pages"
CHUNK = 50
LATER = ("wirewatch_events", "wirewatch_claims")
"""The components of issue 4, timed against the language layer they read."""


def make_articles(n: int, seed: int = 11) -> list[tuple[str, DocContext]]:
    rng = random.Random(seed)
    sources = [
        extract(RawDocument(source=str(p), html=p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.html"))
    ]
    pool = [para for a in sources for para in a.text.split("\n")[1:] if len(para) > 80]
    articles = []
    for i in range(n):
        base = sources[i % len(sources)]
        paragraphs = [base.text.split("\n")[0], *rng.sample(pool, k=min(len(pool), 7))]
        articles.append(("\n".join(paragraphs), DocContext(published=base.published, article_id=str(i))))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    articles = make_articles(args.n)
    nlp = load_pipeline()
    list(pipe(nlp, articles[:5], batch_size=args.batch_size))  # model, knowledge base and gazetteer warm-up
    seconds = {"plain": 0.0, "language": 0.0, "wirewatch": 0.0}
    mentions = events = claims = 0
    for start in range(0, len(articles), CHUNK):
        chunk = articles[start : start + CHUNK]
        began = time.process_time()
        with nlp.select_pipes(disable=list(ORDER)):
            for _doc in pipe(nlp, chunk, batch_size=args.batch_size):
                pass
        seconds["plain"] += time.process_time() - began
        began = time.process_time()
        with nlp.select_pipes(disable=list(LATER)):
            for doc in pipe(nlp, chunk, batch_size=args.batch_size):
                doc_to_analysis(doc)
        seconds["language"] += time.process_time() - began
        began = time.process_time()
        for doc in pipe(nlp, chunk, batch_size=args.batch_size):
            analysis = doc_to_analysis(doc)
            mentions += sum(len(getattr(analysis, f)) for f in ("actors", "people", "dates", "quantities", "places"))
            events += len(analysis.events)
            claims += len(analysis.claims)
        seconds["wirewatch"] += time.process_time() - began
    chars = sum(len(text) for text, _ in articles)
    print(
        f"articles: {len(articles)} ({chars / len(articles):.0f} characters on average), batch size {args.batch_size}"
    )
    print(f"plain spaCy:         {len(articles) / seconds['plain']:.1f} articles per CPU-second")
    print(f"language layer:      {len(articles) / seconds['language']:.1f} articles per CPU-second")
    print(f"wirewatch analysis:  {len(articles) / seconds['wirewatch']:.1f} articles per CPU-second")
    overhead = (seconds["wirewatch"] - seconds["language"]) / seconds["language"]
    print(f"events and claims:   +{overhead:.1%} over the language layer ({events} events, {claims} claims)")
    print(f"throughput ratio:    {seconds['plain'] / seconds['wirewatch']:.2f} of plain spaCy (aim: 0.8 or more)")
    print(f"mentions found:      {mentions} ({mentions / len(articles):.1f} per article)")
    print(f"peak memory:         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
