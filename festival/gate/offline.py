"""What the gate's installable, offline scanner is made of: the files its service worker
keeps, their version, and the web app manifest.

The version is a hash of those files, so a deploy that changes any of them makes phones
replace their cache at the next visit, and nothing else does.
"""
import hashlib

from flask import current_app, url_for
from flask_babel import gettext as _

from festival.config import PROJECT_ROOT
from festival.core.i18n import html_lang

VENDOR_ED25519 = PROJECT_ROOT / ".npm" / "node_modules" / "@noble" / "ed25519" / "index.js"  # see the Makefile
STATIC_FILES = ("css/app.css", "js/site.js", "js/qr-camera.js", "js/scanner.js", "js/gate-store.js",
                "js/gate-verify.js", "img/icon.svg", "img/icon-192.png", "img/icon-512.png")
SCOPE = "/gate"  # the list of dates too (the manifest's start_url); /gate/sw.js is allowed it by a header
VERSION_KEY = "festival.gate_offline_version"


def optional_urls() -> list[str]:
    """The npm libraries: fallbacks (BarcodeDetector and WebCrypto do without them), and absent
    where npm was not available at setup."""
    return [url_for("checkin.jsqr"), url_for("gate.ed25519")]


def kept_urls() -> list[str]:
    return [*(url_for("static", filename=name) for name in STATIC_FILES), url_for("gate.manifest"),
            *optional_urls()]


def version() -> str:
    known = current_app.extensions.get(VERSION_KEY)
    if known is None:
        digest = hashlib.sha256()
        static = PROJECT_ROOT / "static"
        for path in (*(static / name for name in STATIC_FILES), VENDOR_ED25519,
                     PROJECT_ROOT / "templates" / "gate" / "sw.js"):
            digest.update(path.read_bytes() if path.is_file() else b"-")
        known = current_app.extensions[VERSION_KEY] = digest.hexdigest()[:12]
    return known


def manifest() -> dict:
    """The web app manifest: installed from the gate pages, it opens the gate's list of dates."""
    language = html_lang()
    return {
        "name": _("Festival gate scanner"), "short_name": _("Gate"),
        "description": _("Check families' badges at the market gate, with or without a network."),
        "lang": language, "dir": "rtl" if language == "ar" else "ltr",
        "start_url": url_for("gate.dashboard"), "scope": SCOPE, "display": "standalone",
        "background_color": "#fbf8f3", "theme_color": "#0f6b5c",
        "icons": [{"src": url_for("static", filename="img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                  {"src": url_for("static", filename="img/icon-512.png"), "sizes": "512x512", "type": "image/png",
                   "purpose": "any maskable"}],
    }
