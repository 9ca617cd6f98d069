"""The relationship page: self-contained, one node per entity, labelled relations."""
import json
import re

from kg.page.draw import graph_page, relation_graph


def test_page_has_no_external_reference(seed_dir):
    page = (seed_dir / "graph.html").read_text()
    assert not re.search(r"https?://", page)
    assert "<script src=" not in page and "<link" not in page
    assert "vis.Network" in page and 'id="legend"' in page


def test_nodes_and_relations(seed_graph):
    net = relation_graph(seed_graph)
    labels = {d["label"]: d for _, d in net.nodes(data=True)}
    assert labels["Keir Starmer"]["cls"] == "Person" and labels["Italy"]["cls"] == "Country"
    edges = {(net.nodes[a]["label"], d["label"], net.nodes[b]["label"]) for a, b, d in net.edges(data=True)}
    assert ("Giorgia Meloni", "met", "Keir Starmer") in edges or ("Keir Starmer", "met", "Giorgia Meloni") in edges
    assert ("Keir Starmer", "visited", "Berlin") in edges
    assert ("Albania", "party to", "Italy\u2013Albania agreement") in edges
    assert ("Keir Starmer", "Prime Minister", "United Kingdom") in edges
    assert any(d == "criticised" and b == "Keir Starmer" for _, d, b in edges)
    assert ("Giorgia Meloni", "quoted about", "Keir Starmer") in edges  # "We agree with Prime Minister Starmer ..."
    assert ("Steve Valdez-Symonds", "quoted about", "United Kingdom") in edges


def test_page_draws_every_node_with_its_evidence(seed_graph):
    page = graph_page(seed_graph)
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    net = relation_graph(seed_graph)
    assert len(nodes) == net.number_of_nodes() and len(edges) == net.number_of_edges()
    met = next(e for e in edges if e["label"] == "met")
    assert "Meloni" in met["title"]


def test_pictures_are_the_same_bytes_each_time(seed_graph):
    from kg.page.draw import graph_picture

    assert graph_picture(seed_graph, "svg") == graph_picture(seed_graph, "svg")
    assert graph_picture(seed_graph, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_data_script_has_no_markup():
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.page.draw import graph_page
    from kg.graph.rdf import KG

    g = Graph()
    person = URIRef("https://kg.example.org/id/person/x")
    g.add((person, RDF.type, KG.Person))
    g.add((person, RDFS.label, Literal("<!-- x </script><script>alert(1)</script>")))
    g.add((person, KG.mention, URIRef("https://kg.example.org/id/m")))
    page = graph_page(g)
    data = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data


def test_the_page_read_through_the_store_is_the_page_of_the_graph(seed_dir, dev_graphs, tmp_path):
    """kg build and kg draw read a graph through its query store; the page is the one rdflib's Graph gives."""
    from click.testing import CliRunner

    from kg.cli import main
    from kg.graph.io import load_graph
    from kg.sparql.store import StoreView, open_store

    for path in [seed_dir / "graph.ttl"] + [p for p in dev_graphs.values() if p]:
        assert graph_page(StoreView(open_store(path))) == graph_page(load_graph(path)), path
    done = CliRunner().invoke(main, ["draw", "-g", str(seed_dir / "graph.ttl"), "-o", str(tmp_path / "page.html")])
    assert done.exit_code == 0 and (tmp_path / "page.html").read_bytes() == (seed_dir / "graph.html").read_bytes()


def test_a_large_component_is_laid_out_without_graphviz(monkeypatch):
    """Without sfdp, a component of over 500 nodes goes to networkx's spring layout, which needs SciPy."""
    import networkx as nx

    from kg.page import draw

    monkeypatch.setattr(draw.shutil, "which", lambda name: None)
    net = nx.DiGraph()
    nx.add_path(net, [f"n{i}" for i in range(520)])
    net.add_edge("a", "b")
    coords = draw.layout(net)
    assert set(coords) == set(net)
    assert len({(round(x), round(y)) for x, y in coords.values()}) > 500   # spread out, not stacked


def _page_nodes_and_edges(page):
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S).group(1))
    return nodes, edges


def test_the_seed_page_places_every_node_with_no_box_meeting_another(seed_graph):
    from kg.page.draw import FONT, box, overlaps

    page = graph_page(seed_graph)
    nodes, _ = _page_nodes_and_edges(page)
    assert '"physics": {"enabled": false}' in page
    assert all(isinstance(n["x"], float | int) and isinstance(n["y"], float | int) for n in nodes)
    pos = {n["id"]: (n["x"], n["y"]) for n in nodes}
    boxes = {n["id"]: box(n["shape"], n["size"], n["label"], n["font"]["size"]) for n in nodes}
    assert all(n["font"]["size"] == FONT for n in nodes)  # a small page draws every label
    assert overlaps(pos, boxes) == []
    # the entities with no relation are hidden until asked for, and placed apart from the rest
    lonely = [n for n in nodes if n["degree"] == 0]
    assert lonely and all(n["hidden"] for n in lonely) and not any(n["hidden"] for n in nodes if n["degree"])


def test_edges_between_one_pair_are_drawn_apart(seed_graph):
    _, edges = _page_nodes_and_edges(graph_page(seed_graph))
    pairs = {}
    for e in edges:
        pairs.setdefault(frozenset((e["from"], e["to"])), []).append(json.dumps(e["smooth"], sort_keys=True))
    several = [shapes for shapes in pairs.values() if len(shapes) > 1]
    assert several  # Starmer and Meloni: met, and quoted about
    assert all(len(set(shapes)) == len(shapes) for shapes in several)


def test_separate_leaves_no_overlap():
    from kg.page.draw import box, overlaps, separate

    pos = {f"n{i}": ((i * 37) % 100, (i * 53) % 80) for i in range(60)}  # a crowd on a small square
    boxes = {n: box("dot", 12 + i % 5, f"label number {i}") for i, n in enumerate(pos)}
    assert overlaps(pos, boxes)
    moved = separate(pos, boxes)
    assert overlaps(moved, boxes) == [] and moved == separate(pos, boxes)


def test_long_labels_are_cut_on_the_canvas_and_whole_in_the_tooltip(seed_graph):
    nodes, _ = _page_nodes_and_edges(graph_page(seed_graph))
    cut = [n for n in nodes if n["label"].endswith("\u2026")]
    assert cut and all(len(n["label"]) <= 32 and n["kgname"].startswith(n["label"][:-1]) for n in cut)
    assert all(n["kgname"] in n["title"] for n in cut)


def test_the_page_code_is_package_data():
    from importlib.resources import files

    script = files("kg.page").joinpath("page.js").read_text(encoding="utf-8")
    css = files("kg.page").joinpath("page.css").read_text(encoding="utf-8")
    page = graph_page(__import__("rdflib").Graph())
    assert "window.kgPage" in script and script.strip().splitlines()[-1] in page
    assert css.splitlines()[0] in page


def test_pictures_leave_out_entities_with_no_relation_unless_asked(seed_graph):
    from kg.page.draw import graph_picture

    net = relation_graph(seed_graph)
    lonely = sorted(net.nodes[n]["label"] for n in net if net.degree(n) == 0)
    linked = sorted(net.nodes[n]["label"] for n in net if net.degree(n) > 0)
    svg = graph_picture(seed_graph, "svg").decode()
    assert lonely and not any(f">{label}<" in svg for label in lonely)
    assert all(f">{label}<" in svg for label in linked if len(label) <= 32)
    assert all(f">{label}<" in graph_picture(seed_graph, "svg", isolated=True).decode() for label in lonely if len(label) <= 32)
