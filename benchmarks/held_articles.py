"""Write the one-article texts that benchmarks/gold/*.json are scored on, from the corpora in ../shared.

    python benchmarks/held_articles.py

Some articles of the research corpora exist only as rows of a CSV (ISOT Reuters 2017) or as JSON
records (BASIL), and `kg build` builds a file as one article. Each gold file here names its source
in a "source" field; this script writes that article as a text file (title, blank line, body) to
the path its "article" field gives, in the system's temporary folder, outside the project.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"
SHARED = GOLD.parent.parent.parent / "shared" / "corpus"


def article_text(source: dict) -> str:
    if source["corpus"] == "isot_reuters_2017":
        csv.field_size_limit(sys.maxsize)
        with open(SHARED / "isot_reuters_2017" / "True.csv", newline="", encoding="utf-8") as f:
            for n, row in enumerate(csv.DictReader(f)):
                if n == source["row"]:
                    return f"{row['title'].strip()}\n\n{row['text'].strip()}\n"
        raise SystemExit(f"no row {source['row']} in True.csv")
    if source["corpus"] == "basil":
        record = json.loads((SHARED / "basil" / "articles" / source["file"]).read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else p for p in record["body-paragraphs"]]
        return record["title"].strip() + "\n\n" + "\n\n".join(p.strip() for p in paragraphs) + "\n"
    raise SystemExit(f"unknown corpus {source['corpus']!r}")


def materialise() -> int:
    written = 0
    for path in sorted(GOLD.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "source" not in data:
            continue
        target = (path.parent / data["article"]).resolve()
        text = article_text(data["source"])
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


if __name__ == "__main__":
    print(f"{materialise()} article(s) written")
