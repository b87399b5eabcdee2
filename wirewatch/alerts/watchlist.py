"""Watchlist files: YAML read, checked field by field, and turned into frozen records.

Every mistake becomes one line that names the file, the watchlist, the field and what is wrong, and all
of them are reported at once (WatchlistError.problems), so a user fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError

MAX_TIMEOUT = 60.0
"""Seconds: a webhook that takes longer is down for our purposes, and alerts wait behind it."""
MAX_RETRIES = 10
MAX_BACKOFF = 30.0
"""Seconds: the first wait between tries; each next wait doubles, and no wait is longer than this."""
DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_BACKOFF = 10.0, 3, 1.0

WATCHLIST_KEYS = ("name", "description", "rules", "targets")
RULE_KEYS = ("actors", "event_types", "sub_event_types", "places", "bbox", "min_fatalities", "keywords")
TARGET_KEYS = ("stdout", "webhook", "jsonl")
WEBHOOK_KEYS = ("url", "timeout", "retries", "backoff", "headers")


class WatchlistError(UsageError):
    """A watchlist file that cannot be used; ``problems`` holds one line per mistake."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


@dataclass(frozen=True)
class ActorRef:
    """An actor as the file names it, with the knowledge-base ids it stands for: itself and its factions."""

    written: str
    actor_ids: tuple[str, ...]
    """The actors the words name (an alias may name several)."""
    ids: frozenset[str]
    """Those actors and every actor under them (parent -> factions, recursively)."""
    names: frozenset[str]
    """Normalised names and aliases of all of ``ids``, for events whose actor has no id."""


@dataclass(frozen=True)
class Rule:
    """Conditions that must all hold; a condition left out (empty, None) holds for every event."""

    actors: tuple[ActorRef, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    """(south, west, north, east) in degrees; west > east is a box across the antimeridian."""
    min_fatalities: int | None = None
    keywords: tuple[str, ...] = ()

    def describe(self) -> str:
        """The rule in words: every condition, joined by "and"."""
        parts: list[str] = []
        for ref in self.actors:
            under = len(ref.ids) - len(ref.actor_ids)
            factions = f" and {under} actor(s) under it" if under else ""
            parts.append(f"actor {ref.written} ({', '.join(ref.actor_ids)}{factions})")
        if self.event_types:
            parts.append("type " + " or ".join(self.event_types))
        if self.sub_event_types:
            parts.append("sub-type " + " or ".join(self.sub_event_types))
        if self.places:
            parts.append("in " + " or ".join(self.places))
        if self.bbox is not None:
            parts.append("inside [{:g}, {:g}, {:g}, {:g}] (south, west, north, east)".format(*self.bbox))
        if self.min_fatalities is not None:
            parts.append(f"at least {self.min_fatalities} killed")
        if self.keywords:
            parts.append("evidence says " + " or ".join(repr(k) for k in self.keywords))
        return " and ".join(parts)


@dataclass(frozen=True)
class Webhook:
    url: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Targets:
    stdout: bool = False
    webhook: Webhook | None = None
    jsonl: Path | None = None
    """Absolute; a relative path in the file is taken from the file's folder."""

    def describe(self) -> list[str]:
        out = ["stdout"] if self.stdout else []
        if self.webhook is not None:
            out.append(
                f"webhook {self.webhook.url} (timeout {self.webhook.timeout:g}s, {self.webhook.retries} retries)"
            )
        if self.jsonl is not None:
            out.append(f"jsonl {self.jsonl}")
        return out


@dataclass(frozen=True)
class Watchlist:
    """One named watchlist: an event matching any of its rules is alerted to every target."""

    name: str
    rules: tuple[Rule, ...]
    targets: Targets
    file: str
    description: str | None = None


@lru_cache(maxsize=1)
def schema_types() -> dict[str, tuple[str, ...]]:
    """Event type -> its sub-event types, from event.schema.json (the public contract)."""
    path = resources.files("wirewatch.data") / "schema" / "event.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    groups = {**schema.get("x-acled-types", {}), **schema.get("x-extra-types", {})}
    types = {name: tuple(groups.get(name, ())) for name in schema["properties"]["event_type"]["enum"]}
    listed = {s for subs in types.values() for s in subs}
    # A sub-type the enum allows but no group lists still counts as valid.
    extra = tuple(s for s in schema["properties"]["sub_event_type"]["enum"] if s is not None and s not in listed)
    if extra:
        types[""] = extra
    return types


def fold(text: str) -> str:
    """Case and accents folded, spaces collapsed: how place names are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a case-insensitive pattern bounded by non-word characters; any whitespace inside it
    matches any run of whitespace."""
    body = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


# -- loading ---------------------------------------------------------------------------------------


def load_watchlists(paths: list[str] | tuple[str, ...]) -> list[Watchlist]:
    """Every watchlist of the given files, checked; raises WatchlistError listing every mistake of every
    file (and a name used twice across them)."""
    found: list[Watchlist] = []
    problems: list[str] = []
    for path in paths:
        try:
            found += load_file(path)
        except WatchlistError as e:
            problems += e.problems
    seen: dict[str, str] = {}
    for w in found:
        if w.name in seen:
            problems.append(
                f"{w.file}: watchlist {w.name!r}: name: already used in {seen[w.name]}; names must be unique"
            )
        seen.setdefault(w.name, w.file)
    if problems:
        raise WatchlistError(problems)
    return found


def load_file(path: str) -> list[Watchlist]:
    """The watchlists of one YAML file, checked."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise WatchlistError([f"{path}: cannot read the file: {e.strerror or e}"]) from e
    except UnicodeDecodeError as e:
        raise WatchlistError([f"{path}: not UTF-8 text: {e.reason} at byte {e.start}"]) from e
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise WatchlistError([f"{path}: not valid YAML{where}: {what}"]) from e
    checker = _Checker(path)
    lists = checker.top(data)
    if checker.problems:
        raise WatchlistError(checker.problems)
    return lists


class _Checker:
    """Walks one parsed file, collecting one line per mistake and building records from what is right."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.folder = Path(path).resolve().parent
        self.problems: list[str] = []
        self.context = ""
        self.names: set[str] = set()

    def fail(self, field: str, message: str) -> None:
        self.problems.append(f"{self.path}: {self.context}{field}: {message}")

    def unknown_keys(self, data: Mapping[Any, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(allowed)}"
                self.fail(f"{prefix}{key}", f"unknown field; {hint}")

    def top(self, data: object) -> list[Watchlist]:
        if data is None:
            self.fail("watchlists", "the file is empty; it needs a 'watchlists:' list")
            return []
        if not isinstance(data, Mapping) or "watchlists" not in data:
            self.fail("watchlists", "missing: the file must be a mapping with a 'watchlists:' list")
            return []
        self.unknown_keys(data, ("watchlists",), "")
        items = data["watchlists"]
        if not isinstance(items, list) or not items:
            self.fail("watchlists", "must be a non-empty list of watchlists")
            return []
        out: list[Watchlist] = []
        for n, item in enumerate(items, start=1):
            built = self.watchlist(item, n)
            if built is not None:
                out.append(built)
        return out

    def watchlist(self, data: object, n: int) -> Watchlist | None:
        self.context = f"watchlist #{n}: "
        if not isinstance(data, Mapping):
            self.fail("", f"must be a mapping with name, rules and targets, not {_kind(data)}")
            return None
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail("name", "missing or empty: give each watchlist a name (it identifies its alerts)")
        else:
            self.context = f"watchlist {name!r}: "
            if name.strip() in self.names:
                self.fail("name", "used by an earlier watchlist of this file; names must be unique")
            self.names.add(name.strip())
        before = len(self.problems)
        self.unknown_keys(data, WATCHLIST_KEYS, "")
        description = data.get("description")
        if description is not None and not isinstance(description, str):
            self.fail("description", f"must be text, not {_kind(description)}")
        rules: list[Rule] = []
        raw_rules = data.get("rules")
        if not isinstance(raw_rules, list) or not raw_rules:
            self.fail("rules", "missing or empty: give a list of at least one rule")
        else:
            for i, raw in enumerate(raw_rules, start=1):
                rule = self.rule(raw, f"rules[{i}]")
                if rule is not None:
                    rules.append(rule)
        targets = self.targets(data.get("targets"))
        if len(self.problems) > before or not isinstance(name, str) or not name.strip() or targets is None:
            return None
        return Watchlist(
            name=name.strip(),
            rules=tuple(rules),
            targets=targets,
            file=self.path,
            description=description.strip() if isinstance(description, str) else None,
        )

    # -- rules -------------------------------------------------------------------------------------

    def rule(self, data: object, where: str) -> Rule | None:
        if not isinstance(data, Mapping):
            self.fail(where, f"must be a mapping of conditions ({', '.join(RULE_KEYS)}), not {_kind(data)}")
            return None
        before = len(self.problems)
        self.unknown_keys(data, RULE_KEYS, f"{where}.")
        if not any(data.get(k) not in (None, [], "") for k in RULE_KEYS):
            self.fail(where, f"has no condition; give at least one of {', '.join(RULE_KEYS)}")
            return None
        actors = tuple(self.actor(a, f"{where}.actors") for a in self.texts(data.get("actors"), f"{where}.actors"))
        event_types = self.event_types(data.get("event_types"), f"{where}.event_types")
        sub_types = self.sub_event_types(data.get("sub_event_types"), f"{where}.sub_event_types")
        places = self.texts(data.get("places"), f"{where}.places")
        keywords = self.texts(data.get("keywords"), f"{where}.keywords")
        bbox = self.bbox(data.get("bbox"), f"{where}.bbox")
        min_fatalities = self.min_fatalities(data.get("min_fatalities"), f"{where}.min_fatalities")
        if len(self.problems) > before:
            return None
        return Rule(
            actors=tuple(a for a in actors if a is not None),
            event_types=event_types,
            sub_event_types=sub_types,
            places=places,
            bbox=bbox,
            min_fatalities=min_fatalities,
            keywords=keywords,
        )

    def texts(self, value: object, field: str) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is taken as a list of one)."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(field, f"must be a list of text, not {_kind(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.fail(f"{field}[{i}]", f"must be non-empty text, not {_kind(item)}")
            else:
                out.append(str(item).strip())
        return tuple(dict.fromkeys(out))

    def actor(self, written: str, field: str) -> ActorRef | None:
        from ..nlp.kb import load_kb, normalise

        kb = load_kb()
        if kb.get(written):
            roots: tuple[str, ...] = (written,)
        else:
            roots = tuple(dict.fromkeys(a.actor_id for a in kb.lookup(written, exact_case=False)))
        if not roots:
            known = sorted({a.text for a in kb.aliases()})
            close = difflib.get_close_matches(written, known, n=1, cutoff=0.8)
            hint = f"; did you mean {close[0]!r}?" if close else " (see `wirewatch actor NAME`)"
            self.fail(field, f"unknown actor {written!r}: not an id, name or alias in the knowledge base{hint}")
            return None
        ids: list[str] = []
        todo = list(roots)
        while todo:
            current = todo.pop(0)
            if current in ids:
                continue
            ids.append(current)
            todo += kb.children(current)
        names = frozenset(normalise(a.text) for i in ids for a in kb[i].aliases)
        return ActorRef(written=written, actor_ids=roots, ids=frozenset(ids), names=names)

    def event_types(self, value: object, field: str) -> tuple[str, ...]:
        types = schema_types()
        out: list[str] = []
        for n, text in enumerate(self.texts(value, field), start=1):
            found = next((t for t in types if t and t.casefold() == text.casefold()), None)
            if found is not None:
                out.append(found)
                continue
            if any(text.casefold() == s.casefold() for subs in types.values() for s in subs):
                self.fail(f"{field}[{n}]", f"{text!r} is a sub-event type: put it under sub_event_types")
                continue
            self.fail(f"{field}[{n}]", f"unknown event type {text!r}{_suggest(text, [t for t in types if t])}")
        return tuple(out)

    def sub_event_types(self, value: object, field: str) -> tuple[str, ...]:
        types = schema_types()
        subs = [s for group in types.values() for s in group]
        out: list[str] = []
        for n, text in enumerate(self.texts(value, field), start=1):
            found = next((s for s in subs if s.casefold() == text.casefold()), None)
            if found is not None:
                out.append(found)
            elif any(text.casefold() == t.casefold() for t in types if t):
                self.fail(f"{field}[{n}]", f"{text!r} is an event type: put it under event_types")
            else:
                self.fail(f"{field}[{n}]", f"unknown sub-event type {text!r}{_suggest(text, subs)}")
        return tuple(out)

    def bbox(self, value: object, field: str) -> tuple[float, float, float, float] | None:
        if value is None:
            return None
        shape = "a list of four numbers [south, west, north, east] in degrees"
        if not isinstance(value, list) or len(value) != 4:
            got = f"{len(value)} value(s)" if isinstance(value, list) else _kind(value)
            self.fail(field, f"must be {shape}, not {got}")
            return None
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
            self.fail(field, f"must be {shape}; got {value!r}")
            return None
        south, west, north, east = (float(v) for v in value)
        ok = True
        for label, v, limit in (("south", south, 90), ("north", north, 90), ("west", west, 180), ("east", east, 180)):
            if not -limit <= v <= limit:
                self.fail(field, f"{label} {v:g} is out of range (-{limit} to {limit})")
                ok = False
        if ok and south > north:
            self.fail(field, f"south {south:g} is north of north {north:g}: the order is [south, west, north, east]")
            ok = False
        return (south, west, north, east) if ok else None

    def min_fatalities(self, value: object, field: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(field, f"must be a whole number, 0 or more, not {value!r}")
            return None
        return value

    # -- targets -----------------------------------------------------------------------------------

    def targets(self, data: object) -> Targets | None:
        if data is None:
            self.fail("targets", "missing: say where alerts go (stdout: true, webhook: {url: ...}, jsonl: FILE)")
            return None
        if not isinstance(data, Mapping):
            self.fail("targets", f"must be a mapping (stdout, webhook, jsonl), not {_kind(data)}")
            return None
        before = len(self.problems)
        self.unknown_keys(data, TARGET_KEYS, "targets.")
        stdout = data.get("stdout", False)
        if not isinstance(stdout, bool):
            self.fail("targets.stdout", f"must be true or false, not {stdout!r}")
        webhook = self.webhook(data.get("webhook"))
        jsonl: Path | None = None
        raw = data.get("jsonl")
        if raw is not None:
            if not isinstance(raw, str) or not raw.strip():
                self.fail("targets.jsonl", f"must be a file path, not {_kind(raw)}")
            else:
                jsonl = self.folder / Path(raw).expanduser()
                if jsonl.is_dir():
                    self.fail("targets.jsonl", f"{raw!r} is a folder; give a file path")
        if len(self.problems) > before:
            return None
        if not (stdout is True or webhook is not None or jsonl is not None):
            self.fail("targets", "none given: set at least one of stdout: true, webhook: {url: ...}, jsonl: FILE")
            return None
        return Targets(stdout=stdout is True, webhook=webhook, jsonl=jsonl)

    def webhook(self, data: object) -> Webhook | None:
        field = "targets.webhook"
        if data is None:
            return None
        if isinstance(data, str):
            data = {"url": data}
        if not isinstance(data, Mapping):
            self.fail(field, f"must be a mapping with a url (and timeout, retries, headers), not {_kind(data)}")
            return None
        before = len(self.problems)
        self.unknown_keys(data, WEBHOOK_KEYS, f"{field}.")
        url = data.get("url")
        if not isinstance(url, str) or not url.strip():
            self.fail(f"{field}.url", "missing: give the http(s) URL to POST alerts to")
        else:
            parts = urlsplit(url.strip())
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.fail(f"{field}.url", f"{url!r} is not an http:// or https:// URL with a host")
        timeout = self.number(data.get("timeout"), f"{field}.timeout", DEFAULT_TIMEOUT, high=MAX_TIMEOUT, zero_ok=False)
        backoff = self.number(data.get("backoff"), f"{field}.backoff", DEFAULT_BACKOFF, high=MAX_BACKOFF, zero_ok=True)
        retries = data.get("retries", DEFAULT_RETRIES)
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= MAX_RETRIES:
            self.fail(f"{field}.retries", f"must be a whole number from 0 to {MAX_RETRIES}, not {retries!r}")
        headers: list[tuple[str, str]] = []
        raw_headers = data.get("headers") or {}
        if not isinstance(raw_headers, Mapping):
            self.fail(f"{field}.headers", f"must be a mapping of header name to value, not {_kind(raw_headers)}")
        else:
            for key, value in raw_headers.items():
                if not isinstance(key, str) or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", key):
                    self.fail(f"{field}.headers", f"{key!r} is not a valid header name")
                elif isinstance(value, bool) or not isinstance(value, (str, int, float)) or "\n" in str(value):
                    self.fail(f"{field}.headers.{key}", f"must be one line of text, not {_kind(value)}")
                else:
                    headers.append((key, str(value)))
        if len(self.problems) > before:
            return None
        return Webhook(
            url=str(url).strip(),
            timeout=timeout,
            retries=int(retries),
            backoff=backoff,
            headers=tuple(headers),
        )

    def number(self, value: object, field: str, default: float, *, high: float, zero_ok: bool) -> float:
        """Seconds: more than 0 (or 0 too, with ``zero_ok``) and at most ``high``."""
        if value is None:
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            seconds = float(value)
            if (seconds >= 0 if zero_ok else seconds > 0) and seconds <= high:
                return seconds
        bound = "from 0" if zero_ok else "above 0"
        self.fail(field, f"must be a number of seconds {bound} up to {high:g}, not {value!r}")
        return default


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


def _suggest(text: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; one of: {', '.join(choices)}" if len(choices) <= 12 else " (see event.schema.json)"
