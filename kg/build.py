"""The main job: articles in, graph.ttl and graph.html out."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from .articles import RECORDS, Columns, find_inputs, read_article, read_records
from .errors import InputError
from .io import check_writable, write_atomic
from .model import Article, Extraction


@dataclass(frozen=True)
class BuildSummary:
    articles: int
    parsed: int                              # articles parsed this time (the others came from the cache)
    skipped: tuple[tuple[str, str], ...]     # (file, why) of the inputs that could not be read
    notes: tuple[tuple[str, str], ...]       # (file, what) worth telling about the inputs read
    entities: int
    facts: int
    triples: int
    files: tuple[Path, ...]
    violations: tuple
    seconds: float


CACHE = ".kg-cache"


def extractor_version(model: str | None = None) -> str:
    """A hash of everything extraction depends on: kg's code, its data files and the model's name.
    A cached extraction made by another version is not used."""
    from importlib import resources

    from .config import model_name

    digest = hashlib.sha256((model or model_name()).encode("utf-8"))
    root = resources.files("kg")
    for folder in (root, root.joinpath("extract"), root.joinpath("data")):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith((".py", ".csv", ".toml")):
                digest.update(entry.name.encode("utf-8") + entry.read_bytes())
    return digest.hexdigest()[:16]


def cached_extractions(articles: list[Article], out_dir: Path, model: str | None = None, workers: int = 1,
                       progress: bool = False) -> tuple[list[Extraction], int, list[tuple[str, str]]]:
    """Extractions of the articles, re-using those cached in out_dir for the same text and extractor
    version; only new or changed articles are parsed. Entries of articles no longer built are removed.
    Returns the extractions, how many articles were parsed, and (source, why) of those that failed."""
    from .model import from_json, to_json

    folder = out_dir / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    version = extractor_version(model)
    path_of = lambda a: folder / f"{a.id}-{version}.json"
    found: dict[str, Extraction] = {}
    for article in articles:
        try:  # plain JSON read back into kg's dataclasses: a cache file is data, never code
            cached = from_json(Extraction, path_of(article).read_text(encoding="utf-8"))
            if cached.article == article:
                found[article.id] = cached
        except (OSError, ValueError, TypeError, KeyError, StopIteration):
            continue
    todo = [a for a in articles if a.id not in found]
    failed = []
    for article, extraction in zip(todo, extract_articles(todo, model, workers, progress)):
        if isinstance(extraction, str):
            failed.append((article.source, f"{article.source}: extraction failed: {extraction}"))
            continue
        found[article.id] = extraction
        write_atomic(path_of(article), to_json(extraction).encode("utf-8"))
    keep = {path_of(a).name for a in articles}
    for entry in folder.glob("*"):
        if entry.name not in keep:
            entry.unlink(missing_ok=True)
    return [found[a.id] for a in articles if a.id in found], len(todo), failed


def extract_articles(articles: list[Article], model: str | None = None, workers: int = 1,
                     progress: bool = False) -> list[Extraction | str]:
    """Parse and extract each article, streaming them through spaCy's nlp.pipe in batches (the
    language model is loaded once, here); workers > 1 parses in that many processes. An article whose
    extraction fails gives the error's text instead of an Extraction."""
    if not articles:
        return []
    import sys

    import click

    from .extract import extract_article
    from .nlp import load_pipeline

    nlp = load_pipeline(model)
    docs = nlp.pipe((a.text for a in articles), batch_size=16, n_process=max(1, workers))
    pairs = zip(docs, articles)
    def one(doc, article):
        try:
            return extract_article(doc, article)
        except Exception as error:  # a defect met on one article must not stop a corpus build
            return f"{type(error).__name__}: {error}"[:300]

    if not (progress and sys.stderr.isatty() and len(articles) > 1):
        return [one(doc, article) for doc, article in pairs]
    out = []
    with click.progressbar(pairs, length=len(articles), label="articles", file=sys.stderr, show_pos=True,
                           item_show_func=lambda _: None) as bar:
        for doc, article in bar:
            out.append(one(doc, article))
    return out


def read_articles(inputs: list[Path], published: str | None = None, strict: bool = False,
                  columns: Columns = Columns(), limit: int | None = None):
    """The articles under inputs (files, folders, .jsonl and .csv records), and what was skipped with
    why; strict raises at the first bad input; limit keeps the first N articles."""
    from .errors import InputError

    reads, skipped = [], []

    def take(item, where):
        if isinstance(item, InputError):
            if strict:
                raise item
            skipped.append((where, str(item)))
        else:
            reads.append(item)

    for path in find_inputs(inputs):
        if limit is not None and len(reads) >= limit:
            break
        try:
            if path.suffix.lower() in RECORDS:
                for item in read_records(path, columns, published):
                    take(item, str(path))
                    if limit is not None and len(reads) >= limit:
                        break
            else:
                take(read_article(path, published), str(path))
        except InputError as error:
            take(error, str(path))
    if not reads:
        raise InputError(f"No article could be read: {skipped[0][1]}" + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""))
    return reads, skipped


def _fact_count(graph) -> int:
    """Facts in the graph: a fact two articles support counts once."""
    from rdflib import RDF

    from .rdf import KG

    kinds = (KG.Role, KG.Meeting, KG.Visit, KG.Agreement, KG.Quote, KG.Stance)
    return sum(len(set(graph.subjects(RDF.type, kind))) for kind in kinds)


def build_graph(inputs: list[Path], published: str | None = None, model: str | None = None):
    """The rdflib Graph of the articles under inputs, and their extractions."""
    from .rdf import facts_to_graph

    reads, _ = read_articles(inputs, published, strict=True)
    extractions = [x for x in extract_articles([r.article for r in reads], model) if not isinstance(x, str)]
    return facts_to_graph(extractions), extractions


def build(inputs: list[Path], out_dir: Path, published: str | None = None, model: str | None = None,
          strict: bool = False, columns: Columns = Columns(), limit: int | None = None,
          workers: int = 1, progress: bool = False) -> BuildSummary:
    """Build the graph of the inputs and write out_dir/graph.ttl and out_dir/graph.html; unreadable
    inputs are skipped and listed (strict: the first one stops the build)."""
    from .draw import graph_page
    from .rdf import serialize_trig, serialize_turtle
    from .store import build_store
    from .validate import validate_graph

    from .rdf import facts_to_graph

    started = time.perf_counter()
    check_writable(out_dir)
    reads, skipped = read_articles(inputs, published, strict, columns, limit)
    extractions, parsed, failed = cached_extractions([r.article for r in reads], out_dir, model, workers, progress)
    skipped += failed
    if not extractions:
        raise InputError(f"No article could be read: {skipped[0][1]}")
    graph = facts_to_graph(extractions)
    ttl, trig, html = out_dir / "graph.ttl", out_dir / "graph.trig", out_dir / "graph.html"
    # everything slow happens before the first file is replaced: an interrupted build leaves the
    # previous outputs as they were, and the renames at the end take milliseconds
    violations = tuple(validate_graph(graph))
    outputs = {ttl: serialize_turtle(graph), trig: serialize_trig(graph), html: graph_page(graph).encode("utf-8")}
    for path, data in outputs.items():
        write_atomic(path, data)
    build_store(ttl)
    return BuildSummary(
        articles=len(extractions),
        parsed=parsed,
        skipped=tuple(skipped),
        notes=tuple((r.article.source, note) for r in reads for note in r.notes),
        entities=len({e.key for x in extractions for e in x.entities}),
        facts=_fact_count(graph),
        triples=len(graph),
        files=(ttl, trig, html),
        violations=violations,
        seconds=time.perf_counter() - started,
    )
