"""Admins create a partner's API tokens (the secret shown once, on the answer to the POST)
and revoke them, on the partner's page (/admin/partners/<id>)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required, scoped
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.extensions import db
from festival.partners import queries, token_operations
from festival.partners.token_forms import TokenForm
from festival.partners.token_models import ApiToken

bp = Blueprint("partner_tokens", __name__)
admins = roles_required(Role.ADMIN)
managed_partner = scoped("partner_id", queries.partner_or_404, lambda user, _partner: user.role == Role.ADMIN)


def _token_of(partner, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.partner_id != partner.id:
        abort(404)
    return token


@bp.route("/admin/partners/<int:partner_id>/tokens", methods=["POST"])
@admins
@managed_partner
def create(partner):
    form = TokenForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("partners.edit", partner_id=partner.id, _anchor="tokens"), code=303)
    with attempt(form, show=False) as outcome:
        token, secret = token_operations.create_token(partner, name=form.name.data, scopes=form.scopes.data,
                                                      by=current_user, now=utcnow())
    if not outcome.ok:
        flash(outcome.error.message, "error")
        return redirect(url_for("partners.edit", partner_id=partner.id, _anchor="tokens"), code=303)
    # The secret is in this answer only: not in a redirect, a flash (the session cookie) or a cache.
    response = render_template("partners/token_created.html", partner=partner, token=token, secret=secret)
    return response, 201, {"Cache-Control": "no-store"}


@bp.route("/admin/partners/<int:partner_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@admins
@managed_partner
def revoke(partner, token_id):
    token = _token_of(partner, token_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            token_operations.revoke_token(token, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("The token was revoked: it no longer opens the API."), "success")
    return redirect(url_for("partners.edit", partner_id=partner.id, _anchor="tokens"), code=303)
