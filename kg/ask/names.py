"""The names a graph knows, as an index from folded name to entities: labels, other names, persons'
surnames, and the demonyms, aliases and short names kg/data gives for the countries and bodies in it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import knowledge

KG = "https://kg.example.org/ontology#"
GROUPS = {"Person": "person", "Place": "place", "Country": "place", "City": "place", "Organisation": "organisation",
          "Government": "organisation", "GovernmentAgency": "organisation", "IntergovernmentalOrganisation": "organisation",
          "PoliticalParty": "organisation", "NewsAgency": "organisation", "NGO": "organisation", "Group": "group",
          "Topic": "topic", "Agreement": "agreement"}

_NAMES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label ?class ?name WHERE {
  VALUES ?class { %s }
  ?e a ?class ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?name }
}""" % " ".join(f"<{KG}{c}>" for c in GROUPS)
_PARTIES = f"SELECT ?a ?p WHERE {{ ?a a <{KG}Agreement> ; <{KG}party> ?p }}"
_TITLES = f"SELECT DISTINCT ?t WHERE {{ ?r <{KG}title> ?t }}"
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212-]\s*")


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    cls: str
    group: str     # person, place, organisation, group, topic or agreement


@dataclass
class Names:
    """Folded name -> entities, in two tiers: whole names first, then persons' surnames."""
    names: dict[str, set[Entity]] = field(default_factory=dict)
    surnames: dict[str, set[Entity]] = field(default_factory=dict)
    parties: dict[Entity, frozenset[str]] = field(default_factory=dict)   # agreement -> its parties' IRIs
    titles: set[str] = field(default_factory=set)
    by_iri: dict[str, Entity] = field(default_factory=dict)

    def find(self, text: str) -> set[Entity]:
        k = key(text)
        if len(self.surnames.get(k, ())) > 1:   # "Howard" when two people are surnamed Howard
            return self.names.get(k, set()) | self.surnames[k]
        return self.names.get(k) or self.surnames.get(k) or set()


def key(text: str) -> str:
    """The lookup form of a name: folded, one kind of dash, no possessive.

    >>> key("the Italy – Albania Agreement"), key("Meloni’s")
    ('italy-albania agreement', 'meloni')
    """
    text = _DASHES.sub("-", knowledge.fold(text))
    return re.sub(r"'s?$", "", text).strip()


def graph_names(store) -> Names:
    """Every name the graph in a pyoxigraph store knows for its entities, topics and agreements."""
    out = Names()
    for row in store.query(_NAMES, use_default_graph_as_union=True):
        cls = row["class"].value.rsplit("#", 1)[1]
        entity = out.by_iri.setdefault(row["e"].value, Entity(row["e"].value, row["label"].value, cls, GROUPS[cls]))
        if GROUPS[cls] != entity.group and entity.group != "person":  # several classes: the most specific wins
            entity = out.by_iri[entity.iri] = Entity(entity.iri, entity.label, cls, GROUPS[cls])
        _add(out.names, entity.label, entity)
        if row["name"] is not None:
            _add(out.names, row["name"].value, entity)
    for entity in out.by_iri.values():
        for other in _known_names(entity):
            _add(out.names, other, entity)
        if entity.group == "person" and " " in entity.label:
            _add(out.surnames, entity.label.rsplit(" ", 1)[1], entity)
    parties: dict[str, set[str]] = {}
    for row in store.query(_PARTIES, use_default_graph_as_union=True):
        parties.setdefault(row["a"].value, set()).add(row["p"].value)
    out.parties = {out.by_iri[a]: frozenset(p) for a, p in parties.items() if a in out.by_iri}
    out.titles = {row["t"].value for row in store.query(_TITLES, use_default_graph_as_union=True) if row["t"].value}
    return out


def _add(index: dict[str, set[Entity]], name: str, entity: Entity) -> None:
    if name and key(name):
        index.setdefault(key(name), set()).add(entity)


def _known_names(entity: Entity) -> list[str]:
    """The other names kg/data gives a country or body the graph names: 'Italian', 'UK', 'EU'."""
    if entity.group == "place":
        country = knowledge.country_names().get(knowledge.fold(entity.label))
        if country and country.name == entity.label:
            return [country.official, *country.aliases, *[d for d in country.demonyms
                                                          if knowledge.demonyms().get(knowledge.fold(d)) is country]]
    if entity.group == "organisation":
        words = entity.label.split()
        # a national branch is also asked for by the body's name: "Amnesty International UK"
        branch = [" ".join(words[:-1])] if len(words) > 2 and knowledge.fold(words[-1]) in knowledge.country_names() else []
        body = knowledge.body_names().get(knowledge.fold(entity.label))
        if body and body.name == entity.label:
            shorts = [s for s, found in knowledge.short_names().items() if len(found) == 1 and found[0][0] is body]
            return [*body.aliases, *shorts, *branch]
        return branch
    return []
