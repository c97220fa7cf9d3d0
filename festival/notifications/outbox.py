"""Sending the session's outbox after the commit, and forgetting it on rollback.

The emails wait in `session.info[OUTBOX_KEY]` (see service.notify). The database
commit comes first: only when it succeeded are they sent, one SMTP connection for the
lot. A mail server that is down or refuses costs a log line, never the request: the
decision is already stored and the family still sees it on the notifications page.
"""
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event

from festival.extensions import db
from festival.notifications.messages import render_kind
from festival.notifications.service import OUTBOX_KEY, OutgoingEmail

mail_log = logging.getLogger("festival.mail")
SMTP_TIMEOUT_SECONDS = 10
EMAIL_LOCALES = ("ar_SY", "en")  # Arabic first, English below it


def listen_for_commits() -> None:
    """Register the session hooks once (the scoped session outlives each app)."""
    for name, handler in (
        ("after_commit", _send_after_commit),
        ("after_soft_rollback", _forget_rolled_back),
        ("after_rollback", _forget_after_rollback),
        ("after_transaction_end", _forget_when_closed),
    ):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def _send_after_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the real commit is still to come
    outgoing = session.info.pop(OUTBOX_KEY, None)
    if not outgoing or not has_app_context() or not current_app.config.get("MAIL_SERVER"):
        return
    try:
        send_emails([build_email(email, current_app.config) for email in outgoing], current_app.config)
    except Exception:  # anything raised inside after_commit would leave the session half-closed
        mail_log.exception("could not send %d notification email(s)", len(outgoing))


def _forget_rolled_back(session, previous_transaction) -> None:
    outgoing = session.info.get(OUTBOX_KEY)
    if not outgoing:
        return
    if previous_transaction.nested:
        # Only what was queued inside this savepoint is undone.
        session.info[OUTBOX_KEY] = [
            email for email in outgoing if not any(sp is previous_transaction for sp in email.savepoints)
        ]
    elif previous_transaction.parent is None:
        session.info.pop(OUTBOX_KEY, None)


def _forget_after_rollback(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(OUTBOX_KEY, None)


def _forget_when_closed(session, transaction) -> None:
    # Session.close() without a commit ends the outer transaction without a rollback event.
    if transaction.parent is None:
        session.info.pop(OUTBOX_KEY, None)


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    return base_url.rstrip("/") + link if link.startswith("/") else link


def email_text(email: OutgoingEmail, base_url: str) -> tuple[str, str]:
    """(subject, body): the Arabic text first, then the English one."""
    titles, blocks = [], []
    url = _absolute(email.link, base_url)
    for locale in EMAIL_LOCALES:
        with force_locale(locale):
            title, body = render_kind(email.kind, email.params)
            lines = [title, "", body]
            if url:
                lines += ["", _("See the details: %(url)s", url=url)]
            lines += ["", _("Productive families markets")]
            titles.append(title)
            blocks.append("\n".join(lines))
    return " | ".join(titles), "\n\n— — —\n\n".join(blocks) + "\n"


def build_email(email: OutgoingEmail, config) -> EmailMessage:
    subject, body = email_text(email, config.get("FESTIVAL_BASE_URL", ""))
    message = EmailMessage()
    message["Subject"] = subject
    sender = config.get("MAIL_DEFAULT_SENDER") or "festival@localhost"
    message["From"] = sender
    message["To"] = email.to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or "localhost")
    message["Content-Language"] = "ar, en"
    message.set_content(body, charset="utf-8", cte="base64")
    return message


def send_emails(messages: list[EmailMessage], config) -> None:
    """Send over one SMTP connection; log and skip what fails, never raise."""
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            for message in messages:
                try:
                    smtp.send_message(message)
                except smtplib.SMTPException as error:  # one refused address does not stop the others
                    mail_log.warning("email to %s not sent: %s", message["To"], error)
    except (OSError, smtplib.SMTPException) as error:  # SMTPException is an OSError; both named for clarity
        mail_log.warning("mail server %s:%s unavailable, %d email(s) not sent: %s", host, port, len(messages), error)
