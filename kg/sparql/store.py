"""The embedded pyoxigraph store beside a graph file: built once, reopened read-only for each query.

`output/graph.ttl` gets `output/graph.ttl.oxigraph/`, holding RocksDB folders that pyoxigraph opens in
milliseconds, so `kg query` answers in well under a second on a graph of a million triples (parsing
the Turtle each time would take seconds). Each folder is named by the graph file it was loaded from
(size and modification time); a changed graph file gets a new folder on the next query. Checking and
building happen under a file lock, and a folder is never changed once readers may have it open, so
parallel queries and a rebuild do not get in each other's way.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from ..errors import GraphError, KgError

FORMAT_VERSION = 2
CHUNK = 20_000   # triples loaded at a time
KEEP = 2   # store folders kept: the current one and the one before (a reader may still be using it)


def store_path(graph_path: Path) -> Path:
    """Where the stores of a graph file live."""
    return graph_path.with_name(graph_path.name + ".oxigraph")


def _stamp(graph_path: Path, source: Path | None = None) -> str:
    stat = (source or graph_path).stat()
    key = json.dumps([FORMAT_VERSION, graph_path.name, stat.st_size, stat.st_mtime_ns])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@contextmanager
def _locked(root: Path):
    root.mkdir(parents=True, exist_ok=True)
    with (root / "lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_db(graph_path: Path, source: Path | None = None) -> Path:
    """The store folder for the graph file as it is now, building it first when it does not exist;
    source: a file about to be renamed to graph_path (a rename keeps its size and time)."""
    root = store_path(graph_path)
    try:
        with _locked(root):
            db = root / f"db-{_stamp(graph_path, source)}"
            if not (db / "CURRENT").exists():
                _load(source or graph_path, db)
                _prune(root, db)
            return db
    except PermissionError:
        raise
    except OSError as error:
        raise KgError(f"Cannot write the query store {root}: {error.strerror or error}") from None


def build_store(graph_path: Path, source: Path | None = None) -> Path:
    """Load a Turtle graph file into its store; kg build loads the new graph (source) before it
    replaces graph_path, so the store is ready when the graph appears."""
    return current_db(graph_path, source)


def _load(graph_path: Path, db: Path) -> None:
    import pyoxigraph as ox

    tmp = Path(tempfile.mkdtemp(dir=db.parent, prefix=".loading-"))
    try:
        store = ox.Store(str(tmp))
        try:  # in slices: one bulk load of a whole corpus holds it all in memory first
            triples = ox.parse(path=str(graph_path), format=ox.RdfFormat.TURTLE)
            while chunk := list(islice(triples, CHUNK)):
                store.bulk_extend(chunk)
        except (SyntaxError, ValueError, OSError) as error:
            raise GraphError(f"{graph_path} is not valid RDF (turtle): {str(error).splitlines()[0][:200]}") from None
        store.flush()
        del store
        tmp.rename(db)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _prune(root: Path, keep: Path) -> None:
    """Remove store folders but the newest few (under the lock)."""
    folders = sorted((p for p in root.glob("db-*") if p != keep), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    for leftover in root.glob(".loading-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def open_store(graph_path: Path):
    """A read-only store of a graph file, built first when missing or stale."""
    import pyoxigraph as ox

    if not graph_path.is_file():
        raise GraphError(f"Graph file not found: {graph_path} (run 'kg build' first, or pass -g FILE)")
    if graph_path.suffix.lower() not in (".ttl", ".turtle"):
        return _memory_store(graph_path)
    try:
        db = current_db(graph_path)
    except PermissionError:
        return _memory_store(graph_path)  # a graph in a read-only folder: load it for this query only
    try:
        return ox.Store.read_only(str(db))
    except (OSError, RuntimeError, ValueError) as error:
        raise GraphError(f"Cannot open the query store {db}: {' '.join(str(error).split())[:200]}") from None


def _memory_store(graph_path: Path):
    import pyoxigraph as ox

    from ..graph.io import FORMATS

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}
    store = ox.Store()
    try:  # a dataset's named graphs are read as one graph: a triple several articles state is one triple
        found = ox.parse(path=str(graph_path), format=formats[FORMATS.get(graph_path.suffix.lower(), "turtle")])
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in found)
    except (SyntaxError, ValueError, OSError) as error:
        raise GraphError(f"{graph_path} is not valid RDF: {str(error).splitlines()[0][:200]}") from None
    return store


class StoreView:
    """The read methods of an rdflib Graph that the graph page uses (objects, subjects, value), over a
    store's default graph: the page of a large corpus is drawn without parsing the graph into rdflib."""

    def __init__(self, store):
        self.store = store
        self.seen: dict = {}   # (subject, predicate) -> objects: the page asks for the same labels often

    def _quads(self, s, p, o):
        import pyoxigraph as ox

        return self.store.quads_for_pattern(_ox(s), _ox(p), _ox(o), ox.DefaultGraph())

    def objects(self, subject=None, predicate=None):
        if subject is None or predicate is None:
            return (_rdflib(q.object) for q in self._quads(subject, predicate, None))
        if (subject, predicate) not in self.seen:
            self.seen[subject, predicate] = [_rdflib(q.object) for q in self._quads(subject, predicate, None)]
        return iter(self.seen[subject, predicate])

    def subjects(self, predicate=None, object=None):
        return (_rdflib(q.subject) for q in self._quads(None, predicate, object))

    def value(self, subject=None, predicate=None):
        return next(self.objects(subject, predicate), None)

    def query(self, text: str):
        """A SELECT query's rows as tuples of rdflib terms (as rdflib's Graph.query gives them)."""
        solutions = self.store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [tuple(None if row[n] is None else _rdflib(row[n]) for n in names) for row in solutions]


def _ox(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def _rdflib(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
