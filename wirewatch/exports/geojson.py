"""Events as a GeoJSON FeatureCollection (RFC 7946): one Point per located event, streamed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO


def feature(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """One event as a Feature, its fields as properties; None when the event has no coordinates."""
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None:
        return None
    properties = {k: v for k, v in record.items() if k != "sources"}
    sources = record.get("sources") or []
    properties["source_count"] = len(sources)
    properties["source_urls"] = list(dict.fromkeys(s["url"] for s in sources if s.get("url")))
    return {
        "type": "Feature",
        "id": record["id"],
        # RFC 7946: longitude first.
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def write_geojson(records: Iterable[Mapping[str, Any]], handle: TextIO) -> tuple[int, int]:
    """Write the collection one feature per line without holding it; returns (written, unlocated).

    Events without coordinates are left out (a Feature could carry a null geometry, but most GIS
    tools drop or reject those); the count of those left out is returned so the caller can say so.
    """
    written = skipped = 0
    handle.write('{"type": "FeatureCollection", "features": [\n')
    for record in records:
        item = feature(record)
        if item is None:
            skipped += 1
            continue
        if written:
            handle.write(",\n")
        handle.write(json.dumps(item, ensure_ascii=False))
        written += 1
    handle.write("\n]}\n")
    return written, skipped


__all__ = ["feature", "write_geojson"]
