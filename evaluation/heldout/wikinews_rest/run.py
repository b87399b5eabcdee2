#!/usr/bin/env python3
"""Third held-out set: wirewatch over the GeoVirus articles the Wikinews set left out, scored for events and quotes.

Usage:
    python evaluation/heldout/wikinews_rest/run.py [--data GeoVirus.xml] [--out DIR] [--json] [--details]

The 129 GeoVirus articles that ``evaluation/heldout/wikinews/run.py``'s ``select`` does not pick were
annotated blind, before wirewatch was ever run on them for events or quotes (see README.md). The texts
are read from ``../shared/data/geo/GeoVirus.xml`` at run time; ``gold.json`` beside this file holds only
positions, hashes, offsets and annotated values. Reading, records and scoring are the Wikinews runner's
helpers, imported from that file by path, so the two sets are measured the same way.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold.json"
WIKINEWS_RUN = HERE.parent / "wikinews" / "run.py"

QUOTE_ARTICLES = 40
"""The first 40 left-out articles (in file order) that look as if they report speech are annotated for quotes."""


def wikinews_runner() -> ModuleType:
    """evaluation/heldout/wikinews/run.py as a module (a script, not a package): reading, records, scoring."""
    spec = importlib.util.spec_from_file_location("wirewatch_eval_wikinews", WIKINEWS_RUN)
    if spec is None or spec.loader is None:
        raise ImportError(f"{WIKINEWS_RUN} not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WIKINEWS = wikinews_runner()
DEFAULT_DATA: Path = WIKINEWS.DEFAULT_DATA


def select_rest(articles: Sequence[tuple[str, str]]) -> tuple[list[int], list[int]]:
    """The indices annotated here: every article the Wikinews event set leaves out (events), and the first 40
    of those whose text matches the Wikinews ``SPEECH`` filter (quotes)."""
    taken = set(WIKINEWS.select(articles)[0])
    events = [i for i in range(len(articles)) if i not in taken]
    quotes = [i for i in events if WIKINEWS.SPEECH.search(articles[i][1])][:QUOTE_ARTICLES]
    return events, quotes


def measure(data: Path = DEFAULT_DATA, *, out: Path | None = None) -> dict[str, Any]:
    """Run wirewatch over the left-out GeoVirus articles and score it; the result in score.py's shape."""
    return WIKINEWS.measure(data, out=out, gold_file=GOLD)


def main(argv: Sequence[str] | None = None) -> int:
    return WIKINEWS.main(argv, gold_file=GOLD, name="held-out Wikinews, rest (GeoVirus)", description=__doc__)


if __name__ == "__main__":
    sys.exit(main())
