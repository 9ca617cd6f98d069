"""Writing a corpus's graphs without holding them: N-Triples lines are sorted on disk in runs, merged,
and turned into Turtle and TriG by pyoxigraph, so memory stays flat as the corpus grows and the same
input gives the same bytes."""
from __future__ import annotations

import heapq
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pyoxigraph as ox

from .rdf import PREFIXES

RUN = 100_000   # lines sorted in memory before they go to a run file
FAN_IN = 64     # run files merged at once


class SortedLines:
    """Lines added in any order, read back sorted: an external merge sort in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.buffer: list[str] = []
        self.runs: list[Path] = []

    def add(self, lines) -> None:
        self.buffer.extend(lines)
        if len(self.buffer) >= RUN:
            self._spill()

    def _spill(self) -> None:
        path = self.folder / f"run-{len(self.runs):05d}.nt"
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(sorted(set(self.buffer)))
        self.runs.append(path)
        self.buffer = []

    def __iter__(self):
        if not self.runs:
            yield from sorted(set(self.buffer))
            return
        if self.buffer:
            self._spill()
        while len(self.runs) > FAN_IN:  # merged in stages: a corpus's runs may outnumber open files
            path = self.folder / f"run-{len(self.runs):05d}-merged.nt"
            with path.open("w", encoding="utf-8") as handle:
                handle.writelines(self._merged(self.runs[:FAN_IN]))
            self.runs = self.runs[FAN_IN:] + [path]
        yield from self._merged(self.runs)

    @staticmethod
    def _merged(runs: list[Path]):
        with ExitStack() as stack:
            files = [stack.enter_context(path.open(encoding="utf-8")) for path in runs]
            yield from heapq.merge(*files)
        for path in runs:
            path.unlink(missing_ok=True)


def write_lines(lines, path: Path) -> int:
    """Write lines to a file; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for text in lines:
            handle.write(text)
            count += 1
    return count


def convert(source: Path, target: Path, quads: bool = False) -> None:
    """N-Triples to Turtle, or N-Quads to TriG, in the order of the source, with kg's prefixes."""
    if quads:
        found = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
        ox.serialize(found, str(target), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        found = (q.triple for q in ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES))
        ox.serialize(found, str(target), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def scratch(out_dir: Path) -> tempfile.TemporaryDirectory:
    """A temporary folder beside the outputs (same file system, so finished files are renamed in)."""
    return tempfile.TemporaryDirectory(dir=out_dir, prefix=".kg-build-")
