"""Applications as a table (headers, rows) for festival/core/spreadsheets.export_response.

Headers and labels are translated in the current request's language, so an organizer
who reads Arabic gets an Arabic sheet.

The caller loads the relationships (see export_loaders()) so the table costs no query
per row.
"""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from festival.applications.answers import NO, YES, question_options
from festival.applications.models import Application, Question, QuestionKind
from festival.core.i18n import is_arabic
from festival.core.labels import label
from festival.core.phones import display_phone
from festival.core.timezones import to_damascus
from festival.markets.models import Market, Occurrence
from festival.vendors.models import Family


def export_loaders() -> tuple:
    """Loader options for the query that feeds `applications_table` (a few queries in all)."""
    family = selectinload(Application.family)
    return (
        family.selectinload(Family.user),
        family.selectinload(Family.province),
        family.selectinload(Family.area),
        # `Market.questions` is a backref: it exists once the mappers are configured.
        selectinload(Application.occurrence).selectinload(Occurrence.market).selectinload(Market.questions),
        selectinload(Application.crafts),
        selectinload(Application.answers),
    )


def _join(names) -> str:
    return ("، " if is_arabic() else ", ").join(name for name in names if name)


def _needs(application: Application) -> str:
    return _join([
        _("Electricity") if application.needs_electricity else "",
        _("Covered stall") if application.needs_covered else "",
        _("Step-free stall") if application.needs_accessible else "",
    ])


def _questions(applications) -> list[Question]:
    """Every question of the markets in the export, market by market, in form order."""
    seen, questions = set(), []
    for application in applications:
        for question in application.occurrence.market.questions:
            if question.id not in seen:
                seen.add(question.id)
                questions.append(question)
    return questions


def _answer(question: Question, value: str | None):
    if value is None or value == "":
        return ""
    if question.kind == QuestionKind.YES_NO:
        return {YES: _("Yes"), NO: _("No")}.get(value, value)
    if question.kind == QuestionKind.CHOICE:
        return dict(question_options(question)).get(value, value)
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


def applications_table(applications, *, with_phone: bool = True) -> tuple[list[str], list[list]]:
    """(headers, rows); rows hold str, date, naive Damascus datetime, Decimal or ""."""
    applications = list(applications)
    questions = _questions(applications)
    headers = [_("Family"), _("Head of the family")]
    if with_phone:
        headers.append(_("Mobile number"))
    headers += [_("Province"), _("Area"), _("Date"), _("Status"), _("Craft categories"), _("Needs"), _("Note"),
                _("Submitted at"), _("Decision reason")]
    headers += [question.label for question in questions]
    rows = []
    for application in applications:
        family = application.family
        answers = {answer.question_id: answer.value for answer in application.answers}
        row = [family.name, family.head_name or ""]
        if with_phone:
            row.append(display_phone(family.user.phone))
        row += [
            family.province.name,
            family.area.name if family.area else "",
            application.occurrence.day,
            label("application", application.status),
            _join(craft.name for craft in application.crafts),
            _needs(application),
            application.note or "",
            to_damascus(application.submitted_at).replace(tzinfo=None),
            application.decision_reason or "",
        ]
        row += [_answer(question, answers.get(question.id)) for question in questions]
        rows.append(row)
    return headers, rows
