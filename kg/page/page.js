// The behaviour of kg's relationship page, inlined by kg/page/draw.py after pyvis' drawing code
// (which defines the globals `nodes`, `edges` and `network`). Every position comes from the page's
// data: nothing here moves a node, so each load draws the same picture.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var summary = data.summary, articles = data.articles;
  var all = nodes.get(), allEdges = edges.get();
  var byId = {}, classColour = {};
  all.forEach(function (n) { byId[n.id] = n; classColour[n.id] = n.color; });
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ header: what the page covers
  var span = summary.from ? (summary.from === summary.to ? summary.from : summary.from + " to " + summary.to) : "dates unknown";
  var whole = summary.whole, header = document.getElementById("kg-summary");
  function of(n, total) { return whole ? n + " of " + total : String(n); }  // the page of a larger graph's latest articles
  header.textContent = "\u00b7 " + (whole ? "the latest " + summary.articles + " of " + whole.articles + " articles" : plural(summary.articles, "article")) +
    " \u00b7 " + span + " \u00b7 " + of(summary.entities, whole && whole.entities) + (summary.entities === 1 && !whole ? " entity" : " entities") +
    " \u00b7 " + of(summary.facts, whole && whole.facts) + (summary.facts === 1 && !whole ? " fact" : " facts") + " \u00b7 made by " + summary.maker;
  if (whole) header.title = "This page draws the latest " + summary.articles + " articles of the graph's " + whole.articles +
    " (kg draw --articles N draws more); kg query, kg ask and kg serve answer from all of them.";

  // ------------------------------------------------------------------ controls
  var names = document.getElementById("kg-names");
  all.map(function (n) { return n.kgname; }).sort().forEach(function (label) { var o = el("option"); o.value = label; names.appendChild(o); });

  var articleSelect = document.getElementById("kg-article");
  articles.forEach(function (a, i) {
    var o = el("option", (a[0] ? a[0] + " \u2014 " : "") + a[1]); o.value = String(i); articleSelect.appendChild(o);
  });
  var days = [];
  allEdges.forEach(function (e) { if (e.date && days.indexOf(e.date) < 0) days.push(e.date); });
  days.sort();
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  from.max = to.max = String(Math.max(0, days.length - 1));
  from.value = "0"; to.value = to.max;
  if (days.length < 2) { from.disabled = to.disabled = true; }
  var mentions = document.getElementById("kg-mentions");
  var most = all.reduce(function (m, n) { return Math.max(m, n.mentions || 0); }, 0);
  mentions.max = String(Math.max(1, Math.min(most, 20)));
  var colourBy = document.getElementById("kg-colour");
  colourBy.value = summary.big ? "community" : "class";
  var isolatedButton = document.getElementById("kg-isolated");
  var state = {article: null, from: 0, to: Math.max(0, days.length - 1), mentions: 0, isolated: false,
               classes: {}, relations: {}};
  if (!summary.isolated) isolatedButton.style.display = "none";

  function checkboxes(id, values, hidden, arrow) {
    var box = document.getElementById(id);
    values.forEach(function (pair) {
      var v = pair[0], label = el("label"), input = el("input"), key = el("span", arrow ? "\u2192 " + v : v);
      input.type = "checkbox"; input.checked = true; input.value = v;
      input.addEventListener("change", function () { hidden[v] = !input.checked; apply(); });
      label.appendChild(input);
      if (arrow) key.style.color = pair[1]; else { var sw = el("span", undefined, "kg-swatch"); sw.style.background = pair[1]; label.appendChild(sw); }
      label.appendChild(key); box.appendChild(label);
    });
  }
  checkboxes("kg-classes", data.classes, state.classes, false);
  checkboxes("kg-relations", data.relations, state.relations, true);

  // ------------------------------------------------------------------ what is visible
  var counts = {nodes: 0, edges: 0};
  function edgeShown(e) {
    if (state.relations[e.relation]) return false;
    if (state.article !== null && e.articles.indexOf(state.article) < 0) return false;
    if (days.length > 1 && (state.from > 0 || state.to < days.length - 1)) {
      if (!e.date || e.date < days[state.from] || e.date > days[state.to]) return false;
    }
    var a = byId[e.from], b = byId[e.to];
    return nodeAllowed(a) && nodeAllowed(b);
  }
  function nodeAllowed(n) { return !state.classes[n.kgclass] && (n.mentions || 0) >= state.mentions; }
  function apply() {
    var shownNodes = {}, edgeUpdates = [], nodeUpdates = [];
    counts = {nodes: 0, edges: 0};
    allEdges.forEach(function (e) {
      var shown = edgeShown(e);
      if (shown) { shownNodes[e.from] = true; shownNodes[e.to] = true; counts.edges++; }
      edgeUpdates.push({id: e.id, hidden: !shown});
    });
    all.forEach(function (n) {
      var shown = !!shownNodes[n.id];
      if (!shown && n.degree === 0 && state.isolated && nodeAllowed(n) &&
          (state.article === null || n.articles.indexOf(state.article) >= 0)) shown = true;
      if (shown) counts.nodes++;
      nodeUpdates.push({id: n.id, hidden: !shown});
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    document.getElementById("kg-counts").textContent = "showing " + counts.nodes + " of " + all.length + " nodes, " +
      counts.edges + " of " + allEdges.length + " relations";
    document.getElementById("kg-from-out").textContent = days.length ? days[state.from] : "";
    document.getElementById("kg-to-out").textContent = days.length ? days[state.to] : "";
    document.getElementById("kg-mentions-out").textContent = String(state.mentions);
    isolatedButton.textContent = plural(summary.isolated, "entity").replace("entitys", "entities") +
      " with no relation: " + (state.isolated ? "hide" : "show");
  }
  function colour() {
    var byCommunity = colourBy.value === "community";
    nodes.update(all.map(function (n) {
      var c = byCommunity ? (n.community >= 0 ? data.palette[n.community % data.palette.length] : "#c8c8c8") : classColour[n.id];
      n.color = c;
      return {id: n.id, color: c};
    }));
  }
  articleSelect.addEventListener("change", function () { state.article = articleSelect.value === "" ? null : Number(articleSelect.value); apply(); });
  from.addEventListener("input", function () { state.from = Math.min(Number(from.value), state.to); from.value = String(state.from); apply(); });
  to.addEventListener("input", function () { state.to = Math.max(Number(to.value), state.from); to.value = String(state.to); apply(); });
  mentions.addEventListener("input", function () { state.mentions = Number(mentions.value); apply(); });
  colourBy.addEventListener("change", colour);
  isolatedButton.addEventListener("click", function () { state.isolated = !state.isolated; apply(); });

  // ------------------------------------------------------------------ highlight and the panel
  function highlight(id) {
    var near = {}; near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    nodes.update(all.map(function (n) { return {id: n.id, color: near[n.id] ? n.color : "rgba(200,200,200,0.35)"}; }));
  }
  function reset() { nodes.update(all.map(function (n) { return {id: n.id, color: n.color}; })); }

  var panel = document.getElementById("kg-panel");
  function open(heading, kind) {
    panel.textContent = "";
    var close = el("button", "\u00d7"); close.id = "kg-close"; close.title = "Close";
    close.addEventListener("click", function () { panel.style.display = "none"; reset(); network.unselectAll(); });
    panel.appendChild(close);
    panel.appendChild(el("h2", heading));
    panel.appendChild(el("div", kind, "kg-class"));
    panel.style.display = "block";
  }
  function evidence(item, sentence, article) {
    if (sentence) item.appendChild(el("blockquote", sentence));
    if (article) item.appendChild(el("div", "\u2014 " + article, "kg-article"));
  }
  function show(id) {
    var node = byId[id];
    open(node.kgname, node.kgclass);
    var facts = data.facts[id] || [], list = el("ul");
    if (!facts.length) panel.appendChild(el("p", "No facts about this node beyond its mentions."));
    facts.forEach(function (f) {
      var item = el("li"), head = el("div");
      head.appendChild(el("span", f.kind + ": ", "kg-kind")); head.appendChild(el("span", f.text));
      item.appendChild(head);
      evidence(item, f.evidence, f.article);
      list.appendChild(item);
    });
    panel.appendChild(list);
  }
  function showEdge(id) {
    var e = edges.get(id), a = byId[e.from], b = byId[e.to];
    open(a.kgname + " \u2192 " + b.kgname, e.label);
    var list = el("ul"), item = el("li"), head = el("div");
    head.appendChild(el("span", e.label + ": ", "kg-kind")); head.appendChild(el("span", a.kgname + " " + e.label + " " + b.kgname));
    item.appendChild(head);
    evidence(item, e.title, e.articles.map(function (i) { return articles[i][1]; }).join("; "));
    list.appendChild(item);
    panel.appendChild(list);
  }
  function select(id) {
    network.selectNodes([id]); network.focus(id, {scale: 1.2}); highlight(id); show(id);
  }
  function find(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    var exact = all.filter(function (n) { return n.kgname.toLowerCase() === wanted; });
    var partial = all.filter(function (n) { return n.kgname.toLowerCase().indexOf(wanted) >= 0; });
    var hit = exact[0] || partial[0];
    if (hit) {
      if (nodes.get(hit.id).hidden) { state.isolated = true; apply(); }
      select(hit.id);
    }
    return hit ? hit.id : null;
  }

  // ------------------------------------------------------------------ questions in plain English
  // A page opened from kg serve sends a question to its /ask and shows the answer here; a page opened
  // from a file says how to ask kg instead.
  var byName = {};
  all.forEach(function (n) { byName[n.kgname.toLowerCase()] = n.id; });
  function answerTable(body) {
    if (!body.rows.length) { panel.appendChild(el("p", "No rows.")); return; }
    var table = el("table"), head = el("tr");
    body.columns.forEach(function (c) { head.appendChild(el("th", c)); });
    table.appendChild(head);
    body.rows.forEach(function (row) {
      var tr = el("tr");
      row.forEach(function (cell) {
        var td = el("td"), id = byName[String(cell).toLowerCase()];
        if (id !== undefined) {
          var link = el("a", cell); link.href = "#";
          link.addEventListener("click", function (e) { e.preventDefault(); select(id); });
          td.appendChild(link);
        } else td.textContent = cell;
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    panel.appendChild(table);
  }
  function askElsewhere(question, status) {
    status.textContent = "kg answers questions in plain English when this page is opened from kg serve " +
      "(run kg serve, then open the address it prints), or on the command line:";
    panel.appendChild(el("code", "kg ask \u201c" + question + "\u201d"));
  }
  function ask(question) {
    open(question, "question");
    var status = el("p", "Asking\u2026", "kg-understood");
    panel.appendChild(status);
    if (!/^https?:$/.test(location.protocol) || !window.fetch) { askElsewhere(question, status); return Promise.resolve(null); }
    return fetch("ask?" + new URLSearchParams({q: question, format: "json"}).toString(), {headers: {Accept: "application/json"}})
      .then(function (r) {
        if ((r.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error("not kg serve");
        return r.json().then(function (body) { return {ok: r.ok, body: body}; });
      })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.error || "kg has no answer to this question."; return res.body; }
        status.textContent = res.body.understood;
        answerTable(res.body);
        if (res.body.sparql) {
          var more = el("details"); more.appendChild(el("summary", "SPARQL"));
          more.appendChild(el("pre", res.body.sparql)); panel.appendChild(more);
        }
        return res.body;
      })
      .catch(function () { askElsewhere(question, status); return null; });
  }
  function search(text) {
    var wanted = text.trim();
    if (!wanted) return;
    // a name of the graph selects its node; anything else of two words or more is a question
    if (find(wanted) === null && /\s/.test(wanted)) ask(wanted);
  }
  var box = document.getElementById("kg-search");
  box.addEventListener("change", function () { find(box.value); });  // a name picked from the list
  box.addEventListener("keydown", function (e) { if (e.key === "Enter") search(box.value); });
  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); show(p.nodes[0]); }
    else if (p.edges.length) { reset(); showEdge(p.edges[0]); }
    else { reset(); panel.style.display = "none"; }
  });

  colour();
  apply();
  var linked = all.filter(function (n) { return n.degree > 0; }).map(function (n) { return n.id; });
  if (linked.length) network.fit({nodes: linked}); else network.fit();
  window.kgPage = {
    ready: true, find: find, select: select, ask: ask, counts: function () { return {nodes: counts.nodes, edges: counts.edges}; },
    setArticle: function (i) { articleSelect.value = i === null ? "" : String(i); state.article = i; apply(); },
    setDates: function (a, b) { state.from = a; state.to = b; from.value = String(a); to.value = String(b); apply(); },
    days: function () { return days.slice(); },
    showIsolated: function (on) { state.isolated = !!on; apply(); },
    positions: function () { return network.getPositions(); }
  };
})();
