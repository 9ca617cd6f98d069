"""The SPARQL layer: both engines agree, parameters are data, unsafe queries are refused."""
import io
import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.graph.io import load_graph
from kg.sparql.query import bind, catalogue, resolve_question, rows, run_query, run_store_query, write_answer
from kg.sparql.store import open_store

PARAMS = {"evidence": {"about": "Italy"}, "connections": {"a": "Italy", "b": "Albania"},
          "said-about": {"entity": "Italy"}, "profile": {"entity": "Italy"}}
DEV_PARAMS = {"dev-01": "Sudan", "dev-03": "Greece", "dev-07": "India", "seed": "Italy"}


def answer_set(answer):
    """Rows as a sorted list; a GROUP_CONCAT list (timeline's `who`) is compared as a set, since SPARQL
    leaves the order inside a concatenation to the engine."""
    names, table = rows(answer)
    if "who" in names:
        i = names.index("who")
        table = [row[:i] + [", ".join(sorted(row[i].split(", ")))] + row[i + 1:] for row in table]
    return names, sorted(map(tuple, table))


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(catalogue()))
def test_both_engines_give_identical_answers(name, seed_dir, dev_graphs):
    paths = {"seed": seed_dir / "graph.ttl"} | {k: v for k, v in dev_graphs.items() if v}
    for graph_name, path in paths.items():
        q = catalogue()[name]
        params = {k: DEV_PARAMS[graph_name] if v in ("Italy",) else v for k, v in PARAMS.get(name, {}).items()}
        if name == "connections":
            params = {"a": DEV_PARAMS[graph_name], "b": "United States" if graph_name != "seed" else "Albania"}
        slow = answer_set(run_query(load_graph(path), q, params))
        fast = answer_set(run_store_query(open_store(path), q, params))
        assert slow == fast, (name, graph_name)


def seed_rows(seed_dir, name, **params):
    names, table = rows(run_store_query(open_store(seed_dir / "graph.ttl"), resolve_question(name), params))
    return [dict(zip(names, row)) for row in table]


def test_a_parameter_narrows_a_standard_question(seed_dir):
    assert {r["participant"] for r in seed_rows(seed_dir, "meetings", person="meloni")} == {"Giorgia Meloni", "Keir Starmer"}
    assert seed_rows(seed_dir, "meetings", person="Martin Hewitt") == []
    assert {r["person"] for r in seed_rows(seed_dir, "roles", person="Starmer")} == {"Keir Starmer"}
    iri = "https://kg.example.org/id/person/keir-starmer"
    assert len(seed_rows(seed_dir, "visits", person=iri)) == 5


def test_parameter_values_are_data_not_sparql(seed_dir):
    hostile = '" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o #'
    assert seed_rows(seed_dir, "meetings", person=hostile) == []
    text = bind(catalogue()["meetings"], {"person": hostile}).text
    assert '\\" } }' in text  # the quote is escaped inside a string literal


def test_missing_and_unknown_parameters():
    with pytest.raises(QueryError, match="needs --param entity=VALUE"):
        bind(catalogue()["profile"], {})
    with pytest.raises(QueryError, match="Unknown parameter 'who' for 'meetings'. Known: person"):
        bind(catalogue()["meetings"], {"who": "x"})


@pytest.mark.parametrize("text, message", [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "is an update"),
    ("LOAD <http://example.org/data.ttl>", "is an update"),
    ("CLEAR ALL", "is an update"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "uses SERVICE"),
])
def test_unsafe_queries_are_refused(seed_graph, text, message):
    with pytest.raises(QueryError, match=message):
        run_query(seed_graph, resolve_question(text))


def test_a_keyword_inside_a_string_is_not_an_update(seed_graph):
    q = resolve_question('SELECT ?x WHERE { BIND("INSERT DATA { SERVICE }" AS ?x) }')
    assert rows(run_query(seed_graph, q))[1] == [["INSERT DATA { SERVICE }"]]


def test_malformed_sparql_names_line_and_column(seed_dir):
    with pytest.raises(QueryError, match=r"Malformed SPARQL in 'query': error at 2:"):
        run_store_query(open_store(seed_dir / "graph.ttl"), resolve_question("SELECT * WHERE {\n ?x ?y }"))


def test_timeline_is_in_date_order(seed_dir):
    table = seed_rows(seed_dir, "timeline")
    assert [r["date"] for r in table] == ["2023", "2024-09-16", "2024-09-16"]
    assert table[0]["what"] == "European Union\u2013Tunisia agreement"
    assert any("Keir Starmer" in r["who"] and "Giorgia Meloni" in r["who"] for r in table[1:])


def test_evidence_gives_the_sentences_and_the_article(seed_dir):
    table = seed_rows(seed_dir, "evidence", about="Martin Hewitt")
    assert [r["sentence"][:30] for r in table] == ["Earlier he visited the Nationa"]
    assert table[0]["article"].startswith("Italian Prime Minister Giorgia Meloni")
    assert int(table[0]["end"]) > int(table[0]["begin"])


def test_connections_direct_and_through_one_entity(seed_dir):
    direct = seed_rows(seed_dir, "connections", a="Meloni", b="Starmer")
    assert {r["hops"] for r in direct} == {"1"}
    assert "meeting of Giorgia Meloni and Keir Starmer, 2024-09-16" in {r["via"] for r in direct}
    through = seed_rows(seed_dir, "connections", a="Giorgia Meloni", b="Albania")
    assert {(r["hops"], r["through"]) for r in through} == {("2", "Italy")}


def test_said_about_and_profile(seed_dir):
    said = seed_rows(seed_dir, "said-about", entity="Keir Starmer")
    # Starmer's own stance counts too: he "defended his consultations with Meloni"
    assert {(r["source"], r["kind"]) for r in said} == {("Giorgia Meloni", "quote"), ("human rights groups", "stance"),
                                                        ("Keir Starmer", "stance")}
    profile = seed_rows(seed_dir, "profile", entity="Martin Hewitt")
    assert [(r["aspect"], r["detail"]) for r in profile] == [("role", "head of Border Security Command")]


def test_cli_params_and_csv_stream(seed_dir):
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", "meetings", "-g", str(seed_dir / "graph.ttl"),
                           "--param", "person=Giorgia Meloni", "--format", "csv"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.splitlines()[0].startswith("meeting,participant,place,date")
    missing = subprocess.run([sys.executable, "-m", "kg.cli", "query", "profile", "-g", str(seed_dir / "graph.ttl")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "needs --param entity=VALUE" in missing.stderr


def test_the_store_is_rebuilt_when_the_graph_changes(seed_dir, tmp_path):
    import shutil

    graph = tmp_path / "graph.ttl"
    shutil.copy(seed_dir / "graph.ttl", graph)
    count = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    first = rows(run_store_query(open_store(graph), resolve_question(count)))[1]
    graph.write_text(graph.read_text() + "\n<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    second = rows(run_store_query(open_store(graph), resolve_question(count)))[1]
    assert int(second[0][0]) == int(first[0][0]) + 1


def test_json_output_is_sparql_results_json(seed_dir):
    import json

    buffer = io.StringIO()
    write_answer(run_store_query(open_store(seed_dir / "graph.ttl"), resolve_question("agreements")), "json", buffer)
    data = json.loads(buffer.getvalue())
    assert data["head"]["vars"][:4] == ["agreement", "party", "status", "date"]
    assert {b["party"]["value"] for b in data["results"]["bindings"]} == {"Italy", "Albania", "European Union", "Tunisia"}


def test_cli_time_limit_and_one_line_errors(seed_dir):
    graph = str(seed_dir / "graph.ttl")
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", slow, "-g", graph, "--timeout", "1"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stderr.strip() == "Error: Query stopped after the time limit of 1 s (--timeout)"
    bad = subprocess.run([sys.executable, "-m", "kg.cli", "query", "SELECT * WHERE {", "-g", graph], capture_output=True, text=True)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "error at 1:17" in bad.stderr


def test_escaped_keywords_are_still_refused(seed_graph):
    with pytest.raises(QueryError, match="uses SERVICE"):
        run_query(seed_graph, resolve_question("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
