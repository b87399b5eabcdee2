#!/usr/bin/env python3
"""Score wirewatch predictions against the evaluation gold set.

Usage:
    python evaluation/score.py PREDICTIONS_DIR [--gold evaluation/gold] [--json]
    python evaluation/score.py --self-check [--gold evaluation/gold] [--json]

PREDICTIONS_DIR holds events.jsonl, quotes.jsonl and claims.jsonl in the shapes of the export schemas
(event.schema.json, quote.schema.json, claim.schema.json), as written by
`wirewatch export events|quotes|claims --format jsonl`. Missing files count as empty.

Matching (see evaluation/README.md):
  * events are scored per article: each (predicted event, article) pair is one predicted mention; each
    gold record of a gold file is one gold mention.  A predicted mention matches a gold mention when one
    of its sources' evidence spans overlaps a gold evidence span in the same article; matching is
    one-to-one and greedy by overlap length.
  * quotes and claims match by span overlap in the same article, one-to-one, greedy by overlap.
  * merge recall: share of gold pairs (article A, article B, same gold event id) whose matched
    predicted mentions belong to one predicted event.
  * wrong merges: predicted events whose sources overlap the evidence of two or more different gold events.
Pure Python plus the standard library; nothing from wirewatch is imported.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold"

# ---------------------------------------------------------------------------------------------- actors
_ALIAS_GROUPS = [
    [
        "tehrik-i-taliban pakistan",
        "tehreek-e-taliban pakistan",
        "tehrik-e-taliban pakistan",
        "ttp",
        "pakistani taliban",
        "tehrik i taliban pakistan",
    ],
    ["balochistan liberation army", "baloch liberation army", "bla", "bla-j", "majeed brigade"],
    [
        "islamic state",
        "is",
        "isis",
        "isil",
        "daesh",
        "islamic state khorasan province",
        "iskp",
        "is-k",
        "islamic state khorasan",
        "islamic state west africa province",
        "iswap",
        "islamic state sahel province",
    ],
    ["jaish-e-mohammed", "jaish-e-muhammad", "jaish-e-mohammad", "jem", "jaish e mohammed"],
    ["jamaat-ul-ahrar", "jamaat ul ahrar", "jamat-ul-ahrar", "jua"],
    ["tehreek-e-jihad pakistan", "tehrik-e-jihad pakistan", "tjp"],
    ["al-shabaab", "al shabaab", "al-shabab", "al shabab", "harakat al-shabaab al-mujahideen"],
    ["boko haram", "jas", "jamaatu ahlis sunna liddaawati wal-jihad"],
    [
        "unidentified armed group",
        "unidentified",
        "unknown",
        "unidentified gunmen",
        "unknown gunmen",
        "unidentified militants",
        "gunmen",
        "militants",
    ],
    ["houthis", "houthi", "ansar allah", "houthi movement"],
    ["saudi-led coalition", "arab coalition", "military forces of saudi arabia", "coalition"],
    [
        "military forces of pakistan",
        "pakistan army",
        "pakistani military",
        "inter-services public relations",
        "ispr",
        "pakistani army",
    ],
    ["military forces of india", "indian air force", "indian military", "iaf"],
    ["military forces of the united states", "us military", "united states military", "cia"],
    ["islamic emirate of afghanistan", "afghan taliban", "taliban government", "government of afghanistan", "taliban"],
]


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("'", "").replace("`", "")
    s = re.sub(r"^the\s+", "", s.strip())
    s = re.sub(r"[-_/]", " ", s)
    s = re.sub(r"[^a-z0-9() ]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


_ALIAS = {}
for _i, _group in enumerate(_ALIAS_GROUPS):
    for _name in _group:
        _ALIAS[_norm(_name)] = f"alias:{_i}"


def actor_keys(name: str | None) -> set[str]:
    if not name:
        return {"<none>"}
    full = _norm(name)
    keys = {full}
    inner = re.findall(r"\(([^)]*)\)", full)
    outer = re.sub(r"\([^)]*\)", " ", full)
    keys.add(re.sub(r"\s+", " ", outer).strip())
    keys.update(x.strip() for x in inner)
    keys = {k.replace("(", "").replace(")", "").strip() for k in keys}
    keys.discard("")
    return keys | {_ALIAS[k] for k in keys if k in _ALIAS}


def same_actor(a: str | None, b: str | None) -> bool:
    return bool(actor_keys(a) & actor_keys(b))


def same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    na, nb = _norm(a), _norm(b)
    return na == nb or na.split()[-1] == nb.split()[-1] or same_actor(a, b)


# ---------------------------------------------------------------------------------------------- loading
def load_gold(gold_dir: Path) -> dict:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise SystemExit(f"no gold files in {gold_dir}")
    gold = {"events": [], "quotes": [], "claims": [], "urls": {}, "articles": set()}
    for f in files:
        g = json.loads(f.read_text(encoding="utf-8"))
        gold["articles"].add(g["article_id"])
        if g.get("url"):
            gold["urls"][g["url"]] = g["article_id"]
        gold["events"].extend(g["events"])
        gold["quotes"].extend(g["quotes"])
        gold["claims"].extend(g["claims"])
    return gold


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: invalid JSON: {exc}") from None
    return out


def load_predictions(pred_dir: Path) -> dict:
    pred_dir = Path(pred_dir)
    if not pred_dir.is_dir():
        raise SystemExit(f"not a directory: {pred_dir}")
    return {k: read_jsonl(pred_dir / f"{k}.jsonl") for k in ("events", "quotes", "claims")}


def gold_as_predictions(gold: dict) -> dict:
    """The gold set in the export shape: one event per gold id, sources from every article."""
    merged: dict[str, dict] = {}
    for rec in sorted(gold["events"], key=lambda r: r["sources"][0]["article_id"]):
        srcs = []
        for s in rec["sources"]:
            s = dict(s)
            s.setdefault("fatalities_low", rec.get("fatalities_low"))
            s.setdefault("fatalities_high", rec.get("fatalities_high"))
            srcs.append(s)
        if rec["id"] not in merged:
            merged[rec["id"]] = {**rec, "sources": srcs}
        else:
            merged[rec["id"]]["sources"].extend(srcs)
    return {"events": list(merged.values()), "quotes": list(gold["quotes"]), "claims": list(gold["claims"])}


# ---------------------------------------------------------------------------------------------- matching
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _greedy(pairs: list[tuple[int, int, int]]) -> dict[int, int]:
    """pairs of (overlap, pred index, gold index) -> one-to-one pred->gold, largest overlap first."""
    used_p, used_g, out = set(), set(), {}
    for ov, p, g in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if ov > 0 and p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            out[p] = g
    return out


def _article(rec: dict, gold: dict) -> str | None:
    aid = rec.get("article_id")
    if aid in gold["articles"]:
        return aid
    return gold["urls"].get(rec.get("url"))


def _span(rec: dict) -> tuple[int, int] | None:
    try:
        return int(rec["start"]), int(rec["end"])
    except (KeyError, TypeError, ValueError):
        return None


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def _fatalities_ok(gold_rec: dict, pred_event: dict, pred_srcs: list[dict]) -> bool:
    """Predicted figure: the first source with a figure (point or range), else the event's own figure."""
    p = plo = phi = None
    for s in pred_srcs:
        if s.get("fatalities") is not None:
            p = s["fatalities"]
            break
        if s.get("fatalities_low") is not None or s.get("fatalities_high") is not None:
            plo, phi = s.get("fatalities_low"), s.get("fatalities_high")
            break
    else:
        p = pred_event.get("fatalities")
        plo, phi = pred_event.get("fatalities_low"), pred_event.get("fatalities_high")
    lo, hi = gold_rec.get("fatalities_low"), gold_rec.get("fatalities_high")
    if lo is not None or hi is not None:
        if p is not None:
            return (lo is None or p >= lo) and (hi is None or p <= hi)
        return plo == lo and phi == hi
    return p == gold_rec.get("fatalities")


def _ci(a, b) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


FIELDS = {
    "event_type": lambda g, p, s: g.get("event_type") == p.get("event_type"),
    "sub_event_type": lambda g, p, s: g.get("sub_event_type") == p.get("sub_event_type"),
    "event_date": lambda g, p, s: g.get("event_date") == p.get("event_date"),
    "fatalities": lambda g, p, s: _fatalities_ok(g, p, s),
    "admin1": lambda g, p, s: _ci(g.get("admin1"), p.get("admin1")),
    "actor1": lambda g, p, s: same_actor(g.get("actor1"), p.get("actor1")),
    # the target: both empty agrees ("a typhoon" has none)
    "actor2": lambda g, p, s: (
        same_actor(g.get("actor2"), p.get("actor2")) or (not g.get("actor2") and not p.get("actor2"))
    ),
}


def score_events(gold: dict, pred_events: list[dict]) -> dict:
    # gold mentions: one per gold record (each gold file holds the sources of its own article)
    g_units = []  # (article, gold id, spans, record)
    for rec in gold["events"]:
        by_art = defaultdict(list)
        for s in rec["sources"]:
            by_art[s["article_id"]].append((s["start"], s["end"]))
        for art, spans in by_art.items():
            g_units.append((art, rec["id"], spans, rec))
    p_units = []  # (article, pred event index, spans, sources)
    for i, ev in enumerate(pred_events):
        by_art = defaultdict(list)
        for s in ev.get("sources") or []:
            art = _article(s, gold)
            sp = _span(s)
            if art is not None and sp is not None:
                by_art[art].append(s)
        for art, srcs in by_art.items():
            p_units.append((art, i, [_span(s) for s in srcs], srcs))
    g_by_art = defaultdict(list)
    for gi, u in enumerate(g_units):
        g_by_art[u[0]].append(gi)
    pairs = []
    for pi, (art, _, pspans, _) in enumerate(p_units):
        for gi in g_by_art.get(art, []):
            ov = sum(_overlap(a, b) for a in pspans for b in g_units[gi][2])
            if ov:
                pairs.append((ov, pi, gi))
    match = _greedy(pairs)
    result = _prf(len(match), len(p_units), len(g_units))
    acc = {}
    for name, fn in FIELDS.items():
        ok = sum(1 for pi, gi in match.items() if fn(g_units[gi][3], pred_events[p_units[pi][1]], p_units[pi][3]))
        acc[name] = ok / len(match) if match else 0.0
    result["field_accuracy"] = acc
    # merge recall
    g_to_pred_event = {gi: p_units[pi][1] for pi, gi in match.items()}
    arts_of = defaultdict(dict)  # gold id -> article -> gold unit index
    for gi, (art, gid, _, _) in enumerate(g_units):
        arts_of[gid][art] = gi
    pairs_total = hits = 0
    for arts in arts_of.values():
        for a, b in combinations(sorted(arts), 2):
            pairs_total += 1
            ea, eb = g_to_pred_event.get(arts[a]), g_to_pred_event.get(arts[b])
            if ea is not None and ea == eb:
                hits += 1
    # wrong merges: a predicted event whose sources overlap the evidence of two different gold events
    wrong, considered = [], 0
    for i, ev in enumerate(pred_events):
        ids = set()
        touched = False
        for s in ev.get("sources") or []:
            art, sp = _article(s, gold), _span(s)
            if art is None or sp is None:
                continue
            touched = True
            best = max(
                ((sum(_overlap(sp, b) for b in g_units[gi][2]), g_units[gi][1]) for gi in g_by_art.get(art, [])),
                default=(0, None),
            )
            if best[0] > 0:
                ids.add(best[1])
        considered += touched
        if len(ids) > 1:
            wrong.append({"event": ev.get("id", i), "gold_events": sorted(ids)})
    result["merge"] = {
        "recall": hits / pairs_total if pairs_total else 1.0,
        "pairs": pairs_total,
        "merged_pairs": hits,
        "purity": 1 - len(wrong) / considered if considered else 1.0,
        "wrong_merges": len(wrong),
        "wrong_merge_examples": wrong[:10],
    }
    return result


def _score_spans(gold_recs: list[dict], pred_recs: list[dict], gold: dict, text_key: str):
    g_by_art = defaultdict(list)
    for gi, g in enumerate(gold_recs):
        g_by_art[g["article_id"]].append(gi)
    pairs, n_pred = [], 0
    for pi, p in enumerate(pred_recs):
        art, sp = _article(p, gold), _span(p)
        if art is None:
            continue
        n_pred += 1
        if sp is None:
            continue
        for gi in g_by_art.get(art, []):
            ov = _overlap(sp, (gold_recs[gi]["start"], gold_recs[gi]["end"]))
            if ov:
                pairs.append((ov, pi, gi))
    match = _greedy(pairs)
    return _prf(len(match), n_pred, len(gold_recs)), match


def score_quotes(gold: dict, preds: list[dict]) -> dict:
    res, match = _score_spans(gold["quotes"], preds, gold, "quote")
    ok = sum(1 for pi, gi in match.items() if same_person(gold["quotes"][gi].get("speaker"), preds[pi].get("speaker")))
    kind = sum(1 for pi, gi in match.items() if gold["quotes"][gi].get("kind") == preds[pi].get("kind"))
    res["speaker_accuracy"] = ok / len(match) if match else 0.0
    res["kind_accuracy"] = kind / len(match) if match else 0.0
    return res


def score_claims(gold: dict, preds: list[dict]) -> dict:
    res, match = _score_spans(gold["claims"], preds, gold, "claim")
    st = sum(1 for pi, gi in match.items() if gold["claims"][gi].get("stance") == preds[pi].get("stance"))
    hd = sum(1 for pi, gi in match.items() if bool(gold["claims"][gi].get("hedged")) == bool(preds[pi].get("hedged")))
    res["stance_accuracy"] = st / len(match) if match else 0.0
    res["hedged_accuracy"] = hd / len(match) if match else 0.0
    return res


def score(gold: dict, preds: dict) -> dict:
    return {
        "events": score_events(gold, preds["events"]),
        "quotes": score_quotes(gold, preds["quotes"]),
        "claims": score_claims(gold, preds["claims"]),
    }


def headline(result: dict) -> dict[str, float]:
    """The flat list of figures (all in [0, 1], higher is better)."""
    e, q = result["events"], result["quotes"]
    out = {f"event_{k}": e[k] for k in ("precision", "recall", "f1")}
    out.update({f"{k}_accuracy": v for k, v in e["field_accuracy"].items()})
    out["merge_recall"] = e["merge"]["recall"]
    out["merge_purity"] = e["merge"]["purity"]
    out.update({f"quote_{k}": q[k] for k in ("precision", "recall", "f1", "speaker_accuracy", "kind_accuracy")})
    if "claims" in result:  # absent when a gold set annotates no claims (evaluation/heldout)
        c = result["claims"]
        out.update({f"claim_{k}": c[k] for k in ("precision", "recall", "f1", "stance_accuracy", "hedged_accuracy")})
    return out


def render(result: dict) -> str:
    e, q = result["events"], result["quotes"]
    lines = [
        f"events   P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}  "
        f"(matched {e['tp']}, predicted {e['predicted']}, gold {e['gold']} mentions)",
        "  on matched events: " + "  ".join(f"{k} {v:.3f}" for k, v in e["field_accuracy"].items()),
        f"  merge recall {e['merge']['recall']:.3f} ({e['merge']['merged_pairs']}/{e['merge']['pairs']} gold pairs)"
        f"  purity {e['merge']['purity']:.3f}  wrong merges {e['merge']['wrong_merges']}",
        f"quotes   P {q['precision']:.3f}  R {q['recall']:.3f}  F1 {q['f1']:.3f}  "
        f"speaker {q['speaker_accuracy']:.3f}  kind {q['kind_accuracy']:.3f}  (matched {q['tp']}/{q['gold']})",
    ]
    if "claims" in result:
        c = result["claims"]
        lines.append(
            f"claims   P {c['precision']:.3f}  R {c['recall']:.3f}  F1 {c['f1']:.3f}  "
            f"stance {c['stance_accuracy']:.3f}  hedged {c['hedged_accuracy']:.3f}  (matched {c['tp']}/{c['gold']})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("predictions", nargs="?", help="directory with events.jsonl, quotes.jsonl, claims.jsonl")
    ap.add_argument("--gold", default=str(DEFAULT_GOLD), help="gold directory (default: evaluation/gold)")
    ap.add_argument("--self-check", action="store_true", help="score the gold against itself (all figures 1.0)")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)
    gold = load_gold(Path(args.gold))
    if args.self_check:
        preds = gold_as_predictions(gold)
    elif args.predictions:
        preds = load_predictions(Path(args.predictions))
    else:
        ap.error("give PREDICTIONS_DIR or --self-check")
    result = score(gold, preds)
    result["summary"] = headline(result)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print(render(result))
    if args.self_check:
        bad = {k: v for k, v in result["summary"].items() if abs(v - 1.0) > 1e-9}
        if bad:
            print(f"self-check FAILED: {bad}", file=sys.stderr)
            return 1
        print("self-check OK: every figure is 1.0", file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
