from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth import operations, ratelimits
from festival.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm
from festival.auth.homes import home_for
from festival.auth.models import Role
from festival.auth.sessions import end_session, restart_session, start_session
from festival.consent import operations as consent
from festival.consent.forms import RegisterWithSharingForm
from festival.core.access import public, roles_required
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.core.urls import safe_next_url
from festival.notifications.kannel import sms_configured
from festival.provinces.queries import province_by_id, province_choices
from festival.verification.models import Purpose
from festival.verification.operations import send_code
from festival.verification.pending import remember_pending

bp = Blueprint("auth", __name__)



@bp.route("/login", methods=["GET", "POST"])
@public
@ratelimits.failed_logins_per_ip
@ratelimits.slow_down_attacked_accounts
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.phone.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or home_for(user))
        g.login_failed = True
        flash(_("The mobile number or the password is not correct."), "error")
    elif request.method == "POST":
        g.login_failed = True
    return render_template("auth/login.html", form=form, next_url=safe_next_url(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
@roles_required(*Role)
def logout():
    end_session(current_user._get_current_object())
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
@ratelimits.signups_per_ip
@ratelimits.signup_attempts_per_ip
def register():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterWithSharingForm()
    form.province.choices = province_choices()
    if form.validate_on_submit() and sms_configured():
        # The phone is proven first: the account is made when its code is typed (verification/views.py).
        with attempt(form) as outcome:
            code_id = send_code(form.phone.e164, Purpose.REGISTER, now=utcnow(), payload={
                "family_name": form.family_name.data, "province_id": form.province.data, "email": form.email.data,
                "password_hash": operations.hash_for_later(form.password.data), "sharing": form.sharing.data or [],
                "next": safe_next_url(request.args.get("next"))})
        if outcome.ok:
            g.signed_up = True
            remember_pending(Purpose.REGISTER, form.phone.e164, code_id)
            return redirect(url_for("verification.register_code"), code=303)
    elif form.validate_on_submit():
        with attempt(form) as outcome:
            family = operations.register_family(
                phone=form.phone.e164,
                password=form.password.data,
                family_name=form.family_name.data,
                province=province_by_id(form.province.data),
                email=form.email.data,
            )
            consent.record_choices(family, set(form.sharing.data or ()), by=family.user, now=utcnow())
        if outcome.ok:
            start_session(family.user, remember=False)
            g.signed_up = True
            flash(_("Welcome! Your family's account is ready."), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("vendors.dashboard"))
    return render_template("auth/register.html", form=form, next_url=safe_next_url(request.args.get("next")))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*Role)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with attempt(form) as outcome:
            operations.change_password(user, form.current_password.data, form.password.data)
        if outcome.ok:
            restart_session(user)
            flash(_("Your password was changed. Other devices have been logged out."), "success")
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    user = operations.user_for_reset_token(token)
    if user is None:
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.set_new_password(user, form.password.data)
        start_session(user, remember=False)
        flash(_("Your new password is saved."), "success")
        return redirect(home_for(user))
    return render_template("auth/reset_password.html", form=form, user=user)
