"""The embedded pyoxigraph store beside a graph file: built once, reopened read-only for each query.

`output/graph.ttl` gets `output/graph.ttl.oxigraph/`, a RocksDB folder that pyoxigraph opens in
milliseconds, so `kg query` answers in well under a second on a graph of a million triples (parsing
the Turtle each time would take seconds). A stamp records the graph file it was loaded from; a
changed graph file is reloaded on the next query.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from .errors import GraphError

STAMP = "kg-source.json"
FORMAT_VERSION = 1


def store_path(graph_path: Path) -> Path:
    """Where the store of a graph file lives."""
    return graph_path.with_name(graph_path.name + ".oxigraph")


def _stamp(graph_path: Path) -> dict:
    stat = graph_path.stat()
    return {"format": FORMAT_VERSION, "file": graph_path.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def is_fresh(graph_path: Path) -> bool:
    """Whether the store beside a graph file was loaded from it as it is now."""
    stamp = store_path(graph_path) / STAMP
    try:
        return json.loads(stamp.read_text()) == _stamp(graph_path)
    except (OSError, ValueError):
        return False


def build_store(graph_path: Path) -> Path:
    """Load a Turtle graph file into a new store beside it, replacing the old one only when complete."""
    import pyoxigraph as ox

    target = store_path(graph_path)
    tmp = Path(tempfile.mkdtemp(dir=graph_path.parent, prefix=f".{target.name}."))
    try:
        store = ox.Store(str(tmp / "db"))
        try:
            store.bulk_load(path=str(graph_path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError, OSError) as error:
            raise GraphError(f"{graph_path} is not valid RDF (turtle): {str(error).splitlines()[0][:200]}") from None
        store.flush()
        del store
        (tmp / STAMP).write_text(json.dumps(_stamp(graph_path)))
        old = target.with_name(target.name + ".old")
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def open_store(graph_path: Path):
    """A read-only store of a graph file, (re)built first when missing or stale."""
    import pyoxigraph as ox

    if not graph_path.is_file():
        raise GraphError(f"Graph file not found: {graph_path} (run 'kg build' first, or pass -g FILE)")
    if graph_path.suffix.lower() not in (".ttl", ".turtle"):
        return _memory_store(graph_path)
    if not is_fresh(graph_path):
        try:
            build_store(graph_path)
        except PermissionError:
            return _memory_store(graph_path)  # a graph in a read-only folder: load it for this query only
    return ox.Store.read_only(str(store_path(graph_path) / "db"))


def _memory_store(graph_path: Path):
    import pyoxigraph as ox

    from .io import FORMATS

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}
    store = ox.Store()
    try:
        store.load(path=str(graph_path), format=formats[FORMATS.get(graph_path.suffix.lower(), "turtle")])
    except (SyntaxError, ValueError, OSError) as error:
        raise GraphError(f"{graph_path} is not valid RDF: {str(error).splitlines()[0][:200]}") from None
    return store
