"""The cost of `kg ask`: each question as a whole process beside `kg query` giving the same answer (the
catalogue question with the parameters kg ask chose), on the seed graph and on a graph of BBC News
politics articles, with the question pipeline's load measured on its own.

    python benchmarks/ask.py [--articles 50] [--repeat 5] [--corpus ../shared/corpus/bbc/politics]

Target: kg ask at most kg query plus the model's load, times two.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc" / "politics"
SEED_QUESTIONS = ["Who did Starmer meet?", "Who criticised Starmer?", "Which agreements is Albania party to?",
                  "Who is the prime minister of Italy?"]
BBC_QUESTIONS = ["Who did Blair meet?", "Who criticised Blair?", "What did Howard say?", "Which countries are mentioned?"]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def query_args(question: str, graph: Path) -> list[str] | None:
    """The `kg query` command that answers as kg ask does (None when kg ask declines)."""
    from kg.ask import CannotAnswer, answer

    try:
        found = answer(question, graph)
    except CannotAnswer:
        return None
    return ["query", found.sparql, "-g", str(graph), "--format", "csv"]


def model_load_seconds() -> float:
    """Loading the question pipeline in a fresh process, import of spaCy included."""
    code = ("import time; t = time.perf_counter(); from kg.extract.nlp import load_tagger; load_tagger(); "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout)
            for _ in range(3)]
    return statistics.median(runs)


def bbc_graph(folder: Path, articles: int, corpus: Path) -> Path:
    files = sorted(corpus.glob("*.txt"))[:articles]
    if not files:
        sys.exit(f"no articles in {corpus}")
    for f in files:
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f.name).write_bytes(f.read_bytes())
    built = kg("build", str(folder / "in"), "-o", str(folder / "out"))
    if built.returncode not in (0, 2):
        sys.exit(built.stderr)
    return folder / "out" / "graph.ttl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    load = model_load_seconds()
    print(f"question pipeline load (import spaCy + tagger, lemmatizer): {load:.2f} s\n")
    print(f"{'graph':<8} {'question':<42} {'kg ask':>8} {'kg query':>9} {'ratio':>6} {'(query+load)x2':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = Path(tmp) / "seed"
        kg("build", "-o", str(seed_dir))
        graphs = [("seed", seed_dir / "graph.ttl", SEED_QUESTIONS),
                  ("bbc", bbc_graph(Path(tmp), args.articles, args.corpus), BBC_QUESTIONS)]
        for name, graph, questions in graphs:
            for question in questions:
                q = query_args(question, graph)
                ask = median_seconds(lambda: kg("ask", question, "-g", str(graph), "--format", "csv"), args.repeat)
                if q is None:
                    print(f"{name:<8} {question:<42} {ask:>7.2f}s {'declined':>9}")
                    continue
                query = median_seconds(lambda: kg(*q), args.repeat)
                bound = 2 * (query + load)
                print(f"{name:<8} {question:<42} {ask:>7.2f}s {query:>8.2f}s {ask / query:>5.1f}x "
                      f"{bound:>14.2f}s {'ok' if ask <= bound else 'OVER'}")


if __name__ == "__main__":
    main()
