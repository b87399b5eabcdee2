"""Situation reports: a period's events, figures against the period before, a map, a timeline, the
sources, statements, claims and contradictions, as one self-contained HTML file or a PDF."""

from __future__ import annotations

from .build import Period, Report, build_report, parse_period
from .pdf import html_to_pdf
from .render import render_html

__all__ = ["Period", "Report", "build_report", "html_to_pdf", "parse_period", "render_html"]
