"""Serialisations of a graph: Turtle, JSON-LD, N-Triples, TriG."""
from __future__ import annotations

from ..errors import KgError

FORMATS = {"turtle": "turtle", "ttl": "turtle", "jsonld": "json-ld", "json-ld": "json-ld",
           "nt": "nt", "ntriples": "nt", "trig": "trig"}


def export_graph(graph, fmt: str) -> bytes:
    """The graph serialised in one of FORMATS."""
    if fmt not in FORMATS:
        raise KgError(f"Unknown format '{fmt}'. Known: turtle, jsonld, nt, trig")
    if FORMATS[fmt] == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    return graph.serialize(format=FORMATS[fmt], encoding="utf-8")
