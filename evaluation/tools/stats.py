"""Print counts and the Markdown table of events used in evaluation/README.md."""

from __future__ import annotations

import collections
import json
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "gold"


def main() -> None:
    rows: dict[str, dict] = {}
    types, subs, kinds, stances = (collections.Counter() for _ in range(4))
    mentions = hedged = 0
    files = sorted(GOLD.glob("*.json"))
    for f in files:
        g = json.loads(f.read_text(encoding="utf-8"))
        for e in g["events"]:
            mentions += 1
            if e["id"] not in rows:
                types[e["event_type"]] += 1
                subs[e["sub_event_type"]] += 1
            r = rows.setdefault(e["id"], {"e": e, "arts": []})
            if e["fatalities"] is not None:
                fat = str(e["fatalities"])
            elif e["fatalities_low"] is not None:
                fat = f"{e['fatalities_low']}–{e['fatalities_high']}"
            else:
                fat = "null"
            r["arts"].append(f"{g['article_id'][3:]} ({fat})")
        kinds.update(q["kind"] for q in g["quotes"])
        stances.update(c["stance"] for c in g["claims"])
        hedged += sum(c["hedged"] for c in g["claims"])
    multi = [k for k, r in rows.items() if len(r["arts"]) > 1]
    print(f"articles {len(files)}, events {len(rows)}, event mentions {mentions}, multi-source events {len(multi)}")
    print(
        f"quotes {sum(kinds.values())} {dict(kinds)}; claims {sum(stances.values())} {dict(stances)}, hedged {hedged}"
    )
    print("by event type:", dict(types.most_common()))
    print("by sub-event type:", dict(subs.most_common()))
    print()
    print("| event id | date | type / sub-event type | place | articles (fatalities) |")
    print("|---|---|---|---|---|")
    for k, r in sorted(rows.items(), key=lambda kv: kv[1]["arts"][0]):
        e = r["e"]
        place = ", ".join(x for x in (e["location"], e["admin1"], e["country"]) if x)
        tag = " **multi-source**" if len(r["arts"]) > 1 else ""
        print(
            f"| `{k}` | {e['event_date']} | {e['event_type']} / {e['sub_event_type']} | {place} | "
            f"{', '.join(r['arts'])}{tag} |"
        )


if __name__ == "__main__":
    main()
