// The table view (template: page.html.jinja): every statement of the current view as a row,
// the text alternative of the picture. It sorts by any column (the column's button), filters
// with the search box, prints with the handout, and Enter or a click on a row opens the
// statement's details and selects its lines. Cells are filled through textContent only.
(function () {
  "use strict";
  var ivig = window.ivig;
  var COLUMNS = [
    ["subject", "Subject"], ["relation", "Relation"], ["object", "Object"],
    ["qualifiers", "Qualifiers"], ["hedge", "Hedge (the article's words)"], ["source", "Source"],
    ["origin", "From"], ["grade", "Grade"]
  ];
  var panel = document.getElementById("ivig-table-panel");
  var toggle = document.getElementById("ivig-table-toggle");
  var summary = document.getElementById("ivig-table-summary");
  var head = document.querySelector("#ivig-table thead tr");
  var body = document.querySelector("#ivig-table tbody");
  var sort = {column: null, ascending: true};

  COLUMNS.forEach(function (column) {
    var th = ivig.el("th");
    th.setAttribute("scope", "col");
    th.setAttribute("aria-sort", "none");
    var button = ivig.el("button", column[1], "ivig-sort");
    button.type = "button";
    button.setAttribute("data-column", column[0]);
    button.addEventListener("click", function () {
      sort.ascending = sort.column === column[0] ? !sort.ascending : true;
      sort.column = column[0];
      head.querySelectorAll("th").forEach(function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", sort.ascending ? "ascending" : "descending");
      render();
    });
    th.appendChild(button);
    head.appendChild(th);
  });

  function rowText(row) {
    return COLUMNS.map(function (c) { return row[c[0]]; }).concat([row.sentence]).join(" ")
      .toLowerCase();
  }
  // the statements of the current view: those with at least one line shown
  ivig.rowsInView = function () { return ivig.cfg.statements.filter(ivig.rowShown); };
  function render() {
    var rows = ivig.rowsInView();
    var inView = rows.length;
    if (ivig.query) {
      rows = rows.filter(function (r) { return rowText(r).indexOf(ivig.query) >= 0; });
    }
    if (sort.column) {
      var key = sort.column;
      rows = rows.slice().sort(function (a, b) {
        var order = a[key].localeCompare(b[key], "en", {sensitivity: "base"});
        return sort.ascending ? order : -order;
      });
    }
    body.replaceChildren.apply(body, rows.map(tableRow));
    summary.textContent = ivig.query ?
      rows.length + " of the " + inView + " statements in this view match \u201c" + ivig.query +
        "\u201d." :
      inView + " statements in this view, one per row. Choose a row (Enter) for its details.";
    summary.setAttribute("data-rows", String(rows.length));
  }
  function tableRow(row) {
    var tr = ivig.el("tr", null, "ivig-row-" + row.group);
    tr.tabIndex = 0;
    tr.setAttribute("data-statement", row.id);
    COLUMNS.forEach(function (c) {
      var mark = c[0] === "origin" && ivig.state.source === "both" && ivig.marks[row.mark];
      var td = ivig.el("td", mark ? row[c[0]] + " \u00b7 " + mark.badge + " " + mark.name :
        row[c[0]]);
      if (c[0] === "relation") { td.title = row.sentence; }
      tr.appendChild(td);
    });
    function open() {
      network.setSelection({nodes: [], edges: row.edges.filter(function (id) {
        return !edges.get(id).hidden;
      })});
      ivig.showDetails(edges.get(row.main).info);
    }
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { open(); }
    });
    return tr;
  }

  ivig.showTable = function (show) {
    panel.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    document.body.classList.toggle("ivig-with-table", show);
    if (show) { render(); }
    network.redraw();
  };
  toggle.addEventListener("click", function () { ivig.showTable(panel.hidden); });
  ivig.on("changed", function () { if (!panel.hidden || ivig.printing) { render(); } });
  ivig.renderTable = render;
})();
