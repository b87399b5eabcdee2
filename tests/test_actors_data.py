"""The actor knowledge base (wirewatch/data/actors/*.yaml): shape, ids, parents, aliases, schema, key facts."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "wirewatch" / "data" / "actors"
SCHEMA = ROOT / "wirewatch" / "data" / "schema" / "actor.schema.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "schema" / "actor.schema.json"

REQUIRED_FIELDS = {"id", "name", "type", "country", "parent", "active", "aliases"}
OPTIONAL_FIELDS = {"note"}
ALIAS_KEYS = {"name", "used_by", "note", "ambiguous", "default", "case_sensitive"}
ALIAS_FLAGS = {"ambiguous", "default", "case_sensitive"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words that name no actor in particular: never aliases.
GENERIC = {
    "militants",
    "the militants",
    "terrorists",
    "the terrorists",
    "the group",
    "group",
    "insurgents",
    "security forces",
    "the security forces",
    "police",
    "army",
    "the army",
    "military",
    "government",
    "the government",
    "authorities",
    "officials",
    "rebels",
    "gunmen",
    "attackers",
}
MIN_ACTORS = 150


def _schema() -> dict:
    path = SCHEMA if SCHEMA.exists() else SHARED_SCHEMA
    return json.loads(path.read_text(encoding="utf-8"))


def _load() -> list[tuple[str, dict]]:
    """Every record of every YAML file, with the file it came from."""
    records: list[tuple[str, dict]] = []
    for path in sorted(ACTORS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list) and data, f"{path.name}: expected a non-empty YAML list of records"
        records.extend((path.name, record) for record in data)
    return records


RECORDS = _load()
BY_ID = {record["id"]: record for _, record in RECORDS if isinstance(record, dict) and "id" in record}


def key(text: str) -> str:
    return text.strip().casefold()


def alias_entries(record: dict) -> list[dict]:
    """Aliases normalised to mappings: a plain string becomes {"name": it}."""
    return [a if isinstance(a, dict) else {"name": a} for a in record["aliases"]]


def strings_of(record: dict) -> dict[str, bool]:
    """Every string that names this record (its name and aliases), casefolded, mapped to 'marked ambiguous'."""
    out: dict[str, bool] = {key(record["name"]): False}
    for entry in alias_entries(record):
        k = key(entry["name"])
        out[k] = out.get(k, False) or bool(entry.get("ambiguous"))
    return out


def resolve(text: str) -> str | None:
    """The actor id a string resolves to: the only match, or the one marked default among several."""
    hits = [r for r in BY_ID.values() if key(text) in strings_of(r)]
    if len(hits) == 1:
        return hits[0]["id"]
    defaults = [r["id"] for r in hits for e in alias_entries(r) if key(e["name"]) == key(text) and e.get("default")]
    return defaults[0] if len(defaults) == 1 else None


def alias_entry(actor_id: str, text: str) -> dict:
    return next(e for e in alias_entries(BY_ID[actor_id]) if key(e["name"]) == key(text))


def test_actors_files_hold_well_formed_records():
    assert sorted(p.name for p in ACTORS.glob("*.yaml")), "no YAML files under data/actors"
    for filename, record in RECORDS:
        assert isinstance(record, dict), f"{filename}: a record is not a mapping: {record!r}"
        where = f"{filename}: {record.get('id')!r}"
        assert record.keys() >= REQUIRED_FIELDS, f"{where}: missing {REQUIRED_FIELDS - record.keys()}"
        assert record.keys() <= REQUIRED_FIELDS | OPTIONAL_FIELDS, f"{where}: unknown fields"
        assert isinstance(record["name"], str) and record["name"].strip() == record["name"] != "", where
        assert isinstance(record["aliases"], list), where
        assert record.get("note") is None or isinstance(record["note"], str), where


def test_actors_at_least_150():
    assert len(RECORDS) >= MIN_ACTORS


def test_actors_ids_unique_and_slug_shaped():
    ids = [record["id"] for _, record in RECORDS]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    bad = [i for i in ids if not isinstance(i, str) or not SLUG.match(i)]
    assert not bad, f"ids not lowercase slugs: {bad}"


def test_actors_types_in_schema_enum():
    enum = set(_schema()["properties"]["type"]["enum"])
    bad = [(r["id"], r["type"]) for _, r in RECORDS if r["type"] not in enum]
    assert not bad, bad


def test_actors_parents_exist_and_have_no_cycles():
    missing = [(r["id"], r["parent"]) for _, r in RECORDS if r["parent"] is not None and r["parent"] not in BY_ID]
    assert not missing, f"unknown parents: {missing}"
    for start in BY_ID:
        seen = [start]
        parent = BY_ID[start]["parent"]
        while parent is not None:
            assert parent not in seen, f"parent cycle: {' -> '.join([*seen, parent])}"
            seen.append(parent)
            parent = BY_ID[parent]["parent"]


def test_actors_active_years_and_country_well_formed():
    this_year = dt.date.today().year
    for _, r in RECORDS:
        active = r["active"]
        assert isinstance(active, list) and len(active) == 2, f"{r['id']}: active must be [start, end]"
        for year in active:
            assert year is None or (isinstance(year, int) and 1800 <= year <= this_year), f"{r['id']}: {active}"
        if None not in active:
            assert active[0] <= active[1], f"{r['id']}: {active}"
        country = r["country"]
        assert country is None or (isinstance(country, str) and country.strip() == country != ""), r["id"]


def test_actors_alias_entries_well_formed():
    for _, r in RECORDS:
        seen: set[str] = set()
        for raw in r["aliases"]:
            assert isinstance(raw, str | dict), f"{r['id']}: alias {raw!r} is neither a string nor a mapping"
            entry = raw if isinstance(raw, dict) else {"name": raw}
            assert entry.keys() <= ALIAS_KEYS, f"{r['id']}: alias keys {set(entry) - ALIAS_KEYS}"
            name = entry.get("name")
            assert isinstance(name, str) and name.strip() == name != "", f"{r['id']}: bad alias {raw!r}"
            for flag in ALIAS_FLAGS & entry.keys():
                assert isinstance(entry[flag], bool), f"{r['id']}: {name!r} {flag} must be true/false"
            for text in ("used_by", "note"):
                assert entry.get(text) is None or isinstance(entry[text], str), f"{r['id']}: {name!r} {text}"
            assert not entry.get("default") or entry.get("ambiguous"), f"{r['id']}: {name!r} default without ambiguous"
            assert key(name) not in seen, f"{r['id']}: alias {name!r} listed twice"
            seen.add(key(name))
            assert isinstance(raw, dict) or key(name) != key(r["name"]), f"{r['id']}: alias repeats the name"
            assert key(name) not in GENERIC, f"{r['id']}: generic alias {name!r}"


def test_actors_shared_strings_are_marked_ambiguous_on_every_actor():
    owners: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for r in BY_ID.values():
        for text, ambiguous in strings_of(r).items():
            owners[text].append((r["id"], ambiguous))
    clashes = {t: o for t, o in owners.items() if len(o) > 1 and not all(amb for _, amb in o)}
    assert not clashes, f"strings naming several actors without ambiguous: true on each: {clashes}"


def test_actors_shared_ambiguous_strings_have_at_most_one_default():
    defaults: dict[str, list[str]] = defaultdict(list)
    for r in BY_ID.values():
        for entry in alias_entries(r):
            if entry.get("default"):
                defaults[key(entry["name"])].append(r["id"])
    several = {t: ids for t, ids in defaults.items() if len(ids) > 1}
    assert not several, several


def test_actors_export_validates_against_schema():
    validator = Draft202012Validator(_schema())
    for _, r in RECORDS:
        exported = {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "aliases": [e["name"] for e in alias_entries(r)],
            "parent": r["parent"],
            "country": r["country"],
        }
        errors = [e.message for e in validator.iter_errors(exported)]
        assert not errors, f"{r['id']}: {errors}"


def test_actors_fitna_al_khawarij_is_ttp_per_government_of_pakistan():
    assert resolve("Fitna al-Khawarij") == "ttp"
    assert alias_entry("ttp", "Fitna al-Khawarij").get("used_by") == "Government of Pakistan"
    assert resolve("TTP") == "ttp" == resolve("Tehreek-e-Taliban Pakistan")


def test_actors_majeed_brigade_belongs_to_bla():
    bla = resolve("BLA")
    assert bla is not None and BY_ID[bla]["name"] == "Balochistan Liberation Army"
    assert BY_ID[resolve("Majeed Brigade")]["parent"] == bla


def test_actors_jamaat_ul_ahrar_belongs_to_ttp():
    assert BY_ID[resolve("Jamaat-ul-Ahrar")]["parent"] == resolve("TTP")


def test_actors_iskp_is_islamic_state_khorasan_under_islamic_state():
    iskp = BY_ID[resolve("ISKP")]
    assert iskp["name"] == "Islamic State Khorasan Province"
    assert iskp["parent"] == resolve("Islamic State") == resolve("ISIS")


@pytest.mark.parametrize("name", ["Military Forces of Pakistan", "Police Forces of Pakistan"])
def test_actors_pakistani_state_forces_exist(name):
    actor = BY_ID[resolve(name)]
    assert actor["name"] == name and actor["type"] == "military/police" and actor["country"] == "Pakistan"


def test_actors_mahaz_is_media():
    assert BY_ID[resolve("Mahaz")]["type"] == "media"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tehreek-e-Taliban Pakistan", "ttp"),
        ("Islamic State Khorasan Province", "iskp"),
        ("East Turkestan Islamic Movement", "etim"),
        ("ETIM", "etim"),
        ("Al-Qaeda", "al-qaeda"),
        ("Majeed Brigade", "majeed-brigade"),
        ("Foreign Office", "ministry-of-foreign-affairs-pakistan"),
        ("FO", "ministry-of-foreign-affairs-pakistan"),
        ("Afghanistan's interim authorities", "government-of-afghanistan-2021"),
        ("Taliban-led Afghan government", "government-of-afghanistan-2021"),
        ("Taliban", "afghan-taliban"),
        ("UN Security Council", "un-security-council"),
        ("Reuters", "reuters"),
    ],
)
def test_actors_seed_article_names_resolve(text, expected):
    assert resolve(text) == expected
