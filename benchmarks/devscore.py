"""Score extraction against the development gold in one process (the model loads once).

    python benchmarks/devscore.py [GOLD.json ...] [--only QUESTION] [--verbose]

Without files it scores ../shared/eval/gold/*.json; `benchmarks/gold/*.json` holds the project's
own annotations of further articles (see the note there).

Same pairing and figures as ../shared/eval/score.py (whose functions it imports), but the
articles are built in memory and asked through rdflib instead of through the CLI, so a whole
run takes seconds instead of a minute. Confirm final figures with score.py itself.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent.parent / "shared" / "eval"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--only", action="append", default=[], help="score only this question (repeatable)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    score = load_scorer()
    golds = args.gold or sorted((EVAL / "gold").glob("*.json"))
    sys.path.insert(0, str(HERE))
    from held_articles import materialise

    materialise()

    from kg.build import extract_articles, read_articles
    from kg.graph.rdf import facts_to_graph
    from kg.sparql.query import catalogue, rows, run_query

    questions = catalogue()
    results = []
    for path in golds:
        data = json.loads(path.read_text())
        gold = score.Gold(data)
        article = (path.parent / gold.article).resolve()
        reads, _, _ = read_articles([article], data.get("published"), strict=True)
        extraction = next(iter(extract_articles([r.article for r in reads])))
        if isinstance(extraction, str):
            print(f"{path.name}: extraction failed: {extraction}")
            continue
        graph = facts_to_graph([extraction])
        result = {"gold": path.name, "questions": {}}
        for name in score.QUESTIONS:
            if name not in gold.questions or (args.only and name not in args.only):
                continue
            names, table = rows(run_query(graph, questions[name]))
            found = [dict(zip(names, row)) for row in table]
            result["questions"][name] = score.score_question(gold, name, found)
        results.append(score.summarise(result))

    per_question: dict[str, list[float]] = {}
    for result in results:
        print(f"{result['gold']:<22} macro {result['macro_f1']:.3f}  micro P {result['micro']['precision']:.2f}"
              f" R {result['micro']['recall']:.2f}  " + " ".join(
                  f"{q[:5]} {s['f1']:.2f}" for q, s in result["questions"].items()))
        for question, s in result["questions"].items():
            if s["required"]:
                per_question.setdefault(question, []).append(s["f1"])
            if args.verbose:
                for item in s["missed"]:
                    print(f"    {question} missed: {json.dumps(item, ensure_ascii=False, default=sorted)[:300]}")
                for fact in s["wrong"]:
                    print(f"    {question} wrong:  {json.dumps(fact, ensure_ascii=False, default=sorted)[:300]}")
    print("per question: " + "  ".join(f"{q} {sum(v) / len(v):.3f}" for q, v in per_question.items()))
    if results:
        print(f"mean macro F1 {sum(r['macro_f1'] for r in results) / len(results):.3f} over {len(results)};"
              f" lowest micro P {min(r['micro']['precision'] for r in results):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
