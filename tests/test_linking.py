"""Linking to Wikidata from shipped data, on sentences of our own (loads the language model)."""
import pytest

from kg.graph.rdf import facts_to_graph

pytestmark = pytest.mark.model


def keys(x):
    return {e.label: e.key for e in x.entities}


def test_aliases_and_demonyms_link_to_one_item(read):
    x = read("Britain and the United Kingdom are one country. British officials agreed.")
    assert keys(x) == {"United Kingdom": "place/Q145"}


def test_two_articles_share_the_node(read):
    a = read("Britain signed the accord.")
    b = read("The United Kingdom signed the accord on Friday.")
    g = facts_to_graph([a, b])
    from rdflib import OWL, URIRef

    same = set(g.subjects(OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q145")))
    assert len(same) == 1
    from kg.graph.validate import validate_graph

    assert validate_graph(g) == []


def test_capital_acting_links_its_country(read):
    x = read("Washington said on Monday that sanctions would stay.")
    assert keys(x) == {"United States": "place/Q30"}


def test_ambiguous_and_unknown_names_stay_unlinked(read):
    x = read("Georgia passed a law. Officials in Freedonia disagreed with Georgia.")
    linked = {label: key for label, key in keys(x).items() if key.split("/")[-1].startswith("Q")}
    assert linked == {}


def test_bodies_and_acronyms_link(read):
    x = read("The IMF and NATO met at the United Nations.")
    assert keys(x) == {"International Monetary Fund": "org/Q7804", "NATO": "org/Q7184", "United Nations": "org/Q1065"}
