"""Facts to triples: the only code that mints IRIs and emits triples. The vocabulary lives here."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS, ClosedNamespace

from .config import ONTOLOGY, resource_base
from .knowledge import slug, wikidata_id
from .model import Evidence, Extraction, TimeRef

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Every class and property kg emits; a typo is an AttributeError, not a new predicate.
KG = ClosedNamespace(ONTOLOGY, [
    # classes
    "Entity", "Person", "Place", "Country", "City", "Organisation", "Government", "GovernmentAgency",
    "IntergovernmentalOrganisation", "PoliticalParty", "NewsAgency", "NGO", "Group",
    "Fact", "Event", "Meeting", "Visit", "Agreement", "Quote", "Stance", "Role", "Topic",
    "Evidence", "Mention",
    # properties
    "participant", "place", "date", "dateText", "kind", "status", "visitor", "destination",
    "party", "speaker", "text", "source", "target", "polarity", "cue", "person", "title",
    "organisation", "former", "evidence", "article", "sentence", "beginIndex", "endIndex",
    "mention", "denotes", "locatedIn", "dateline", "sourceFile",
])

_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def iri(path: str) -> URIRef:
    """The IRI of a resource from its key or path ('person/keir-starmer')."""
    return URIRef(resource_base() + path)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in (("kg", ONTOLOGY), ("res", resource_base()), ("schema", SCHEMA), ("prov", PROV),
                       ("org", ORG), ("skos", SKOS), ("owl", OWL), ("wd", WD)):
        g.bind(prefix, ns, override=True)
    return g


#: properties that hold one value per node: when several articles give a shared node (a role, an
#: agreement, a topic, a twice-read article) different values, one is kept, chosen the same way
#: whatever the order of the articles.
SINGLE_VALUED = (RDFS.label, KG.title, KG.kind, KG.status, KG.date, KG.dateText, KG.former, KG.sourceFile,
                 SCHEMA.headline, SCHEMA.datePublished, SCHEMA.publisher, KG.dateline)


def facts_to_graph(extractions: list[Extraction]) -> Graph:
    """The RDF graph of one or more articles' extractions; the same articles in any order give the same graph."""
    g = new_graph()
    unique = {x.article.id: x for x in sorted(extractions, key=lambda x: (x.article.id, x.article.source))}
    extractions = merge_surnames(list(unique.values()))
    _add_entities(g, extractions)
    for x in extractions:
        _add_article(g, x)
    for p in SINGLE_VALUED:
        for s in sorted({s for s, _ in g.subject_objects(p)}):
            values = sorted(g.objects(s, p), key=str)
            for extra in values[1:]:
                g.remove((s, p, extra))
    return g


def merge_surnames(extractions: list[Extraction]) -> list[Extraction]:
    """Across articles: a person known in one article only by a surname ("Blair") is the person of
    another article's full name ("Tony Blair") when exactly one full name in the build fits."""
    from .model import from_json, to_json
    from .resolve import is_short_form

    names = {e.key: e.label for x in extractions for e in x.entities if e.key.startswith("person/")}
    full = {k: n for k, n in names.items() if len(n.split()) > 1}
    mapping = {}
    for key, name in names.items():
        if len(name.split()) == 1:
            fits = {k for k, n in full.items() if is_short_form(name, n)}
            if len(fits) == 1:
                mapping[key] = fits.pop()
    if not mapping:
        return extractions
    out = []
    for x in extractions:
        text = to_json(x)
        if any(f'"{old}"' in text for old in mapping):
            for old, new in mapping.items():
                text = text.replace(f'"{old}"', f'"{new}"')
            x = from_json(Extraction, text)
            x = replace(x, entities=tuple({e.key: e for e in x.entities}.values()))
        out.append(x)
    return out


def _add_entities(g: Graph, extractions: list[Extraction]) -> None:
    labels: dict[str, Counter] = {}
    kinds: dict[str, Counter] = {}
    aliases: dict[str, set] = {}
    for x in extractions:
        for e in x.entities:
            labels.setdefault(e.key, Counter())[e.label] += 1
            kinds.setdefault(e.key, Counter())[e.kind] += 1
            aliases.setdefault(e.key, set()).update(e.aliases)
    for key in labels:
        label = max(labels[key], key=lambda n: (len(n.split()), labels[key][n], len(n), n))  # the fullest name
        kind = max(kinds[key], key=lambda k: (kinds[key][k], k))
        node = iri(key)
        g.add((node, RDF.type, KG[kind]))
        g.add((node, RDFS.label, Literal(label)))
        if wikidata_id(key):
            g.add((node, OWL.sameAs, WD[wikidata_id(key)]))
        for alias in sorted((aliases[key] | set(labels[key])) - {label}):
            g.add((node, SKOS.altLabel, Literal(alias)))


def _add_article(g: Graph, x: Extraction) -> None:
    a = x.article
    art = iri(f"article/{a.id}")
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, SCHEMA.headline, Literal(a.title)))
    g.add((art, SCHEMA.identifier, Literal(a.id)))
    g.add((art, KG.sourceFile, Literal(a.source)))
    if a.published:
        g.add((art, SCHEMA.datePublished, Literal(a.published, datatype=XSD.date)))
    if a.dateline:
        g.add((art, KG.dateline, Literal(a.dateline)))
    if a.publisher:
        g.add((art, SCHEMA.publisher, Literal(a.publisher)))
    for m in x.mentions:
        node = iri(f"article/{a.id}/mention/{m.begin}-{m.end}")
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.text, Literal(m.text)))
        _span(g, node, m.begin, m.end)
        g.add((node, KG.denotes, iri(m.entity)))
        g.add((node, KG.evidence, _evidence(g, m.evidence)))
        g.add((iri(m.entity), KG.mention, node))
        g.add((iri(m.entity), SCHEMA.subjectOf, art))
    for t in x.topics:
        g.add((iri(t.key), RDF.type, KG.Topic))
        g.add((iri(t.key), RDFS.label, Literal(t.label)))
    for facts, emit in ((x.roles, _role), (x.meetings, _meeting), (x.visits, _visit), (x.agreements, _agreement),
                        (x.quotes, _quote), (x.stances, _stance)):
        for fact in facts:
            emit(g, a.id, fact)


def _role(g: Graph, article: str, r) -> None:
    node = iri("role/" + _digest(r.person, r.title.lower(), r.organisation or "", str(r.former)))
    _fact(g, node, KG.Role, r.evidence)
    g.add((node, KG.person, iri(r.person)))
    g.add((node, KG.title, Literal(r.title)))
    if r.organisation:
        g.add((node, KG.organisation, iri(r.organisation)))
    g.add((node, KG.former, Literal(r.former)))
    g.add((node, RDFS.label, Literal(" ".join(filter(None, ["former" if r.former else "", r.title or "member"])))))


def _meeting(g: Graph, article: str, m) -> None:
    node = iri(f"meeting/{article}/" + _digest(*sorted(m.participants)))
    _fact(g, node, KG.Meeting, m.evidence)
    g.add((node, KG.kind, Literal(m.kind)))
    g.add((node, KG.status, Literal(m.status)))
    for p in m.participants:
        g.add((node, KG.participant, iri(p)))
    if m.places:
        g.add((node, KG.place, iri(m.places[0])))
        for inner, outer in zip(m.places, m.places[1:]):
            g.add((iri(inner), KG.locatedIn, iri(outer)))
    _date(g, node, m.date)
    g.add((node, RDFS.label, Literal(_meeting_label(g, m))))


def _visit(g: Graph, article: str, v) -> None:
    node = iri(f"visit/{article}/" + _digest(v.person, v.place))
    _fact(g, node, KG.Visit, v.evidence)
    g.add((node, KG.visitor, iri(v.person)))
    g.add((node, KG.destination, iri(v.place)))
    g.add((node, KG.cue, Literal(v.cue)))
    _date(g, node, v.date)
    g.add((node, RDFS.label, Literal(f"visit of {_label(g, v.person)} to {_label(g, v.place)}")))


def _agreement(g: Graph, article: str, ag) -> None:
    node = iri(ag.key)
    _fact(g, node, KG.Agreement, ag.evidence)
    g.add((node, RDFS.label, Literal(ag.label)))  # facts_to_graph keeps one, as for every shared node
    g.add((node, KG.kind, Literal(ag.kind)))
    for p in ag.parties:
        g.add((node, KG.party, iri(p)))
    if ag.status:
        g.add((node, KG.status, Literal(ag.status)))
    _date(g, node, ag.date)


def _quote(g: Graph, article: str, q) -> None:
    node = iri(f"quote/{article}/{q.begin}-{q.end}")
    _fact(g, node, KG.Quote, q.evidence)
    g.add((node, KG.speaker, iri(q.speaker)))
    g.add((node, KG.text, Literal(q.text)))
    _span(g, node, q.begin, q.end)
    words = q.text if len(q.text) <= 60 else q.text[:59].rstrip() + "\u2026"
    g.add((node, RDFS.label, Literal(f"{_label(g, q.speaker)}: \u201c{words}\u201d")))


def _stance(g: Graph, article: str, s) -> None:
    node = iri(f"stance/{article}/" + _digest(s.source, s.polarity, s.target))
    _fact(g, node, KG.Stance, s.evidence)
    g.add((node, KG.source, iri(s.source)))
    g.add((node, KG.polarity, Literal(s.polarity)))
    g.add((node, KG.target, iri(s.target)))
    g.add((node, KG.cue, Literal(s.cue)))
    verb = "praised" if s.polarity == "positive" else "criticised"
    g.add((node, RDFS.label, Literal(f"{_label(g, s.source)} {verb} {_label(g, s.target)}")))


def _span(g: Graph, node: URIRef, begin: int, end: int) -> None:
    g.add((node, KG.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
    g.add((node, KG.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))


def _fact(g: Graph, node: URIRef, cls: URIRef, evidence: tuple[Evidence, ...]) -> None:
    g.add((node, RDF.type, cls))
    for ev in evidence:
        g.add((node, KG.evidence, _evidence(g, ev)))


def _evidence(g: Graph, ev: Evidence) -> URIRef:
    node = iri(f"article/{ev.article}/evidence/{ev.begin}-{ev.end}")
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, KG.article, iri(f"article/{ev.article}")))
    g.add((node, KG.sentence, Literal(ev.sentence)))
    _span(g, node, ev.begin, ev.end)
    return node


def _date(g: Graph, node: URIRef, when: TimeRef | None) -> None:
    if when:
        g.add((node, KG.date, Literal(when.value, datatype=_DATATYPES[when.datatype])))
        g.add((node, KG.dateText, Literal(when.text)))


def _label(g: Graph, key: str) -> str:
    return str(min(g.objects(iri(key), RDFS.label), key=str, default=key))


def _meeting_label(g: Graph, m) -> str:
    names = sorted(_label(g, p) for p in m.participants)
    label = f"{m.kind} of {', '.join(names[:-1])} and {names[-1]}"
    if m.date:
        label += f", {m.date.value}"
    return label


SHARED_GRAPH = "graph/shared"


def named_graphs(graph: Graph) -> dict[str, Graph]:
    """The graph split so that each triple sits in exactly one named graph: one per article (the
    article, its evidence and mentions, and the meetings, visits, quotes and stances it supports),
    named by the article's IRI, and a shared one (entities, topics, roles and agreements, which
    several articles may support)."""
    import re

    base = resource_base()
    articles = {str(a)[len(base) + len("article/"):]: str(a) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)}
    owner = re.compile(re.escape(base) + r"(?:article|meeting|visit|quote|stance)/([0-9a-f]+)(?:/|$)")
    parts: dict[str, Graph] = {}
    for s, p, o in graph:
        found = owner.match(str(s))
        name = articles.get(found.group(1)) if found else None
        parts.setdefault(name or base + SHARED_GRAPH, Graph()).add((s, p, o))
    return dict(sorted(parts.items()))


def serialize_trig(graph: Graph) -> bytes:
    """TriG of the graph's named graphs (one per article, and the shared one): each graph's Turtle,
    so the same graph gives the same bytes, as graph.ttl does."""
    prefixes, blocks = {}, []
    for name, part in named_graphs(graph).items():
        for prefix, ns in graph.namespaces():
            part.bind(prefix, ns, override=True)
        lines = part.serialize(format="turtle").splitlines()
        prefixes.update((line, None) for line in lines if line.startswith("@prefix"))
        body = "\n".join("    " + line if line else "" for line in lines if not line.startswith("@prefix")).strip("\n")
        blocks.append(f"<{name}> {{\n{body}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def serialize_turtle(g: Graph) -> bytes:
    """Turtle bytes of a graph; rdflib sorts subjects and predicates, so the same graph gives the same bytes."""
    return g.serialize(format="turtle", encoding="utf-8")
