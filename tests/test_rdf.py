"""Facts to triples, without the language model."""
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from kg.model import Agreement, Article, Entity, Evidence, Extraction, Meeting, Quote, TimeRef
from kg.graph.rdf import KG, facts_to_graph, iri, serialize_turtle

ONTOLOGY = Graph().parse("kg/ontology.ttl")


def extraction(article_text="T\n\nA met B."):
    article = Article("a1", "T", article_text, "2024-09-16", "x.txt")
    ev = Evidence("a1", 3, 11, "A met B.")
    entities = (Entity("person/anna-alpha", "Anna Alpha", "Person"), Entity("person/ben-beta", "Ben Beta", "Person"),
                Entity("place/italy", "Italy", "Country"), Entity("place/albania", "Albania", "Country"))
    return Extraction(
        article=article, entities=entities,
        meetings=(Meeting(("person/anna-alpha", "person/ben-beta"), "talks", ("place/italy",),
                          TimeRef("2024-09-16", "date", "on Monday"), "held", (ev,)),),
        agreements=(Agreement("agreement/albania--italy", "Italy\u2013Albania agreement", "deal",
                              ("place/italy", "place/albania"), "signed", TimeRef("2023", "gYear", "last year"), (ev,)),),
        quotes=(Quote("person/anna-alpha", 'She said "hi" \\ back', 3, 11, (ev,)),),
    )


def test_facts_are_nodes_with_evidence():
    g = facts_to_graph([extraction()])
    meeting = next(g.subjects(RDF.type, KG.Meeting))
    assert set(g.objects(meeting, KG.participant)) == {iri("person/anna-alpha"), iri("person/ben-beta")}
    ev = g.value(meeting, KG.evidence)
    assert str(g.value(ev, KG.sentence)) == "A met B."
    assert (int(g.value(ev, KG.beginIndex)), int(g.value(ev, KG.endIndex))) == (3, 11)
    assert g.value(ev, KG.article) == iri("article/a1")
    assert str(g.value(meeting, KG.date)) == "2024-09-16" and str(g.value(meeting, KG.dateText)) == "on Monday"


def test_iris_are_stable_and_minted_from_keys():
    a, b = facts_to_graph([extraction()]), facts_to_graph([extraction()])
    assert serialize_turtle(a) == serialize_turtle(b)
    assert (iri("place/italy"), RDFS.label, None) in a
    assert str(iri("place/italy")).endswith("/id/place/italy")


def test_article_is_a_news_article():
    g = facts_to_graph([extraction()])
    assert (iri("article/a1"), RDF.type, URIRef("https://schema.org/NewsArticle")) in g


def test_literals_with_quotes_and_backslashes_round_trip():
    g = facts_to_graph([extraction()])
    assert isomorphic(g, Graph().parse(data=serialize_turtle(g), format="turtle"))


def test_every_term_used_is_declared_in_the_ontology():
    g = facts_to_graph([extraction()])
    used = set(g.predicates()) | set(g.objects(None, RDF.type))
    undeclared = {t for t in used if t != RDF.type and (t, RDF.type, None) not in ONTOLOGY}
    assert not undeclared


def test_ontology_terms_have_labels_and_comments():
    for term in set(ONTOLOGY.subjects(RDF.type, None)):
        if str(term).startswith(str(KG)):
            assert ONTOLOGY.value(term, RDFS.label) and ONTOLOGY.value(term, RDFS.comment), term


def test_every_vocabulary_term_is_declared():
    declared = {str(t) for t in ONTOLOGY.subjects(RDF.type, None)}
    missing = [name for name in dir(KG) if not name.startswith("_") and str(KG[name]) not in declared]
    assert not missing


def test_an_extraction_round_trips_through_json():
    from kg.model import Extraction, from_json, to_json

    x = extraction()
    assert from_json(Extraction, to_json(x)) == x


def test_a_cache_file_is_data_not_code():
    import pytest

    from kg.model import Extraction, from_json

    with pytest.raises((ValueError, TypeError, KeyError)):
        from_json(Extraction, '{"article": "__import__(os).system(true)"}')


def test_a_surname_in_one_article_joins_the_full_name_of_another():
    from kg.model import Entity, Mention

    def article(aid, entities):
        ev = Evidence(aid, 0, 5, "x")
        return Extraction(article=Article(aid, "T", "T\n\nx", None, f"{aid}.txt"), entities=tuple(entities),
                          mentions=tuple(Mention(e.key, e.label, 0, 5, ev) for e in entities))

    full = article("a1", [Entity("person/tony-blair", "Tony Blair", "Person")])
    short = article("a2", [Entity("person/blair", "Blair", "Person"), Entity("person/howard", "Howard", "Person")])
    two = article("a3", [Entity("person/john-howard", "John Howard", "Person"),
                         Entity("person/michael-howard", "Michael Howard", "Person")])
    g = facts_to_graph([full, short, two])
    people = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Blair" not in people and "Tony Blair" in people
    assert "Howard" in people  # two full names fit: never guessed
