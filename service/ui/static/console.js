// cleangate console: progressive enhancement only; every page works without this file.
// Live filter of the rule catalogue as you type (the server-side search still works on submit).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.querySelector(input.getAttribute("data-filter"));
    var count = document.getElementById("rule-count");
    if (!table) { return; }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      table.querySelectorAll("tbody tr[data-text]").forEach(function (row) {
        var text = row.getAttribute("data-text");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) { count.textContent = shown + " shown"; }
    });
  });
});
