"""Corpus builds side by side with their floor: `kg build` on real corpora against spaCy's nlp.pipe
alone over the same texts with the same settings, and peak memory at 100 and 1,000 articles.

    python benchmarks/corpus.py [--shared ../shared] [--runs 3] [--processes-only]

Corpora: ../shared/corpus/bbc/politics/ (417 articles) and the first 1,000 stories of
../shared/corpus/isot_reuters_2017/True.csv. Also counts duplicate person entities on the BBC folder:
persons whose name is a shorter form of another person's name in the same graph ("Blair" beside
"Tony Blair"), and how many of those share an article with the longer form.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kg.build import read_articles
from kg.inputs.articles import Columns
from kg.extract.nlp import load_pipeline
reads, _, _ = read_articles([Path(p) for p in {inputs!r}], limit={limit!r})
texts = [r.article.text for r in reads]
nlp = load_pipeline()
started = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, n_process={processes!r}))
print(json.dumps({{"seconds": time.perf_counter() - started, "articles": len(texts), "tokens": tokens,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


PARTS = """
import json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kg.build import check, read_articles
from kg.extract import extract_article
from kg.extract.nlp import load_pipeline
from kg.model import to_json
reads, _, _ = read_articles([Path(p) for p in {inputs!r}])
articles = [r.article for r in reads]
nlp = load_pipeline()
parse = rules = checks = 0.0
docs = nlp.pipe((a.text for a in articles), batch_size=16)
for article in articles:
    started = time.perf_counter(); doc = next(docs); parsed = time.perf_counter()
    text = to_json(extract_article(doc, article)); extracted = time.perf_counter()
    check(text)
    parse += parsed - started; rules += extracted - parsed; checks += time.perf_counter() - extracted
print(json.dumps({{"articles": len(articles), "parse": parse, "rules": rules, "check": checks}}))
"""


def parts(inputs: list[str]) -> dict:
    """Seconds, in one process, of the parse, of the extraction rules (with the JSON of the cache) and of
    the validation of each article's graph (SHACL): what a worker does with each article."""
    code = PARTS.format(root=str(ROOT), inputs=inputs)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def kg_build(inputs: list[str], limit: int | None, out: Path, extra: tuple[str, ...] = ()) -> dict:
    """Time, peak memory (GNU time's maximum resident set) and the summary's counts of one kg build."""
    args = ["/usr/bin/time", "-f", "kg-peak-kb %M", sys.executable, "-m", "kg.cli", "build", *inputs, "-o", str(out), *extra]
    args += ["--limit", str(limit)] if limit else []
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 2):
        raise SystemExit(done.stderr)
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("kg-peak-kb"))
    figures = dict(line.split(None, 1) for line in done.stdout.splitlines() if line[:1].isalpha() and " " in line)
    return {"seconds": seconds, "rss_mb": peak / 1024, "articles": figures.get("articles", "?").split()[0],
            "facts": figures.get("facts", "?"), "entities": figures.get("entities", "?")}


def floor(inputs: list[str], limit: int | None, processes: int = 1) -> dict:
    code = FLOOR.format(root=str(ROOT), inputs=inputs, limit=limit, processes=processes)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


WATCHED = """
import json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kg.build import build
feed, out = Path({feed!r}), Path({out!r})
build([feed], out)  # what kg build --watch does first: the model is loaded and stays loaded
records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
records[60]["text"] += " Officials said further talks were planned."
feed.write_text("".join(json.dumps(r) + "\\n" for r in records), encoding="utf-8")
started = time.perf_counter()
summary = build([feed], out)
print(json.dumps({{"seconds": time.perf_counter() - started, "parsed": summary.parsed}}))
"""


def incremental(csv_path: Path, folder: Path) -> tuple[float, float, float]:
    """Seconds of a full build of 100 articles, of the rebuild after one of them changed (a new kg
    process), and of that rebuild in a running kg (as kg build --watch does it)."""
    sys.path.insert(0, str(ROOT))
    from kg.build import read_articles

    reads, _, _ = read_articles([csv_path], limit=100)
    records = [{"title": r.article.title, "text": r.article.text, "date": r.article.published} for r in reads]
    folder.mkdir(parents=True)
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    full = kg_build([str(feed)], None, folder / "out")["seconds"]
    records[50]["text"] += "\n\nThe minister said more talks would follow."
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    again = kg_build([str(feed)], None, folder / "out")["seconds"]
    code = WATCHED.format(root=str(ROOT), feed=str(feed), out=str(folder / "watched"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    watched = json.loads(done.stdout.strip().splitlines()[-1])
    assert watched["parsed"] == 1, watched
    return full, again, watched["seconds"]


def duplicate_persons(graph_path: Path) -> tuple[int, int]:
    """Persons whose name is a shorter form of another's; of those, how many share an article with it."""
    from kg.graph.io import load_graph
    from kg.graph.resolve import is_short_form

    g = load_graph(graph_path)
    rows = g.query("""PREFIX kg: <https://kg.example.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX schema: <https://schema.org/>
        SELECT ?p ?label ?article WHERE { ?p a kg:Person ; rdfs:label ?label ; schema:subjectOf ?article }""")
    articles: dict = {}
    labels = {}
    for p, label, article in rows:
        labels[p] = str(label)
        articles.setdefault(p, set()).add(article)
    short = [(a, b) for a in labels for b in labels if a != b and is_short_form(labels[a], labels[b])]
    same = [(a, b) for a, b in short if articles[a] & articles[b]]
    return len({a for a, _ in short}), len({a for a, _ in same})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--runs", type=int, default=3, help="runs of each side; medians are shown")
    parser.add_argument("--processes-only", action="store_true",
                        help="only the BBC politics builds by processes: one, --workers 2, --cluster local:2")
    args = parser.parse_args()
    shared = Path(args.shared)
    if args.processes_only:
        return by_processes([str(shared / "corpus/bbc/politics")], args.runs)
    corpora = [("BBC politics", [str(shared / "corpus/bbc/politics")], None),
               ("Reuters 100", [str(shared / "corpus/isot_reuters_2017/True.csv")], 100),
               ("Reuters 1,000", [str(shared / "corpus/isot_reuters_2017/True.csv")], 1000)]
    peaks: dict[str, float] = {}
    print(f"{'corpus':<14} {'articles':>8} {'tokens':>8} {'nlp.pipe':>9} {'kg build':>9} {'ratio':>6} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, inputs, limit in corpora:
            bases, runs = [], []
            for run in range(args.runs):  # the two sides alternate, so a slow spell of the machine hits both
                bases.append(floor(inputs, limit))
                out = Path(tmp) / f"{name.replace(' ', '-').replace(',', '')}-{run}"
                runs.append(kg_build(inputs, limit, out))
            base = {**bases[0], "seconds": statistics.median(b["seconds"] for b in bases)}
            ours = {"seconds": statistics.median(r["seconds"] for r in runs), "rss_mb": statistics.median(r["rss_mb"] for r in runs)}
            peaks[name] = ours["rss_mb"]
            print(f"{name:<14} {base['articles']:>8} {base['tokens']:>8} {base['seconds']:8.1f}s {ours['seconds']:8.1f}s "
                  f"{ours['seconds'] / base['seconds']:5.2f}x {ours['rss_mb']:8.0f}")
            if name == "BBC politics":
                shorter, same_article = duplicate_persons(out / "graph.ttl")
                print(f"{'':14} duplicate persons (a shorter form of another's name): {shorter}, "
                      f"of which in the same article as the longer form: {same_article}")
        full, again, watched = incremental(shared / "corpus/isot_reuters_2017/True.csv", Path(tmp) / "incremental")
        print(f"\nReuters 100, one article changed: rebuild {again:.1f}s in a new process, {watched:.1f}s in a running kg "
              f"(kg build --watch), against {full:.1f}s for the full build ({again / full:.2f} and {watched / full:.2f} of it)")
    print(f"peak memory at 1,000 articles / at 100: {peaks['Reuters 1,000'] / peaks['Reuters 100']:.2f}")
    print("\nnlp.pipe: spaCy alone over the same texts, batch 16, in a fresh process (model load excluded). kg build: "
          "the whole process (reading, parsing, extraction, RDF, validation, page, store). Peak memory is the kg "
          "build's maximum resident set.")


def by_processes(inputs: list[str], runs: int) -> None:
    """BBC politics built in one process, with --workers 2 and with --cluster local:2 (a Dask
    LocalCluster of two worker processes), each beside spaCy's nlp.pipe with as many processes."""
    kinds = [("one process", (), 1), ("--workers 2", ("--workers", "2"), 2), ("--cluster local:2", ("--cluster", "local:2"), 2)]
    floors: dict[int, list[float]] = {1: [], 2: []}
    times: dict[str, list[float]] = {k: [] for k, _, _ in kinds}
    articles = 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):  # the sides take turns, so a slow spell of the machine hits all of them
            for processes in floors:
                result = floor(inputs, None, processes)
                floors[processes].append(result["seconds"])
                articles = result["articles"]
            for label, extra, _ in kinds:
                out = Path(tmp) / f"{label.strip('-').replace(' ', '-').replace(':', '')}-{run}"
                times[label].append(kg_build(inputs, None, out, extra)["seconds"])
    print(f"BBC politics ({articles} articles), medians of {runs} run(s)")
    print(f"{'build':<20} {'kg build':>9} {'nlp.pipe':>9} {'ratio':>6} {'over the floor, per article':>28}")
    for label, _, processes in kinds:
        ours, base = statistics.median(times[label]), statistics.median(floors[processes])
        print(f"{label:<20} {ours:8.1f}s {base:8.1f}s {ours / base:5.2f}x {1000 * (ours - base) / articles:24.1f} ms")
    cluster, local = statistics.median(times["--cluster local:2"]), statistics.median(times["--workers 2"])
    print(f"scheduling on the cluster, over --workers 2: {1000 * (cluster - local) / articles:.1f} ms an article")
    found = parts(inputs)
    print("what each article costs in one process: " + ", ".join(
        f"{name} {1000 * found[key] / found['articles']:.1f} ms" for name, key in
        (("parse", "parse"), ("extraction rules", "rules"), ("SHACL validation", "check"))))
    print("nlp.pipe: spaCy alone over the same texts with as many processes (n_process), model load excluded; "
          "kg build: the whole process, a LocalCluster's start included. A worker parses, extracts and validates "
          "each article; the client then merges, writes the outputs and draws the page.")


if __name__ == "__main__":
    main()
