"""Build evaluation/articles/*.json and evaluation/gold/*.json from the annotated sources in this folder.

The article texts and annotations live in data_*.py as Python literals so that evidence, quotes and
claims are written once as text; this script computes every character offset with str.find and fails
loudly when a span is missing or ambiguous.  Run: python evaluation/tools/build.py
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE))

PLACES = {
    # key: (location, admin1, admin2, country, lat, lon, geo_precision)
    "peshawar": ("Peshawar", "Khyber Pakhtunkhwa", "Peshawar", "Pakistan", 34.008, 71.578, 1),
    "quetta": ("Quetta", "Balochistan", "Quetta", "Pakistan", 30.184, 67.001, 1),
    "sehwan": ("Sehwan", "Sindh", "Jamshoro", "Pakistan", 26.424, 67.860, 1),
    "mastung": ("Mastung", "Balochistan", "Mastung", "Pakistan", 29.800, 66.845, 2),
    "bannu": ("Bannu", "Khyber Pakhtunkhwa", "Bannu", "Pakistan", 32.986, 70.604, 1),
    "besham": ("Besham", "Khyber Pakhtunkhwa", "Shangla", "Pakistan", 34.928, 72.866, 2),
    "karachi": ("Karachi", "Sindh", "Karachi", "Pakistan", 24.861, 67.010, 1),
    "karachi-airport": ("Karachi", "Sindh", "Karachi", "Pakistan", 24.900, 67.168, 1),
    "dasu": ("Dasu", "Khyber Pakhtunkhwa", "Upper Kohistan", "Pakistan", 35.292, 73.290, 2),
    "zhob": ("Zhob", "Balochistan", "Zhob", "Pakistan", 31.341, 69.449, 1),
    "sui": ("Sui", "Balochistan", "Dera Bugti", "Pakistan", 28.645, 69.177, 2),
    "islamabad": ("Islamabad", "Islamabad Capital Territory", "Islamabad", "Pakistan", 33.684, 73.048, 1),
    "rawalpindi": ("Rawalpindi", "Punjab", "Rawalpindi", "Pakistan", 33.598, 73.044, 1),
    "lahore": ("Lahore", "Punjab", "Lahore", "Pakistan", 31.549, 74.344, 1),
    "balakot": ("Balakot", "Khyber Pakhtunkhwa", "Mansehra", "Pakistan", 34.548, 73.351, 2),
    "pulwama": ("Lethpora", "Jammu and Kashmir", "Pulwama", "India", 33.960, 74.970, 2),
    "new-delhi": ("New Delhi", "Delhi", "New Delhi", "India", 28.614, 77.209, 1),
    "beijing": ("Beijing", "Beijing", None, "China", 39.904, 116.407, 1),
    "kabul": ("Kabul", "Kabul", "Kabul", "Afghanistan", 34.530, 69.170, 1),
    "gayan": ("Gayan", "Paktika", "Gayan", "Afghanistan", 33.250, 69.500, 2),
    "washington": ("Washington", "District of Columbia", None, "United States", 38.895, -77.036, 1),
    "mogadishu": ("Mogadishu", "Banadir", "Mogadishu", "Somalia", 2.046, 45.318, 1),
    "solhan": ("Solhan", "Sahel", "Yagha", "Burkina Faso", 13.420, 0.520, 1),
    "ouagadougou": ("Ouagadougou", "Centre", "Kadiogo", "Burkina Faso", 12.371, -1.520, 1),
    "nairobi": ("Nairobi", "Nairobi", "Nairobi", "Kenya", -1.268, 36.806, 1),
    "kankara": ("Kankara", "Katsina", "Kankara", "Nigeria", 11.931, 7.411, 1),
    "baghdad": ("Baghdad", "Baghdad", "Baghdad", "Iraq", 33.330, 44.420, 1),
    "dahyan": ("Dahyan", "Saada", "Majz", "Yemen", 17.160, 43.620, 2),
    "pakistan": (None, None, None, "Pakistan", 30.375, 69.345, 3),
    "erbil": ("Erbil", "Erbil", "Erbil", "Iraq", 36.237, 43.963, 1),
    "bhimber": ("Bhimber", "Azad Kashmir", "Bhimber", "Pakistan", 32.975, 74.079, 2),
    "zindajan": ("Zindajan", "Herat", "Zindajan", "Afghanistan", 34.344, 61.746, 2),
    "chibok": ("Chibok", "Borno", "Chibok", "Nigeria", 10.870, 12.846, 1),
    "maiduguri": ("Maiduguri", "Borno", "Maiduguri", "Nigeria", 11.846, 13.160, 1),
    "abuja": ("Abuja", "Federal Capital Territory", "Abuja Municipal", "Nigeria", 9.058, 7.489, 1),
    "riyadh": ("Riyadh", "Riyadh", None, "Saudi Arabia", 24.713, 46.675, 1),
    # data_8.py (articles 41-46)
    "iran": (None, None, None, "Iran", 32.428, 53.688, 3),
    "mahshahr": ("Mahshahr", "Khuzestan", "Mahshahr", "Iran", 30.558, 49.198, 1),
    "khartoum": ("Khartoum", "Khartoum", "Khartoum", "Sudan", 15.552, 32.532, 1),
    "addis-ababa": ("Addis Ababa", "Addis Ababa", "Addis Ababa", "Ethiopia", 9.025, 38.747, 1),
    "kyiv": ("Kyiv", "Kyiv", "Kyiv", "Ukraine", 50.450, 30.524, 1),
    "afghanistan": (None, None, None, "Afghanistan", 33.939, 67.710, 3),
    # data_10.py (articles 55-62)
    "bolan": ("Mashkaf", "Balochistan", "Kachhi", "Pakistan", 29.640, 67.380, 2),
    "balochistan": (None, "Balochistan", None, "Pakistan", 28.491, 65.096, 3),
    "kalat": ("Mangochar", "Balochistan", "Kalat", "Pakistan", 29.180, 66.590, 2),
    "kidal": ("Kidal", "Kidal", "Kidal", "Mali", 18.441, 1.407, 1),
    "tacloban": ("Tacloban", "Eastern Visayas", "Leyte", "Philippines", 11.244, 125.004, 1),
    "bohol": (None, "Central Visayas", "Bohol", "Philippines", 9.850, 124.144, 3),
    "jangebe": ("Jangebe", "Zamfara", "Talata-Mafara", "Nigeria", 12.370, 6.340, 1),
    "kagara": ("Kagara", "Niger", "Rafi", "Nigeria", 10.187, 6.253, 1),
    "chilas": ("Chilas", "Gilgit-Baltistan", "Diamer", "Pakistan", 35.420, 74.094, 2),
    "gilgit-baltistan": (None, "Gilgit-Baltistan", None, "Pakistan", 35.792, 74.982, 3),
    "butembo": ("Butembo", "Nord-Kivu", "Butembo", "Democratic Republic of Congo", 0.142, 29.291, 1),
    "katwa": ("Katwa", "Nord-Kivu", "Butembo", "Democratic Republic of Congo", 0.115, 29.310, 2),
    "kenya": (None, None, None, "Kenya", 0.024, 37.906, 3),
}


def _find(text: str, needle: str, where: str) -> tuple[int, int]:
    i = text.find(needle)
    if i < 0:
        raise SystemExit(f"{where}: span not found: {needle!r}")
    if text.find(needle, i + 1) >= 0:
        raise SystemExit(f"{where}: span is ambiguous: {needle!r}")
    return i, i + len(needle)


def build_one(a: dict) -> tuple[dict, dict]:
    nn = a["nn"]
    aid = f"ev-{nn}"
    text = "\n".join(a["paras"])
    article = {
        "id": aid,
        "url": a["url"],
        "outlet": a["outlet"],
        "published": a["published"],
        "title": a["title"],
        "text": text,
    }
    events = []
    for e in a["events"]:
        loc, adm1, adm2, country, lat, lon, geo = PLACES[e["p"]]
        if "geo" in e:
            geo = e["geo"]
        s, t = _find(text, e["ev"], f"{aid} {e['id']}")
        src = {
            "article_id": aid,
            "url": a["url"],
            "evidence": e["ev"],
            "start": s,
            "end": t,
            "event_date": e.get("sd", e["d"]),
            "fatalities": e.get("sf", e.get("f")),
            "injured": e.get("inj"),
            "reported_as": e.get("rep", "asserted"),
        }
        events.append(
            {
                "id": e["id"],
                "event_date": e["d"],
                "date_precision": e.get("dp", "day"),
                "event_type": e["t"],
                "sub_event_type": e["s"],
                "actor1": e.get("a1"),
                "actor2": e.get("a2"),
                "country": country,
                "admin1": adm1,
                "admin2": adm2,
                "location": loc,
                "latitude": lat,
                "longitude": lon,
                "geo_precision": geo,
                "fatalities": e.get("f"),
                "fatalities_low": e.get("lo"),
                "fatalities_high": e.get("hi"),
                "injured": e.get("inj"),
                "sources": [src],
            }
        )
    quotes = []
    for k, q in enumerate(a.get("quotes", []), 1):
        qt, kind, speaker, role, org = q
        s, t = _find(text, qt, f"{aid} quote {k}")
        quotes.append(
            {
                "id": f"q-{nn}-{k}",
                "article_id": aid,
                "url": a["url"],
                "speaker": speaker,
                "speaker_role": role,
                "organization": org,
                "quote": qt,
                "kind": kind,
                "start": s,
                "end": t,
            }
        )
    claims = []
    for k, c in enumerate(a.get("claims", []), 1):
        claimant, ct, stance, hedged, via, event_id = c
        s, t = _find(text, ct, f"{aid} claim {k}")
        claims.append(
            {
                "id": f"c-{nn}-{k}",
                "article_id": aid,
                "url": a["url"],
                "claimant": claimant,
                "claim": ct,
                "stance": stance,
                "hedged": hedged,
                "via": via,
                "event_id": event_id,
                "start": s,
                "end": t,
            }
        )
    gold = {"article_id": aid, "url": a["url"], "events": events, "quotes": quotes, "claims": claims}
    return article, gold


def main() -> None:
    arts = []
    for mod in sorted(p.stem for p in HERE.glob("data_*.py")):
        arts.extend(importlib.import_module(mod).ARTICLES)
    seen = set()
    for a in arts:
        if a["nn"] in seen:
            raise SystemExit(f"duplicate article number {a['nn']}")
        seen.add(a["nn"])
        article, gold = build_one(a)
        name = f"{a['nn']}-{a['slug']}.json"
        words = len(article["text"].split())
        if not 120 <= words <= 900:  # short wire reports, and a few long features (51-54)
            print(f"warning: {name} has {words} words", file=sys.stderr)
        (EVAL / "articles" / name).write_text(
            json.dumps(article, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (EVAL / "gold" / name).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"built {len(arts)} articles")


if __name__ == "__main__":
    main()
