"""The relationship page: entities as nodes, relations as labelled edges, one self-contained HTML file."""
from __future__ import annotations

import html
import re
from itertools import combinations

from rdflib import RDF, RDFS, Graph

from .rdf import KG

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
EDGE_COLOURS = {"praised": "#2ca02c", "criticised": "#d62728"}


def relation_graph(g: Graph):
    """A networkx MultiDiGraph between entities (and agreements, topics) with labelled relations."""
    import networkx as nx

    net = nx.MultiDiGraph()

    def node(n):
        if n not in net:
            cls = next((str(c).split("#")[-1] for c in g.objects(n, RDF.type) if str(c).split("#")[-1] in STYLE), "Topic")
            mentions = len(list(g.objects(n, KG.mention)))
            net.add_node(n, label=str(g.value(n, RDFS.label) or n), cls=cls, mentions=mentions, notes=[])
        return n

    def sentence(fact):
        ev = sorted(g.objects(fact, KG.evidence))
        return str(g.value(ev[0], KG.sentence)) if ev else ""

    for m in sorted(g.subjects(RDF.type, KG.Meeting)):
        people = sorted(g.objects(m, KG.participant))
        for a, b in combinations(people, 2):
            net.add_edge(node(a), node(b), label="met", title=sentence(m))
    for v in sorted(g.subjects(RDF.type, KG.Visit)):
        net.add_edge(node(g.value(v, KG.visitor)), node(g.value(v, KG.destination)), label="visited", title=sentence(v))
    for a in sorted(g.subjects(RDF.type, KG.Agreement)):
        for p in sorted(g.objects(a, KG.party)):
            net.add_edge(node(p), node(a), label="party to", title=sentence(a))
    for r in sorted(g.subjects(RDF.type, KG.Role)):
        org = g.value(r, KG.organisation)
        if org is not None:
            net.add_edge(node(g.value(r, KG.person)), node(org), label=str(g.value(r, RDFS.label)), title=sentence(r))
    for s in sorted(g.subjects(RDF.type, KG.Stance)):
        label = "praised" if str(g.value(s, KG.polarity)) == "positive" else "criticised"
        net.add_edge(node(g.value(s, KG.source)), node(g.value(s, KG.target)), label=label, title=sentence(s))
    mentions = {}
    for m in g.subjects(RDF.type, KG.Mention):
        article = g.value(g.value(m, KG.evidence), KG.article)
        mentions.setdefault(article, []).append((int(g.value(m, KG.beginIndex)), g.value(m, KG.denotes)))
    for q in sorted(g.subjects(RDF.type, KG.Quote)):
        speaker = node(g.value(q, KG.speaker))
        text = str(g.value(q, KG.text))
        net.nodes[speaker]["notes"].append("\u201c" + text + "\u201d")
        begin, end = int(g.value(q, KG.beginIndex)), int(g.value(q, KG.endIndex))
        article = g.value(g.value(q, KG.evidence), KG.article)
        about = sorted({e for at, e in mentions.get(article, []) if begin <= at < end and e != speaker})
        for entity in about:
            net.add_edge(speaker, node(entity), label="quoted about", title=text)
    for e in sorted(g.subjects(KG.mention, None)):
        node(e)
    return net


def graph_page(g: Graph, title: str = "kg: who did what with whom") -> str:
    """The pyvis page of a graph as one self-contained HTML string (no network needed to open it)."""
    from pyvis.network import Network

    net = relation_graph(g)
    page = Network(height="820px", width="100%", directed=True, cdn_resources="in_line", heading="")
    for n, data in sorted(net.nodes(data=True), key=lambda item: str(item[0])):
        colour, shape, kind = STYLE[data["cls"]]
        hover = [f"{data['label']} ({kind})", f"{data['mentions']} mention(s)"] + data["notes"][:5]
        page.add_node(str(n), label=data["label"], color=colour, shape=shape,
                      size=12 + 3 * min(data["mentions"], 10), title="\n".join(hover))
    for a, b, data in sorted(net.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]["label"])):
        page.add_edge(str(a), str(b), label=data["label"], title=data["title"],
                      color=EDGE_COLOURS.get(data["label"], "#888888"), arrows="to")
    page.set_options('{"physics": {"barnesHut": {"springLength": 160}, "stabilization": {"iterations": 300}},'
                     ' "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"}},'
                     ' "interaction": {"hover": true, "navigationButtons": false}}')
    return _self_contained(page.generate_html(), title, _legend(net))


def _legend(net) -> str:
    seen = {}
    for _, data in net.nodes(data=True):
        colour, shape, kind = STYLE[data["cls"]]
        seen.setdefault(kind, colour)
    items = "".join(f'<span style="margin-right:14px"><span style="display:inline-block;width:12px;height:12px;'
                    f'background:{c};border-radius:2px;margin-right:4px"></span>{html.escape(k)}</span>'
                    for k, c in sorted(seen.items()))
    items += ('<span style="margin-left:10px;color:#2ca02c">&#8594; praised</span>'
              '<span style="margin-left:10px;color:#d62728">&#8594; criticised</span>')
    return f'<div id="legend" style="font:13px sans-serif;padding:6px 8px">{items}</div>'


def _self_contained(page: str, title: str, legend: str) -> str:
    """Drop pyvis' CDN links (Bootstrap) and neutralise URL strings in the inlined libraries."""
    page = re.sub(r"<link[^>]*https?://[^>]*>", "", page, flags=re.S)
    page = re.sub(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page, flags=re.S)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    page = page.replace("<body>", f"<body>\n{legend}", 1)
    # URLs inside the inlined scripts are licence comments and the SVG namespace string, never fetched;
    # "\/" is "/" in JavaScript strings, so escaping keeps them working and the file free of web references.
    return re.sub(r"(https?):/{2}", r"\1:\\/\\/", page)
