"""Writing a corpus's graphs without holding them: N-Triples lines are sorted on disk in runs, merged,
and turned into Turtle and TriG by pyoxigraph, so memory stays flat as the corpus grows and the same
input gives the same bytes."""
from __future__ import annotations

import fcntl
import heapq
import os
import shutil
import tempfile
import time
from contextlib import ExitStack, contextmanager
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


SCRATCH = ".kg-build-"
LOCK = ".in-use"
ABANDONED = 600   # seconds after which a scratch folder without its lock file is taken as left behind


@contextmanager
def scratch(out_dir: Path):
    """A temporary folder beside the outputs (same file system, so finished files are renamed in),
    removed afterwards. A build holds a lock on it while it works: the folders of builds killed
    before they could remove theirs (nothing holds their lock) are removed first."""
    for folder in out_dir.glob(SCRATCH + "*"):
        _remove_abandoned(folder)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=SCRATCH, ignore_cleanup_errors=True) as tmp:
        with open(os.path.join(tmp, LOCK), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield tmp


def _remove_abandoned(folder: Path) -> None:
    """Remove a scratch folder when no build is using it."""
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except FileNotFoundError:  # killed before it was locked, or being made this instant
        try:
            if time.time() - folder.stat().st_mtime > ABANDONED:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass
        return
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # in use by a build running now
        return
    finally:
        os.close(fd)
    shutil.rmtree(folder, ignore_errors=True)
