"""The code pages: a sign-up waiting for its code, "forgot my password", a new phone number.

The number a code went to is kept in the session, never in the URL; every answer reads
the same whether or not the number has an account. Addresses are limited (Flask-Limiter)
and numbers too (verification/operations.py).
"""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth import operations as accounts
from festival.auth.homes import home_for
from festival.auth.models import Role
from festival.auth.sessions import start_session
from festival.consent import operations as consent
from festival.core.access import public, roles_required
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.core.urls import safe_next_url
from festival.extensions import limiter
from festival.notifications.kannel import sms_configured
from festival.provinces.queries import province_by_id
from festival.verification import operations
from festival.verification.forms import CodeForm, ForgotForm, NewPhoneForm, ResetByCodeForm
from festival.verification.models import Purpose
from festival.verification.pending import forget_pending, pending, remember_pending

bp = Blueprint("verification", __name__)
CODE_LIMITS = "10 per hour"


def _wrong_code(form) -> None:
    form.code.errors = [*form.code.errors, str(operations.WRONG_CODE)]


@bp.route("/register/code", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMITS, methods=["POST"])
def register_code():
    phone, code_id = pending(Purpose.REGISTER)
    if phone is None:
        return redirect(url_for("auth.register"))
    form = CodeForm()
    if form.validate_on_submit():
        opened = operations.check_code(phone, Purpose.REGISTER, form.code.data, now=utcnow(), code_id=code_id)
        if opened is None or not opened.payload:
            _wrong_code(form)
        else:
            with attempt(form) as outcome:
                family = accounts.register_family(
                    phone=phone, password_hash=opened.payload["password_hash"],
                    family_name=opened.payload["family_name"], province=province_by_id(opened.payload["province_id"]),
                    email=opened.payload.get("email"))
                consent.record_choices(family, set(opened.payload.get("sharing") or ()), by=family.user,
                                       now=utcnow())
            if outcome.ok:
                forget_pending(Purpose.REGISTER)
                start_session(family.user, remember=False)
                flash(_("Welcome! Your family's account is ready."), "success")
                return redirect(safe_next_url(opened.payload.get("next")) or url_for("vendors.dashboard"))
    return render_template("verification/code.html", form=form, phone=phone, purpose=Purpose.REGISTER)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMITS, methods=["POST"])
def forgot():
    if not sms_configured():  # no code can reach a phone: the page says whom to ask instead
        return render_template("verification/forgot.html", form=None)
    form = ForgotForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            code_id = operations.send_code(form.phone.e164, Purpose.RESET, now=utcnow())
        if outcome.ok:
            remember_pending(Purpose.RESET, form.phone.e164, code_id)
            return redirect(url_for("verification.reset_by_code"), code=303)
    return render_template("verification/forgot.html", form=form)


@bp.route("/password/forgot/code", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMITS, methods=["POST"])
def reset_by_code():
    phone, code_id = pending(Purpose.RESET)
    if phone is None:
        return redirect(url_for("verification.forgot"))
    form = ResetByCodeForm()
    if form.validate_on_submit():
        opened = operations.check_code(phone, Purpose.RESET, form.code.data, now=utcnow(), code_id=code_id)
        user = accounts.find_by_phone(phone) if opened is not None else None
        if user is None or not user.enabled:
            _wrong_code(form)
        else:
            accounts.set_new_password(user, form.password.data, action="account.password_reset_by_code")
            forget_pending(Purpose.RESET)
            start_session(user, remember=False)
            flash(_("Your new password is saved. Other devices have been logged out."), "success")
            return redirect(_home(user))
    return render_template("verification/reset.html", form=form, phone=phone)


@bp.route("/account/phone", methods=["GET", "POST"])
@roles_required(*Role)
@limiter.limit(CODE_LIMITS, methods=["POST"])
def new_phone():
    if not sms_configured():
        return render_template("verification/new_phone.html", form=None)
    form = NewPhoneForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            code_id = operations.ask_for_new_phone(user, form.current_password.data, form.phone.e164, now=utcnow())
        if outcome.ok:
            remember_pending(Purpose.CHANGE_PHONE, form.phone.e164, code_id)
            return redirect(url_for("verification.new_phone_code"), code=303)
    return render_template("verification/new_phone.html", form=form)


@bp.route("/account/phone/code", methods=["GET", "POST"])
@roles_required(*Role)
@limiter.limit(CODE_LIMITS, methods=["POST"])
def new_phone_code():
    phone, code_id = pending(Purpose.CHANGE_PHONE)
    if phone is None:
        return redirect(url_for("verification.new_phone"))
    form = CodeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        opened = operations.check_code(phone, Purpose.CHANGE_PHONE, form.code.data, now=utcnow(),
                                       code_id=code_id)
        if opened is None or opened.user_id != user.id:
            _wrong_code(form)
        else:
            with attempt(form) as outcome:
                accounts.change_phone(user, phone)
            if outcome.ok:
                forget_pending(Purpose.CHANGE_PHONE)
                flash(_("Your mobile number is changed. Log in with the new number from now on."), "success")
                return redirect(_home(user))
    return render_template("verification/code.html", form=form, phone=phone, purpose=Purpose.CHANGE_PHONE)


def _home(user) -> str:
    return home_for(user)
