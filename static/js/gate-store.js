/* What a gate phone keeps in IndexedDB: its day packages, its enrolments and every scan.

   A scan is written (and the write awaited) before its result is shown: a page closed or a
   phone restarted after that loses nothing. Scans stay until the server has them; the
   package is deleted on logout and when an organizer removes the phone, the scans not
   sent yet are not. */
(function (global) {
  "use strict";

  var NAME = "festival-gate";
  var VERSION = 1;
  var opening = null;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open() {
    if (opening) { return opening; }
    opening = new Promise(function (resolve, reject) {
      var req = indexedDB.open(NAME, VERSION);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore("packages", { keyPath: "occurrence_id" });
        db.createObjectStore("devices", { keyPath: "market_id" });
        var scans = db.createObjectStore("scans", { keyPath: "nonce" });
        scans.createIndex("occurrence", "occurrence_id");
        scans.createIndex("unsent", "unsent");  // 1 while the server does not have it; absent otherwise
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { opening = null; reject(req.error); };
    });
    return opening;
  }

  /* Run `work(stores)` in one transaction; resolves once it is committed to disk. */
  function transaction(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode, { durability: "strict" });
        var stores = {};
        names.forEach(function (name) { stores[name] = tx.objectStore(name); });
        var result;
        Promise.resolve(work(stores)).then(function (value) { result = value; }, reject);
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error || new Error("aborted")); };
      });
    });
  }

  function get(store, key) {
    return transaction([store], "readonly", function (stores) { return request(stores[store].get(key)); });
  }

  function put(store, value) {
    return transaction([store], "readwrite", function (stores) { return request(stores[store].put(value)); });
  }

  global.GateStore = {
    getPackage: function (occurrenceId) { return get("packages", occurrenceId); },
    putPackage: function (pkg) { return put("packages", pkg); },
    getDevice: function (marketId) { return get("devices", marketId); },
    putDevice: function (marketId, deviceId) { return put("devices", { market_id: marketId, device: deviceId }); },
    forgetDevice: function (marketId) {
      return transaction(["devices"], "readwrite", function (stores) { return request(stores.devices.delete(marketId)); });
    },
    /* An organizer removed this phone: its list of badges goes, and it does not enrol again by itself. */
    markRemoved: function (marketId) {
      return transaction(["packages", "devices"], "readwrite", function (stores) {
        return Promise.all([request(stores.packages.clear()),
                            request(stores.devices.put({ market_id: marketId, device: null, removed: true }))]);
      });
    },

    addScan: function (scan) {
      if (scan.unsent !== 1) { delete scan.unsent; }
      return put("scans", scan);
    },
    scansOf: function (occurrenceId) {
      return transaction(["scans"], "readonly", function (stores) {
        return request(stores.scans.index("occurrence").getAll(occurrenceId));
      });
    },
    unsent: function () {
      return transaction(["scans"], "readonly", function (stores) {
        return request(stores.scans.index("unsent").getAll(1));
      });
    },
    markSent: function (nonces, results) {
      return transaction(["scans"], "readwrite", function (stores) {
        return Promise.all(nonces.map(function (nonce) {
          return request(stores.scans.get(nonce)).then(function (scan) {
            if (!scan) { return null; }
            delete scan.unsent;
            scan.server = results[nonce] || null;
            return request(stores.scans.put(scan));
          });
        }));
      });
    },
    /* Logout or a removed phone: the packages and enrolments go, scans not sent yet stay. */
    wipePackages: function () {
      return transaction(["packages", "devices"], "readwrite", function (stores) {
        return Promise.all([request(stores.packages.clear()), request(stores.devices.clear())]);
      });
    }
  };
})(window);
