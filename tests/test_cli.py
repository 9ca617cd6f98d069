"""The command line as a user runs it: summaries, errors as one line, light commands."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def kg(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.model
def test_build_twice_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    done = kg("build", "seeds", "-o", str(first))
    assert done.returncode == 0, done.stderr
    for word in ("articles  1", "entities", "facts", "triples", "graph.ttl", "graph.html", "seconds"):
        assert word in done.stdout
    kg("build", "seeds", "-o", str(second))
    assert (first / "graph.ttl").read_bytes() == (second / "graph.ttl").read_bytes()
    assert (first / "graph.html").read_bytes() == (second / "graph.html").read_bytes()


@pytest.mark.parametrize("args, message", [
    (["query", "leader", "-g", "seeds/none.ttl"], "Unknown question 'leader'. Known: agreements, connections, entities"),
    (["query", "entities", "-g", "missing/graph.ttl"], "Graph file not found"),
    (["query", "SELECT ?x WHERE {{ ?x ?y }}", "-g", "{graph}"], "Malformed SPARQL"),
    (["query", "nothing.rq", "-g", "{graph}"], "Query file not found"),
    (["build", "no/such/article.txt", "-o", "{tmp}"], "Input not found: no/such/article.txt"),
    (["build", "seeds", "-o", "{tmp}", "--published", "yesterday"], "ISO date"),
    (["query", "entities", "-g", "{bad}"], "is not valid RDF"),
])
def test_errors_are_one_line_and_exit_1(tmp_path, seed_dir, args, message):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <")
    args = [a.format(graph=seed_dir / "graph.ttl", tmp=tmp_path / "out", bad=bad) for a in args]
    done = kg(*args)
    assert done.returncode == 1
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_failed_build_leaves_the_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous")
    assert kg("build", "missing.txt", "-o", str(out)).returncode == 1
    assert (out / "graph.ttl").read_text() == "previous"


def test_query_formats(seed_dir):
    graph = str(seed_dir / "graph.ttl")
    table = kg("query", "visits", "-g", graph).stdout
    assert table.splitlines()[0].split() == ["person", "place", "date"] and "rows)" in table
    csv_out = kg("query", "visits", "-g", graph, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "person,place,date"
    data = json.loads(kg("query", "visits", "-g", graph, "--format", "json").stdout)
    assert {b["place"]["value"] for b in data["results"]["bindings"]} >= {"Berlin", "Paris", "Dublin"}
    inline = kg("query", "PREFIX kg: <https://kg.example.org/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Meeting }", "-g", graph)
    assert inline.stdout.splitlines()[2].strip() == "1"


def test_queries_lists_the_catalogue():
    out = kg("queries").stdout
    for name in ("entities", "roles", "meetings", "visits", "agreements", "quotes", "stances"):
        assert any(line.startswith(name + " ") for line in out.splitlines())


@pytest.mark.parametrize("command", [["query", "entities"], ["draw", "-o", "{tmp}/g.html"], ["export", "--format", "nt"]])
def test_light_commands_never_import_spacy(seed_dir, tmp_path, command):
    args = [a.format(tmp=tmp_path) for a in command] + ["-g", str(seed_dir / "graph.ttl")]
    code = ("import sys; from kg.cli import main\n"
            "try:\n    main(%r)\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('spacy' in sys.modules)" % (args,))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


def test_export_formats_parse_back_to_the_same_graph(seed_dir, seed_graph, tmp_path):
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")):
        out = tmp_path / f"g.{fmt}"
        done = kg("export", "-g", str(seed_dir / "graph.ttl"), "--format", fmt, "-o", str(out))
        assert done.returncode == 0, done.stderr
        dataset = Dataset()
        dataset.parse(out, format=parser)
        back = Graph()
        for s, p, o, _ in dataset.quads():
            back.add((s, p, o))
        assert isomorphic(back, seed_graph), fmt
