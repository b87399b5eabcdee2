"""Runs wirewatch's analysis over the evaluation articles and writes its predictions for score.py.

Usage:
  python evaluation/predict.py OUT_DIR        # then: python evaluation/score.py OUT_DIR

Writes OUT_DIR/quotes.jsonl in the export shape (quote.schema.json). events.jsonl and claims.jsonl are
written empty until wirewatch extracts events and claims (issue 4), so their figures read 0 for now.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from wirewatch.nlp import DocContext, NLPSettings
from wirewatch.nlp.analyze import analyses

ARTICLES = Path(__file__).resolve().parent / "articles"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.json"))]
    urls = {a["id"]: a["url"] for a in articles}
    items = [(a["text"], DocContext(published=a["published"], article_id=a["id"])) for a in articles]
    count = 0
    with (out / "quotes.jsonl").open("w", encoding="utf-8") as handle:
        for context, analysis in analyses(items, settings=NLPSettings()):
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
    for kind in ("events", "claims"):
        (out / f"{kind}.jsonl").write_text("", encoding="utf-8")
    print(f"{len(articles)} articles, {count} quotes -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
