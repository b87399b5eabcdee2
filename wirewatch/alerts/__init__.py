"""Watchlists and alerts: YAML rules on actors, event types, places, figures and words; every run
alerts once per matching event (and again when its toll changes) to stdout, a webhook or a JSON Lines
file. See docs/alerts.md."""

from __future__ import annotations

from .deliver import Alert, Delivery
from .evaluate import AlertReport, evaluate, figures
from .match import Match, match_rule, match_watchlist
from .watchlist import ActorRef, Rule, Targets, Watchlist, WatchlistError, Webhook, load_file, load_watchlists

__all__ = [
    "ActorRef",
    "Alert",
    "AlertReport",
    "Delivery",
    "Match",
    "Rule",
    "Targets",
    "Watchlist",
    "WatchlistError",
    "Webhook",
    "evaluate",
    "figures",
    "load_file",
    "load_watchlists",
    "match_rule",
    "match_watchlist",
]
