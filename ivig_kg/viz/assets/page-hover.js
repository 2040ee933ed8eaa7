// Pointing at, clicking and keyboard use of the picture (template: page.html.jinja).
//
// vis-network's own hover picks the last line drawn within a few pixels of the pointer, not
// the nearest one, so its hover is switched off (ivig_kg/viz/style.py) and this script finds
// what is under the pointer itself: a shape (or its label) under the pointer wins, as shapes
// are drawn on top; otherwise the nearest line or shape border within a few pixels, measured
// along the curve vis-network draws; otherwise the line whose label is under the pointer.
// The explanation shown is always that element's own. Clicks use the same test.
(function () {
  "use strict";
  var ivig = window.ivig;
  var container = document.getElementById("mynetwork");
  var tooltip = document.getElementById("ivig-tooltip");
  var ON_LINE = 3;      // screen pixels: a pointer this close to a line is on it
  var NEAR = 10;        // screen pixels: the farthest a pointer may be from what it explains
  var SAMPLES = 32;     // straight pieces per curved line

  function labelShown(options, scale) {
    return Boolean(options.label) &&
      options.font.size * scale >= options.scaling.label.drawThreshold;
  }
  function insideBox(p, box) {
    return box && box.width > 0 && p.x >= box.left && p.x <= box.left + box.width &&
      p.y >= box.top && p.y <= box.top + box.height;
  }
  function segmentDistance(p, a, b) {
    var dx = b.x - a.x, dy = b.y - a.y;
    var length2 = dx * dx + dy * dy;
    var t = length2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2)) : 0;
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
  }
  // the line as vis-network draws it: straight, or a curve cut into SAMPLES pieces
  ivig.linePoints = function (id) {
    var edge = network.body.edges[id];
    var pieces = edge.options.smooth && edge.options.smooth.enabled ? SAMPLES : 1;
    var points = [];
    for (var i = 0; i <= pieces; i += 1) { points.push(edge.edgeType.getPoint(i / pieces)); }
    return points;
  };
  function lineDistance(id, p) {
    var points = ivig.linePoints(id);
    var best = Infinity;
    for (var i = 1; i < points.length; i += 1) {
      best = Math.min(best, segmentDistance(p, points[i - 1], points[i]));
    }
    return best;
  }
  function shownNodes() {
    return ivig.visibleIds(nodes).map(function (id) { return network.body.nodes[id]; })
      .filter(Boolean);
  }
  function shownEdges() {
    return ivig.visibleIds(edges).map(function (id) { return network.body.edges[id]; })
      .filter(function (e) { return e && e.from && e.to; });
  }
  // pick(): what the pointer at `dom` (pixels in the picture) is on, or null
  ivig.pick = function (dom) {
    var p = network.DOMtoCanvas(dom);
    var scale = network.getScale();
    var best = null;
    var inside = null;
    shownNodes().forEach(function (node) {
      var centre = Math.hypot(p.x - node.x, p.y - node.y);
      var radius = node.options.size + node.options.borderWidth;
      var onLabel = labelShown(node.options, scale) && insideBox(p, node.labelModule.size);
      if ((centre <= radius || onLabel) && (!inside || centre < inside.centre)) {
        inside = {type: "node", id: node.id, centre: centre};
      }
      var d = centre - radius;
      if (!best || d < best.d) { best = {type: "node", id: node.id, d: d}; }
    });
    if (inside) { return {type: "node", id: inside.id}; }
    var shown = shownEdges();
    shown.forEach(function (edge) {
      var d = lineDistance(edge.id, p);
      if (!best || d < best.d) { best = {type: "edge", id: edge.id, d: d}; }
    });
    if (best && best.d * scale <= ON_LINE) { return {type: best.type, id: best.id}; }
    for (var i = shown.length - 1; i >= 0; i -= 1) {
      var edge = shown[i];
      if (labelShown(edge.options, scale) && insideBox(p, edge.labelModule.size)) {
        return {type: "edge", id: edge.id};
      }
    }
    return best && best.d * scale <= NEAR ? {type: best.type, id: best.id} : null;
  };

  // -- the tooltip and the highlight of what is pointed at ----------------------------------
  ivig.hovered = null;
  var redrawing = false;
  function redrawSoon() {  // one drawing per frame, however fast the pointer moves
    if (redrawing) { return; }
    redrawing = true;
    requestAnimationFrame(function () { redrawing = false; network.redraw(); });
  }
  function domPoint(ev) {
    var box = container.getBoundingClientRect();
    return {x: ev.clientX - box.left, y: ev.clientY - box.top};
  }
  function showTooltip(hit, ev) {
    var item = hit.type === "node" ? nodes.get(hit.id) : edges.get(hit.id);
    tooltip.replaceChildren(ivig.htmlElement(item.info));
    tooltip.setAttribute("data-type", hit.type);
    tooltip.setAttribute("data-id", hit.id);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = ev.clientX - box.left + 16, y = ev.clientY - box.top + 16;
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    if (x + width > box.width) { x = Math.max(4, ev.clientX - box.left - width - 16); }
    if (y + height > box.height) { y = Math.max(4, ev.clientY - box.top - height - 16); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() {
    tooltip.hidden = true;
    if (ivig.hovered) { ivig.hovered = null; redrawSoon(); }
  }
  container.addEventListener("pointermove", function (ev) {
    if (ev.pointerType === "touch" || !ivig.ready) { return; }
    var hit = ivig.pick(domPoint(ev));
    if (window.ivigHoverLog) {
      window.ivigHoverLog.push({x: ev.clientX, y: ev.clientY, hit: hit});
    }
    if (!hit) { hideTooltip(); return; }
    var changed = !ivig.hovered || ivig.hovered.id !== hit.id || ivig.hovered.type !== hit.type;
    ivig.hovered = hit;
    showTooltip(hit, ev);
    if (changed) { redrawSoon(); }
  });
  container.addEventListener("pointerleave", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("beforeDrawing", function (ctx) {
    var hit = ivig.hovered;
    if (!hit) { return; }
    var scale = network.getScale();
    ctx.save();
    ctx.strokeStyle = "rgba(255, 190, 0, 0.55)";
    ctx.fillStyle = "rgba(255, 190, 0, 0.45)";
    if (hit.type === "edge" && network.body.edges[hit.id]) {
      var points = ivig.linePoints(hit.id);
      ctx.lineWidth = 12 / scale;
      ctx.lineCap = "round";
      ctx.beginPath();
      ctx.moveTo(points[0].x, points[0].y);
      points.slice(1).forEach(function (q) { ctx.lineTo(q.x, q.y); });
      ctx.stroke();
    } else if (hit.type === "node" && network.body.nodes[hit.id]) {
      var node = network.body.nodes[hit.id];
      ctx.beginPath();
      ctx.arc(node.x, node.y, node.options.size + 9 / scale, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();
  });

  // -- details on click: a line's explanation, or a shape's statements by group --------------
  function statementItem(row) {
    var li = ivig.el("li");
    li.appendChild(ivig.el("span", row.sentence));
    var meta = [];
    if (row.hedge) { meta.push("the article's words: \u201c" + row.hedge + "\u201d"); }
    meta.push(row.source);
    li.appendChild(ivig.el("div", meta.join(" \u00b7 "), "ivig-meta"));
    return li;
  }
  ivig.rowShown = function (row) {
    return row.edges.some(function (id) { var e = edges.get(id); return e && !e.hidden; });
  };
  ivig.nodeDetails = function (id) {
    var box = ivig.el("div");
    box.appendChild(ivig.htmlElement(nodes.get(id).info));
    var rows = ivig.cfg.statements.filter(function (r) {
      return r.nodes.indexOf(id) >= 0 && ivig.rowShown(r);
    });
    box.appendChild(ivig.el("h3", rows.length === 1 ? "1 statement in this view" :
      rows.length + " statements in this view", "ivig-statements-title"));
    ivig.cfg.groups.forEach(function (group) {
      var mine = rows.filter(function (r) { return r.group === group.id; });
      if (!mine.length) { return; }
      var section = ivig.el("section", null, "ivig-group-" + group.id);
      section.appendChild(ivig.el("h4", group.name + " (" + mine.length + ")"));
      var ul = ivig.el("ul");
      mine.forEach(function (r) { ul.appendChild(statementItem(r)); });
      section.appendChild(ul);
      box.appendChild(section);
    });
    ivig.showDetails(box);
  };
  ivig.edgeDetails = function (id) { ivig.showDetails(edges.get(id).info); };
  ivig.openDetails = function (hit) {
    if (!hit) { return; }
    if (hit.type === "node") {
      network.setSelection({nodes: [hit.id], edges: []}, {highlightEdges: false});
      ivig.nodeDetails(hit.id);
    } else {
      network.setSelection({nodes: [], edges: [hit.id]});
      ivig.edgeDetails(hit.id);
    }
  };
  network.on("click", function (params) {
    var hit = ivig.pick(params.pointer.DOM);
    if (hit) { ivig.openDetails(hit); } else { network.unselectAll(); }
  });

  // -- keyboard: the picture has a name; Enter opens details, Escape closes ----------------
  ivig.on("ready", function () {
    var frame = container.querySelector(".vis-network");
    var canvas = container.querySelector("canvas");
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-roledescription", "network picture");
    frame.setAttribute("aria-label", "Network picture: arrow keys move it, + and \u2212 zoom, " +
      "Enter opens the details of the selected shape or line, Escape closes them. The Table " +
      "button lists every statement as text.");
    frame.setAttribute("aria-describedby", "ivig-subtitle");
    canvas.setAttribute("role", "img");
    function describeCanvas() {
      canvas.setAttribute("aria-label", "Picture of " + ivig.describe().replace(" \u00b7 ", ": ") +
        "; the same statements are listed in the table.");
    }
    describeCanvas();
    ivig.on("changed", describeCanvas);
    frame.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") { return; }
      var selected = network.getSelection();
      if (selected.nodes.length) { ivig.openDetails({type: "node", id: selected.nodes[0]}); }
      else if (selected.edges.length) { ivig.openDetails({type: "edge", id: selected.edges[0]}); }
      else { ivig.openDetails(nearestToCentre()); }
    });
  });
  function nearestToCentre() {
    var centre = network.getViewPosition();
    var best = null;
    shownNodes().forEach(function (node) {
      var d = Math.hypot(node.x - centre.x, node.y - centre.y);
      if (!best || d < best.d) { best = {type: "node", id: node.id, d: d}; }
    });
    return best;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      tooltip.hidden = true;
      ivig.closeDetails();
    }
  });
})();
