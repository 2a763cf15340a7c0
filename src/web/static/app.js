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
  // printed, every reasoning tree is open
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  // choosing a language or a shipped scheme fills the classify form at once
  document.querySelectorAll("form.lang select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  // a result shown after a form was sent takes its own address, so that reloading,
  // bookmarking or sharing it gives the same result; "Copy link" copies that address
  var link = document.getElementById("result-link");
  if (link) {
    var address = link.getAttribute("href");
    if (window.location.pathname + window.location.search !== address) {
      window.history.replaceState(null, "", address);
    }
    document.querySelectorAll("button.copy-link").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        var said = b.parentNode.querySelector(".copied");
        var url = new URL(address, window.location.href).href;
        var done = function (text) { if (said) { said.textContent = text; } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(
            function () { done("Link copied."); },
            function () { done("Copy this link: " + url); });
        } else {
          done("Copy this link: " + url);
        }
      });
    });
  }
});
