"""The analyst's web app and REST API: FastAPI, Jinja2 pages, vendored JavaScript, nothing from a CDN."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
