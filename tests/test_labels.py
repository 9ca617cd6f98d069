"""Labels are words a reader wrote or would write, never keys."""
from rdflib import RDFS, Dataset, Graph

from kg.graph.rdf import KG, article_graph, facts_to_graph, iri
from kg.model import Agreement, Article, Entity, Evidence, Extraction, Mention, Quote, Stance, Topic, Visit


def _sentences(g: Graph, node) -> set[str]:
    """The evidence sentences of a node: its own, its mentions', and those of the facts naming it."""
    evidence = set(g.objects(node, KG.evidence))
    for mention in g.objects(node, KG.mention):
        evidence.update(g.objects(mention, KG.evidence))
    for fact, _ in g.subject_predicates(node):
        evidence.update(g.objects(fact, KG.evidence))
    return {str(s) for ev in evidence for s in g.objects(ev, KG.sentence)}


def _slashed(g: Graph) -> list[str]:
    """Labels with a slash the text itself does not spell."""
    bad = []
    for node, label in g.subject_objects(RDFS.label):
        tokens = [t for t in str(label).split() if "/" in t]
        sentences = _sentences(g, node) if tokens else set()
        if any(not any(t in s for s in sentences) for t in tokens):
            bad.append(str(label))
    return sorted(bad)


def test_no_label_of_the_seed_is_a_key(seed_graph, seed_dir):
    assert _slashed(seed_graph) == []
    dataset = Dataset()
    dataset.parse(seed_dir / "graph.trig", format="trig")
    for graph in dataset.graphs():
        assert _slashed(graph) == [], graph.identifier


def test_the_seed_stances_name_their_topics(seed_graph):
    labels = {str(seed_graph.value(s, RDFS.label)) for s in seed_graph.subjects(KG.polarity, None)}
    assert any(label.endswith(" praised Italy\u2013Albania agreement") for label in labels)
    assert not any("topic/" in label or "agreement/" in label for label in labels)


ANNA, BEN = Entity("person/anna-alpha", "Anna Alpha", "Person"), Entity("person/ben-beta", "Ben Beta", "Person")
ITALY, ALBANIA = Entity("place/italy", "Italy", "Country"), Entity("place/albania", "Albania", "Country")


def _extraction(aid="a1", entities=(ANNA, BEN, ITALY, ALBANIA), topics=(Topic("topic/albania-plan", "Albania plan"),),
                stances=None, **facts):
    ev = Evidence(aid, 3, 40, "Anna Alpha praised the Albania plan.")
    stances = stances if stances is not None else tuple(
        Stance("person/anna-alpha", "positive", t.key, "praised", (ev,)) for t in topics)
    return Extraction(article=Article(aid, "T", "T\n\nAnna Alpha praised the Albania plan.", None, f"{aid}.txt"),
                      entities=tuple(entities), topics=tuple(topics), stances=stances, **facts)


def _stance_labels(g: Graph) -> list[str]:
    return sorted(str(g.value(s, RDFS.label)) for s in g.subjects(KG.polarity, None))


def test_a_stance_on_a_topic_is_labelled_with_the_topics_words():
    x = _extraction()
    assert _stance_labels(facts_to_graph([x])) == ["Anna Alpha praised Albania plan"]
    assert _stance_labels(article_graph(x)) == ["Anna Alpha praised Albania plan"]
    assert str(facts_to_graph([x]).value(iri("topic/albania-plan"), RDFS.label)) == "Albania plan"


def test_a_stance_on_an_agreement_is_labelled_with_the_agreements_words():
    ev = Evidence("a1", 3, 40, "x")
    deal = Agreement("agreement/albania--italy", "Italy\u2013Albania deal", "deal", ("place/italy", "place/albania"),
                     "signed", None, (ev,))
    x = _extraction(topics=(), agreements=(deal,),
                    stances=(Stance("person/ben-beta", "negative", deal.key, "criticised", (ev,)),))
    assert _stance_labels(facts_to_graph([x])) == ["Ben Beta criticised Italy\u2013Albania deal"]
    assert _stance_labels(article_graph(x)) == ["Ben Beta criticised Italy\u2013Albania deal"]


def test_the_merged_graph_names_joined_persons_and_keeps_the_articles_topic():
    ev = Evidence("a2", 3, 40, "x")
    blair = Entity("person/blair", "Blair", "Person")
    full = _extraction("a1", entities=(Entity("person/tony-blair", "Tony Blair", "Person"),), topics=(), stances=())
    short = _extraction("a2", entities=(blair, ITALY), topics=(Topic("topic/war", "war"),),
                        stances=(Stance("person/blair", "negative", "topic/war", "opposed", (ev,)),),
                        mentions=(Mention("person/blair", "Blair", 3, 8, ev),),
                        quotes=(Quote("person/blair", "No", 3, 5, (ev,)),),
                        visits=(Visit("person/blair", "place/italy", None, "visited", (ev,)),))
    g = facts_to_graph([full, short])
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "Tony Blair criticised war" in labels
    assert "Tony Blair: \u201cNo\u201d" in labels
    assert "visit of Tony Blair to Italy" in labels
    assert not [label for label in labels if "/" in label]


def test_a_part_without_a_label_is_named_with_words_never_its_key():
    ev = Evidence("a1", 3, 40, "x")
    x = _extraction(entities=(), topics=(),
                    mentions=(Mention("person/anna-alpha", "Alpha", 3, 8, ev),),
                    stances=(Stance("person/anna-alpha", "positive", "topic/albania-plan", "praised", (ev,)),
                             Stance("person/ben-beta", "negative", "agreement/albania--italy", "criticised", (ev,))),
                    visits=(Visit("person/anna-alpha", "place/italy", None, "visited", (ev,)),))
    g = facts_to_graph([x])
    assert _stance_labels(g) == ["Alpha praised something", "someone criticised an agreement"]
    assert str(g.value(next(g.subjects(KG.visitor, None)), RDFS.label)) == "visit of Alpha to a place"
