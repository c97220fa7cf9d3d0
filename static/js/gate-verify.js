/* The badge verifier of the offline gate: the rules of festival/checkin/verify.py, asked of
   the day package (festival/checkin/day_package.py) instead of the database.

   GateVerify.verify(scanned, pkg, arrivals, nowMs) → Promise of
     { outcome: "valid" | "duplicate" | "invalid", reason, badge, arrivedAt }
   scanned: { token: "…" } (the QR code's text, a badge URL or a bare token) or
            { short_code: "…" } (typed by hand);
   pkg:     the package as stored (badges and refused keyed by id and by short code);
   arrivals: family id → time (ms) the family was let in, by this phone or known to the server.

   Order of checks, as on the server: the token (format, signature with any key of the
   package), then the badge (known, revoked, withdrawn), the date (cancelled, this date,
   validity window), then whether the family is already in. What the phone cannot know is
   said on the scanner page: changes after its last refresh, other phones' admissions since. */
(function (global) {
  "use strict";

  var V1_LENGTH = 108;   // base64url of 81 bytes (version 1)
  var V2_LENGTH = 130;   // RFC 4648 base32 of 81 bytes, upper case (version 2)
  var PAYLOAD = 17;
  var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  var BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DAY_MS = 86400000;
  var EPOCH_MS = Date.UTC(2020, 0, 1);
  var nobleUrl = null;   // set by the page: /gate/vendor/ed25519.js
  var keyCache = {};

  function decode(text, alphabet, bitsPerChar) {
    var bytes = [], buffer = 0, bits = 0;
    for (var i = 0; i < text.length; i++) {
      var value = alphabet.indexOf(text.charAt(i));
      if (value < 0) { return null; }
      buffer = (buffer << bitsPerChar) | value;
      bits += bitsPerChar;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((buffer >> bits) & 0xff);
      }
      buffer &= (1 << bits) - 1;
    }
    if (buffer !== 0) { return null; }  // non-canonical: leftover bits must be zero, as the server asks
    return new Uint8Array(bytes);
  }

  function tokenFrom(scanned) {
    var text = String(scanned || "").trim();
    var match = text.match(/\/b\/([^/?#]+)/i);
    return match ? match[1] : text;
  }

  /* The claims of a well-formed token, or { reason: "malformed" }. */
  function parse(token) {
    var raw = null, version = 0;
    if (token.length === V1_LENGTH) { raw = decode(token, BASE64URL, 6); version = 1; }
    else if (token.length === V2_LENGTH && /^[A-Za-z2-7]+$/.test(token)) { raw = decode(token.toUpperCase(), BASE32, 5); version = 2; }
    if (!raw || raw.length !== PAYLOAD + 64) { return { reason: "malformed" }; }
    var view = new DataView(raw.buffer);
    return {
      versionMatches: raw[0] === version,  // asked after the signature, as the server does
      payload: raw.slice(0, PAYLOAD), signature: raw.slice(PAYLOAD),
      badgeId: view.getUint32(1), occurrenceId: view.getUint32(5), stallId: view.getUint32(9),
      firstDay: view.getUint16(13), lastDay: view.getUint16(15)
    };
  }

  function keyBytes(text) {
    var binary = atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function webCryptoVerify(keyText, signature, payload) {
    var key = keyCache[keyText];
    if (!key) {
      key = keyCache[keyText] = crypto.subtle.importKey("raw", keyBytes(keyText), { name: "Ed25519" }, false,
                                                        ["verify"]);
    }
    return key.then(function (imported) {
      return crypto.subtle.verify({ name: "Ed25519" }, imported, signature, payload);
    });
  }

  var engine = null;  // "webcrypto" or the noble module, decided once
  function chooseEngine(forceLibrary) {
    if (engine && !forceLibrary) { return Promise.resolve(engine); }
    var probe = forceLibrary || !(global.crypto && crypto.subtle)
      ? Promise.reject(new Error("no WebCrypto"))
      : crypto.subtle.importKey("raw", new Uint8Array(32).fill(1), { name: "Ed25519" }, false, ["verify"]);
    return probe.then(function () { engine = "webcrypto"; return engine; }, function () {
      return import(nobleUrl).then(function (noble) { engine = noble; return engine; });
    });
  }

  function signedBy(keys, claims) {
    return chooseEngine().then(function (chosen) {
      var tries = keys.map(function (keyText) {
        if (chosen === "webcrypto") {
          return webCryptoVerify(keyText, claims.signature, claims.payload).catch(function () { return false; });
        }
        // zip215 off: the strict RFC 8032 rules, as the server's OpenSSL applies them.
        return chosen.verifyAsync(claims.signature, claims.payload, keyBytes(keyText), { zip215: false })
          .catch(function () { return false; });
      });
      return Promise.all(tries).then(function (results) { return results.indexOf(true) >= 0; });
    });
  }

  function normalizeShortCode(typed) {
    var text = String(typed || "").replace(/[\u0660-\u0669]/g, function (digit) {
      return String(digit.charCodeAt(0) - 0x0660);
    }).replace(/[\u06f0-\u06f9]/g, function (digit) { return String(digit.charCodeAt(0) - 0x06f0); });
    return text.toUpperCase().replace(/[ -]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");  // as the server's
  }

  function invalid(reason, badge) { return { outcome: "invalid", reason: reason, badge: badge || null }; }

  /* The badge's rules once the badge is known (festival/checkin/verify.judge). */
  function judge(badge, pkg, arrivals, nowMs) {
    var refused = pkg.refused[badge.id];
    if (refused) { return invalid(refused.reason, badge); }
    if (pkg.occurrence.cancelled) { return invalid("cancelled", badge); }
    if (badge.occurrence_id !== pkg.occurrence.id) { return invalid("wrong_event", badge); }
    if (nowMs < badge.from * 1000) { return invalid("not_yet", badge); }
    if (nowMs > badge.until * 1000) { return invalid("expired", badge); }
    var arrivedAt = badge.family_id != null ? arrivals[badge.family_id] : arrivals["badge:" + badge.id];
    if (arrivedAt) { return { outcome: "duplicate", reason: null, badge: badge, arrivedAt: arrivedAt }; }
    return { outcome: "valid", reason: null, badge: badge };
  }

  /* A genuine token of a badge issued after the package: its own signed claims say the date. */
  function fromClaims(claims, pkg) {
    return {
      id: claims.badgeId, occurrence_id: claims.occurrenceId, stall_id: claims.stallId, family: null,
      family_id: null, stall: null, short_code: null, unlisted: true,
      from: (EPOCH_MS + claims.firstDay * DAY_MS) / 1000 - pkg.utc_offset,
      until: (EPOCH_MS + (claims.lastDay + 1) * DAY_MS) / 1000 - pkg.utc_offset - 1
    };
  }

  function verify(scanned, pkg, arrivals, nowMs) {
    if (scanned.short_code != null) {
      var code = normalizeShortCode(scanned.short_code);
      var known = pkg.byShortCode[code];
      if (!known) { return Promise.resolve(invalid(pkg.otherDates[code] ? "wrong_event" : "unknown")); }
      return Promise.resolve(judge(known, pkg, arrivals, nowMs));
    }
    var claims = parse(tokenFrom(scanned.token));
    if (claims.reason) { return Promise.resolve(invalid(claims.reason)); }
    return signedBy(pkg.keys, claims).then(function (genuine) {
      if (!genuine) { return invalid("bad_signature"); }
      if (!claims.versionMatches) { return invalid("malformed"); }
      var badge = pkg.badges[claims.badgeId] || (pkg.refused[claims.badgeId] && pkg.refused[claims.badgeId].badge);
      if (!badge) {
        if (claims.occurrenceId !== pkg.occurrence.id) { return invalid("wrong_event"); }
        badge = fromClaims(claims, pkg);
      } else if (badge.occurrence_id !== claims.occurrenceId || badge.stall_id !== claims.stallId) {
        return invalid("bad_signature", badge);  // signed, but not this badge's data
      }
      return judge(badge, pkg, arrivals, nowMs);
    });
  }

  /* The package as stored (festival/checkin/day_package.py, merged by the scanner) → the
     verifier's lookups: badges by id and by short code, refused badges by id. */
  function indexPackage(stored) {
    if (!stored) { return null; }
    var pkg = { occurrence: stored.occurrence, keys: stored.keys, utc_offset: stored.utc_offset,
                badges: {}, byShortCode: {}, refused: {}, otherDates: {} };
    (stored.other_dates || []).forEach(function (code) { pkg.otherDates[code] = true; });
    Object.keys(stored.badges).forEach(function (id) {
      var badge = stored.badges[id];
      pkg.badges[badge.id] = badge;
      pkg.byShortCode[badge.short_code] = badge;
    });
    stored.refused.forEach(function (entry) {
      var badge = pkg.badges[entry.id] || { id: entry.id, occurrence_id: stored.occurrence.id, stall_id: entry.stall_id,
                                            short_code: entry.short_code, family: null, family_id: null };
      pkg.refused[entry.id] = { reason: entry.reason, badge: badge };
      pkg.byShortCode[entry.short_code] = badge;
    });
    pkg.validCount = Object.keys(pkg.badges).filter(function (id) { return !pkg.refused[id]; }).length;
    return pkg;
  }

  /* A badge URL or a bare token (from a handheld scanner typing into the code field), not a short code. */
  function isBadgeUrl(text) {
    return /\/b\//i.test(text) || text.length >= 100;  // festival/checkin/verify.looks_like_badge_url
  }

  global.GateVerify = {
    indexPackage: indexPackage,
    isBadgeUrl: isBadgeUrl,
    verify: verify,
    normalizeShortCode: normalizeShortCode,
    tokenFrom: tokenFrom,
    badgeIdOf: function (scanned) { var claims = parse(tokenFrom(scanned)); return claims.reason ? null : claims.badgeId; },
    setLibraryUrl: function (url) { nobleUrl = url; },
    useLibrary: function () { return chooseEngine(true); },   // for tests: the npm fallback
    engine: function () { return chooseEngine().then(function (chosen) { return chosen === "webcrypto" ? "webcrypto" : "library"; }); }
  };
})(window);
