"""Questions in plain English where a user asks them beside the command line: `kg serve`'s /ask, and
the search box of the graph's page opened from kg serve (a real browser) or from a file."""
import csv
import io
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import free_port, running
from test_page_browser import CHROMIUM, browser, open_page  # noqa: F401  (the browser fixture)


@pytest.fixture(scope="module")
def served(seed_dir):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg.cli", "serve", "-g", str(seed_dir / "graph.ttl"), "--port", str(port),
               "--workers", "1"]
    with running(command, url + "/queries"):
        yield url


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8")


def ask(base, question, **params):
    return get(base + "/ask?" + urllib.parse.urlencode({"q": question, **params}))


def test_ask_over_http_answers_in_json_with_the_sparql_and_in_csv(served):
    status, kind, body = ask(served, "Who did Starmer meet?")
    assert status == 200 and kind.startswith("application/json")
    answer = json.loads(body)
    assert answer["question"] == "Who did Starmer meet?" and "SELECT" in answer["sparql"]
    cells = [cell for row in answer["rows"] for cell in row]
    assert "Giorgia Meloni" in cells and "Martin Hewitt" not in cells
    status, kind, body = ask(served, "Which agreements is Albania party to?", format="csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert status == 200 and kind.startswith("text/csv")
    assert any("Italy\u2013Albania agreement" in cell for row in rows[1:] for cell in row)
    assert not any("Tunisia" in cell for row in rows[1:] for cell in row)
    status, kind, body = ask(served, "Who criticised Starmer?", format="table")
    assert status == 200 and body.startswith("# ") and "human rights groups" in body


def test_ask_over_http_declines_in_one_line_and_keeps_a_hostile_question_as_data(served):
    status, kind, body = ask(served, "What is the population of Italy?")
    assert status == 422 and "error" in json.loads(body) and "\n" not in json.loads(body)["error"]
    status, _, body = ask(served, "What is the population of Italy?", format="csv")
    assert status == 422 and len(body.strip().splitlines()) == 1
    hostile = 'Who met "} } DELETE WHERE { ?s ?p ?o } #<script>alert(1)</script>?'
    status, _, body = ask(served, hostile)
    assert status in (200, 422)
    if status == 200:  # whatever was understood, the text entered the SPARQL as data or not at all
        assert "DELETE" not in json.loads(body)["sparql"] and "<script>" not in json.loads(body)["sparql"]
    status, _, body = ask(served, "Who met Giorgia Meloni?")  # the graph is as it was
    assert status == 200 and "Keir Starmer" in body
    assert get(served + "/ask")[0] == 400


NO_BROWSER = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


@NO_BROWSER
def test_the_page_is_served_and_its_search_box_asks_the_server(served, browser):  # noqa: F811
    status, kind, body = get(served + "/")
    assert status == 200 and kind.startswith("text/html") and 'id="kg-search"' in body
    problems = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(served + "/")
    page.wait_for_function("window.kgPage && window.kgPage.ready")
    page.fill("#kg-search", "Who criticised Starmer?")
    page.press("#kg-search", "Enter")
    page.wait_for_selector("#kg-panel table")
    text = page.locator("#kg-panel").inner_text()
    assert "human rights groups" in text and "Italian opposition parties" not in text
    assert "SPARQL" in text
    page.fill("#kg-search", "What is the population of Italy?")
    page.press("#kg-search", "Enter")
    page.wait_for_function("!document.querySelector('#kg-panel table') && "
                           "!/Asking/.test(document.querySelector('#kg-panel').innerText)")
    assert "population" in page.locator("#kg-panel").inner_text().lower()
    page.fill("#kg-search", "Giorgia Meloni")  # a name still selects its node
    page.press("#kg-search", "Enter")
    page.wait_for_function("document.querySelector('#kg-panel h2').textContent === 'Giorgia Meloni'")
    assert problems == []


@NO_BROWSER
def test_a_page_opened_from_a_file_says_how_to_ask(seed_dir, browser):  # noqa: F811
    problems = []
    page = open_page(browser, seed_dir / "graph.html", problems)
    page.fill("#kg-search", "Who did Starmer meet?")
    page.press("#kg-search", "Enter")
    page.wait_for_selector("#kg-panel code")
    text = page.locator("#kg-panel").inner_text()
    assert "kg serve" in text and "kg ask \u201cWho did Starmer meet?\u201d" in text
    assert problems == []
