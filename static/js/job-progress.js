// A job's page follows its progress live; without JavaScript the page refreshes itself
// (<noscript> meta refresh). When the job ends, the page is loaded again to offer the file.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-state]");
  if (!box || box.hasAttribute("data-finished") || !window.fetch) return;
  var bar = box.querySelector("[data-job-bar]");
  var delay = 1000;

  function poll() {
    fetch(box.getAttribute("data-job-state"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { delay = Math.min(delay * 2, 10000); return; }
        if (bar) { bar.value = state.percent; bar.textContent = state.percent + "%"; }
        if (state.finished) { window.location.reload(); return; }
        delay = 1000;
      })
      .catch(function () { delay = Math.min(delay * 2, 10000); })  // weak network: try again, less often
      .then(function () { window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
})();
