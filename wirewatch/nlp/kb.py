"""The actor knowledge base: the YAML files under ``wirewatch/data/actors/``, indexed for resolution.

``load_kb()`` reads them once per process (packaged data, via importlib.resources). Lookups go through
``normalise``, which folds case, diacritics, apostrophes, hyphens and the izafat connective ("-e-" /
"-i-"), so "Tehrik-i-Taliban", "Tehreek e Taliban" and "tehrik-e-taliban" reach the same aliases the
files list; ``surface_variants`` spells an alias the ways a tokenizer will see it, for the PhraseMatcher.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Required, TypedDict, cast

__all__ = [
    "Actor",
    "ActorKB",
    "ActorRecord",
    "Alias",
    "AliasRecord",
    "Lexicon",
    "load_kb",
    "load_lexicon",
    "normalise",
    "read_lexicon",
    "surface_variants",
]

ACTOR_TYPES = ("state", "military/police", "militant group", "political party", "IGO", "media", "person", "other")

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_DASHES = re.compile(r"[-‐‑‒–—/_]+")
_DROP = re.compile(r"[.,;:!?\"“”()\[\]]")
CONNECTIVES = frozenset({"e", "i"})
"""The izafat connective of Urdu/Persian names, written -e-, -i- or as a separate word: folded to "e"."""
JOINERS = frozenset({"e", "i", "ul", "ud", "ur", "us", "ut", "al", "el", "ad", "as", "an", "wal", "ye"})
"""Particles that transliterations attach with a hyphen or a space ("Jamaat-ul-Ahrar", "Jamaat ul Ahrar")."""
MAX_VARIANTS = 64
"""Cap on surface spellings generated per alias: the longest alias (5 gaps) then stays at 2^5 * 2."""
_PLACE_NOTE = re.compile(r"metonym|city|country name", re.IGNORECASE)
_ERA = re.compile(r"^(?P<base>.+?) \((?P<start>\d{4})-(?P<end>\d{4})?\)$")
_DEMONYM_ALIAS = re.compile(r"^(?P<word>[A-Z][\w.]*) (?:government|authorities|military|army|forces|troops|police)$")
_ORG_WORDS = re.compile(
    r"\b(?:government|govt|authorities|administration|regime|ministry|office|court|council|assembly|commission"
    r"|parliament|emirate|republic)\b",
    re.IGNORECASE,
)
DEMONYM_PREFIX = 4
"""A "<Word> government" alias gives a demonym only when the word shares its first 4 letters with the
country ("Afghan", "Pakistani", "Turkish") or is an acronym ("US", "UAE"): that keeps "Taliban
government", "Ghani government" and "Modi government" out. Irregular demonyms are listed in
data/lexicons/actors_context.yaml."""


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The lookup key of a name: casefolded, diacritics and apostrophes dropped, hyphens as spaces,
    the izafat connective folded ("Tehrik-i-Taliban" == "tehreek e taliban" but for the ee/i)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = _APOSTROPHES.sub("", text)
    text = _DROP.sub("", text)
    text = _DASHES.sub(" ", text)
    words = text.split()
    if len(words) > 2:
        words = [words[0], *("e" if w in CONNECTIVES else w for w in words[1:-1]), words[-1]]
    return " ".join(words)


def _fold_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def surface_variants(alias: str) -> set[str]:
    """Spellings of ``alias`` that ``normalise`` folds together and a tokenizer splits differently:
    hyphen or space around particles and at hyphens, e/i connective, straight or curly apostrophe,
    with or without diacritics."""
    parts = re.split(r"(\s+|-)", alias)
    words, seps = parts[0::2], parts[1::2]
    options: list[list[str]] = []
    for i, sep in enumerate(seps):
        near_particle = words[i].casefold() in JOINERS or words[i + 1].casefold() in JOINERS
        options.append([" ", "-"] if (sep == "-" or near_particle) else [sep])
    word_options = [
        [w, "i" if w == "e" else "e"] if w in CONNECTIVES and 0 < i < len(words) - 1 else [w]
        for i, w in enumerate(words)
    ]
    combos = 1
    for opts in (*options, *word_options):
        combos *= len(opts)
    out: set[str] = {alias}
    if combos <= MAX_VARIANTS:
        for chosen_words in itertools.product(*word_options):
            for chosen_seps in itertools.product(*options):
                out.add(
                    "".join(
                        itertools.chain.from_iterable(itertools.zip_longest(chosen_words, chosen_seps, fillvalue=""))
                    )
                )
    for text in list(out):
        if "'" in text:
            out.add(text.replace("'", "’"))
        if "’" in text:
            out.add(text.replace("’", "'"))
    out |= {_fold_accents(text) for text in out}
    return out


@dataclass(frozen=True)
class Alias:
    """One string that names an actor, with the flags of its YAML mapping."""

    text: str
    actor_id: str
    used_by: str | None = None
    note: str | None = None
    ambiguous: bool = False
    default: bool = False
    case_sensitive: bool = False
    is_name: bool = False
    """The actor's canonical ``name`` (the README: "treat the name as one more alias")."""
    place: bool = False
    """A country or city name used for its government ("Islamabad has accused"): an actor only as an agent."""


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None
    parent: str | None
    active: tuple[int | None, int | None]
    aliases: tuple[Alias, ...]
    note: str | None = None

    def active_in(self, year: int | None) -> bool:
        """Whether the actor existed in ``year`` (True when either is unknown)."""
        if year is None:
            return True
        start, end = self.active
        return (start is None or start <= year) and (end is None or year <= end)


@dataclass(frozen=True)
class ActorKB:
    """Actors by id, an alias index keyed by ``normalise``, parents and children."""

    actors: Mapping[str, Actor]
    index: Mapping[str, tuple[Alias, ...]]
    """Normalised alias -> every alias entry spelled that way (several when the string is ambiguous)."""
    children_of: Mapping[str, tuple[str, ...]]
    countries: Mapping[str, str]
    """Normalised country name, demonym or capital metonym -> country ("afghan" -> "Afghanistan")."""
    eras: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Base name -> ids of the period records ACLED splits a state into ("Government of Afghanistan")."""

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def lookup(self, text: str, *, exact_case: bool = True) -> tuple[Alias, ...]:
        """Alias entries for ``text``; case-sensitive aliases only when ``text`` has their exact letters."""
        entries = self.index.get(normalise(text), ())
        if exact_case:
            letters = _letters(text)
            entries = tuple(a for a in entries if not a.case_sensitive or _letters(a.text) == letters)
        if len({a.actor_id for a in entries}) == len(entries):
            return entries
        # One actor spelled two ways ("UN" and "U.N."): keep one entry per actor, the closest spelling.
        best: dict[str, Alias] = {}
        for alias in sorted(entries, key=lambda a: _letters(a.text) != _letters(text)):
            best.setdefault(alias.actor_id, alias)
        return tuple(best.values())

    def aliases(self) -> Iterator[Alias]:
        """Every alias entry, names included, in file order."""
        for actor in self.actors.values():
            yield from actor.aliases

    def parent(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return actor.parent if actor else None

    def children(self, actor_id: str) -> tuple[str, ...]:
        return self.children_of.get(actor_id, ())

    def ancestors(self, actor_id: str) -> tuple[str, ...]:
        out: list[str] = []
        current = self.parent(actor_id)
        while current and current not in out:
            out.append(current)
            current = self.parent(current)
        return tuple(out)

    def country_of(self, text: str) -> str | None:
        """The country a place name, demonym or country name stands for ("Pakistani" -> "Pakistan")."""
        return self.countries.get(normalise(text))

    def in_era(self, actor_id: str, year: int | None) -> str:
        """``actor_id``, or its period sibling active in ``year`` ("Government of Afghanistan (2004-2021)"
        for a 2019 "Kabul"); unchanged when the year is unknown or no sibling fits."""
        actor = self.actors[actor_id]
        if year is None or actor.active_in(year):
            return actor_id
        match = _ERA.match(actor.name)
        if match:
            for other in self.eras.get(match["base"], ()):
                if self.actors[other].active_in(year):
                    return other
        return actor_id

    def find(self, *, country: str, name: re.Pattern[str], year: int | None = None) -> Actor | None:
        """The first actor of ``country`` whose name matches ``name``, in its era for ``year``."""
        for actor in self.actors.values():
            if actor.country == country and name.search(actor.name):
                return self.actors[self.in_era(actor.id, year)]
        return None

    def to_record(self, actor_id: str) -> dict[str, object]:
        """The export shape of shared/schema/actor.schema.json."""
        actor = self.actors[actor_id]
        return {
            "id": actor.id,
            "name": actor.name,
            "type": actor.type,
            "aliases": list(dict.fromkeys(a.text for a in actor.aliases if not a.is_name)),
            "parent": actor.parent,
            "country": actor.country,
        }


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


class AliasRecord(TypedDict, total=False):
    """An alias written as a mapping in data/actors/*.yaml (a plain string is ``{"name": ...}``)."""

    name: Required[str]
    used_by: str | None
    note: str | None
    ambiguous: bool
    default: bool
    case_sensitive: bool


class ActorRecord(TypedDict, total=False):
    """One record of data/actors/*.yaml, as ``_actor_record`` checked it (see data/actors/README.md)."""

    id: Required[str]
    name: Required[str]
    type: Required[str]
    country: str | None
    parent: str | None
    active: list[int | None] | None
    """``[start, end]`` years, either null when unknown."""
    aliases: list[str | AliasRecord] | None
    note: str | None


_ALIAS_FLAGS = ("ambiguous", "default", "case_sensitive")


def _actor_record(raw: object, where: str) -> ActorRecord:
    """``raw`` as an ActorRecord, or a ValueError naming ``where`` (the data file), the actor and the key."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: expected an actor record (a mapping), got {type(raw).__name__}")
    label = f"{where}: actor {raw.get('id')!r}"
    for key in ("id", "name", "type"):
        if not isinstance(raw.get(key), str):
            raise ValueError(f"{label}: '{key}' must be a string")
    for key in ("country", "parent", "note"):
        if not isinstance(raw.get(key), str | None):
            raise ValueError(f"{label}: '{key}' must be a string or null")
    active = raw.get("active")
    if active and not (
        isinstance(active, list) and len(active) == 2 and all(isinstance(year, int | None) for year in active)
    ):
        raise ValueError(f"{label}: 'active' must be [start, end] (years or null)")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list):
        raise ValueError(f"{label}: 'aliases' must be a list")
    for alias in aliases:
        if isinstance(alias, str):
            continue
        if not isinstance(alias, Mapping) or not isinstance(alias.get("name"), str):
            raise ValueError(f"{label}: each of 'aliases' must be a string or a mapping with a string 'name'")
        for key in ("used_by", "note"):
            if not isinstance(alias.get(key), str | None):
                raise ValueError(f"{label}: alias {alias['name']!r}: '{key}' must be a string or null")
        for key in _ALIAS_FLAGS:
            if not isinstance(alias.get(key, False), bool):
                raise ValueError(f"{label}: alias {alias['name']!r}: '{key}' must be true or false")
    return cast(ActorRecord, raw)


def _alias(raw: str | AliasRecord, record: ActorRecord) -> Alias:
    data: AliasRecord = {"name": raw} if isinstance(raw, str) else raw
    text = str(data["name"])
    ambiguous = bool(data.get("ambiguous", False))
    default = bool(data.get("default", False))
    note = data.get("note")
    place = (
        ambiguous
        and not default
        and record["type"] == "state"
        and record.get("parent") is None
        and (bool(_PLACE_NOTE.search(str(note))) if note is not None else not _ORG_WORDS.search(text))
    )
    return Alias(
        text=text,
        actor_id=str(record["id"]),
        used_by=data.get("used_by"),
        note=None if note is None else str(note),
        ambiguous=ambiguous,
        default=default,
        case_sensitive=bool(data.get("case_sensitive", False)),
        place=place,
    )


def build_kb(records: Iterable[ActorRecord]) -> ActorKB:
    """The indexed knowledge base from checked YAML records (see data/actors/README.md)."""
    actors: dict[str, Actor] = {}
    for record in records:
        aliases = [_alias(raw, record) for raw in record.get("aliases") or ()]
        name = str(record["name"])
        # The name is one more alias; when the aliases repeat it as a mapping, its flags apply.
        flagged = next((a for a in aliases if normalise(a.text) == normalise(name)), None)
        name_alias = Alias(
            text=name,
            actor_id=str(record["id"]),
            ambiguous=flagged.ambiguous if flagged else False,
            default=flagged.default if flagged else False,
            case_sensitive=flagged.case_sensitive if flagged else False,
            is_name=True,
        )
        active = tuple(record.get("active") or (None, None))
        actors[str(record["id"])] = Actor(
            id=str(record["id"]),
            name=name,
            type=str(record["type"]),
            country=record.get("country"),
            parent=record.get("parent"),
            active=(active[0], active[1]),
            aliases=(name_alias, *(a for a in aliases if a is not flagged)),
            note=record.get("note"),
        )
    index: dict[str, list[Alias]] = defaultdict(list)
    for actor in actors.values():
        for alias in actor.aliases:
            entries = index[normalise(alias.text)]
            if not any(e.actor_id == alias.actor_id and e.case_sensitive == alias.case_sensitive for e in entries):
                entries.append(alias)
    children: dict[str, list[str]] = defaultdict(list)
    for actor in actors.values():
        if actor.parent:
            children[actor.parent].append(actor.id)
    eras: dict[str, list[str]] = defaultdict(list)
    for actor in actors.values():
        match = _ERA.match(actor.name)
        if match:
            eras[match["base"]].append(actor.id)
    return ActorKB(
        actors=actors,
        index={k: tuple(v) for k, v in index.items()},
        children_of={k: tuple(v) for k, v in children.items()},
        countries=_countries(actors.values()),
        eras={k: tuple(v) for k, v in eras.items()},
    )


def _countries(actors: Iterable[Actor]) -> dict[str, str]:
    """Country names, capital metonyms and demonyms ("Afghan government" -> "afghan") -> country."""
    out: dict[str, str] = {}
    actors = list(actors)
    for actor in actors:
        if actor.country:
            out.setdefault(normalise(actor.country), actor.country)
    for actor in actors:
        if not actor.country or actor.parent is not None or actor.type not in ("state", "military/police"):
            continue
        for alias in actor.aliases:
            if alias.place:
                out.setdefault(normalise(alias.text), actor.country)
            match = _DEMONYM_ALIAS.match(alias.text)
            if match:
                word = match["word"]
                if word.isupper() or normalise(word)[:DEMONYM_PREFIX] == normalise(actor.country)[:DEMONYM_PREFIX]:
                    out.setdefault(normalise(word), actor.country)
    return out


def _data_files(folder: str) -> list[tuple[str, str]]:
    root = resources.files("wirewatch") / "data" / folder
    return sorted(
        (item.name, item.read_text(encoding="utf-8")) for item in root.iterdir() if item.name.endswith(".yaml")
    )


def _yaml_load(text: str) -> object:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


@lru_cache(maxsize=1)
def load_kb() -> ActorKB:
    """The packaged knowledge base, read once per process."""
    records: list[ActorRecord] = []
    for name, text in _data_files("actors"):
        where = f"wirewatch/data/actors/{name}"
        data = _yaml_load(text)
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a YAML list of actor records")
        records.extend(_actor_record(item, where) for item in data)
    return build_kb(records)


@cache
def load_lexicon(name: str) -> Mapping[str, object]:
    """A packaged lexicon, ``wirewatch/data/lexicons/<name>.yaml``, read once per process."""
    text = (resources.files("wirewatch") / "data" / "lexicons" / f"{name}.yaml").read_text(encoding="utf-8")
    data = _yaml_load(text)
    if not isinstance(data, Mapping):
        raise ValueError(f"wirewatch/data/lexicons/{name}.yaml: expected a YAML mapping")
    return data


class Lexicon:
    """A lexicon file read through accessors that check the shape of each value: a wrong shape is a
    ValueError naming the file and the key. An absent or null key reads as empty, as ``or ()`` did."""

    def __init__(self, data: Mapping[str, object], where: str) -> None:
        self.data = data
        self.where = where
        """The file (and the entry within it, for ``records``), for error messages."""

    def _error(self, key: str, shape: str) -> ValueError:
        return ValueError(f"{self.where}: '{key}' must be {shape}")

    def value(self, key: str, default: object = None) -> object:
        """The raw value of ``key``, unchecked."""
        return self.data.get(key, default)

    def string(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str):
            raise self._error(key, "a string")
        return value

    def optional_string(self, key: str) -> str | None:
        value = self.data.get(key)
        if not isinstance(value, str | None):
            raise self._error(key, "a string or null")
        return value

    def strings(self, key: str) -> list[str]:
        """A list of strings."""
        return self._strings(self.data.get(key), key)

    def string_map(self, key: str) -> dict[str, str]:
        """A mapping of strings to strings."""
        out: dict[str, str] = {}
        for k, v in self._mapping(key, "a mapping of strings to strings").items():
            if not isinstance(v, str):
                raise self._error(key, "a mapping of strings to strings")
            out[k] = v
        return out

    def optional_string_map(self, key: str) -> dict[str, str | None]:
        """A mapping of strings to strings or nulls."""
        out: dict[str, str | None] = {}
        for k, v in self._mapping(key, "a mapping of strings to strings or nulls").items():
            if not isinstance(v, str | None):
                raise self._error(key, "a mapping of strings to strings or nulls")
            out[k] = v
        return out

    def string_lists(self, key: str) -> dict[str, list[str]]:
        """A mapping of strings to lists of strings."""
        return {
            k: self._strings(v, f"{key}.{k}") for k, v in self._mapping(key, "a mapping of lists of strings").items()
        }

    def records(self, key: str) -> list[Lexicon]:
        """A list of mappings, each read as a Lexicon of its own ("file: key[i]" in errors)."""
        value = self.data.get(key) or ()
        if not isinstance(value, list | tuple):
            raise self._error(key, "a list of mappings")
        out: list[Lexicon] = []
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                raise self._error(key, "a list of mappings")
            out.append(Lexicon(item, f"{self.where}: {key}[{i}]"))
        return out

    def _strings(self, value: object, key: str) -> list[str]:
        value = value or ()
        if not isinstance(value, list | tuple):
            raise self._error(key, "a list of strings")
        out: list[str] = []
        for item in value:
            if not isinstance(item, str):
                raise self._error(key, "a list of strings")
            out.append(item)
        return out

    def _mapping(self, key: str, shape: str) -> dict[str, object]:
        value = self.data.get(key) or {}
        if not isinstance(value, Mapping):
            raise self._error(key, shape)
        out: dict[str, object] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise self._error(key, shape)
            out[k] = v
        return out


def read_lexicon(name: str) -> Lexicon:
    """``load_lexicon(name)`` read through checked accessors."""
    return Lexicon(load_lexicon(name), f"wirewatch/data/lexicons/{name}.yaml")
