/* The gate scanner (templates/gate/scan.html): camera and typed short codes, online and offline.

   Online, each scan goes to POST /api/v1/checkins and the server decides. When the network
   drops (or the staff member chooses to work offline), the phone decides with its day
   package (static/js/gate-verify.js), stores the scan in IndexedDB (static/js/gate-store.js)
   before showing the result, and uploads the waiting scans when the server answers again,
   then refreshes the package (festival/checkin/offline_api.py). The state (online, offline,
   sending) and the number of scans waiting are always on screen.
   Camera: static/js/qr-camera.js (the trainer's scanner uses it too). Without JavaScript the
   short-code form posts normally. */
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  if (!root || !window.fetch || !window.JSON || !window.Promise) { return; }

  var config = root.dataset;
  var words = JSON.parse(config.words);  // festival/checkin/messages.offline_words, in the page's language
  var occurrenceId = Number(config.occurrence);
  var marketId = Number(config.market);
  // Western digits in Arabic too, as every page of the site writes numbers, dates and times.
  var lang = document.documentElement.lang === "ar" ? "ar-SY-u-nu-latn" : "en-US";
  var result = document.getElementById("scan-result");
  var state = document.getElementById("scan-state");
  var statusBar = document.getElementById("gate-status");
  var statusText = document.getElementById("gate-status-text");
  var modeButton = document.getElementById("gate-mode");
  var video = document.getElementById("scan-video");
  var startButton = document.getElementById("scan-start");
  var cameraNote = document.getElementById("scan-camera-note");
  var form = document.getElementById("code-form");
  var codeInput = form.querySelector("input[name=code]");
  var ICONS = { ok: "\u2713", warn: "!", bad: "\u2715" };
  var TONES = { valid: "ok", duplicate: "warn", invalid: "bad" };
  var ONLINE_WAIT_MS = 6000;  // a scan waiting longer than this on a weak connection is decided on the phone
  var SYNC_WAIT_MS = 45000;   // an upload or a package may take long on 2G: it is not a scan in front of a queue
  var REFRESH_MS = 180000;    // online: the list is refreshed this often
  var PROBE_MS = 15000;       // offline: ask the server this often whether it is back
  var CHUNK = 200;            // scans per upload: a lost connection loses at most one chunk's answer
  var gate = {
    // waiting: null until the phone's store was read, so the page never says "0 waiting" while
    // scans are still there (the status shows the count only once it is known)
    mode: "online", forced: false, waiting: null, syncing: false, pkg: null, arrivals: {}, csrf: config.csrf,
    signedOut: false, removed: false, problem: null
  };

  if (window.GateVerify) { GateVerify.setLibraryUrl(config.ed25519); }
  try { gate.forced = window.localStorage.getItem("festival-gate-offline") === "1"; } catch (error) { /* private mode */ }

  // -- words -----------------------------------------------------------------------------

  function number(value) { return new Intl.NumberFormat(lang).format(value); }

  function plural(forms, count) {
    var category = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(count) : "other";
    return (forms[category] || forms.other).replace("%(num)d", number(count));
  }

  function clock(ms) {
    return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", timeZone: "Asia/Damascus" })
      .format(new Date(ms));
  }

  function setIfChanged(element, text) {  // a live region re-read only when its words change
    if (element.textContent !== text) { element.textContent = text; }
  }

  function renderStatus() {
    var text = gate.syncing ? words.states.syncing
      : gate.mode === "online" ? words.states.online
      : gate.forced ? words.states.forced : words.states.offline;
    if (gate.signedOut) { text = words.states.signed_out; }
    if (gate.removed) { text = words.removed; }
    setIfChanged(statusText, text);
    setIfChanged(document.getElementById("gate-waiting"), gate.waiting === null ? "" : plural(words.waiting, gate.waiting));
    var ready = document.getElementById("gate-ready");
    var badges = gate.pkg ? gate.pkg.validCount : 0;
    setIfChanged(ready, gate.pkg && root.dataset.offlineReady === "1" ? plural(words.ready_offline, badges)
      : words.not_ready_offline);
    statusBar.className = "gate-status gate-status-" + (gate.syncing ? "syncing" : gate.mode);
    statusBar.dataset.mode = gate.syncing ? "syncing" : gate.mode;
    if (gate.waiting === null) { delete statusBar.dataset.waiting; } else { statusBar.dataset.waiting = String(gate.waiting); }
    setIfChanged(modeButton, gate.forced ? words.buttons.go_online : words.buttons.go_offline);
    modeButton.hidden = false;
  }

  function setMode(mode) {
    var changed = gate.mode !== mode;
    gate.mode = mode;
    renderStatus();
    if (changed) { state.textContent = mode === "online" ? words.states.back_online : words.states.went_offline; }
  }

  function countWaiting() {
    return GateStore.unsent().then(function (scans) { gate.waiting = scans.length; renderStatus(); });
  }

  // -- showing an answer -------------------------------------------------------------------

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
    result.dataset.outcome = answer.outcome || "";
    result.dataset.offline = answer.offline ? "1" : "";
    result.hidden = false;
    if (navigator.vibrate) { navigator.vibrate(answer.tone === "ok" ? 80 : [120, 60, 120]); }
  }

  function showProblem(message) {
    show({ tone: "bad", title: message, message: "", family: "", stall: "" });
  }

  function offlineAnswer(verdict, scannedAt) {
    var badge = verdict.badge || {};
    var answer = { outcome: verdict.outcome, tone: TONES[verdict.outcome], offline: true,
                   family: badge.family || (badge.unlisted ? words.name_unknown : ""), stall: badge.stall || "" };
    if (verdict.outcome === "valid") {
      answer.title = words.titles.checked_in;
      answer.message = words.sentences.checked_in.replace("%(time)s", clock(scannedAt)) + " " + words.saved_offline;
    } else if (verdict.outcome === "duplicate") {
      answer.title = words.titles.duplicate;
      answer.message = words.sentences.already.replace("%(time)s", clock(verdict.arrivedAt));
    } else {
      answer.title = words.titles.invalid;
      answer.message = words.reasons[verdict.reason] || "";
    }
    return answer;
  }

  // -- the day package -----------------------------------------------------------------------

  function loadLocal() {
    return Promise.all([GateStore.getPackage(occurrenceId), GateStore.scansOf(occurrenceId),
                        GateStore.getDevice(marketId)]).then(function (found) {
      var stored = found[0];
      gate.removed = Boolean(found[2] && found[2].removed);
      gate.pkg = gate.removed ? null : GateVerify.indexPackage(stored);
      gate.arrivals = {};
      ((stored && stored.arrivals) || []).forEach(function (arrival) { gate.arrivals[arrival.family_id] = arrival.at * 1000; });
      found[1].forEach(function (scan) {
        if (scan.admitted) { gate.arrivals[scan.family_id != null ? scan.family_id : "badge:" + scan.badge_id] = scan.scanned_at; }
      });
    });
  }

  function merge(stored, fresh) {
    var badges = (stored && !fresh.full) ? stored.badges : {};
    var arrivals = {};
    ((stored && !fresh.full) ? stored.arrivals : []).forEach(function (a) { arrivals[a.family_id] = a; });
    fresh.badges.forEach(function (badge) { badges[badge.id] = badge; });
    fresh.arrivals.forEach(function (a) { arrivals[a.family_id] = a; });
    return { occurrence_id: occurrenceId, cursor: fresh.cursor, keys: fresh.keys, utc_offset: fresh.utc_offset,
             occurrence: fresh.occurrence, badges: badges, refused: fresh.refused, other_dates: fresh.other_dates || [],
             arrivals: Object.keys(arrivals).map(function (key) { return arrivals[key]; }), fetched_at: Date.now() };
  }

  // -- talking to the server -----------------------------------------------------------------

  function call(url, options, waitMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, waitMs || ONLINE_WAIT_MS) : null;
    var settings = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
    settings.headers = Object.assign({ "Accept": "application/json", "X-CSRFToken": gate.csrf }, settings.headers);
    if (controller) { settings.signal = controller.signal; }
    return fetch(url, settings).then(function (response) {
      if (timer) { window.clearTimeout(timer); }
      if (response.status >= 500) { throw new Error("server " + response.status); }  // as good as offline
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    }, function (error) { if (timer) { window.clearTimeout(timer); } throw error; });
  }

  function postJson(url, body, waitMs) {
    return call(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
                waitMs);
  }

  function signedOut(reply) {
    if (reply.status !== 401) { return false; }
    gate.signedOut = true;
    renderStatus();
    return true;
  }

  function Removed() { this.removed = true; }

  /* This phone's id at a market: enrolled once; never again after an organizer removed it
     (until the next sign-in, which clears the phone). */
  function deviceFor(marketOfScans, occurrenceOfScans) {
    return GateStore.getDevice(marketOfScans).then(function (known) {
      if (known && known.removed) { throw new Removed(); }
      if (known && known.device) { return known.device; }
      return postJson(config.devicesUrl, { occurrence_id: occurrenceOfScans, label: navigator.userAgent.slice(0, 200) },
                      SYNC_WAIT_MS)
        .then(function (reply) {
          if (reply.status !== 201) { throw new Error("enrol " + reply.status); }
          return GateStore.putDevice(marketOfScans, reply.body.device).then(function () { return reply.body.device; });
        });
    });
  }

  function removedHere(message) {
    return GateStore.markRemoved(marketId).then(function () {
      gate.pkg = null;
      gate.removed = true;
      showProblem(message || words.removed);
      renderStatus();
    });
  }

  function refreshPackage(retried) {
    return Promise.all([deviceFor(marketId, occurrenceId), GateStore.getPackage(occurrenceId)]).then(function (found) {
      var stored = found[1];
      var query = "?device=" + encodeURIComponent(found[0]) + (stored ? "&since=" + encodeURIComponent(stored.cursor) : "");
      return call(config.packageUrl + query, null, SYNC_WAIT_MS).then(function (reply) {
        if (reply.status === 410) { return removedHere(reply.body.error.message); }
        if (reply.status === 403 && !retried) {  // the server forgot this phone (e.g. a restored database): enrol again
          return GateStore.forgetDevice(marketId).then(function () { return refreshPackage(true); });
        }
        if (signedOut(reply) || !reply.ok) { return null; }
        return GateStore.putPackage(merge(stored, reply.body)).then(loadLocal);
      });
    });
  }

  function uploadGroup(group, retried) {
    var first = group[0];
    var chunk = group.slice(0, CHUNK);
    var url = config.syncUrl.replace("/0/", "/" + first.occurrence_id + "/");
    return deviceFor(first.market_id, first.occurrence_id).then(function (deviceId) {
      return postJson(url, { device: deviceId, scans: chunk.map(function (scan) {
        var item = { nonce: scan.nonce, scanned_at: scan.scanned_at };
        if (scan.scanned_by) { item.scanned_by = scan.scanned_by; }  // the account that let the family in
        if (scan.token) { item.token = scan.token; } else { item.short_code = scan.short_code; }
        return item;
      }) }, SYNC_WAIT_MS);
    }).then(function (reply) {
      if (signedOut(reply)) { throw new Error("signed out"); }
      if (reply.status === 403 && !retried) {  // an id the server does not know: enrol again, send again
        return GateStore.forgetDevice(first.market_id).then(function () { return uploadGroup(group, true); });
      }
      if (!reply.ok) {  // kept on the phone for the next try; the other dates go on
        gate.problem = (reply.body.error && reply.body.error.message) || String(reply.status);
        return null;
      }
      var results = reply.body.results || {};
      var nonces = chunk.map(function (scan) { return scan.nonce; }).filter(function (nonce) {
        return results[nonce] && results[nonce].result !== "retry";   // anything else stays queued
      });
      return GateStore.markSent(nonces, results).then(function () {
        gate.waiting = Math.max(0, (gate.waiting || 0) - nonces.length);
        renderStatus();
        var next = group.length > CHUNK ? uploadGroup(group.slice(CHUNK), false) : Promise.resolve();
        return next.then(function () {
          if (reply.body.wipe && first.market_id === marketId) { return removedHere(words.removed); }
          return null;
        });
      });
    }, function (error) {
      if (error && error.removed) { return null; }  // a removed phone keeps its scans for the organizer to see
      throw error;
    });
  }

  function upload(scans) {
    var groups = {};
    scans.forEach(function (scan) {
      var key = scan.occurrence_id + ":" + scan.market_id;
      (groups[key] = groups[key] || []).push(scan);
    });
    return Object.keys(groups).reduce(function (previous, key) {
      return previous.then(function () { return uploadGroup(groups[key], false); });
    }, Promise.resolve());
  }

  /* Upload first, then refresh the package: the server hears of every admission before the
     phone trusts a newer list. Scans made meanwhile are sent by the next round. */
  function sync() {
    if (gate.forced || gate.syncing) { return Promise.resolve(); }
    gate.syncing = true;
    gate.problem = null;
    renderStatus();
    return call(config.sessionUrl).then(function (reply) {
      if (signedOut(reply) || !reply.ok) { throw new Error("session"); }
      gate.signedOut = false;
      gate.csrf = reply.body.csrf;
      document.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.value = reply.body.csrf; });
      return GateStore.unsent();
    }).then(upload).then(function () {
      return gate.removed ? null : refreshPackage(false).catch(function (error) {
        if (!(error && error.removed)) { throw error; }
      });
    }).then(function () {
      gate.syncing = false;
      stopProbing();
      setMode("online");
      return countWaiting().then(function () {
        if (gate.waiting > 0 && !gate.problem) { window.setTimeout(sync, 1500); }
      });
    }).catch(function () {
      gate.syncing = false;
      goOffline();
      return countWaiting();
    });
  }

  var probeTimer = null;
  function goOffline() {
    setMode("offline");
    if (!probeTimer && !gate.forced) {
      probeTimer = window.setInterval(function () {
        if (!gate.forced && gate.mode === "offline" && !gate.syncing) { sync(); }
      }, PROBE_MS);
    }
  }

  function stopProbing() {
    if (probeTimer) { window.clearInterval(probeTimer); probeTimer = null; }
  }

  // Online, the list is refreshed now and then (it is small when nothing changed), so that a
  // network lost in the afternoon leaves the phone with the morning's arrivals and revocations.
  window.setInterval(function () {
    if (!gate.forced && gate.mode === "online" && !gate.syncing) { sync(); }
  }, REFRESH_MS);

  // -- a scan ----------------------------------------------------------------------------------

  function newNonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function arrivalKey(badge) {
    return badge.family_id != null ? badge.family_id : "badge:" + badge.id;
  }

  function decideOffline(fields, nonce) {
    if (!gate.pkg) {
      showProblem(gate.removed ? words.removed : words.no_package);
      return Promise.resolve();
    }
    var scannedAt = Date.now();
    return GateVerify.verify(fields, gate.pkg, gate.arrivals, scannedAt).then(function (verdict) {
      var badge = verdict.badge || {};
      var admitted = verdict.outcome === "valid";
      // The device id is looked up when the scan is sent: a scan never waits on an enrolment.
      var scan = { nonce: nonce, occurrence_id: occurrenceId, market_id: marketId, scanned_at: scannedAt,
                   scanned_by: Number(config.user) || null, outcome: verdict.outcome, reason: verdict.reason, badge_id: badge.id || null,
                   family_id: badge.family_id != null ? badge.family_id : null, admitted: admitted,
                   unsent: admitted ? 1 : 0 };
      if (fields.token) { scan.token = GateVerify.tokenFrom(fields.token); } else { scan.short_code = fields.short_code; }
      if (admitted) { gate.arrivals[arrivalKey(badge)] = scannedAt; }  // before the write: a second tap is "already in"
      return GateStore.addScan(scan).then(function () {   // stored before the answer is shown
        if (admitted) {
          gate.waiting = (gate.waiting || 0) + 1;
          renderStatus();
        }
        show(offlineAnswer(verdict, scannedAt));
      }, function () {
        if (admitted) { delete gate.arrivals[arrivalKey(badge)]; }
        showProblem(words.store_failed);
      });
    });
  }

  /* An arrival the server recorded: this phone remembers it (also in IndexedDB, for after a
     reload) for when it is offline later. */
  function rememberOnline(fields, answer, nonce) {
    if (answer.outcome !== "valid" || !answer.checked_in_at || !gate.pkg) { return Promise.resolve(); }
    var badge = fields.short_code ? gate.pkg.byShortCode[GateVerify.normalizeShortCode(fields.short_code)]
      : gate.pkg.badges[GateVerify.badgeIdOf(fields.token)];
    if (!badge) { return Promise.resolve(); }
    var at = Date.parse(answer.checked_in_at);
    gate.arrivals[arrivalKey(badge)] = at;
    return GateStore.addScan({ nonce: nonce, occurrence_id: occurrenceId, market_id: marketId, scanned_at: at,
                               outcome: "valid", reason: null, badge_id: badge.id, family_id: badge.family_id,
                               admitted: true, online: true }).catch(function () { return null; });
  }

  function decide(fields) {
    var nonce = newNonce();
    if (gate.forced || gate.mode !== "online") { return decideOffline(fields, nonce); }
    state.textContent = words.checking;
    var body = { nonce: nonce, occurrence_id: occurrenceId };
    Object.keys(fields).forEach(function (key) { body[key] = fields[key]; });
    return postJson(config.api, body).then(function (reply) {
      state.textContent = "";
      if (reply.ok) { show(reply.body); return rememberOnline(fields, reply.body, nonce); }
      if (signedOut(reply)) { return decideOffline(fields, nonce); }
      showProblem(reply.body.error ? reply.body.error.message : String(reply.status));
      return null;
    }, function () {
      // No answer: decide here with the same nonce, so an arrival the server did record is not counted twice.
      state.textContent = "";
      goOffline();
      return decideOffline(fields, nonce);
    });
  }

  /* One scan at a time: a double tap, or the camera and a typed code together, are decided in turn. */
  var queue = Promise.resolve();
  function send(fields) {
    queue = queue.then(function () { return decide(fields); }).catch(function () { showProblem(words.store_failed); });
    return queue;
  }

  // The field takes a short code typed by hand, or what a handheld scanner types: the badge URL.
  // Without the offline scripts (an old browser, a half-kept cache) the form posts as without JavaScript.
  form.addEventListener("submit", function (event) {
    if (!window.GateVerify || !window.GateStore) { return; }
    event.preventDefault();
    var code = codeInput.value.trim();
    if (!code) { return; }
    codeInput.value = "";
    send(GateVerify.isBadgeUrl(code) ? { token: code } : { short_code: code }).then(function () { codeInput.focus(); });
  });

  modeButton.addEventListener("click", function () {
    gate.forced = !gate.forced;
    try { window.localStorage.setItem("festival-gate-offline", gate.forced ? "1" : "0"); } catch (error) { /* private mode */ }
    if (gate.forced) { stopProbing(); setMode("offline"); } else { sync(); }
    renderStatus();
  });

  window.addEventListener("online", function () { if (!gate.forced) { sync(); } });
  window.addEventListener("offline", function () { goOffline(); });

  // -- camera (static/js/qr-camera.js) --------------------------------------------------------

  if (window.QrCamera) {
    QrCamera.attach({
      video: video, button: startButton, note: cameraNote, jsqrUrl: config.jsqr, noCamera: words.no_camera,
      onReady: function () { state.textContent = words.ready; },
      onCode: function (code) { return send({ token: code }); }
    });
  } else {  // the camera module did not load (an old browser, a half-kept cache): say so, type the code
    cameraNote.textContent = words.no_camera;
    cameraNote.hidden = false;
  }

  // -- start -------------------------------------------------------------------------------------

  // The service worker keeps this page and its files; once it says so, the page opens offline.
  if ("serviceWorker" in navigator && config.sw) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.kept === window.location.href) {
        root.dataset.offlineReady = "1";
        renderStatus();
      }
    });
    navigator.serviceWorker.register(config.sw, { scope: config.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ keep: window.location.href });
    }).catch(function () { return null; });
  }
  if (!window.indexedDB || !window.GateStore || !window.GateVerify) { return; }  // online only, as before
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () { return false; });  // unsent scans are not evicted for space
  }
  statusBar.hidden = false;
  try { window.localStorage.setItem("festival-gate-used", "1"); } catch (error) { /* private mode */ }  // see site.js
  loadLocal().then(countWaiting).then(function () {
    if (gate.forced) { setMode("offline"); return null; }
    if (navigator.onLine === false) { goOffline(); return null; }
    return sync();
  }).catch(function () { renderStatus(); });
})();
