"""A situation report as one self-contained HTML page: inline CSS, the map and timeline as inline
SVG, no script, nothing loaded from anywhere; only the sources' article links point outside."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader

from .build import Change, Report
from .charts import draw_map, draw_timeline


def type_slug(event_type: object) -> str:
    """The CSS class suffix of an event type, as the web app makes it (pages.type_slug)."""
    return re.sub(r"[^a-z0-9]+", "-", str(event_type or "").lower()).strip("-") or "none"


def change_text(change: Change) -> str:
    """ "+3 (+25%)", "-2 (-40%)", "no change", "+4 (none before)"."""
    if change.delta == 0:
        return "no change"
    text = f"{change.delta:+d}"
    return text + (f" ({change.percent:+d}%)" if change.percent is not None else " (none before)")


def change_class(change: Change) -> str:
    return "up" if change.delta > 0 else "down" if change.delta < 0 else "same"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wirewatch.report", "templates"),
        autoescape=True,  # every string from an article is text, never markup
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = type_slug
    env.filters["change"] = change_text
    env.filters["trend"] = change_class
    return env


def render_html(report: Report) -> str:
    """The report as one HTML document."""
    return (
        environment()
        .get_template("sitrep.html")
        .render(
            report=report,
            map=draw_map(report.points),
            timeline=draw_timeline(report.timeline, report.unit),
        )
    )
