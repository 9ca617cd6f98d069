"""The schema as a contract: SHACL shapes (kg/shapes.ttl) checked with pyshacl."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import RDF, RDFS, Graph, Namespace

from ..config import ONTOLOGY

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str       # the focus node's label, or its IRI
    path: str        # the property, as a prefixed name
    message: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.path}: {self.message}"


@cache
def shapes() -> Graph:
    """The shapes graph shipped with kg."""
    return Graph().parse(data=resources.files("kg").joinpath("shapes.ttl").read_text(encoding="utf-8"), format="turtle")


@cache
def hierarchy() -> tuple:
    """The ontology's subclass axioms between kg's own classes (Country under Place under Entity ...)."""
    ontology = Graph().parse(data=resources.files("kg").joinpath("ontology.ttl").read_text(encoding="utf-8"), format="turtle")
    return tuple(sorted((s, p, o) for s, p, o in ontology.triples((None, RDFS.subClassOf, None))
                        if str(o).startswith(ONTOLOGY) and str(s).startswith(ONTOLOGY)))


def validate_graph(graph: Graph) -> list[Violation]:
    """Every SHACL violation of a graph, sorted; an empty list when it conforms. The class hierarchy
    is added to the graph while it is checked (and removed after), so that "an entity" is one class
    check rather than one per entity class."""
    from pyshacl import validate

    added = [t for t in hierarchy() if t not in graph]
    for t in added:
        graph.add(t)
    try:
        conforms, report, _ = validate(graph, shacl_graph=shapes())
    finally:
        for t in added:
            graph.remove(t)
    if conforms:
        return []
    out = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        kind = graph.value(focus, RDF.type)
        label = graph.value(focus, RDFS.label)
        name = f"{_short(graph, kind)} {label}" if label else _short(graph, focus)
        out.add(Violation(name, _short(graph, path) if path is not None else "-", str(message or "does not conform")))
    return sorted(out, key=str)


def _short(graph: Graph, term) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # a blank node or an IRI with no prefix
        return str(term)
