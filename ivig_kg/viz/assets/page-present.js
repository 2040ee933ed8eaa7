// Teaching with the page (template: page.html.jinja): presentation mode and text size, the
// guided scenes (buttons, arrow and page keys, #scene=... links), the key facts and groups of
// each stage, browser zoom, saving a PNG and printing a one-page handout.
//
// Scenes, facts and groups come from the page's configuration, which Python filled from the
// graph (ivig_kg/viz/story.py): nothing here states a fact of its own.
(function () {
  "use strict";
  var ivig = window.ivig;
  var cfg = ivig.cfg;
  var state = ivig.state;
  var body = document.body;
  var container = document.getElementById("mynetwork");
  var STEPS = [0.8, 1, 1.25, 1.5, 1.75, 2, 2.5];

  // -- text size and presentation mode -----------------------------------------------------
  // In presentation mode labels are at least cfg.presentLabels.node / .edge pixels high on the screen
  // at the zoom that fits the view, times the chosen text size.
  // forced: at least that size on the screen at the current zoom (else the size the
  // presentation layouts were made for, cfg.presentLabels.scale times the normal one)
  function labelSizes(forced) {
    var scale = network.getScale();
    var factor = state.textScale * (state.present ? cfg.presentLabels.scale : 1);
    var least = forced && state.present ? state.textScale / scale : 0;
    var nodeUpdates = nodes.get().map(function (n) {
      var size = n.baseFont * factor;
      if (n.kind !== "finding") {
        size = Math.max(size, cfg.presentLabels.node * least * (n.hub ? 1.25 : 1));
      }
      return {id: n.id, font: {size: size, color: n.fontColor},
        widthConstraint: {maximum: cfg.labelWidth * size / n.baseFont}};
    });
    var edgeUpdates = edges.get().map(function (e) {
      return {id: e.id, font: {size: Math.max(cfg.fonts.edge * factor,
        cfg.presentLabels.edge * least)}};
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    network.redraw();
  }
  var fitShapes = ivig.fit;
  function plainFit(animate) {
    fitShapes(animate);
    // room for the titles of the groups, drawn above their boxes
    if (ivig.stage().groups.length && !state.focus) {
      network.moveTo({scale: network.getScale() * 0.9, animation: false});
    }
  }
  ivig.fit = function (animate) {
    if (!state.present) { plainFit(animate); return; }
    // fit the labels the layout was made for, then make sure they are large enough
    labelSizes(false);
    plainFit(false);
    labelSizes(true);
  };
  var sizeBox = document.getElementById("ivig-text-size");
  function setTextScale(step) {
    var index = Math.max(0, Math.min(STEPS.length - 1, STEPS.indexOf(state.textScale) + step));
    state.textScale = STEPS[index];
    sizeBox.textContent = Math.round(state.textScale * 100) + "%";
    labelSizes(true);
    ivig.fit(false);
  }
  document.getElementById("ivig-text-smaller").addEventListener("click", function () {
    setTextScale(-1);
  });
  document.getElementById("ivig-text-larger").addEventListener("click", function () {
    setTextScale(1);
  });

  var sideToggle = document.getElementById("ivig-side-toggle");
  function setSide(open) {
    body.classList.toggle("ivig-side-closed", !open);
    sideToggle.setAttribute("aria-expanded", String(open));
  }
  sideToggle.addEventListener("click", function () {
    setSide(body.classList.contains("ivig-side-closed"));
    afterResize();
  });
  var presentButton = document.getElementById("ivig-present-toggle");
  ivig.setPresent = function (on) {
    state.present = on;
    body.classList.toggle("ivig-present", on);
    presentButton.setAttribute("aria-pressed", String(on));
    presentButton.textContent = on ? "Leave presentation" : "Present";
    setSide(!on && window.innerWidth > 900);
    ivig.apply({moved: true, fit: false});
    afterResize();
  };
  presentButton.addEventListener("click", function () { ivig.setPresent(!state.present); });
  function afterResize() {
    // the picture's box changed: let vis-network take its new size, then fit and size labels
    requestAnimationFrame(function () {
      network.setSize("100%", "100%");
      network.redraw();
      labelSizes(false);
      ivig.fit(false);
    });
  }

  // Browser zoom changes the device pixel ratio; vis-network then keeps the drawing's size on
  // the screen. Keep its scale instead, so zooming the browser makes the picture larger too.
  var camera = null;
  var ratio = window.devicePixelRatio;
  network.on("afterDrawing", function () {
    if (window.devicePixelRatio === ratio) {
      camera = {scale: network.getScale(), position: network.getViewPosition()};
    }
  });
  network.on("resize", function () {
    if (window.devicePixelRatio === ratio || !camera) { return; }
    ratio = window.devicePixelRatio;
    var keep = camera;
    Promise.resolve().then(function () { network.moveTo(keep); });
  });

  // -- the story panel: the scene's caption and the stage's key facts -----------------------
  var story = document.getElementById("ivig-story");
  var caption = document.getElementById("ivig-caption");
  var factsBox = document.getElementById("ivig-facts");
  function factElement(fact) {
    var div = ivig.el("div", null, "ivig-fact");
    if (fact.headline) { div.appendChild(ivig.el("strong", fact.headline + ": ")); }
    div.appendChild(ivig.el("span", fact.text));
    if (fact.hedge) {
      div.appendChild(ivig.el("span", " (the article's words: \u201c" + fact.hedge + "\u201d)",
        "ivig-hedge"));
    }
    div.appendChild(ivig.el("span", " \u2014 " + fact.source, "ivig-meta"));
    return div;
  }
  function showStory() {
    var stage = ivig.stage();
    caption.replaceChildren();
    if (stage.caption) {
      caption.appendChild(ivig.el("strong", stage.name + ". "));
      caption.appendChild(ivig.el("span", stage.caption));
    }
    factsBox.replaceChildren();
    if (stage.facts.length) {
      factsBox.appendChild(ivig.el("h2", "Key facts from the graph"));
      stage.facts.forEach(function (f) { factsBox.appendChild(factElement(f)); });
    }
    var hidden = !(stage.caption || stage.facts.length) || Boolean(state.focus);
    if (hidden !== story.hidden) {
      story.hidden = hidden;
      body.classList.toggle("ivig-has-story", !hidden);
      if (state.present) { afterResize(); }
    }
  }
  ivig.on("changed", showStory);

  // groups of a stage (the adverse effects by what the article says of them): a box behind
  // the members, with its title
  network.on("beforeDrawing", function (ctx) {
    var groups = state.focus ? [] : ivig.stage().groups;
    var scale = network.getScale();
    groups.forEach(function (group) {
      var boxes = group.nodes.map(function (id) { return network.body.nodes[id]; })
        .filter(function (n) { return n && !nodes.get(n.id).hidden; })
        .map(function (n) { return n.shape.boundingBox; });
      if (!boxes.length) { return; }
      var pad = 10 / scale;
      var left = Math.min.apply(null, boxes.map(function (b) { return b.left; })) - pad;
      var right = Math.max.apply(null, boxes.map(function (b) { return b.right; })) + pad;
      var top = Math.min.apply(null, boxes.map(function (b) { return b.top; })) - pad;
      var bottom = Math.max.apply(null, boxes.map(function (b) { return b.bottom; })) + pad;
      var font = Math.max(16, (state.present ? cfg.presentLabels.edge : 13) / scale) * state.textScale;
      ctx.save();
      ctx.fillStyle = "rgba(213, 94, 0, 0.07)";
      ctx.strokeStyle = "#b34f00";
      ctx.lineWidth = 1.5 / scale;
      ctx.setLineDash([6 / scale, 4 / scale]);
      ctx.fillRect(left, top, right - left, bottom - top);
      ctx.strokeRect(left, top, right - left, bottom - top);
      ctx.fillStyle = "#8a3d00";
      ctx.font = "bold " + font + "px Helvetica, Arial, sans-serif";
      ctx.fillText(group.title + " (" + boxes.length + ")", left, top - font * 0.4);
      ctx.restore();
    });
  });

  // -- guided scenes ------------------------------------------------------------------------
  var scenes = cfg.stages.scenes;
  var nav = document.getElementById("ivig-scene-nav");
  var picker = document.getElementById("ivig-scene");
  nav.hidden = !scenes.length;
  var none = ivig.el("option", "Guided scenes\u2026");
  none.value = "";
  picker.appendChild(none);
  scenes.forEach(function (s, i) {
    var option = ivig.el("option", (i + 1) + ". " + s.name);
    option.value = s.id;
    picker.appendChild(option);
  });
  function sceneIndex() {
    var stage = ivig.stage();
    return stage.caption ? scenes.indexOf(stage) : -1;
  }
  ivig.scene = function (id) {
    if (!ivig.stages["scene:" + id]) { return false; }
    if (ivig.state.stage !== "scene:" + id || state.focus) { ivig.go("scene:" + id); }
    if (location.hash !== "#scene=" + id) { location.hash = "scene=" + id; }
    return true;
  };
  function step(by) {
    if (!scenes.length) { return; }
    var index = Math.max(0, Math.min(scenes.length - 1, sceneIndex() + by));
    ivig.scene(scenes[index].id);
  }
  ivig.on("changed", function () {
    var index = sceneIndex();
    picker.value = index >= 0 ? scenes[index].id : "";
  });
  picker.addEventListener("change", function () {
    if (picker.value) { ivig.scene(picker.value); } else { ivig.go(ivig.cfg.startStage); }
  });
  document.getElementById("ivig-scene-prev").addEventListener("click", function () { step(-1); });
  document.getElementById("ivig-scene-next").addEventListener("click", function () { step(1); });
  function fromFragment() {
    var match = /^#scene=([a-z0-9-]+)$/.exec(location.hash);
    if (match) { ivig.scene(match[1]); }
  }
  window.addEventListener("hashchange", fromFragment);
  document.addEventListener("keydown", function (ev) {
    var target = ev.target;
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) ||
      (target.closest && target.closest(".vis-network"));
    if (typing || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    if (ev.key === "ArrowRight" || ev.key === "PageDown") { step(1); ev.preventDefault(); }
    if (ev.key === "ArrowLeft" || ev.key === "PageUp") { step(-1); ev.preventDefault(); }
  });

  // -- take it to class: a PNG of the view, and a one-page handout --------------------------
  function wrap(ctx, text, width) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; }
      else { line = next; }
    });
    if (line) { lines.push(line); }
    return lines;
  }
  function pictureTexts() {
    var stage = ivig.stage();
    var below = [];
    if (stage.caption && !state.focus) { below.push(stage.caption); }
    if (!state.focus) {
      stage.facts.forEach(function (f) {
        below.push((f.headline ? f.headline + ": " : "") + f.text + " (" + f.source + ")");
      });
    }
    document.querySelectorAll(".ivig-source-line").forEach(function (p) {
      below.push(p.textContent.replace(/\s+/g, " ").trim());
    });
    return {title: document.getElementById("ivig-title").textContent,
      subtitle: ivig.describe(), below: below};
  }
  // the picture on white, with its title above and its key facts and source below (texts)
  ivig.pictureCanvas = function (withTexts) {
    var canvas = container.querySelector("canvas");
    var k = canvas.width / Math.max(1, canvas.clientWidth);
    var texts = withTexts ? pictureTexts() : {title: "", subtitle: "", below: []};
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    var pad = 14 * k, width = canvas.width, inner = width - 2 * pad;
    ctx.font = 14 * k + "px Helvetica, Arial, sans-serif";
    var belowLines = [];
    texts.below.forEach(function (t) { belowLines = belowLines.concat(wrap(ctx, t, inner), [""]); });
    var top = withTexts ? 58 * k : 0;
    out.width = width;
    out.height = top + canvas.height + (withTexts ? pad + belowLines.length * 19 * k : 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#1b1b1b";
    ctx.font = "bold " + 22 * k + "px Helvetica, Arial, sans-serif";
    ctx.fillText(texts.title, pad, 28 * k);
    ctx.font = 14 * k + "px Helvetica, Arial, sans-serif";
    ctx.fillText(texts.subtitle, pad, 48 * k);
    ctx.drawImage(canvas, 0, top);
    belowLines.forEach(function (line, i) {
      ctx.fillText(line, pad, top + canvas.height + pad + (i + 0.8) * 19 * k);
    });
    return out;
  };
  document.getElementById("ivig-export-png").addEventListener("click", function () {
    ivig.pictureCanvas(true).toBlob(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.download = "ivig-kg-" + ivig.stage().key.replace(/[^a-z0-9-]+/g, "-") + ".png";
      link.href = url;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
    }, "image/png");
  });

  // the handout: the picture, the caption and facts, the view's table and the source line,
  // shrunk to fit one A4 page (the page's print styles apply under html.ivig-print)
  var PAGE_HEIGHT = 1030;   // CSS pixels of an A4 page inside its 10 mm margins
  var picture = document.getElementById("ivig-print-picture");
  // The handout's picture is kept up to date a moment after each drawing: an image set while
  // printing would not be decoded in time to be printed.
  var stale = true;
  var refresh = null;
  function refreshPicture() {
    var shot = ivig.pictureCanvas(false);
    picture.width = shot.width;  // its size before it loads, so the page can be measured
    picture.height = shot.height;
    picture.src = shot.toDataURL("image/png");
    stale = false;
  }
  network.on("afterDrawing", function () {
    if (ivig.printing) { return; }
    stale = true;
    clearTimeout(refresh);
    refresh = setTimeout(refreshPicture, 400);
  });
  function preparePrint() {
    ivig.printing = true;
    if (stale) { refreshPicture(); }
    ivig.renderTable();
    var root = document.documentElement;
    root.classList.add("ivig-print");
    // shrink to one page; some parts do not shrink in proportion, so measure again
    var zoom = 1;
    for (var i = 0; i < 3; i += 1) {
      body.style.zoom = String(zoom);
      var height = body.getBoundingClientRect().height;
      if (height <= PAGE_HEIGHT) { break; }
      zoom *= PAGE_HEIGHT / height * 0.99;
    }
  }
  function endPrint() {
    ivig.printing = false;
    document.documentElement.classList.remove("ivig-print");
    body.style.zoom = "";
  }
  window.addEventListener("beforeprint", preparePrint);
  window.addEventListener("afterprint", endPrint);
  document.getElementById("ivig-print").addEventListener("click", function () { window.print(); });

  // -- start: presentation mode if asked for, a scene if the address names one ------------
  ivig.on("ready", function () {
    if (cfg.present) { ivig.setPresent(true); } else if (window.innerWidth <= 900) {
      setSide(false);
      afterResize();
    }
    fromFragment();
    showStory();
  });
})();
