"""`wirewatch demo`: the sample corpus served on loopback and ingested through its feed, nothing failing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wirewatch.cli import cli
from wirewatch.demo import corpus_dir


@pytest.mark.slow
def test_demo_ingests_whole_corpus_through_its_feed(tmp_path):
    db = str(tmp_path / "demo.db")
    result = CliRunner().invoke(cli, ["demo", "--db", db, "--no-serve"])
    assert result.exit_code == 0, result.output
    pages = len(json.loads((corpus_dir() / "manifest.json").read_text(encoding="utf-8")))
    records = len((corpus_dir() / "extra.jsonl").read_text(encoding="utf-8").splitlines())
    assert "0 failed" in result.output
    numbers = json.loads(CliRunner().invoke(cli, ["stats", "--db", db, "--json"]).output)
    assert numbers["articles"] + numbers["near_duplicates"] == pages + records
    assert numbers["near_duplicates"] == 2  # the wire story's two reprints
    assert numbers["analysed"] == numbers["articles"]
