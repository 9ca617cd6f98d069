"""The relationship page as a map, in a real browser (headless Chromium driven by Playwright): parallel
edges drawn apart and each clickable, the same positions on every load, no two node boxes meeting,
and the filters of a corpus-scale page made from invented articles (no language model, no corpus text)."""
import hashlib
import random
from datetime import date, timedelta
from itertools import combinations

import pytest

from kg.page.draw import graph_page, relation_graph
from test_page_browser import CHROMIUM, browser, open_page  # noqa: F401 (browser is a fixture)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")

STARMER = "https://kg.example.org/id/person/keir-starmer"
MELONI = "https://kg.example.org/id/person/giorgia-meloni"


def frame(page):
    """Wait until the network has drawn what was last changed."""
    page.evaluate("() => new Promise(done => { network.redraw(); requestAnimationFrame(() => requestAnimationFrame(done)); })")


def overlapping(page, ids, smallest=0):
    """The pairs of nodes among ids whose drawn boxes intersect: shape and label (vis-network's
    bounding box), or the shape alone for a node whose label is smaller than `smallest` pixels."""
    boxes = page.evaluate("""([ids, smallest]) => ids.map(id => {
        var n = network.body.nodes[id];
        if (n.options.font.size >= smallest) return network.getBoundingBox(id);
        return {left: n.shape.left, top: n.shape.top, right: n.shape.left + n.shape.width, bottom: n.shape.top + n.shape.height};
    })""", [ids, smallest])
    found = []
    for (a, ba), (b, bb) in combinations(zip(ids, boxes), 2):
        if (min(ba["right"], bb["right"]) > max(ba["left"], bb["left"]) and
                min(ba["bottom"], bb["bottom"]) > max(ba["top"], bb["top"])):
            found.append((a, b))
    return found


# ----------------------------------------------------------------------------- the seed page

def test_parallel_edges_are_drawn_apart_and_each_can_be_clicked(browser, seed_dir):
    problems = []
    page = open_page(browser, seed_dir / "graph.html", problems)
    pair = page.evaluate("([a, b]) => edges.get({filter: e => (e.from === a && e.to === b) || (e.from === b && e.to === a)})"
                         ".map(e => ({id: e.id, title: e.title}))", [STARMER, MELONI])
    assert len(pair) >= 2
    ids = [e["id"] for e in pair]
    page.evaluate("ids => network.fit({nodes: ids})", [STARMER, MELONI])
    frame(page)
    middles = page.evaluate("ids => ids.map(id => network.body.edges[id].edgeType.getPoint(0.5))", ids)
    for a, b in combinations(middles, 2):
        assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 > 10, middles
    area = page.locator("#mynetwork").bounding_box()
    for edge, middle in zip(pair, middles):
        point = page.evaluate("p => network.canvasToDOM(p)", middle)
        assert 0 <= point["x"] <= area["width"] and 0 <= point["y"] <= area["height"]  # on screen
        page.mouse.click(area["x"] + point["x"], area["y"] + point["y"])
        assert page.evaluate("network.getSelectedEdges()") == [edge["id"]]
        assert page.evaluate("network.getSelectedNodes()") == []
        panel = page.locator("#kg-panel")
        panel.wait_for(state="visible")
        assert page.locator("#kg-panel blockquote").inner_text() == edge["title"].strip()
        assert edge["title"].strip() in panel.inner_text()
    assert problems == []


def test_two_loads_draw_the_same_positions(browser, seed_dir):
    problems = []
    first = open_page(browser, seed_dir / "graph.html", problems)
    second = open_page(browser, seed_dir / "graph.html", problems)
    positions = first.evaluate("kgPage.positions()")
    assert len(positions) == first.evaluate("kgPage.counts().nodes") > 2   # vis-network gives the visible nodes'
    assert positions == second.evaluate("kgPage.positions()")
    for page in (first, second):
        page.evaluate("kgPage.showIsolated(true)")
    positions = first.evaluate("kgPage.positions()")
    assert len(positions) == first.evaluate("nodes.length")
    assert positions == second.evaluate("kgPage.positions()")
    assert problems == []


def test_no_two_node_boxes_meet(browser, seed_dir):
    problems = []
    page = open_page(browser, seed_dir / "graph.html", problems)
    page.evaluate("network.fit()")
    frame(page)
    shown = page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert len(shown) == page.evaluate("kgPage.counts().nodes") > 2
    assert overlapping(page, shown) == []
    page.evaluate("kgPage.showIsolated(true)")
    page.evaluate("network.fit()")
    frame(page)
    every = page.evaluate("nodes.getIds()")
    assert page.evaluate("kgPage.counts().nodes") == len(every) > len(shown)
    assert overlapping(page, every) == []
    assert problems == []


# ----------------------------------------------------------------------------- a corpus-scale page

START = date(2024, 3, 1)
SURNAMES = ["Anders", "Bakke", "Corvin", "Dalmar", "Eskel", "Forsa", "Galdor", "Hesk", "Ilven", "Jorund",
            "Kastel", "Lunde", "Morvik", "Norell", "Ostra", "Pellan"]
LANDS = ["Arvelia", "Borsland", "Cendria", "Dovany", "Estmark", "Felhaven", "Gorvia", "Halstria", "Istovia",
         "Jurenland", "Kelmar", "Lorvany"]


def invented_corpus(articles: int = 50, seed: int = 7):
    """Extractions of invented articles, one a day (each on a different day, over March and April
    2024), with meetings, visits, stances and agreements between invented people and countries, and
    entities that are mentioned but in no fact. Returns (extractions, facts, isolates): facts as
    (article number, date, entity keys at its two ends) for each edge the page draws, isolates the
    keys of the entities in no fact."""
    from kg.model import Agreement, Article, Entity, Evidence, Extraction, Meeting, Mention, Stance, TimeRef, Visit

    rng = random.Random(seed)
    people = {f"person/minister-{i}-{SURNAMES[i % len(SURNAMES)].lower()}":
              f"Minister {i} {SURNAMES[i % len(SURNAMES)]}" for i in range(1, 171)}
    lands = {f"place/{name.lower()}-{i}": f"{name} {i}" for i in range(1, 31) for name in [LANDS[i % len(LANDS)]]}
    lonely = {f"person/observer-{i}-{SURNAMES[(i * 5) % len(SURNAMES)].lower()}":
              f"Observer {i} {SURNAMES[(i * 5) % len(SURNAMES)]}" for i in range(1, 41)}
    names = {**people, **lands, **lonely}
    kinds = {**{k: "Person" for k in people}, **{k: "Country" for k in lands}, **{k: "Person" for k in lonely}}
    extractions, facts, isolates = [], [], set()
    for n in range(articles):
        day = (START + timedelta(days=n * 6 // 5)).isoformat()   # 0 .. 58 days on: 1 March to 28 April
        ident = hashlib.sha1(f"invented {n}".encode()).hexdigest()[:16]
        text, sentences, entities, mentions = f"Invented report {n}\n\n", [], {}, []
        meetings, visits, stances, agreements = [], [], [], []

        def sentence(parts):
            """Append a sentence made of plain words and entity keys; its Evidence, and the mentions."""
            nonlocal text
            begin, found = len(text), []
            for part in parts:
                if part in names:
                    found.append((part, len(text)))
                    text += names[part]
                else:
                    text += part
            text += " "
            ev = Evidence(ident, begin, len(text) - 1, text[begin:len(text) - 1])
            for key, at in found:
                entities[key] = Entity(key, names[key], kinds[key])
                mentions.append(Mention(key, names[key], at, at + len(names[key]), ev))
            return ev

        def when():
            """No date (the fact takes the article's), or the day before the article's."""
            if rng.random() < 0.5:
                return None
            before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
            return TimeRef(before, "date", "yesterday")

        seen = set()
        for _ in range(rng.randint(2, 5)):
            kind = rng.choice(["meeting", "meeting", "visit", "stance", "agreement"] if n % 5 == 0 else
                              ["meeting", "meeting", "visit", "stance"])
            if kind == "meeting":
                who = tuple(sorted(rng.sample(sorted(people), 3 if rng.random() < 0.2 else 2)))
                if ("meeting", who) in seen:
                    continue
                seen.add(("meeting", who))
                at = rng.choice(sorted(lands))
                parts = [who[0]] + [x for w in who[1:] for x in (" and ", w)] + [" met in ", at, "."]
                ev, t = sentence(parts), when()
                meetings.append(Meeting(who, "talks", (at,), t, "held", (ev,)))
                facts += [(n, t.value if t else day, pair) for pair in combinations(who, 2)]
            elif kind == "visit":
                who, where = rng.choice(sorted(people)), rng.choice(sorted(lands))
                if ("visit", who, where) in seen:
                    continue
                seen.add(("visit", who, where))
                ev, t = sentence([who, " visited ", where, "."]), when()
                visits.append(Visit(who, where, t, "visited", (ev,)))
                facts.append((n, t.value if t else day, (who, where)))
            elif kind == "stance":
                who, whom = rng.sample(sorted(people) + sorted(lands), 2)
                polarity = rng.choice(["positive", "negative"])
                if ("stance", who, whom, polarity) in seen:
                    continue
                seen.add(("stance", who, whom, polarity))
                ev = sentence([who, " praised " if polarity == "positive" else " criticised ", whom, "."])
                stances.append(Stance(who, polarity, whom, "praised" if polarity == "positive" else "criticised", (ev,)))
                facts.append((n, day, (who, whom)))   # a stance has no date of its own
            elif not agreements:
                parties = tuple(sorted(rng.sample(sorted(lands), 2)))
                key = f"agreement/pact-{n}"
                ev, t = sentence([parties[0], " and ", parties[1], " signed a pact."]), when()
                label = f"Pact {n} of {names[parties[0]]} and {names[parties[1]]}"
                agreements.append(Agreement(key, label, "pact", parties, "signed", t, (ev,)))
                facts += [(n, t.value if t else day, (p, key)) for p in parties]
        for key in rng.sample(sorted(lonely), rng.randint(0, 2)):
            sentence(["The matter was followed by ", key, "."])
        isolates.update(entities)
        article = Article(ident, f"Invented report {n}", text.rstrip(), day, f"invented-{n:02d}.txt")
        extractions.append(Extraction(article, tuple(entities.values()), tuple(mentions), (), (), tuple(meetings),
                                      tuple(visits), tuple(agreements), (), tuple(stances)))
    isolates -= {key for f in facts for key in f[2]}   # the observers, and the places only met in
    return extractions, facts, isolates


@pytest.fixture(scope="module")
def corpus():
    from kg.graph.rdf import facts_to_graph

    extractions, facts, isolates = invented_corpus()
    return facts_to_graph(extractions), facts, isolates


@pytest.fixture(scope="module")
def corpus_page(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "graph.html"
    path.write_text(graph_page(corpus[0]), encoding="utf-8")
    return path


def test_the_invented_corpus_is_a_valid_graph(corpus):
    from kg.graph.validate import validate_graph

    graph, facts, isolates = corpus
    assert validate_graph(graph) == []
    net = relation_graph(graph)
    assert net.number_of_edges() == len(facts)
    assert {str(n) for n in net if net.degree(n) == 0} == {"https://kg.example.org/id/" + k for k in isolates}
    assert len(isolates) >= 5


def test_the_filters_of_a_corpus_page(browser, corpus, corpus_page):
    graph, facts, isolates = corpus
    net = relation_graph(graph)
    linked = sum(1 for n in net if net.degree(n) > 0)
    problems = []
    page = open_page(browser, corpus_page, problems)

    assert page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).summary.big")  # over PHYSICS_LIMIT nodes

    # entities with no relation are hidden until the button shows them
    assert page.evaluate("kgPage.counts()") == {"nodes": linked, "edges": len(facts)}
    page.click("#kg-isolated")
    assert page.evaluate("kgPage.counts()") == {"nodes": net.number_of_nodes(), "edges": len(facts)}
    assert net.number_of_nodes() == linked + len(isolates)
    page.click("#kg-isolated")
    assert page.evaluate("kgPage.counts().nodes") == linked

    # one article: its facts only (the articles are listed by date, which is the order they were made in)
    assert page.locator("#kg-article option").count() == 51
    for n in (0, 7, 25, 49):
        mine = [f for f in facts if f[0] == n]
        ends = {e for f in mine for e in f[2]}
        page.evaluate("i => kgPage.setArticle(i)", n)
        assert page.evaluate("kgPage.counts()") == {"nodes": len(ends), "edges": len(mine)}, n
    page.evaluate("kgPage.setArticle(null)")
    assert page.evaluate("kgPage.counts()") == {"nodes": linked, "edges": len(facts)}

    # a range of days: the facts dated in it (a fact with no date of its own has its article's)
    days = page.evaluate("kgPage.days()")
    assert days == sorted({f[1] for f in facts})
    assert days[0] < "2024-03-05" and days[-1] > "2024-04-25"
    for a, b in ((0, 0), (3, 17), (len(days) // 2, len(days) - 1), (10, 11)):
        page.evaluate("([a, b]) => kgPage.setDates(a, b)", [a, b])
        expected = sum(1 for f in facts if days[a] <= f[1] <= days[b])
        assert 0 < page.evaluate("kgPage.counts().edges") == expected < len(facts), (a, b)
        assert page.locator("#kg-from-out").inner_text() == days[a] and page.locator("#kg-to-out").inner_text() == days[b]
    page.evaluate("([a, b]) => kgPage.setDates(a, b)", [0, len(days) - 1])
    assert page.evaluate("kgPage.counts()") == {"nodes": linked, "edges": len(facts)}
    assert problems == []


def test_no_two_node_boxes_meet_on_a_corpus_page(browser, corpus_page):
    """On a page of over PHYSICS_LIMIT nodes the small labels (drawn only when zoomed in) are not
    kept apart: only the shapes, and the large labels of the most connected nodes."""
    from kg.page.draw import FONT

    problems = []
    page = open_page(browser, corpus_page, problems)
    assert page.evaluate("nodes.get().filter(n => n.font.size >= %d && !n.hidden).length" % FONT) > 10
    frame(page)
    assert overlapping(page, page.evaluate("nodes.get({filter: n => !n.hidden}).map(n => n.id)"), FONT) == []
    page.evaluate("kgPage.showIsolated(true)")
    page.evaluate("network.fit()")   # the isolated ones, in a grid below the others, are drawn once in view
    frame(page)
    assert overlapping(page, page.evaluate("nodes.getIds()"), FONT) == []
    assert problems == []


def test_the_page_is_the_same_bytes_each_time(seed_graph, corpus):
    assert graph_page(seed_graph) == graph_page(seed_graph)
    assert graph_page(corpus[0]) == graph_page(corpus[0])
