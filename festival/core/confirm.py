"""The confirmation step before an action that cannot be undone (withdraw, remove, detach).

The page that offers the action links to it (GET): this asks the question, with a form
that posts to the same address, and only that post acts. One tap never destroys
anything, and no JavaScript is needed.

    @bp.route("/photos/<name>/delete", methods=["GET", "POST"])
    def remove_photo(name):
        photo = ...
        if request.method == "GET":
            return confirmation_page(question=_("Remove this photo?"), confirm_label=_("Yes, remove it"),
                                     back_url=url_for(".profile"))
        ...act, flash, redirect
"""
from flask import render_template, request

from festival.core.forms import ConfirmForm


def confirmation_page(*, question, confirm_label, back_url, subject=None, consequence=None,
                      image_url=None, image_alt="", back_label=None):
    return render_template(
        "confirm/confirm.html", form=ConfirmForm(formdata=None), action=request.path, question=question,
        subject=subject, consequence=consequence, confirm_label=confirm_label, back_url=back_url,
        image_url=image_url, image_alt=image_alt, back_label=back_label,
    )
