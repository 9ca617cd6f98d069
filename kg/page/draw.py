"""The relationship page: entities as nodes, relations as labelled edges, one self-contained HTML file
with search, filters, a facts panel and neighbourhood highlighting; and static SVG/PNG pictures.

Meetings are drawn as labelled "met" edges between their participants (most are two people, and an
edge reads at a glance); agreements are nodes of their own, since they have several parties, a
status and a date, and are themselves praised or criticised.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from itertools import combinations

from rdflib import RDF, RDFS, Graph

from ..graph.rdf import KG, SCHEMA

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
            net.add_edge(node(a), node(b), label=label, title=_sentence(g, fact))

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
    plain = subprocess.run(["sfdp", "-Gpack=false", "-Tplain"], input=dot, capture_output=True, text=True, check=True).stdout
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


# ----------------------------------------------------------------------------- the page

def graph_page(g: Graph, title: str = "kg: who did what with whom") -> str:
    """The page of a graph as one self-contained HTML string (no network needed to open it)."""
    from pyvis.network import Network

    net = relation_graph(g)
    big = net.number_of_nodes() > PHYSICS_LIMIT
    positions = layout(net) if big else {}
    page = Network(height="calc(100vh - 70px)", width="100%", directed=True, cdn_resources="in_line", heading="")
    for n, data in sorted(net.nodes(data=True), key=lambda item: str(item[0])):
        colour, shape, kind = STYLE[data["cls"]]
        extra = {"x": round(positions[n][0], 1), "y": round(positions[n][1], 1)} if n in positions else {}
        page.add_node(str(n), label=data["label"], color=colour, shape=shape, kgclass=kind,
                      size=12 + 3 * min(data["mentions"], 10), title=f"{data['label']} ({kind}), {data['mentions']} mention(s)",
                      physics=not big, **extra)
    for a, b, data in sorted(net.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]["label"])):
        relation = data["label"] if data["label"] in EDGE_COLOURS else "holds a role in"
        page.add_edge(str(a), str(b), label=data["label"], title=data["title"], relation=relation,
                      color=EDGE_COLOURS.get(data["label"], "#888888"), arrows="to")
    physics = '"physics": {"enabled": false}' if big else \
              '"physics": {"barnesHut": {"springLength": 160}, "stabilization": {"iterations": 300}}'
    smooth = "false" if big else '{"type": "curvedCW", "roundness": 0.12}'  # curves keep parallel edges apart
    page.set_options('{' + physics + ', "edges": {"font": {"size": 10, "align": "middle"}, "smooth": ' + smooth + '},'
                     ' "interaction": {"hover": true, "hideEdgesOnDrag": true}}')
    classes = {}
    for _, d in net.nodes(data=True):
        classes.setdefault(STYLE[d["cls"]][2], STYLE[d["cls"]][0])
    relations = {(d["label"] if d["label"] in EDGE_COLOURS else "holds a role in") for *_, d in net.edges(data=True)}
    data = {"facts": node_facts(g),
            "classes": [[k, c] for k, c in sorted(classes.items())],
            "relations": [[r, EDGE_COLOURS.get(r, "#888888")] for r in sorted(relations)]}
    return _self_contained(page.generate_html(), title, data)


def _self_contained(page: str, title: str, data: dict) -> str:
    """Drop pyvis' CDN links, add the toolbar, panel and behaviour, and neutralise URL strings."""
    page = re.sub(r"<link[^>]*https?://[^>]*>", "", page, flags=re.S)
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page, flags=re.S)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>\n<style>{_CSS}</style>", 1)
    # no "<" at all in the data script: nothing in an article can close it or open a comment
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    page = page.replace("<body>", "<body>\n" + _TOOLBAR, 1)
    page = page.replace("</body>", f'<script type="application/json" id="kg-data">{payload}</script>\n'
                                   f"<script>{_SCRIPT}</script>\n</body>", 1)
    # URLs inside the inlined scripts are licence comments and the SVG namespace string, never fetched;
    # "\/" is "/" in JavaScript strings, so escaping keeps them working and the file free of web references.
    return re.sub(r"(https?):/{2}", r"\1:\\/\\/", page)


_CSS = """
body { margin: 0; font: 13px/1.4 system-ui, sans-serif; }
#kg-bar { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #ddd; }
#kg-bar input[type=search] { width: 240px; padding: 3px 6px; }
#kg-bar fieldset { border: 0; padding: 0; margin: 0; display: inline-flex; gap: 8px; flex-wrap: wrap; }
#kg-bar legend { display: none; }
#legend { display: flex; flex-direction: column; gap: 3px; }
#legend label { white-space: nowrap; cursor: pointer; }
.kg-swatch { display: inline-block; width: 11px; height: 11px; margin: 0 4px 0 2px; border-radius: 2px; vertical-align: -1px; }
.card { border: 0 !important; }
#mynetwork { float: none !important; border: 0 !important; }
#kg-panel { position: fixed; top: 70px; right: 0; bottom: 0; width: 360px; overflow: auto; background: #fff;
            border-left: 1px solid #ddd; padding: 10px 14px; box-shadow: -2px 0 6px rgba(0,0,0,.08); display: none; }
#kg-panel h2 { font-size: 16px; margin: 0 0 2px; } #kg-panel .kg-class { color: #777; margin-bottom: 8px; }
#kg-panel li { margin: 0 0 10px; } #kg-panel .kg-kind { font-weight: 600; }
#kg-panel blockquote { margin: 3px 0 0; color: #444; font-style: italic; } #kg-panel .kg-article { color: #777; font-size: 12px; }
#kg-close { float: right; cursor: pointer; border: 0; background: none; font-size: 18px; }
"""

_TOOLBAR = """<div id="kg-bar">
<input type="search" id="kg-search" list="kg-names" placeholder="Find an entity&#8230;" aria-label="Find an entity">
<datalist id="kg-names"></datalist>
<div id="legend"><fieldset id="kg-classes"><legend>Classes</legend></fieldset>
<fieldset id="kg-relations"><legend>Relations</legend></fieldset></div>
</div>
<aside id="kg-panel" aria-live="polite"></aside>"""

_SCRIPT = r"""
(function () {
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var classOf = {}, original = {};
  nodes.get().forEach(function (n) { classOf[n.id] = n.kgclass; original[n.id] = n.color; });
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }

  var names = document.getElementById("kg-names");
  nodes.get().map(function (n) { return n.label; }).sort().forEach(function (label) { var o = el("option"); o.value = label; names.appendChild(o); });

  var hiddenClasses = {}, hiddenRelations = {};
  function applyFilters() {
    nodes.update(nodes.get().map(function (n) { return {id: n.id, hidden: !!hiddenClasses[classOf[n.id]]}; }));
    edges.update(edges.get().map(function (e) { return {id: e.id, hidden: !!hiddenRelations[e.relation]}; }));
  }
  function checkboxes(id, values, hidden, arrow) {
    var box = document.getElementById(id);
    values.forEach(function (pair) {
      var v = pair[0], label = el("label"), input = el("input"), key = el("span", arrow ? "\u2192 " + v : v);
      input.type = "checkbox"; input.checked = true; input.value = v;
      input.addEventListener("change", function () { hidden[v] = !input.checked; applyFilters(); });
      label.appendChild(input);
      if (arrow) key.style.color = pair[1]; else { var sw = el("span", undefined, "kg-swatch"); sw.style.background = pair[1]; label.appendChild(sw); }
      label.appendChild(key); box.appendChild(label);
    });
  }
  checkboxes("kg-classes", data.classes, hiddenClasses, false);
  checkboxes("kg-relations", data.relations, hiddenRelations, true);

  function highlight(id) {
    var near = {}; near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    nodes.update(nodes.get().map(function (n) { return {id: n.id, color: near[n.id] ? original[n.id] : "rgba(200,200,200,0.35)"}; }));
  }
  function reset() { nodes.update(nodes.get().map(function (n) { return {id: n.id, color: original[n.id]}; })); }

  var panel = document.getElementById("kg-panel");
  function show(id) {
    var node = nodes.get(id);
    panel.textContent = "";
    var close = el("button", "\u00d7"); close.id = "kg-close"; close.title = "Close";
    close.addEventListener("click", function () { panel.style.display = "none"; reset(); network.unselectAll(); });
    panel.appendChild(close);
    panel.appendChild(el("h2", node.label));
    panel.appendChild(el("div", classOf[id], "kg-class"));
    var facts = data.facts[id] || [], list = el("ul");
    if (!facts.length) panel.appendChild(el("p", "No facts about this node beyond its mentions."));
    facts.forEach(function (f) {
      var item = el("li"), head = el("div");
      head.appendChild(el("span", f.kind + ": ", "kg-kind")); head.appendChild(el("span", f.text));
      item.appendChild(head);
      if (f.evidence) item.appendChild(el("blockquote", f.evidence));
      if (f.article) item.appendChild(el("div", "\u2014 " + f.article, "kg-article"));
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.style.display = "block";
  }
  function select(id) {
    network.selectNodes([id]); network.focus(id, {scale: 1.2}); highlight(id); show(id);
  }
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    var all = nodes.get(), exact = all.filter(function (n) { return n.label.toLowerCase() === wanted; });
    var partial = all.filter(function (n) { return n.label.toLowerCase().indexOf(wanted) >= 0; });
    var hit = exact[0] || partial[0];
    if (hit) select(hit.id);
    return hit ? hit.id : null;
  }
  var search = document.getElementById("kg-search");
  search.addEventListener("change", function () { find(search.value); });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(search.value); });
  network.on("click", function (p) { if (p.nodes.length) { highlight(p.nodes[0]); show(p.nodes[0]); } else { reset(); panel.style.display = "none"; } });
  window.kgPage = {find: find, select: select, ready: true};
})();
"""


# ----------------------------------------------------------------------------- static pictures

def graph_picture(g: Graph, fmt: str = "svg") -> bytes:
    """A static picture of the relationship graph (SVG or PNG) for reports, drawn with matplotlib."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "kg"  # the same graph gives the same SVG
    import matplotlib.pyplot as plt
    import networkx as nx

    net = relation_graph(g)
    pos = layout(net)
    size = max(6.0, min(30.0, len(net) ** 0.5 * 1.6))
    fig, ax = plt.subplots(figsize=(size, size * 0.7))
    simple = nx.DiGraph(net)
    colours = [STYLE[net.nodes[n]["cls"]][0] for n in simple.nodes]
    nx.draw_networkx_edges(simple, pos, ax=ax, edge_color="#999999", arrows=True, arrowsize=8, width=0.8)
    nx.draw_networkx_nodes(simple, pos, ax=ax, node_color=colours, node_size=[60 + 25 * min(net.nodes[n]["mentions"], 10) for n in simple.nodes])
    nx.draw_networkx_labels(simple, pos, ax=ax, labels={n: net.nodes[n]["label"] for n in simple.nodes}, font_size=7)
    edge_labels = {(a, b): d["label"] for a, b, d in net.edges(data=True)}
    nx.draw_networkx_edge_labels(simple, pos, ax=ax, edge_labels=edge_labels, font_size=6)
    ax.set_axis_off()
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, bbox_inches="tight", dpi=150, metadata=metadata)
    plt.close(fig)
    return out.getvalue()
