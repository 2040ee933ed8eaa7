// The interactive part of the IVIG network page (template: page.html.jinja in this folder).
//
// Runs after the template's drawing script, which defines the globals `nodes` and `edges`
// (vis.DataSet) and `network` (vis.Network). Reads the legend and topic lists from the JSON
// block #ivig-config, then wires up tooltips, the legend filters, search, topic and focus,
// the details panel and the status line.
//
// Safety: the only HTML inserted is each item's `info` string, which Python built from escaped
// data text (ivig_kg/viz/tooltips.py); everything else goes in through textContent. This file
// is inserted into the page verbatim (it is not a Jinja template), and the page's
// Content-Security-Policy lets it run by the SHA-256 of its text.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("ivig-config").textContent);
  var ready = false;
  var state = {topic: "all", focus: null, kinds: {}, families: {}};
  cfg.kinds.forEach(function (k) { state.kinds[k.id] = true; });
  cfg.families.forEach(function (f) { state.families[f.id] = true; });

  function htmlElement(markup) {
    // `markup` is tooltip HTML from Python: escaped data plus <b>, <i> and <br> only
    var div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  }
  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: htmlElement(n.info)}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: htmlElement(e.info)}; }));

  var statusBox = document.getElementById("ivig-status");
  function freeze() {
    if (ready) { return; }
    ready = true;
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false, maxZoomLevel: 0.9});
    // milliseconds from the start of loading until the drawing is done and frozen
    window.ivigSettleMs = Math.round(performance.now());
    document.body.setAttribute("data-ready", "true");
    showCounts();
  }
  network.once("afterDrawing", function () { setTimeout(freeze, 0); });
  setTimeout(freeze, 3000);  // a fallback, should the first drawing come before the listener

  // -- what is shown: topic, focus, kinds of things, kinds of lines ----------------------
  function focusEdges(start) {
    var all = edges.get();
    var byStatement = {};
    all.forEach(function (e) {
      (byStatement[e.assertion] = byStatement[e.assertion] || []).push(e);
    });
    var keep = {};
    all.forEach(function (e) {
      if (e.from === start || e.to === start || (e.about || []).indexOf(start) >= 0) {
        byStatement[e.assertion].forEach(function (x) { keep[x.id] = true; });
      }
    });
    return keep;
  }
  function apply() {
    var keepEdges = state.focus ? focusEdges(state.focus) : null;
    var shownNodes = {};
    var nodeKind = {};
    nodes.get().forEach(function (n) { nodeKind[n.id] = n.kind; });
    var edgeUpdates = edges.get().map(function (e) {
      var show = (state.topic === "all" || (e.views || []).indexOf(state.topic) >= 0) &&
        (!keepEdges || keepEdges[e.id]) && state.families[e.family] &&
        state.kinds[nodeKind[e.from]] && state.kinds[nodeKind[e.to]];
      if (show) { shownNodes[e.from] = true; shownNodes[e.to] = true; }
      return {id: e.id, hidden: !show};
    });
    var noFilter = state.topic === "all" && !keepEdges;
    var nodeUpdates = nodes.get().map(function (n) {
      var show = state.kinds[n.kind] && (shownNodes[n.id] || (noFilter && allFamiliesOn()) ||
        n.id === state.focus);
      return {id: n.id, hidden: !show};
    });
    edges.update(edgeUpdates);
    nodes.update(nodeUpdates);
    var visible = nodeUpdates
      .filter(function (n) { return !n.hidden; })
      .map(function (n) { return n.id; });
    if (visible.length) {
      network.fit({nodes: visible, animation: {duration: 300}, maxZoomLevel: 0.9});
    }
    showCounts();
  }
  function allFamiliesOn() {
    return Object.keys(state.families).every(function (f) { return state.families[f]; });
  }
  function showCounts() {
    var n = nodes.get({filter: function (x) { return !x.hidden; }}).length;
    var e = edges.get({filter: function (x) { return !x.hidden; }}).length;
    var text = n + " of " + nodes.length + " shapes, " + e + " of " + edges.length + " lines shown";
    if (state.focus) { text += " \u00b7 focused on: " + nodes.get(state.focus).label; }
    if (!ready) { text += " \u00b7 arranging\u2026"; }
    statusBox.textContent = text;
  }
  window.ivigVisibleCounts = function () {
    return {
      nodes: nodes.get({filter: function (x) { return !x.hidden; }}).length,
      edges: edges.get({filter: function (x) { return !x.hidden; }}).length
    };
  };

  // -- the legend, whose tick boxes filter by kind ----------------------------------------
  function swatch(kind, isEdge) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "14");
    var el;
    if (isEdge) {
      el = document.createElementNS(ns, "line");
      el.setAttribute("x1", "1"); el.setAttribute("y1", "7");
      el.setAttribute("x2", "21"); el.setAttribute("y2", "7");
      el.setAttribute("stroke", kind.colour); el.setAttribute("stroke-width", "3");
      if (kind.dashed) { el.setAttribute("stroke-dasharray", "4 3"); }
    } else if (kind.shape === "dot") {
      el = document.createElementNS(ns, "circle");
      el.setAttribute("cx", "11"); el.setAttribute("cy", "7"); el.setAttribute("r", "6");
    } else {
      el = document.createElementNS(ns, "polygon");
      var pts = {diamond: "11,0 18,7 11,14 4,7", square: "5,1 17,1 17,13 5,13",
        triangle: "11,1 18,13 4,13", hexagon: "7,1 15,1 19,7 15,13 7,13 3,7"};
      el.setAttribute("points", pts[kind.shape] || pts.square);
    }
    if (!isEdge) { el.setAttribute("fill", kind.colour); }
    svg.appendChild(el);
    return svg;
  }
  function keyRow(box, item, isEdge, store) {
    var label = document.createElement("label");
    label.className = "ivig-key";
    var check = document.createElement("input");
    check.type = "checkbox"; check.checked = true;
    check.setAttribute("data-" + (isEdge ? "family" : "kind"), item.id);
    check.addEventListener("change", function () { store[item.id] = check.checked; apply(); });
    label.appendChild(check);
    label.appendChild(swatch(item, isEdge));
    var text = document.createElement("span");
    text.textContent = item.name;
    label.appendChild(text);
    var count = document.createElement("span");
    count.className = "ivig-count";
    count.textContent = String(item.count);
    label.appendChild(count);
    box.appendChild(label);
  }
  var kindBox = document.getElementById("ivig-kinds");
  cfg.kinds.forEach(function (k) { keyRow(kindBox, k, false, state.kinds); });
  var familyBox = document.getElementById("ivig-families");
  cfg.families.forEach(function (f) { keyRow(familyBox, f, true, state.families); });

  // -- the details panel, filled on click --------------------------------------------------
  var details = document.getElementById("ivig-details");
  var detailsBody = document.getElementById("ivig-details-body");
  function showDetails(markup) {
    detailsBody.replaceChildren(htmlElement(markup));
    details.style.display = "block";
  }
  document.getElementById("ivig-details-close").addEventListener("click", function () {
    details.style.display = "none";
  });
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(nodes.get(params.nodes[0]).info); }
    else if (params.edges.length) { showDetails(edges.get(params.edges[0]).info); }
  });

  // -- search by name or id ---------------------------------------------------------------
  var search = document.getElementById("ivig-search");
  var found = document.getElementById("ivig-search-status");
  var list = document.getElementById("ivig-node-list");
  nodes.get().map(function (n) { return n.fullLabel; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); found.textContent = ""; return; }
    var hits = nodes.get({filter: function (n) {
      return !n.hidden && (n.fullLabel.toLowerCase().indexOf(q) >= 0 ||
        n.label.toLowerCase().indexOf(q) >= 0 || n.id.indexOf(q) >= 0);
    }});
    var exact = hits.filter(function (n) {
      return n.label.toLowerCase() === q || n.fullLabel.toLowerCase() === q || n.id === q;
    });
    if (exact.length) { hits = exact; }
    var ids = hits.map(function (n) { return n.id; });
    network.selectNodes(ids, false);
    found.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    found.setAttribute("data-matches", String(ids.length));
    if (ids.length) {
      network.fit({nodes: ids, animation: {duration: 300}, maxZoomLevel: 1.3});
      if (ids.length === 1) { showDetails(hits[0].info); }
    }
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });

  // -- topic menu, focus and reset ---------------------------------------------------------
  var topic = document.getElementById("ivig-topic");
  cfg.topics.forEach(function (t) {
    var option = document.createElement("option");
    option.value = t.id; option.textContent = t.name;
    topic.appendChild(option);
  });
  topic.value = "all";
  topic.addEventListener("change", function () { state.topic = topic.value; apply(); });
  var focusButton = document.getElementById("ivig-focus");
  var resetButton = document.getElementById("ivig-reset");
  focusButton.addEventListener("click", function () {
    var selected = network.getSelectedNodes();
    if (!selected.length) { found.textContent = "select a shape first"; return; }
    state.focus = selected[0];
    apply();
  });
  resetButton.addEventListener("click", function () {
    state.topic = "all"; state.focus = null; topic.value = "all";
    Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
    Object.keys(state.families).forEach(function (f) { state.families[f] = true; });
    document.querySelectorAll(".ivig-key input").forEach(function (c) { c.checked = true; });
    search.value = ""; found.textContent = "";
    network.unselectAll();
    apply();
  });
  showCounts();
})();
