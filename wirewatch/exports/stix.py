"""Events (or everything) as one STIX 2.1 bundle, built with the `stix2` library.

Mapping (docs/exports.md has the full table):

- article -> ``report`` (published date, URL as external reference, ``object_refs`` to what it reports)
- actor -> ``threat-actor`` for armed groups, ``identity`` for states, forces, IGOs, media, parties
  and others; ``location`` per place; event -> ``incident`` with ``attributed-to`` (actor1),
  ``targets`` (actor2) and ``located-at`` relationships
- claim tied to an event -> ``opinion`` on the incident; other claims and quotes -> ``note``
- wirewatch and ACLED fields -> ``x_wirewatch_*`` properties, declared by one
  ``extension-definition`` (a STIX 2.1 top-level property extension)

Ids are ``TYPE--uuid5(NAMESPACE, natural key)``, and ``created``/``modified`` come from the data
(publication dates), so exporting the same database twice gives byte-identical bundles and a
re-export after new ingestion updates objects instead of duplicating them. STIX 2.1 asks for UUIDv4
ids on domain objects (the validator warns, code 103): stable ids are worth that warning here.

A bundle is one JSON document that references objects across articles, so the whole object set is
built in memory before it is written (the writing itself is streamed object by object).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from ..links import outlet
from .acled_csv import acled_row, country_codes

NAMESPACE = uuid.UUID("3c8f1e7a-52b4-5d0e-9f6a-8b1d2c3e4f50")
"""wirewatch's own uuid5 namespace (a fixed random value): ids derive from it and a natural key."""

NO_DATE = "1970-01-01T00:00:00Z"
"""``created``/``modified`` of objects with no date of their own (knowledge-base actors, places,
articles without a publication date): fixed, so that re-exports stay identical."""

EXTENSION_KEY = "extension|wirewatch-properties|1"
# The fields of each source kept on an incident (event.schema.json's sources items).
SOURCE_FIELDS = (
    "article_id",
    "url",
    "published",
    "evidence",
    "start",
    "end",
    "event_date",
    "fatalities",
    "injured",
    "reported_as",
)

# Knowledge-base actor type -> (identity_class, sectors) for the actors exported as identities.
IDENTITY_TYPES: dict[str, tuple[str, list[str]]] = {
    "state": ("organization", ["government-national"]),
    "military/police": ("organization", ["defense"]),
    "IGO": ("organization", []),
    "media": ("organization", ["communications"]),
    "political party": ("organization", []),
    "other": ("organization", []),
    "person": ("individual", []),
}
# Names ACLED gives to groups of people rather than organisations.
NAME_CLASSES = (("Civilians", "class"), ("Protesters", "group"), ("Rioters", "group"))

# Claim stance -> the claimant's opinion of the incident the claim is tied to.
OPINIONS = {
    "asserts": "agree",
    "alleges": "agree",
    "claims_responsibility": "strongly-agree",
    "denies": "disagree",
}


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id: the same natural key always gives the same id."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}|{key}')}"


def _timestamp(date: str | None) -> str:
    """A (partial) ISO date as a STIX timestamp at midnight UTC; NO_DATE when unknown."""
    if not date:
        return NO_DATE
    day = {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date[:10])
    return f"{day}T00:00:00Z"


def _clean(value: Any) -> Any:
    """Drop None values (STIX has no null) from dicts and lists, recursively."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value if v is not None]
    return value


class BundleBuilder:
    """Collects STIX objects by id (first one wins), in a stable order."""

    def __init__(self, actors: Mapping[str, Mapping[str, Any]]) -> None:
        import stix2

        self.stix2 = stix2
        self.actors = actors
        self.objects: dict[str, Any] = {}
        self.custom_properties: set[str] = set()
        self.producer = stix_id("identity", "wirewatch")
        self.extension = stix_id("extension-definition", EXTENSION_KEY)
        self.report_refs: dict[str, list[str]] = {}
        self._add(
            stix2.Identity(
                id=self.producer,
                name="wirewatch",
                identity_class="system",
                description="OSINT pipeline that turns news reports into a sourced record of conflict events.",
                created=NO_DATE,
                modified=NO_DATE,
            )
        )

    # -- plumbing ---------------------------------------------------------------------------------

    def _add(self, obj: Any) -> str:
        self.objects.setdefault(obj.id, obj)
        return str(obj.id)

    def _make(self, cls: Any, *, custom: Mapping[str, Any] | None = None, **props: Any) -> Any:
        """A stix2 object created by wirewatch, with ``custom`` as x_wirewatch_* properties."""
        extra = {f"x_wirewatch_{k}": _clean(v) for k, v in (custom or {}).items() if v is not None and v != []}
        props = {k: v for k, v in props.items() if v is not None and v != []}
        if extra:
            self.custom_properties.update(extra)
            props["extensions"] = {self.extension: {"extension_type": "toplevel-property-extension"}}
        return cls(created_by_ref=self.producer, allow_custom=bool(extra), **props, **extra)

    def _refer(self, article_id: str, *ids: str) -> None:
        refs = self.report_refs.setdefault(article_id, [])
        refs.extend(i for i in ids if i not in refs)

    # -- objects ----------------------------------------------------------------------------------

    def actor(self, name: str | None, actor_id: str | None) -> str | None:
        """The threat-actor or identity for an event's actor1/actor2, added once."""
        if not name and not actor_id:
            return None
        record = self.actors.get(actor_id or "")
        if record is not None and name and name != record["name"] and name not in record.get("aliases", []):
            record = None  # the id and the written name disagree: trust the name the record shows
        if record is None:
            return self._named_actor(str(name))
        key = f"actor|{record['id']}"
        sid_type = "threat-actor" if record["type"] == "militant group" else "identity"
        sid = stix_id(sid_type, key)
        if sid in self.objects:
            return sid
        custom = {
            "actor_id": record["id"],
            "actor_type": record["type"],
            "country": record.get("country"),
            "parent": record.get("parent"),
        }
        aliases = list(record.get("aliases") or [])
        if sid_type == "threat-actor":
            obj = self._make(
                self.stix2.ThreatActor,
                custom=custom,
                id=sid,
                name=record["name"],
                aliases=aliases,
                created=NO_DATE,
                modified=NO_DATE,
            )
        else:
            identity_class, sectors = IDENTITY_TYPES.get(record["type"], ("unknown", []))
            obj = self._make(
                self.stix2.Identity,
                custom={**custom, "aliases": aliases},  # identity has no aliases property in STIX 2.1
                id=sid,
                name=record["name"],
                identity_class=identity_class,
                sectors=sectors,
                created=NO_DATE,
                modified=NO_DATE,
            )
        return self._add(obj)

    def _named_actor(self, name: str) -> str:
        """An actor known only by the name on the event ("Unidentified Armed Group", "Civilians (X)")."""
        if name.startswith("Unidentified Armed Group"):
            sid = stix_id("threat-actor", f"name|{name}")
            if sid not in self.objects:
                self._add(self._make(self.stix2.ThreatActor, id=sid, name=name, created=NO_DATE, modified=NO_DATE))
            return sid
        identity_class = next((c for prefix, c in NAME_CLASSES if name.startswith(prefix)), "unknown")
        sid = stix_id("identity", f"name|{name}")
        if sid not in self.objects:
            self._add(
                self._make(
                    self.stix2.Identity,
                    id=sid,
                    name=name,
                    identity_class=identity_class,
                    created=NO_DATE,
                    modified=NO_DATE,
                )
            )
        return sid

    def location(
        self,
        name: str | None,
        *,
        admin1: str | None,
        country: str | None,
        latitude: float | None,
        longitude: float | None,
    ) -> str | None:
        """One location per distinct place (name, province, country, coordinates)."""
        has_point = latitude is not None and longitude is not None
        codes = country_codes(country)
        if not has_point and codes is None:
            return None  # STIX needs coordinates, a country or a region
        point = f"{latitude:.5f},{longitude:.5f}" if has_point else ""
        sid = stix_id("location", f"{name}|{admin1}|{country}|{point}")
        if sid in self.objects:
            return sid
        region = codes[2].lower().replace(" and ", "-").replace(" ", "-") if codes and codes[2] else None
        if region == "latin-america-the-caribbean":
            region = "latin-america-caribbean"
        obj = self._make(
            self.stix2.Location,
            custom={"country_name": country},
            id=sid,
            name=name or admin1 or country,
            latitude=latitude if has_point else None,
            longitude=longitude if has_point else None,
            country=codes[0] if codes else None,
            region=region if region in self.stix2.v21.vocab.REGION else None,
            administrative_area=admin1,
            created=NO_DATE,
            modified=NO_DATE,
        )
        return self._add(obj)

    def incident(self, record: Mapping[str, Any]) -> str:
        """The event as an incident, with its relationships, and its place in each source's report."""
        sources = record.get("sources") or []
        published = sorted(s["published"] for s in sources if s.get("published"))
        created = _timestamp(published[0] if published else None)
        modified = _timestamp(published[-1] if published else None)
        sid = stix_id("incident", record["id"])
        if sid in self.objects:
            return sid
        acled = {k: v for k, v in acled_row(record, self.actors).items() if v is not None}
        custom: dict[str, Any] = {
            "event_id": record["id"],
            "event_date": record.get("event_date"),
            "date_precision": record.get("date_precision"),
            **{k: acled[k] for k in acled if k not in ("event_id_cnty", "event_date", "notes", "source")},
            "fatalities_low": record.get("fatalities_low"),
            "fatalities_high": record.get("fatalities_high"),
            "injured": record.get("injured"),
            "actor1_id": record.get("actor1_id"),
            "actor2_id": record.get("actor2_id"),
            "sources": [{k: s.get(k) for k in SOURCE_FIELDS} for s in sources],
        }
        kind = record.get("sub_event_type") or record["event_type"]
        where = record.get("location") or record.get("country") or "unknown place"
        obj = self._make(
            self.stix2.Incident,
            custom=custom,
            id=sid,
            name=f"{kind}: {where}, {record.get('event_date') or 'undated'}",
            description=str(sources[0]["evidence"]) if sources else None,
            created=created,
            modified=modified,
        )
        self._add(obj)
        related = [sid]
        links = (
            ("attributed-to", self.actor(record.get("actor1"), record.get("actor1_id"))),
            ("targets", self.actor(record.get("actor2"), record.get("actor2_id"))),
            (
                "located-at",
                self.location(
                    record.get("location"),
                    admin1=record.get("admin1"),
                    country=record.get("country"),
                    latitude=record.get("latitude"),
                    longitude=record.get("longitude"),
                ),
            ),
        )
        for relationship_type, target in links:
            if target is None:
                continue
            rid = stix_id("relationship", f"{sid}|{relationship_type}|{target}")
            self._add(
                self._make(
                    self.stix2.Relationship,
                    id=rid,
                    relationship_type=relationship_type,
                    source_ref=sid,
                    target_ref=target,
                    created=created,
                    modified=modified,
                )
            )
            related += [target, rid]
        for source in sources:
            self._refer(source["article_id"], *related)
        return sid

    def claim(self, claim: Mapping[str, Any], *, event: str | None, published: str | None) -> str:
        """A claim: an opinion on its incident when it has one, else a note on its article's report."""
        when = _timestamp(published)
        custom = {
            "claim_id": claim["id"],
            "claimant": claim.get("claimant"),
            "stance": claim["stance"],
            "hedged": claim["hedged"],
            "via": claim.get("via"),
            "article_id": claim["article_id"],
            "url": claim.get("url"),
            "start": claim["start"],
            "end": claim["end"],
        }
        authors = [claim["claimant"] or claim.get("via")] if (claim.get("claimant") or claim.get("via")) else None
        if event is not None:
            obj = self._make(
                self.stix2.Opinion,
                custom=custom,
                id=stix_id("opinion", f"claim|{claim['id']}"),
                opinion=OPINIONS[claim["stance"]],
                explanation=claim["claim"],
                authors=authors,
                object_refs=[event],
                created=when,
                modified=when,
            )
        else:
            obj = self._make(
                self.stix2.Note,
                custom=custom,
                id=stix_id("note", f"claim|{claim['id']}"),
                abstract=f"Claim ({claim['stance']})",
                content=claim["claim"],
                authors=authors,
                object_refs=[stix_id("report", claim["article_id"])],
                created=when,
                modified=when,
            )
        self._refer(claim["article_id"], self._add(obj))
        return str(obj.id)

    def quote(self, quote: Mapping[str, Any], *, published: str | None) -> str:
        """A quotation or reported speech as a note on its article's report."""
        when = _timestamp(published)
        custom = {
            key: quote.get(key)
            for key in ("speaker", "speaker_role", "organization", "kind", "article_id", "start", "end")
        }
        obj = self._make(
            self.stix2.Note,
            custom={"quote_id": quote["id"], **custom},
            id=stix_id("note", f"quote|{quote['id']}"),
            abstract=f"Quote ({quote.get('kind') or 'direct'})",
            content=quote["quote"],
            authors=[quote["speaker"]] if quote.get("speaker") else None,
            object_refs=[stix_id("report", quote["article_id"])],
            created=when,
            modified=when,
        )
        self._refer(quote["article_id"], self._add(obj))
        return str(obj.id)

    def place(self, place: Mapping[str, Any]) -> str | None:
        """A resolved place mention as the location it resolves to, referenced by its article's report."""
        sid = self.location(
            place.get("resolved_name") or place.get("name"),
            admin1=place.get("admin1"),
            country=place.get("country"),
            latitude=place.get("latitude"),
            longitude=place.get("longitude"),
        )
        if sid is not None:
            self._refer(str(place["article_id"]), sid)
        return sid

    def report(self, article: Mapping[str, Any]) -> str:
        """The article as a report of everything collected for it (at least wirewatch itself)."""
        when = _timestamp(article.get("published"))
        url = article.get("url")
        refs = self.report_refs.get(article["id"]) or [self.producer]
        obj = self._make(
            self.stix2.Report,
            custom={
                "article_id": article["id"],
                "language": article.get("language"),
                "author": article.get("author"),
                "published_unknown": True if not article.get("published") else None,
            },
            id=stix_id("report", article["id"]),
            name=article.get("title") or url or article["id"],
            published=when,
            object_refs=refs,
            external_references=[{"source_name": outlet(url) or "web", "url": url}] if url else None,
            created=when,
            modified=when,
        )
        return self._add(obj)

    def finish(self) -> list[Any]:
        """Every object, the extension definition that declares the x_wirewatch_* properties first."""
        definition = self.stix2.ExtensionDefinition(
            id=self.extension,
            created_by_ref=self.producer,
            name="wirewatch properties",
            description="wirewatch's event, claim and ACLED fields as top-level x_wirewatch_* properties.",
            schema=(
                "Top-level properties named x_wirewatch_<field>, where <field> is a field of wirewatch's "
                "JSON Lines exports (data/schema/*.schema.json) or an ACLED column; see docs/exports.md."
            ),
            version="1.0.0",
            extension_types=["toplevel-property-extension"],
            extension_properties=sorted(self.custom_properties),
            created=NO_DATE,
            modified=NO_DATE,
        )
        producer = self.objects.pop(self.producer)
        return [producer, definition, *self.objects.values()]


def build_objects(
    events: Iterable[Mapping[str, Any]],
    *,
    articles: Mapping[str, Mapping[str, Any]],
    claims: Iterable[Mapping[str, Any]],
    actors: Mapping[str, Mapping[str, Any]],
    places: Iterable[Mapping[str, Any]] = (),
    quotes: Iterable[Mapping[str, Any]] = (),
) -> list[Any]:
    """The STIX objects for these events and, when given, places and quotes; ``articles`` are every
    article to report on (each event's sources must be among them)."""
    builder = BundleBuilder(actors)
    incidents: dict[str, str] = {}
    for record in events:
        incidents[record["id"]] = builder.incident(record)
    for claim in claims:
        article = articles.get(claim["article_id"])
        event = incidents.get(claim.get("event_id") or "")
        if article is None and event is None:
            continue
        builder.claim(claim, event=event, published=(article or {}).get("published"))
    for place in places:
        if place["article_id"] in articles:
            builder.place(place)
    for quote in quotes:
        if quote["article_id"] in articles:
            builder.quote(quote, published=articles[quote["article_id"]].get("published"))
    for article in articles.values():
        builder.report(article)
    return builder.finish()


def bundle_id(objects: Iterable[Any]) -> str:
    """The bundle's id, from the ids of what it holds: the same content gives the same id."""
    return stix_id("bundle", "\n".join(sorted(str(o.id) for o in objects)))


def serialize(objects: list[Any]) -> Iterator[str]:
    """The bundle's JSON text in pieces, one object at a time."""
    yield json.dumps({"type": "bundle", "id": bundle_id(objects)})[:-1] + ', "objects": [\n'
    for n, obj in enumerate(objects):
        # stix2 orders custom properties as a set does (varies between runs): sort them, last.
        fields = json.loads(obj.serialize())
        ordered = {k: v for k, v in fields.items() if not k.startswith("x_")}
        ordered.update(sorted((k, v) for k, v in fields.items() if k.startswith("x_")))
        yield ("" if n == 0 else ",\n") + json.dumps(ordered, ensure_ascii=False)
    yield "\n]}\n"


def write_stix(objects: list[Any], handle: TextIO) -> int:
    """Write the bundle; returns how many objects it holds."""
    for piece in serialize(objects):
        handle.write(piece)
    return len(objects)


__all__ = ["NAMESPACE", "build_objects", "stix_id", "write_stix"]
