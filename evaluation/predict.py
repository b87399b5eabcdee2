"""Runs wirewatch's analysis over the evaluation articles and writes its predictions for score.py.

Usage:
  python evaluation/predict.py OUT_DIR        # then: python evaluation/score.py OUT_DIR

Writes OUT_DIR/quotes.jsonl, events.jsonl and claims.jsonl in the export shapes (quote, event and claim
schemas), straight from each article's analysis: one event per event mention, not merged across articles.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from wirewatch.nlp import DocContext, NLPSettings
from wirewatch.nlp.analyze import analyses

ARTICLES = Path(__file__).resolve().parent / "articles"
EVENT_FIELDS = (
    "event_date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.json"))]
    urls = {a["id"]: a["url"] for a in articles}
    items = [(a["text"], DocContext(published=a["published"], article_id=a["id"])) for a in articles]
    count = events = claims = 0
    with (
        (out / "quotes.jsonl").open("w", encoding="utf-8") as handle,
        (out / "events.jsonl").open("w", encoding="utf-8") as ev_handle,
        (out / "claims.jsonl").open("w", encoding="utf-8") as cl_handle,
    ):
        for context, analysis in analyses(items, settings=NLPSettings()):
            aid, url = str(context.article_id), urls[str(context.article_id)]
            for e in analysis.events:
                record = {
                    "id": f"{aid}:e{e.index}",
                    **{k: getattr(e, k) for k in EVENT_FIELDS},
                    "sources": [
                        {
                            "article_id": aid,
                            "url": url,
                            "evidence": e.text,
                            "start": e.start,
                            "end": e.end,
                            "event_date": e.event_date,
                            "fatalities": e.fatalities,
                            "injured": e.injured,
                            "reported_as": e.reported_as,
                        }
                    ],
                }
                ev_handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                events += 1
            for c in analysis.claims:
                record = {
                    "id": f"{aid}:c{c.start}",
                    "article_id": aid,
                    "url": url,
                    "claimant": c.claimant,
                    "claim": c.text,
                    "stance": c.stance,
                    "hedged": c.hedged,
                    "via": c.via,
                    "event_id": None if c.event_index is None else f"{aid}:e{c.event_index}",
                    "start": c.start,
                    "end": c.end,
                }
                cl_handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                claims += 1
            for q in analysis.quotes:
                record = {
                    "id": f"{context.article_id}:q{q.start}",
                    "article_id": context.article_id,
                    "url": urls[str(context.article_id)],
                    "speaker": q.speaker,
                    "speaker_role": q.speaker_role,
                    "organization": q.organization,
                    "quote": q.text,
                    "kind": q.kind,
                    "start": q.start,
                    "end": q.end,
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    print(f"{len(articles)} articles: {events} events, {count} quotes, {claims} claims -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
