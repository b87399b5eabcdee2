"""The places component: NER place entities plus gazetteer gap filling, resolved with the article's context.

Wraps ``wirewatch.geo`` (which takes plain records) for the spaCy pipeline: entities go in as
``Entity`` records, ``ResolvedPlace`` records come out on ``doc._.ww_places``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..geo import Gazetteer

DATELINE = re.compile(
    r"""^\s*(?:
        (?P<caps>[A-Z][A-Z.'’ -]{1,40}?(?:/[A-Z][A-Za-z.'’ -]{1,40}?)?)\s*(?:,|\(|\s[-–—:])  # PESHAWAR,
      | (?P<title>[A-Z][a-z.'’]+(?:[ /][A-Z][a-z.'’]+){0,2})\s+[-–—]\s                      # Islamabad/Kabul –
    )""",
    re.VERBOSE,
)
"""A dateline opens a report: the place in capitals before a comma, a bracket or a dash ("PESHAWAR,
Jan 30 (Outlet) -"), or in title case before a dash ("Islamabad/Kabul –"). The first place named is
taken (where the reporter was), the rest are places like any other."""


def dateline(text: str) -> str | None:
    """The dateline's (first) place as written, or None when the text does not open with one."""
    match = DATELINE.match(text)
    if not match:
        return None
    place = (match.group("caps") or match.group("title") or "").split("/")[0].strip(" .,-")
    return place or None


@Language.factory("wirewatch_places", default_config={"gazetteer_path": None, "gap_fill": True})
def make_places(nlp: Language, name: str, gazetteer_path: str | None, gap_fill: bool) -> PlacesComponent:
    return PlacesComponent(gazetteer_path=gazetteer_path, gap_fill=gap_fill)


class PlacesComponent:
    """Finds and resolves the place mentions of a Doc; the gazetteer opens (and is built) on first use."""

    def __init__(self, *, gazetteer_path: str | None = None, gap_fill: bool = True) -> None:
        self.gazetteer_path = gazetteer_path
        self.gap_fill = gap_fill
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from ..geo import Gazetteer

            self._gazetteer = Gazetteer.open_default(self.gazetteer_path)
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        from ..geo import GeoContext, resolve
        from ..geo.mentions import Entity, toponyms

        text = doc.text
        entities = [Entity(e.text, e.start_char, e.end_char, e.label_) for e in doc.ents]
        mentions = toponyms(text, entities, self.gazetteer, gap_fill=self.gap_fill)
        context = GeoContext(dateline=dateline(text), countries=self._group_countries(doc))
        doc._.ww_places = resolve(mentions, gazetteer=self.gazetteer, context=context)
        return doc

    def _group_countries(self, doc: Doc) -> tuple[str, ...]:
        """ISO codes of the countries where the armed groups the article names operate ("the ADF" is
        Congo's, so "near Beni" is the town in Congo, not El Beni in Bolivia). Only armed groups: state
        forces and governments act abroad as often as at home."""
        from .kb import load_kb

        kb = load_kb()
        codes: set[str] = set()
        for span in doc._.ww_actors or ():
            match = span._.ww_actor
            actor = kb.get(match.actor_id) if match is not None and match.actor_id else None
            if actor is None or actor.type != "militant group" or not actor.country:
                continue
            code = _country_code(self.gazetteer, actor.country)
            if code:
                codes.add(code)
        return tuple(sorted(codes))


def pipeline_gazetteer(nlp: Language) -> Gazetteer:
    """The places component's gazetteer (one open database per pipeline), or the default one without it."""
    if "wirewatch_places" in nlp.pipe_names:
        places = cast(PlacesComponent, nlp.get_pipe("wirewatch_places"))
        return places.gazetteer
    from ..geo import Gazetteer

    return Gazetteer.open_default()


def country_of_people(gazetteer: Gazetteer, text: str) -> str | None:
    """The country a demonym or country name stands for ("Mexican", "South Korean", "Kenya"), or None."""
    return next(
        (c.country for c in gazetteer.lookup(text) if c.match in ("demonym", "name") and c.feature == "country"),
        None,
    )


def _country_code(gazetteer: Gazetteer, name: str) -> str | None:
    """The ISO code of a country by its name, through the gazetteer."""
    return next((c.country_code for c in gazetteer.lookup(name) if c.feature == "country"), None)
