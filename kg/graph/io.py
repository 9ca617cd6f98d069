"""Reading graphs and writing files safely."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import GraphError, KgError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig",
           ".nq": "nquads", ".rdf": "xml", ".xml": "xml"}


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path through a temporary file and a rename, so a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise KgError(f"Cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        publish(Path(tmp), path)
    except OSError as error:
        raise KgError(f"Cannot write {path}: {error.strerror or error}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)  # gone already when published


def publish(made: Path, path: Path) -> None:
    """Move a finished file (made in a temporary folder beside path) into place, with a normal file's
    permissions; the rename is atomic."""
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(made, 0o666 & ~umask)
        os.replace(made, path)
    except OSError as error:
        raise KgError(f"Cannot write {path}: {error.strerror or error}") from None


def check_writable(folder: Path) -> None:
    """Fail early, before any long work, when an output folder cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kg-write-test.")
        os.close(fd)
        os.unlink(tmp)
    except OSError as error:
        raise KgError(f"Cannot write in {folder}: {error.strerror or error}") from None


def load_graph(path: Path):
    """Parse an RDF file into an rdflib Graph, with a one-line error when it is missing or not RDF."""
    from rdflib import Graph

    if not path.is_file():
        raise GraphError(f"Graph file not found: {path} (run 'kg build' first, or pass -g FILE)")
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    g = Graph()
    try:
        if fmt in ("nquads", "trig"):  # a dataset: its named graphs read as one graph
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(path, format=fmt)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g.parse(path, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise GraphError(f"{path} is not valid RDF ({fmt}): {first[:200]}") from None
    return g
