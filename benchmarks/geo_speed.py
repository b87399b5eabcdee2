"""Gazetteer speed and footprint: lookup time per call, file size, process memory with it open.

Each measurement runs in a fresh subprocess so its memory is its own:

  baseline   python with wirewatch.geo imported, no gazetteer open
  gazetteer  the same, with the gazetteer open and N distinct names looked up (cold), then again (cached)

Usage:
  python benchmarks/geo_speed.py [--gazetteer PATH] [-n 10000] [--build]   # --build also times a fresh build
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, random, sqlite3, sys, time
sys.path.insert(0, {root!r})
from wirewatch.geo import Gazetteer, Toponym, resolve

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

out = {{"baseline_rss_mb": rss_mb()}}
if {measure}:
    started = time.perf_counter()
    gazetteer = Gazetteer({path!r})
    out["open_ms"] = (time.perf_counter() - started) * 1000
    out["open_rss_mb"] = rss_mb()
    with sqlite3.connect({path!r}) as db:
        names = [r[0] for r in db.execute("SELECT DISTINCT name FROM places ORDER BY random() LIMIT ?", ({n},))]
    started = time.perf_counter()
    found = sum(len(gazetteer.lookup(name)) for name in names)
    out["cold_us"] = (time.perf_counter() - started) / len(names) * 1e6
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    out["warm_us"] = (time.perf_counter() - started) / len(names) * 1e6
    out["candidates_per_name"] = found / len(names)
    article = [Toponym(t, 0, len(t)) for t in ("Peshawar", "Khyber Pakhtunkhwa", "Quetta", "Kabul", "Hyderabad",
               "Sindh", "Islamabad", "North Waziristan", "Balochistan", "Karachi")]
    started = time.perf_counter()
    for _ in range(200):
        resolve(article, gazetteer=gazetteer)
    out["resolve_10_mentions_ms"] = (time.perf_counter() - started) / 200 * 1000
    out["after_rss_mb"] = rss_mb()
print(json.dumps(out))
"""


def _child(path: Path, n: int, *, measure: bool) -> dict[str, float]:
    code = CHILD.format(root=str(ROOT), path=str(path), n=n, measure=measure)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", type=Path, default=None, help="gazetteer file (default: the cache)")
    parser.add_argument("-n", type=int, default=10_000, help="distinct names to look up")
    parser.add_argument("--build", action="store_true", help="also time a fresh build into a temporary file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from wirewatch.geo.build import build, ensure_gazetteer

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            report = build(Path(tmp) / "gazetteer.sqlite")
            print(f"build              {time.perf_counter() - started:.1f} s ({report.names} names)")
    path = ensure_gazetteer(args.gazetteer)
    base = _child(path, args.n, measure=False)
    got = _child(path, args.n, measure=True)
    print(f"file               {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"open               {got['open_ms']:.1f} ms")
    print(
        f"lookup, uncached   {got['cold_us']:.1f} us per call ({args.n} distinct names, "
        f"{got['candidates_per_name']:.1f} candidates each)"
    )
    print(f"lookup, cached     {got['warm_us']:.2f} us per call")
    print(f"resolve            {got['resolve_10_mentions_ms']:.2f} ms per 10-mention article")
    print(
        f"memory (RSS)       {base['baseline_rss_mb']:.0f} MB without, {got['open_rss_mb']:.0f} MB just opened, "
        f"{got['after_rss_mb']:.0f} MB after {args.n} lookups"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
