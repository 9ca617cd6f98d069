"""kg ask: plain-English questions on the seed graph and on a graph of an article written here."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.ask import CannotAnswer, answer
from kg.errors import KgError

ARTICLE = """Norway and Finland sign fisheries agreement

OSLO, March 12 (Wire) - Norwegian Prime Minister Jonas Berg met Finnish President Mark Howard in Oslo on Tuesday, \
11 March 2025, and the two leaders signed a fisheries agreement.

"This agreement protects our coastal towns," Berg said at a joint press conference.

Howard later travelled to Bergen, where he visited the harbour.

Opposition leader Liam Howard criticised the agreement, calling it a betrayal of Norwegian fishermen.

Berg praised Finland's fishing industry.
"""


@pytest.fixture(scope="module")
def seed(seed_dir):
    return seed_dir / "graph.ttl"


@pytest.fixture(scope="module")
def article(tmp_path_factory, nlp):
    from kg.build import build

    folder = tmp_path_factory.mktemp("ask-article")
    (folder / "fisheries.txt").write_text(ARTICLE, encoding="utf-8")
    build([folder / "fisheries.txt"], folder / "out", "2025-03-12")
    return folder / "out" / "graph.ttl"


def cells(found) -> list[str]:
    return [c.replace("\u2013", "-") for row in found.rows for c in row]


def has(found, text: str) -> bool:
    return any(text.lower() in c.lower() for c in cells(found))


SEED = [  # question, what some cell holds, what no cell holds
    ("Who did Starmer meet?", "Giorgia Meloni", "Martin Hewitt"),
    ("who has meloni met", "Keir Starmer", "Martin Hewitt"),
    ("Where did Starmer and Meloni meet?", "Villa Doria Pamphilj", None),
    ("When did Keir Starmer meet Meloni?", "2024-09-16", None),
    ("Which meetings took place in Rome?", "Giorgia Meloni", None),
    ("What is Meloni's role?", "Prime Minister", "United Kingdom"),
    ("Who is the prime minister of Italy?", "Giorgia Meloni", "Keir Starmer"),
    ("Who is the British prime minister?", "Keir Starmer", "Giorgia Meloni"),
    ("Who leads the Border Security Command?", "Martin Hewitt", None),
    ("What does Martin Hewitt lead?", "Border Security Command", None),
    ("Which organisation is Martin Hewitt part of?", "Border Security Command", "Amnesty"),
    ("Where did the two leaders meet?", "Villa Doria Pamphilj", None),
    ("When did Starmer and Meloni hold talks?", "2024-09-16", None),
    ("Who attended the meeting?", "Giorgia Meloni", "Martin Hewitt"),
    ("Which countries signed the Italy-Albania agreement?", "Albania", "Tunisia"),
    ("Who works for Amnesty International?", "Steve Valdez-Symonds", None),  # the UK branch, by the body's name
    ("Which organisation does Steve Valdez-Symonds work for?", "Amnesty International UK", None),
    ("Who works for Amnesty International UK?", "Steve Valdez-Symonds", None),
    ("Where has Starmer travelled?", "Berlin", None),
    ("Who visited Berlin?", "Keir Starmer", None),
    ("Which agreements is Albania party to?", "Italy-Albania agreement", "Tunisia"),
    ("What deal did the EU strike with Tunisia?", "European Union-Tunisia agreement", "Albania"),
    ("When was the EU-Tunisia deal agreed?", "2023", None),
    ("Is the Italy-Albania agreement operational yet?", "not yet operational", None),
    ("Which agreements were agreed in 2023?", "European Union-Tunisia agreement", "Albania"),
    ("What did Meloni say?", "follow the money", "gimmick"),
    ("Starmer's quotes", "gimmick", None),
    ("What did the Italian prime minister say?", "follow the money", "gimmick"),
    ("Who criticised Starmer?", "human rights groups", "Italian opposition parties"),
    ("What did Starmer praise?", "Meloni's work upstream", "Rwanda"),
    ("Who condemned the Rwanda plan?", "Keir Starmer", "Albania"),
    ("Who denounced the Albania plan?", "Italian opposition parties", None),
    ("What does Starmer think of the Rwanda policy?", "negative", "positive"),
    ("What was said about Rwanda?", "Keir Starmer", None),
    ("How is Meloni connected to Albania?", "Italy-Albania agreement", None),
    ("Tell me about Giorgia Meloni", "Prime Minister", None),
    ("Who is Martin Hewitt?", "Border Security Command", None),
    ("What happened on 16 September 2024?", "Giorgia Meloni", "European Union"),
    ("What happened in 2023?", "European Union-Tunisia agreement", "2024-09-16"),
    ("Show me the timeline", "2024-09-16", None),
    ("Where does the article say that Starmer met Meloni?", "joint press conference", None),
    ("Which people are mentioned?", "Steve Valdez-Symonds", "Tunisia"),
    ("Which countries does the article name?", "Rwanda", "Keir Starmer"),
    ("list the organisations", "European Union", "Giorgia Meloni"),
    ("Which groups criticised Starmer?", "human rights groups", None),
]


@pytest.mark.parametrize("question, wanted, unwanted", SEED, ids=[q for q, _, _ in SEED])
def test_seed_questions(seed, question, wanted, unwanted):
    found = answer(question, seed)
    assert has(found, wanted), (found.understood, found.rows)
    assert unwanted is None or not has(found, unwanted), (found.understood, found.rows)
    assert found.sparql and found.understood


@pytest.mark.parametrize("question, count", [("How many countries are mentioned?", "5"),
                                             ("How many meetings did Starmer have?", "1")])
def test_counts(seed, question, count):
    found = answer(question, seed)
    assert found.columns == ["count"] and found.rows == [[count]]


REFUSED = [  # question, words of the one-line reason
    ("What is the population of Italy?", "population"),
    ("Who won the 2024 UK election?", "election"),
    ("Did Meloni visit London?", "London"),
    ("Where did Meloni go?", "no visits of Giorgia Meloni"),
    ("Which agreements is Giorgia Meloni party to?", "no agreements of Giorgia Meloni"),
    ("Who heads Amnesty International UK?", "Amnesty International UK"),
    ("Which countries did Starmer visit?", "countries only"),
    ("When did Starmer visit Berlin?", "no date"),
    ("Who met Meloni in Paris?", "no meetings of Giorgia Meloni at Paris"),
    ("What did the president of Italy say?", "no president of Italy"),
    ("Who did Boris Johnson meet?", "Boris Johnson"),
    ("Blorp the frobnicator?", "Blorp"),
    ("???", "a question in words"),
    ("", "a question in words"),
]


@pytest.mark.parametrize("question, reason", REFUSED, ids=[q or "empty" for q, _ in REFUSED])
def test_refusals(seed, question, reason):
    with pytest.raises(CannotAnswer) as caught:
        answer(question, seed)
    assert isinstance(caught.value, KgError)
    assert reason.lower() in str(caught.value).lower() and "\n" not in str(caught.value)


ARTICLE_QUESTIONS = [
    ("Who did Jonas Berg meet?", "Mark Howard"),
    ("Where did Berg and Mark Howard meet?", "Oslo"),
    ("Where did Mark Howard travel?", "Bergen"),
    ("Who is the Norwegian prime minister?", "Jonas Berg"),
    ("Who leads Finland?", "Mark Howard"),
    ("Which agreements is Finland party to?", "signed"),
    ("What did the Norwegian prime minister say?", "coastal towns"),
    ("Who criticised the agreement?", "Liam Howard"),
    ("What did Berg praise?", "fishing industry"),
    ("What happened on 11 March 2025?", "Jonas Berg"),
    ("Tell me about Liam Howard", "leader"),
]


@pytest.mark.parametrize("question, wanted", ARTICLE_QUESTIONS, ids=[q for q, _ in ARTICLE_QUESTIONS])
def test_article_questions(article, question, wanted):
    found = answer(question, article)
    assert has(found, wanted), (found.understood, found.rows)


def test_an_ambiguous_surname_lists_the_candidates(article):
    with pytest.raises(CannotAnswer) as caught:
        answer("Who is Howard?", article)
    assert set(caught.value.candidates) == {"Liam Howard", "Mark Howard"}
    assert "Liam Howard" in str(caught.value) and "Mark Howard" in str(caught.value)


HOSTILE = ['Who met "} DROP ALL; <script>alert(1)</script>?',
           "Who did Starmer meet? } INSERT DATA { <a> <b> <c> }",
           "What did Meloni say about \"Starmer\" } ; DELETE WHERE { ?s ?p ?o } #"]


@pytest.mark.parametrize("question", HOSTILE)
def test_a_hostile_question_stays_data(seed, question):
    with pytest.raises(CannotAnswer) as caught:
        answer(question, seed)
    assert "\n" not in str(caught.value)
    assert answer("Who did Starmer meet?", seed).rows  # the graph is as it was


def test_entity_text_enters_sparql_only_as_iris_or_escaped_literals():
    import pyoxigraph as ox

    from kg.ask import Plan, sparql_of
    from kg.ask.names import Entity
    from kg.sparql.query import Question, check_safe

    evil = 'x" } } DROP ALL ; INSERT DATA { <a> <b> "c'
    plan = Plan("meetings", {"person": Entity("https://kg.example.org/id/person/x", evil, "Person", "person")},
                asks="participant", exclude={"participant": [evil]})
    text = sparql_of(plan)
    check_safe(Question("ask", "", text))
    assert evil not in text and "DROP ALL ; INSERT" in text  # there, but inside an escaped string
    assert list(ox.Store().query(text)) == []


def test_answer_takes_an_open_store(seed):
    from kg.ask import answer_store
    from kg.sparql.store import open_store

    assert answer_store("Who visited Berlin?", open_store(seed)).rows


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_cli_formats(seed):
    run = kg("ask", "Who did Starmer meet?", "-g", str(seed), "--format", "json")
    data = json.loads(run.stdout)
    assert set(data) == {"question", "understood", "sparql", "columns", "rows"} and "SELECT" in data["sparql"]
    run = kg("ask", "Who did Starmer meet?", "-g", str(seed), "--format", "csv", "--show-sparql")
    assert run.returncode == 0 and run.stdout.startswith("meeting,participant") and "SELECT" in run.stderr
    run = kg("ask", "Who did Starmer meet?", "-g", str(seed))
    assert run.stdout.startswith("# meetings of Keir Starmer") and "Giorgia Meloni" in run.stdout


def test_cli_refusal_is_one_line(seed):
    run = kg("ask", 'Who met "} DROP ALL; <script>?', "-g", str(seed), "--format", "csv")
    assert run.returncode == 1 and run.stdout == "" and len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_every_kind_of_question_has_its_catalogue_question():
    from kg.ask.read import phrases, vocabulary
    from kg.sparql.query import catalogue

    kinds = vocabulary()["kinds"]
    assert set(vocabulary()["order"]) == set(kinds)
    assert all(spec["query"] in catalogue() for spec in kinds.values())
    assert ("criticise",) in phrases() and ("meet",) in phrases()


def _catalogue_rows(store, name: str) -> list[dict]:
    from kg.sparql.query import bind, catalogue

    result = store.query(bind(catalogue()[name], {}).text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in result]


def test_questions_made_from_the_facts_of_development_graphs(dev_graphs):
    """On real articles' graphs (../shared, when present): a question of each kind, made from a fact the
    graph holds, is answered with that fact; none fails with anything but a one-line refusal."""
    from kg.sparql.store import open_store

    graphs = [path for name, path in dev_graphs.items() if path]
    if not graphs:
        pytest.skip("the development articles are in ../shared, which is not here")
    asked, answered, missed = 0, 0, []
    for path in graphs:
        store = open_store(path)
        questions = []
        meetings: dict = {}
        for row in _catalogue_rows(store, "meetings"):
            meetings.setdefault(row["meeting"], []).append(row["participant"])
        questions += [(f"Who did {people[0]} meet?", people[1]) for people in meetings.values() if len(people) > 1]
        questions += [(f"What is {r['person']}'s role?", r["role"]) for r in _catalogue_rows(store, "roles") if r["role"]]
        for r in _catalogue_rows(store, "visits"):
            questions += [(f"Where did {r['person']} go?", r["place"]), (f"Who visited {r['place']}?", r["person"])]
        questions += [(f"What did {r['speaker']} say?", r["quote"][:30]) for r in _catalogue_rows(store, "quotes")]
        for r in _catalogue_rows(store, "stances"):
            if len(r["target"].split()) <= 3:  # a name, not a topic's whole phrase
                verb = "criticised" if r["polarity"] == "negative" else "praised"
                questions.append((f"Who {verb} {r['target']}?", r["source"]))
        questions += [(f"Which agreements is {r['party']} party to?", r["agreement"])
                      for r in _catalogue_rows(store, "agreements")]
        for question, wanted in dict(questions).items():
            asked += 1
            try:
                found = answer(question, path)
            except CannotAnswer as error:
                assert "\n" not in str(error)
                missed.append((question, str(error)))
                continue
            if any(wanted.lower() in c.lower() for c in cells(found)):
                answered += 1
            else:
                missed.append((question, found.understood))
    assert asked >= 30
    assert answered >= 0.9 * asked, missed
