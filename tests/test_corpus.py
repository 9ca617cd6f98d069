"""Many articles into one graph: records from .jsonl and .csv, a named graph per article in graph.trig."""
import csv
import json

import pytest
from rdflib import RDF, Dataset, Graph, URIRef

from kg.inputs.articles import Columns, read_records
from kg.errors import InputError

ONE = "ROME (Reuters) - Keir Starmer met Giorgia Meloni in Rome on Monday."
TWO = "PARIS (Reuters) - Emmanuel Macron met Olaf Scholz in Paris on Tuesday."


def test_jsonl_records_with_dates_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "Talks", "text": ONE, "date": "2024-09-16", "url": "https://example.org/a"}) + "\n"
                    + "not json\n\n" + json.dumps({"title": "Empty", "text": ""}) + "\n")
    items = list(read_records(path))
    assert isinstance(items[1], InputError) and "feed.jsonl:2 is not a JSON object" in str(items[1])
    assert isinstance(items[2], InputError) and "has no text" in str(items[2])
    article = items[0].article
    assert (article.title, article.published, article.source) == ("Talks", "2024-09-16", "https://example.org/a")


def test_csv_records_with_other_column_names(tmp_path):
    path = tmp_path / "feed.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["headline", "body", "when"])
        writer.writerow(["Talks", ONE, "September 16, 2024 "])
    items = list(read_records(path, Columns(text="body", title="headline", date="when")))
    assert [(r.article.title, r.article.published, r.article.source) for r in items] == [("Talks", "2024-09-16", "feed.csv:2")]
    with pytest.raises(InputError, match="has no 'text' column"):
        list(read_records(path))


@pytest.mark.model
def test_one_graph_with_a_named_graph_per_article(tmp_path):
    from kg.build import build

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"title": t, "text": x, "date": d}) + "\n"
                            for t, x, d in (("Rome talks", ONE, "2024-09-16"), ("Paris talks", TWO, "2024-09-17"))))
    summary = build([feed], tmp_path / "out")
    assert summary.articles == 2
    union = Graph().parse(tmp_path / "out" / "graph.ttl")
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    graphs = {str(g.identifier): g for g in ds.graphs() if len(g)}
    assert len(graphs) == 2 and all("/article/" in name for name in graphs)  # each article's own graph, nothing else
    from kg.graph.validate import validate_graph

    for name, g in graphs.items():
        assert validate_graph(g) == [], name  # an article's graph stands alone: its entities are described in it
        owned = Graph()
        for s, p, o in union:
            if str(s).startswith(name):
                owned.add((s, p, o))
        assert len(owned) > 50 and all(t in g for t in owned)  # the article's nodes, as the merged graph has them
    # an entity both articles name is one node, the same IRI in both graphs and in the merged graph
    first, second = ({s for s in g.subjects(RDF.type, None) if "/article/" not in str(s)} for g in graphs.values())
    both = {s for s in first & second if (s, RDF.type, None) in union and "/id/" in str(s)}
    assert both and all(s in set(union.subjects()) for s in both)  # Reuters, the publisher of both
    # each meeting lives in its own article's graph
    meetings = {str(g.identifier): len(list(g.subjects(None, URIRef("https://kg.example.org/ontology#Meeting"))))
                for g in ds.graphs() if "/article/" in str(g.identifier)}
    assert sorted(meetings.values()) == [1, 1]


@pytest.mark.model
def test_incremental_rebuild_parses_only_what_changed(tmp_path):
    from kg.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {"a.txt": "Rome talks\n\n" + ONE, "b.txt": "Paris talks\n\n" + TWO,
             "c.txt": "Berlin talks\n\nBERLIN (Reuters) - Olaf Scholz met Keir Starmer in Berlin on Friday."}
    for name, text in texts.items():
        (folder / name).write_text(text)
    out = tmp_path / "out"
    first = build([folder], out)
    assert (first.articles, first.parsed) == (3, 3)
    again = build([folder], out)
    assert (again.articles, again.parsed) == (3, 0)
    (folder / "b.txt").write_text("Paris talks\n\n" + TWO.replace("Tuesday", "Wednesday"))
    changed = build([folder], out)
    assert (changed.articles, changed.parsed) == (3, 1)
    (folder / "c.txt").unlink()
    removed = build([folder], out)
    assert (removed.articles, removed.parsed) == (2, 0)
    graph = (out / "graph.ttl").read_text()
    assert "Berlin talks" not in graph and "Olaf Scholz" in graph  # Scholz is still in the Paris article
    assert len(list((out / ".kg-cache").glob("*.json"))) == 2
    fresh = build([folder], tmp_path / "fresh")
    assert fresh.parsed == 2
    assert (tmp_path / "fresh" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


SHARD_TEXTS = {
    "rome.txt": "Rome talks\n\n" + ONE + " Meloni praised Starmer's plan.",
    "paris.txt": "Paris talks\n\n" + TWO,
    "berlin.txt": "Berlin talks\n\nBERLIN (Reuters) - Olaf Scholz met Keir Starmer in Berlin on Friday. Scholz said "
                  "\"we agree on Ukraine\".",
    "madrid.txt": "Madrid visit\n\nMADRID (Reuters) - Emmanuel Macron visited Madrid on Wednesday, where Pedro Sanchez, "
                  "Spain's prime minister, welcomed him.",
    "tunis.txt": "Tunis deal\n\nTUNIS (Reuters) - Tunisia and the European Union signed an agreement on migration. "
                 "Amnesty International criticised the deal.",
}


@pytest.mark.model
def test_four_shards_concatenated_are_one_build(tmp_path):
    from kg.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in SHARD_TEXTS.items():
        (folder / name).write_text(text)
    whole = build([folder], tmp_path / "one", nquads=True)
    assert whole.articles == 5 and (tmp_path / "one" / "graph.nq").is_file()
    shards = [build([folder], tmp_path / f"shard{i}", shard=(i, 4)) for i in range(1, 5)]
    assert sum(s.articles for s in shards) == 5 and sum(s.triples for s in shards) == len(
        (tmp_path / "one" / "graph.nq").read_text().splitlines()) and all(s.files == (tmp_path / f"shard{i}" / "graph.nq",)
                                                         for i, s in enumerate(shards, 1))
    assert not (tmp_path / "shard1" / "graph.ttl").exists()  # a shard writes its N-Quads only
    assert sum(1 for s in shards if s.articles) >= 2  # the slices really split the articles
    merged = "".join((tmp_path / f"shard{i}" / "graph.nq").read_text() for i in range(1, 5))
    one = (tmp_path / "one" / "graph.nq").read_text()
    assert sorted(merged.splitlines()) == sorted(one.splitlines())  # the same quads, each once
    ds = Dataset()
    ds.parse(data=merged, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert len(names) == 5 and all("/article/" in n for n in names)
    # the merged file loads into a SPARQL store and answers the standard questions
    from kg.sparql.query import resolve_question, run_store_query
    from kg.sparql.store import open_store

    (tmp_path / "merged.nq").write_text(merged)
    store = open_store(tmp_path / "merged.nq")
    answer = run_store_query(store, resolve_question("meetings"))
    assert len(list(answer.rows)) >= 3
    # the articles' graphs are read as one graph: a triple several articles state counts once
    typed = {(s, o) for s, p, o, _ in ds.quads((None, RDF.type, None, None))}
    count = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")))["n"].value
    assert int(count) == len(typed) < sum(1 for _ in ds.quads((None, RDF.type, None, None)))


def test_shard_must_be_i_of_n():
    from kg.build import parse_shard

    assert parse_shard("2/4") == (2, 4)
    for bad in ("5/4", "0/4", "2", "a/b", "2/4/1"):
        with pytest.raises(InputError):
            parse_shard(bad)


@pytest.mark.model
def test_watch_rebuilds_only_what_changed(tmp_path):
    import queue
    import signal
    import subprocess
    import sys
    import threading

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text("Rome talks\n\n" + ONE)
    (folder / "b.txt").write_text("Paris talks\n\n" + TWO)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "-o", str(out), "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def summary() -> list[str]:
        got = []
        while not got or not got[-1].startswith("seconds"):
            got.append(lines.get(timeout=60).rstrip("\n"))
        return got

    try:
        assert "articles  2" in summary()
        (folder / "b.txt").write_text("Paris talks\n\n" + TWO.replace("Tuesday", "Wednesday"))
        again = summary()
        assert "articles  2 (1 unchanged, from the cache)" in again
        merged = (out / "graph.ttl").read_text()
        assert "Wednesday" in merged and "Tuesday" not in merged  # the changed article's facts replaced
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 130


def test_lines_sorted_on_disk_in_stages(tmp_path, monkeypatch):
    import random

    import kg.graph.output as output

    monkeypatch.setattr(output, "RUN", 10)     # many small runs ...
    monkeypatch.setattr(output, "FAN_IN", 3)   # ... merged three at a time
    lines = [f"<https://a/s{random.Random(i).randint(0, 99)}> <https://a/p> \"{i}\" .\n" for i in range(400)]
    sorter = output.SortedLines(tmp_path)
    for i in range(0, len(lines), 7):
        sorter.add(lines[i:i + 7])
    assert len(sorter.runs) > output.FAN_IN
    assert list(sorter) == sorted(lines) and not list(tmp_path.glob("run-*"))  # sorted, and the runs cleaned up


@pytest.mark.model
def test_an_article_whose_check_fails_is_skipped_not_fatal(tmp_path, monkeypatch):
    import kg.build as build_module

    real = build_module.check_and_store

    def flaky(text, path):
        if "Paris" in text:
            raise ValueError("a checker defect")
        return real(text, path)

    monkeypatch.setattr(build_module, "check_and_store", flaky)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rome talks\n\n" + ONE)
    (folder / "b.txt").write_text("Paris talks\n\n" + TWO)
    summary = build_module.build([folder], tmp_path / "out")
    assert summary.articles == 1 and [why for _, why in summary.skipped] == \
        ["b.txt: validation failed: ValueError: a checker defect"]
    merged = (tmp_path / "out" / "graph.ttl").read_text()
    assert "Meloni" in merged and "Macron" not in merged  # nothing of the skipped article, its entities included


@pytest.mark.model
def test_a_corpus_is_checked_beside_the_parser(tmp_path):
    """From eight articles on, each article's graph is checked in a helper process while spaCy parses."""
    from kg.build import HELPER_FROM, build

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(HELPER_FROM + 1):
        (folder / f"a{i}.txt").write_text(f"Talks {i}\n\nROME (Reuters) - Keir Starmer met Giorgia Meloni in Rome "
                                          f"on Monday for talk number {i}.")
    summary = build([folder], tmp_path / "out", nquads=True)
    assert (summary.articles, summary.parsed, summary.skipped, summary.violations) == (HELPER_FROM + 1, HELPER_FROM + 1, (), ())
    assert len(list((tmp_path / "out" / ".kg-cache").glob("*.json"))) == HELPER_FROM + 1
    again = build([folder], tmp_path / "out")  # no --nquads: the earlier graph.nq is gone
    assert again.parsed == 0 and not (tmp_path / "out" / "graph.nq").exists()


def test_the_cache_key_covers_the_files_extraction_depends_on():
    """Every file or folder the cache key hashes exists, and the extraction rules are among them:
    a cached extraction is never reused after the rules changed."""
    from importlib import resources

    from kg.build import CACHED_FROM

    root = resources.files("kg")
    missing = [name for name in CACHED_FROM if not root.joinpath(*name.split("/")).is_file()
               and not root.joinpath(*name.split("/")).is_dir()]
    assert missing == []
    assert {"extract", "data", "graph/resolve.py", "graph/rdf.py"} <= set(CACHED_FROM)
