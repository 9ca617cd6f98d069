"""The seed's page in a real browser (headless Chromium driven by Playwright): it draws every node and
edge with no console error and no request, and search and a click open the facts panel."""
import shutil

import pytest

from kg.page.draw import relation_graph

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, path, problems):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append("request " + r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgPage && window.kgPage.ready")
    return page


def test_the_seed_page_draws_everything_and_answers_search_and_clicks(browser, seed_dir, seed_graph, tmp_path):
    problems = []
    page = open_page(browser, seed_dir / "graph.html", problems)
    net = relation_graph(seed_graph)
    assert page.evaluate("nodes.length") == net.number_of_nodes()
    assert page.evaluate("edges.length") == net.number_of_edges()
    page.fill("#kg-search", "Keir Starmer")
    page.press("#kg-search", "Enter")
    panel = page.locator("#kg-panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert text.startswith("\u00d7\nKeir Starmer") or "Keir Starmer" in text.splitlines()[1]
    assert "meeting with Giorgia Meloni at Villa Doria Pamphilj, Rome" in text
    assert "Earlier he visited the National Coordination Centre for Migration" in text  # an evidence sentence
    page.screenshot(path=str(tmp_path / "seed-search.png"))
    # a click on the Meloni node shows her facts
    node = "https://kg.example.org/id/person/giorgia-meloni"
    page.evaluate("id => network.fit({nodes: [id]})", node)
    point = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("document.querySelector('#kg-panel h2').textContent === 'Giorgia Meloni'")
    assert "role: Prime Minister of Italy" in panel.inner_text()
    page.screenshot(path=str(tmp_path / "seed-click.png"))
    assert (tmp_path / "seed-click.png").stat().st_size > 10_000
    assert problems == []


def test_filters_hide_a_class_and_a_relation(browser, seed_dir):
    problems = []
    page = open_page(browser, seed_dir / "graph.html", problems)
    before = set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.label)"))
    page.click("#kg-key summary")
    page.locator("#kg-classes input[value='Country']").uncheck()
    hidden = set(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.label)")) - before
    assert hidden == {"Albania", "Italy", "Tunisia", "United Kingdom"}
    before = set(page.evaluate("edges.get({filter: e => e.hidden}).map(e => e.id)"))
    page.locator("#kg-relations input[value='visited']").uncheck()
    now = page.evaluate("edges.get({filter: e => e.hidden}).map(e => [e.id, e.label])")
    assert {label for id, label in now if id not in before} == {"visited"}
    assert page.evaluate("edges.get({filter: e => e.label === 'visited' && !e.hidden}).length") == 0
    assert problems == []


HOSTILE = ('Leaders <script>window.pwned = 1</script> meet\n\n'
           'ROME (Reuters) - Keir Starmer met Giorgia Meloni in Rome on 16 September 2024 at the '
           '<img src=x onerror="window.pwned = 2"> summit.\n\n'
           '"We agree </script><script>window.pwned = 3</script> on \'this\' & \\"that\\"," Keir Starmer said.\n\n'
           'Critics denounced the <b onmouseover="window.pwned = 4">plan</b> of Keir Starmer.\n')


def test_article_text_never_runs_as_code(browser, tmp_path):
    from kg.build import build

    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE)
    build([source], tmp_path)
    problems = []
    page = open_page(browser, tmp_path / "graph.html", problems)
    page.fill("#kg-search", "Keir Starmer")
    page.press("#kg-search", "Enter")
    page.locator("#kg-panel").wait_for(state="visible")
    for node in page.evaluate("nodes.getIds()"):
        page.evaluate("id => network.selectNodes([id])", node)
    assert page.evaluate("window.pwned") is None
    shown = page.locator("#kg-panel").inner_text()
    assert '<img src=x onerror="window.pwned = 2">' in shown and "<script>window.pwned = 1</script>" in shown  # as text
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert problems == []
