"""The admins' review queue of possible duplicate families: not a duplicate, or merge into one."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required, scoped
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.duplicates import merge, operations, queries

bp = Blueprint("duplicates", __name__)
admins = roles_required(Role.ADMIN)
reviewed_pair = scoped("pair_id", queries.pair_or_404, lambda user, _pair: user.role == Role.ADMIN)


@bp.route("/admin/duplicates")
@admins
def index():
    page = queries.open_pairs()
    return render_template("duplicates/index.html", page=page, rows=queries.rows_of(list(page.items)),
                           counts=queries.decided_count(), form=ConfirmForm())


@bp.route("/admin/duplicates/scan", methods=["POST"])
@admins
def scan():
    form = ConfirmForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            result = operations.scan(utcnow())
        if outcome.ok:
            flash(ngettext("%(num)d new pair of possible duplicates found.",
                           "%(num)d new pairs of possible duplicates found.", result.new), "success")
    return redirect(url_for(".index"), code=303)


@bp.route("/admin/duplicates/<int:pair_id>/not-duplicate", methods=["POST"])
@admins
@reviewed_pair
def not_duplicate(pair):
    form = ConfirmForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.mark_not_duplicate(pair, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("Marked as two different families: this pair will not be offered again."), "success")
    return redirect(url_for(".index"), code=303)


@bp.route("/admin/duplicates/<int:pair_id>/keep/<int:family_id>", methods=["GET", "POST"])
@admins
@reviewed_pair
def merge_into(pair, family_id):
    kept = next((family for family in pair.families if family.id == family_id), None)
    if kept is None:
        abort(404)
    merged = pair.other_than(kept)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        with attempt(form) as outcome:
            merge.merge_families(pair, kept, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("%(merged)s was merged into %(kept)s.", merged=merged.name, kept=kept.name), "success")
            return redirect(url_for(".index"), code=303)
    return render_template("duplicates/confirm_merge.html", row=queries.rows_of([pair])[0], kept=kept, merged=merged,
                           form=form)
