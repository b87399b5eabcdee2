"""The held-out measurement on real news (evaluation/heldout): gold integrity and pinned floors."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import HELDOUT_EVENT_FIELDS, HELDOUT_QUOTE_FIELDS, load_script

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "evaluation" / "heldout"
DATA = ROOT.parent / "shared" / "data" / "extraction"  # as tests/conftest.py's SHARED; CI has ../shared

needs_data = pytest.mark.skipif(
    not (DATA / "ground-truth.json").is_file(), reason=f"real news pages not found at {DATA} (shared data absent)"
)


def _module() -> ModuleType:
    return load_script(HELDOUT / "run.py", "wirewatch_eval_heldout")


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))


def test_heldout_gold_stores_offsets_and_values_only(gold: dict[str, Any]) -> None:
    # the content rule: no sentence of the pages is kept, only offsets, ids and annotated values
    allowed_event = HELDOUT_EVENT_FIELDS - {"location"}
    allowed_quote = HELDOUT_QUOTE_FIELDS
    assert all(set(e) <= allowed_event for e in gold["events"])
    assert all(set(q) <= allowed_quote for q in gold["quotes"])
    assert len(gold["articles"]) == 30
    assert sum(a["quotes_annotated"] for a in gold["articles"]) >= 8


@needs_data
def test_heldout_gold_spans_lie_inside_the_bodies(gold: dict[str, Any]) -> None:
    run = _module()
    pages = run.load_pages(DATA, gold)  # also checks every body's sha256
    quoted = {a["id"] for a in gold["articles"] if a["quotes_annotated"]}
    for rec in gold["events"] + gold["quotes"]:
        body = pages[rec["article_id"]]["body"]
        assert 0 <= rec["start"] < rec["end"] <= len(body)
        assert body[rec["start"]].strip() and body[rec["end"] - 1].strip()
    assert {q["article_id"] for q in gold["quotes"]} <= quoted


def test_heldout_offset_map_moves_spans_onto_the_raw_body() -> None:
    run = _module()
    body = "First  line.\n\n  Second line here.\n"
    stored = "First line.\nSecond line here."
    index = run.offset_map(body, stored)
    moved = run.to_body({"article_id": "a", "start": 12, "end": 18}, {"a": index})
    assert body[moved["start"] : moved["end"]] == "Second"
    with pytest.raises(ValueError):
        run.offset_map(body, "First line.\nSecond lime")


@pytest.mark.slow
@needs_data
def test_heldout_real_news_floors() -> None:
    result = _module().measure(DATA)
    summary = result["summary"]
    assert result["run"]["stored"] == 30, result["run"]["failed"]
    # measured 2026-11-25, sixth session (docs/events.md, "Held-out real news"); floors just under the figures
    assert summary["event_precision"] >= 0.95
    assert summary["event_recall"] >= 0.8
    assert summary["event_f1"] >= 0.88
    assert summary["event_date_accuracy"] >= 0.99
    assert summary["merge_purity"] >= 0.99
    assert result["run"]["false_events_there"] <= 2
    assert summary["quote_precision"] >= 0.89
    assert summary["quote_recall"] >= 0.89
    assert summary["quote_f1"] >= 0.89
    assert summary["quote_speaker_accuracy"] >= 0.88
