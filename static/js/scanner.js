/* The gate scanner (templates/gate/scan.html): camera and typed short codes, both sent to
   POST /api/v1/checkins. The server decides; this file only reads codes and shows answers.
   Camera: the browser's BarcodeDetector, or jsQR (served from /static-vendor/jsqr.js) where
   there is none. Without JavaScript the short-code form posts normally. */
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  if (!root || !window.fetch || !window.JSON) { return; }

  var result = document.getElementById("scan-result");
  var state = document.getElementById("scan-state");
  var video = document.getElementById("scan-video");
  var startButton = document.getElementById("scan-start");
  var cameraNote = document.getElementById("scan-camera-note");
  var form = document.getElementById("code-form");
  var codeInput = form.querySelector("input[name=code]");
  var ICONS = { ok: "\u2713", warn: "!", bad: "\u2715" };
  var PAUSE_MS = 1000;        // the answer stays big; the next scan is taken after this
  var SAME_CODE_MS = 4000;    // a badge held in front of the camera is not sent again at once
  var RETRIES = 2;            // network failures: the same nonce, so a retry never counts twice
  var busy = false;
  var lastCode = "";
  var lastCodeAt = 0;

  function newNonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

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
    result.querySelector(".verdict-stall").textContent = answer.stall || "";
    result.querySelector(".verdict-stall-line").hidden = !answer.stall;
    result.hidden = false;
    if (navigator.vibrate) { navigator.vibrate(answer.tone === "ok" ? 80 : [120, 60, 120]); }
  }

  function showProblem(message) {
    show({ tone: "bad", title: message, message: "", family: "", stall: "" });
  }

  function post(body, retriesLeft) {
    return fetch(root.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body)
    }).catch(function (error) {
      if (retriesLeft > 0) { return post(body, retriesLeft - 1); }
      throw error;
    });
  }

  function send(fields) {
    busy = true;
    state.textContent = root.dataset.checking;
    var body = { nonce: newNonce(), occurrence_id: Number(root.dataset.occurrence) };
    Object.keys(fields).forEach(function (key) { body[key] = fields[key]; });
    return post(body, RETRIES)
      .then(function (response) {
        state.textContent = "";
        return response.json().then(function (answer) {
          if (response.ok) { show(answer); } else { showProblem(answer.error ? answer.error.message : String(response.status)); }
        });
      }, function () { state.textContent = ""; showProblem(root.dataset.offline); })
      .then(function () {
        window.setTimeout(function () { busy = false; state.textContent = root.dataset.ready; }, PAUSE_MS);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    if (!code || busy) { return; }
    send({ short_code: code }).then(function () { codeInput.value = ""; codeInput.focus(); });
  });

  // -- camera ---------------------------------------------------------------------------

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function barcodeDetector() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return null; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }, function () { return null; });
  }

  function jsqrDecoder() {
    return loadScript(root.dataset.jsqr).then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var scale = Math.min(1, 640 / (video.videoWidth || 640));
        var width = Math.round(video.videoWidth * scale);
        var height = Math.round(video.videoHeight * scale);
        if (!width || !height) { return Promise.resolve(null); }
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        var code = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
                               { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : null);
      };
    });
  }

  function watch(decode) {
    function next() { window.setTimeout(tick, 120); }
    function tick() {
      if (busy || video.readyState < 2) { next(); return; }
      decode().then(function (code) {
        var now = Date.now();
        if (code && !(code === lastCode && now - lastCodeAt < SAME_CODE_MS)) {
          lastCode = code;
          lastCodeAt = now;
          return send({ token: code });
        }
        return null;
      }).catch(function () { return null; }).then(next);
    }
    tick();
  }

  function cameraFailed() {
    startButton.hidden = true;
    cameraNote.textContent = root.dataset.noCamera;
    cameraNote.hidden = false;
  }

  function startCamera() {
    startButton.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        startButton.hidden = true;
        return video.play();
      })
      .then(barcodeDetector)
      .then(function (decode) { return decode || jsqrDecoder(); })
      .then(function (decode) { state.textContent = root.dataset.ready; watch(decode); })
      .catch(cameraFailed);
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    startButton.hidden = false;
    startButton.addEventListener("click", startCamera);
  } else {
    cameraFailed();
  }
})();
