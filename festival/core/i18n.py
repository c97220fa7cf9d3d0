"""Language choice and bilingual model fields.

Arabic (ar_SY) is the default. `?lang=en` switches and is remembered in a cookie.
"""
from flask import has_request_context, request
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

SUPPORTED_LOCALES = ("ar_SY", "en")
LANG_PARAM_TO_LOCALE = {"ar": "ar_SY", "ar_SY": "ar_SY", "en": "en"}
LANG_COOKIE = "lang"


def requested_locale() -> str | None:
    return LANG_PARAM_TO_LOCALE.get(request.args.get("lang", ""))


def select_locale() -> str:
    if not has_request_context():  # CLI commands, background work
        return SUPPORTED_LOCALES[0]
    return (
        requested_locale()
        or LANG_PARAM_TO_LOCALE.get(request.cookies.get(LANG_COOKIE, ""))
        or SUPPORTED_LOCALES[0]
    )


def remember_language(response):
    """After-request hook: keep an explicit `?lang=` choice for the next visits."""
    chosen = requested_locale()
    if chosen and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


def is_arabic() -> bool:
    return get_locale().language == "ar"


def text_direction() -> str:
    return "rtl" if is_arabic() else "ltr"


def html_lang() -> str:
    return "ar" if is_arabic() else "en"


class Bilingual:
    """Mixin for models with `name_ar` / `name_en`: `.name` follows the request's language."""

    name_ar: str
    name_en: str | None

    @property
    def name(self) -> str:
        if not is_arabic() and self.name_en:
            return self.name_en
        return self.name_ar


def localized(record, field: str) -> Markup:
    """`record.<field>_en` on English pages, else `<field>_ar`; template global `localized(market, "title")`.

    Where only the Arabic exists, an English page shows it marked as Arabic (its own
    language and direction, and "Arabic only"), so nobody takes it for a missing page
    or a broken translation.
    """
    arabic = getattr(record, f"{field}_ar", None) or ""
    english = getattr(record, f"{field}_en", None)
    if is_arabic() or english or not arabic:
        return escape(arabic if is_arabic() or not english else english)
    return Markup('<span lang="ar" dir="rtl">{}</span> <span class="lang-note">({})</span>').format(
        arabic, gettext("Arabic only"))
