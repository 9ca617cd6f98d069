"""Facts to triples: the only code that mints IRIs and emits triples. The vocabulary lives here."""
from __future__ import annotations

import hashlib
from collections import ChainMap, Counter
from dataclasses import replace
from functools import lru_cache
from typing import Mapping

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS, ClosedNamespace

from ..config import ONTOLOGY, resource_base
from ..knowledge import wikidata_id
from ..model import Evidence, Extraction, TimeRef

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


#: The prefixes of every file kg writes (rdflib's Graph adds `res` for the resource base).
PREFIXES = {"kg": ONTOLOGY, "schema": str(SCHEMA), "prov": str(PROV), "org": str(ORG), "skos": str(SKOS),
            "owl": str(OWL), "wd": str(WD), "rdfs": str(RDFS), "xsd": str(XSD)}


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound."""
    g = Graph()
    for prefix, ns in {**PREFIXES, "res": resource_base()}.items():
        g.bind(prefix, ns, override=True)
    return g


#: properties that hold one value per node: when several articles give a shared node (a role, an
#: agreement, a topic, a twice-read article) different values, the merged graph keeps one, chosen the
#: same way whatever the order of the articles (the least in N-Triples order).
SINGLE_VALUED = (RDFS.label, KG.title, KG.kind, KG.status, KG.date, KG.dateText, KG.former, KG.sourceFile,
                 SCHEMA.headline, SCHEMA.datePublished, SCHEMA.publisher, KG.dateline)

#: One triple as its three terms in N-Triples syntax ('<iri>', '"text"', '"1"^^<...#integer>').
Triple = tuple[str, str, str]


@lru_cache(maxsize=1 << 16)
def nt_iri(value: str) -> str:
    """An IRI in N-Triples syntax; pyoxigraph checks it and escapes nothing it should not."""
    return str(ox.NamedNode(value))


def _lit(value, datatype: str | None = None) -> str:
    """A literal in N-Triples syntax: a string, or a value of an XSD datatype."""
    if isinstance(value, bool):
        value, datatype = ("true" if value else "false"), str(XSD.boolean)
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value))


class _Terms:
    """kg's vocabulary in N-Triples syntax, looked up once: T.person is '<https://kg.example.org/ontology#person>'."""

    def __init__(self):
        terms = {name: KG[name] for name in dir(KG) if not name.startswith("_")}
        terms.update(type=RDF.type, label=RDFS.label, sameAs=OWL.sameAs, altLabel=SKOS.altLabel,
                     **{name: SCHEMA[name] for name in ("NewsArticle", "headline", "identifier", "datePublished",
                                                          "publisher", "subjectOf", "url", "author")})
        self.__dict__.update({name: str(ox.NamedNode(str(term))) for name, term in terms.items()})


T = _Terms()


class _Sink:
    """The triples of one article, with the labels its fact labels are written with (key -> words)."""

    def __init__(self, labels: Mapping[str, str]):
        self.triples: list[Triple] = []
        self.labels = labels
        self.base = resource_base()

    def i(self, key: str) -> str:
        """The IRI of a resource key, in N-Triples syntax."""
        return nt_iri(self.base + key)

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append((s, p, o))

    def label(self, key: str) -> str:
        """The words a fact's label names a part with: never its key (a key is no reader's words)."""
        return self.labels.get(key) or _UNNAMED.get(key.split("/", 1)[0], "something")


#: What a fact's label calls a part the extraction gives no words for (a key's first segment -> words).
_UNNAMED = {"person": "someone", "place": "a place", "org": "an organisation", "group": "a group",
            "agreement": "an agreement", "topic": "something"}


def article_names(x: Extraction) -> dict[str, str]:
    """The words one article has for each key its facts refer to: an entity's label, a topic's or an
    agreement's own words, or else the text of a mention of it."""
    out = {m.entity: m.text for m in reversed(x.mentions) if m.text}
    out.update({a.key: a.label for a in x.agreements if a.label})
    out.update({t.key: t.label for t in x.topics if t.label})
    out.update({e.key: e.label for e in x.entities if e.label})
    return out


def article_triples(x: Extraction, labels: dict[str, str] | None = None, entities: bool = True) -> list[Triple]:
    """Every triple one article supports, sorted: its entities as the article names them (unless
    entities is False: the merged graph describes them once), the article, its mentions and evidence,
    and its facts. Fact labels name each part with `labels` (key -> name) where it has the key, and
    otherwise with the article's own words for it (an entity's, topic's or agreement's label)."""
    own = article_names(x)
    g = _Sink(ChainMap(labels, own) if labels is not None else own)
    if entities:
        for e in x.entities:
            _describe(g, e.key, e.kind, e.label, set(e.aliases))
    _add_article(g, x)
    return sorted(set(g.triples))


def _describe(g: _Sink, key: str, kind: str, label: str, names: set[str]) -> None:
    node = g.i(key)
    g.add(node, T.type, nt_iri(str(KG[kind])))
    g.add(node, T.label, _lit(label))
    if wikidata_id(key):
        g.add(node, T.sameAs, nt_iri(WD[wikidata_id(key)]))
    for alias in sorted(names - {label}):
        g.add(node, T.altLabel, _lit(alias))


class Merger:
    """What the merged graph needs to know of all the articles before it writes any of them: each
    entity's names and kinds, and which surname-only persons are another article's full name."""

    def __init__(self):
        self.names: dict[str, Counter] = {}
        self.kinds: dict[str, Counter] = {}
        self.aliases: dict[str, set] = {}

    def add(self, x: Extraction) -> None:
        self.add_entities(x.entities)

    def add_entities(self, entities) -> None:
        for e in entities:
            self.names.setdefault(e.key, Counter())[e.label] += 1
            self.kinds.setdefault(e.key, Counter())[e.kind] += 1
            self.aliases.setdefault(e.key, set()).update(e.aliases)

    def finish(self) -> "Merger":
        """Join surname-only persons to the one full name in the build that fits them (a person known
        in one article only as "Blair" is another article's "Tony Blair"), then choose each entity's
        label (the fullest name, then the most frequent) and class (the most frequent)."""
        from .resolve import is_short_form, person_tokens

        people = {k: self._best(k) for k in self.names if k.startswith("person/")}
        by_word: dict[str, set[str]] = {}   # a word of a full name after the first -> the full names' keys
        for key, name in people.items():
            if len(name.split()) > 1:
                for word in person_tokens(name)[1:]:
                    by_word.setdefault(word, set()).add(key)
                    by_word.setdefault(word.split("-", 1)[-1], set()).add(key)  # "al-Bashir" under "bashir"
        self.mapping: dict[str, str] = {}
        for key, name in people.items():
            if len(name.split()) == 1:
                fits = sorted(k for k in by_word.get(next(iter(person_tokens(name)), ""), ()) if is_short_form(name, people[k]))
                if len(fits) == 1:
                    self.mapping[key] = fits[0]
        for old, new in sorted(self.mapping.items()):
            self.names[new].update(self.names.pop(old))
            self.kinds[new].update(self.kinds.pop(old))
            self.aliases[new] |= self.aliases.pop(old)
        self.labels = {k: self._best(k) for k in self.names}
        return self

    def _best(self, key: str) -> str:
        names = self.names[key]
        return max(names, key=lambda n: (len(n.split()), names[n], len(n), n))

    def mapped(self, x: Extraction) -> Extraction:
        """The extraction with the joined persons' keys replaced."""
        from ..model import from_json, to_json

        if not any(e.key in self.mapping for e in x.entities):
            return x  # every key an extraction refers to is one of its entities
        text = to_json(x)
        for old, new in self.mapping.items():
            text = text.replace(f'"{old}"', f'"{new}"')
        x = from_json(Extraction, text)
        return replace(x, entities=tuple({e.key: e for e in x.entities}.values()))

    def entity_triples(self) -> list[Triple]:
        """Each entity described once: its class, label, Wikidata link and other names."""
        g = _Sink({})
        for key in sorted(self.names):
            kind = max(self.kinds[key], key=lambda k: (self.kinds[key][k], k))
            _describe(g, key, kind, self.labels[key], self.aliases[key] | set(self.names[key]))
        return g.triples

    def union_triples(self, x: Extraction) -> list[Triple]:
        """One article's triples as the merged graph holds them: joined keys, merged labels."""
        return article_triples(self.mapped(x), self.labels, entities=False)


def merge_lines(lines):
    """Sorted N-Triples lines to the merged graph's lines: duplicates dropped, and one value kept of
    each single-valued property (the first, as the lines are sorted)."""
    single = frozenset(nt_iri(p) for p in SINGLE_VALUED)
    last, last_single = None, None
    for line in lines:
        if line == last:
            continue
        last = line
        s, p, _ = line.split(" ", 2)
        if p in single:
            if (s, p) == last_single:
                continue
            last_single = (s, p)
        yield line


def line(t: Triple, graph: str | None = None) -> str:
    """The N-Triples (or, with a graph, N-Quads) line of a triple."""
    return f"{t[0]} {t[1]} {t[2]} {graph} .\n" if graph else f"{t[0]} {t[1]} {t[2]} .\n"


def to_rdflib(lines) -> Graph:
    """An rdflib Graph (kg's prefixes bound) of N-Triples lines."""
    g = new_graph()
    g.parse(data="".join(lines), format="nt")
    return g


def facts_to_graph(extractions: list[Extraction]) -> Graph:
    """The merged graph of one or more articles' extractions as an rdflib Graph (what graph.ttl holds);
    the same articles in any order give the same graph."""
    unique = {x.article.id: x for x in sorted(extractions, key=lambda x: (x.article.id, x.article.source))}
    merger = Merger()
    for x in unique.values():
        merger.add(x)
    merger.finish()
    lines = [line(t) for t in merger.entity_triples()]
    lines += [line(t) for x in unique.values() for t in merger.union_triples(x)]
    return to_rdflib(merge_lines(sorted(lines)))


def article_graph(x: Extraction) -> Graph:
    """One article's own graph (its named graph in graph.trig) as an rdflib Graph."""
    return to_rdflib(line(t) for t in article_triples(x))


def _add_article(g: _Sink, x: Extraction) -> None:
    a = x.article
    art = g.i(f"article/{a.id}")
    g.add(art, T.type, T.NewsArticle)
    g.add(art, T.headline, _lit(a.title))
    g.add(art, T.identifier, _lit(a.id))
    g.add(art, T.sourceFile, _lit(a.source))
    if a.published:
        g.add(art, T.datePublished, _lit(a.published, str(XSD.date)))
    if a.dateline:
        g.add(art, T.dateline, _lit(a.dateline))
    if a.publisher:
        g.add(art, T.publisher, _lit(a.publisher))
    if a.url:
        g.add(art, T.url, _lit(a.url, str(XSD.anyURI)))
    for author in a.authors:
        g.add(art, T.author, _lit(author))
    for m in x.mentions:
        node = g.i(f"article/{a.id}/mention/{m.begin}-{m.end}")
        g.add(node, T.type, T.Mention)
        g.add(node, T.text, _lit(m.text))
        _span(g, node, m.begin, m.end)
        g.add(node, T.denotes, g.i(m.entity))
        g.add(node, T.evidence, _evidence(g, m.evidence))
        g.add(g.i(m.entity), T.mention, node)
        g.add(g.i(m.entity), T.subjectOf, art)
    for t in x.topics:
        g.add(g.i(t.key), T.type, T.Topic)
        g.add(g.i(t.key), T.label, _lit(t.label))
    for facts, emit in ((x.roles, _role), (x.meetings, _meeting), (x.visits, _visit), (x.agreements, _agreement),
                        (x.quotes, _quote), (x.stances, _stance)):
        for fact in facts:
            emit(g, a.id, fact)


def _role(g: _Sink, article: str, r) -> None:
    node = g.i("role/" + _digest(r.person, r.title.lower(), r.organisation or "", str(r.former)))
    _fact(g, node, T.Role, r.evidence)
    g.add(node, T.person, g.i(r.person))
    g.add(node, T.title, _lit(r.title))
    if r.organisation:
        g.add(node, T.organisation, g.i(r.organisation))
    g.add(node, T.former, _lit(r.former))
    g.add(node, T.label, _lit(" ".join(filter(None, ["former" if r.former else "", r.title or "member"]))))


def _meeting(g: _Sink, article: str, m) -> None:
    node = g.i(f"meeting/{article}/" + _digest(*sorted(m.participants)))
    _fact(g, node, T.Meeting, m.evidence)
    g.add(node, T.kind, _lit(m.kind))
    g.add(node, T.status, _lit(m.status))
    for p in m.participants:
        g.add(node, T.participant, g.i(p))
    if m.places:
        g.add(node, T.place, g.i(m.places[0]))
        for inner, outer in zip(m.places, m.places[1:]):
            g.add(g.i(inner), T.locatedIn, g.i(outer))
    _date(g, node, m.date)
    g.add(node, T.label, _lit(_meeting_label(g, m)))


def _visit(g: _Sink, article: str, v) -> None:
    node = g.i(f"visit/{article}/" + _digest(v.person, v.place))
    _fact(g, node, T.Visit, v.evidence)
    g.add(node, T.visitor, g.i(v.person))
    g.add(node, T.destination, g.i(v.place))
    g.add(node, T.cue, _lit(v.cue))
    _date(g, node, v.date)
    g.add(node, T.label, _lit(f"visit of {g.label(v.person)} to {g.label(v.place)}"))


def _agreement(g: _Sink, article: str, ag) -> None:
    node = g.i(ag.key)
    _fact(g, node, T.Agreement, ag.evidence)
    g.add(node, T.label, _lit(ag.label))  # the merged graph keeps one, as for every shared node
    g.add(node, T.kind, _lit(ag.kind))
    for p in ag.parties:
        g.add(node, T.party, g.i(p))
    if ag.status:
        g.add(node, T.status, _lit(ag.status))
    _date(g, node, ag.date)


def _quote(g: _Sink, article: str, q) -> None:
    node = g.i(f"quote/{article}/{q.begin}-{q.end}")
    _fact(g, node, T.Quote, q.evidence)
    g.add(node, T.speaker, g.i(q.speaker))
    g.add(node, T.text, _lit(q.text))
    _span(g, node, q.begin, q.end)
    words = q.text if len(q.text) <= 60 else q.text[:59].rstrip() + "\u2026"
    g.add(node, T.label, _lit(f"{g.label(q.speaker)}: \u201c{words}\u201d"))


def _stance(g: _Sink, article: str, s) -> None:
    node = g.i(f"stance/{article}/" + _digest(s.source, s.polarity, s.target))
    _fact(g, node, T.Stance, s.evidence)
    g.add(node, T.source, g.i(s.source))
    g.add(node, T.polarity, _lit(s.polarity))
    g.add(node, T.target, g.i(s.target))
    g.add(node, T.cue, _lit(s.cue))
    verb = "praised" if s.polarity == "positive" else "criticised"
    g.add(node, T.label, _lit(f"{g.label(s.source)} {verb} {g.label(s.target)}"))


def _span(g: _Sink, node: str, begin: int, end: int) -> None:
    g.add(node, T.beginIndex, _offset(begin))
    g.add(node, T.endIndex, _offset(end))


@lru_cache(maxsize=1 << 16)
def _offset(n: int) -> str:
    return _lit(str(n), str(XSD.nonNegativeInteger))


def _fact(g: _Sink, node: str, cls, evidence: tuple[Evidence, ...]) -> None:
    g.add(node, T.type, cls)
    for ev in evidence:
        g.add(node, T.evidence, _evidence(g, ev))


def _evidence(g: _Sink, ev: Evidence) -> str:
    node = g.i(f"article/{ev.article}/evidence/{ev.begin}-{ev.end}")
    g.add(node, T.type, T.Evidence)
    g.add(node, T.article, g.i(f"article/{ev.article}"))
    g.add(node, T.sentence, _lit(ev.sentence))
    _span(g, node, ev.begin, ev.end)
    return node


def _date(g: _Sink, node: str, when: TimeRef | None) -> None:
    if when:
        g.add(node, T.date, _lit(when.value, str(_DATATYPES[when.datatype])))
        g.add(node, T.dateText, _lit(when.text))


def _meeting_label(g: _Sink, m) -> str:
    names = sorted(g.label(p) for p in m.participants)
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


def serialize_turtle(g: Graph) -> bytes:
    """Turtle bytes of a graph; rdflib sorts subjects and predicates, so the same graph gives the same bytes."""
    return g.serialize(format="turtle", encoding="utf-8")
