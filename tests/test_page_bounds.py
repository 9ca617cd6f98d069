"""The page of a graph of more articles than a page draws (kg.page.PAGE_ARTICLES, or kg draw
--articles N): the page of its latest articles, which is the page those articles alone would make,
with the header saying what part of the whole it is."""
import json
import re

import pytest

pytestmark = pytest.mark.model

STORIES = [  # (date, title, text): the first shares no one with the others
    ("2024-01-10", "Farmers meet in Oslo",
     "OSLO (Reuters) - Ola Nordmann met Kari Hansen in Oslo on 9 January 2024 to discuss fishing quotas."),
    ("2024-02-12", "Leaders meet in Tallinn",
     "TALLINN (Reuters) - Estonian Prime Minister Liis Tamm met Latvian Prime Minister Janis Ozols in Tallinn "
     "on 11 February 2024.\n\n\"We agreed to build the power line together,\" Tamm said after the talks."),
    ("2024-03-14", "Ozols visits Vilnius",
     "VILNIUS (Reuters) - Latvian Prime Minister Janis Ozols visited Vilnius on 13 March 2024, where he met "
     "Lithuanian President Rasa Kazlauskiene.\n\nKazlauskiene praised Ozols for his support."),
]


def write(folder, stories):
    folder.mkdir()
    (folder / "stories.jsonl").write_text("".join(json.dumps({"title": title, "text": text, "date": date}) + "\n"
                                                  for date, title, text in stories), encoding="utf-8")
    return folder


def data_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))


def nodes_of(page: str) -> dict:
    found = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    return {n["id"]: n["label"] for n in json.loads(found.group(1))}


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, nlp):
    from kg.build import build

    root = tmp_path_factory.mktemp("bounds")
    build([write(root / "all", STORIES)], root / "all-out")
    build([write(root / "latest", STORIES[1:])], root / "latest-out")
    return root / "all-out" / "graph.ttl", root / "latest-out" / "graph.ttl"


def test_a_page_of_the_latest_articles_is_the_page_they_alone_make(graphs):
    from kg.page.draw import page_of
    from kg.sparql.store import open_store

    everything, latest = graphs
    part = page_of(lambda: open_store(everything), articles=2)
    alone = page_of(lambda: open_store(latest), articles=2)
    assert nodes_of(part) and nodes_of(part) == nodes_of(alone)
    assert "Ola Nordmann" not in nodes_of(part).values() and "Janis Ozols" in nodes_of(part).values()
    drawn, own = data_of(part), data_of(alone)
    assert [a[1] for a in drawn["articles"]] == ["Leaders meet in Tallinn", "Ozols visits Vilnius"]
    assert drawn["facts"] == own["facts"]
    assert own["summary"].pop("whole") is None
    whole = drawn["summary"].pop("whole")
    assert drawn["summary"] == own["summary"]
    full = data_of(page_of(lambda: open_store(everything), articles=0))["summary"]
    assert whole == {"articles": 3, "entities": full["entities"], "facts": full["facts"], "drawn": 2}
    assert full["entities"] > drawn["summary"]["entities"] and full["facts"] > drawn["summary"]["facts"]
    # the page, apart from what the header says of the whole, is the very page of those articles
    assert part.replace(json.dumps(whole, sort_keys=True), "null") == alone


def test_a_store_opened_for_the_page_is_closed_before_the_part_is_drawn(graphs, monkeypatch):
    """page_of opens the store with the function it is given, and lets go of
    the whole graph's store once the part is read out of it: the memory that reading took is free
    when the drawing starts. The store here is a stand-in that forwards to the real one."""
    import weakref

    import kg.page.draw as draw
    from kg.sparql.store import open_store

    class Forward:
        def __init__(self, store):
            self.store = store

        def query(self, *args, **kwargs):
            return self.store.query(*args, **kwargs)

        def quads_for_pattern(self, *args):
            return self.store.quads_for_pattern(*args)

    opened, alive_at_drawing = [], []

    def opener():
        store = Forward(open_store(graphs[0]))
        opened.append(weakref.ref(store))
        return store

    drawn = draw.graph_page

    def graph_page(*args, **kwargs):
        alive_at_drawing.append(opened[0]() is not None)
        return drawn(*args, **kwargs)

    monkeypatch.setattr(draw, "graph_page", graph_page)
    page = draw.page_of(opener, articles=2)
    assert alive_at_drawing == [False]
    assert page == draw.page_of(lambda: open_store(graphs[0]), articles=2)


def test_a_graph_within_the_limit_is_drawn_whole(graphs):
    from kg.page.draw import page_of
    from kg.sparql.store import open_store

    everything, _ = graphs
    page = page_of(lambda: open_store(everything), articles=3)
    assert page == page_of(lambda: open_store(everything), articles=0)
    assert "Ola Nordmann" in nodes_of(page).values() and data_of(page)["summary"]["whole"] is None


def test_kg_draw_takes_the_number_of_articles(graphs, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    everything, _ = graphs
    runner = CliRunner()
    done = runner.invoke(main, ["draw", "-g", str(everything), "-o", str(tmp_path / "one.html"), "--articles", "1"])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert [a[1] for a in data_of(page)["articles"]] == ["Ozols visits Vilnius"]
    assert data_of(page)["summary"]["whole"]["articles"] == 3
    done = runner.invoke(main, ["draw", "-g", str(everything), "-o", str(tmp_path / "all.html"), "--articles", "0"])
    assert done.exit_code == 0 and len(data_of((tmp_path / "all.html").read_text(encoding="utf-8"))["articles"]) == 3
    done = runner.invoke(main, ["draw", "-g", str(everything), "--articles", "-1"])
    assert done.exit_code == 2 and "-1" in done.output


def test_the_header_says_the_page_is_part_of_a_larger_graph(graphs, tmp_path):
    from test_page_browser import ARGS, CHROMIUM, open_page

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    playwright = pytest.importorskip("playwright.sync_api")

    from kg.page.draw import page_of
    from kg.sparql.store import open_store

    everything, _ = graphs
    (tmp_path / "part.html").write_text(page_of(lambda: open_store(everything), articles=2), encoding="utf-8")
    (tmp_path / "whole.html").write_text(page_of(lambda: open_store(everything), articles=0), encoding="utf-8")
    full = data_of((tmp_path / "whole.html").read_text(encoding="utf-8"))["summary"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        problems = []
        page = open_page(browser, tmp_path / "part.html", problems)
        header = page.locator("#kg-summary")
        assert header.inner_text().startswith("\u00b7 the latest 2 of 3 articles \u00b7 2024-02-12 to 2024-03-14")
        assert f" of {full['entities']} entities \u00b7 " in header.inner_text()
        assert "kg draw --articles N" in header.get_attribute("title")
        page = open_page(browser, tmp_path / "whole.html", problems)
        assert page.locator("#kg-summary").inner_text().startswith("\u00b7 3 articles \u00b7 2024-01-10 to 2024-03-14")
        browser.close()
        assert problems == []


def test_kg_build_draws_the_page_of_its_latest_articles(graphs, tmp_path, monkeypatch):
    import kg.page.draw as draw
    from kg.build import build
    from kg.sparql.store import open_store

    everything, latest = graphs
    monkeypatch.setattr(draw, "PAGE_ARTICLES", 2)
    build([everything.parent.parent / "all"], tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert data_of(page)["summary"]["whole"]["articles"] == 3
    assert nodes_of(page) == nodes_of(draw.page_of(lambda: open_store(latest)))
    # the graph itself is whole
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == everything.read_bytes()


def test_the_nodes_of_a_whole_graph_are_counted_as_its_page_draws_them(graphs, seed_graph, dev_graphs):
    from kg.graph.io import load_graph
    from kg.page.draw import node_count, relation_graph

    found = [seed_graph, *(load_graph(path) for path in [*graphs, *dev_graphs.values()] if path)]
    for g in found:
        assert node_count(g) == relation_graph(g).number_of_nodes() > 0
