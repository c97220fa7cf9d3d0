"""Every kind of response carries the security headers; no template holds inline script."""
import re
from pathlib import Path

import pytest

from festival.core.security_headers import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
REPRESENTATIVE = {
    "an html page": "/",
    "the calendar": "/calendar",
    "json": "/api/v1/events",
    "an ics feed": "/calendar.ics",
    "a static file": "/static/css/app.css",
    "a 404 page": "/no-such-page",
    "a 400 page": "/calendar?province=%00",
    "a redirect": "/family",
}


@pytest.mark.parametrize("url", REPRESENTATIVE.values(), ids=REPRESENTATIVE.keys())
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in policy and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # served over http here


@pytest.mark.parametrize("app_config", [{"FESTIVAL_BASE_URL": "https://festival.example"}])
def test_hsts_is_sent_when_the_site_is_served_over_https(client, app_config):
    for url in ("/", "/static/css/app.css", "/no-such-page"):
        assert client.get(url).headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_policy_allows_no_inline_or_evaluated_script():
    script_policy = next(part for part in CONTENT_SECURITY_POLICY.split("; ") if part.startswith("script-src"))

    assert script_policy == "script-src 'self'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:|<style\b", re.IGNORECASE)


def test_no_template_holds_inline_script_event_handlers_or_style_elements():
    offenders = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
                 for path in TEMPLATES.rglob("*.html") for match in INLINE_SCRIPT.finditer(path.read_text())]

    assert offenders == []
