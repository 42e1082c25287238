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
    if (info.weight !== undefined) {
      box.appendChild(el("div", info.weight + " paper" + (info.weight === 1 ? "" : "s") + " name both ends"));
      return box;
    }
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

  function paperItem(paperId, sentence) {
    var paper = payload.papers[paperId] || { title: paperId };
    var item = el("li");
    var href = paper.link && safeUrl(paper.link);
    if (href) {
      var a = el("a", paper.title);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      item.appendChild(a);
    } else {
      item.appendChild(el("span", paper.title));
    }
    if (paper.date) item.appendChild(el("span", " (" + paper.date + ")", "hint"));
    if (sentence) item.appendChild(el("blockquote", sentence));
    return item;
  }

  function paperList(heading, items) {
    details.appendChild(el("h3", heading));
    var list = el("ul", null, "papers");
    items.forEach(function (pair) { list.appendChild(paperItem(pair[0], pair[1])); });
    details.appendChild(list);
  }

  // Papers per month as a row of bars (plain elements: no markup from the data).
  function timeline(months) {
    var box = el("div", null, "timeline");
    var most = Math.max.apply(null, months.map(function (m) { return m[1]; }));
    months.forEach(function (m) {
      var bar = el("div", null, "bar");
      bar.style.height = Math.max(2, Math.round(60 * m[1] / most)) + "px";
      bar.title = m[0] + ": " + m[1] + " paper" + (m[1] === 1 ? "" : "s");
      box.appendChild(bar);
    });
    details.appendChild(el("h3", "Papers per month"));
    details.appendChild(box);
    details.appendChild(el("div", months[0][0] + " \u2026 " + months[months.length - 1][0] +
                              " (peak " + most + ")", "hint"));
  }

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
    if (info.community) {
      list.appendChild(el("dt", "community"));
      list.appendChild(el("dd", String(info.community)));
    }
    list.appendChild(el("dt", "id"));
    list.appendChild(el("dd", id));
    details.appendChild(list);
    var paper = info.paper && payload.papers[info.paper];
    if (paper && paper.abstract) {
      details.appendChild(el("h3", "Abstract"));
      details.appendChild(el("p", paper.abstract, "abstract"));
    }
    if (info.timeline && info.timeline.length) timeline(info.timeline);
    if (info.papers && info.papers.length) {
      paperList("Newest papers (" + info.papers.length + " of " + info.paperCount + "), with the sentence naming it",
                info.papers);
    }
  }

  function showEdge(id) {
    var edge = edges.get(id);
    var info = edge.kg;
    details.replaceChildren(el("h2", nodes.get(edge.from).kg.name + " \u2192 " + info.type +
                                     " \u2192 " + nodes.get(edge.to).kg.name));
    if (info.weight !== undefined) {
      details.appendChild(el("p", info.weight + " paper" + (info.weight === 1 ? " names" : "s name") +
                                  " both", "hint"));
      paperList("Papers joining them" + (info.papers.length < info.weight ? " (newest " + info.papers.length + ")" : ""),
                info.papers.map(function (p) { return [p, null]; }));
      return;
    }
    if (info.meaning) details.appendChild(el("p", info.meaning, "hint"));
    info.evidence.forEach(function (ev) {
      details.appendChild(el("blockquote", ev.sentence));
      details.appendChild(el("div", ev.paper_title + " (" + ev.paper + ")"));
      details.appendChild(el("div", "by " + ev.extractor + ", confidence " + ev.confidence, "hint"));
    });
  }

  state.showNode = showNode;  // for scripts and tests driving the page
  state.showEdge = showEdge;

  // --- the network ----------------------------------------------------------
  var network = new vis.Network(document.getElementById("network"), {}, payload.options);
  state.network = network;

  function markReady() {
    state.readyMs = performance.now();
    state.ready = true;
  }

  // A concept map opens on its strongest part, at a zoom where labels can be read: the
  // view fits the ten most-mentioned concepts (or the focus and its strongest neighbours),
  // and when even those only fit below READABLE_SCALE it centres on them at that scale.
  // (Labels are 18 px and more in a concept map, so READABLE_SCALE keeps them >= 12 px;
  // PADDING makes room for the labels under the nodes at the edges of the fitted view.)
  var READABLE_SCALE = 0.7, OPEN_ON = 10, PADDING = 0.9;
  function fitPadded(ids) {
    network.fit(ids ? { nodes: ids, animation: false } : { animation: false });
    network.moveTo({ scale: Math.max(network.getScale() * PADDING,
                                     Math.min(network.getScale(), READABLE_SCALE)), animation: false });
  }
  function openOnStrongest() {
    if (payload.view !== "concepts") return network.fit({ animation: false });
    fitPadded(null);
    if (payload.nodes.length <= OPEN_ON || network.getScale() >= READABLE_SCALE) return;
    var top = payload.nodes.slice().sort(function (a, b) {
      return (b.id === payload.focus) - (a.id === payload.focus) || b.kg.paperCount - a.kg.paperCount;
    }).slice(0, OPEN_ON).map(function (n) { return n.id; });
    fitPadded(top);
    if (network.getScale() >= READABLE_SCALE) return;
    var box = top.map(function (id) { return network.getBoundingBox(id); }).reduce(function (a, b) {
      return { left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
               top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
    });
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
                     scale: READABLE_SCALE, animation: false });
  }

  // Physics keeps nodes apart, not their labels: in a concept map laid out live (up to
  // 300 concepts), push apart the labels that still overlap (label boxes as vis-network
  // measured them at the first draw), along the axis that overlaps least.  Maps laid out
  // by networkx are left as they are: on the 75k graph's 2000-concept map this pass did
  // not finish within two minutes.
  var SEPARATE_MAX = 300, SEPARATE_ROUNDS = 40, GAP = 4;
  function separateLabels() {
    if (payload.view !== "concepts" || !payload.physics) return;
    var boxes = payload.nodes.slice().sort(function (a, b) { return b.kg.paperCount - a.kg.paperCount; })
      .slice(0, SEPARATE_MAX).map(function (n) {
        var node = network.body.nodes[n.id], size = node.labelModule.size;
        return { id: n.id, x: node.x, y: node.y, l: size.left, t: size.top,
                 r: size.left + size.width, b: size.top + size.height };
      });
    function shift(box, dx, dy) {
      box.x += dx; box.y += dy; box.l += dx; box.r += dx; box.t += dy; box.b += dy; box.moved = true;
    }
    for (var round = 0; round < SEPARATE_ROUNDS; round++) {
      var overlaps = 0;
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
          var a = boxes[i], b = boxes[j];
          var dx = Math.min(a.r, b.r) - Math.max(a.l, b.l) + GAP, dy = Math.min(a.b, b.b) - Math.max(a.t, b.t) + GAP;
          if (dx <= 0 || dy <= 0) continue;
          overlaps++;
          if (dy <= dx) {
            var down = a.y <= b.y ? 1 : -1;
            shift(a, 0, -down * dy / 2); shift(b, 0, down * dy / 2);
          } else {
            var right = a.x <= b.x ? 1 : -1;
            shift(a, -right * dx / 2, 0); shift(b, right * dx / 2, 0);
          }
        }
      }
      if (!overlaps) break;
    }
    boxes.forEach(function (box) { if (box.moved) network.moveNode(box.id, box.x, box.y); });
  }

  function settle() {
    separateLabels();
    openOnStrongest();
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  if (payload.physics) {
    network.on("stabilizationProgress", function (p) { state.iterations = p.iterations; });
    network.once("stabilizationIterationsDone", function () {
      // Settled: stop the simulation so the page stops using the CPU.
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", settle);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", settle);
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

  // Concepts and papers before repositories and benchmarks; within a rank, a name that
  // is the query itself first, then the most connected.
  var TYPE_RANK = { Method: 0, Dataset: 0, Task: 0, Metric: 0, Paper: 0, Repository: 1, Benchmark: 2 };

  function runSearch() {
    var query = search.value.trim().toLowerCase();
    var found = !query ? [] : nodes.get({
      filter: function (n) {
        if (n.hidden) return false;
        var names = [n.id, n.kg.name].concat(n.kg.aliases || []);
        return names.some(function (s) { return String(s).toLowerCase().indexOf(query) >= 0; });
      }
    });
    function rank(n) {
      var exact = [n.kg.name].concat(n.kg.aliases || []).some(function (s) {
        return String(s).toLowerCase() === query;
      });
      return [TYPE_RANK[n.kg.type] === undefined ? 3 : TYPE_RANK[n.kg.type], exact ? 0 : 1,
              -(n.kg.paperCount || network.getConnectedEdges(n.id).length)];
    }
    found.sort(function (a, b) {
      var ra = rank(a), rb = rank(b);
      for (var i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    matches = found.map(function (n) { return n.id; });
    state.matches = matches;
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
