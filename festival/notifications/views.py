"""The notifications page, and the unread count shown next to its link in the menu."""
from types import SimpleNamespace

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.core.types import utcnow
from festival.extensions import db
from festival.notifications.forms import ContactForm
from festival.notifications.kannel import sms_configured
from festival.notifications.messages import render
from festival.notifications.models import Notification
from festival.notifications.preferences import set_preferences

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
NOTIFICATIONS_PER_PAGE = 30


def safe_link(link: str | None) -> str | None:
    """Only links inside the site: a stored link never sends anyone elsewhere."""
    if link and link.startswith("/") and not link.startswith(("//", "/\\")):
        return link
    return None


@bp.route("")
@roles_required(*Role)
def index():
    query = (
        db.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    page = paginate(query, per_page=NOTIFICATIONS_PER_PAGE)
    entries = [(notification, *render(notification), safe_link(notification.link)) for notification in page.items]
    return render_template("notifications/index.html", page=page, entries=entries, form=ConfirmForm())


@bp.route("/read-all", methods=["POST"])
@roles_required(*Role)
def mark_all_read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*Role)
def settings():
    """How the person wants to be told: SMS, email, language (the in-app list is always kept)."""
    form = ContactForm(obj=None if request.method == "POST" else _current_choice())
    if form.validate_on_submit():
        set_preferences(current_user._get_current_object(), language=form.language.data,
                        sms=form.sms.data if sms_configured() else None,
                        email=form.email.data if current_user.email else None, now=utcnow())
        flash(_("Saved: this is how we will reach you."), "success")
        return redirect(url_for("notifications.settings"), code=303)
    return render_template("notifications/settings.html", form=form, sms_on=sms_configured(),
                           has_email=bool(current_user.email))


def _current_choice():
    return SimpleNamespace(language=current_user.language or "ar", sms=current_user.sms_allowed,
                           email=current_user.email_allowed)


def unread_notification_count() -> int:
    """One COUNT per request, and only when a signed-in page's menu asks for it."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = db.session.scalar(
            db.select(func.count(Notification.id))
            .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        ) or 0
    return g.unread_notifications


def inject_unread_count() -> dict:
    return {"unread_notification_count": unread_notification_count}
