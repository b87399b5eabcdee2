"""The alert step: after a run, every event it changed is matched against the watchlists, and each match
whose figures were not alerted before becomes one alert, sent to the watchlist's targets."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from ..models import Failure, Stage
from ..store import Store
from .deliver import Alert, Delivery
from .match import match_watchlist
from .watchlist import Watchlist

ALERT_STAGE: Stage = "alert"
"""The stage of an alert that a target did not take, in the failures table."""


@dataclass
class AlertReport:
    """What one alert step did."""

    evaluated: int = 0
    new: int = 0
    updated: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return self.new + self.updated

    def merge(self, other: AlertReport) -> None:
        self.evaluated += other.evaluated
        self.new += other.new
        self.updated += other.updated
        self.failures += other.failures


def figures(event: Mapping[str, Any]) -> dict[str, Any]:
    """What an alert is about beyond the match: the toll (best estimate and range) and how many articles
    report the event. A change to any of them makes an update."""
    sources = event.get("sources") or ()
    return {
        "fatalities": event.get("fatalities"),
        "fatalities_low": event.get("fatalities_low"),
        "fatalities_high": event.get("fatalities_high"),
        "injured": event.get("injured"),
        "sources": len({s.get("article_id") for s in sources}),
    }


def evaluate(
    store: Store,
    watchlists: Iterable[Watchlist],
    *,
    after: int | None = None,
    since: str | None = None,
    echo: Callable[[str], None],
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> AlertReport:
    """Alert on the events changed after the mark ``after`` (store.event_change_mark() taken before the
    run) or since the date ``since``; neither: every event. Each (watchlist, event) pair is alerted
    once, and again only when its figures change; a target that fails is recorded in the failures
    table (stage "alert") and the others still get the alert."""
    lists = list(watchlists)
    report = AlertReport()
    if not lists:
        return report
    with Delivery(echo=echo, transport=transport, sleep=sleep) as delivery:
        for event in store.changed_events(after=after, since=since):
            report.evaluated += 1
            for watchlist in lists:
                match = match_watchlist(watchlist, event)
                if match is None:
                    continue
                now = figures(event)
                claimed = store.claim_alert(watchlist.name, str(event["id"]), json.dumps(now, sort_keys=True))
                if claimed is None:
                    continue
                alert_id, kind, previous = claimed
                alert = Alert(
                    kind=kind,
                    watchlist=watchlist.name,
                    event=dict(event),
                    matched=tuple(match.explain()),
                    previous=_previous(previous, now),
                    figures=now,
                    sent_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
                delivered, failed = delivery.send(alert, watchlist.targets)
                store.alert_delivered(alert_id, delivered=delivered, failed=[target for target, _ in failed])
                if kind == "new":
                    report.new += 1
                else:
                    report.updated += 1
                for target, reason in failed:
                    failure = Failure(
                        target, ALERT_STAGE, f"{kind} alert of watchlist {watchlist.name!r} on {event['id']}: {reason}"
                    )
                    store.record_failure(failure)
                    report.failures.append(failure)
    return report


def _previous(fingerprint: str | None, now: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figures of the previous alert, in the order of the current ones."""
    if fingerprint is None:
        return None
    before = json.loads(fingerprint)
    return {key: before.get(key) for key in now}
