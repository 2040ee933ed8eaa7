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
    state: {stage: cfg.startStage, source: cfg.start, secondary: true, focus: null, kinds: {},
      lines: {}, textScale: 1, present: false},
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
    s.nodeSet = {};
    s.nodes.forEach(function (id) { s.nodeSet[id] = true; });
  });
  ivig.marks = {};
  cfg.marks.forEach(function (m) { ivig.marks[m.id] = m; });
  // the key of the stage of a view from a source ("indications", "both:all")
  ivig.stageKey = function (view, source) {
    return source === "article" ? view : source + ":" + view;
  };
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
  ivig.stage = function () {
    return ivig.stages[ivig.state.stage] || ivig.stages[cfg.startStage];
  };
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
        state.lines[e.line] && state.kinds[kindOf[e.from]] && state.kinds[kindOf[e.to]] &&
        (state.secondary || e.grade !== "secondary"));
      if (show) { shownNodes[e.from] = true; shownNodes[e.to] = true; }
      return {id: e.id, hidden: !show};
    });
    var everything = stage.view === "all" && !stage.caption && !keepEdges && allLinesOn() &&
      state.secondary;
    var nodeUpdates = nodes.get().map(function (n) {
      var show = state.kinds[n.kind] && (shownNodes[n.id] || (everything && stage.nodeSet[n.id]) ||
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
    // where both sources are shown, a line the other source does not back gets its badge
    var marking = stage.source === "both";
    shown.edges.forEach(function (u) {
      var e = edges.get(u.id);
      var repeated = said[e.to] !== undefined &&
        (said[e.to] === e.fullLabel || e.line === "adverse-effect");
      var mark = marking && ivig.marks[e.mark];
      u.label = repeated ? " " : (mark ? mark.badge + " " : "") + e.fullLabel;  // not "": see vis
      u.background = {enabled: Boolean(mark), color: "#f0e442", size: 9};
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
    if (cfg.sources.length > 1 && !stage.caption) {
      var named = cfg.sources.filter(function (s) { return s.id === stage.source; })[0];
      if (named) { text = named.name + ": " + text; }
    }
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
    var count = ivig.el("span", String(item.count), "ivig-count");
    label.appendChild(count);
    box.appendChild(label);
    keyRows.push({row: label, count: count, id: item.id, isLine: isLine});
  }
  // the key counts what the stage shown holds, and leaves out kinds it has none of
  var keyRows = [];
  ivig.on("changed", function () {
    var stage = ivig.stage();
    var held = {};
    nodes.get().forEach(function (n) {
      if (stage.nodeSet[n.id]) { held["k:" + n.kind] = (held["k:" + n.kind] || 0) + 1; }
    });
    edges.get().forEach(function (e) {
      if (stage.edgeSet[e.id]) { held["l:" + e.line] = (held["l:" + e.line] || 0) + 1; }
    });
    keyRows.forEach(function (k) {
      var n = held[(k.isLine ? "l:" : "k:") + k.id] || 0;
      k.count.textContent = String(n);
      k.row.hidden = n === 0;
    });
  });
  cfg.kinds.forEach(function (k) {
    keyRow(document.getElementById("ivig-kinds"), k, false, ivig.state.kinds);
  });
  cfg.lines.forEach(function (l) {
    keyRow(document.getElementById("ivig-families"), l, true, ivig.state.lines);
  });
  // the key of the two sources: secondary facts (with their tick box) and the marks
  var marksBox = document.getElementById("ivig-marks");
  document.getElementById("ivig-source-key").hidden = cfg.sources.length < 2;
  if (cfg.secondary.count) {
    var dotted = {colour: "#1b1b1b", width: 2, dashes: cfg.secondary.dashes};
    var row = ivig.el("label", null, "ivig-key");
    var check = document.createElement("input");
    check.type = "checkbox"; check.checked = true; check.id = "ivig-secondary";
    check.addEventListener("change", function () { ivig.showSecondary(check.checked); });
    row.appendChild(check);
    row.appendChild(swatch(dotted, true));
    row.appendChild(ivig.el("span", "dotted: secondary, read only on a third-party copy or in " +
      "news (untick to hide)"));
    row.appendChild(ivig.el("span", String(cfg.secondary.count), "ivig-count"));
    marksBox.appendChild(row);
  }
  cfg.marks.forEach(function (m) {
    var row = ivig.el("p", null, "ivig-key ivig-mark-key");
    row.setAttribute("data-mark", m.id);
    row.appendChild(ivig.el("span", m.badge, "ivig-badge"));
    row.appendChild(ivig.el("span", "on a yellow band, in Both: " + m.name));
    row.appendChild(ivig.el("span", String(m.count), "ivig-count"));
    marksBox.appendChild(row);
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
  var sourceMenu = document.getElementById("ivig-source-menu");
  cfg.sources.forEach(function (s) {
    var option = ivig.el("option", s.name);
    option.value = s.id; option.title = s.about;
    sourceMenu.appendChild(option);
  });
  sourceMenu.parentNode.hidden = cfg.sources.length < 2;
  // the topic menu lists the views of one source
  function fillTopics(source) {
    topic.replaceChildren();
    cfg.stages.views.forEach(function (t) {
      if (t.source !== source) { return; }
      var option = ivig.el("option", t.name);
      option.value = t.view;
      topic.appendChild(option);
    });
  }
  // go(): show a stage (a view of a source, a topic or a scene) with its own layout
  ivig.go = function (key) {
    var stage = ivig.stages[key];
    if (!stage) { return; }
    ivig.state.stage = key;
    ivig.state.focus = null;
    ivig.state.source = stage.source;
    fillTopics(stage.source);
    sourceMenu.value = stage.source;
    // the topic menu names the view a scene is drawn from
    topic.value = ivig.stages[ivig.stageKey(stage.view, stage.source)] ? stage.view : "all";
    network.unselectAll();
    ivig.apply({moved: true});
  };
  topic.addEventListener("change", function () {
    ivig.go(ivig.stageKey(topic.value, ivig.state.source));
  });
  // switching source keeps the topic when that source has it
  ivig.setSource = function (source) {
    var key = ivig.stageKey(ivig.stage().view, source);
    ivig.go(ivig.stages[key] ? key : ivig.stageKey("all", source));
  };
  sourceMenu.addEventListener("change", function () { ivig.setSource(sourceMenu.value); });
  ivig.showSecondary = function (show) {
    ivig.state.secondary = show;
    var box = document.getElementById("ivig-secondary");
    if (box) { box.checked = show; }
    ivig.apply();
  };
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
    ivig.state.secondary = true;
    var box = document.getElementById("ivig-secondary");
    if (box) { box.checked = true; }
    ivig.go(cfg.startStage);
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
  fillTopics(ivig.state.source);
  sourceMenu.value = ivig.state.source;
  topic.value = "all";
  ivig.apply({fit: false});
})();
