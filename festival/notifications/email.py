"""Email: the text of a notification (Arabic first, then English) and one SMTP delivery.

`send_email` sends one stored message and says what happened in terms the outbox keeps:
nothing raised means the server accepted it; `TemporaryFailure` (server unreachable, 4xx)
is tried again later; `PermanentFailure` (5xx: the address or message was refused) is not.
The Message-ID comes from the message's key, so a message sent again after a lost answer
carries the same id and mail programs show it once.
"""
import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from flask_babel import force_locale
from flask_babel import gettext as _

from festival.notifications.messages import render_kind
from festival.notifications.models import Failure

SMTP_TIMEOUT_SECONDS = 10
EMAIL_LOCALES = ("ar_SY", "en")  # Arabic first, English below it


class DeliveryFailure(Exception):
    def __init__(self, failure: Failure, detail: str):
        super().__init__(detail)
        self.failure = failure
        self.detail = detail[:500]


class TemporaryFailure(DeliveryFailure):
    pass


class PermanentFailure(DeliveryFailure):
    pass


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    return base_url.rstrip("/") + link if link.startswith("/") else link


def email_text(kind: str, params: dict, link: str | None, base_url: str) -> tuple[str, str]:
    """(subject, body): the Arabic text first, then the English one."""
    titles, blocks = [], []
    url = _absolute(link, base_url)
    for locale in EMAIL_LOCALES:
        with force_locale(locale):
            title, body = render_kind(kind, params)
            lines = [title, "", body]
            if url:
                lines += ["", _("See the details: %(url)s", url=url)]
            lines += ["", _("Productive families markets")]
            titles.append(title)
            blocks.append("\n".join(lines))
    return " | ".join(titles), "\n\n— — —\n\n".join(blocks) + "\n"


def build_email(*, key: str, to: str, subject: str, body: str, config) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    sender = config.get("MAIL_DEFAULT_SENDER") or "festival@localhost"
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
    message["Content-Language"] = "ar, en"
    message.set_content(body, charset="utf-8", cte="base64")
    return message


def send_email(message: EmailMessage, config) -> None:
    host = config.get("MAIL_SERVER")
    if not host:
        raise TemporaryFailure(Failure.NOT_CONFIGURED, "MAIL_SERVER is not set")
    port = int(config.get("MAIL_PORT") or 25)
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()))
        _raise_for_code(code, answer)
    except smtplib.SMTPResponseException as error:
        _raise_for_code(error.smtp_code, error.smtp_error)
    except (OSError, smtplib.SMTPException) as error:  # refused connection, timeout, dropped line
        raise TemporaryFailure(Failure.UNREACHABLE, f"{host}:{port}: {error}") from error


def _raise_for_code(code: int, answer) -> None:
    text = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
    detail = f"{code} {text}"
    if 400 <= code < 500:
        raise TemporaryFailure(Failure.DEFERRED, detail)
    raise PermanentFailure(Failure.REFUSED, detail)
