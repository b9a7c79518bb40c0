// Kết quả lớp: "Điền xuống" copies a column's first filled cell into the empty cells below it, as Excel's fill-down
// does. Without script the buttons stay hidden and the form works as before.
(function () {
  "use strict";
  var table = document.getElementById("results");
  if (!table) { return; }
  Array.prototype.forEach.call(table.querySelectorAll("button.fill-down"), function (button) {
    var column = parseInt(button.getAttribute("data-column"), 10);
    button.hidden = false;
    button.addEventListener("click", function () {
      var fields = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
        return row.cells[column].querySelector("input, select");
      }).filter(Boolean);
      var first = fields.find(function (field) { return field.value !== ""; });
      if (!first) { return; }
      fields.forEach(function (field) { if (field.value === "") { field.value = first.value; } });
    });
  });
})();
