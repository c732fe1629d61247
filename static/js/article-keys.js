// Article page: c confirms and x rejects the quote selected with j/k (desk.js selects it), by
// submitting the same form as the buttons beside it; the page reloads on that quote.
(function () {
  "use strict";
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key !== "c" && event.key !== "x") return;
    var selected = document.querySelector("[data-keynav-marks] a.q-link.selected");
    if (!selected) return;
    var side = document.getElementById("side-" + selected.id.replace("attribution-", ""));
    var verb = event.key === "c" ? "confirm" : "reject";
    var form = side && side.querySelector('form[action$="/' + verb + '/"]');
    if (!form) return;
    event.preventDefault();
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
