/* The gate's service worker (festival/gate/views.py serves it at /gate/sw.js, scope /gate).

   It keeps what the scanner needs to open with no network: the scripts, the style sheet,
   the icons, and each gate page once visited. Pages: the network first (a fresh page and
   CSRF token when the server answers within a few seconds), the kept copy otherwise.
   Static files: the kept copy at once, refreshed in the background. The API is never
   kept: the page itself queues scans in IndexedDB. Version {{ version }}: a new one on
   every change of the files below, which replaces the old cache. */
"use strict";
var CACHE = "festival-gate-{{ version }}";
var ASSETS = {{ assets|tojson }};
var OPTIONAL = {{ optional|tojson }};
var PAGE_WAIT_MS = 4000;

// The site's own files must all arrive, or this version is not installed (the previous one
// keeps working); the npm libraries are fallbacks the scanner can do without.
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    function fresh(url) { return new Request(url, { credentials: "same-origin", cache: "reload" }); }
    var required = ASSETS.filter(function (url) { return OPTIONAL.indexOf(url) < 0; });
    return cache.addAll(required.map(fresh)).then(function () {
      return Promise.all(OPTIONAL.map(function (url) { return cache.add(fresh(url)).catch(function () { return null; }); }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("festival-gate-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function pageFromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("slow")); }, PAGE_WAIT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      if (response.status >= 500) { reject(new Error("server " + response.status)); return; }  // the kept copy is better
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(request.url, copy); });
      }
      resolve(response);
    }, function (error) { clearTimeout(timer); reject(error); });
  });
}

function keptPage(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request.url).then(function (kept) {
      return kept || cache.match(request.url, { ignoreSearch: true });
    });
  }).then(function (kept) { return kept || Response.error(); });
}

function staticFile(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (kept) { fresh.catch(function () { return null; }); return kept; }
      return fresh;
    });
  });
}

/* The page that registered this worker was loaded before the worker existed: it asks for
   itself to be kept, and hears back once it is. */
self.addEventListener("message", function (event) {
  var url = event.data && event.data.keep;
  if (!url || new URL(url).origin !== self.location.origin) { return; }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("not kept"); }
      return cache.put(url, response);
    }).catch(function () {  // offline: a copy kept earlier is as good
      return cache.match(url).then(function (kept) { if (!kept) { throw new Error("not kept"); } });
    });
  }).then(function () { event.source.postMessage({ kept: url }); }, function () {
    event.source.postMessage({ kept: null });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) {
    return;  // posts and the API always go to the network
  }
  if (request.mode === "navigate") {
    event.respondWith(pageFromNetwork(request).catch(function () { return keptPage(request); }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(staticFile(request));
  }
});
