"""Ingest speed and memory: wirewatch's extract + store against plain trafilatura.extract.

Makes N distinct HTML pages from real news pages (tests/data/extraction, or the sample corpus with
--from-corpus) by swapping paragraphs between them, then compares

  plain      trafilatura.extract(html) on every page (read from disk)
  wirewatch  `wirewatch ingest DIR` work: read, decode, extract, dedup, store in SQLite

Time is CPU time of one process that alternates the two over chunks of 50 pages, so a change in the
machine's load hits both alike; peak memory (max RSS) comes from a separate process for each, so that
each figure is its own.

Usage:
  python benchmarks/ingest_speed.py                 # N = 1000
  python benchmarks/ingest_speed.py -n 200 -n 1000 -n 3000   # memory as N grows
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PAGES = ROOT / "tests" / "data" / "extraction" / "html"
CORPUS_PAGES = ROOT / "wirewatch" / "data" / "corpus" / "pages"
PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.DOTALL | re.IGNORECASE)


def make_pages(out: Path, n: int, *, source: Path, seed: int = 7) -> None:
    """Write N distinct pages: each a template page whose paragraphs are drawn from the whole pool."""
    rng = random.Random(seed)
    templates = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(source.glob("*.htm*"))]
    pool = [m.group(2) for t in templates for m in PARAGRAPH.finditer(t) if len(m.group(2)) > 80]
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        template = templates[i % len(templates)]
        page = PARAGRAPH.sub(lambda m: m.group(1) + rng.choice(pool) + m.group(3), template)
        (out / f"{i:06d}.html").write_text(page, encoding="utf-8")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CHUNK = 50


def _plain(paths: list[Path]) -> None:
    import trafilatura

    for path in paths:
        trafilatura.extract(path.read_text(encoding="utf-8"))


def _wirewatch(paths: list[Path], store: object) -> None:
    from wirewatch.ingest.files import read_html_file
    from wirewatch.pipeline import run
    from wirewatch.settings import Settings

    max_bytes = Settings().max_bytes
    summary = run((read_html_file(p, max_bytes=max_bytes) for p in paths), store=store)  # type: ignore[arg-type]
    if summary.failed:
        print(f"note: {summary.failed} pages failed, e.g. {summary.failures[0].reason}", file=sys.stderr)


def child(mode: str, folder: Path) -> dict[str, float]:
    """Run one measurement in this process and return its figures."""
    from wirewatch.store.sqlite import SQLiteStore

    paths = sorted(folder.glob("*.html"))
    seconds = {"plain": 0.0, "wirewatch": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(str(Path(tmp) / "bench.db"))
        # Imports and one-off set-up (py3langid's model, trafilatura's config) are not what is measured.
        from wirewatch.extract import extract
        from wirewatch.ingest.files import read_html_file

        _plain(paths[:2])
        if mode != "plain":
            extract(read_html_file(paths[0], max_bytes=1 << 30))  # type: ignore[arg-type]
        for start in range(0, len(paths), CHUNK):
            chunk = paths[start : start + CHUNK]
            for which in ("plain", "wirewatch") if mode != "wirewatch" else ("wirewatch",):
                if mode == "plain" and which == "wirewatch":
                    continue
                began = time.process_time()
                _plain(chunk) if which == "plain" else _wirewatch(chunk, store)
                seconds[which] += time.process_time() - began
        store.close()
    return {"pages": len(paths), **{f"{k}_s": v for k, v in seconds.items()}, "peak_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, action="append", help="pages to make (repeatable); default 1000")
    parser.add_argument("--from-corpus", action="store_true", help="use the sample corpus as templates")
    parser.add_argument("--child", choices=["plain", "wirewatch", "both"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.dir)))
        return
    source = CORPUS_PAGES if args.from_corpus else REAL_PAGES
    print(f"templates: {source.relative_to(ROOT)}")
    print("pages/s are per CPU-second of one process; MB is peak RSS of a process doing only that work")
    print(f"{'N':>6} {'plain p/s':>10} {'wirewatch p/s':>14} {'time ratio':>11} {'plain MB':>9} {'wirewatch MB':>13}")
    for n in args.n or [1000]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            make_pages(folder, n, source=source)
            results = {}
            for mode in ("both", "plain", "wirewatch"):
                output = subprocess.run(
                    [sys.executable, __file__, "--child", mode, "--dir", str(folder)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[mode] = json.loads(output.strip().splitlines()[-1])
        both = results["both"]
        print(
            f"{n:>6} {n / both['plain_s']:>10.1f} {n / both['wirewatch_s']:>14.1f} "
            f"{both['wirewatch_s'] / both['plain_s']:>11.2f} {results['plain']['peak_mb']:>9.0f} "
            f"{results['wirewatch']['peak_mb']:>13.0f}"
        )


if __name__ == "__main__":
    main()
