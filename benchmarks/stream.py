"""Peak memory of the kg build process on large record files: JSONL files of N records (by default
1,000 and 10,000) made from the Reuters 2017 politics stories, built with --cluster local:2 (and with
--workers 2 on request): the client's own peak resident set, overall and up to the drawing of the page.

    python benchmarks/stream.py [--shared ../shared] [--counts 1000 10000] [--workers] [--kg PATH]

The 1,008 stories of ../shared/corpus/isot_reuters_2017/True.csv are repeated to reach N; each repeat
gets " (copy K)" appended to its title, so that the copies are distinct articles (only the rows that
True.csv itself repeats are one article: 995 of each 1,000). The files are written in a temporary
folder and removed at the end. The peak is the kg process's own (getrusage of itself: the Dask
workers and spaCy's parser processes are its children and are not counted; a LocalCluster's
scheduler runs in it and is). It must not grow with N: the texts are read a chunk at a time, and
the page draws the latest 1,000 articles of a larger graph (kg.page.PAGE_ARTICLES). --kg measures
another checkout of kg (an older commit, to compare; it needs no change for this).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLIENT = """
import resource, sys
sys.argv = ["kg"] + sys.argv[1:]
import kg.page.draw as draw
from kg.cli import main
drawn = draw.graph_page

def graph_page(*args, **kwargs):  # the peak so far: reading, extraction, merge, outputs, store
    print(f"kg-peak-before-page-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
    return drawn(*args, **kwargs)

draw.graph_page = graph_page
try:
    main()
finally:
    print(f"kg-client-peak-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""


def write_records(csv_path: Path, count: int, out: Path) -> Path:
    """A JSONL file of count records: the stories of csv_path, repeated with ' (copy K)' on the title."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with out.open("w", encoding="utf-8") as handle:
        for i in range(count):
            row = rows[i % len(rows)]
            copy = i // len(rows)
            title = row["title"].strip() + (f" (copy {copy})" if copy else "")
            handle.write(json.dumps({"title": title, "text": row["text"], "date": row["date"]}) + "\n")
    return out


def kg_build(kg: Path, inputs: Path, out: Path, extra: tuple[str, ...]) -> dict:
    """Seconds, the kg process's own peak memory and the article count of one build."""
    args = [sys.executable, "-c", CLIENT, "build", str(inputs), "-o", str(out), *extra]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=kg, env={**os.environ, "PYTHONPATH": str(kg)})
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1, 2):  # 1: built, with violations of the shapes
        raise SystemExit(done.stderr)
    said = dict(line.split(None, 1) for line in done.stderr.splitlines() if line.startswith("kg-"))
    figures = dict(line.split(None, 1) for line in done.stdout.splitlines() if line[:1].isalpha() and " " in line)
    return {"seconds": seconds, "peak_mb": int(said["kg-client-peak-kb"]) / 1024,
            "before_page_mb": int(said.get("kg-peak-before-page-kb", 0)) / 1024,
            "articles": figures.get("articles", "?").split()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000], help="records in each file")
    parser.add_argument("--workers", action="store_true", help="also build with --workers 2 (no cluster)")
    parser.add_argument("--kg", default=str(ROOT), help="the kg checkout to measure (default: this one)")
    args = parser.parse_args()
    source = Path(args.shared) / "corpus/isot_reuters_2017/True.csv"
    kinds = [("--cluster local:2", ("--cluster", "local:2"))] + ([("--workers 2", ("--workers", "2"))] if args.workers else [])
    peaks: dict[tuple[str, int], tuple[float, float]] = {}
    print(f"{'build':<18} {'records':>8} {'articles':>8} {'seconds':>8} {'client peak MB':>15} {'before the page':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            records = write_records(source, count, Path(tmp) / f"reuters-{count}.jsonl")
            for label, extra in kinds:
                out = Path(tmp) / f"out-{count}-{label.strip('-').replace(' ', '-').replace(':', '')}"
                result = kg_build(Path(args.kg), records, out, extra)
                peaks[label, count] = result["peak_mb"], result["before_page_mb"]
                print(f"{label:<18} {count:>8} {result['articles']:>8} {result['seconds']:7.0f}s {result['peak_mb']:15.0f} "
                      f"{result['before_page_mb']:16.0f}", flush=True)
    low, high = min(args.counts), max(args.counts)
    if low != high:
        for label, _ in kinds:
            (top, before), (low_top, low_before) = peaks[label, high], peaks[label, low]
            print(f"{label}: client peak at {high:,} records / at {low:,}: {top / low_top:.2f} overall, "
                  f"{before / low_before:.2f} before the page" if low_before else "")
    print("\nclient peak: the maximum resident set of the kg process itself (getrusage), the Dask workers' and "
          "spaCy's parser processes not counted; before the page: the same when graph.html starts to be drawn "
          "(reading, extraction, merge, Turtle and TriG, store done). The page of a graph of more than 1,000 "
          "articles draws the latest 1,000.")


if __name__ == "__main__":
    main()
