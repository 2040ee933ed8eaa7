// The core of the IVIG network page (template: page.html.jinja in this folder).
//
// Runs after the template's drawing script, which defines the globals `nodes` and `edges`
// (vis.DataSet) and `network` (vis.Network). Reads the page's configuration from the JSON
// block #ivig-config and keeps what is shown: the stage (the page's view, a topic or a guided
// scene, each with its own layout), a focus, the kinds of things and lines that are ticked.
// The other scripts (page-hover.js, page-table.js, page-present.js) build on `window.ivig`.
//
// Safety: the only HTML inserted is each item's `info` string, which Python built from escaped
// data text (ivig_kg/viz/tooltips.py); everything else goes in through textContent. This file
// is inserted into the page verbatim (it is not a Jinja template), and the page's
// Content-Security-Policy lets it run by the SHA-256 of its text.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("ivig-config").textContent);
  var ivig = {
    cfg: cfg,
    ready: false,
    state: {stage: "all", focus: null, kinds: {}, lines: {}, textScale: 1, present: false},
    stages: {},
    listeners: {changed: [], ready: []}
  };
  window.ivig = ivig;
  cfg.kinds.forEach(function (k) { ivig.state.kinds[k.id] = true; });
  cfg.lines.forEach(function (l) { ivig.state.lines[l.id] = true; });
  cfg.stages.views.concat(cfg.stages.scenes).forEach(function (s) {
    ivig.stages[s.key] = s;
    s.edgeSet = {};
    s.edges.forEach(function (id) { s.edgeSet[id] = true; });
  });
  ivig.on = function (name, fn) { ivig.listeners[name].push(fn); };
  function emit(name) { ivig.listeners[name].forEach(function (fn) { fn(); }); }

  ivig.htmlElement = function (markup) {
    // `markup` is tooltip HTML from Python: escaped data plus <b>, <i> and <br> only
    var div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  };
  ivig.el = function (tag, text, className) {
    var element = document.createElement(tag);
    if (text !== undefined && text !== null) { element.textContent = text; }
    if (className) { element.className = className; }
    return element;
  };

  // -- what is shown: stage, focus, kinds of things, kinds of lines ----------------------
  ivig.stage = function () { return ivig.stages[ivig.state.stage] || ivig.stages.all; };
  function focusEdges(start) {
    var byStatement = {};
    var all = edges.get();
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
  function allLinesOn() {
    return Object.keys(ivig.state.lines).every(function (l) { return ivig.state.lines[l]; });
  }
  function computeVisibility() {
    var state = ivig.state;
    var stage = ivig.stage();
    var keepEdges = state.focus ? focusEdges(state.focus) : null;
    var kindOf = {};
    nodes.get().forEach(function (n) { kindOf[n.id] = n.kind; });
    var shownNodes = {};
    var edgeUpdates = edges.get().map(function (e) {
      var show = Boolean(stage.edgeSet[e.id] && (!keepEdges || keepEdges[e.id]) &&
        state.lines[e.line] && state.kinds[kindOf[e.from]] && state.kinds[kindOf[e.to]]);
      if (show) { shownNodes[e.from] = true; shownNodes[e.to] = true; }
      return {id: e.id, hidden: !show};
    });
    var everything = stage.key === "all" && !keepEdges && allLinesOn();
    var nodeUpdates = nodes.get().map(function (n) {
      var show = state.kinds[n.kind] && (shownNodes[n.id] || everything ||
        n.id === state.focus || n.id === stage.focus);
      return {id: n.id, hidden: !show};
    });
    return {nodes: nodeUpdates, edges: edgeUpdates};
  }
  ivig.visibleIds = function (dataSet) {
    return dataSet.get({filter: function (x) { return !x.hidden; }})
      .map(function (x) { return x.id; });
  };
  ivig.fit = function (animate) {
    var visible = ivig.visibleIds(nodes);
    if (visible.length) {
      network.fit({nodes: visible, animation: animate ? {duration: 300} : false,
        maxZoomLevel: ivig.state.present ? 2.5 : 1.2});
    }
  };
  // apply(): redo what is shown; `moved` when the stage changed, so shapes take its layout
  ivig.apply = function (options) {
    var opts = options || {};
    var stage = ivig.stage();
    var shown = computeVisibility();
    if (opts.moved) {
      var positions = ivig.state.present ? stage.presentLayout : stage.layout;
      shown.nodes.forEach(function (n) {
        var xy = positions[n.id];
        if (xy) { n.x = xy[0]; n.y = xy[1]; }
      });
    }
    // a line whose label is its group's title (drawn over the group) shows no label of its own
    var said = {};
    stage.groups.forEach(function (g) {
      g.nodes.forEach(function (id) { said[id] = g.title; });
    });
    shown.edges.forEach(function (u) {
      var e = edges.get(u.id);
      var repeated = said[e.to] !== undefined &&
        (said[e.to] === e.fullLabel || e.line === "adverse-effect");
      u.label = repeated ? " " : e.fullLabel;  // vis-network keeps the old text for ""
    });
    edges.update(shown.edges);
    nodes.update(shown.nodes);
    if (opts.moved) { network.redraw(); }  // fit() measures the shapes where last drawn
    if (opts.fit !== false) { ivig.fit(opts.animate !== false && !opts.moved); }
    emit("changed");
  };

  // -- the subtitle and the status line: always what is on the screen ------------------------
  var subtitle = document.getElementById("ivig-subtitle");
  var statusBox = document.getElementById("ivig-status");
  ivig.describe = function () {
    var stage = ivig.stage();
    var text = stage.name;
    if (stage.caption) {
      var index = cfg.stages.scenes.indexOf(stage);
      text = "Scene " + (index + 1) + " of " + cfg.stages.scenes.length + ": " + stage.name;
    }
    if (ivig.state.focus) { text += ", around " + nodes.get(ivig.state.focus).fullLabel; }
    var n = ivig.visibleIds(nodes).length;
    var e = ivig.visibleIds(edges).length;
    return text + " \u00b7 " + n + " shapes, " + e + " lines";
  };
  function showCounts() {
    subtitle.textContent = ivig.describe();
    var n = ivig.visibleIds(nodes).length;
    var e = ivig.visibleIds(edges).length;
    var text = n + " of " + nodes.length + " shapes, " + e + " of " + edges.length + " lines shown";
    if (ivig.state.focus) { text += " \u00b7 focused on: " + nodes.get(ivig.state.focus).label; }
    if (!ivig.ready) { text += " \u00b7 arranging\u2026"; }
    statusBox.textContent = text;
  }
  ivig.on("changed", showCounts);
  window.ivigVisibleCounts = function () {
    return {nodes: ivig.visibleIds(nodes).length, edges: ivig.visibleIds(edges).length};
  };

  // -- the legend, whose tick boxes filter by kind -------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(item, isLine) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    var el;
    if (isLine) {
      el = document.createElementNS(SVG, "line");
      el.setAttribute("x1", "1"); el.setAttribute("y1", "7");
      el.setAttribute("x2", "25"); el.setAttribute("y2", "7");
      el.setAttribute("stroke", item.colour);
      el.setAttribute("stroke-width", String(Math.max(1.5, item.width)));
      if (item.dashes.length) { el.setAttribute("stroke-dasharray", item.dashes.join(" ")); }
    } else if (item.shape === "dot") {
      el = document.createElementNS(SVG, "circle");
      el.setAttribute("cx", "13"); el.setAttribute("cy", "7"); el.setAttribute("r", "6");
    } else {
      el = document.createElementNS(SVG, "polygon");
      var points = {diamond: "13,0 20,7 13,14 6,7", square: "7,1 19,1 19,13 7,13",
        triangle: "13,1 20,13 6,13", hexagon: "9,1 17,1 21,7 17,13 9,13 5,7"};
      el.setAttribute("points", points[item.shape] || points.square);
    }
    if (!isLine) { el.setAttribute("fill", item.colour); }
    svg.appendChild(el);
    return svg;
  }
  function keyRow(box, item, isLine, store) {
    var label = ivig.el("label", null, "ivig-key");
    var check = document.createElement("input");
    check.type = "checkbox"; check.checked = true;
    check.setAttribute(isLine ? "data-line" : "data-kind", item.id);
    if (isLine) { check.setAttribute("data-family", item.family); }
    check.addEventListener("change", function () { store[item.id] = check.checked; ivig.apply(); });
    label.appendChild(check);
    label.appendChild(swatch(item, isLine));
    label.appendChild(ivig.el("span", item.name));
    label.appendChild(ivig.el("span", String(item.count), "ivig-count"));
    box.appendChild(label);
  }
  cfg.kinds.forEach(function (k) {
    keyRow(document.getElementById("ivig-kinds"), k, false, ivig.state.kinds);
  });
  cfg.lines.forEach(function (l) {
    keyRow(document.getElementById("ivig-families"), l, true, ivig.state.lines);
  });

  // -- the details panel -------------------------------------------------------------------
  var details = document.getElementById("ivig-details");
  var detailsBody = document.getElementById("ivig-details-body");
  ivig.showDetails = function (content) {
    detailsBody.replaceChildren(typeof content === "string" ? ivig.htmlElement(content) : content);
    details.hidden = false;
  };
  ivig.closeDetails = function () {
    if (details.hidden) { return false; }
    details.hidden = true;
    return true;
  };
  document.getElementById("ivig-details-close").addEventListener("click", ivig.closeDetails);

  // -- search by name or id; the table filters by the same text ----------------------------
  var search = document.getElementById("ivig-search");
  var found = document.getElementById("ivig-search-status");
  var list = document.getElementById("ivig-node-list");
  nodes.get().map(function (n) { return n.fullLabel; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  ivig.say = function (text) { found.textContent = text; };
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    ivig.query = q;
    emit("changed");
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
      if (ids.length === 1) { ivig.nodeDetails(ids[0]); }
    }
  }
  ivig.query = "";
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });

  // -- topic menu, focus and reset ---------------------------------------------------------
  var topic = document.getElementById("ivig-topic");
  cfg.stages.views.forEach(function (t) {
    var option = document.createElement("option");
    option.value = t.key; option.textContent = t.name;
    topic.appendChild(option);
  });
  // go(): show a stage (the page's view, a topic or a scene) with its own layout
  ivig.go = function (key) {
    if (!ivig.stages[key]) { return; }
    ivig.state.stage = key;
    ivig.state.focus = null;
    // the topic menu names the view a scene is drawn from
    var view = ivig.stages[key].caption ? ivig.stages[key].view : key;
    topic.value = ivig.stages[view] ? view : "all";
    network.unselectAll();
    ivig.apply({moved: true});
  };
  topic.addEventListener("change", function () { ivig.go(topic.value); });
  document.getElementById("ivig-focus").addEventListener("click", function () {
    var selected = network.getSelectedNodes();
    if (!selected.length) { found.textContent = "select a shape first"; return; }
    ivig.state.focus = selected[0];
    ivig.apply();
  });
  ivig.reset = function () {
    ivig.state.focus = null;
    Object.keys(ivig.state.kinds).forEach(function (k) { ivig.state.kinds[k] = true; });
    Object.keys(ivig.state.lines).forEach(function (l) { ivig.state.lines[l] = true; });
    document.querySelectorAll(".ivig-key input").forEach(function (c) { c.checked = true; });
    search.value = ""; ivig.query = ""; found.textContent = "";
    ivig.go("all");
  };
  document.getElementById("ivig-reset").addEventListener("click", ivig.reset);

  // -- ready: the first drawing is done and the layout frozen -------------------------------
  function freeze() {
    if (ivig.ready) { return; }
    ivig.ready = true;
    network.setOptions({physics: {enabled: false}});
    emit("ready");
    ivig.fit(false);
    // milliseconds from the start of loading until the drawing is done and frozen
    window.ivigSettleMs = Math.round(performance.now());
    document.body.setAttribute("data-ready", "true");
    showCounts();
  }
  // the other scripts add their listeners first: wait for the whole page, then one drawing
  document.addEventListener("DOMContentLoaded", function () {
    network.once("afterDrawing", function () { setTimeout(freeze, 0); });
    network.redraw();
    setTimeout(freeze, 3000);  // a fallback, should no drawing come
  });
  ivig.apply({fit: false});
})();
