// Sortable lists: clicking a column heading of a table marked data-sortable orders its rows by that column
// (Vietnamese alphabetical order, numbers by value), clicking again reverses. Only the rows on the page are sorted;
// without script the headings are plain and the server's order stands.
(function () {
  "use strict";
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  function text(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  // Dates (dd/mm/yyyy) sort as yyyymmdd; numbers written the Vietnamese way (1.234,5 or 83,79%) by value.
  function number(value) {
    var date = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
    if (date) { return parseInt(date[3] + date[2] + date[1], 10); }
    var digits = value.replace(/\./g, "").replace(",", ".").replace("%", "");
    return /^-?\d+(\.\d+)?$/.test(digits) ? parseFloat(digits) : null;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      if (heading.classList.contains("no-print") || heading.textContent.trim() === "") { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = heading.textContent;
      heading.textContent = "";
      heading.appendChild(button);
      heading.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = heading.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
        });
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = text(a, index), y = text(b, index), nx = number(x), ny = number(y);
          // Blanks first, then values; numbers and dates by value, text in Vietnamese order.
          var order = x === "" || y === "" ? (x === "" ? 0 : 1) - (y === "" ? 0 : 1)
            : nx !== null && ny !== null ? nx - ny : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
