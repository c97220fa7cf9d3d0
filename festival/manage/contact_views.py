"""Reaching the families of a date: WhatsApp links one by one, and announcements through the outbox."""
import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from festival.auth.models import MANAGER_ROLES
from festival.core.access import roles_required
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.manage import announcements
from festival.manage.audiences import Audience, audience_or_default, recipients
from festival.manage.forms import AnnouncementForm
from festival.markets.access import managed_occurrence

bp = Blueprint("contact", __name__, url_prefix="/manage/occurrences")
organizers = roles_required(*MANAGER_ROLES)


@bp.route("/<int:occurrence_id>/contact")
@organizers
@managed_occurrence
def families(occurrence):
    audience = audience_or_default(request.args.get("audience"))
    form = AnnouncementForm(audience=audience.value, nonce=secrets.token_hex(8))
    return render_template("manage/contact.html", occurrence=occurrence, audience=audience, audiences=list(Audience),
                           people=recipients(occurrence, audience), form=form, preview=None)


@bp.route("/<int:occurrence_id>/announce", methods=["POST"])
@organizers
@managed_occurrence
def announce(occurrence):
    form = AnnouncementForm()
    audience = audience_or_default(form.audience.data)
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "send":
            with attempt(form) as outcome:
                sent = announcements.announce(occurrence, audience, form.text.data, by=current_user, now=utcnow(),
                                              nonce=form.nonce.data)
            if outcome.ok:
                flash(ngettext("The message is on its way to %(num)d family.",
                               "The message is on its way to %(num)d families.", sent), "success")
                return redirect(url_for("messages.market", market_id=occurrence.market_id), code=303)
        else:
            with attempt(form) as outcome:
                preview = announcements.preview(occurrence, audience, form.text.data)
    return render_template("manage/contact.html", occurrence=occurrence, audience=audience, audiences=list(Audience),
                           people=recipients(occurrence, audience), form=form, preview=preview)
