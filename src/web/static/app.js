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
      expand.textContent = open ? expand.dataset.collapse : expand.dataset.expand;
    });
  }
  // printed, every reasoning tree is open
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  // choosing a shipped scheme fills the classify form at once
  document.querySelectorAll("form.start select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  // on the classify form, the language switch keeps the answers given: it sends the form
  // back to be shown in the language chosen, as the form's own language buttons do
  var form = document.getElementById("classify");
  if (form) {
    document.querySelectorAll("a.lang-switch[data-lang]").forEach(function (a) {
      var button = form.querySelector("button[name=relang][value='" + a.dataset.lang + "']");
      if (!button) { return; }
      a.addEventListener("click", function (event) {
        event.preventDefault();
        button.click();
      });
    });
  }
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
            function () { done(b.dataset.copied); },
            function () { done(b.dataset.copyThis + " " + url); });
        } else {
          done(b.dataset.copyThis + " " + url);
        }
      });
    });
  }
});
