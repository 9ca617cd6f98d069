"""The relationship page: entities as nodes, relations as labelled edges, one self-contained HTML file
with search, filters, a facts panel and neighbourhood highlighting; and static SVG/PNG pictures.

Meetings are drawn as labelled "met" edges between their participants (most are two people, and an
edge reads at a glance); agreements are nodes of their own, since they have several parties, a
status and a date, and are themselves praised or criticised.
"""
from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import subprocess
from functools import partial
from itertools import combinations

from rdflib import RDF, RDFS, Graph

from ..graph.rdf import KG, SCHEMA
from ..procs import die_with_parent
from . import PAGE_ARTICLES

#: class -> (colour, pyvis shape, legend label)
STYLE = {
    "Person": ("#4e79a7", "dot", "Person"),
    "Country": ("#59a14f", "square", "Country"),
    "City": ("#8cd17d", "triangle", "City"),
    "Place": ("#b6d7a8", "triangle", "Place"),
    "Organisation": ("#f28e2b", "hexagon", "Organisation"),
    "Government": ("#f28e2b", "hexagon", "Organisation"),
    "GovernmentAgency": ("#f28e2b", "hexagon", "Organisation"),
    "IntergovernmentalOrganisation": ("#e15759", "hexagon", "International body"),
    "PoliticalParty": ("#f28e2b", "hexagon", "Organisation"),
    "NewsAgency": ("#bab0ac", "hexagon", "News organisation"),
    "NGO": ("#ff9da7", "hexagon", "NGO"),
    "Group": ("#d4a6c8", "ellipse", "Group"),
    "Agreement": ("#b07aa1", "diamond", "Agreement"),
    "Topic": ("#dddddd", "box", "Topic"),
}
EDGE_COLOURS = {"praised": "#2ca02c", "criticised": "#d62728", "met": "#4e79a7", "visited": "#59a14f",
                "party to": "#b07aa1", "quoted about": "#9c755f"}
PHYSICS_LIMIT = 150   # above this many nodes, positions come from Python and physics is off


# ----------------------------------------------------------------------------- the graph between entities

def relation_graph(g: Graph):
    """A networkx MultiDiGraph between entities (and agreements, topics) with labelled relations."""
    import networkx as nx

    net = nx.MultiDiGraph()
    counts = {e: int(n) for e, n in g.query(f"SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?e <{KG.mention}> ?m }} GROUP BY ?e")}

    def node(n):
        if n not in net:
            cls = next((str(c).split("#")[-1] for c in g.objects(n, RDF.type) if str(c).split("#")[-1] in STYLE), "Topic")
            net.add_node(n, label=str(g.value(n, RDFS.label) or n), cls=cls, mentions=counts.get(n, 0))
        return n

    def edge(a, b, label, fact):
        if a is not None and b is not None:  # a fact missing an end (a graph that breaks the shapes) is left out
            articles = sorted({str(x) for e in g.objects(fact, KG.evidence) for x in g.objects(e, KG.article)})
            date = g.value(fact, KG.date)
            net.add_edge(node(a), node(b), label=label, title=_sentence(g, fact), fact=str(fact),
                         articles=articles, date=str(date) if date is not None else None)

    for m in sorted(g.subjects(RDF.type, KG.Meeting)):
        for a, b in combinations(sorted(g.objects(m, KG.participant)), 2):
            edge(a, b, "met", m)
    for v in sorted(g.subjects(RDF.type, KG.Visit)):
        edge(g.value(v, KG.visitor), g.value(v, KG.destination), "visited", v)
    for a in sorted(g.subjects(RDF.type, KG.Agreement)):
        for p in sorted(g.objects(a, KG.party)):
            edge(p, a, "party to", a)
    for r in sorted(g.subjects(RDF.type, KG.Role)):
        if g.value(r, KG.organisation) is not None:
            edge(g.value(r, KG.person), g.value(r, KG.organisation), str(g.value(r, RDFS.label)), r)
    for s in sorted(g.subjects(RDF.type, KG.Stance)):
        label = "praised" if str(g.value(s, KG.polarity)) == "positive" else "criticised"
        edge(g.value(s, KG.source), g.value(s, KG.target), label, s)
    mentions = _mentions_by_article(g)
    for q in sorted(g.subjects(RDF.type, KG.Quote)):
        speaker = g.value(q, KG.speaker)
        if None in (speaker, g.value(q, KG.beginIndex), g.value(q, KG.endIndex)):
            continue
        begin, end = int(g.value(q, KG.beginIndex)), int(g.value(q, KG.endIndex))
        article = g.value(g.value(q, KG.evidence), KG.article)
        for entity in sorted({e for at, e in mentions.get(article, []) if begin <= at < end and e != speaker}):
            edge(speaker, entity, "quoted about", q)
    for e in sorted(counts):
        node(e)
    return net


def _mentions_by_article(g: Graph) -> dict:
    """(offset, entity) of the mentions inside quotes, by article."""
    out: dict = {}
    rows = g.query(f"""SELECT DISTINCT ?article ?begin ?entity WHERE {{
        ?q a <{KG.Quote}> ; <{KG.beginIndex}> ?from ; <{KG.endIndex}> ?to ; <{KG.evidence}> ?evidence .
        ?evidence <{KG.article}> ?article . ?m <{KG.evidence}> ?evidence ; <{KG.beginIndex}> ?begin ; <{KG.denotes}> ?entity .
        FILTER(?begin >= ?from && ?begin < ?to) }}""")  # a quote's evidence: the sentences it spans
    for article, begin, entity in rows:
        out.setdefault(article, []).append((int(begin), entity))
    return out


def _sentence(g: Graph, fact) -> str:
    evidence = sorted(g.objects(fact, KG.evidence))
    return str(g.value(evidence[0], KG.sentence)) if evidence else ""


# ----------------------------------------------------------------------------- facts for the side panel

def node_facts(g: Graph) -> dict[str, list[dict]]:
    """For each node, the facts the panel lists: what, the evidence sentence and the article's headline."""
    out: dict[str, list[dict]] = {}

    def add(node, kind, text, fact):
        if node is None:
            return
        evidence = sorted(g.objects(fact, KG.evidence))
        sentence = str(g.value(evidence[0], KG.sentence)) if evidence else ""
        article = g.value(g.value(evidence[0], KG.article), SCHEMA.headline) if evidence else None
        out.setdefault(str(node), []).append({"kind": kind, "text": text, "evidence": sentence, "article": str(article or "")})

    label = lambda n: str(g.value(n, RDFS.label) or n)
    for r in sorted(g.subjects(RDF.type, KG.Role)):
        org = g.value(r, KG.organisation)
        add(g.value(r, KG.person), "role", label(r) + (f" of {label(org)}" if org is not None else ""), r)
        if org is not None:
            add(org, "member", f"{label(g.value(r, KG.person))} ({label(r)})", r)
    for m in sorted(g.subjects(RDF.type, KG.Meeting)):
        people = sorted(g.objects(m, KG.participant), key=label)
        where = _place_chain(g, g.value(m, KG.place))
        when = g.value(m, KG.date)
        for p in people:
            others = ", ".join(label(o) for o in people if o != p)
            text = f"{g.value(m, KG.kind)} with {others}" + (f" at {where}" if where else "") + (f" on {when}" if when else "")
            add(p, "meeting", text, m)
    for v in sorted(g.subjects(RDF.type, KG.Visit)):
        add(g.value(v, KG.visitor), "visit", f"visited {_place_chain(g, g.value(v, KG.destination))}", v)
        add(g.value(v, KG.destination), "visit", f"visited by {label(g.value(v, KG.visitor))}", v)
    for a in sorted(g.subjects(RDF.type, KG.Agreement)):
        status = g.value(a, KG.status)
        for p in g.objects(a, KG.party):
            add(p, "agreement", label(a) + (f" ({status})" if status else ""), a)
        add(a, "agreement", "parties: " + ", ".join(sorted(label(p) for p in g.objects(a, KG.party))), a)
    for q in sorted(g.subjects(RDF.type, KG.Quote)):
        add(g.value(q, KG.speaker), "quote", "\u201c" + str(g.value(q, KG.text)) + "\u201d", q)
    for s in sorted(g.subjects(RDF.type, KG.Stance)):
        verb = "praised" if str(g.value(s, KG.polarity)) == "positive" else "criticised"
        add(g.value(s, KG.source), "stance", f"{verb} {label(g.value(s, KG.target))}", s)
        add(g.value(s, KG.target), "stance", f"{verb} by {label(g.value(s, KG.source))}", s)
    return out


def _place_chain(g: Graph, place) -> str:
    names, seen = [], set()
    while place is not None and place not in seen:
        seen.add(place)
        names.append(str(g.value(place, RDFS.label) or place))
        place = g.value(place, KG.locatedIn)
    return ", ".join(names)


# ----------------------------------------------------------------------------- layout

def layout(net) -> dict:
    """Deterministic positions in pixels. Components are laid out apart (a circle for small ones;
    Graphviz sfdp, one call for all the others, when installed, else networkx's spring layout) and
    then packed in rows, largest first: Graphviz's own packing is what makes it slow on a corpus
    graph of thousands of small components."""
    import math

    import networkx as nx

    simple = nx.Graph(net.to_undirected())
    components = sorted((sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0])))
    big = [n for c in components if len(c) > 8 for n in c]
    raw = _sfdp(simple.subgraph(big), big) if big and shutil.which("sfdp") else {}
    placed = [_normalised({n: raw[n] for n in c} if c[0] in raw else _small_layout(simple.subgraph(c), c))
              for c in components]
    area = sum((w + 80) * (h + 80) for _, w, h in placed)
    row_width = max(1200.0, math.sqrt(area) * 1.3)
    coords, x, y, row_height = {}, 0.0, 0.0, 0.0
    for pos, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + 80, 0.0
        for n, (px, py) in pos.items():
            coords[n] = (x + px, y + py)
        x += w + 80
        row_height = max(row_height, h)
    return coords


def _sfdp(sub, order: list) -> dict:
    """Graphviz sfdp positions of a graph (components overlap: they are packed afterwards)."""
    index = {n: i for i, n in enumerate(order)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in sub.edges)
    dot = "graph G {\n" + "".join(f"{i};\n" for i in range(len(order))) + "".join(f"{a} -- {b};\n" for a, b in edges) + "}\n"
    plain = subprocess.run(["sfdp", "-Gpack=false", "-Tplain"], input=dot, capture_output=True, text=True, check=True,
                           preexec_fn=partial(die_with_parent, os.getpid())).stdout
    return {order[int(p[1])]: (float(p[2]) * 90, -float(p[3]) * 90)
            for p in (line.split() for line in plain.splitlines()) if p and p[0] == "node"}


def _small_layout(sub, order: list) -> dict:
    """A point, a circle for up to eight nodes, else networkx's spring layout."""
    import math

    import networkx as nx

    if len(order) == 1:
        return {order[0]: (0.0, 0.0)}
    if len(order) <= 8:
        radius = 45.0 * len(order) / math.pi
        return {n: (radius * math.cos(2 * math.pi * i / len(order)), radius * math.sin(2 * math.pi * i / len(order)))
                for i, n in enumerate(order)}
    raw = nx.spring_layout(sub, seed=1, iterations=50 if len(order) < 500 else 15)
    scale = 60.0 * math.sqrt(len(order))
    return {n: (scale * raw[n][0], scale * raw[n][1]) for n in order}


def _normalised(pos: dict) -> tuple[dict, float, float]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    left, top = min(xs), min(ys)
    return {n: (px - left, py - top) for n, (px, py) in pos.items()}, max(xs) - left, max(ys) - top


# ----------------------------------------------------------------------------- label boxes

FONT = 14             # vis-network's label size, in pixels
CHAR = 0.62 * FONT    # a generous average width of a character of its sans-serif font
SHORT = 32            # characters of a label drawn on the canvas; the whole label is in the tooltip and panel
EDGE = 170            # pixels: the usual length of an edge, before nodes are pushed apart
LABELLED = 60         # on a page of more than PHYSICS_LIMIT nodes, the most connected nodes whose labels are drawn


def short_label(label: str, most: int = SHORT) -> str:
    """A long label cut at a word for the canvas.

    >>> short_label("policy of deporting asylum seekers to Rwanda and other countries")
    'policy of deporting asylum\u2026'
    """
    if len(label) <= most:
        return label
    cut = label[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or label[: most - 1]) + "\u2026"


def node_size(mentions: int) -> float:
    return 12 + 3 * min(mentions, 10)


def box(shape: str, size: float, label: str | None, font: float = FONT) -> tuple[float, float, float, float]:
    """What a node covers on the canvas, relative to its centre: (left, top, right, bottom). A box
    shape holds its label; the other shapes draw it below themselves."""
    width = 0.62 * font * len(label) if label else 0.0
    if shape == "box":
        half_w, half_h = max(width, 10) / 2 + 6, (font if label else FONT) / 2 + 6
        return (-half_w, -half_h, half_w, half_h)
    left, right, bottom = -size, size, size
    if label:
        left, right, bottom = min(left, -width / 2), max(right, width / 2), size + 4 + font * 1.3
    return (left - 3, -size - 3, right + 3, bottom + 3)


def neighbours(net) -> dict:
    """How many other nodes each node is joined to, whatever the number of edges between them."""
    return {n: len(set(net.predecessors(n)) | set(net.successors(n))) for n in net}


def node_boxes(net, fonts: dict) -> dict:
    """Each node's box on the canvas (see box): its shape, size, cut label and the label's font."""
    return {n: box(STYLE[net.nodes[n]["cls"]][1], node_size(net.nodes[n]["mentions"]),
                   short_label(net.nodes[n]["label"]), fonts[n]) for n in net}


def drawn_edges(net):
    """(number, from, to, data, curve) of each edge in drawing order; curve is how it is drawn apart
    from the other edges between the same two nodes (see _curve)."""
    pairs: dict = {}
    ordered = sorted(net.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]["label"], e[2]["fact"]))
    for number, (a, b, data) in enumerate(ordered):
        pair = (str(a), str(b)) if str(a) <= str(b) else (str(b), str(a))
        k = pairs.get(pair, 0)
        pairs[pair] = k + 1
        yield number, a, b, data, _curve(k, str(a) != pair[0])


def label_fonts(net, big: bool) -> dict:
    """The font size of each node's label. On a small page every label is drawn at FONT; on a large
    one the most connected nodes get large labels, readable at the first view, and the others small
    ones, which vis-network draws only once the view is zoomed in (and all have a tooltip)."""
    if not big:
        return {n: FONT for n in net}
    degree = neighbours(net)
    ranked = sorted((n for n in net if degree[n]), key=lambda n: (-degree[n], -net.nodes[n]["mentions"], str(n)))
    fonts = {n: 12 for n in net}
    fonts.update({n: 34 for n in ranked[:LABELLED // 4]})
    fonts.update({n: 24 for n in ranked[LABELLED // 4:LABELLED]})
    return fonts


def separate(pos: dict, boxes: dict, gap: float = 6.0, rounds: int = 1500, every: int = 10,
             grow: float = 1.05) -> dict:
    """Positions moved apart until no two boxes intersect (with `gap` between them): each overlapping
    pair is pushed apart along the axis where it overlaps least. Where boxes are too crowded for
    pushes alone (a hub's many neighbours), the whole picture is also spread by `grow` about its
    centre every `every` rounds, which keeps its shape and lets the pushes finish. Deterministic: the
    pairs are visited in the order of the nodes' sorted ids. Each box is entered in every cell of a
    grid it covers, so only boxes that share a cell are compared, however large a few of them are."""
    order = sorted(pos, key=str)
    x = [float(pos[n][0]) for n in order]
    y = [float(pos[n][1]) for n in order]
    bx = [boxes[n] for n in order]
    sides = sorted(max(b[2] - b[0], b[3] - b[1]) for b in bx)
    cell = sides[len(sides) // 2] + gap
    middle_x, middle_y = sum(x) / max(len(x), 1), sum(y) / max(len(y), 1)
    for done in range(rounds):
        if done and done % every == 0:
            x = [middle_x + (v - middle_x) * grow for v in x]
            y = [middle_y + (v - middle_y) * grow for v in y]
        grid: dict = {}
        for i, b in enumerate(bx):
            for cx in range(int((x[i] + b[0]) // cell), int((x[i] + b[2] + gap) // cell) + 1):
                for cy in range(int((y[i] + b[1]) // cell), int((y[i] + b[3] + gap) // cell) + 1):
                    grid.setdefault((cx, cy), []).append(i)
        pairs = sorted({(members[k], members[m]) for members in grid.values() if len(members) > 1
                        for k in range(len(members)) for m in range(k + 1, len(members))})
        moved = False
        for i, j in pairs:
            a, b = bx[i], bx[j]
            over_x = min(x[i] + a[2], x[j] + b[2]) - max(x[i] + a[0], x[j] + b[0]) + gap
            over_y = min(y[i] + a[3], y[j] + b[3]) - max(y[i] + a[1], y[j] + b[1]) + gap
            if over_x <= 0 or over_y <= 0:
                continue
            moved = True
            if over_x < over_y:
                push = over_x / 2 + 0.5
                sign = 1.0 if x[j] + (b[0] + b[2]) / 2 >= x[i] + (a[0] + a[2]) / 2 else -1.0
                x[i] -= sign * push
                x[j] += sign * push
            else:
                push = over_y / 2 + 0.5
                sign = 1.0 if y[j] + (b[1] + b[3]) / 2 >= y[i] + (a[1] + a[3]) / 2 else -1.0
                y[i] -= sign * push
                y[j] += sign * push
        if not moved:
            break
    return {n: (x[i], y[i]) for i, n in enumerate(order)}


def overlaps(pos: dict, boxes: dict) -> list[tuple]:
    """The pairs of nodes whose boxes intersect (for tests and checks)."""
    items = sorted(pos, key=str)
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            ba, bb = boxes[a], boxes[b]
            if (min(pos[a][0] + ba[2], pos[b][0] + bb[2]) > max(pos[a][0] + ba[0], pos[b][0] + bb[0]) and
                    min(pos[a][1] + ba[3], pos[b][1] + bb[3]) > max(pos[a][1] + ba[1], pos[b][1] + bb[1])):
                found.append((a, b))
    return found


def communities(net) -> dict:
    """Each connected node's community (0 the largest), by networkx's Louvain method with a fixed seed."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_edges_from((a, b) for a, b in net.to_undirected().edges() if a != b)
    if not simple.number_of_edges():
        return {}
    groups = nx.community.louvain_communities(simple, seed=1)
    groups = sorted((sorted(c, key=str) for c in groups), key=lambda c: (-len(c), str(c[0])))
    return {n: i for i, group in enumerate(groups) for n in group}


def placed(net, fonts: dict) -> dict:
    """Positions of every node: the connected ones laid out and moved apart so that no two boxes
    (node and label, for the labels of FONT and larger) meet, then the nodes with no relation in a
    grid below them."""
    connected = net.subgraph([n for n in net if net.degree(n) > 0])
    lonely = sorted((n for n in net if net.degree(n) == 0), key=lambda n: (net.nodes[n]["label"].lower(), str(n)))
    boxes = node_boxes(net, fonts)
    pos = {}
    if connected.number_of_nodes():
        raw = layout(connected)
        # scale the layout to edges of about EDGE pixels, then push apart until no two boxes meet
        lengths = sorted(math.dist(raw[a], raw[b]) for a, b in connected.edges() if a != b)
        scale = EDGE / max(lengths[len(lengths) // 2], 1e-6) if lengths else 1.0
        pos = separate({n: (x * scale, y * scale) for n, (x, y) in raw.items()}, {n: boxes[n] for n in raw})
    if lonely:
        top = max((p[1] + boxes[n][3] for n, p in pos.items()), default=0.0) + 120
        left = min((p[0] + boxes[n][0] for n, p in pos.items()), default=0.0)
        columns = max(4, int(len(lonely) ** 0.5 * 1.6))
        width = max(boxes[n][2] - boxes[n][0] for n in lonely) + 12
        height = max(boxes[n][3] - boxes[n][1] for n in lonely) + 12
        for i, n in enumerate(lonely):
            pos[n] = (left + (i % columns) * width - boxes[n][0], top + (i // columns) * height - boxes[n][1])
    return pos


# ----------------------------------------------------------------------------- the page

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#86bcb6", "#d37295", "#a0cbe8"]


def _articles(g) -> list[dict]:
    """The articles of the graph: IRI, headline and date, sorted by date then headline."""
    rows = g.query(f"""SELECT ?a ?h ?d WHERE {{ ?a a <{SCHEMA.NewsArticle}> .
        OPTIONAL {{ ?a <{SCHEMA.headline}> ?h }} OPTIONAL {{ ?a <{SCHEMA.datePublished}> ?d }} }}""")
    found = {str(a): {"id": str(a), "headline": str(h or ""), "date": str(d) if d is not None else ""} for a, h, d in rows}
    return sorted(found.values(), key=lambda a: (a["date"] or "9999", a["headline"], a["id"]))


def _fact_count(g) -> int:
    kinds = ", ".join(f"<{KG[k]}>" for k in ("Meeting", "Visit", "Agreement", "Quote", "Stance", "Role"))
    rows = g.query(f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a ?k . FILTER(?k IN ({kinds})) }}")
    return int(next(iter(rows))[0])


def graph_page(g: Graph, title: str = "kg: who did what with whom", whole: dict | None = None) -> str:
    """The page of a graph as one self-contained HTML string (no network needed to open it): every
    position computed here, so each load draws the same picture. whole: the articles, entities and
    facts of the whole graph, when g is the part of it drawn (see page_of)."""
    from importlib.metadata import PackageNotFoundError, version
    from pyvis.network import Network

    net = relation_graph(g)
    articles = _articles(g)
    article_index = {a["id"]: i for i, a in enumerate(articles)}
    dates = {a["id"]: a["date"] for a in articles}
    big = net.number_of_nodes() > PHYSICS_LIMIT
    degree = neighbours(net)
    fonts = label_fonts(net, big)
    positions = placed(net, fonts)
    community = communities(net)
    node_articles: dict = {}
    for a, b, d in net.edges(data=True):
        for n in (a, b):
            node_articles.setdefault(n, set()).update(article_index[x] for x in d["articles"] if x in article_index)
    for n, arts in _mention_articles(g).items():
        node_articles.setdefault(n, set()).update(article_index[x] for x in arts if x in article_index)

    page = Network(height="calc(100vh - 96px)", width="100%", directed=True, cdn_resources="in_line", heading="")
    for n, data in sorted(net.nodes(data=True), key=lambda item: str(item[0])):
        colour, shape, kind = STYLE[data["cls"]]
        x, y = positions[n]
        page.add_node(str(n), label=short_label(data["label"]), font={"size": fonts[n]}, color=colour, shape=shape,
                      kgclass=kind, kgname=data["label"], size=node_size(data["mentions"]), x=round(x, 1), y=round(y, 1),
                      physics=False, title=f"{data['label']} ({kind}), {data['mentions']} mention(s)",
                      mentions=data["mentions"], degree=degree[n], community=community.get(n, -1),
                      articles=sorted(node_articles.get(n, ())), hidden=degree[n] == 0)
    for number, a, b, data, curve in drawn_edges(net):
        relation = data["label"] if data["label"] in EDGE_COLOURS else "holds a role in"
        arts = sorted(article_index[x] for x in data["articles"] if x in article_index)
        date = data["date"] or min((dates[x] for x in data["articles"] if dates.get(x)), default="")
        page.add_edge(str(a), str(b), id=f"e{number}", label=data["label"], title=data["title"], relation=relation,
                      color=EDGE_COLOURS.get(data["label"], "#888888"), arrows="to", articles=arts, date=date,
                      smooth=curve)
    page.set_options(json.dumps({
        "physics": {"enabled": False},
        "layout": {"randomSeed": 1, "improvedLayout": False},
        "edges": {"font": {"size": 10, "align": "middle", "background": "rgba(255,255,255,0.8)"}, "smooth": False,
                  "selectionWidth": 2},
        "nodes": {"font": {"size": FONT}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "tooltipDelay": 150}}))
    classes = {}
    for _, d in net.nodes(data=True):
        classes.setdefault(STYLE[d["cls"]][2], STYLE[d["cls"]][0])
    relations = {(d["label"] if d["label"] in EDGE_COLOURS else "holds a role in") for *_, d in net.edges(data=True)}
    try:
        maker = f"kg {version('kg')}"
    except PackageNotFoundError:
        maker = "kg"
    spans = [a["date"] for a in articles if a["date"]]
    data = {"facts": node_facts(g),
            "classes": [[k, c] for k, c in sorted(classes.items())],
            "relations": [[r, EDGE_COLOURS.get(r, "#888888")] for r in sorted(relations)],
            "palette": PALETTE,
            "articles": [[a["date"], a["headline"]] for a in articles],
            "summary": {"articles": len(articles), "from": min(spans, default=""), "to": max(spans, default=""),
                        "entities": net.number_of_nodes(), "facts": _fact_count(g), "maker": maker,
                        "big": big, "isolated": sum(1 for n in net if degree[n] == 0), "whole": whole}}
    return _self_contained(page.generate_html(), title, data)


def page_of(open_store, title: str = "kg: who did what with whom", articles: int | None = None) -> str:
    """The page of the graph in the pyoxigraph store that open_store() opens. Of a graph of more than
    `articles` articles (None: PAGE_ARTICLES; 0: no limit), it is the page of the latest ones (see
    latest_part), and its header says so: the page, and the memory that drawing it takes, stay the
    size of that many articles however large the graph; kg query and kg serve answer from the whole
    graph. The store is opened here so that it is closed once that part is read out of it: the memory
    its reading took (the indexes of a large store) is free for the drawing."""
    import gc
    import itertools
    import tempfile

    import pyoxigraph as ox

    from ..sparql.store import StoreView

    store = open_store()
    view = StoreView(store)
    rows = view.query(f"""SELECT ?a ?d WHERE {{ ?a a <{SCHEMA.NewsArticle}> OPTIONAL {{ ?a <{SCHEMA.datePublished}> ?d }} }}""")
    articles = PAGE_ARTICLES if articles is None else articles
    if not articles or len(rows) <= articles:
        return graph_page(view, title)
    # the latest first; undated articles after the dated ones; of one date, by IRI (the same every time)
    rows.sort(key=lambda row: str(row[0]))
    rows.sort(key=lambda row: str(row[1]) if row[1] is not None else "", reverse=True)
    chosen = {str(a) for a, _ in rows[:articles]}
    whole = {"articles": len(rows), "entities": node_count(view), "facts": _fact_count(view), "drawn": articles}
    del rows, view
    with tempfile.TemporaryDirectory(prefix="kg-page-") as folder:  # on disk: its size is not held in memory
        part = ox.Store(folder)
        quads = latest_part(store, chosen)
        while chunk := list(itertools.islice(quads, 5_000)):
            part.extend(chunk)
            part.flush()  # written out as it goes: the store's write buffers stay small
        del quads, store  # the whole graph's store is closed here
        try:
            return graph_page(StoreView(part), title, whole)
        finally:
            del part
            gc.collect()  # the store's files are closed before its folder goes


def node_count(g) -> int:
    """How many nodes relation_graph makes of a graph (the entities named, and the agreements, topics
    and groups that facts link), counted by the store without drawing them."""
    rows = g.query(f"""PREFIX kg: <{KG}> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {{ ?e kg:mention ?m }}
        UNION {{ ?f kg:participant|kg:visitor|kg:destination|kg:party|kg:source|kg:target ?e }} UNION {{ ?e kg:party ?p }}
        UNION {{ ?r kg:organisation ?o ; kg:person ?e }} UNION {{ ?r kg:person ?p ; kg:organisation ?e }}
        UNION {{ ?q kg:speaker ?e ; kg:beginIndex ?from ; kg:endIndex ?to ; kg:evidence ?v .
                 ?m kg:evidence ?v ; kg:beginIndex ?b ; kg:denotes ?x . FILTER(?b >= ?from && ?b < ?to && ?x != ?e) }} }}""")
    return int(next(iter(rows))[0])


def latest_part(store, chosen: set[str]):
    """The quads of the part of a graph that a set of its articles (IRIs) make: the articles, their
    evidence sentences and mentions, the facts they are evidence of, and the entities, agreements and
    topics those name (and the places these are in), with every triple of theirs but the links to
    other articles and their sentences and mentions. Each node of an article has an IRI under the
    article's own."""
    import pyoxigraph as ox

    graph = ox.DefaultGraph()
    evidence, article_of = ox.NamedNode(str(KG.evidence)), ox.NamedNode(str(KG.article))
    prefix = os.path.commonprefix(sorted(chosen)[:1] + sorted(chosen)[-1:])
    prefix = prefix[: prefix.rfind("/") + 1]  # 'https://.../article/': each article's IRI is under it

    def kept(iri: str) -> bool:  # a node of no article, or of a chosen one
        return not iri.startswith(prefix) or prefix + iri[len(prefix):].split("/", 1)[0] in chosen

    seen: set[str] = set()
    todo = []
    for a in sorted(chosen):
        todo.append(a)
        for q in store.quads_for_pattern(None, article_of, ox.NamedNode(a), graph):
            todo.append(q.subject.value)
            todo.extend(f.subject.value for f in store.quads_for_pattern(None, evidence, q.subject, graph))
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in store.quads_for_pattern(ox.NamedNode(node), None, None, graph):
            if isinstance(q.object, ox.NamedNode):
                if not kept(q.object.value):
                    continue
                todo.append(q.object.value)
            yield q


def _curve(k: int, reversed_: bool):
    """How the k-th edge between one pair of nodes is drawn: the first straight, the others curved
    to alternate sides, each further out than the one before."""
    if k == 0:
        return False
    clockwise = (k % 2 == 1) != reversed_  # the side is the same whichever way an edge points
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": round(0.25 * ((k + 1) // 2), 2)}


def _mention_articles(g) -> dict:
    """The articles that mention each entity."""
    out: dict = {}
    rows = g.query(f"SELECT DISTINCT ?e ?a WHERE {{ ?m <{KG.denotes}> ?e ; <{KG.evidence}> ?v . ?v <{KG.article}> ?a }}")
    for e, a in rows:
        out.setdefault(e, set()).add(str(a))
    return out


def _self_contained(page: str, title: str, data: dict) -> str:
    """Drop pyvis' CDN links and loading bar, add the header, toolbar, panel and behaviour (page.css
    and page.js, package data), and neutralise URL strings."""
    from importlib.resources import files

    here = files("kg.page")
    css, script = here.joinpath("page.css").read_text(encoding="utf-8"), here.joinpath("page.js").read_text(encoding="utf-8")
    page = re.sub(r"<link[^>]*https?://[^>]*>", "", page, flags=re.S)
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page, flags=re.S)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>\n<style>{css}</style>", 1)
    # no "<" at all in the data script: nothing in an article can close it or open a comment
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    page = page.replace("<body>", "<body>\n" + _TOOLBAR, 1)
    page = page.replace("</body>", f'<script type="application/json" id="kg-data">{payload}</script>\n'
                                   f"<script>{script}</script>\n</body>", 1)
    # URLs inside the inlined scripts are licence comments and the SVG namespace string, never fetched;
    # "\/" is "/" in JavaScript strings, so escaping keeps them working and the file free of web references.
    return re.sub(r"(https?):/{2}", r"\1:\\/\\/", page)


_TOOLBAR = """<header id="kg-head"><strong>kg</strong> <span id="kg-summary"></span></header>
<div id="kg-bar">
<input type="search" id="kg-search" list="kg-names" placeholder="Find an entity or ask a question&#8230;" aria-label="Find an entity or ask a question">
<datalist id="kg-names"></datalist>
<label>Article <select id="kg-article"><option value="">all articles</option></select></label>
<label>From <input type="range" id="kg-from" min="0" max="0" value="0"> <output id="kg-from-out"></output></label>
<label>to <input type="range" id="kg-to" min="0" max="0" value="0"> <output id="kg-to-out"></output></label>
<label>Mentions &#8805; <input type="range" id="kg-mentions" min="0" max="10" value="0"> <output id="kg-mentions-out">0</output></label>
<label>Colour by <select id="kg-colour"><option value="class">class</option><option value="community">community</option></select></label>
<button type="button" id="kg-isolated"></button>
<span id="kg-counts" aria-live="polite"></span>
<details id="kg-key"><summary>Key</summary><div id="legend"><fieldset id="kg-classes"><legend>Classes</legend></fieldset>
<fieldset id="kg-relations"><legend>Relations</legend></fieldset></div></details>
</div>
<aside id="kg-panel" aria-live="polite"></aside>"""


# ----------------------------------------------------------------------------- static pictures

def graph_picture(g: Graph, fmt: str = "svg", isolated: bool = False) -> bytes:
    """A static picture of the relationship graph (SVG or PNG) for reports, drawn with matplotlib by
    the page's rules: the page's positions (no two node or label boxes meet), parallel edges curved
    apart, long labels cut; the entities with no relation are left out unless `isolated`."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "kg"  # the same graph gives the same SVG
    matplotlib.rcParams["svg.fonttype"] = "none"  # labels stay text: searchable and selectable
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    full = relation_graph(g)
    net = full if isolated else full.subgraph([n for n in full if full.degree(n) > 0]).copy()
    if not net.number_of_nodes():
        net = full
    big = net.number_of_nodes() > PHYSICS_LIMIT
    fonts = label_fonts(net, big)
    pos = placed(net, fonts)
    boxes = node_boxes(net, fonts)
    left = min(pos[n][0] + boxes[n][0] for n in net) - 20
    right = max(pos[n][0] + boxes[n][2] for n in net) + 20
    top = min(pos[n][1] + boxes[n][1] for n in net) - 20
    bottom = max(pos[n][1] + boxes[n][3] for n in net) + 20
    # one canvas pixel is one point, so sizes and fonts keep the page's proportions; a very large
    # graph is shrunk as a whole
    shrink = min(1.0, 120 * 72 / max(right - left, bottom - top))
    fig = plt.figure(figsize=((right - left) / 72 * shrink, (bottom - top) / 72 * shrink))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(left, right)
    ax.set_ylim(-bottom, -top)
    ax.set_aspect("equal")
    ax.set_axis_off()
    at = {n: (x, -y) for n, (x, y) in pos.items()}
    markers = {"dot": "o", "square": "s", "triangle": "^", "hexagon": "h", "diamond": "D", "ellipse": "o", "box": "s"}
    for _, a, b, d, curve in drawn_edges(net):
        rad = 0.0 if not curve else curve["roundness"] * (-1 if curve["type"] == "curvedCW" else 1)
        (x1, y1), (x2, y2) = at[a], at[b]
        colour = EDGE_COLOURS.get(d["label"], "#888888")
        ax.add_patch(FancyArrowPatch((x1, y1), (x2, y2), connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                                     mutation_scale=8 * shrink, color=colour, linewidth=0.8 * shrink,
                                     shrinkA=node_size(net.nodes[a]["mentions"]) * shrink,
                                     shrinkB=node_size(net.nodes[b]["mentions"]) * shrink, zorder=1))
        if not big:
            mx, my = (x1 + x2) / 2 + 0.5 * rad * (y2 - y1), (y1 + y2) / 2 - 0.5 * rad * (x2 - x1)
            ax.text(mx, my, d["label"], fontsize=7 * shrink, color="#555555", ha="center", va="center", zorder=2,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    for n in sorted(net, key=str):
        data = net.nodes[n]
        colour, shape, _ = STYLE[data["cls"]]
        x, y = at[n]
        label = short_label(data["label"])
        if shape == "box":
            ax.text(x, y, label, fontsize=fonts[n] * shrink * 0.75, ha="center", va="center", zorder=3,
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": colour, "edgecolor": "#999999"})
            continue
        size = node_size(data["mentions"]) * shrink
        ax.scatter([x], [y], s=(2 * size) ** 2 * (0.6 if shape in ("triangle", "diamond") else 0.8),
                   marker=markers.get(shape, "o"), c=colour, edgecolors="#555555", linewidths=0.5, zorder=3)
        if fonts[n] >= FONT:
            ax.text(x, y - size - 4 * shrink, label, fontsize=fonts[n] * shrink * 0.75, ha="center", va="top", zorder=4)
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, dpi=150, metadata=metadata)
    plt.close(fig)
    return out.getvalue()
