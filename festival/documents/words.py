"""The words for readiness: one sentence per required document that is not valid for a date.

festival/documents/readiness.py decides; this module is the only place that says it, at
request time, so the review queue, the assigner's preview, a refused application and a
refused badge all read the same ("health certificate expires before 12 كانون الأول 2026").
"""
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from festival.core.i18n import is_arabic
from festival.core.labels import register_labels
from festival.documents.readiness import DateReadiness, DocumentState, Requirement

register_labels("document_state", {
    DocumentState.VALID: _l("Valid"),
    DocumentState.EXPIRES: _l("Expired or expiring"),
    DocumentState.PENDING: _l("Not checked yet"),
    DocumentState.REJECTED: _l("Rejected"),
    DocumentState.MISSING: _l("Missing"),
})


def _long(day: date) -> str:
    return format_date(day, format="long")


def problem_text(requirement: Requirement, today: date | None = None) -> str:
    name = requirement.document_type.name
    state, document = requirement.state, requirement.document
    if state == DocumentState.MISSING:
        return _("%(document)s missing", document=name)
    if state == DocumentState.PENDING:
        return _("%(document)s not checked yet", document=name)
    if state == DocumentState.REJECTED:
        return _("%(document)s rejected", document=name)
    if state == DocumentState.EXPIRES and document is not None and document.expires_on is not None:
        if today is not None and document.expires_on < today:
            return _("%(document)s expired on %(day)s", document=name, day=_long(document.expires_on))
        return _("%(document)s expires on %(day)s", document=name, day=_long(document.expires_on))
    return name


def flag_texts(result: DateReadiness | None, today: date | None = None) -> list[str]:
    """A short flag per problem of a date: "health certificate expires before 12 كانون الأول 2026"."""
    if result is None:
        return []
    texts = []
    for requirement in result.problems:
        if requirement.state == DocumentState.EXPIRES and not (
                today is not None and requirement.document.expires_on < today):
            texts.append(_("%(document)s expires before %(day)s", document=requirement.document_type.name,
                           day=_long(result.last_day)))
        else:
            texts.append(problem_text(requirement, today))
    return texts


def joined(texts) -> str:
    return ("، " if is_arabic() else ", ").join(texts)


def application_flags(applications, today: date) -> dict[int, list[str]]:
    """{application id: its flags} for a page of applications (festival/documents/readiness.py
    `of_applications`: a fixed number of queries). Dates already over are not flagged."""
    from festival.documents.readiness import of_applications

    coming = [application for application in applications if application.occurrence.last_day >= today]
    return {application_id: flag_texts(result, today)
            for application_id, result in of_applications(coming).items() if not result.ready}
