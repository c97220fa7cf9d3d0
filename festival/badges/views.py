"""Badges on screen and on paper: the family's own badge, the organizers' sheets, reissue.

A family reaches only its own badges (another family's is a 404). Organizers print the
badges of the occurrences of their provinces; the sheets issue any badge still missing,
so printing is one click once the stalls are given. QR codes are inlined (SVG for one
badge, PNG data URIs on a sheet of many): a page prints offline, in one request.
"""
import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from festival.applications.queries import family_application_or_404
from festival.auth.models import MANAGER_ROLES, Role
from festival.badges import operations, queries
from festival.badges.cards import card_for
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.http_cache import kept_private
from festival.core.pipeline import attempt
from festival.core.qr import qr_data_uri, qr_png, qr_svg
from festival.jobs.operations import start_job
from festival.jobs.params import job_params
from festival.markets.access import managed_market, managed_occurrence

bp = Blueprint("badges", __name__)
families = roles_required(Role.VENDOR)
organizers = roles_required(*MANAGER_ROLES)


def _download(data: bytes, mimetype: str, badge):
    name = f"badge-{badge.stall_code}-{badge.short_code}.{mimetype.split('/')[1].split('+')[0]}"
    return kept_private(send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name))


# The family's own badge

def _own_application_and_badge(application_id: int):
    """The family's application and its live badge, issued on first view.

    Not approved or not placed yet: no badge, and the rule's message instead.
    """
    if current_user.family is None:
        abort(404)
    application = family_application_or_404(current_user.family, application_id)
    badge = None
    with attempt(show=False) as outcome:  # the caller says why, or answers 404
        badge = operations.issue_badge(application, by=current_user)
    return application, badge, outcome.error.message if outcome.error else None


def _own_badge_or_404(application_id: int):
    _application, badge, _why_not = _own_application_and_badge(application_id)
    if badge is None:
        abort(404)
    return badge


@bp.route("/family/badges/<int:application_id>")
@families
def mine(application_id):
    application, badge, why_not = _own_application_and_badge(application_id)
    if badge is None:
        flash(why_not, "info")
        return redirect(url_for("applications.show", application_id=application.id))
    card = card_for(badge)
    return kept_private(render_template("badges/badge.html", card=card, qr=Markup(qr_svg(card.url)),
                                        occurrence=application.occurrence, application=application))


@bp.route("/family/badges/<int:application_id>/qr.png")
@families
def my_qr_png(application_id):
    badge = _own_badge_or_404(application_id)
    return _download(qr_png(operations.badge_qr_url(badge)), "image/png", badge)


@bp.route("/family/badges/<int:application_id>/qr.svg")
@families
def my_qr_svg(application_id):
    badge = _own_badge_or_404(application_id)
    return _download(qr_svg(operations.badge_qr_url(badge)).encode(), "image/svg+xml", badge)


# Organizers: every badge of an occurrence

def _cards_to_print(occurrence):
    """Issues the badges still missing, then every placed family's card, by stall."""
    operations.ensure_badges(queries.applications_without_badge(occurrence), by=current_user)
    return [card_for(badge) for badge in queries.badges_to_print(occurrence)]


@bp.route("/manage/occurrences/<int:occurrence_id>/badges")
@organizers
@managed_occurrence
def sheet(occurrence):
    badges = [(card, qr_data_uri(card.url)) for card in _cards_to_print(occurrence)]
    return kept_private(render_template("badges/sheet.html", occurrence=occurrence, badges=badges,
                                        confirm_form=ConfirmForm()))


@bp.route("/manage/occurrences/<int:occurrence_id>/badges.pdf", methods=["POST"])
@organizers
@managed_occurrence
def sheet_pdf(occurrence):
    """The PDF is built by a job; the organizer watches it on the job's page."""
    job = start_job("badges.occurrence", f"badges:occurrence:{occurrence.id}", by=current_user,
                    province_id=occurrence.market.province_id, params=job_params(occurrence_id=occurrence.id))
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.route("/manage/markets/<int:market_id>/badges.pdf", methods=["POST"])
@organizers
@managed_market
def market_pdf(market):
    job = start_job("badges.market", f"badges:market:{market.id}", by=current_user,
                    province_id=market.province_id, params=job_params(market_id=market.id))
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.route("/manage/occurrences/<int:occurrence_id>/badges/<int:badge_id>")
@organizers
@managed_occurrence
def show(occurrence, badge_id):
    card = card_for(queries.badge_of_occurrence_or_404(occurrence, badge_id))
    return kept_private(render_template("badges/badge.html", card=card, qr=Markup(qr_svg(card.url)),
                                        occurrence=occurrence, confirm_form=ConfirmForm()))


@bp.route("/manage/occurrences/<int:occurrence_id>/badges/<int:badge_id>/reissue", methods=["POST"])
@organizers
@managed_occurrence
def reissue(occurrence, badge_id):
    badge = queries.badge_of_occurrence_or_404(occurrence, badge_id, live_only=False)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with attempt() as outcome:
        new_badge = operations.reissue_badge(badge, by=current_user)
    if not outcome.ok:
        return redirect(url_for("badges.sheet", occurrence_id=occurrence.id))
    flash(_("A new badge was issued. The old one no longer opens the gate."), "success")
    return redirect(url_for("badges.show", occurrence_id=occurrence.id, badge_id=new_badge.id))
