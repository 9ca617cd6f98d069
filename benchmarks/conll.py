"""Entity layer against CoNLL-2003 gold tags: kg's mentions versus spaCy's raw NER, side by side.

    python benchmarks/conll.py [../shared/corpus/conll2003/eng.testb] [--limit N]

Entity-level precision, recall and F1 with exact span and class (PER, ORG, LOC; MISC is not scored:
neither side is asked for it). spaCy's labels map PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC. kg's
mentions map by class (Person -> PER; Country, City, Place -> LOC; every organisation class -> ORG);
demonyms ("German") are references to a country, not names, and are left out as CoNLL tags them MISC.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPACY = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KG = {"Person": "PER", "Country": "LOC", "City": "LOC", "Place": "LOC"}


def read_conll(path: Path) -> list[tuple[str, set]]:
    """Documents as (text, gold spans); sentences become paragraphs, tokens are joined by spaces."""
    docs, sentences, sentence = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + ["-DOCSTART- -X- -X- O"]:
        if line.startswith("-DOCSTART-") or not line.strip():
            if sentence:
                sentences.append(sentence)
                sentence = []
            if line.startswith("-DOCSTART-") and sentences:
                docs.append(_document(sentences))
                sentences = []
            continue
        token, *_, tag = line.split()
        sentence.append((token, tag))
    return docs


def _document(sentences) -> tuple[str, set]:
    text, spans = "", set()
    for sentence in sentences:
        if text:
            text += "\n\n"
        current = None
        for i, (token, tag) in enumerate(sentence):
            if i:
                text += " "
            start = len(text)
            text += token
            kind = tag[2:] if tag != "O" else None
            if kind and current and current[2] == kind and not tag.startswith("B-"):
                current[1] = len(text)
            else:
                if current and current[2] in ("PER", "ORG", "LOC"):
                    spans.add(tuple(current))
                current = [start, len(text), kind] if kind else None
        if current and current[2] in ("PER", "ORG", "LOC"):
            spans.add(tuple(current))
    return text, spans


def score(gold: list[set], found: list[set]) -> tuple[float, float, float]:
    hit = sum(len(g & f) for g, f in zip(gold, found))
    p = hit / max(1, sum(map(len, found)))
    r = hit / max(1, sum(map(len, gold)))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def spacy_spans(docs) -> list[set]:
    import spacy
    from kg.config import model_name

    nlp = spacy.load(model_name())
    return [{(e.start_char, e.end_char, SPACY[e.label_]) for e in doc.ents if e.label_ in SPACY}
            for doc in nlp.pipe((t for t, _ in docs), batch_size=16)]


def kg_spans(docs) -> list[set]:
    from kg.inputs.articles import make_article
    from kg.extract.context import Reader
    from kg.extract.nlp import load_pipeline

    nlp = load_pipeline()
    out = []
    articles = [make_article(text, published="1996-12-06") for text, _ in docs]
    for doc, article in zip(nlp.pipe((a.text for a in articles), batch_size=16), articles):
        reader = Reader(doc, article)
        out.append({(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text), KG.get(m.kind, "ORG"))
                    for m in reader.mentions if m.label != "NORP" and m.kind != "Group"})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(ROOT.parent / "shared/corpus/conll2003/eng.testb"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args()
    docs = read_conll(Path(args.path))
    if args.limit:
        docs = docs[: args.limit]
    gold = [spans for _, spans in docs]
    print(f"{len(docs)} documents, {sum(map(len, gold))} gold PER/ORG/LOC entities")
    rows = []
    for name, run in (("spaCy raw NER", spacy_spans), ("kg entity layer", kg_spans)):
        started = time.perf_counter()
        found = run(docs)
        rows.append((name, *score(gold, found), time.perf_counter() - started))
    print(f"{'':18} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for name, p, r, f, s in rows:
        print(f"{name:18} {p:6.3f} {r:6.3f} {f:6.3f} {s:8.1f}")
    print(f"F1 kg / spaCy: {rows[1][3] / rows[0][3]:.3f}")


if __name__ == "__main__":
    main()
