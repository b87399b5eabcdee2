"""Pages about events: the overview (map and timeline), the events table and one event's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> Any:
    return request.app.state.templates.TemplateResponse(request, "overview.html", {"page": "overview"})
