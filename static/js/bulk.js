// Queue bulk actions: x ticks the row selected with j/k, the header box ticks the page, the bar
// shows how many are ticked and only the fields the chosen action needs. Works without this
// file: every field is shown and the server says what is missing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-bulk]");
  if (!form) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="claim"][form="bulk-form"]'));
  var all = document.querySelector("[data-bulk-all]");
  var count = form.querySelector("[data-bulk-count]");
  var action = form.querySelector('select[name="action"]');

  function update() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    count.textContent = n ? n + " claim" + (n === 1 ? "" : "s") + " ticked" : "No claim ticked";
    if (all) all.checked = n > 0 && n === boxes.length;
    form.classList.toggle("has-selection", n > 0);
  }
  function fields() {
    form.querySelectorAll("[data-bulk-for]").forEach(function (label) {
      label.hidden = label.getAttribute("data-bulk-for") !== action.value;
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  if (all) all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    update();
  });
  action.addEventListener("change", fields);
  fields();
  update();

  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (event.key !== "x" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var row = document.querySelector("[data-keynav] tbody tr.selected");
    var box = row && row.querySelector('input[name="claim"]');
    if (!box) return;
    event.preventDefault();
    box.checked = !box.checked;
    update();
  });
})();
