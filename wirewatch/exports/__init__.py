"""Exports: one function per format, each writing records to an open text handle."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO


def write_jsonl(records: Iterable[dict[str, object]], handle: TextIO) -> int:
    """One JSON object per line, streamed; returns how many were written."""
    count = 0
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False))
        handle.write("\n")
        count += 1
    return count


__all__ = ["write_jsonl"]
