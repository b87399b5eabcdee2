"""A kill -9 in the middle of an ingest leaves a sound database, and a re-run completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from test_cli import write_pages

PAGES = 400


@pytest.mark.slow
def test_crash_kill_9_mid_ingest_then_rerun(tmp_path):
    pages, db = tmp_path / "pages", tmp_path / "w.db"
    write_pages(pages, PAGES)
    command = [sys.executable, "-m", "wirewatch.cli", "ingest", str(pages), "--db", str(db), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            continue  # not created or migrated yet
        if stored >= PAGES // 4:
            break
    assert process.poll() is None, "the ingest finished before it could be killed; raise PAGES"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored < PAGES

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        survived = conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"{PAGES - survived} new" in rerun.stdout and f"{survived} duplicate" in rerun.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == PAGES
        assert conn.execute("SELECT count(DISTINCT url) FROM articles").fetchone()[0] == PAGES
        assert conn.execute("SELECT count(*) FROM minhashes").fetchone()[0] == PAGES
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
