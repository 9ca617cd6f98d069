"""The main job: articles in, graph.ttl and graph.html out."""
from __future__ import annotations

import hashlib
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .inputs.articles import Columns, article_id, find_inputs
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

    def stored(self, article: Article) -> Article | None:
        """The article the cache entry of this article's text was made for: the same text, but its
        source, date or address may be another copy's. None when there is no such entry (or one
        whose entities cannot be read)."""
        from .model import Entity, from_dict

        try:
            entry = self._read(article)
            found = from_dict(Article, entry["extraction"]["article"])
            for entity in entry["extraction"]["entities"]:  # read as load_entities will read them
                from_dict(Entity, entity)
            if not isinstance(entry["violations"], list):
                return None
        except (OSError, ValueError, TypeError, KeyError, StopIteration):
            return None
        return found if found.id == article.id and article_id(found.text) == article.id else None

    def _entry(self, article: Article) -> tuple[dict, list[str]] | None:
        """The entry's extraction (as JSON) and violations, when it is one of this article: the same
        article, or, for an article with its text dropped (see slim), the same but for a text whose
        hash is the article's id."""
        from .model import from_dict

        try:
            entry = self._read(article)
            stored = from_dict(Article, entry["extraction"]["article"])
            if (stored != article if article.text else slim(stored) != article or article_id(stored.text) != article.id):
                return None
            return entry["extraction"], [str(v) for v in entry["violations"]]
        except (OSError, ValueError, TypeError, KeyError, StopIteration):
            return None

    def _read(self, article: Article) -> dict:
        import json

        return json.loads(self.path(article).read_text(encoding="utf-8"))

    def prune(self, articles) -> None:
        """Remove the entries of articles no longer built (and of other extractor versions)."""
        keep = {self.path(a).name for a in articles}
        for entry in self.folder.glob("*"):
            if entry.name not in keep:
                entry.unlink(missing_ok=True)


def slim(article: Article) -> Article:
    """The article with its text dropped: what a build keeps of each article while it reads the
    others (the cache finds its entry by the id, the hash of the text)."""
    from dataclasses import replace

    return replace(article, text="")


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


def extract_to_cache(articles, cache: Cache, model: str | None = None, workers: int = 1,
                     progress: bool = False) -> list[tuple[Article, str]]:
    """Parse, extract and validate the articles (any iterable: they are taken as the parser is
    ready for them) and write each into the cache. Validation of each article's graph runs in a
    helper process while the parser goes on (in this process for a few articles). Returns
    (article, why) of the articles whose extraction failed."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from .model import to_json
    from .procs import die_with_parent

    articles = iter(articles)
    head = list(itertools.islice(articles, HELPER_FROM))  # enough to know whether a helper pays
    if not head:
        return []
    failed, pending = [], []
    # the helper starts (forked) before the language model is loaded: it stays small, and a script
    # that calls build() needs no `if __name__ == "__main__"` guard; it ends when this process does
    helper = (ProcessPoolExecutor(1, mp_context=get_context("fork"), initializer=die_with_parent,
                                  initargs=(os.getpid(),)) if len(head) >= HELPER_FROM else None)
    if helper:
        helper.submit(int).result()

    def collect(article, extraction, future=None):
        try:
            if future:
                future.result()
            else:
                check_and_store(to_json(extraction), str(cache.path(article)))
        except Exception as error:  # the article is left out and said so; the others go on
            failed.append((article, f"{article.source}: validation failed: {type(error).__name__}: {error}"[:300]))

    def all_articles():
        while head:
            yield head.pop(0)
        yield from articles

    try:
        for article, extraction in extract_articles(all_articles(), model, workers, progress, pairs=True):
            if isinstance(extraction, str):
                failed.append((article, f"{article.source}: extraction failed: {extraction}"))
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
    return failed


PIPE_BATCH = 16  # articles a spaCy nlp.pipe batch


def extract_articles(articles, model: str | None = None, workers: int = 1, progress: bool = False,
                     pairs: bool = False):
    """Parse and extract each article, streaming them through spaCy's nlp.pipe in batches (the
    language model is loaded once, here, when there is an article); workers > 1 parses in that many
    processes. articles is any iterable, taken as the parser is ready for more (spaCy holds a few
    batches). Yields each article's Extraction, or the error's text when its extraction failed;
    (article, that) with pairs."""
    articles = iter(articles)
    first = next(articles, None)
    if first is None:
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
    to_parse, parsed = itertools.tee(itertools.chain((first,), articles))
    del first
    docs = nlp.pipe((a.text for a in to_parse), batch_size=PIPE_BATCH, n_process=max(1, workers))

    def one(doc, article):
        try:
            extraction = extract_article(doc, article)
        except Exception as error:  # a defect met on one article must not stop a corpus build
            extraction = f"{type(error).__name__}: {error}"[:300]
        return (article, extraction) if pairs else extraction

    if not (progress and sys.stderr.isatty()):
        for doc, article in zip(docs, parsed):
            yield one(doc, article)
        return
    with click.progressbar(zip(docs, parsed), label="articles", file=sys.stderr, show_pos=True,
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


class Reading:
    """The reads of the inputs (files, folders, web addresses: see inputs.sources), one at a time as
    they are iterated (once): what was skipped with why and the notes (on whole inputs, and on each
    read) are gathered on the way; strict raises at the first bad input; limit stops after the first
    N reads; fetcher (an inputs.fetch.Fetcher) fetches web addresses. check() raises NothingRead
    when nothing could be read."""

    def __init__(self, inputs: list, published: str | None = None, strict: bool = False,
                 columns: Columns = Columns(), limit: int | None = None, url_files: tuple[Path, ...] = (),
                 fetcher=None):
        self.items = read_inputs(inputs, published, columns, url_files, fetcher)
        self.strict, self.limit = strict, limit
        self.count = 0
        self.skipped: list[tuple[str, str]] = []
        self.notes: list[tuple[str, str]] = []       # on whole inputs
        self.read_notes: list[tuple[str, str]] = []  # (source, note) on each read, in the order read

    def __iter__(self):
        if self.limit is not None and self.count >= self.limit:
            return
        for where, item in self.items:
            if isinstance(item, InputError):
                if self.strict:
                    raise item
                self.skipped.append((where, str(item)))
            elif isinstance(item, str):
                self.notes.append((where, item))
            else:
                self.count += 1
                self.read_notes.extend((item.article.source, note) for note in item.notes)
                yield item
                if self.limit is not None and self.count >= self.limit:
                    return

    def check(self) -> None:
        if not self.count:
            from .errors import NothingRead

            skipped = self.skipped
            raise NothingRead(f"No article could be read: {skipped[0][1]}" + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else "")
                              if skipped else "No article could be read from the inputs", skipped)


def read_articles(inputs: list, published: str | None = None, strict: bool = False,
                  columns: Columns = Columns(), limit: int | None = None, url_files: tuple[Path, ...] = (),
                  fetcher=None):
    """The reads of the inputs, all of them (see Reading; a build takes them one at a time), what was
    skipped with why, and notes on whole inputs."""
    reading = Reading(inputs, published, strict, columns, limit, url_files, fetcher)
    reads = list(reading)
    reading.check()
    return reads, reading.skipped, reading.notes


CHUNK = 64  # reads taken from the inputs at a time: their new articles go to extraction before more are read


def same_reading(a: Article, b: Article) -> bool:
    """Whether two copies of one text are read alike: the extractors read an article's text, title
    and date and nothing else of it (kg/extract: Reader), so the extraction of one, with the other's
    article put in, is the other's."""
    return (a.id, a.title, a.published) == (b.id, b.title, b.published)


class _Intake:
    """The articles a build keeps, from reads that come one at a time. Of the copies of one text (one
    id) it keeps the one of the greatest source, of equal ones the last read (as sorting every read by
    (id, source) would); only the articles of the shard. Each text is extracted once, from its first
    copy, unless the cache holds it; should another copy be kept than the one the cache entry was made
    of, the entry becomes that extraction with the kept article put in (rebind), or, for a copy with
    another date, is made anew from the text in the entry (again). Of each article only its slim form
    (no text) stays."""

    def __init__(self, reads, cache: Cache, shard: tuple[int, int] | None):
        self.reads, self.cache, self.shard = iter(reads), cache, shard
        self.kept: dict[str, Article] = {}  # id -> the copy kept, slim
        self.made: dict[str, Article] = {}  # id -> the copy its cache entry is (or is to be) made of, slim
        self.redo: set[str] = set()          # ids of entries to make anew from their text (see rebind)
        self.parsed = 0

    def articles(self):
        """The articles to extract (those the cache does not hold), CHUNK reads at a time as they are
        taken: nothing is read before the extractor asks for more."""
        while True:
            chunk = list(itertools.islice(self.reads, CHUNK))
            if not chunk:
                return
            fresh = [read.article for read in chunk if self._new(read.article)]
            del chunk
            self.parsed += len(fresh)
            fresh.reverse()
            while fresh:
                yield fresh.pop()

    def _new(self, article: Article) -> bool:
        """Take a read's article; whether it is to be extracted."""
        if self.shard is not None and not in_shard(article, self.shard):
            return False
        kept = self.kept.get(article.id)
        if kept is None or article.source >= kept.source:
            self.kept[article.id] = slim(article)
        if kept is not None:  # a copy of a text met before: it is extracted (or cached) once
            return False
        stored = self.cache.stored(article)
        if stored is not None:  # the entry of this text (perhaps of another copy): see rebind and again
            self.made[article.id] = slim(stored)
            return False
        self.cache.path(article).unlink(missing_ok=True)  # an entry that cannot be read is made anew
        self.made[article.id] = self.kept[article.id]
        return True

    def rebind(self) -> list[tuple[Article, str]]:
        """Each cache entry made of another copy than the one kept, read alike, made the kept one's
        (no parse: the article put in, the graph checked again). Returns (article, why) of those whose
        check failed."""
        from dataclasses import replace

        from .model import to_json

        failed = []
        for key, kept in self.kept.items():
            made = self.made[key]
            if made == kept or not same_reading(made, kept):
                continue
            if not self.cache.path(made).is_file():  # its extraction failed, and was said so
                continue
            found = self.cache.load(made)
            if found is None:  # an entry that cannot be read whole: made anew from its text
                self.redo.add(key)
                continue
            x = replace(found[0], article=replace(kept, text=found[0].article.text))
            try:
                check_and_store(to_json(x), str(self.cache.path(kept)))
            except Exception as error:  # as extract_to_cache says it
                failed.append((kept, f"{kept.source}: validation failed: {type(error).__name__}: {error}"[:300]))
                continue
            self.made[key] = kept
        return failed

    def again(self):
        """The kept articles whose cache entry was made of a copy with another date (or could not be
        rebound), with their text (from that entry), to extract: taken one at a time, as articles() are."""
        from dataclasses import replace

        for key, kept in self.kept.items():
            made = self.made[key]
            if made == kept or (same_reading(made, kept) and key not in self.redo):
                continue
            found = self.cache.stored(made)
            if found is None:  # its extraction failed, and was said so
                continue
            self.cache.path(kept).unlink(missing_ok=True)
            self.made[key] = kept
            self.parsed += 1
            yield replace(kept, text=found.text)

    def articles_kept(self) -> list[Article]:
        """The articles kept (slim), in the order of their ids."""
        return [self.kept[key] for key in sorted(self.kept)]

    def said(self, failed: list[tuple[Article, str]]) -> list[tuple[str, str]]:
        """(source, why) of the articles whose extraction failed, in the order of their ids, said of
        the copy kept."""
        out = []
        for article, why in sorted(failed, key=lambda item: item[0].id):
            kept = self.kept[article.id]
            if why.startswith(article.source):
                why = kept.source + why[len(article.source):]
            out.append((kept.source, why))
        return out


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

    reading = Reading(inputs, published, strict, columns, limit, url_files,
                      Fetcher(out_dir / PAGES, timeout=fetch_timeout))
    cache = Cache(out_dir, model)
    intake = _Intake(reading, cache, shard)
    if cluster:
        from .cluster import extract_on_cluster

        def extract(articles):
            return extract_on_cluster(articles, cache, cluster, progress)
    else:
        def extract(articles):
            return extract_to_cache(articles, cache, model, workers, progress)
    # the inputs are read as the extractor takes articles: the texts are never all held at once
    failed = extract(intake.articles())
    reading.check()
    failed += intake.rebind()
    failed += extract(intake.again())
    skipped = reading.skipped + intake.said(failed)
    articles = intake.articles_kept()
    merger, violations, entries = Merger(), [], []
    for article in articles:  # what the cache holds is read once here, and once more to write it
        found = cache.load_entities(article)
        if found:
            merger.add_entities(found[0])
            violations += found[1]
            entries.append(article)
    if shard is None:
        cache.prune(articles)
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
        parsed=intake.parsed,
        skipped=tuple(skipped),
        notes=tuple(reading.notes) + tuple(reading.read_notes),
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

    from .page.draw import page_of
    from .sparql.store import build_store

    db = build_store(ttl, source)
    html.write_text(page_of(lambda: ox.Store.read_only(str(db))), encoding="utf-8")
