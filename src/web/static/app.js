// mutua serve: every page works without this script; it only adds conveniences.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // "Expand every reasoning tree" on a classification result
  var expand = document.getElementById("expand-all");
  if (expand) {
    expand.hidden = false;
    expand.addEventListener("click", function () {
      var open = expand.dataset.open !== "1";
      document.querySelectorAll("details.rule").forEach(function (d) { d.open = open; });
      expand.dataset.open = open ? "1" : "0";
      expand.textContent = open ? "Collapse every reasoning tree" : "Expand every reasoning tree";
    });
  }
  // choosing a language or a shipped scheme fills the classify form at once
  document.querySelectorAll("form.lang select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
});
