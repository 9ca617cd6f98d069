"""The graph page at scale, side by side in one run: `kg draw` (layout included) and the time headless
Chromium takes until the network is drawn and stable, for kg's page and for pyvis' default page of
the same graph (physics on, scripts inlined so that both work offline).

    python benchmarks/page.py [--sizes 100 1000 5000] [--limit 180]

Graphs are copies of real extractions (the seed and the development articles in ../shared) with
distinct IRIs, as many as it takes to reach each size in nodes.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from query import real_extractions  # noqa: E402  (the same real graphs as the query benchmark)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
STABLE = """() => new Promise(resolve => {
  const done = () => resolve(performance.now() / 1000);
  if (!network.physics.options.enabled || network.physics.stabilized) { network.once("afterDrawing", done); network.redraw(); }
  else { network.once("stabilizationIterationsDone", done); network.once("stabilized", done); }
})"""


def graph_of(lines: list[str], nodes: int, folder: Path) -> tuple[Path, int]:
    """A Turtle graph whose relation graph has about `nodes` nodes, and that count."""
    from rdflib import Graph

    from kg.config import resource_base
    from kg.page.draw import relation_graph

    base = resource_base()
    one = relation_graph(Graph().parse(data="\n".join(lines), format="nt")).number_of_nodes()
    copies = max(1, round(nodes / one))
    text = "\n".join(line.replace(base, f"{base}copy{k}/") for k in range(copies) for line in lines)
    graph = Graph().parse(data=text, format="nt")
    path = folder / f"graph-{nodes}.ttl"
    graph.serialize(path, format="turtle")
    return path, relation_graph(graph).number_of_nodes()


def pyvis_default(graph_path: Path, out: Path) -> None:
    """pyvis' default page of the same nodes and edges (physics on), made offline like kg's."""
    from pyvis.network import Network

    import re

    from kg.page.draw import relation_graph
    from kg.graph.io import load_graph

    net = relation_graph(load_graph(graph_path))
    page = Network(directed=True, cdn_resources="in_line")
    for n, data in net.nodes(data=True):
        page.add_node(str(n), label=data["label"])
    for a, b, data in net.edges(data=True):
        page.add_edge(str(a), str(b), label=data["label"])
    html = page.generate_html().replace("</body>", "<script>window.kgPage = {ready: true};</script></body>")
    html = re.sub(r"<link[^>]*https?://[^>]*>", "", html, flags=re.S)  # offline, like kg's page
    html = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", html, flags=re.S)
    out.write_text(html)


def seconds_to_stable(browser, page_path: Path, limit: float) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(limit * 1000)
    try:
        page.goto(page_path.as_uri(), wait_until="load")
        page.wait_for_function("typeof network !== 'undefined'")
        return page.evaluate(STABLE)
    except Exception:  # Playwright's timeout: the page did not get there within the limit
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--limit", type=float, default=180.0, help="seconds to wait for a page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    lines = real_extractions()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    print(f"layout: {'Graphviz sfdp' if shutil.which('sfdp') else 'networkx spring (install graphviz for sfdp)'}")
    print(f"{'nodes':>6} {'edges':>6} {'kg draw':>9} {'kg page':>9} {'pyvis page':>11} {'pyvis/kg page':>14}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        folder = Path(tmp)
        for size in args.sizes:
            graph, nodes = graph_of(lines, size, folder)
            ours, theirs = folder / f"kg-{size}.html", folder / f"pyvis-{size}.html"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "draw", "-g", str(graph), "-o", str(ours)],
                           check=True, stdout=subprocess.DEVNULL)
            draw = time.perf_counter() - started
            pyvis_default(graph, theirs)
            kg_page = seconds_to_stable(browser, ours, args.limit)
            pyvis_page = seconds_to_stable(browser, theirs, args.limit)
            from kg.graph.io import load_graph
            from kg.page.draw import relation_graph

            edges = relation_graph(load_graph(graph)).number_of_edges()
            show = lambda t: f"{t:8.1f}s" if t is not None else f">{args.limit:6.0f}s "
            ratio = f"{pyvis_page / kg_page:13.1f}x" if kg_page and pyvis_page else f"{'> ' + format((args.limit / kg_page) if kg_page else 0, '.0f') + 'x':>14}"
            print(f"{nodes:>6} {edges:>6} {draw:8.1f}s {show(kg_page)} {show(pyvis_page):>11} {ratio}")
        browser.close()
    print("\nkg draw: the whole process (reading the graph, layout, writing the page). Page times: from navigation "
          "to the network drawn (kg's page: fixed positions; pyvis': physics settled), in headless Chromium on this machine.")


if __name__ == "__main__":
    main()
