"""The demo: the sample corpus served on 127.0.0.1 and ingested through its feed, as a live feed is."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from .models import Summary
from .settings import Settings


def corpus_dir() -> Path:
    """The sample corpus inside the installed package."""
    return Path(str(resources.files("wirewatch") / "data" / "corpus"))


class _CorpusHandler(SimpleHTTPRequestHandler):
    """Serves the corpus folder, and /feed.xml (kept on the server) with its links pointing at it."""

    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            feed: bytes = self.server.feed  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(feed)))
            self.end_headers()
            self.wfile.write(feed)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by design
        return


@contextmanager
def serve_corpus(folder: Path | None = None) -> Iterator[str]:
    """Serve the corpus on an ephemeral loopback port; yields the feed's URL."""
    folder = folder or corpus_dir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_CorpusHandler, directory=str(folder)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = (folder / "feed.xml").read_text(encoding="utf-8")
    for page in manifest:
        feed = feed.replace(f"<link>{page['url']}</link>", f"<link>{base}/{page['file']}</link>")
    server.feed = feed.encode("utf-8")  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def build_demo(db: str, *, fresh: bool = True) -> Summary:
    """Ingest the sample corpus (feed, then the JSON Lines file) into the database at ``db``."""
    from .pipeline import ingest
    from .store import open_store

    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    # The demo server is our own, on loopback: no politeness delay is owed to it.
    settings = replace(Settings.from_env(db=db), allow_private=True, per_host_delay=0.0)
    store = open_store(db)
    try:
        with serve_corpus() as feed_url:
            summary = ingest(
                [feed_url, str(corpus_dir() / "extra.jsonl")], store=store, settings=settings, command="demo"
            )
    finally:
        store.close()
    return summary
