"""Exports: one function per format, each writing records to an open text handle."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO


def write_jsonl(records: Iterable[dict[str, object]], handle: TextIO) -> int:
    """One JSON object per line, streamed; returns how many were written."""
    count = 0
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False))
        handle.write("\n")
        count += 1
    return count


def actor_records(store: object) -> Iterator[dict[str, object]]:
    """The knowledge base's actors, then the organisations the articles name that it lacks."""
    from ..nlp.kb import load_kb

    kb = load_kb()
    for actor_id in sorted(kb.actors):
        yield kb.to_record(actor_id)
    for row in store.new_actors():  # type: ignore[attr-defined]
        yield {
            "id": row["actor_id"],
            "name": row["name"],
            "type": row["type"] or "other",
            "aliases": sorted(set(str(row["written"]).split(","))) if row["written"] else [],
            "parent": None,
            "country": None,
        }


__all__ = ["actor_records", "write_jsonl"]
