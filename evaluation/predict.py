"""Runs wirewatch over the evaluation articles the way a user would, and writes its predictions for score.py.

Usage:
  python evaluation/predict.py OUT_DIR [--db PATH]   # then: python evaluation/score.py OUT_DIR

The articles (id, url, published, title, text) are ingested as JSON Lines records, which keep their
``id``, into a SQLite store (a temporary one unless --db is given) with analysis, so events are merged
across articles as in production; OUT_DIR/events.jsonl, quotes.jsonl and claims.jsonl are then written
by the store's export methods, the same as `wirewatch export events|quotes|claims`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from wirewatch.exports import write_jsonl
from wirewatch.ingest.jsonl import parse_record
from wirewatch.pipeline import run
from wirewatch.store import open_store

ARTICLES = Path(__file__).resolve().parent / "articles"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="directory to write events.jsonl, quotes.jsonl, claims.jsonl")
    parser.add_argument("--db", help="keep the store in this file (default: a temporary one)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    paths = sorted(ARTICLES.glob("*.json"))
    records = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in paths]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(args.db or str(Path(folder) / "evaluation.db"))
        try:
            documents = (parse_record(record, str(path)) for path, record in records)
            summary = run(documents, store=store, command="evaluation", analyze=True)
            if summary.failed or summary.new != len(records):
                for failure in summary.failures:
                    print(f"failed  {failure.source}  [{failure.stage}] {failure.reason}", file=sys.stderr)
                print(
                    f"warning: {summary.new} of {len(records)} articles stored as new "
                    f"({summary.near_duplicate} near-duplicate, {summary.duplicate} duplicate, "
                    f"{summary.failed} failed)",
                    file=sys.stderr,
                )
            counts = {}
            for kind, found in (("events", store.events()), ("quotes", store.quotes()), ("claims", store.claims())):
                with (args.out / f"{kind}.jsonl").open("w", encoding="utf-8") as handle:
                    counts[kind] = write_jsonl(found, handle)
            stats = store.stats()
        finally:
            store.close()
    print(
        f"{len(records)} articles: {stats['event_mentions']} event mentions merged into {counts['events']} events "
        f"({stats['multi_source_events']} with several sources), {counts['quotes']} quotes, "
        f"{counts['claims']} claims -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
