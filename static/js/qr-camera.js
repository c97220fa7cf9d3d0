/* Reading QR codes with the phone's camera: the one module behind the gate's scanner
   (static/js/scanner.js) and the trainer's scanner (static/js/training-scan.js).

   QrCamera.attach({ video, button, note, jsqrUrl, noCamera, onReady, onCode }) shows the
   button where the browser has a camera API (else the note says so), starts the back camera
   when it is tapped, and decodes with the browser's BarcodeDetector or, where there is none,
   jsQR (installed from npm at setup, served by the app). onCode(text) returns a promise: no
   code is read until it settles, plus PAUSE_MS so the answer stays on screen; the same code
   held in front of the camera is not read again for SAME_CODE_MS. */
(function () {
  "use strict";
  var PAUSE_MS = 1000;
  var SAME_CODE_MS = 4000;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function barcodeDetector(video) {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return null; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    }, function () { return null; });
  }

  function jsqrDecoder(video, jsqrUrl) {
    return loadScript(jsqrUrl).then(function () {
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

  function watch(options, decode) {
    var busy = false;
    var lastCode = "";
    var lastCodeAt = 0;
    var video = options.video;
    function next() { window.setTimeout(tick, 120); }
    function tick() {
      if (busy || video.readyState < 2) { next(); return; }
      decode().then(function (code) {
        var now = Date.now();
        if (code && !(code === lastCode && now - lastCodeAt < SAME_CODE_MS)) {
          lastCode = code;
          lastCodeAt = now;
          busy = true;
          return Promise.resolve(options.onCode(code)).catch(function () { return null; }).then(function () {
            window.setTimeout(function () { busy = false; if (options.onReady) { options.onReady(); } }, PAUSE_MS);
          });
        }
        return null;
      }).catch(function () { return null; }).then(next);
    }
    tick();
  }

  function attach(options) {
    var button = options.button;
    function failed() {
      button.hidden = true;
      options.note.textContent = options.noCamera;
      options.note.hidden = false;
    }
    function start() {
      button.disabled = true;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (stream) {
          options.video.srcObject = stream;
          options.video.hidden = false;
          button.hidden = true;
          return options.video.play();
        })
        .then(function () { return barcodeDetector(options.video); })
        .then(function (decode) { return decode || jsqrDecoder(options.video, options.jsqrUrl); })
        .then(function (decode) { if (options.onReady) { options.onReady(); } watch(options, decode); })
        .catch(failed);
    }
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      button.hidden = false;
      button.addEventListener("click", start);
    } else {
      failed();
    }
  }

  window.QrCamera = { attach: attach };
})();
