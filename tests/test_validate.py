"""The schema as a contract: built graphs conform, broken ones are reported clearly."""
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kg.graph.rdf import KG
from kg.graph.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent


def test_seed_graph_conforms(seed_graph):
    assert validate_graph(seed_graph) == []


@pytest.mark.model
def test_a_dataset_is_validated_as_one_graph(seed_dir, tmp_path):
    """kg validate (and draw, export) read a .trig or .nq file's named graphs, not an empty default graph."""
    from kg.graph.io import load_graph

    merged = load_graph(seed_dir / "graph.trig")
    assert len(merged) > 500 and validate_graph(merged) == []
    import pyoxigraph as ox

    quads = ox.parse(path=str(seed_dir / "graph.trig"), format=ox.RdfFormat.TRIG)
    ox.serialize(quads, str(tmp_path / "graph.nq"), ox.RdfFormat.N_QUADS)
    assert len(load_graph(tmp_path / "graph.nq")) == len(merged)


def test_development_graphs_conform(dev_graphs):
    from kg.graph.io import load_graph

    built = {name: path for name, path in dev_graphs.items() if path}
    if not built:
        pytest.skip("development articles not available")
    for name, path in built.items():
        assert validate_graph(load_graph(path)) == [], name


def broken(seed_graph, change) -> Graph:
    g = Graph()
    for triple in seed_graph:
        g.add(triple)
    for prefix, ns in seed_graph.namespaces():
        g.bind(prefix, ns, override=True)
    change(g)
    return g


def test_meeting_with_one_participant(seed_graph):
    def drop_one(g):
        meeting = next(g.subjects(RDF.type, KG.Meeting))
        g.remove((meeting, KG.participant, sorted(g.objects(meeting, KG.participant))[0]))

    found = [str(v) for v in validate_graph(broken(seed_graph, drop_one))]
    assert found == ["kg:Meeting meeting of Giorgia Meloni and Keir Starmer, 2024-09-16: kg:participant: "
                     "a meeting needs at least two participants"]


def test_quote_with_no_speaker(seed_graph):
    def drop_speaker(g):
        quote = sorted(g.subjects(RDF.type, KG.Quote))[0]
        g.remove((quote, KG.speaker, None))

    found = [str(v) for v in validate_graph(broken(seed_graph, drop_speaker))]
    assert len(found) == 1 and found[0].endswith("kg:speaker: a quote needs exactly one speaker")


def test_evidence_with_no_offsets(seed_graph):
    def drop_offsets(g):
        evidence = sorted(g.subjects(RDF.type, KG.Evidence))[0]
        g.remove((evidence, KG.beginIndex, None))
        g.remove((evidence, KG.endIndex, None))

    found = sorted(str(v).split(": ", 1)[1] for v in validate_graph(broken(seed_graph, drop_offsets)))
    assert found == ["kg:beginIndex: needs one begin offset", "kg:endIndex: needs one end offset"]


def test_cli_reports_each_violation_and_exits_1(seed_graph, tmp_path):
    def bad_polarity(g):
        stance = sorted(g.subjects(RDF.type, KG.Stance))[0]
        g.set((stance, KG.polarity, URIRef("https://kg.example.org/id/nonsense")))

    path = tmp_path / "bad.ttl"
    broken(seed_graph, bad_polarity).serialize(path, format="turtle")
    done = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "-g", str(path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "kg:polarity" in done.stdout and "Traceback" not in done.stderr
    ok = subprocess.run([sys.executable, "-m", "kg.cli", "validate", "-g", str(path.parent / "missing.ttl")],
                        capture_output=True, text=True)
    assert ok.returncode == 1 and "Graph file not found" in ok.stderr
