"""Screenshots of the web app's main pages for the README, taken in headless Chromium from the demo
corpus: `python scripts/screenshots.py [--db wirewatch-demo.db] [--out docs/screenshots]`.

Builds the demo database first when --db does not exist. Needs Debian's chromium (./dev.sh test
installs it) and Playwright for Python (the test extra)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="wirewatch-demo.db")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)

    import httpx
    from playwright.sync_api import sync_playwright

    from wirewatch.demo import build_demo
    from wirewatch.report.pdf import CHROMIUM_FLAGS, chromium_path
    from wirewatch.web import create_app
    from wirewatch.web.live import running

    if not Path(args.db).exists():
        build_demo(args.db)
    chromium = chromium_path()
    if chromium is None:
        print("screenshots: Debian's chromium is needed (apt-get install chromium)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running(create_app(args.db)) as base:
        found = httpx.get(base + "/api/events", params={"q": "Police Lines", "limit": 50}).json()["items"]
        event = max(found, key=lambda e: len(e["sources"]))
        article = event["sources"][-1]["article_id"]
        actor = event.get("actor1_id") or "ttp"
        pages = {
            "overview": "/",
            "events": "/events",
            "event": f"/events/{event['id']}",
            "article": f"/articles/{article}",
            "actor": f"/actors/{actor}",
            "claims": "/claims",
            "search": "/search?q=Jaffar+Express",
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=list(CHROMIUM_FLAGS))
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, path in pages.items():
                page.goto(base + path)
                if name == "overview":
                    page.wait_for_selector("body[data-ready='1'], #map[data-ready='1']", timeout=15_000)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}.png"), full_page=False)
                print(f"{name}: {out / f'{name}.png'}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
