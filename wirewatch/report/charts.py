"""The report's map and timeline as shapes in SVG coordinates, computed in Python so the report needs
no JavaScript: the template only writes them out.

The map is an equirectangular projection of the events' bounding box (with a margin, longitudes
shrunk by the cosine of the middle latitude so shapes keep their proportions), over the country
outlines of the vendored Natural Earth TopoJSON (world-atlas countries-50m), decoded here, clipped to
the box and thinned to what the drawing can show.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .build import Bin, MapPoint

MAP_WIDTH, MAP_HEIGHT = 760.0, 460.0
MIN_SPAN = 3.0
"""Degrees of latitude the map shows at least: a single event still gets its neighbourhood around it."""
MARGIN = 0.25
"""Share of the events' span added on each side, so no marker sits on the edge."""
SIMPLIFY_PX = 0.8
"""Outline points closer than this to the previous kept point are dropped: invisible at print size,
and it cuts the 50m outlines of a country-sized box to a few thousand points."""
LABEL_AREA = 0.015
"""A country is named on the map when its visible part covers this share of the map."""

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.west) / (self.east - self.west) * MAP_WIDTH
        y = (self.north - lat) / (self.north - self.south) * MAP_HEIGHT
        return x, y


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float
    event_type: str
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    text: str


@dataclass(frozen=True)
class MapShapes:
    width: float
    height: float
    box: Box
    countries: tuple[str, ...]
    """One SVG path (``d``) per country with a visible part."""
    labels: tuple[Label, ...]
    graticule: tuple[Line, ...]
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    event_type: str
    label: str


@dataclass(frozen=True)
class TimelineShapes:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Label, ...]
    """The y axis' counts."""
    dates: tuple[Label, ...]
    """The x axis' dates."""
    top: float
    """The y of the axis' top; gridlines are drawn at the ticks."""
    left: float
    right: float
    base: float


# -- TopoJSON ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Each country's name and rings (lon, lat), decoded from the vendored world-atlas TopoJSON:
    quantized, delta-encoded arcs, stitched into rings by index (a negative index ~i is arc i reversed)."""
    path = resources.files("wirewatch.web").joinpath("static/vendor/world-atlas/countries-50m.json")
    topology = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> Ring:
        out: Ring = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points[1:] if out else points)  # each arc starts where the last one ended
        return out

    found: list[tuple[str, tuple[Ring, ...]]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(ring(r) for polygon in polygons for r in polygon)
        found.append((str(geometry.get("properties", {}).get("name") or ""), rings))
    return tuple(found)


# -- map -----------------------------------------------------------------------------------------


def map_box(points: Sequence[MapPoint]) -> Box:
    """The events' bounding box with a margin, widened to the map's proportions."""
    south, north = min(p.latitude for p in points), max(p.latitude for p in points)
    west, east = min(p.longitude for p in points), max(p.longitude for p in points)
    pad_lat = max((north - south) * MARGIN, (MIN_SPAN - (north - south)) / 2, 0.0)
    south, north = max(south - pad_lat, -85.0), min(north + pad_lat, 85.0)
    shrink = max(math.cos(math.radians((south + north) / 2)), 0.2)
    pad_lon = (east - west) * MARGIN
    west, east = west - pad_lon, east + pad_lon
    # Widen whichever side is short, so a degree of longitude is cos(latitude) of a degree of latitude.
    width_deg, height_deg = (east - west) * shrink, north - south
    aspect = MAP_WIDTH / MAP_HEIGHT
    if width_deg < height_deg * aspect:
        extra = (height_deg * aspect / shrink - (east - west)) / 2
        west, east = west - extra, east + extra
    else:
        extra = (width_deg / aspect - height_deg) / 2
        south, north = south - extra, north + extra
    return Box(max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))


def _clip(ring: Ring, low_x: float, low_y: float, high_x: float, high_y: float) -> Ring:
    """Sutherland-Hodgman: the part of a polygon ring inside the rectangle."""
    edges = (
        (lambda p: p[0] >= low_x, lambda a, b: _at_x(a, b, low_x)),
        (lambda p: p[0] <= high_x, lambda a, b: _at_x(a, b, high_x)),
        (lambda p: p[1] >= low_y, lambda a, b: _at_y(a, b, low_y)),
        (lambda p: p[1] <= high_y, lambda a, b: _at_y(a, b, high_y)),
    )
    out = ring
    for inside, cross in edges:
        if not out:
            break
        points, out = out, []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
    return out


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _thin(ring: Ring) -> Ring:
    kept = ring[:1]
    for x, y in ring[1:]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= SIMPLIFY_PX:
            kept.append((x, y))
    return kept


def _area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Area (absolute) and centroid of a polygon ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _step(span: float) -> float:
    """A round graticule step giving three to six lines over ``span`` degrees."""
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90):
        if span / step <= 6:
            return float(step)
    return 90.0


def _degrees(value: float, positive: str, negative: str) -> str:
    text = f"{abs(value):g}°"
    return text + (positive if value > 0 else negative if value < 0 else "")


def draw_map(points: Sequence[MapPoint]) -> MapShapes | None:
    """The map's shapes; None when no event has coordinates."""
    if not points:
        return None
    box = map_box(points)
    pad = 2.0  # clip just outside the frame, so the cut edges of countries are not stroked inside it
    paths: list[str] = []
    labels: list[Label] = []
    for name, rings in countries():
        parts: list[str] = []
        largest = (0.0, 0.0, 0.0)
        for ring in rings:
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            if max(lons) < box.west or min(lons) > box.east or max(lats) < box.south or min(lats) > box.north:
                continue
            clipped = _thin(_clip([box.project(*p) for p in ring], -pad, -pad, MAP_WIDTH + pad, MAP_HEIGHT + pad))
            if len(clipped) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in clipped) + "Z")
            found = _area_centroid(clipped)
            if found[0] > largest[0]:
                largest = found
        if parts:
            paths.append("".join(parts))
            if name and largest[0] >= LABEL_AREA * MAP_WIDTH * MAP_HEIGHT:
                x = min(max(largest[1], 40.0), MAP_WIDTH - 40.0)
                y = min(max(largest[2], 14.0), MAP_HEIGHT - 8.0)
                labels.append(Label(x, y, name))
    graticule: list[Line] = []
    step = _step(box.north - box.south)
    lat = math.ceil(box.south / step) * step
    while lat < box.north:
        _, y = box.project(box.west, lat)
        graticule.append(Line(0.0, y, MAP_WIDTH, y, _degrees(lat, "N", "S")))
        lat += step
    lon = math.ceil(box.west / step) * step
    while lon < box.east:
        x, _ = box.project(lon, box.north)
        graticule.append(Line(x, 0.0, x, MAP_HEIGHT, _degrees(lon, "E", "W")))
        lon += step
    markers = [
        Marker(*box.project(p.longitude, p.latitude), r=_radius(p.killed), event_type=p.event_type, label=p.label)
        for p in sorted(points, key=lambda p: -p.killed)  # the big circles first, so small ones stay visible
    ]
    return MapShapes(MAP_WIDTH, MAP_HEIGHT, box, tuple(paths), tuple(labels), tuple(graticule), tuple(markers))


def _radius(killed: int) -> float:
    """Circle area grows with the death toll; 4 px for none, 24 px at most (about 150 killed)."""
    return round(min(4.0 + 1.6 * math.sqrt(killed), 24.0), 1)


# -- timeline ------------------------------------------------------------------------------------

TIMELINE_WIDTH, TIMELINE_HEIGHT = 760.0, 230.0
LEFT, RIGHT, TOP, BOTTOM = 38.0, 10.0, 12.0, 36.0


def _nice(top: int) -> int:
    """The axis maximum: ``top`` rounded up to 1, 2 or 5 times a power of ten."""
    if top <= 5:
        return max(top, 1)
    magnitude = 10 ** int(math.log10(top))
    for factor in (1, 2, 5, 10):
        if top <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def draw_timeline(bins: Sequence[Bin], unit: str) -> TimelineShapes:
    """Stacked bars, one per bin, by event type, with a count axis and a few date labels."""
    inner_w = TIMELINE_WIDTH - LEFT - RIGHT
    inner_h = TIMELINE_HEIGHT - TOP - BOTTOM
    base = TOP + inner_h
    top = _nice(max((b.total for b in bins), default=0))
    slot = inner_w / max(len(bins), 1)
    gap = min(2.0, slot * 0.2)
    bars: list[Bar] = []
    for i, b in enumerate(bins):
        y = base
        for event_type, count in b.counts:
            height = inner_h * count / top
            y -= height
            noun = "event" if count == 1 else "events"
            bars.append(
                Bar(
                    x=round(LEFT + i * slot + gap / 2, 2),
                    y=round(y, 2),
                    width=round(max(slot - gap, 0.5), 2),
                    height=round(height, 2),
                    event_type=event_type,
                    label=f"{_bin_label(b, unit)}: {count} {event_type} {noun}",
                )
            )
    ticks = tuple(Label(LEFT - 6, base - inner_h * v / top, str(v)) for v in sorted({0, top // 2, top}))
    every = max(1, math.ceil(len(bins) / 8))
    dates = tuple(
        Label(LEFT + i * slot + slot / 2, base + 16, _axis_label(b, unit)) for i, b in enumerate(bins) if i % every == 0
    )
    return TimelineShapes(
        TIMELINE_WIDTH, TIMELINE_HEIGHT, tuple(bars), ticks, dates, TOP, LEFT, TIMELINE_WIDTH - RIGHT, base
    )


def _bin_label(b: Bin, unit: str) -> str:
    if unit == "week":
        return f"week of {b.start.isoformat()}"
    if unit == "month":
        return b.start.strftime("%B %Y")
    return b.start.isoformat()


def _axis_label(b: Bin, unit: str) -> str:
    return b.start.strftime("%b %Y") if unit == "month" else b.start.strftime("%d %b")
