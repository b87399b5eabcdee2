"""The JSON API about articles."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["articles"])
