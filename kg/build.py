"""The main job: articles in, graph.ttl and graph.html out."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .articles import find_inputs, read_article
from .io import write_atomic
from .model import Article, Extraction


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    skipped: tuple[tuple[str, str], ...]     # (file, why) of the inputs that could not be read
    notes: tuple[tuple[str, str], ...]       # (file, what) worth telling about the inputs read
    entities: int
    facts: int
    triples: int
    files: tuple[Path, ...]
    violations: tuple
    seconds: float


def extract_articles(articles: list[Article], model: str | None = None) -> list[Extraction]:
    """Parse and extract each article (the language model is loaded once, here)."""
    from .extract import extract_article
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    return [extract_article(doc, article) for doc, article in zip(docs, articles)]


def read_articles(inputs: list[Path], published: str | None = None, strict: bool = False):
    """The articles under inputs, and the files skipped with why; strict raises at the first bad file."""
    from .errors import InputError

    reads, skipped = [], []
    for path in find_inputs(inputs):
        try:
            reads.append(read_article(path, published))
        except InputError as error:
            if strict:
                raise
            skipped.append((str(path), str(error)))
    if not reads:
        raise InputError(f"No article could be read: {skipped[0][1]}" + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""))
    return reads, skipped


def build_graph(inputs: list[Path], published: str | None = None, model: str | None = None):
    """The rdflib Graph of the articles under inputs, and their extractions."""
    from .rdf import facts_to_graph

    reads, _ = read_articles(inputs, published, strict=True)
    extractions = extract_articles([r.article for r in reads], model)
    return facts_to_graph(extractions), extractions


def build(inputs: list[Path], out_dir: Path, published: str | None = None, model: str | None = None,
          strict: bool = False) -> BuildSummary:
    """Build the graph of the inputs and write out_dir/graph.ttl and out_dir/graph.html; unreadable
    inputs are skipped and listed (strict: the first one stops the build)."""
    from .draw import graph_page
    from .rdf import serialize_turtle
    from .store import build_store
    from .validate import validate_graph

    from .rdf import facts_to_graph

    started = time.perf_counter()
    reads, skipped = read_articles(inputs, published, strict)
    extractions = extract_articles([r.article for r in reads], model)
    graph = facts_to_graph(extractions)
    ttl, html = out_dir / "graph.ttl", out_dir / "graph.html"
    page = graph_page(graph)
    write_atomic(ttl, serialize_turtle(graph))
    write_atomic(html, page.encode("utf-8"))
    build_store(ttl)
    return BuildSummary(
        articles=len(extractions),
        skipped=tuple(skipped),
        notes=tuple((r.article.source, note) for r in reads for note in r.notes),
        entities=len({e.key for x in extractions for e in x.entities}),
        facts=sum(x.fact_count for x in extractions),
        triples=len(graph),
        files=(ttl, html),
        violations=tuple(validate_graph(graph)),
        seconds=time.perf_counter() - started,
    )
