"""Article-extraction quality: wirewatch vs plain trafilatura on the 30-page benchmark.

Scores each page's text against the ground-truth ``articleBody`` by F1 over 4-word shingles
(lowercased word tokens, shingles as sets), then averages over pages; also times both.

    python benchmarks/extraction_quality.py            # per-page table and means
    python benchmarks/extraction_quality.py --json     # the same as JSON

Data: tests/data/extraction (scrapinghub's article-extraction-benchmark, MIT).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"
SHINGLE_WORDS = 4
"""Shingle size of the task's definition: long enough that shared stop-word runs do not match."""

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, HTML and the true article body."""

    id: str
    url: str | None
    html: str
    gold: str


@dataclass(frozen=True)
class Score:
    """Shingle precision, recall and F1 of one text against its gold text."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """The set of ``size``-word shingles of lowercased word tokens."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def score(text: str, gold: str) -> Score:
    """Shingle precision/recall/F1 of ``text`` against ``gold``; an empty side scores 0."""
    ours, truth = shingles(text), shingles(gold)
    if not ours or not truth:
        return Score(0.0, 0.0, 0.0)
    common = len(ours & truth)
    precision, recall = common / len(ours), common / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Score(precision, recall, f1)


def mean(scores: Iterable[Score]) -> Score:
    """Per-page mean of precision, recall and F1."""
    items = list(scores)
    n = len(items) or 1
    return Score(sum(s.precision for s in items) / n, sum(s.recall for s in items) / n, sum(s.f1 for s in items) / n)


def load_pages(data: Path = DATA) -> list[Page]:
    """The benchmark pages, HTML read as UTF-8 with errors replaced (gunzipped if compressed)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = (data / "html" / f"{page_id}.html").read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        entry = truth[page_id]
        pages.append(Page(page_id, entry.get("url"), raw.decode("utf-8", errors="replace"), entry["articleBody"]))
    return pages


def plain_trafilatura(page: Page) -> str:
    """``trafilatura.extract`` with its default options."""
    import trafilatura

    return trafilatura.extract(page.html) or ""


def wirewatch_extract(page: Page) -> str:
    """wirewatch's extraction stage; a page it refuses scores as empty text."""
    from wirewatch.errors import ExtractError
    from wirewatch.extract import extract
    from wirewatch.models import RawDocument

    try:
        return extract(RawDocument(source=page.url or page.id, url=page.url, html=page.html)).text
    except ExtractError:
        return ""


EXTRACTORS: dict[str, Callable[[Page], str]] = {"trafilatura": plain_trafilatura, "wirewatch": wirewatch_extract}


def evaluate(extractor: Callable[[Page], str], pages: list[Page]) -> dict[str, Score]:
    """Score of ``extractor`` on every page, by page id."""
    return {page.id: score(extractor(page), page.gold) for page in pages}


def best_times(extractors: dict[str, Callable[[Page], str]], pages: list[Page], *, repeat: int) -> dict[str, float]:
    """Seconds each extractor takes over all pages: the sum of per-page fastest runs.

    Rounds alternate the extractors' order and each page keeps its fastest time, so a load spike
    from another process on the machine inflates neither side (after one warm-up round).
    """
    best = {name: [float("inf")] * len(pages) for name in extractors}
    names = list(extractors)
    for round_ in range(repeat + 1):
        for name in names if round_ % 2 else reversed(names):
            for i, page in enumerate(pages):
                start = time.perf_counter()
                extractors[name](page)
                if round_:
                    best[name][i] = min(best[name][i], time.perf_counter() - start)
    return {name: sum(times) for name, times in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--data", type=Path, default=DATA, help="benchmark folder (ground-truth.json, html/)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per extractor; 0 skips timing")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    pages = load_pages(args.data)
    results = {name: evaluate(extractor, pages) for name, extractor in EXTRACTORS.items()}
    means = {name: mean(scores.values()) for name, scores in results.items()}
    times = best_times(EXTRACTORS, pages, repeat=args.repeat) if args.repeat else {}

    if args.json:
        report = {
            "pages": {page.id: {name: asdict(results[name][page.id]) for name in results} for page in pages},
            "mean": {name: asdict(value) for name, value in means.items()},
            "seconds": times,
        }
        print(json.dumps(report, indent=2))
        return 0
    header = f"{'page':10}" + "".join(f"  {name:>24}" for name in results)
    print(header + "\n" + f"{'':10}" + "  {:>24}".format("P     R     F1") * len(results))
    for page in pages:
        cells = "".join(
            "  {:>24}".format(f"{s.precision:.3f} {s.recall:.3f} {s.f1:.3f}")
            for s in (results[name][page.id] for name in results)
        )
        print(f"{page.id[:8]:10}{cells}")
    cells = "".join(f"  {m.precision:.3f} {m.recall:.3f} {m.f1:.3f}".rjust(26) for m in means.values())
    print(f"{'mean':10}{cells}")
    if times:
        print(f"seconds (per-page best of {args.repeat}): " + ", ".join(f"{k} {v:.3f}" for k, v in times.items()))
        print(f"ratio wirewatch/trafilatura: {times['wirewatch'] / times['trafilatura']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
