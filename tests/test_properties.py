"""Property-based: any text builds, parses back to the same graph, mints valid IRIs, gives the same bytes."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.inputs.articles import make_article
from kg.graph.rdf import facts_to_graph, serialize_turtle

pytestmark = pytest.mark.model
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# news-like words mixed with arbitrary Unicode (quotes, markup, control characters, astral planes)
WORDS = st.sampled_from(["Keir Starmer", "met", "Meloni", "in", "Rome", "said", '"', "\u201c", "\u201d", "<script>",
                         "&amp;", "\\", "\n\n", "Italy's", "agreement", "with", "Albania", ".", ",", "\U0001F600",
                         "criticised", "the", "EU", "\u00e9t\u00e9", "\u0000"])
TEXTS = st.lists(st.one_of(WORDS, st.text(min_size=1, max_size=12)), min_size=1, max_size=40).map(" ".join)


def build(nlp, text):
    from kg.extract import extract_article

    article = make_article("Headline\n\n" + text, published="2024-09-16")
    return facts_to_graph([extract_article(nlp(article.text), article)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_any_text_builds_and_round_trips(nlp, text):
    graph = build(nlp, text)
    data = serialize_turtle(graph)
    for fmt in ("turtle", "nt", "json-ld"):
        back = Graph().parse(data=graph.serialize(format=fmt), format=fmt)
        assert isomorphic(back, graph), fmt
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        assert not IRI_FORBIDDEN.search(str(term)), term
    assert serialize_turtle(build(nlp, text)) == data
