"""The gazetteer as data: real ids, unique codes, enough coverage."""
import re

import pytest

from kg import knowledge

KNOWN = {  # Wikidata ids checked by hand against wikidata.org
    "Italy": "Q38", "United Kingdom": "Q145", "United States": "Q30", "China": "Q148", "Albania": "Q222",
    "Tunisia": "Q948", "Rwanda": "Q1037", "France": "Q142", "Germany": "Q183", "Ireland": "Q27",
}
KNOWN_BODIES = {"European Union": "Q458", "United Nations": "Q1065", "NATO": "Q7184", "International Monetary Fund": "Q7804"}


@pytest.mark.parametrize("name, qid", sorted(KNOWN.items()))
def test_known_country_ids(name, qid):
    assert next(c for c in knowledge.countries() if c.name == name).wikidata == qid


@pytest.mark.parametrize("name, qid", sorted(KNOWN_BODIES.items()))
def test_known_body_ids(name, qid):
    assert next(b for b in knowledge.bodies() if b.name == name).wikidata == qid


def test_every_un_member_and_observer():
    states = [c for c in knowledge.countries() if c.kind in ("state", "observer")]
    assert len(states) == 195  # 193 members, the Holy See and Palestine
    assert all(c.iso2 and c.iso3 and c.wikidata and c.capitals for c in states)


def test_codes_and_ids_are_well_formed_and_unique():
    countries = knowledge.countries()
    for column in ("iso2", "iso3", "wikidata"):
        values = [getattr(c, column) for c in countries if getattr(c, column)]
        assert len(values) == len(set(values)), column
    assert all(re.fullmatch(r"[A-Z]{2}", c.iso2) for c in countries if c.iso2)
    assert all(re.fullmatch(r"[A-Z]{3}", c.iso3) for c in countries if c.iso3)
    ids = [x.wikidata for x in (*countries, *knowledge.bodies()) if x.wikidata]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", i) for i in ids)
    assert len(ids) == len(set(ids))


def test_at_least_eighty_bodies_with_ids():
    assert sum(1 for b in knowledge.bodies() if b.wikidata) >= 80


def test_no_name_stands_for_two_entries():
    names = {}
    for c in knowledge.countries():
        for n in filter(None, (c.name, c.official, *c.aliases)):
            names.setdefault(knowledge.fold(n), set()).add(c.name)
    for b in knowledge.bodies():
        for n in (b.name, *b.aliases):
            names.setdefault(knowledge.fold(n), set()).add(b.name)
    assert {n: v for n, v in names.items() if len(v) > 1} == {}


def test_shared_demonyms_are_not_linked():
    assert "congolese" not in knowledge.demonyms()
    assert knowledge.demonyms()["italian"].name == "Italy"


def test_offices_point_to_gazetteer_entries():
    from kg.graph.resolve import place_or_body

    assert all(place_or_body(o.organisation) for o in knowledge.offices())


def test_capital_cities_link_to_their_items():
    assert knowledge.capital_city("Rome") == ("place/Q220", "Rome")
    assert knowledge.capital_city("Paris") == ("place/Q90", "Paris")
    assert knowledge.capital_city("London") == ("place/Q84", "London")
    assert knowledge.capital_city("Washington") is None  # also a state and a surname
    assert knowledge.capital_city("Springfield") is None
