"""Remote stores: push to a real Oxigraph server and get the same answers there as locally."""
import shutil
import sys
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.sparql.query import catalogue, rows, run_store_query
from kg.sparql.remote import push_graph, run_remote_query
from kg.sparql.store import open_store

from conftest import free_port, running

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
PARAMS = {"evidence": {"about": "Italy"}, "connections": {"a": "Meloni", "b": "Albania"},
          "said-about": {"entity": "Keir Starmer"}, "profile": {"entity": "Keir Starmer"}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    url = f"http://127.0.0.1:{port}"
    command = [OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with running(command, url + "/query?query=ASK%7B%7D"):
        yield url


def merged(paths, folder: Path) -> Path:
    """One Turtle file holding every graph pushed, for the local side of the comparison."""
    from rdflib import Graph

    g = Graph()
    for path in paths:
        g.parse(path, format="turtle")
    out = folder / "graph.ttl"
    g.serialize(out, format="turtle")
    return out


@pytest.mark.model
def test_push_then_same_answers_remotely(server, seed_dir, dev_graphs, tmp_path):
    paths = [seed_dir / "graph.ttl"] + [p for p in dev_graphs.values() if p]
    pushed = [name for path in paths for name in push_graph(path, server + "/store")]
    articles = [name for name in pushed if "/article/" in name]
    assert len(articles) == len(paths) and set(pushed) - set(articles) == {"https://kg.example.org/id/graph/shared"}
    local = open_store(merged(paths, tmp_path))
    for name, question in catalogue().items():
        params = PARAMS.get(name, {})
        here = sorted(map(tuple, rows(run_store_query(local, question, params))[1]))
        there = sorted(map(tuple, rows(run_remote_query(server + "/query", question, params))[1]))
        if "who" in question.text:  # GROUP_CONCAT order is the engine's choice
            here, there = sorted(map(sorted, here)), sorted(map(sorted, there))
        assert here == there, name


def test_pushing_twice_replaces_not_duplicates(server, seed_dir):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    from kg.sparql.query import parse_question

    push_graph(seed_dir / "graph.ttl", server + "/store")
    first = rows(run_remote_query(server + "/query", parse_question("n", count)))[1]
    push_graph(seed_dir / "graph.ttl", server + "/store")
    assert rows(run_remote_query(server + "/query", parse_question("n", count)))[1] == first


def test_unreachable_endpoint_is_a_clear_error(seed_dir):
    port = free_port()
    with pytest.raises(KgError, match=f"Cannot reach http://127.0.0.1:{port}/query"):
        run_remote_query(f"http://127.0.0.1:{port}/query", catalogue()["entities"])


def test_a_dataset_is_pushed_graph_by_graph(server, seed_dir, tmp_path):
    from kg.sparql.query import parse_question

    count = parse_question("n", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    pushed = push_graph(seed_dir / "graph.trig", server + "/store")
    assert len(pushed) == 1 and "/article/" in pushed[0]
    first = dict(rows(run_remote_query(server + "/query", count))[1])
    push_graph(seed_dir / "graph.trig", server + "/store")  # replaced, not added twice
    assert dict(rows(run_remote_query(server + "/query", count))[1]) == first
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(seed_dir / "graph.trig", format="trig")
    assert int(first[pushed[0]]) == max(len(g) for g in ds.graphs())  # every triple of the article's graph
