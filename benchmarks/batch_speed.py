"""Batch scaling: `wirewatch batch` on 1 and 2 Dask workers against a single-process `wirewatch ingest`.

Makes N distinct JSON Lines articles by recombining the paragraphs of the sample corpus (its pages and
extra.jsonl) into new records with their own ids, URLs and dates, then for each N runs, each in a fresh
process on a fresh SQLite store:

  single     pipeline.ingest (extract, store, analyse, merge) in one process
  batch-1    run_batch on a LocalCluster of 1 worker process
  batch-2    run_batch on a LocalCluster of 2 worker processes

and reports wall time, articles per second, peak RSS of the process (the client for a batch) and of each
worker (its own max RSS, read on the worker at the end), and the article and event counts, which must
be equal across the three.

Usage:
  python benchmarks/batch_speed.py                          # sizes 1000 5000 20000
  python benchmarks/batch_speed.py --sizes 1000 --modes single batch-2
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "wirewatch" / "data" / "corpus"
PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def paragraphs() -> list[str]:
    """Every substantial paragraph of the sample corpus, as plain text."""
    pool = []
    for page in sorted((CORPUS / "pages").glob("*.html")):
        for match in PARAGRAPH.finditer(page.read_text(encoding="utf-8")):
            text = html.unescape(TAG.sub("", match.group(1))).strip()
            if len(text) > 80:
                pool.append(text)
    for line in (CORPUS / "extra.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line).get("text") or ""
        pool += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]
    return pool


def make_corpus(path: Path, n: int, *, seed: int = 11) -> None:
    """N records of 4-7 paragraphs drawn from the pool, each with a distinct id, URL and date."""
    rng = random.Random(seed)
    pool = paragraphs()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            body = rng.sample(pool, rng.randint(4, 7))
            day = f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            record = {
                "id": f"bench-{i:06d}",
                "url": f"https://bench.example/{day.replace('-', '/')}/story-{i}",
                "title": body[0][:80],
                "published": day,
                "text": "\n\n".join(body),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


CHILD = r"""
import json, resource, sys, time
mode, corpus, db, shard_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if __name__ == "__main__":
    from wirewatch.settings import Settings
    from wirewatch.store import open_store

    settings = Settings.from_env(db=db)
    store = open_store(db)
    workers_mb = []
    if mode == "single":
        from wirewatch.pipeline import ingest

        start = time.perf_counter()
        summary = ingest([corpus], store=store, settings=settings)
        wall = time.perf_counter() - start
    else:
        from wirewatch.batch import connect, run_batch

        start = time.perf_counter()
        client, cluster = connect(workers=int(mode.split("-")[1]), scheduler=None)
        summary = run_batch([corpus], store=store, client=client, settings=settings, shard_size=shard_size).summary
        wall = time.perf_counter() - start
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        workers_mb = sorted(v / 1024 for v in peaks.values())
        client.close()
        cluster.close()
    stats = store.stats()
    print(json.dumps({"wall": wall, "new": summary.new, "failed": summary.failed, "articles": stats["articles"],
                      "events": stats["events"], "peak_mb": peak_mb(), "workers_mb": workers_mb}))
"""


def run(mode: str, corpus: Path, db: Path, shard_size: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(corpus), str(db), str(shard_size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--modes", nargs="+", default=["single", "batch-1", "batch-2"])
    parser.add_argument("--shard-size", type=int, default=100)
    args = parser.parse_args()
    print(
        "| articles | mode | wall s | articles/s | peak RSS MB (process) | peak RSS MB per worker | events | failed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="ww-batch-bench-") as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            make_corpus(corpus, n)
            for mode in args.modes:
                result = run(mode, corpus, Path(tmp) / f"{mode}-{n}.db", args.shard_size)
                workers = ", ".join(f"{mb:.0f}" for mb in result["workers_mb"]) or "-"  # type: ignore[attr-defined]
                wall = float(result["wall"])  # type: ignore[arg-type]
                print(
                    f"| {n:,} | {mode} | {wall:.1f} | {int(result['articles']) / wall:.1f} | "  # type: ignore[call-overload]
                    f"{float(result['peak_mb']):.0f} | {workers} | {result['events']:,} | {result['failed']} |",  # type: ignore[arg-type]
                    flush=True,
                )


if __name__ == "__main__":
    main()
