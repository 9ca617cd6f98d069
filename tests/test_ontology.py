"""Ontology quality: every term a graph uses is declared, described and consistent."""
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.graph.rdf import KG

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = Graph().parse(ROOT / "kg" / "ontology.ttl")
ALIGNED = ("https://schema.org/", "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#",
           "http://www.wikidata.org/entity/")


def terms(graph: Graph) -> set:
    return set(graph.predicates()) | set(graph.objects(None, RDF.type))


@pytest.mark.model
def test_every_term_used_is_declared(seed_graph, dev_graphs):
    from kg.graph.io import load_graph

    graphs = {"seed": seed_graph} | {name: load_graph(path) for name, path in dev_graphs.items() if path}
    for name, graph in graphs.items():
        undeclared = {t for t in terms(graph) if t != RDF.type and (t, RDF.type, None) not in ONTOLOGY}
        assert not undeclared, name


@pytest.mark.parametrize("term", sorted(t for t in ONTOLOGY.subjects(RDF.type, None) if str(t).startswith(str(KG))))
def test_each_kg_term_is_described(term):
    assert ONTOLOGY.value(term, RDFS.label) and ONTOLOGY.value(term, RDFS.comment)
    if (term, RDF.type, OWL.Class) not in ONTOLOGY:
        assert ONTOLOGY.value(term, RDFS.domain) is not None and ONTOLOGY.value(term, RDFS.range) is not None


def test_classes_are_aligned_where_an_alignment_exists():
    for term in ONTOLOGY.subjects(RDF.type, OWL.Class):
        if not str(term).startswith(str(KG)):
            continue
        links = [str(o) for p in (RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"))
                 for o in ONTOLOGY.objects(term, p)]
        supers = [o for o in ONTOLOGY.objects(term, RDFS.subClassOf) if str(o).startswith(str(KG))]
        assert any(link.startswith(ALIGNED) for link in links) or supers, term


def test_owl_rl_closure_is_consistent(seed_graph):
    import owlrl

    g = Graph()
    for triple in (*ONTOLOGY, *seed_graph):
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
    assert list(g.subjects(RDF.type, errors)) == []
    # the closure does what the ontology says: a Country is a Place and a schema:Place
    italy = URIRef("https://kg.example.org/id/place/Q38")
    assert (italy, RDF.type, KG.Place) in g and (italy, RDF.type, URIRef("https://schema.org/Place")) in g
