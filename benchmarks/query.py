"""Query speed at corpus scale: each standard question on a graph of about a million triples, side by
side in one run: `kg query` as a whole process, rdflib's in-memory engine, and pyoxigraph called
directly on the same store (the floor).

    python benchmarks/query.py [--triples 1000000] [--repeat 3] [--skip-rdflib]

The graph is made from real extractions (the seed and the development articles in ../shared) copied
with distinct IRIs until it reaches the size asked for.
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
sys.path.insert(0, str(ROOT))
GOLD = ROOT.parent / "shared" / "eval" / "gold"
STANDARD = ("entities", "roles", "meetings", "visits", "agreements", "quotes", "stances")


def real_extractions() -> list[str]:
    """N-Triples lines of the seed and the development articles as kg builds them."""
    from kg.build import build_graph

    inputs = [(ROOT / "seeds", None)]
    for gold in sorted(GOLD.glob("dev-*.json")):
        data = json.loads(gold.read_text())
        inputs.append(((gold.parent / data["article"]).resolve(), data.get("published")))
    lines: list[str] = []
    for path, published in inputs:
        graph, _ = build_graph([path], published)
        lines += [line for line in graph.serialize(format="nt").splitlines() if line.strip()]
    return lines


def big_graph(lines: list[str], triples: int, folder: Path) -> Path:
    """A Turtle file of about `triples` triples: copies of the real ones with distinct resource IRIs."""
    import pyoxigraph as ox

    from kg.config import resource_base

    base = resource_base()
    copies = max(1, triples // len(lines))
    nt = folder / "big.nt"
    with nt.open("w", encoding="utf-8") as out:
        for k in range(copies):
            prefix = f"{base}copy{k}/"
            out.write("\n".join(line.replace(base, prefix) for line in lines) + "\n")
    ttl = folder / "graph.ttl"
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    with ttl.open("wb") as out:
        store.dump(out, format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    return ttl


def median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-rdflib", action="store_true", help="leave out rdflib (slow at this size)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg.sparql.query import catalogue
    from kg.sparql.store import build_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        graph = big_graph(real_extractions(), args.triples, folder)
        made = time.perf_counter() - started
        started = time.perf_counter()
        db = build_store(graph)
        loaded = time.perf_counter() - started
        store = ox.Store.read_only(str(db))
        size = len(store)
        print(f"graph: {size:,} triples, {graph.stat().st_size / 1e6:.0f} MB of Turtle "
              f"(made in {made:.0f} s; store loaded in {loaded:.1f} s)")
        rdflib_graph = None
        if not args.skip_rdflib:
            from rdflib import Graph

            started = time.perf_counter()
            rdflib_graph = Graph().parse(graph, format="turtle")
            print(f"rdflib parse: {time.perf_counter() - started:.0f} s")
        kg = [sys.executable, "-m", "kg.cli", "query"]
        print(f"\n{'question':<11} {'rows':>7} {'kg query (process)':>19} {'pyoxigraph':>11} {'rdflib':>9} "
              f"{'kg/floor':>9} {'rdflib/kg':>10}")
        for name in STANDARD:
            text = catalogue()[name].text
            rows = sum(1 for _ in store.query(text))
            whole = median_seconds(lambda: subprocess.run(kg + [name, "-g", str(graph), "--format", "csv"],
                                                          stdout=subprocess.DEVNULL, check=True), args.repeat)
            floor = median_seconds(lambda: sum(1 for _ in store.query(text)), args.repeat)
            slow = median_seconds(lambda: sum(1 for _ in rdflib_graph.query(text)), 1) if rdflib_graph is not None else None
            slow_text = f"{slow:8.2f}s" if slow is not None else "      -  "
            ratio = f"{slow / whole:9.0f}x" if slow is not None else "        -"
            print(f"{name:<11} {rows:>7} {whole:18.2f}s {floor:10.3f}s {slow_text} {whole / floor:8.0f}x {ratio}")
        print("\nkg query is a whole process (Python start, imports, opening the store, writing CSV); the floor is "
              "the same query in pyoxigraph already open in this process. Medians of", args.repeat, "runs.")


if __name__ == "__main__":
    main()
