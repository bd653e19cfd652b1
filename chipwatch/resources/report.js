// chipwatch report: sort a table by a click on its header, filter the rows of a long one.
// It only reorders and hides rows already in the page; it reads no data as HTML and
// makes no request (the page's content-security policy allows this script alone).
(function () {
  "use strict";
  function number(text) {
    var value = parseFloat(text.replace(/,/g, ""));
    return isNaN(value) ? -Infinity : value;
  }
  function sortable(table, body, heads) {
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      th.title = "Sort by this column";
      function sort() {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[i] ? a.cells[i].textContent : "";
          var y = b.cells[i] ? b.cells[i].textContent : "";
          var order = numeric ? number(x) - number(y) : x.localeCompare(y);
          return up ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }
  function filterable(table, body) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of this table");
    input.addEventListener("input", function () {
      var query = input.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = query !== "" && row.textContent.toLowerCase().indexOf(query) < 0;
      });
    });
    table.parentNode.insertBefore(input, table);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2 || !table.tHead) { return; }
    sortable(table, body, table.tHead.rows[0].cells);
    if (body.rows.length > 10) { filterable(table, body); }
  });
})();
