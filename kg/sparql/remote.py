"""Talking to SPARQL servers: push a graph (Graph Store HTTP Protocol, one named graph per article)
and ask questions of a remote endpoint (SPARQL 1.1 Protocol)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import KgError, QueryError
from .query import XSD_STRING, Answer, Question, bind, check_safe
from ..graph.rdf import SHARED_GRAPH

TIMEOUT = 300


def named_graphs(graph) -> dict[str, bytes]:
    """The graph split into named graphs (see kg.graph.rdf.named_graphs), as N-Triples."""
    from ..graph.rdf import named_graphs as split

    return {name: part.serialize(format="nt", encoding="utf-8") for name, part in split(graph).items()}


DATASETS = (".nq", ".trig")


def push_graph(graph_path: Path, endpoint: str) -> list[str]:
    """Send a graph to a Graph Store endpoint (`?graph=NAME`), so pushing several files builds one store.
    A merged graph (graph.ttl) is split into the articles' graphs, each replaced (PUT), and a shared
    graph that is added to (POST). A dataset (graph.nq, graph.trig, shards' N-Quads concatenated)
    is pushed as it is: each of its named graphs is replaced."""
    from ..config import resource_base
    from ..graph.io import load_graph

    if graph_path.suffix.lower() in DATASETS:
        return _push_dataset(graph_path, endpoint)
    pushed = []
    for name, data in named_graphs(load_graph(graph_path)).items():
        _put(endpoint, name, data, "POST" if name == resource_base() + SHARED_GRAPH else "PUT")
        pushed.append(name)
    return pushed


def _push_dataset(path: Path, endpoint: str) -> list[str]:
    """Each named graph of an N-Quads or TriG file, streamed: a graph met again later is added to."""
    from itertools import groupby

    import pyoxigraph as ox

    from ..errors import GraphError

    if not path.is_file():
        raise GraphError(f"Graph file not found: {path}")
    fmt = ox.RdfFormat.N_QUADS if path.suffix.lower() == ".nq" else ox.RdfFormat.TRIG
    pushed: set[str] = set()
    try:
        for graph, quads in groupby(ox.parse(path=str(path), format=fmt), key=lambda q: q.graph_name):
            if isinstance(graph, ox.DefaultGraph):
                raise GraphError(f"{path}: a triple outside any named graph; push a merged graph as .ttl")
            data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
            _put(endpoint, graph.value, data, "POST" if graph.value in pushed else "PUT")
            pushed.add(graph.value)
    except SyntaxError as error:
        raise GraphError(f"{path} is not valid RDF: {str(error).splitlines()[0][:200]}") from None
    return sorted(pushed)


def _put(endpoint: str, name: str, data: bytes, method: str) -> None:
    url = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"graph": name})
    _send(urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/n-triples"}))


def run_remote_query(endpoint: str, question: Question, values: dict[str, str] | None = None,
                     allow_service: bool = False) -> Answer:
    """Answer a question at a remote SPARQL endpoint; the same safety checks and bindings as locally."""
    check_safe(question, allow_service)
    q = bind(question, values or {})
    request = urllib.request.Request(endpoint, data=q.text.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, application/n-triples"})
    with _send(request, query=q.name) as response:
        kind = response.headers.get("Content-Type", "")
        body = response.read()
    if not kind.startswith("application/sparql-results+json"):
        return Answer("graph", [], iter(()), graph=body)
    data = json.loads(body)
    if "boolean" in data:
        return Answer("ask", [], iter(()), boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    return Answer("select", variables, ([_cell(b.get(v)) for v in variables] for b in data["results"]["bindings"]))


def _cell(value: dict | None):
    if value is None:
        return None
    kind = {"uri": "uri", "bnode": "bnode"}.get(value["type"], "literal")
    datatype = value.get("datatype")
    if datatype == XSD_STRING:
        datatype = None
    return (kind, value["value"], datatype, value.get("xml:lang"))


def _send(request: urllib.request.Request, query: str | None = None):
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT)
    except urllib.error.HTTPError as error:
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:300]
        if query and error.code == 400:
            raise QueryError(f"The endpoint refused '{query}': {detail}") from None
        raise KgError(f"{request.full_url.split('?')[0]} answered {error.code} {error.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise KgError(f"Cannot reach {request.full_url.split('?')[0]}: {reason}") from None
