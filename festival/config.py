"""Configuration from the environment, with safe development defaults.

Secrets never live in the repository: in development a secret key is generated once
into `instance/secret_key`; in production (FESTIVAL_ENV=production) a missing
SECRET_KEY stops the app from starting.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    pass


def _instance_secret(instance_path: Path) -> str:
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with owner-only permissions: the key signs every session cookie.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_config(instance_path: Path, environ=os.environ) -> dict:
    production = environ.get("FESTIVAL_ENV", "development") == "production"
    secret_key = environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigurationError("SECRET_KEY must be set when FESTIVAL_ENV=production")
        secret_key = _instance_secret(instance_path)

    base_url_setting = environ.get("FESTIVAL_BASE_URL")
    base_url = (base_url_setting or "http://127.0.0.1:5000").rstrip("/")
    secure_cookies = base_url.startswith("https://")
    photo_max_bytes = int(environ.get("FESTIVAL_PHOTO_MAX_BYTES") or 8 * 1024 * 1024)
    document_max_bytes = int(environ.get("FESTIVAL_DOCUMENT_MAX_BYTES") or 5 * 1024 * 1024)
    default_db = "sqlite:///" + str(instance_path / "festival.sqlite3")
    upload_folder = environ.get("FESTIVAL_UPLOAD_FOLDER") or str(instance_path / "uploads")

    return {
        "FESTIVAL_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": environ.get("DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "FESTIVAL_BASE_URL": base_url,
        # In development without FESTIVAL_BASE_URL, feeds, webcal and badge links follow the
        # address the app is served on (`PORT=5101 make run`); production always uses the setting.
        "BASE_URL_FROM_REQUEST": not production and not base_url_setting,
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Behind a reverse proxy every request comes from the proxy's address: trust
        # X-Forwarded-For/-Proto/-Host from this many proxies so limits see the client.
        "BEHIND_PROXY": _flag(environ.get("BEHIND_PROXY")),
        "PROXY_COUNT": int(environ.get("FESTIVAL_PROXY_COUNT") or 1),
        # Where workers share the public data's version (festival/markets/public_version.py).
        "CACHE_REDIS_URL": environ.get("CACHE_REDIS_URL") or None,
        # Built public bodies kept per worker (festival/core/http_cache.py); "off" only to measure cold pages.
        "PUBLIC_BODY_CACHE": environ.get("FESTIVAL_PUBLIC_BODY_CACHE", "on").lower() not in ("0", "off", "false", "no"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "ar_SY",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Damascus",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        # A signed-in session ends after this long without a request...
        "SESSION_IDLE_TIMEOUT": timedelta(hours=2),
        # ...and after this long in any case (a remembered login starts a new one).
        "SESSION_ABSOLUTE_LIFETIME": timedelta(hours=12),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=48),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Product photos live outside static/ and are served by vendors/views.py.
        "UPLOAD_FOLDER": upload_folder,
        # Our own limit, with a clear message; phones' camera photos are often 3-7 MB.
        "PHOTO_MAX_BYTES": photo_max_bytes,
        # A family's document (festival/documents/files.py): a photo (PHOTO_MAX_BYTES) or a PDF up to
        # this size and this many pages.
        "DOCUMENT_MAX_BYTES": document_max_bytes,
        "DOCUMENT_MAX_PAGES": int(environ.get("FESTIVAL_DOCUMENT_MAX_PAGES") or 10),
        # The request ceiling stays above PHOTO_MAX_BYTES so a large photo meets our message, not a bare 413.
        "MAX_CONTENT_LENGTH": max(16 * 1024 * 1024, max(photo_max_bytes, document_max_bytes) + 1024 * 1024),
        # A form post over the ceiling but under this is still read, its files cut, so the form
        # comes back with what was typed (festival/core/uploads.py); larger ones get the 413 page.
        "UPLOAD_SALVAGE_BYTES": int(environ.get("FESTIVAL_UPLOAD_SALVAGE_BYTES") or 64 * 1024 * 1024),
        # A sales report above this many pounds (total or one category) asks "is this right?".
        "SALES_CONFIRM_THRESHOLD": int(environ.get("FESTIVAL_SALES_CONFIRM_THRESHOLD") or 50_000_000),
        # Email about decisions is sent only when MAIL_SERVER is set (see notifications/delivery.py).
        "MAIL_SERVER": environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(environ.get("MAIL_PORT") or 25),
        "MAIL_USE_TLS": _flag(environ.get("MAIL_USE_TLS")),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": environ.get("MAIL_DEFAULT_SENDER", "festival@localhost"),
        # SMS through Kannel's sendsms interface (festival/notifications/kannel.py); unset: no SMS.
        "SMS_BACKEND": (environ.get("SMS_BACKEND") or "").lower() or None,
        "KANNEL_SENDSMS_URL": environ.get("KANNEL_SENDSMS_URL") or None,
        "KANNEL_USERNAME": environ.get("KANNEL_USERNAME") or None,
        "KANNEL_PASSWORD": environ.get("KANNEL_PASSWORD") or None,
        "SMS_SENDER_ID": environ.get("SMS_SENDER_ID") or "Festival",
        # Shared with Kannel's sms-service get-url (incoming STOP); delivery reports are signed with it.
        "SMS_CALLBACK_SECRET": environ.get("SMS_CALLBACK_SECRET") or None,
        "SMS_DAILY_LIMIT": int(environ.get("SMS_DAILY_LIMIT") or 6),
        # Damascus hours without SMS ("22-8"); "off" sends at any hour (tests, or an operator's own rule).
        "SMS_QUIET_HOURS": environ.get("SMS_QUIET_HOURS") or "22-8",
        # The task queue (festival/core/queue.py): a SQLite file here by default, redis://… in production.
        "JOBS_QUEUE_URL": environ.get("JOBS_QUEUE_URL") or "sqlite:///" + str(instance_path / "jobs.sqlite3"),
        # Prefix of the queue's keys: two sites (staging, production) can share one Redis.
        "JOBS_QUEUE_NAME": environ.get("JOBS_QUEUE_NAME") or "festival",
        # A consumer that took a message this many seconds ago and said nothing has died (notifications/delivery.py).
        "OUTBOX_LEASE_SECONDS": int(environ.get("FESTIVAL_OUTBOX_LEASE_SECONDS") or 300),
        # Files built by jobs (badge PDFs, large exports), kept this long for the person who asked.
        "JOB_FILES_FOLDER": environ.get("FESTIVAL_JOB_FILES_FOLDER") or str(instance_path / "job-files"),
        "JOB_FILES_KEEP": timedelta(hours=int(environ.get("FESTIVAL_JOB_FILES_KEEP_HOURS") or 24)),
        # A held market is archived this many days after its last day (festival/markets/schedules.py).
        "MARKET_ARCHIVE_AFTER_DAYS": int(environ.get("FESTIVAL_MARKET_ARCHIVE_AFTER_DAYS") or 30),
        # The evening before a market day, at this Damascus hour, placed families are reminded.
        "REMINDER_HOUR": int(environ.get("FESTIVAL_REMINDER_HOUR") or 18),
        # The key that signs badges (festival/core/signing_keys.py), identical on every worker, and
        # the public keys of earlier ones still trusted during a rotation.
        "BADGE_SIGNING_KEY": environ.get("FESTIVAL_BADGE_KEY") or None,
        "BADGE_PREVIOUS_PUBLIC_KEYS": environ.get("FESTIVAL_BADGE_PREVIOUS_KEYS") or "",
    }
