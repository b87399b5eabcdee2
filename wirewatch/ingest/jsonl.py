"""JSON Lines records: ``{url, title, published, text}``, ``{url, html}``, or news-please's fields."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from ..models import Failure, RawDocument

TEXT_FIELDS = ("text", "maintext")
DATE_FIELDS = ("published", "date_publish", "date")
AUTHOR_FIELDS = ("author", "authors")


def _first(record: dict[str, object], names: tuple[str, ...]) -> object:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    return str(value)


def parse_record(record: object, source: str) -> RawDocument | Failure:
    """One decoded JSON value as a RawDocument, or a Failure naming what is missing."""
    if not isinstance(record, dict):
        return Failure(source, "parse", f"expected a JSON object, got {type(record).__name__}")
    text = _first(record, TEXT_FIELDS)
    html = record.get("html")
    if not text and not html:
        return Failure(source, "parse", "record has neither 'text' (or news-please 'maintext') nor 'html'")
    if (text and not isinstance(text, str)) or (html and not isinstance(html, str)):
        return Failure(source, "parse", "'text'/'maintext'/'html' must be a string")
    record_id = record.get("id")
    return RawDocument(
        source=source,
        url=_optional_str(record.get("url")),
        html=html if not text else None,
        text=text if isinstance(text, str) and text else None,
        title=_optional_str(record.get("title")),
        published=_optional_str(_first(record, DATE_FIELDS)),
        author=_optional_str(_first(record, AUTHOR_FIELDS)),
        record_id=str(record_id) if record_id not in (None, "") else None,
    )


def iter_jsonl(path: Path) -> Iterator[RawDocument | Failure]:
    """Each line of a JSON Lines file (gzipped when it ends in .gz), streamed; sources are FILE:LINE."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            for lineno, raw in enumerate(handle, start=1):
                source = f"{path}:{lineno}"
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except UnicodeDecodeError:
                    yield Failure(source, "parse", "line is not valid UTF-8")
                    continue
                except json.JSONDecodeError as e:
                    yield Failure(source, "parse", f"invalid JSON: {e.msg} at column {e.colno}")
                    continue
                yield parse_record(record, source)
    except (OSError, EOFError) as e:
        yield Failure(str(path), "read", f"cannot read file: {getattr(e, 'strerror', None) or e}")
