"""The accuracy evaluation set in evaluation/: articles, gold annotations and the scorer."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "evaluation"
SCHEMAS = ROOT / "wirewatch" / "data" / "schema"
ARTICLE_FILES = sorted((EVAL / "articles").glob("*.json"))
GOLD_FILES = sorted((EVAL / "gold").glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    return {p.name: _load(p) for p in ARTICLE_FILES}


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    return {p.name: _load(p) for p in GOLD_FILES}


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("wirewatch_eval_score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _validator(name: str) -> Draft202012Validator:
    schema = _load(SCHEMAS / f"{name}.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_evaluation_every_article_and_gold_file_loads(articles, gold):
    assert set(articles) == set(gold), "every article needs a gold file of the same name"
    ids = set()
    for name, a in articles.items():
        assert set(a) >= {"id", "url", "outlet", "published", "title", "text"}, name
        assert a["id"] == "ev-" + name[:2], name
        assert ".example/" in a["url"], name
        assert a["text"].strip() and "\n" in a["text"], name
        assert 120 <= len(a["text"].split()) <= 900, name  # short wire reports; 51-54 are long features
        ids.add(a["id"])
        g = gold[name]
        assert g["article_id"] == a["id"] and g["url"] == a["url"], name
        # a few articles (ordinary crime, business) test false alarms and have no event; they have quotes
        assert g["events"] or g["quotes"], f"{name}: no gold events and no quotes"
    assert len(ids) == len(articles)
    assert sum(1 for g in gold.values() if not g["events"]) <= len(gold) // 10


def test_evaluation_has_at_least_20_articles(articles):
    assert len(articles) >= 20


def test_evaluation_gold_records_validate_against_schemas(gold):
    validators = {k: _validator(v) for k, v in (("events", "event"), ("quotes", "quote"), ("claims", "claim"))}
    for name, g in gold.items():
        for key, validator in validators.items():
            for rec in g[key]:
                errors = [e.message for e in validator.iter_errors(rec)]
                assert not errors, f"{name} {key} {rec.get('id')}: {errors}"


def test_evaluation_sub_event_types_belong_to_their_event_type(gold):
    schema = _load(SCHEMAS / "event.schema.json")
    allowed = {**schema["x-acled-types"], **schema["x-extra-types"]}
    for name, g in gold.items():
        for e in g["events"]:
            assert e["sub_event_type"] in allowed[e["event_type"]], f"{name} {e['id']}"


def test_evaluation_offsets_slice_the_text_exactly(articles, gold):
    for name, g in gold.items():
        a = articles[name]
        text = a["text"]
        for e in g["events"]:
            for s in e["sources"]:
                assert s["article_id"] == a["id"] and s["url"] == a["url"], f"{name} {e['id']}"
                assert text[s["start"] : s["end"]] == s["evidence"], f"{name} {e['id']}"
        for q in g["quotes"]:
            assert q["article_id"] == a["id"]
            assert text[q["start"] : q["end"]] == q["quote"], f"{name} {q['id']}"
        for c in g["claims"]:
            assert c["article_id"] == a["id"]
            assert text[c["start"] : c["end"]] == c["claim"], f"{name} {c['id']}"


def test_evaluation_event_evidence_does_not_overlap_within_an_article(gold):
    for name, g in gold.items():
        spans = sorted((s["start"], s["end"], e["id"]) for e in g["events"] for s in e["sources"])
        for (_, e1, i1), (s2, _, i2) in pairwise(spans):
            assert e1 <= s2, f"{name}: {i1} and {i2} overlap"
        ids = [e["id"] for e in g["events"]]
        assert len(ids) == len(set(ids)), f"{name}: an event id appears twice"


def test_evaluation_claim_event_ids_exist(gold):
    all_ids = {e["id"] for g in gold.values() for e in g["events"]}
    for name, g in gold.items():
        for c in g["claims"]:
            assert c["event_id"] is None or c["event_id"] in all_ids, f"{name} {c['id']}: {c['event_id']}"


def test_evaluation_record_ids_are_unique(gold):
    for key in ("quotes", "claims"):
        ids = [r["id"] for g in gold.values() for r in g[key]]
        assert len(ids) == len(set(ids)), key


def test_evaluation_shared_events_agree_on_their_attributes(gold):
    """Per-article figures may differ; what the event is (type, date, place, actor) may not."""
    keys = ("event_type", "sub_event_type", "event_date", "actor1", "country", "admin1", "location")
    seen: dict[str, tuple] = {}
    for name, g in gold.items():
        for e in g["events"]:
            sig = tuple(e[k] for k in keys)
            assert seen.setdefault(e["id"], sig) == sig, f"{name} {e['id']}"


def test_evaluation_has_multi_source_events_with_differing_figures(gold):
    arts, figures = defaultdict(set), defaultdict(set)
    for g in gold.values():
        for e in g["events"]:
            arts[e["id"]].add(g["article_id"])
            figures[e["id"]].add((e["fatalities"], e["fatalities_low"], e["fatalities_high"]))
    multi = [i for i, a in arts.items() if len(a) > 1]
    assert len(multi) >= 3
    assert sum(1 for i in multi if len(figures[i]) > 1) >= 3


def test_evaluation_covers_the_required_kinds(gold):
    subs = {e["sub_event_type"] for g in gold.values() for e in g["events"]}
    for needed in (
        "Suicide bomb",
        "Armed clash",
        "Attack",
        "Air/drone strike",
        "Abduction/forced disappearance",
        "Remote explosive/landmine/IED",
        "Arrests",
        "Natural disaster",
        "Condemnation",
        "Accusation",
        "Claim of responsibility",
        "Denial",
        "Violent demonstration",
        "Protest with intervention",
    ):
        assert needed in subs, needed
    claims = [c for g in gold.values() for c in g["claims"]]
    assert any(c["hedged"] for c in claims)
    assert {c["stance"] for c in claims} == {"asserts", "alleges", "denies", "claims_responsibility"}
    kinds = {q["kind"] for g in gold.values() for q in g["quotes"]}
    assert kinds == {"direct", "indirect"}
    assert any(e["fatalities_low"] is not None for g in gold.values() for e in g["events"])


def test_evaluation_scorer_self_check_is_perfect(scorer):
    gold = scorer.load_gold(EVAL / "gold")
    result = scorer.score(gold, scorer.gold_as_predictions(gold))
    summary = scorer.headline(result)
    assert summary and all(v == pytest.approx(1.0) for v in summary.values()), summary
    assert result["events"]["merge"]["wrong_merges"] == 0
    assert result["events"]["merge"]["pairs"] >= 3
    assert scorer.main(["--self-check", "--json"]) == 0


def _write_preds(tmp_path: Path, preds: dict) -> Path:
    for key, recs in preds.items():
        (tmp_path / f"{key}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return tmp_path


def test_evaluation_perturbed_predictions_lower_the_right_figures(scorer, tmp_path, capsys):
    gold = scorer.load_gold(EVAL / "gold")
    preds = copy.deepcopy(scorer.gold_as_predictions(gold))
    single = [e for e in preds["events"] if len(e["sources"]) == 1]
    dropped = single[0]
    preds["events"].remove(dropped)
    changed = next(e for e in preds["events"] if e["event_type"] == "Explosions/Remote violence")
    changed["event_type"] = "Battles"
    preds["quotes"] = preds["quotes"][1:]
    preds["claims"][0]["stance"] = "denies" if preds["claims"][0]["stance"] != "denies" else "asserts"
    assert scorer.main([str(_write_preds(tmp_path, preds)), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)["summary"]
    assert s["event_recall"] < 1.0
    assert s["event_precision"] == pytest.approx(1.0)
    assert s["event_type_accuracy"] < 1.0
    assert s["sub_event_type_accuracy"] == pytest.approx(1.0)
    assert s["fatalities_accuracy"] == pytest.approx(1.0)
    assert s["quote_recall"] < 1.0 and s["quote_precision"] == pytest.approx(1.0)
    assert s["claim_stance_accuracy"] < 1.0 and s["claim_f1"] == pytest.approx(1.0)
    assert s["merge_recall"] == pytest.approx(1.0)


def test_evaluation_unmerged_and_wrongly_merged_predictions_are_caught(scorer):
    gold = scorer.load_gold(EVAL / "gold")
    preds = copy.deepcopy(scorer.gold_as_predictions(gold))
    # split every multi-source event into one event per source: merge recall drops to 0
    split = []
    for e in preds["events"]:
        for s in e["sources"]:
            split.append({**e, "sources": [s]})
    r = scorer.score(gold, {**preds, "events": split})
    assert r["events"]["merge"]["recall"] == 0.0
    assert r["events"]["f1"] == pytest.approx(1.0)
    # glue two unrelated events together: one wrong merge
    a, b = preds["events"][0], preds["events"][1]
    glued = [e for e in preds["events"] if e is not a and e is not b]
    glued.append({**a, "sources": a["sources"] + b["sources"]})
    r = scorer.score(gold, {**preds, "events": glued})
    assert r["events"]["merge"]["wrong_merges"] == 1
    assert r["events"]["merge"]["purity"] < 1.0


def test_evaluation_actor_names_are_alias_tolerant(scorer):
    assert scorer.same_actor("TTP", "Tehrik-i-Taliban Pakistan")
    assert scorer.same_actor("Tehreek-e-Taliban Pakistan (TTP)", "Pakistani Taliban")
    assert scorer.same_actor("Islamic State (Pakistan)", "Islamic State")
    assert scorer.same_actor("the Balochistan Liberation Army", "BLA")
    assert not scorer.same_actor("Balochistan Liberation Army", "Tehrik-i-Taliban Pakistan")


def test_evaluation_range_fatalities_accept_values_inside_the_range(scorer):
    g = {"fatalities": None, "fatalities_low": 132, "fatalities_high": 160}
    assert scorer._fatalities_ok(g, {"fatalities": 150}, [])
    assert not scorer._fatalities_ok(g, {"fatalities": 100}, [])
    assert scorer._fatalities_ok(
        {"fatalities": 59, "fatalities_low": None, "fatalities_high": None}, {"fatalities": 100}, [{"fatalities": 59}]
    )
