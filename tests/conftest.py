from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1e7e219019d8db9e.txt"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def read(nlp):
    """Extract facts from a text of our own: read(text, published=None) -> Extraction."""
    from kg.inputs.articles import make_article
    from kg.extract import extract_article

    def run(text: str, published: str | None = "2024-03-14"):
        article = make_article("Latest news\n\n" + text, published=published)
        return extract_article(nlp(article.text), article)

    return run


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory, nlp):
    """The seed built once into a temporary output folder (graph.ttl, graph.html)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed")
    build([SEED], out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_dir):
    from kg.graph.io import load_graph

    return load_graph(seed_dir / "graph.ttl")


GOLD = ROOT.parent / "shared" / "eval" / "gold"


@pytest.fixture(scope="session")
def dev_graphs(tmp_path_factory, nlp):
    """The seed and the development articles (read from ../shared when present), each built once:
    {name: graph.ttl path}."""
    import json

    from kg.build import build

    out = {"seed": None}
    for name in ("dev-01", "dev-03", "dev-07"):
        gold = GOLD / f"{name}.json"
        if gold.exists():
            data = json.loads(gold.read_text())
            folder = tmp_path_factory.mktemp(name)
            build([(gold.parent / data["article"]).resolve()], folder, data.get("published"))
            out[name] = folder / "graph.ttl"
    return out


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(command: list[str], ready_url: str):
    """Run a server until the block ends, once ready_url answers (at most ten seconds)."""
    import subprocess
    import time
    import urllib.request

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(ready_url, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
