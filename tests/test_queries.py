"""The catalogue: every .rq is portable and keeps its contract; the seed answers the key facts."""
import csv
import io
import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.sparql.query import catalogue, resolve_question, rows, run_query, write_answer

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = {
    "entities": ["entity", "label", "type"],
    "roles": ["person", "role", "organisation"],
    "meetings": ["meeting", "participant", "place", "date"],
    "visits": ["person", "place", "date"],
    "agreements": ["agreement", "party", "status", "date"],
    "quotes": ["speaker", "quote"],
    "stances": ["source", "polarity", "target"],
}
FILES = sorted((ROOT / "queries").glob("*.rq"))


def test_the_seven_standard_questions_exist():
    assert set(CONTRACT) <= set(catalogue())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_query_parses_alone_with_explicit_prefixes(path):
    text = path.read_text()
    assert re.match(r"# question: \S", text)
    prepareQuery(text)  # no initNs: every prefix is declared in the file


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_on_the_seed(seed_graph, name):
    answer = run_query(seed_graph, resolve_question(name))
    assert answer.variables[: len(CONTRACT[name])] == CONTRACT[name]
    buffer = io.StringIO()
    write_answer(answer, "csv", buffer)
    table = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert table[0][: len(CONTRACT[name])] == CONTRACT[name]
    assert len(table) > 1
    assert len(table) == len({tuple(r) for r in table}), "rows repeat"


def answer(graph, name, **params):
    names, table = rows(run_query(graph, resolve_question(name), params))
    return [dict(zip(names, row)) for row in table]


def test_seed_meeting_in_rome_on_the_day(seed_graph):
    rows = answer(seed_graph, "meetings")
    meetings = {r["meeting"] for r in rows}
    assert len(meetings) == 1
    assert {r["participant"] for r in rows} == {"Keir Starmer", "Giorgia Meloni"}
    assert {r["date"] for r in rows} == {"2024-09-16"}
    assert {r["place"] for r in rows} <= {"Villa Doria Pamphilj", "Rome"}


def test_seed_agreements_and_parties(seed_graph):
    parties = {}
    for r in answer(seed_graph, "agreements"):
        parties.setdefault(r["agreement"], set()).add(r["party"])
    assert sorted(map(sorted, parties.values())) == [["Albania", "Italy"], ["European Union", "Tunisia"]]
    eu = next(r for r in answer(seed_graph, "agreements") if r["party"] == "Tunisia")
    assert eu["date"] == "2023"


def test_seed_roles_and_quotes(seed_graph):
    roles = {(r["person"], r["role"].lower(), r["organisation"]) for r in answer(seed_graph, "roles")}
    assert ("Keir Starmer", "prime minister", "United Kingdom") in roles
    assert ("Giorgia Meloni", "prime minister", "Italy") in roles
    quotes = answer(seed_graph, "quotes")
    assert any(q["speaker"] == "Steve Valdez-Symonds" and q["quote"].startswith("The last thing needed") for q in quotes)
    assert {q["speaker"] for q in quotes} == {"Keir Starmer", "Giorgia Meloni", "Steve Valdez-Symonds"}


def test_seed_entities_one_node_each(seed_graph):
    rows = answer(seed_graph, "entities")
    labels = [r["label"] for r in rows]
    assert len(labels) == len(set(labels))
    assert {"Keir Starmer", "Giorgia Meloni", "United Kingdom", "Italy", "European Union"} <= set(labels)
    assert "Britain" not in labels and "Starmer" not in labels


def test_seed_stances(seed_graph):
    rows = answer(seed_graph, "stances")
    assert any(r["source"] == "Keir Starmer" and r["polarity"] == "negative" and "Rwanda" in r["target"] for r in rows)
    assert any(r["polarity"] == "negative" and r["target"] == "Keir Starmer" for r in rows)


def test_json_is_sparql_results_json(seed_graph):
    import json

    buffer = io.StringIO()
    write_answer(run_query(seed_graph, resolve_question("visits")), "json", buffer)
    data = json.loads(buffer.getvalue())
    assert data["head"]["vars"][:3] == ["person", "place", "date"]
    assert data["results"]["bindings"][0]["person"]["type"] == "literal"
