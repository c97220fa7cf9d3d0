"""Security headers on every response: pages, JSON, feeds, static files and error pages.

The Content-Security-Policy allows scripts and style sheets from this site only: no
inline script anywhere (behaviour lives in static/js/, e.g. site.js for print buttons).
Style attributes stay allowed (`style-src-attr`): the stall map's SVG sets its column
count that way, and a style attribute cannot run code. Images may be `data:`/`blob:`
(QR codes drawn in the page, photo previews). Nothing may frame the site, and links
that leave it carry no path (badge links hold tokens). HSTS is sent only when the site
is served over https (FESTIVAL_BASE_URL), so a development server on http keeps working.
"""
from flask import Flask, current_app

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["FESTIVAL_BASE_URL"].startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def configure_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
