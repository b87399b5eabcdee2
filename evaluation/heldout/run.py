#!/usr/bin/env python3
"""Held-out measurement on real news: wirewatch over the 30 pages of shared/data/extraction, scored.

Usage:
    python evaluation/heldout/run.py [--data PATH] [--out DIR] [--json] [--details]

The pages' texts are read from where they lie (``ground-truth.json``'s ``articleBody``), never copied
into the repository; ``gold.json`` beside this file holds offsets into those texts and the annotated
values only (see README.md). Each text goes through the real path as a JSON Lines record (id, url, the
page's title and publication date, the text) into a temporary SQLite store with analysis, the events
and quotes are exported in the JSONL shapes, and ``evaluation/score.py``'s matching scores them:

  * events over all 30 articles (mentions matched by evidence overlap; fields on matched mentions);
  * quotes only over the articles whose quotes were annotated (``quotes_annotated`` in gold.json);
  * no claims (none are annotated here).

The store keeps each text normalised (one paragraph per line, whitespace runs collapsed), so predicted
offsets are mapped back onto ``articleBody`` by aligning the stored text's non-space characters with
the body's (a misalignment is an error, not a silent shift).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from wirewatch.exports import write_jsonl  # noqa: E402
from wirewatch.extract.dates import page_date  # noqa: E402
from wirewatch.extract.page import load_page, page_title_author  # noqa: E402
from wirewatch.ingest.jsonl import parse_record  # noqa: E402
from wirewatch.pipeline import run  # noqa: E402
from wirewatch.store import open_store  # noqa: E402

GOLD = HERE / "gold.json"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"


def load_scorer() -> ModuleType:
    """evaluation/score.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("wirewatch_eval_score", HERE.parent / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(data: Path, gold: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Article id -> {body, url, html}; fails when a body is not the one the gold was annotated on."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for article in gold["articles"]:
        body = truth[article["page"]]["articleBody"]
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != article["body_sha256"]:
            raise SystemExit(f"{article['page']}: articleBody differs from the one the gold was annotated on")
        html = (data / "html" / f"{article['page']}.html").read_text(encoding="utf-8", errors="replace")
        pages[article["id"]] = {"body": body, "url": article["url"], "html": html}
    return pages


def record_for(article_id: str, page: dict[str, Any]) -> dict[str, Any]:
    """The JSON Lines record a user would ingest: the true body as text, date and title from the page."""
    tree = load_page(page["html"])
    title, _ = page_title_author(tree)
    return {
        "id": article_id,
        "url": page["url"],
        "title": title,
        "published": page_date(tree, url=page["url"]),
        "text": page["body"],
    }


def offset_map(body: str, stored: str) -> list[int]:
    """For each index of ``stored``, the index of the same character in ``body`` (spaces map to the
    next non-space character's index). ``stored`` is ``body`` with whitespace rearranged."""
    out: list[int] = []
    j = 0
    for char in stored:
        if char.isspace():
            out.append(j)
            continue
        while j < len(body) and body[j] != char:
            if not body[j].isspace():
                raise ValueError(f"stored text does not align with the body at {j}")
            j += 1
        if j == len(body):
            raise ValueError("stored text runs past the body")
        out.append(j)
        j += 1
    out.append(len(body))
    return out


def to_body(rec: dict[str, Any], maps: dict[str, list[int]]) -> dict[str, Any]:
    """A copy of an exported record (event source or quote) with start/end moved onto articleBody."""
    index = maps.get(rec.get("article_id") or "")
    if index is None or rec.get("start") is None or rec.get("end") is None:
        return dict(rec)
    start, end = int(rec["start"]), int(rec["end"])
    end = max(end, start + 1)
    return {**rec, "start": index[min(start, len(index) - 1)], "end": index[min(end - 1, len(index) - 1)] + 1}


def predict(records: list[dict[str, Any]], *, out: Path | None = None) -> tuple[dict[str, list[dict]], dict]:
    """Ingest the records with analysis into a temporary store; the exported events and quotes, and
    (under "texts") each stored article's text, which the offsets point into."""
    found: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="wirewatch-heldout-") as folder:
        store = open_store(str(Path(folder) / "heldout.db"))
        try:
            documents = (parse_record(record, f"heldout:{record['id']}") for record in records)
            summary = run(documents, store=store, command="evaluation-heldout", analyze=True)
            for kind, rows in (("events", store.events()), ("quotes", store.quotes())):
                buffer = io.StringIO()
                write_jsonl(rows, buffer)
                found[kind] = [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    (out / f"{kind}.jsonl").write_text(buffer.getvalue(), encoding="utf-8")
            for record in records:
                stored = store.article_text(record["id"])
                if stored is not None:
                    texts[record["id"]] = stored[0]
        finally:
            store.close()
    info = {
        "articles": len(records),
        "stored": summary.new,
        "failed": [f"{f.source} [{f.stage}] {f.reason}" for f in summary.failures],
        "texts": texts,
    }
    return found, info


def gold_for_scorer(gold: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """gold.json in the shape score.py's matching takes: events over all articles, quotes over the
    annotated subset only (returned separately, with its own article set)."""
    urls = {a["url"]: a["id"] for a in gold["articles"]}
    events = []
    for rec in gold["events"]:
        source = {k: rec[k] for k in ("article_id", "start", "end")}
        events.append({**{k: v for k, v in rec.items() if k not in source}, "sources": [source]})
    every = {"events": events, "quotes": [], "claims": [], "urls": urls, "articles": set(urls.values())}
    quoted = {a["id"] for a in gold["articles"] if a["quotes_annotated"]}
    subset = {
        "events": [],
        "quotes": gold["quotes"],
        "claims": [],
        "urls": {u: i for u, i in urls.items() if i in quoted},
        "articles": quoted,
    }
    return every, subset


def measure(data: Path = DEFAULT_DATA, *, out: Path | None = None) -> dict[str, Any]:
    """Run wirewatch over the held-out pages and score it; the result in score.py's shape."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    pages = load_pages(data, gold)
    records = [record_for(article_id, page) for article_id, page in pages.items()]
    return evaluate(gold, pages, records, out=out)


def evaluate(
    gold: dict[str, Any], pages: dict[str, dict[str, Any]], records: list[dict[str, Any]], *, out: Path | None = None
) -> dict[str, Any]:
    """Ingest ``records`` (one per page, ids as in ``gold``), score the export against ``gold``: events over
    every gold article, quotes over the ``quotes_annotated`` ones. Shared by every held-out set."""
    scorer = load_scorer()
    found, info = predict(records, out=out)
    texts = info.pop("texts")
    maps = {aid: offset_map(pages[aid]["body"], text) for aid, text in texts.items()}
    events = [{**ev, "sources": [to_body(s, maps) for s in ev.get("sources") or []]} for ev in found["events"]]
    quotes = [to_body(q, maps) for q in found["quotes"]]
    every, subset = gold_for_scorer(gold)
    result: dict[str, Any] = {
        "events": scorer.score_events(every, events),
        "quotes": scorer.score_quotes(subset, quotes),
    }
    result["summary"] = scorer.headline(result)
    result["run"] = {
        **info,
        "published": {r["id"]: r["published"] for r in records},
        "gold_events": len(gold["events"]),
        "gold_quotes": len(gold["quotes"]),
        "quote_articles": sorted(subset["articles"]),
    }
    result["details"] = details(gold, pages, events, quotes, subset["articles"])
    with_gold = {e["article_id"] for e in gold["events"]}
    stray = [aid for aid, entry in result["details"].items() if aid not in with_gold and entry["predicted_events"]]
    result["run"]["articles_without_gold_events"] = len(pages) - len(with_gold)
    result["run"]["false_event_articles"] = sorted(stray)
    result["run"]["false_events_there"] = sum(len(result["details"][aid]["predicted_events"]) for aid in stray)
    return result


def details(
    gold: dict[str, Any], pages: dict[str, dict], events: list[dict], quotes: list[dict], quoted: set[str]
) -> dict[str, Any]:
    """Per article: the gold and predicted event spans with their types, and quote counts (for reading
    the misses; printed at run time only, never stored)."""
    out: dict[str, Any] = {}
    for article_id, page in pages.items():
        body = page["body"]
        gold_events = [
            {"span": body[e["start"] : e["end"]][:160], "type": f"{e['event_type']} / {e['sub_event_type']}"}
            for e in gold["events"]
            if e["article_id"] == article_id
        ]
        predicted = [
            {
                "span": body[s["start"] : s["end"]][:160],
                "type": f"{ev.get('event_type')} / {ev.get('sub_event_type')}",
                "date": ev.get("event_date"),
                "fatalities": s.get("fatalities", ev.get("fatalities")),
                "admin1": ev.get("admin1"),
                "actor1": ev.get("actor1"),
            }
            for ev in events
            for s in ev["sources"]
            if s.get("article_id") == article_id and s.get("start") is not None
        ]
        entry: dict[str, Any] = {"url": page["url"], "gold_events": gold_events, "predicted_events": predicted}
        if article_id in quoted:
            entry["gold_quotes"] = sum(1 for q in gold["quotes"] if q["article_id"] == article_id)
            entry["predicted_quotes"] = sum(1 for q in quotes if q.get("article_id") == article_id)
        if gold_events or predicted:
            out[article_id] = entry
    return out


def render(result: dict[str, Any], scorer: ModuleType, *, name: str = "held-out real news") -> str:
    run_info = result["run"]
    head = (
        f"{name}: {run_info['articles']} articles ({run_info['stored']} stored), "
        f"{run_info['gold_events']} gold events, {run_info['gold_quotes']} gold quotes in "
        f"{len(run_info['quote_articles'])} articles"
    )
    lines = [head, scorer.render(result)]
    lines.append(
        f"  events predicted in the {run_info['articles_without_gold_events']} articles with no gold event: "
        f"{run_info['false_events_there']} (in {len(run_info['false_event_articles'])} articles)"
    )
    lines += [f"  not stored: {failure}" for failure in run_info["failed"]]
    return "\n".join(lines)


def render_details(result: dict[str, Any]) -> str:
    lines = []
    for article_id, entry in sorted(result["details"].items()):
        lines.append(f"{article_id}  {entry['url']}")
        lines += [f"  gold  {g['type']}: {g['span']!r}" for g in entry["gold_events"]]
        lines += [
            f"  pred  {p['type']} date={p['date']} fatalities={p['fatalities']} admin1={p['admin1']} "
            f"actor1={p['actor1']}: {p['span']!r}"
            for p in entry["predicted_events"]
        ]
        if "gold_quotes" in entry:
            lines.append(f"  quotes: gold {entry['gold_quotes']}, predicted {entry['predicted_quotes']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared/data/extraction (default: beside repo)")
    parser.add_argument("--out", type=Path, help="also write the predicted events.jsonl and quotes.jsonl here")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--details", action="store_true", help="list gold and predicted events per article")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no ground-truth.json in {args.data}", file=sys.stderr)
        return 2
    result = measure(args.data, out=args.out)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(render(result, load_scorer()))
        if args.details:
            print(render_details(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
