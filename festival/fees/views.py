"""Staff fee pages: a market's fees and families, one family's account there, receipts,
exports; and the totals of the provinces a person manages.

Organizers (and admins) see and do everything; the gate staff of a market record payments
and print receipts there (they take the cash at the entrance), but change no settings or
waivers.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import GATE_ROLES, MANAGER_ROLES, Role
from festival.badges.models import gate_staff
from festival.core.access import manages, roles_required, scoped
from festival.core.confirm import confirmation_page
from festival.core.pipeline import attempt
from festival.core.spreadsheets import export_response
from festival.core.types import utcnow
from festival.extensions import db
from festival.fees import exports, operations, queries
from festival.fees.forms import PaymentForm, WaiverForm, fee_settings_form
from festival.fees.receipts import arabic_receipt, receipt_facts
from festival.markets.queries import market_or_404
from festival.vendors.models import Family

bp = Blueprint("fees", __name__, url_prefix="/manage")
organizers = roles_required(*MANAGER_ROLES)
collectors = roles_required(*GATE_ROLES)


def may_collect(user, market) -> bool:
    """Organizers of the market's province, admins, and the gate staff of the market."""
    if user.role == Role.GATE:
        return db.session.scalar(db.select(gate_staff.c.user_id).where(
            gate_staff.c.user_id == user.id, gate_staff.c.market_id == market.id)) is not None
    return user.can_manage_province(market.province)


collecting_market = scoped("market_id", market_or_404, may_collect)
managed_market = manages("market_id", market_or_404)
receipt_in_scope = scoped("payment_id", queries.payment_or_404, lambda user, payment: may_collect(user, payment.market),
                          to="payment")


def _family_at(market, family_id: int) -> Family:
    """A family with a date at this market (applied, or paid for); anyone else is a 404."""
    family = db.session.get(Family, family_id)
    if family is None or not queries.has_applied(market, family):
        abort(404)
    return family


@bp.route("/markets/<int:market_id>/fees")
@collectors
@collecting_market
def market(market):
    return render_template(
        "fees/market.html", market=market, totals=queries.market_totals(market), days=queries.per_day(market),
        families=queries.market_families(market), reconciliation=queries.reconciliation(market),
        can_manage=current_user.can_manage_province(market.province))


@bp.route("/markets/<int:market_id>/fees/settings", methods=["GET", "POST"])
@organizers
@managed_market
def settings(market):
    extras = queries.section_extras(market)
    form = fee_settings_form(market, obj=market, data={
        f"section_{section.id}": extras.get(section.id, 0) for section in market.venue.sections})
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_settings(market, operations.FeeSettings(
                form.fee_electricity.data, form.fee_covered.data, form.fee_policy.data,
                section_extras={int(field.name.removeprefix("section_")): field.data for field in form.section_fields}),
                by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("fees.market", market_id=market.id))
    return render_template("fees/settings.html", market=market, form=form)


def _render_family(market, family, payment_form=None, refund_form=None, waiver_form=None, status=200):
    waiver = queries.waiver_of(market, family)
    if waiver_form is None:
        waiver_form = WaiverForm(prefix="waiver", obj=waiver)
    return render_template(
        "fees/family.html", market=market, family=family, lines=queries.family_lines(market, family),
        totals=queries.family_totals(market, family), payments=queries.payments_of(market, family), waiver=waiver,
        payment_form=payment_form or PaymentForm(prefix="pay"), refund_form=refund_form or PaymentForm(prefix="refund"),
        waiver_form=waiver_form, can_manage=current_user.can_manage_province(market.province)), status


@bp.route("/markets/<int:market_id>/fees/families/<int:family_id>")
@collectors
@collecting_market
def family(market, family_id):
    return _render_family(market, _family_at(market, family_id))


def _receipt(form: PaymentForm) -> operations.Receipt:
    return operations.Receipt(amount=form.amount.data, method=form.method.data, reference=form.reference.data or "",
                              note=form.note.data or "", nonce=form.nonce.data or None)


@bp.route("/markets/<int:market_id>/fees/families/<int:family_id>/pay", methods=["POST"])
@collectors
@collecting_market
def pay(market, family_id):
    family, form = _family_at(market, family_id), PaymentForm(prefix="pay")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            payment = operations.record_payment(market, family, _receipt(form), by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("Payment recorded: receipt number %(number)s.", number=payment.id), "success")
            return redirect(url_for("fees.receipt", payment_id=payment.id), code=303)
    return _render_family(market, family, payment_form=form, status=422)


@bp.route("/markets/<int:market_id>/fees/families/<int:family_id>/refund", methods=["POST"])
@organizers
@managed_market
def refund(market, family_id):
    family, form = _family_at(market, family_id), PaymentForm(prefix="refund")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            payment = operations.record_refund(market, family, _receipt(form), by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("Refund recorded: receipt number %(number)s.", number=payment.id), "success")
            return redirect(url_for("fees.receipt", payment_id=payment.id), code=303)
    return _render_family(market, family, refund_form=form, status=422)


@bp.route("/markets/<int:market_id>/fees/families/<int:family_id>/waiver", methods=["POST"])
@organizers
@managed_market
def waive(market, family_id):
    family, form = _family_at(market, family_id), WaiverForm(prefix="waiver")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.set_waiver(market, family, percent=form.percent.data, reason=form.reason.data,
                                  by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("The reduction is saved."), "success")
            return redirect(url_for("fees.family", market_id=market.id, family_id=family.id), code=303)
    return _render_family(market, family, waiver_form=form, status=422)


@bp.route("/markets/<int:market_id>/fees/families/<int:family_id>/waiver/remove", methods=["GET", "POST"])
@organizers
@managed_market
def remove_waiver(market, family_id):
    family = _family_at(market, family_id)
    waiver = queries.waiver_of(market, family)
    back = url_for("fees.family", market_id=market.id, family_id=family.id)
    if waiver is None:
        return redirect(back, code=303)
    if request.method == "GET":
        return confirmation_page(question=_("Remove the reduction of %(family)s?", family=family.name),
                                 consequence=_("The family will owe the full fee again."),
                                 confirm_label=_("Yes, remove it"), back_url=back)
    operations.remove_waiver(waiver, by=current_user)
    flash(_("The reduction was removed."), "success")
    return redirect(back, code=303)


@bp.route("/fees/receipts/<int:payment_id>")
@collectors
@receipt_in_scope
def receipt(payment):
    facts = receipt_facts(payment)
    return render_template("fees/receipt.html", facts=facts, receipt_body=arabic_receipt(facts), back_url=url_for(
        "fees.family", market_id=payment.market_id, family_id=payment.family_id))


@bp.route("/markets/<int:market_id>/fees.<file_format>")
@organizers
@managed_market
def export(market, file_format):
    headers, rows = exports.family_table(market)
    return export_response(headers, rows, file_format, f"fees-{market.id}", sheet_title=market.title)


@bp.route("/markets/<int:market_id>/fees/payments.<file_format>")
@organizers
@managed_market
def export_payments(market, file_format):
    headers, rows = exports.payment_table(market)
    return export_response(headers, rows, file_format, f"payments-{market.id}", sheet_title=market.title)


@bp.route("/fees")
@organizers
def overview():
    """Owed, waived, paid and outstanding per province and market, for the person's provinces."""
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    province_ids = [province.id for province in provinces]
    return render_template("fees/overview.html", provinces={p.id: p for p in provinces},
                           per_province=queries.per_province(province_ids),
                           per_market=queries.per_market(province_ids))


@bp.route("/fees/export")
@organizers
def export_overview():
    """`?format=csv|xlsx`: the overview's markets (a query argument: the route names no object)."""
    file_format = request.args.get("format", "")
    province_ids = [province.id for province in db.session.scalars(current_user.managed_provinces_query())]
    headers, rows = exports.market_table(queries.per_market(province_ids))
    return export_response(headers, rows, file_format, "fees", sheet_title=_("Stall fees"))

