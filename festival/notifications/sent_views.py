"""Pages that say what was sent to whom and whether it arrived: per market for organizers,
and the failures for admins, who can send a message again."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from festival.auth.models import MANAGER_ROLES, Role
from festival.core.access import object_or_404, roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.markets.access import managed_market
from festival.notifications import queries
from festival.notifications.delivery import send_again as queue_again
from festival.notifications.messages import titled
from festival.notifications.models import OutboxMessage

bp = Blueprint("messages", __name__)
PER_PAGE = 50


@bp.route("/manage/markets/<int:market_id>/messages")
@roles_required(*MANAGER_ROLES)
@managed_market
def market(market):
    page = paginate(queries.sent_about_market(market.id), per_page=PER_PAGE)
    entries = titled(page.items)
    return render_template("notifications/market_messages.html", market=market, page=page, entries=entries)


@bp.route("/admin/messages")
@roles_required(Role.ADMIN)
def failures():
    page = paginate(queries.failed_messages(), per_page=PER_PAGE)
    return render_template("notifications/failures.html", page=page, form=ConfirmForm())


@bp.route("/admin/messages/<int:message_id>/send-again", methods=["POST"])
@roles_required(Role.ADMIN)
def send_again(message_id):
    message = object_or_404(OutboxMessage, message_id)
    if ConfirmForm().validate_on_submit():
        if queue_again(message):
            flash(_("The message is queued to be sent again."), "success")
        else:
            flash(_("Only a message that failed can be sent again (a phone code never: ask for a new one)."),
                  "error")
    return redirect(url_for("messages.failures"), code=303)
