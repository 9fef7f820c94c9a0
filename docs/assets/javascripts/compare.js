/* Sortable comparison tables (the districts compared on /dia-phuong/).
 *
 * Without JavaScript the table is complete and in the official order. With it:
 * every column header becomes a button that sorts the units by that column
 * (again to reverse), announced through aria-sort; and a list above the table
 * picks one figure, which sorts by it and, on a narrow screen, shows only that
 * figure on each unit's card (a phone opens on the first figure). The province total (tfoot) never moves. Blank
 * cells ("not reported") always sort last.
 */
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 44.9375em)");

  function sortKey(cell) {
    var raw = cell ? cell.getAttribute("data-sort") : "";
    if (raw === null || raw === "") return null;
    var number = Number(raw);
    return isNaN(number) ? raw : number;
  }

  function sortBy(table, column, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
      if (x === null && y === null) return Number(a.dataset.order) - Number(b.dataset.order);
      if (x === null) return 1;
      if (y === null) return -1;
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), document.documentElement.lang);
      if (order === 0) order = Number(a.dataset.order) - Number(b.dataset.order);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.setAttribute("aria-sort", i === column ? (descending ? "descending" : "ascending") : "none");
    });
  }

  function showOnly(table, column) {
    // On a phone's cards, only the unit's name and the chosen figure.
    var narrow = NARROW.matches && column > 0;
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        cell.classList.toggle("ntm-compare__off", narrow && i !== 0 && i !== column);
      });
    });
  }

  function enhance(table) {
    if (table.dataset.ntmSortable) return;
    table.dataset.ntmSortable = "1";
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) { row.dataset.order = String(i); });
    var headers = table.tHead.rows[0].cells;
    var select = document.createElement("select");
    var label = document.createElement("label");
    label.className = "ntm-compare__pick";
    label.textContent = table.getAttribute("data-sort-label") + " ";
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ntm-compare__sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        // Numbers sort largest first on the first press, text A to Z.
        var numeric = th.getAttribute("data-numeric") === "1";
        var current = th.getAttribute("aria-sort");
        var descending = current === "none" ? numeric : current === "ascending";
        sortBy(table, column, descending);
        select.value = String(column);
      });
      var option = document.createElement("option");
      option.value = String(column);
      option.textContent = button.textContent;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      var column = Number(select.value);
      sortBy(table, column, headers[column].getAttribute("data-numeric") === "1");
      showOnly(table, column);
    });
    NARROW.addEventListener("change", function () { showOnly(table, Number(select.value)); });
    label.appendChild(select);
    table.closest(".ntm-table").before(label);
    // A phone opens on the first figure: thirteen cards of every figure ran to
    // some twenty screens before a reader had chosen anything.
    if (NARROW.matches && headers.length > 1) {
      select.value = "1";
      select.dispatchEvent(new Event("change"));
    }
  }

  function enhanceAll() {
    document.querySelectorAll("table.ntm-compare").forEach(enhance);
  }

  if (window.document$) {
    window.document$.subscribe(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  }
})();
