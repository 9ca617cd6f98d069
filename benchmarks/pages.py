"""Saved web pages against their clean text: extraction scores, recovered dates, extra entities, and
the time trafilatura takes per page beside the time spaCy takes to parse the same article.

    python benchmarks/pages.py [--repeat N]

Reads the three original pages in ../shared/corpus/news/html (02, 04 and 08) and the gold answers of
the same articles in ../shared/eval/gold (dev-02, dev-04, dev-08). The pages are scored with
../shared/eval/score.py through the kg command, without --published (the date must come from the
page), beside the clean texts scored with their gold date.
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

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
PAGES = {"02": "dev-02.json", "04": "dev-04.json", "08": "dev-08.json"}


def score(golds: list[Path]) -> dict[str, dict]:
    """score.py's result for each gold file, by gold file name."""
    kg = str(Path(sys.executable).with_name("kg"))
    done = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), *map(str, golds), "--json", "--kg", kg],
                          capture_output=True, text=True, check=True)
    return {Path(item["gold"]).name: item for item in json.loads(done.stdout)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="timing runs per page (the median is shown)")
    args = parser.parse_args()

    from kg.build import build_graph
    from kg.extract.nlp import load_pipeline
    from kg.inputs.articles import read_article
    from kg.inputs.web import read_page

    with tempfile.TemporaryDirectory() as tmp:
        clean, pages = [], []
        for number, name in PAGES.items():
            data = json.loads((SHARED / "eval" / "gold" / name).read_text())
            text = (SHARED / "eval" / "gold" / data["article"]).resolve()
            clean_gold = Path(tmp) / f"clean-{name}"
            clean_gold.write_text(json.dumps({**data, "article": str(text)}))
            page = dict(data, article=str(SHARED / "corpus" / "news" / "html" / f"{number}.html"))
            page.pop("published", None)
            page_gold = Path(tmp) / f"page-{name}"
            page_gold.write_text(json.dumps(page))
            clean.append(clean_gold)
            pages.append(page_gold)
        from_text, from_page = score(clean), score(pages)

    nlp = load_pipeline()
    print(f"{'page':<6}{'micro P text':>13}{'page':>7}{'macro F1 text':>15}{'page':>7}  {'date (gold)':<24}"
          f"{'extra entities':>15}{'trafilatura ms':>16}{'spaCy ms':>10}{'ratio':>7}")
    worst_p = worst_f1 = 0.0
    for number, name in PAGES.items():
        data = json.loads((SHARED / "eval" / "gold" / name).read_text())
        html = SHARED / "corpus" / "news" / "html" / f"{number}.html"
        text = (SHARED / "eval" / "gold" / data["article"]).resolve()
        t, p = from_text[f"clean-{name}"], from_page[f"page-{name}"]
        read = read_article(html)
        graph_text, _ = build_graph([text], data.get("published"))
        graph_page, _ = build_graph([html])
        entity_types = {"Person", "Country", "City", "Place", "Organisation", "Government", "GovernmentAgency",
                        "IntergovernmentalOrganisation", "PoliticalParty", "NewsAgency", "NGO", "Group"}

        def entities(graph):
            from rdflib import RDF, RDFS
            return {str(graph.value(s, RDFS.label)) for s, o in graph.subject_objects(RDF.type)
                    if str(o).rsplit("#", 1)[-1] in entity_types}

        extra = sorted(entities(graph_page) - entities(graph_text))
        raw = html.read_bytes()
        extract_ms, parse_ms = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            read_page(raw, source=html.name)
            extract_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            nlp(read.article.text)
            parse_ms.append((time.perf_counter() - started) * 1000)
        e, s = statistics.median(extract_ms), statistics.median(parse_ms)
        date = f"{read.article.published} ({data.get('published')})"
        print(f"{number:<6}{t['micro']['precision']:>13.2f}{p['micro']['precision']:>7.2f}{t['macro_f1']:>15.3f}"
              f"{p['macro_f1']:>7.3f}  {date:<24}{len(extra):>15}{e:>16.0f}{s:>10.0f}{e / s:>7.2f}")
        for label in extra:
            print(f"      extra entity: {label}")
        worst_p = max(worst_p, t["micro"]["precision"] - p["micro"]["precision"])
        worst_f1 = max(worst_f1, t["macro_f1"] - p["macro_f1"])
    print(f"largest drop from text to page: micro precision {worst_p:.3f}, macro F1 {worst_f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
