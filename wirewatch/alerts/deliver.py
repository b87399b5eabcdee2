"""Alert targets: one readable line on stdout, a line appended to a JSON Lines file, a JSON POST to a
webhook. A target that fails gives a one-line reason; it never raises to the caller."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..events.merge import toll_text
from .watchlist import MAX_BACKOFF, Targets, Webhook

USER_AGENT = "wirewatch-alerts"
RETRY_STATUSES = frozenset({408, 425, 429})
"""Besides 5xx: the statuses that say "try again later" rather than "this request is wrong"."""


@dataclass(frozen=True)
class Alert:
    """One alert: a watchlist's news about one event."""

    kind: str
    """"new" (first alert of this watchlist on this event) or "update" (its figures changed since)."""
    watchlist: str
    event: dict[str, Any]
    matched: tuple[str, ...]
    previous: dict[str, Any] | None
    """The figures of the previous alert (an update), else None."""
    figures: dict[str, Any]
    sent_at: str

    def payload(self) -> dict[str, Any]:
        """The JSON object every machine target receives (docs/alerts.md)."""
        return {
            "kind": self.kind,
            "watchlist": self.watchlist,
            "event": self.event,
            "matched": list(self.matched),
            "previous": self.previous,
            "figures": self.figures,
            "sent_at": self.sent_at,
        }

    def line(self) -> str:
        """The alert as one line for a terminal or a log."""
        e = self.event
        kind = str(e.get("event_type") or "?") + (f" / {e['sub_event_type']}" if e.get("sub_event_type") else "")
        place = ", ".join(str(e[k]) for k in ("location", "admin1", "country") if e.get(k)) or "place unknown"
        text = f"ALERT {self.kind} [{self.watchlist}] {e['id']}  {e.get('event_date') or '????-??-??'}  {kind}  {place}"
        text += f"  {_figures_text(self.figures)}"
        if self.previous is not None:
            text += f" (was {_figures_text(self.previous)})"
        return text


def _figures_text(figures: dict[str, Any]) -> str:
    sources = figures.get("sources", 0)
    return f"{toll_text(figures)}, {sources} source{'s' if sources != 1 else ''}"


class DeliveryError(Exception):
    """A target did not take an alert; ``str(error)`` is the one-line reason."""


def shown_url(url: str) -> str:
    """A webhook URL as recorded in failures: without its query or credentials, which may carry secrets."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class Delivery:
    """Sends the alerts of one run. One HTTP client for all webhooks; a webhook that failed every try
    is not tried again in the same run (its later alerts fail at once), so a dead endpoint costs one
    alert's retries, not every alert's."""

    def __init__(
        self,
        *,
        echo: Callable[[str], None],
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.echo = echo
        self.sleep = sleep
        self.client = httpx.Client(transport=transport, follow_redirects=False, headers={"User-Agent": USER_AGENT})
        self.down: dict[str, str] = {}
        """Webhook URL -> why it failed earlier in this run."""

    def __enter__(self) -> Delivery:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def send(self, alert: Alert, targets: Targets) -> tuple[list[str], list[tuple[str, str]]]:
        """Give the alert to every target: (targets that took it, [(target, reason)] for those that did not)."""
        delivered: list[str] = []
        failed: list[tuple[str, str]] = []
        payload = alert.payload()
        if targets.stdout:
            self.echo(alert.line())
            delivered.append("stdout")
        if targets.jsonl is not None:
            try:
                targets.jsonl.parent.mkdir(parents=True, exist_ok=True)
                with targets.jsonl.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
                delivered.append("jsonl")
            except OSError as e:
                failed.append((str(targets.jsonl), f"cannot append to the file: {e.strerror or e}"))
        if targets.webhook is not None:
            try:
                self.post(targets.webhook, payload)
                delivered.append("webhook")
            except DeliveryError as e:
                failed.append((shown_url(targets.webhook.url), str(e)))
        return delivered, failed

    def post(self, webhook: Webhook, payload: dict[str, Any]) -> None:
        """POST the payload as JSON; retry network errors, timeouts, 5xx, 408, 425 and 429 with doubling
        waits (a Retry-After of up to MAX_BACKOFF seconds is honoured); never follow a redirect."""
        if webhook.url in self.down:
            raise DeliveryError(f"not tried: it failed earlier in this run ({self.down[webhook.url]})")
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", **dict(webhook.headers)}
        reason = ""
        tries = webhook.retries + 1
        for attempt in range(tries):
            wait = min(webhook.backoff * 2**attempt, MAX_BACKOFF)
            try:
                response = self.client.post(webhook.url, content=body, headers=headers, timeout=webhook.timeout)
            except httpx.TimeoutException:
                reason = f"no answer within {webhook.timeout:g}s"
            except httpx.HTTPError as e:
                reason = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'network error'}"
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return
                if 300 <= status < 400:
                    raise DeliveryError(f"answered HTTP {status} (a redirect, not followed); give the final URL")
                if status < 500 and status not in RETRY_STATUSES:
                    raise DeliveryError(f"answered HTTP {status}: {_snippet(response)}")
                reason = f"answered HTTP {status}"
                retry_after = response.headers.get("Retry-After", "")
                if retry_after.isdigit():
                    wait = max(wait, min(float(retry_after), MAX_BACKOFF))
            if attempt + 1 < tries:
                self.sleep(wait)
        reason = f"{reason} ({tries} {'try' if tries == 1 else 'tries'})"
        self.down[webhook.url] = reason
        raise DeliveryError(reason)


def _snippet(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return (text[:120] + "...") if len(text) > 120 else (text or response.reason_phrase)
