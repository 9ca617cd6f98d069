"""The main job: articles in, graph.ttl and graph.html out."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .inputs.articles import Columns, find_inputs
from .inputs.fetch import PAGES, TIMEOUT, Fetcher, is_url
from .inputs.sources import read_inputs
from .errors import InputError, KgError
from .graph.io import check_writable, publish, write_atomic
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


#: what a cache entry depends on (the extraction and the validation of the article's graph): a change
#: to any of these files makes the cached entries stale; the rest of kg (writing, drawing, querying) does not
CACHED_FROM = ("extract", "data", "knowledge.py", "model.py", "config.py", "graph/resolve.py", "graph/rdf.py",
               "graph/validate.py", "shapes.ttl", "ontology.ttl")


def extractor_version(model: str | None = None) -> str:
    """A hash of everything a cache entry depends on: kg's extraction code, its data files, the shapes
    and the model's name. A cached extraction made by another version is not used."""
    from importlib import resources

    from .config import model_name

    digest = hashlib.sha256((model or model_name()).encode("utf-8"))
    root = resources.files("kg")
    for name in CACHED_FROM:
        entry = root.joinpath(*name.split("/"))
        files = sorted(entry.iterdir(), key=lambda e: e.name) if entry.is_dir() else [entry]
        for file in files:
            if file.is_file() and file.name.endswith((".py", ".csv", ".toml", ".ttl")):
                digest.update(file.name.encode("utf-8") + file.read_bytes())
    return digest.hexdigest()[:16]


class Cache:
    """Extractions kept in out_dir/.kg-cache, one JSON file per article, keyed by the article's content
    hash and the extractor version, with the SHACL violations of the article's own graph."""

    def __init__(self, out_dir: Path, model: str | None = None):
        self.folder = out_dir / CACHE
        self.folder.mkdir(parents=True, exist_ok=True)
        self.version = extractor_version(model)

    def path(self, article: Article) -> Path:
        return self.folder / f"{article.id}-{self.version}.json"

    def load(self, article: Article) -> tuple[Extraction, list[str]] | None:
        """The cached extraction of the article and its violations; None when there is none for this
        text and version. Plain JSON read back into kg's dataclasses: a cache file is data, never code."""
        from .model import from_dict

        entry = self._entry(article)
        try:
            return (from_dict(Extraction, entry[0]), entry[1]) if entry else None
        except (ValueError, TypeError, KeyError, StopIteration):  # an entry kg did not write
            return None

    def load_entities(self, article: Article) -> tuple[tuple, list[str]] | None:
        """Only the entities of the cached extraction and its violations (what the first pass needs)."""
        from .model import Entity, from_dict

        entry = self._entry(article)
        try:
            return (tuple(from_dict(Entity, e) for e in entry[0]["entities"]), entry[1]) if entry else None
        except (ValueError, TypeError, KeyError, StopIteration):
            return None

    def _entry(self, article: Article) -> tuple[dict, list[str]] | None:
        """The entry's extraction (as JSON) and violations, when it is one of this article's text."""
        import json

        from .model import from_dict

        try:
            entry = json.loads(self.path(article).read_text(encoding="utf-8"))
            if from_dict(Article, entry["extraction"]["article"]) != article:
                return None
            return entry["extraction"], [str(v) for v in entry["violations"]]
        except (OSError, ValueError, TypeError, KeyError, StopIteration):
            return None

    def prune(self, articles: list[Article]) -> None:
        """Remove the entries of articles no longer built (and of other extractor versions)."""
        keep = {self.path(a).name for a in articles}
        for entry in self.folder.glob("*"):
            if entry.name not in keep:
                entry.unlink(missing_ok=True)


def check_and_store(text: str, path: str) -> list[str]:
    """Validate one article's own graph (an extraction as JSON) and write its cache entry; returns the
    violations. Runs beside the parser in a helper process on corpora."""
    violations = check(text)
    store_entry(text, violations, path)
    return violations


def check(text: str) -> list[str]:
    """The SHACL violations of one article's own graph (an extraction as JSON)."""
    from .model import Extraction, from_json
    from .graph.rdf import article_graph
    from .graph.validate import validate_graph

    extraction = from_json(Extraction, text)
    return [f"{extraction.article.source}: {v}" for v in validate_graph(article_graph(extraction))]


def store_entry(text: str, violations: list[str], path: str) -> None:
    """Write a cache entry: an extraction (as JSON) and its violations, whole or not at all."""
    import json

    entry = '{"extraction": ' + text + ', "violations": ' + json.dumps(violations, ensure_ascii=False) + "}"
    write_atomic(Path(path), entry.encode("utf-8"))


HELPER_FROM = 8   # articles to parse from which validation runs in a helper process beside the parser
IN_FLIGHT = 16    # articles waiting for the helper at most: the parser waits rather than memory grow


def extract_to_cache(articles: list[Article], cache: Cache, model: str | None = None, workers: int = 1,
                     progress: bool = False, seen=lambda extraction: None) -> tuple[list[str], list[tuple[str, str]]]:
    """Parse, extract and validate the articles and cache them; seen(extraction) is called on each.
    Validation of each article's graph runs in a helper process while the parser goes on (in this
    process for a few articles). Returns the violations found and (source, why) of the articles whose
    extraction failed."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from .model import to_json
    from .procs import die_with_parent

    failed, violations, pending = [], [], []
    # the helper starts (forked) before the language model is loaded: it stays small, and a script
    # that calls build() needs no `if __name__ == "__main__"` guard; it ends when this process does
    helper = (ProcessPoolExecutor(1, mp_context=get_context("fork"), initializer=die_with_parent,
                                  initargs=(os.getpid(),)) if len(articles) >= HELPER_FROM else None)
    if helper:
        helper.submit(int).result()

    def collect(article, extraction, future=None):
        try:
            found = future.result() if future else check_and_store(to_json(extraction), str(cache.path(article)))
        except Exception as error:  # the article is left out and said so; the others go on
            failed.append((article.source, f"{article.source}: validation failed: {type(error).__name__}: {error}"[:300]))
            return
        violations.extend(found)
        seen(extraction)

    try:
        for article, extraction in zip(articles, extract_articles(articles, model, workers, progress)):
            if isinstance(extraction, str):
                failed.append((article.source, f"{article.source}: extraction failed: {extraction}"))
            elif helper:
                future = helper.submit(check_and_store, to_json(extraction), str(cache.path(article)))
                pending.append((article, extraction, future))
                while len(pending) > IN_FLIGHT or (pending and pending[0][2].done()):
                    collect(*pending.pop(0))
            else:
                collect(article, extraction)
        for item in pending:
            collect(*item)
    finally:
        if helper:
            helper.shutdown(cancel_futures=True)
    return violations, failed


def extract_articles(articles: list[Article], model: str | None = None, workers: int = 1,
                     progress: bool = False):
    """Parse and extract each article, streaming them through spaCy's nlp.pipe in batches (the
    language model is loaded once, here); workers > 1 parses in that many processes. Yields each
    article's Extraction, or the error's text when its extraction failed."""
    if not articles:
        return
    import sys
    from multiprocessing.util import register_after_fork

    import click

    from .extract import extract_article
    from .extract.nlp import load_pipeline

    nlp = load_pipeline(model)
    # spaCy forks its parsers (workers > 1) with no initializer of their own: they are made to end with
    # this process by an after-fork hook, which lives as long as this generator holds `parent`
    parent = _Parent(os.getpid())
    register_after_fork(parent, _Parent.die_with)
    docs = nlp.pipe((a.text for a in articles), batch_size=16, n_process=max(1, workers))
    pairs = zip(docs, articles)

    def one(doc, article):
        try:
            return extract_article(doc, article)
        except Exception as error:  # a defect met on one article must not stop a corpus build
            return f"{type(error).__name__}: {error}"[:300]

    if not (progress and sys.stderr.isatty() and len(articles) > 1):
        for doc, article in pairs:
            yield one(doc, article)
        return
    with click.progressbar(pairs, length=len(articles), label="articles", file=sys.stderr, show_pos=True,
                           item_show_func=lambda _: None) as bar:
        for doc, article in bar:
            yield one(doc, article)


class _Parent:
    """This process's pid, for the processes forked from it (multiprocessing runs die_with in them first)."""

    def __init__(self, pid: int):
        self.pid = pid

    def die_with(self) -> None:
        from .procs import die_with_parent

        die_with_parent(self.pid)


def read_articles(inputs: list, published: str | None = None, strict: bool = False,
                  columns: Columns = Columns(), limit: int | None = None, url_files: tuple[Path, ...] = (),
                  fetcher=None):
    """The articles of the inputs (files, folders, web addresses: see inputs.sources), what was skipped
    with why, and notes on whole inputs; strict raises at the first bad input; limit keeps the first N
    articles; fetcher (an inputs.fetch.Fetcher) fetches web addresses."""
    from .errors import InputError

    reads, skipped, notes = [], [], []
    for where, item in read_inputs(inputs, published, columns, url_files, fetcher):
        if isinstance(item, InputError):
            if strict:
                raise item
            skipped.append((where, str(item)))
        elif isinstance(item, str):
            notes.append((where, item))
        else:
            reads.append(item)
            if limit is not None and len(reads) >= limit:
                break
    if not reads:
        from .errors import NothingRead

        raise NothingRead(f"No article could be read: {skipped[0][1]}" + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else "")
                          if skipped else "No article could be read from the inputs", skipped)
    return reads, skipped, notes


def build_graph(inputs: list[Path], published: str | None = None, model: str | None = None):
    """The merged rdflib Graph of the articles under inputs (what graph.ttl holds), and their extractions."""
    from .graph.rdf import facts_to_graph

    reads, _, _ = read_articles(inputs, published, strict=True)
    extractions = [x for x in extract_articles([r.article for r in reads], model) if not isinstance(x, str)]
    return facts_to_graph(extractions), extractions


def input_state(inputs: list[Path]) -> tuple:
    """What the inputs are now (each article file's path, size and modification time), to see a change."""
    try:
        paths = [Path(p) for p in inputs if not (isinstance(p, str) and is_url(p))]
        return tuple((str(p), st.st_size, st.st_mtime_ns) for p in find_inputs(paths) for st in [p.stat()])
    except (InputError, OSError):
        return ()


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4): the second of four slices."""
    try:
        i, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise InputError(f"--shard must be I/N (for example 2/4), not {text!r}") from None
    if not 1 <= i <= n:
        raise InputError(f"--shard {text}: I must be between 1 and N")
    return i, n


def in_shard(article: Article, shard: tuple[int, int]) -> bool:
    """Whether an article is in the slice: by its content hash, so any order of the inputs, on any
    machine, puts it in the same slice."""
    i, n = shard
    return int(article.id, 16) % n == i - 1


def build(inputs: list[Path], out_dir: Path, published: str | None = None, model: str | None = None,
          strict: bool = False, columns: Columns = Columns(), limit: int | None = None,
          workers: int = 1, progress: bool = False, nquads: bool = False,
          shard: tuple[int, int] | None = None, url_files: tuple[Path, ...] = (),
          fetch_timeout: float = TIMEOUT, cluster=None) -> BuildSummary:
    """Build the graph of the inputs into out_dir: graph.ttl (the merged graph), graph.trig (each
    article's own graph), graph.html and the query store; graph.nq too with nquads. A shard (I, N)
    builds the I-th of N slices of the articles and writes only its graph.nq: the slices' files
    concatenated hold the lines of one build's graph.nq. Unreadable inputs are skipped and listed
    (strict: the first one stops the build). Pages fetched from the web are kept in out_dir/.kg-pages;
    fetch_timeout is how long a server may keep kg waiting. cluster is a Dask scheduler's address
    ('tcp://host:8786', or 'local:N' for N worker processes here) that extracts instead of this process."""
    started = time.perf_counter()
    existed = out_dir.exists()
    check_writable(out_dir)
    try:
        if not isinstance(cluster, str):
            return _build(inputs, out_dir, published, model, strict, columns, limit, workers, progress, nquads,
                          shard, url_files, fetch_timeout, cluster, started)
        from .cluster import Cluster

        with Cluster(cluster, model) as client:  # the scheduler is reached before any work
            return _build(inputs, out_dir, published, model, strict, columns, limit, workers, progress, nquads,
                          shard, url_files, fetch_timeout, client, started)
    except KgError:
        if not existed:  # a build that failed before writing anything leaves no folder behind
            _remove_if_empty(out_dir)
        raise


def _remove_if_empty(folder: Path) -> None:
    """Remove a folder that holds no file (only empty folders, if any)."""
    import shutil

    if not any(files for _, _, files in os.walk(folder)):
        shutil.rmtree(folder, ignore_errors=True)


def _build(inputs, out_dir, published, model, strict, columns, limit, workers, progress, nquads, shard, url_files,
           fetch_timeout, cluster, started) -> BuildSummary:
    from .graph.output import SortedLines, convert, scratch, write_lines
    from .graph.rdf import Merger, article_triples, iri, line, merge_lines, nt_iri

    reads, skipped, input_notes = read_articles(inputs, published, strict, columns, limit, url_files,
                                                Fetcher(out_dir / PAGES, timeout=fetch_timeout))
    unique = {r.article.id: r.article for r in sorted(reads, key=lambda r: (r.article.id, r.article.source))}
    articles = [a for a in unique.values() if shard is None or in_shard(a, shard)]
    cache, merger, violations, todo = Cache(out_dir, model), Merger(), [], []
    for article in articles:  # what the cache holds is read once here, and once more to write it
        found = cache.load_entities(article)
        if found:
            merger.add_entities(found[0])
            violations += found[1]
        else:
            todo.append(article)
    for article in todo:
        cache.path(article).unlink(missing_ok=True)  # an entry that could not be read is made anew
    if cluster:
        from .cluster import extract_on_cluster

        new_violations, failed = extract_on_cluster(todo, cache, cluster, progress, seen=merger.add)
    else:
        new_violations, failed = extract_to_cache(todo, cache, model, workers, progress, seen=merger.add)
    violations += new_violations
    skipped += failed
    if shard is None:
        cache.prune(articles)
    entries = [a for a in articles if cache.path(a).is_file()]
    if not entries and shard is None:
        raise InputError(f"No article could be read: {skipped[0][1]}")
    merger.finish()

    def extractions():  # read back one at a time: memory does not grow with the corpus
        for article in entries:
            found = cache.load(article)
            if not found:
                raise KgError(f"The cache entry of {article.source} changed during the build: build again")
            yield found
    with scratch(out_dir) as tmp:
        tmp = Path(tmp)
        dataset, union = tmp / "graph.nq", SortedLines(tmp)
        union.add(line(t) for t in merger.entity_triples())
        with dataset.open("w", encoding="utf-8") as handle:
            for x, _ in extractions():  # each article's own graph, the articles in the order of their IRIs
                name = nt_iri(iri(f"article/{x.article.id}"))
                handle.writelines(line(t, name) for t in article_triples(x))
                if shard is None:
                    union.add(line(t) for t in merger.union_triples(x))
        outputs = {out_dir / "graph.nq": dataset} if nquads or shard else {}
        stats = _Stats()
        if shard is None:
            ttl, trig, html = out_dir / "graph.ttl", out_dir / "graph.trig", out_dir / "graph.html"
            merged = tmp / "graph.nt"
            write_lines(stats.count(merge_lines(union)), merged)
            convert(merged, tmp / "graph.ttl")
            convert(dataset, tmp / "graph.trig", quads=True)
            _page(ttl, tmp / "graph.ttl", tmp / "graph.html")
            outputs = {ttl: tmp / "graph.ttl", trig: tmp / "graph.trig", html: tmp / "graph.html", **outputs}
        else:
            for _ in stats.count(_triples_of(dataset)):
                pass
        # everything slow happened before the first file is replaced: an interrupted build leaves the
        # previous outputs as they were, and the renames take milliseconds
        for path, made in outputs.items():
            publish(made, path)
        if shard is None and not nquads:
            (out_dir / "graph.nq").unlink(missing_ok=True)  # a graph.nq of an earlier build is no longer true
    return BuildSummary(
        articles=len(entries),
        parsed=len(todo),
        skipped=tuple(skipped),
        notes=tuple(input_notes) + tuple((r.article.source, note) for r in reads for note in r.notes),
        entities=len(merger.labels),
        facts=len(stats.facts),
        triples=stats.triples,
        files=tuple(sorted(outputs, key=lambda p: ("graph.ttl", "graph.trig", "graph.html", "graph.nq").index(p.name))),
        violations=tuple(sorted(violations)),
        seconds=time.perf_counter() - started,
    )


class _Stats:
    """Triples and fact nodes counted as the merged lines go by (a fact two articles support counts once)."""

    def __init__(self):
        from .graph.rdf import T

        self.type = T.type
        self.kinds = {T.Role, T.Meeting, T.Visit, T.Agreement, T.Quote, T.Stance}
        self.facts: set[str] = set()
        self.triples = 0

    def count(self, lines):
        for text in lines:
            self.triples += 1
            s, p, o = text.split(" ", 2)
            if p == self.type and o[:-3] in self.kinds:
                self.facts.add(s)
            yield text


def _triples_of(dataset: Path):
    with dataset.open(encoding="utf-8") as handle:
        for text in handle:
            s, p, rest = text.split(" ", 2)
            yield f"{s} {p} {rest.rsplit(' ', 2)[0]} .\n"


def _page(ttl: Path, source: Path, html: Path) -> None:
    """The store of the new graph (ready before the graph replaces the old one) and the page drawn from it."""
    import pyoxigraph as ox

    from .page.draw import graph_page
    from .sparql.store import StoreView, build_store

    db = build_store(ttl, source)
    html.write_text(graph_page(StoreView(ox.Store.read_only(str(db)))), encoding="utf-8")
