from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1e7e219019d8db9e.txt"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def read(nlp):
    """Extract facts from a text of our own: read(text, published=None) -> Extraction."""
    from kg.articles import make_article
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
    from kg.io import load_graph

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
