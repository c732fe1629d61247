// The claim edit form: the claimant box suggests stored sources by name or alias, and says when
// the name typed is new (saving then adds it as a source). Works without this file: the server
// resolves the name the same way.
(function () {
  "use strict";
  var input = document.querySelector("input[data-source-lookup]");
  var list = document.getElementById("claimant-options");
  var hint = document.querySelector("[data-lookup-hint]");
  if (!input || !list) return;
  var url = list.getAttribute("data-lookup-url");
  var timer = null;
  var known = {};

  function say(text) { if (hint) hint.textContent = text; }

  function update() {
    var q = input.value.trim();
    if (q.length < 2) { list.textContent = ""; say(""); return; }
    fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        list.textContent = "";
        known = {};
        data.results.forEach(function (row) {
          var option = document.createElement("option");
          option.value = row.name;
          option.label = [row.alias ? "also " + row.alias : "", row.role, row.kind].filter(Boolean).join(" · ");
          list.appendChild(option);
          known[row.name.toLowerCase()] = row;
          if (row.alias) known[row.alias.toLowerCase()] = row;
        });
        var match = known[q.toLowerCase()];
        say(match ? "Stored source: " + match.name + (match.role ? " (" + match.role + ")" : "") + "."
          : "“" + q + "” is not stored yet: saving adds it as a new source.");
      })
      .catch(function () { say(""); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
})();
