"""Speed and memory of what wirewatch hands out: exports (JSON Lines, GeoJSON, ACLED CSV, STIX), situation
reports and watchlist matching, on the store benchmarks/web_speed.py builds (100,000 merged events by
default, reused when --db exists).

Each task runs in a fresh Python process, so its peak RSS is its own: the figure is what an analyst's
machine needs for that command.

Usage:
  python benchmarks/outputs_speed.py [--db PATH] [--events 100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TASKS = {
    "export events jsonl (all)": ("export", "events", "jsonl", {}),
    "export events geojson (all)": ("export", "events", "geojson", {}),
    "export events csv (all)": ("export", "events", "csv", {}),
    "export events stix (Pakistan, 2025)": ("export", "events", "stix", {"country": "PK", "since": "2025"}),
    "report html, 7 days": ("report", "7d", "html", {}),
    "report html, 52 weeks, Pakistan": ("report", "52w", "html", {"country": "PK"}),
    "watchlists, example file, every event": ("watch", "", "", {}),
}


def run_task(db: str, name: str) -> dict[str, object]:
    """Run one task in this process; returns its figures."""
    from datetime import date

    from wirewatch.store import EventFilter, open_store

    action, what, fmt, filters = TASKS[name]
    store = open_store(db)
    started = time.perf_counter()
    count: object = None
    with tempfile.TemporaryDirectory(prefix="wirewatch-outputs-") as scratch:
        out = Path(scratch) / "out"
        if action == "export":
            from wirewatch.exports import export

            with out.open("w", encoding="utf-8") as handle:
                count = export(store, what, fmt, handle, EventFilter(**filters)).count
        elif action == "report":
            from wirewatch.report.build import build_report, parse_period
            from wirewatch.report.render import render_html

            latest = store.events(limit=1)
            newest = next(latest)["event_date"]
            as_of = date.fromisoformat(str(newest)[:10])
            report = build_report(store, parse_period(what, as_of=as_of), flt=EventFilter(**filters))
            out.write_text(render_html(report), encoding="utf-8")
            count = f"{report.events.current} events"
        else:
            from wirewatch.alerts.match import match_watchlist
            from wirewatch.alerts.watchlist import load_watchlists

            watchlists = load_watchlists([str(ROOT / "docs" / "examples" / "watchlist.yaml")])
            matched = checked = 0
            for event in store.events():
                for watchlist in watchlists:
                    checked += 1
                    matched += match_watchlist(watchlist, event) is not None
            count = f"{matched} matches in {checked} checks"
        size = out.stat().st_size if out.exists() else 0
    seconds = time.perf_counter() - started
    store.close()
    return {
        "task": name,
        "seconds": round(seconds, 2),
        "result": count,
        "output_mb": round(size / 2**20, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="store to build, or reuse when it exists (default: a temporary file)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--task", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        print(json.dumps(run_task(args.db, args.task)))
        return

    scratch = None
    db = args.db
    if db is None:
        scratch = tempfile.TemporaryDirectory(prefix="wirewatch-outputs-speed-")
        db = os.path.join(scratch.name, "events.db")
    if not Path(db).exists():
        from web_speed import build  # type: ignore[import-not-found]

        built = build(db, args.events)
        print(f"built {db}: {built.events:,} events in {built.seconds:.1f} s", file=sys.stderr)
    results = []
    for name in TASKS:
        done = subprocess.run(
            [sys.executable, __file__, "--db", db, "--task", name], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{name} failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="outputs on the benchmark store")
    for column in ("task", "seconds", "result", "output MB", "peak RSS MB"):
        table.add_column(column, justify="left" if column in ("task", "result") else "right")
    for r in results:
        table.add_row(r["task"], str(r["seconds"]), str(r["result"]), str(r["output_mb"]), str(r["peak_rss_mb"]))
    Console().print(table)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
