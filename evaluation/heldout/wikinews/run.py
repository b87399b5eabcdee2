#!/usr/bin/env python3
"""Held-out measurement on Wikinews: wirewatch over GeoVirus articles, scored for events and quotes.

Usage:
    python evaluation/heldout/wikinews/run.py [--data GeoVirus.xml] [--out DIR] [--json] [--details]

GeoVirus (``../shared/data/geo/GeoVirus.xml``, GPL-3.0) holds 229 Wikinews articles about disease
outbreaks. The texts are read from there at run time, never copied into the repository: ``gold.json``
beside this file holds, per selected article, its position in the file and a SHA-256 of its text, and
per gold item only offsets and annotated values (see README.md). The selection rule is ``select``
below. The ingest, the offset mapping and the scoring are ``evaluation/heldout/run.py``'s
(``evaluate``): events over every selected article, quotes over the 30 quote articles.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
GOLD = HERE / "gold.json"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "geo" / "GeoVirus.xml"

EVENT_PREFIX = 80
"""Every one of the first 80 articles is annotated for events, whatever it is about: most report only
an outbreak, which is the false-event test."""

QUOTE_ARTICLES = 30
"""The first 30 articles (in file order) that look as if they report speech are annotated for quotes."""

SPEECH = re.compile(r"[\"“”]|\b(?:said|says|told|according to)\b")
"""A quotation mark or one of the commonest speech words: the quote-article filter."""

VIOLENCE = re.compile(
    r"\b(?:attack\w*|riot\w*|clash\w*|gunm[ae]n|shot|shoot\w*|bomb\w*|kidnap\w*|abduct\w*|protest\w*|mob|"
    r"militia\w*|rebel\w*|armed|soldiers?|troops|torched|burn(?:ed|t) down|stoned|killed by|murder\w*)\b",
    re.IGNORECASE,
)
"""Past the first 80, an article is added to the event set when it has one of these words, so that the
set holds enough real events to measure recall on (the words also pull in a heart attack, flu shots,
troops handing out water: false-event tests too)."""


def heldout_runner() -> ModuleType:
    """evaluation/heldout/run.py as a module (a script, not a package): the shared ingest and scoring."""
    spec = importlib.util.spec_from_file_location("wirewatch_eval_heldout", HERE.parent / "run.py")
    if spec is None or spec.loader is None:
        raise ImportError("evaluation/heldout/run.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_geovirus(path: Path = DEFAULT_DATA) -> list[tuple[str, str]]:
    """(source URL, text) of every GeoVirus article, in file order."""
    return [(a.findtext("source") or "", a.findtext("text") or "") for a in ET.parse(path).getroot().iter("article")]


def select(articles: Sequence[tuple[str, str]]) -> tuple[list[int], list[int]]:
    """The indices annotated for events and for quotes, by the rule README.md states."""
    events = [i for i, (_, text) in enumerate(articles) if i < EVENT_PREFIX or VIOLENCE.search(text)]
    quotes = [i for i, (_, text) in enumerate(articles) if SPEECH.search(text)][:QUOTE_ARTICLES]
    return events, quotes


def article_id(index: int) -> str:
    """The id of the GeoVirus article at ``index`` (0-based file order)."""
    return f"wn-{index:03d}"


def load_pages(data: Path, gold: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Article id -> {body, url, index}; fails when a text is not the one the gold was annotated on."""
    articles = read_geovirus(data)
    pages = {}
    for article in gold["articles"]:
        url, body = articles[article["index"]]
        if url != article["url"] or hashlib.sha256(body.encode("utf-8")).hexdigest() != article["text_sha256"]:
            raise SystemExit(f"{article['id']}: the GeoVirus text differs from the one the gold was annotated on")
        pages[article["id"]] = {"body": body, "url": url, "index": article["index"]}
    return pages


def record_for(article_id: str, page: dict[str, Any]) -> dict[str, Any]:
    """The JSON Lines record a user would ingest. GeoVirus gives no date (published stays null) and cuts some
    stories into several articles under one URL, so the URL gets a fragment to keep the articles apart
    (the store would take a second text under a stored URL as an update); the title is the URL's."""
    title = unquote(page["url"].rsplit("/wiki/", 1)[-1]).replace("_", " ")
    return {
        "id": article_id,
        "url": f"{page['url']}#geovirus-{page['index']}",
        "title": title,
        "published": None,
        "text": page["body"],
    }


def measure(data: Path = DEFAULT_DATA, *, out: Path | None = None, gold_file: Path = GOLD) -> dict[str, Any]:
    """Run wirewatch over the GeoVirus articles ``gold_file`` annotates and score it; the result in
    score.py's shape."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    pages = load_pages(data, gold)
    records = [record_for(aid, page) for aid, page in pages.items()]
    return heldout_runner().evaluate(gold, pages, records, out=out)


def main(
    argv: Sequence[str] | None = None,
    *,
    gold_file: Path = GOLD,
    name: str = "held-out Wikinews (GeoVirus)",
    description: str | None = __doc__,
) -> int:
    """The command line; another GeoVirus set (``../wikinews_rest``) passes its own gold, name and usage."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GeoVirus.xml (default: ../shared/data/geo)")
    parser.add_argument("--out", type=Path, help="also write the predicted events.jsonl and quotes.jsonl here")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    parser.add_argument("--details", action="store_true", help="list gold and predicted events per article")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no GeoVirus.xml at {args.data}", file=sys.stderr)
        return 2
    result = measure(args.data, out=args.out, gold_file=gold_file)
    runner = heldout_runner()
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(runner.render(result, runner.load_scorer(), name=name))
        if args.details:
            print(runner.render_details(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
