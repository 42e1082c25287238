// The page's behaviour: draw, search, filter by type, show details, open repositories.
// Everything from the graph reaches the page as JSON text and is put on screen with
// textContent / DOM nodes only, never parsed as HTML, so a hostile title stays text.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("paperkg-data").textContent);
  var state = window.paperkg = { ready: false, readyMs: null, iterations: 0 };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url) {
    var href = safeUrl(url);
    if (!href) return el("span", url);
    var a = el("a", url);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // Tooltips are DOM elements built from text: vis-network shows an Element as is.
  function nodeTooltip(info) {
    var box = el("div", null, "tip");
    box.appendChild(el("b", info.type + ": " + info.name));
    info.fields.forEach(function (pair) { box.appendChild(el("div", pair[0] + ": " + pair[1])); });
    return box;
  }

  function edgeTooltip(info) {
    var box = el("div", null, "tip");
    box.appendChild(el("b", info.type));
    info.evidence.slice(0, 3).forEach(function (ev) {
      box.appendChild(el("div", "\u201c" + ev.sentence + "\u201d"));
      box.appendChild(el("div", "\u2014 " + ev.paper_title, "hint"));
    });
    if (info.evidence.length > 3) box.appendChild(el("div", "+" + (info.evidence.length - 3) + " more", "hint"));
    return box;
  }

  payload.nodes.forEach(function (n) { n.title = nodeTooltip(n.kg); });
  payload.edges.forEach(function (e) { e.title = edgeTooltip(e.kg); });
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  state.nodes = nodes;
  state.edges = edges;

  // --- details panel ------------------------------------------------------
  var details = document.getElementById("details");

  function showNode(id) {
    var info = nodes.get(id).kg;
    details.replaceChildren(el("h2", info.type + ": " + info.name));
    var list = el("dl");
    info.fields.forEach(function (pair) {
      list.appendChild(el("dt", pair[0]));
      var dd = el("dd");
      dd.appendChild(pair[0] === "link" || pair[0] === "url" ? link(pair[1]) : document.createTextNode(pair[1]));
      list.appendChild(dd);
    });
    list.appendChild(el("dt", "id"));
    list.appendChild(el("dd", id));
    details.appendChild(list);
  }

  function showEdge(id) {
    var edge = edges.get(id);
    var info = edge.kg;
    details.replaceChildren(el("h2", nodes.get(edge.from).kg.name + " \u2192 " + info.type +
                                     " \u2192 " + nodes.get(edge.to).kg.name));
    if (info.meaning) details.appendChild(el("p", info.meaning, "hint"));
    info.evidence.forEach(function (ev) {
      details.appendChild(el("blockquote", ev.sentence));
      details.appendChild(el("div", ev.paper_title + " (" + ev.paper + ")"));
      details.appendChild(el("div", "by " + ev.extractor + ", confidence " + ev.confidence, "hint"));
    });
  }

  // --- the network ----------------------------------------------------------
  var network = new vis.Network(document.getElementById("network"), {}, payload.options);
  state.network = network;

  function markReady() {
    state.readyMs = performance.now();
    state.ready = true;
  }

  if (payload.physics) {
    network.on("stabilizationProgress", function (p) { state.iterations = p.iterations; });
    network.once("stabilizationIterationsDone", function () {
      // Settled: stop the simulation so the page stops using the CPU.
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({ nodes: nodes, edges: edges });
  if (payload.focus !== null) {
    network.selectNodes([payload.focus]);
    showNode(payload.focus);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      showNode(id);
      var info = nodes.get(id).kg;
      var href = info.type === "Repository" && safeUrl(info.url);
      if (href) window.open(href, "_blank", "noopener,noreferrer");
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });

  // --- type filters (the legend) ----------------------------------------------
  var legend = document.getElementById("legend");
  payload.legend.forEach(function (entry) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = entry.type;
    box.addEventListener("change", function () {
      var hidden = !box.checked;
      nodes.update(nodes.getIds({ filter: function (n) { return n.kg.type === entry.type; } })
        .map(function (nid) { return { id: nid, hidden: hidden }; }));
    });
    var glyph = el("span", entry.glyph, "glyph");
    glyph.style.color = entry.color;
    label.append(box, glyph, document.createTextNode(entry.type + " (" + entry.count + ")"));
    legend.appendChild(label);
  });

  // --- search -------------------------------------------------------------------
  var search = document.getElementById("search");
  var searchResult = document.getElementById("search-result");
  var matches = [];
  var current = -1;

  function runSearch() {
    var query = search.value.trim().toLowerCase();
    matches = !query ? [] : nodes.getIds({
      filter: function (n) {
        if (n.hidden) return false;
        var names = [n.id, n.kg.name].concat(n.kg.aliases || []);
        return names.some(function (s) { return String(s).toLowerCase().indexOf(query) >= 0; });
      }
    });
    current = -1;
    network.selectNodes(matches);
    searchResult.textContent = query ? matches.length + " match" + (matches.length === 1 ? "" : "es") : "";
    if (matches.length) network.fit({ nodes: matches, animation: false });
  }

  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !matches.length) return;
    current = (current + 1) % matches.length;
    network.focus(matches[current], { scale: 1.5, animation: false });
    network.selectNodes([matches[current]]);
    showNode(matches[current]);
  });
})();
