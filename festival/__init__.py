"""Festival: Friday markets and sales festivals for productive families.

`create_app` is a flat list of small configure steps; read it top to bottom to see
everything the application is made of.
"""
import logging
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from festival.config import PROJECT_ROOT, load_config
from festival.core.compression import configure_compression
from festival.core.input_guard import configure_input_guard
from festival.core.pipeline import Festival, configure_pipeline
from festival.core.security_headers import configure_security_headers
from festival.core.uploads import configure_uploads
from festival.core.urls import safe_next_url
from festival.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config_overrides: dict | None = None, *, instance_path: str | Path | None = None) -> Flask:
    app = Festival(  # one commit or one rollback per request: festival/core/pipeline.py
        __name__,
        instance_path=str(instance_path or PROJECT_ROOT / "instance"),
        instance_relative_config=True,  # from_pyfile("config.py") reads instance/config.py
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure_settings(app, config_overrides)
    configure_uploads(app)  # before the input guard and the CSRF check read a form
    configure_input_guard(app)
    configure_security_headers(app)
    configure_logging(app)
    configure_extensions(app)
    configure_compression(app)
    configure_i18n(app)
    configure_sessions(app)
    configure_blueprints(app)
    configure_notifications(app)
    configure_jobs(app)
    configure_errors(app)
    configure_pipeline(app)
    configure_templates(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, overrides: dict | None) -> None:
    app.config.from_mapping(load_config(Path(app.instance_path)))
    app.config.from_pyfile("config.py", silent=True)
    if overrides:
        app.config.update(overrides)
    if app.config.get("BEHIND_PROXY"):
        # Each trusted proxy appends one address to X-Forwarded-For; the client's is the
        # one PROXY_COUNT places from the end. Rate limits and lockouts key on it.
        hops = int(app.config.get("PROXY_COUNT") or 1)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def configure_extensions(app: Flask) -> None:
    import festival.models  # noqa: F401  (every table known before the first query)
    from festival.core.database import configure_engine
    from festival.markets.public_version import configure_public_version

    db.init_app(app)
    configure_engine(app)
    configure_public_version(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def configure_i18n(app: Flask) -> None:
    from festival.core import i18n

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: "Asia/Damascus")
    app.after_request(i18n.remember_language)


def configure_sessions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from festival.auth import sessions

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    app.before_request(sessions.enforce_session_lifetime)


def configure_blueprints(app: Flask) -> None:
    from festival.admin.views import bp as admin_bp
    from festival.api.partner_views import bp as partner_api_bp
    from festival.api.views import bp as api_bp
    from festival.applications.family_views import bp as applications_bp
    from festival.applications.review_views import bp as review_bp
    from festival.audit.views import bp as audit_bp
    from festival.auth.views import bp as auth_bp
    from festival.badges.views import bp as badges_bp
    from festival.calendar.views import bp as calendar_bp
    from festival.checkin.api import bp as checkin_api_bp
    from festival.checkin.manage_views import bp as checkin_manage_bp
    from festival.checkin.offline_api import bp as gate_api_bp
    from festival.checkin.views import bp as checkin_bp
    from festival.consent.views import bp as consent_bp
    from festival.crafts_register.admin_views import bp as crafts_admin_bp
    from festival.crafts_register.public_views import bp as crafts_bp
    from festival.documents.admin_views import bp as document_types_bp
    from festival.documents.family_views import bp as documents_family_bp
    from festival.documents.views import bp as documents_bp
    from festival.duplicates.views import bp as duplicates_bp
    from festival.erasure.views import bp as erasure_bp
    from festival.fees.family_views import bp as fees_family_bp
    from festival.fees.public_views import bp as fees_public_bp
    from festival.fees.views import bp as fees_bp
    from festival.gate.views import bp as gate_bp
    from festival.jobs.views import bp as jobs_bp
    from festival.manage.contact_views import bp as contact_bp
    from festival.manage.views import bp as manage_bp
    from festival.markets.views import bp as markets_bp
    from festival.notifications.sent_views import bp as messages_bp
    from festival.notifications.sms_views import bp as sms_bp
    from festival.notifications.views import bp as notifications_bp
    from festival.partners.token_views import bp as partner_tokens_bp
    from festival.partners.views import bp as partners_bp
    from festival.public.search_views import bp as search_bp
    from festival.public.views import bp as public_bp
    from festival.reports.dashboards import bp as dashboards_bp
    from festival.reports.family_views import bp as sales_bp
    from festival.reports.views import bp as reports_bp
    from festival.stalls.views import bp as stalls_bp
    from festival.training.family_views import bp as training_family_bp
    from festival.training.public_views import bp as training_public_bp
    from festival.training.views import bp as training_bp
    from festival.units.family_views import bp as units_family_bp
    from festival.units.partner_views import bp as units_partner_bp
    from festival.units.views import bp as units_bp
    from festival.vendors.views import bp as vendors_bp
    from festival.venues.views import bp as venues_bp
    from festival.verification.views import bp as verification_bp

    for blueprint in (
        public_bp, auth_bp, vendors_bp, manage_bp, venues_bp, markets_bp, gate_bp, admin_bp, applications_bp, review_bp,
        calendar_bp, api_bp, notifications_bp, audit_bp, stalls_bp, checkin_bp, checkin_api_bp, checkin_manage_bp,
        badges_bp, sales_bp, reports_bp, dashboards_bp, jobs_bp, messages_bp, sms_bp, verification_bp,
        contact_bp, gate_api_bp, training_bp, training_family_bp, training_public_bp, fees_bp, fees_family_bp,
        fees_public_bp,
        documents_bp, documents_family_bp, document_types_bp, consent_bp, partners_bp, partner_api_bp,
        partner_tokens_bp, search_bp, duplicates_bp, erasure_bp, crafts_bp, crafts_admin_bp, units_bp, units_family_bp,
        units_partner_bp,
    ):
        app.register_blueprint(blueprint)


def configure_notifications(app: Flask) -> None:
    """Messages are handed to the queue only after the commit; the menu shows the unread count."""
    from festival.core import after_commit
    from festival.notifications import views

    after_commit.listen_for_commits()
    app.context_processor(views.inject_unread_count)

    @app.context_processor
    def inject_sms_codes():
        from festival.notifications.kannel import sms_configured

        return {"sms_codes": sms_configured(app.config)}


def configure_jobs(app: Flask) -> None:
    """The task queue (core/queue.py) and every task and schedule, so a consumer knows them all."""
    from festival import schedules  # noqa: F401
    from festival.badges import jobs as badge_jobs  # noqa: F401
    from festival.core.queue import huey
    from festival.jobs import tasks  # noqa: F401
    from festival.notifications import delivery  # noqa: F401
    from festival.reports import jobs as report_jobs  # noqa: F401

    huey.init_app(app)


def configure_errors(app: Flask) -> None:
    from festival.core.errors import register_error_handlers

    register_error_handlers(app)


def configure_templates(app: Flask) -> None:
    from festival.core import i18n
    from festival.core.formatting import register_filters
    from festival.template_names import TEMPLATE_NAMES

    register_filters(app)
    app.jinja_env.globals.update(TEMPLATE_NAMES)

    @app.context_processor
    def inject_language():
        other = "en" if i18n.is_arabic() else "ar"
        args = {**request.view_args} if request.view_args else {}
        args.update({key: value for key, value in request.args.items() if key != "lang"})
        try:
            switch_url = url_for(request.endpoint, **args, lang=other) if request.endpoint else None
        except Exception:  # an endpoint that cannot be rebuilt (e.g. an error page)
            switch_url = None
        if request.url_rule is not None and "GET" not in request.url_rule.methods:
            # A form shown again after a POST-only address: switch on the page that holds the form.
            referrer = urlsplit(request.referrer or "")
            back = safe_next_url(referrer.path) if referrer.netloc == request.host else None
            switch_url = f"{back}?lang={other}" if back else None
        return {
            "text_direction": i18n.text_direction(),
            "html_lang": i18n.html_lang(),
            "current_locale": str(get_locale()),
            "other_language": other,
            "language_switch_url": switch_url or url_for("public.home", lang=other),
        }


def configure_cli(app: Flask) -> None:
    from festival.cli import register_commands

    register_commands(app)
