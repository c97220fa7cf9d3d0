/* The trainer's scanner (templates/training/session_scan.html): the camera reads a family's
   training pass (static/js/qr-camera.js, as at the gate), the server records the family at
   this session (POST, festival/training/views.scan) and its verdict is shown in the gate's
   verdict markup. Without JavaScript the page says to tick the list instead. */
(function () {
  "use strict";
  var root = document.getElementById("pass-scanner");
  if (!root || !window.fetch || !window.Promise || !window.QrCamera) { return; }
  var config = root.dataset;
  var words = JSON.parse(config.words);
  var result = document.getElementById("scan-result");
  var state = document.getElementById("scan-state");
  var note = document.getElementById("scan-camera-note");
  var ICONS = { ok: "\u2713", warn: "!", bad: "\u2715" };
  note.hidden = true;

  function setText(selector, text) {
    var element = result.querySelector(selector);
    element.textContent = text || "";
    element.hidden = !text;
  }

  function show(answer) {
    result.className = "verdict verdict-" + answer.tone;
    result.querySelector(".verdict-icon").textContent = ICONS[answer.tone] || "";
    result.querySelector(".verdict-title").textContent = answer.title;
    setText(".verdict-message", answer.message);
    setText(".verdict-family", answer.family);
    result.hidden = false;
  }

  function send(scanned) {
    state.textContent = words.checking;
    return fetch(config.scanUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({ scanned: scanned })
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {  // a login page after the session ended, or an error page
        show({ tone: "bad", title: words.not_recorded, message: words.signed_out });
        return;
      }
      return response.json().then(function (body) {
        state.textContent = "";
        if (!response.ok) {
          show({ tone: "bad", title: words.not_recorded, message: body.error ? body.error.message : "" });
          return;
        }
        show(body);
        if (body.tone !== "ok" && navigator.vibrate) { navigator.vibrate([80, 60, 80]); }
      });
    }).catch(function () {
      // The answer stays on screen until the next scan: "Ready" must not hide that this one failed.
      show({ tone: "bad", title: words.not_recorded, message: words.problem });
    });
  }

  QrCamera.attach({
    video: document.getElementById("scan-video"), button: document.getElementById("scan-start"), note: note,
    jsqrUrl: config.jsqr, noCamera: words.no_camera,
    onReady: function () { state.textContent = words.ready; },
    onCode: send
  });
})();
